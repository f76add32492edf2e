/** The HTML report: one self-contained page with each order's status, chart, tables and docket. */
export {
  renderHtmlReport,
  REPORT_DATA_ID,
  type ReportInput,
  type ReportOrder,
} from './html-report.js';
export {
  chartData,
  chartLanes,
  ORDER_LANE_ID,
  type ChartData,
  type ChartLane,
  type ChartOrder,
  type ChartSegment,
} from './chart-data.js';
export { escapeHtml, jsonForScript, extractJsonScript } from './escape.js';
export { indexEntryOf, renderIndexPage, type IndexEntry, type IndexInput } from './index-page.js';
export {
  boundedOccurrences,
  continuationName,
  continuationPages,
  isContinued,
  type ReportPage,
  type ReportPaging,
} from './paging.js';

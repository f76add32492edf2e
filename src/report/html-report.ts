import { createHash } from 'node:crypto';
import { chartData } from './chart-data.js';
import { CHART_SCRIPT } from './chart-script.js';
import { escapeHtml as h, jsonForScript } from './escape.js';
import { htmlDocument } from './document.js';
import { boundedDocketTable, boundedOccurrenceTable, type ReportPaging } from './paging.js';
import { ledgerTable, legend, orderHead } from './sections.js';
import type { ReportInput, ReportOrder } from './report.types.js';

export type { ReportInput, ReportOrder } from './report.types.js';

/** The id of the `<script type="application/json">` element that carries the chart data. */
export const REPORT_DATA_ID = 'decree-data';

/** The CSP hash source of the chart script, so the page runs that script and no other. */
const scriptHash = `'sha256-${createHash('sha256').update(CHART_SCRIPT, 'utf8').digest('base64')}'`;

/**
 * Nothing may be fetched: no network, no file, no font. Inline style is allowed; of scripts, only
 * the chart's (by hash). A markup injection that slipped past escaping still could not run or load.
 */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src ${scriptHash}; img-src data:; base-uri 'none'; form-action 'none'`;

const orderSection = (o: ReportOrder, i: number, paging?: ReportPaging): string => {
  const headingId = `order-${i}-title`;
  return (
    `<section class="order" id="order-${i}" aria-labelledby="${headingId}">` +
    orderHead(o.answer, headingId) +
    `<h3>Status over time, ${h(o.timeline.from)} to ${h(o.timeline.to)}</h3>` +
    legend() +
    `<div class="chart-scroll"><div class="chart" data-chart="${i}"><p class="no-chart">The chart needs JavaScript; the tables below hold the same answers.</p></div></div>` +
    `<h3>Occurrences on ${h(o.answer.asOf)}</h3>${boundedOccurrenceTable(o, paging)}` +
    `<h3>Ledger on ${h(o.answer.asOf)}</h3>${ledgerTable(o.ledger)}` +
    `<h3>Docket</h3>${boundedDocketTable(o, paging)}` +
    '</section>'
  );
};

const pageHead = (input: ReportInput): string => {
  const meta: [string, string][] = [
    ['As of', input.asOf],
    ...(input.knownAt !== undefined ? [['As known at', input.knownAt] as [string, string]] : []),
    ['Generated', input.generatedAt],
    ['Orders', String(input.orders.length)],
  ];
  const toc =
    input.orders.length < 2
      ? ''
      : `<nav class="toc" aria-label="Orders">${input.orders.map((o, i) => `<a href="#order-${i}">${h(o.answer.title ?? o.answer.orderId)}</a>`).join('')}</nav>`;
  return (
    `<header class="page-head"><h1>${h(input.title)}</h1><dl class="meta">` +
    meta.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('') +
    `</dl>${toc}</header>`
  );
};

/**
 * Renders one self-contained HTML page (inline CSS and script, nothing fetched, works offline):
 * per order, its status on `asOf` with reasons, a chart of status over time drawn from embedded
 * JSON, the occurrence table, the ledger and the docket. All user text is escaped. With `paging`,
 * an occurrence table or docket longer than `paging.maxRows` shows a bounded selection and links
 * to its continuation pages (`continuationPages`), so the page stays small whatever the order.
 */
export const renderHtmlReport = (input: ReportInput, paging?: ReportPaging): string =>
  htmlDocument(
    input.title,
    CSP,
    `${pageHead(input)}
<main>
${input.orders.length === 0 ? '<p class="empty">No orders.</p>' : input.orders.map((o, i) => orderSection(o, i, paging)).join('\n')}
</main>
<footer>Statuses as of ${h(input.asOf)}${input.knownAt !== undefined ? `, as known at ${h(input.knownAt)}` : ''}. Hover a bar for its status, dates and deadline. Produced by Decree.</footer>
<script type="application/json" id="${REPORT_DATA_ID}">${jsonForScript(chartData(input))}</script>
<script>${CHART_SCRIPT}</script>`,
  );

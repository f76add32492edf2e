import type {
  DocketEntry,
  LedgerLine,
  OrderAnswer,
  OrderTimeline,
} from '../../projections/index.js';

/** Everything the report shows about one order: its answer on `asOf`, status over time, ledger and docket. */
export interface ReportOrder {
  readonly answer: OrderAnswer;
  readonly timeline: OrderTimeline;
  readonly docket: readonly DocketEntry[];
  readonly ledger: readonly LedgerLine[];
}

/** The input of the HTML report: a title, the dates it answers for, and one entry per order. */
export interface ReportInput {
  readonly title: string;
  /** The date the statuses are for (`YYYY-MM-DD`). */
  readonly asOf: string;
  /** The recorded-time cut-off the answers were computed "as known at", when not "now". */
  readonly knownAt?: string;
  /** When the report was produced (shown, never read from a clock here). */
  readonly generatedAt: string;
  readonly orders: readonly ReportOrder[];
}

import type { Money } from '../../../domain/index.js';
import type { Exposure, LedgerLine } from '../../../projections/index.js';
import { orderHeading } from './status.js';
import { formatMoney, renderTable } from './text.js';

/**
 * `exposure --format json` data: `{ "orders": [{ orderId, exposures: Exposure[], totals: Money[] }] }`;
 * an exposure is `{ occurrenceId, status: "overdue"|"breached", days, since, basis: "stipulated"|"statutory_maximum",
 * maximum: { amountMinor, currency }, label: "maximum", sources }`; `totals` sums `maximum` per currency.
 * Amounts are integer minor units. Every figure is a maximum, not a prediction.
 */
export interface ExposureData {
  readonly orders: readonly { readonly orderId: string; readonly exposures: readonly Exposure[]; readonly totals: readonly Money[] }[];
}

/**
 * `ledger --format json` data: `{ "orders": [{ orderId, lines: LedgerLine[] }] }`, a line per currency:
 * `{ currency, imposedMinor, paidMinor, outstandingMinor, because }` (integer minor units).
 */
export interface LedgerData {
  readonly orders: readonly { readonly orderId: string; readonly lines: readonly LedgerLine[] }[];
}

/** Sums money per currency, in first-seen order. */
export const totalsByCurrency = (amounts: readonly Money[]): Money[] => {
  const sums = new Map<string, number>();
  for (const m of amounts) sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.amountMinor);
  return [...sums].map(([currency, amountMinor]) => ({ currency, amountMinor }) as Money);
};

const BASIS: Record<Exposure['basis'], string> = { stipulated: 'stipulated', statutory_maximum: 'statutory max' };

const exposureBlock = (o: ExposureData['orders'][number], asOf: string): string[] => [
  ...orderHeading(o.orderId, undefined, `penalty exposure as of ${asOf} (maximum, not a prediction)`),
  ...(o.exposures.length === 0
    ? ['  nothing overdue or breached']
    : ['', ...renderTable(
      [{ header: 'OCCURRENCE', flex: true }, { header: 'STATUS' }, { header: 'SINCE' }, { header: 'DAYS', align: 'right' }, { header: 'MAXIMUM', align: 'right' }],
      o.exposures.map((e) => [e.occurrenceId, e.status, e.since, String(e.days), formatMoney(e.maximum)]),
    ), ...o.totals.map((t) => `  total maximum: ${formatMoney(t)}`), ...basisNotes(o.exposures)]),
];

const basisNotes = (exposures: readonly Exposure[]): string[] =>
  [...new Set(exposures.map((e) => `  basis: ${BASIS[e.basis]} (${e.sources.join('; ')})`))];

/** The `exposure` table, one block per order. */
export const formatExposure = (data: ExposureData, asOf: string): string[] =>
  data.orders.flatMap((o, i) => (i === 0 ? exposureBlock(o, asOf) : ['', ...exposureBlock(o, asOf)]));

const ledgerBlock = (o: LedgerData['orders'][number], asOf: string): string[] => [
  ...orderHeading(o.orderId, undefined, `penalty ledger as of ${asOf}`),
  ...(o.lines.length === 0
    ? ['  no payment obligations']
    : ['', ...renderTable(
      [{ header: 'CURRENCY' }, { header: 'IMPOSED', align: 'right' }, { header: 'PAID', align: 'right' }, { header: 'OUTSTANDING', align: 'right' }],
      o.lines.map((l) => [l.currency, formatMoney({ amountMinor: l.imposedMinor, currency: l.currency }), formatMoney({ amountMinor: l.paidMinor, currency: l.currency }), formatMoney({ amountMinor: l.outstandingMinor, currency: l.currency })]),
    )]),
];

/** The `ledger` table, one block per order. */
export const formatLedger = (data: LedgerData, asOf: string): string[] =>
  data.orders.flatMap((o, i) => (i === 0 ? ledgerBlock(o, asOf) : ['', ...ledgerBlock(o, asOf)]));

import type { Money } from '../../../domain/index.js';
import {
  ledgerNotes,
  type Exposure,
  type ExposureBasis,
  type ExposureTotal,
  type LedgerLine,
} from '../../../projections/index.js';
import { orderHeading } from './status.js';
import {
  allInTurn,
  blocksInTurn,
  formatMoney,
  renderTable,
  wrap,
  type TableInTurn,
} from './text.js';

/**
 * `exposure --format json` data: `{ "orders": [{ orderId, exposures: Exposure[], totals: ExposureTotal[] }] }`.
 * An exposure row is one occurrence (or one violation of it) on one basis (`stipulated`, `statutory`,
 * `contempt`, `agency`, `unpaid`), with its days accrued, `amount` in integer minor units (absent when not
 * quantified), its `label`, `citation`, statutory `rate` row and `notes`; `totals` are per basis and
 * currency, never summed across them.
 */
export interface ExposureData {
  readonly orders: readonly {
    readonly orderId: string;
    readonly exposures: readonly Exposure[];
    readonly totals: readonly ExposureTotal[];
  }[];
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

const BASIS: Record<ExposureBasis, string> = {
  stipulated: 'stipulated',
  statutory: 'statutory',
  contempt: 'contempt',
  agency: 'agency',
  unpaid: 'unpaid',
};

const amountCell = (e: Exposure): string => (e.amount ? formatMoney(e.amount) : 'not quantified');

const totalLine = (t: ExposureTotal): string =>
  t.amount
    ? `  subtotal ${BASIS[t.basis]}: ${formatMoney(t.amount)} (${t.rows} row${t.rows === 1 ? '' : 's'})`
    : `  ${BASIS[t.basis]}: ${t.rows} row${t.rows === 1 ? '' : 's'}, not quantified`;

/** Each basis's label and citation once, then each row's notes. */
const basisNotes = (exposures: readonly Exposure[]): string[] =>
  [
    ...new Set(
      exposures.map(
        (e) =>
          `  ${BASIS[e.basis]}: ${e.label}; ${e.citation}${e.rate ? `; rate ${formatMoney(e.rate.perDay)} a day from ${e.rate.from} (${e.rate.source})` : ''}`,
      ),
    ),
    ...exposures.flatMap((e) =>
      e.notes.map((n) => `  ${e.occurrenceId}${e.violationId ? ` (${e.violationId})` : ''}: ${n}`),
    ),
  ].flatMap((line) => wrap(line));

const exposureBlock = (o: ExposureData['orders'][number], asOf: string): string[] => [
  ...orderHeading(o.orderId, undefined, `penalty exposure accrued by ${asOf}`),
  ...(o.exposures.length === 0
    ? wrap(
        '  nothing accrued: the record shows no deadline missed, no violation found and no money unpaid (an unverified item, with no evidence on a partial record, is no default)',
      )
    : [
        '',
        ...renderTable(
          [
            { header: 'OCCURRENCE' },
            { header: 'BASIS' },
            { header: 'FROM' },
            { header: 'THROUGH' },
            { header: 'DAYS', align: 'right' },
            { header: 'AMOUNT', align: 'right' },
          ],
          o.exposures.map((e) => [
            e.occurrenceId,
            BASIS[e.basis],
            e.since ?? '',
            e.through ?? '',
            e.basis === 'statutory' && e.daysCounted !== e.days
              ? `${e.daysCounted}/${e.days}`
              : String(e.days),
            amountCell(e),
          ]),
        ),
        ...o.totals.map(totalLine),
        ...basisNotes(o.exposures),
      ]),
];

/** The `exposure` table an order at a time, one block per order. */
export const exposureTable = (asOf: string): TableInTurn<ExposureData['orders'][number]> =>
  blocksInTurn((o) => exposureBlock(o, asOf));

/** The `exposure` table, one block per order. */
export const formatExposure = (data: ExposureData, asOf: string): string[] =>
  allInTurn(exposureTable(asOf), data.orders);

const ledgerBlock = (o: LedgerData['orders'][number], asOf: string): string[] => [
  ...orderHeading(o.orderId, undefined, `penalty ledger as of ${asOf}`),
  ...(o.lines.length === 0
    ? ['  no payment obligations']
    : [
        '',
        ...renderTable(
          [
            { header: 'CURRENCY' },
            { header: 'IMPOSED', align: 'right' },
            { header: 'PAID', align: 'right' },
            { header: 'OUTSTANDING', align: 'right' },
          ],
          o.lines.map((l) => [
            l.currency,
            formatMoney({ amountMinor: l.imposedMinor, currency: l.currency }),
            formatMoney({ amountMinor: l.paidMinor, currency: l.currency }),
            formatMoney({ amountMinor: l.outstandingMinor, currency: l.currency }),
          ]),
        ),
        ...ledgerNotes(o.lines).map((n) => `  ${n}`),
      ]),
];

/** The `ledger` table, one block per order. */
export const formatLedger = (data: LedgerData, asOf: string): string[] =>
  allInTurn(ledgerTable(asOf), data.orders);

/** The `ledger` table an order at a time, one block per order. */
export const ledgerTable = (asOf: string): TableInTurn<LedgerData['orders'][number]> =>
  blocksInTurn((o) => ledgerBlock(o, asOf));

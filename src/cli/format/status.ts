import type { OccurrenceAnswer, OrderAnswer } from '../../../projections/index.js';
import { allInTurn, blocksInTurn, renderTable, type Column, type TableInTurn } from './text.js';

/**
 * `status --format json` data: `{ "orders": OrderAnswer[] }`, one per order, each
 * `{ orderId, title?, asOf, status, reasons: string[], backfilled?, outstanding?, endedOn?, pendingEntry?,
 * occurrences: [{ id, obligationId, key, title, kind, nominalDueOn, dueOn, status, satisfiedOn?, daysLate?, lateThrough?,
 * foundOn?, reasons, because, allegations, assumed, sources, successor? }] }` (docs/compliance.md states each status).
 */
export interface StatusData {
  readonly orders: readonly OrderAnswer[];
}

const ENDED = new Set(['terminated', 'expired', 'vacated', 'superseded']);

/**
 * Whether an order is in default: `non_compliant`, or ended with an item still `overdue` or
 * `breached` (never hidden behind the end). `unverified` (no evidence recorded, not a finding),
 * `at_risk`, `pending_entry` and `compliant` are not. The `status` command exits 1 when any is.
 */
export const inDefault = (o: OrderAnswer): boolean =>
  o.status === 'non_compliant' ||
  (ENDED.has(o.status) &&
    o.occurrences.some((x) => x.status === 'overdue' || x.status === 'breached'));

const OCCURRENCE_COLUMNS: readonly Column[] = [
  { header: 'OCCURRENCE' },
  { header: 'STATUS' },
  { header: 'DUE' },
  { header: 'LATE', align: 'right' },
  { header: 'NOTE' },
];

/** `12d` for a positive number of days late, empty otherwise. */
export const lateCell = (daysLate: number | undefined): string =>
  daysLate !== undefined && daysLate > 0 ? `${daysLate}d` : '';

/** What the status alone does not say: allegations pending, assumed inputs, who owns it. */
const noteCell = (o: OccurrenceAnswer): string =>
  [
    o.allegations.length > 0 ? `${o.allegations.length} alleged` : '',
    o.assumed.length > 0 ? 'assumed' : '',
    o.owner !== undefined ? `owner ${o.owner.owner.name}` : '',
  ]
    .filter(Boolean)
    .join(', ');

const occurrenceRow = (o: OccurrenceAnswer): string[] => [
  o.id,
  o.status,
  o.dueOn,
  lateCell(o.daysLate),
  noteCell(o),
];

/** The heading's status: how an ended order ended and what it leaves outstanding. */
const headingStatus = (a: OrderAnswer): string =>
  `${a.status.toUpperCase()} as of ${a.asOf}${a.endedOn !== undefined ? ` (ended ${a.endedOn}; ${a.outstanding ?? 0} item${a.outstanding === 1 ? '' : 's'} outstanding)` : ''}`;

/** The heading of one order's block: `order <id>: <STATUS> as of <date>`, then its title. */
export const orderHeading = (
  orderId: string,
  title: string | undefined,
  what: string,
): string[] => [`order ${orderId}: ${what}`, ...(title ? [`  ${title}`] : [])];

/** Said under an answer as known at an instant that rests on backfilled facts. */
export const backfilledNote = (a: OrderAnswer, knownAt: string | undefined): string[] =>
  knownAt !== undefined && a.backfilled !== undefined
    ? [
        '',
        `  known at ${knownAt}: rests on ${a.backfilled} backfilled fact${a.backfilled === 1 ? '' : 's'}, whose recorded times were stated when the history was moved in (import --backfill), not observed by Decree`,
      ]
    : [];

/** One order's status as table lines (`knownAt`: the instant the question was asked as of, if any). */
export const formatOrderStatus = (a: OrderAnswer, knownAt?: string): string[] => [
  ...orderHeading(a.orderId, a.title, headingStatus(a)),
  ...a.reasons.map((r) => `  - ${r}`),
  ...(a.pendingEntry ?? []).map((p) => `  * ${p.obligationId}: ${p.rule}`),
  ...(a.occurrences.length === 0
    ? ['  (no occurrences)']
    : ['', ...renderTable(OCCURRENCE_COLUMNS, a.occurrences.map(occurrenceRow))]),
  ...(a.occurrences.some((o) => o.status === 'unverified')
    ? ['', '  unverified: no evidence recorded in a partial record; not a finding of default']
    : []),
  ...backfilledNote(a, knownAt),
];

/** The `status` table an order at a time (`formatOrderStatus` blocks), then a one-line summary when there are several. */
export const statusTable = (knownAt?: string): TableInTurn<OrderAnswer> => {
  const blocks = blocksInTurn(
    (o: OrderAnswer) => formatOrderStatus(o, knownAt),
    ['no orders known'],
  );
  const counts = new Map<string, number>();
  let n = 0;
  return {
    next: (o) => {
      counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
      n += 1;
      return blocks.next(o);
    },
    end: () =>
      n > 1
        ? ['', `${n} orders: ${[...counts].map(([s, k]) => `${k} ${s}`).join(', ')}`]
        : blocks.end(),
  };
};

/** The `status` table: one block per order, and a one-line summary when there are several. */
export const formatStatus = (data: StatusData, knownAt?: string): string[] =>
  allInTurn(statusTable(knownAt), data.orders);

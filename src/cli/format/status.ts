import type { OccurrenceAnswer, OrderAnswer } from '../../../projections/index.js';
import { renderTable, type Column } from './text.js';

/**
 * `status --format json` data: `{ "orders": OrderAnswer[] }`, one per order, each
 * `{ orderId, title?, asOf, status: "compliant"|"at_risk"|"non_compliant"|"terminated", reasons: string[],
 * occurrences: [{ id, obligationId, key, title, kind, nominalDueOn, dueOn, status, satisfiedOn?, daysLate?, reasons, because }] }`.
 */
export interface StatusData {
  readonly orders: readonly OrderAnswer[];
}

/** Whether any order is `non_compliant` (the `status` command then exits 1). */
export const anyNonCompliant = (orders: readonly OrderAnswer[]): boolean => orders.some((o) => o.status === 'non_compliant');

const OCCURRENCE_COLUMNS: readonly Column[] = [
  { header: 'OCCURRENCE', flex: true },
  { header: 'STATUS' },
  { header: 'DUE' },
  { header: 'LATE', align: 'right' },
];

/** `12d` for a positive number of days late, empty otherwise. */
export const lateCell = (daysLate: number | undefined): string => (daysLate !== undefined && daysLate > 0 ? `${daysLate}d` : '');

const occurrenceRow = (o: OccurrenceAnswer): string[] => [o.id, o.status, o.dueOn, lateCell(o.daysLate)];

/** The heading of one order's block: `order <id>: <STATUS> as of <date>`, then its title. */
export const orderHeading = (orderId: string, title: string | undefined, what: string): string[] =>
  [`order ${orderId}: ${what}`, ...(title ? [`  ${title}`] : [])];

/** One order's status as table lines. */
export const formatOrderStatus = (a: OrderAnswer): string[] => [
  ...orderHeading(a.orderId, a.title, `${a.status.toUpperCase()} as of ${a.asOf}`),
  ...a.reasons.map((r) => `  - ${r}`),
  ...(a.occurrences.length === 0 ? ['  (no occurrences)'] : ['', ...renderTable(OCCURRENCE_COLUMNS, a.occurrences.map(occurrenceRow))]),
];

const summary = (orders: readonly OrderAnswer[]): string => {
  const counts = new Map<string, number>();
  for (const o of orders) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  return `${orders.length} orders: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`;
};

/** The `status` table: one block per order, and a one-line summary when there are several. */
export const formatStatus = (data: StatusData): string[] => {
  if (data.orders.length === 0) return ['no orders known'];
  const blocks = data.orders.map(formatOrderStatus);
  const lines = blocks.flatMap((b, i) => (i === 0 ? b : ['', ...b]));
  return data.orders.length > 1 ? [...lines, '', summary(data.orders)] : lines;
};

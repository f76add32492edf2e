import type { OrderTimeline } from '../../../projections/index.js';
import { orderHeading } from './status.js';
import { allInTurn, blocksInTurn, renderTable, type TableInTurn } from './text.js';

/**
 * `timeline --format json` data: `{ "orders": OrderTimeline[] }`, each
 * `{ orderId, from, to, order: [{ from, value: <order status> }],
 * occurrences: { "<obligationId>/<key>": { obligationId, key, title, segments: [{ from, value: { status, dueOn?, satisfiedOn? } }] } } }`.
 * A segment's value holds from its `from` until the day before the next segment (or `to`).
 */
export interface TimelineData {
  readonly orders: readonly OrderTimeline[];
}

const orderRows = (t: OrderTimeline): string[][] => t.order.map((s) => [s.from, s.value]);

const occurrenceRows = (t: OrderTimeline): string[][] =>
  Object.entries(t.occurrences).flatMap(([id, o]) =>
    o.segments.map((s, i) => [i === 0 ? id : '', s.from, s.value.status, s.value.dueOn ?? '']),
  );

/** One order's change points: the order's status over time, then each occurrence's. */
export const formatOrderTimeline = (t: OrderTimeline): string[] => [
  ...orderHeading(t.orderId, undefined, `status changes from ${t.from} to ${t.to}`),
  '',
  ...renderTable([{ header: 'FROM' }, { header: 'ORDER STATUS' }], orderRows(t)),
  '',
  ...renderTable(
    [{ header: 'OCCURRENCE' }, { header: 'FROM' }, { header: 'STATUS' }, { header: 'DUE' }],
    occurrenceRows(t),
  ),
];

/** The `timeline` table an order at a time, one block per order. */
export const timelineTable = (): TableInTurn<OrderTimeline> =>
  blocksInTurn(formatOrderTimeline, ['no orders known']);

/** The `timeline` table, one block per order. */
export const formatTimeline = (data: TimelineData): string[] =>
  allInTurn(timelineTable(), data.orders);

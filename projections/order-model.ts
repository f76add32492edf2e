import { evolveOrder, initialOrderState, type OrderState } from '../domain/index.js';
import type { RecordedOrderEvent } from './compliance/known-at.js';

/**
 * The read model of one order: its state as of everything recorded, and its log with recorded
 * times (for docket and "as known at" answers). Status queries read this, never the event log.
 */
export interface OrderModel {
  readonly orderId: string;
  /** Stream revision of the last event applied (-1 before any). */
  readonly revision: number;
  readonly lastRecordedAt: string;
  readonly state: OrderState;
  readonly log: readonly RecordedOrderEvent[];
}

/** A pure fold from the global log into per-key read models, with a version that forces a rebuild when bumped. */
export interface Projection<M, E> {
  readonly name: string;
  readonly version: number;
  /** The read model an event updates, or undefined when this projection ignores it. */
  readonly keyOf: (event: E) => string | undefined;
  readonly initial: (key: string) => M;
  readonly evolve: (model: M, event: E) => M;
  /** Folds several events at once; equal to folding them one by one with `evolve`. */
  readonly evolveAll: (model: M, events: readonly E[]) => M;
}

/** A decoded order event as the runner hands it to projections. */
export interface OrderLogEntry extends RecordedOrderEvent {
  readonly orderId: string;
  readonly streamRevision: number;
}

/** The order read model projection: one model per order. */
export const orderProjection: Projection<OrderModel, OrderLogEntry> = {
  name: 'order',
  // 2: retracted events kept by id; 3: obligations keep amendments as changes; 4: order terms too; 5: orphan cures kept;
  // 6: models stored with their revision (runner folds stream by stream)
  version: 6,
  keyOf: (e) => e.orderId,
  initial: (orderId) => ({ orderId, revision: -1, lastRecordedAt: '', state: initialOrderState(), log: [] }),
  evolve: (m, e) => evolveEntries(m, [e]),
  evolveAll: (m, es) => evolveEntries(m, es),
};

/** Folds log entries into a model, skipping those at or below its revision (never applies an event twice); the log is copied once. */
const evolveEntries = (m: OrderModel, entries: readonly OrderLogEntry[]): OrderModel => {
  let { revision, lastRecordedAt, state } = m;
  const added: RecordedOrderEvent[] = [];
  for (const e of entries) {
    if (e.streamRevision <= revision) continue;
    state = evolveOrder(state, e.event);
    revision = e.streamRevision;
    lastRecordedAt = e.recordedAt;
    added.push({ event: e.event, recordedAt: e.recordedAt });
  }
  return added.length === 0 ? m : { orderId: m.orderId, revision, lastRecordedAt, state, log: [...m.log, ...added] };
};

/** The stored form of an order model: its state without the live events, which the log already holds. */
export const serializeOrderModel = (m: OrderModel): string => JSON.stringify({ ...m, state: { ...m.state, live: undefined } });

/** Reads a stored order model back, restoring the live events from the log. */
export const deserializeOrderModel = (json: string): OrderModel => {
  const raw = JSON.parse(json) as OrderModel;
  const live = raw.log.map((r) => r.event).filter((e) => raw.state.retracted[e.id] === undefined);
  return { ...raw, state: { ...initialOrderState(), ...raw.state, live } };
};

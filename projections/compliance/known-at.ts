import {
  foldOrder,
  type CalendarDate,
  initialOrderState,
  type Instant,
  type OrderEvent,
  type OrderState,
} from '../../domain/index.js';

/** An order event as the store recorded it: the event and when the engine learned of it. */
export interface RecordedOrderEvent {
  readonly event: OrderEvent;
  readonly recordedAt: string;
}

/**
 * The order's state as known at `knownAt`: the fold of the events recorded at or before it (all of
 * them when undefined). A retraction recorded after `knownAt` is not yet known, so the fact it
 * retracts still counts; one recorded before it removes that fact's effect.
 */
export const stateKnownAt = (
  log: Iterable<RecordedOrderEvent>,
  knownAt?: Instant | string,
): OrderState => foldOrder(initialOrderState(), knownEvents(log, knownAt));

function* knownEvents(
  log: Iterable<RecordedOrderEvent>,
  knownAt: Instant | string | undefined,
): Generator<OrderEvent> {
  for (const r of log) if (knownAt === undefined || r.recordedAt <= knownAt) yield r.event;
}

/**
 * The order's state as known at `knownAt`, enough for the answers on `asOf` alone (status, ledger,
 * exposure): by locality (docs/laws.md) only the events effective by `asOf` count, with the filing
 * (it names the order) and every retraction (a correction in transaction time), so only those are
 * folded. When a known event was backfilled, all of them are: an answer counts every known
 * backfilled fact, whatever its date.
 */
export const stateKnownOn = (
  log: readonly RecordedOrderEvent[],
  knownAt: Instant | string | undefined,
  asOf: CalendarDate,
): OrderState => {
  const known = [...knownEvents(log, knownAt)];
  if (known.some((e) => e.metadata.backfilled === true))
    return foldOrder(initialOrderState(), known);
  return foldOrder(
    initialOrderState(),
    known.filter((e) => !outsideAnswersOn(e, asOf)),
  );
};

/**
 * Whether an event leaves every answer on `asOf` alone as it is (locality, docs/laws.md): effective
 * after that date, and neither the filing (it names the order) nor a retraction (a correction in
 * transaction time, whatever its date). Its backfilled mark still counts (see `stateKnownOn`).
 */
export const outsideAnswersOn = (
  e: { readonly type: string; readonly metadata: { readonly effectiveOn: string } },
  asOf: CalendarDate,
): boolean =>
  e.metadata.effectiveOn > asOf && e.type !== 'EntryRetracted' && e.type !== 'OrderFiled';

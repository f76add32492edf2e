import {
  findingEventFrom,
  foldOrder,
  type CalendarDate,
  initialOrderState,
  type Instant,
  type OrderEvent,
  type OrderEventOf,
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
 * exposure): the fold of the known events up to the last one those answers read, leaving out the
 * run of events recorded after it, each of which leaves them alone (`leavesAnswersAlone`:
 * effective later, neither the filing, a retraction nor a finding whose conduct began by then, nor
 * backfilled). Only a run at the end is left out: an event folds in the state the events recorded
 * before it made, so one dropped from the middle could change how a later one reads.
 */
export const stateKnownOn = (
  log: readonly RecordedOrderEvent[],
  knownAt: Instant | string | undefined,
  asOf: CalendarDate,
): OrderState => {
  const known = [...knownEvents(log, knownAt)];
  let end = known.length;
  while (end > 0 && leavesAnswersAlone(known[end - 1]!, asOf)) end -= 1;
  return foldOrder(initialOrderState(), end === known.length ? known : known.slice(0, end));
};

/**
 * Whether an event recorded after all the others leaves the answers on `asOf` as they are without
 * it: `outsideAnswersOn`, and not backfilled (an answer counts every known backfilled fact).
 */
export const leavesAnswersAlone = (
  e: {
    readonly type: string;
    readonly metadata: { readonly effectiveOn: string; readonly backfilled?: unknown };
    readonly data?: unknown;
  },
  asOf: CalendarDate,
): boolean => e.metadata.backfilled !== true && outsideAnswersOn(e, asOf);

/**
 * Whether an event leaves every answer on `asOf` alone as it is (locality, docs/laws.md): effective
 * after that date, and neither the filing (it names the order), nor a retraction (a correction in
 * transaction time, whatever its date), nor a finding whose conduct began by then (breached from
 * the violation's start: `findingFrom`; a finding given without its `data` is taken to).
 * Its backfilled mark still counts (`leavesAnswersAlone`).
 */
export const outsideAnswersOn = (
  e: {
    readonly type: string;
    readonly metadata: { readonly effectiveOn: string };
    readonly data?: unknown;
  },
  asOf: CalendarDate,
): boolean =>
  e.metadata.effectiveOn > asOf &&
  e.type !== 'EntryRetracted' &&
  e.type !== 'OrderFiled' &&
  (e.type !== 'ViolationFound' ||
    (e.data !== undefined && findingEventFrom(e as OrderEventOf<'ViolationFound'>) > asOf));

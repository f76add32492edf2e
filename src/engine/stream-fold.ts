import { isOrderEventType } from '../../domain/index.js';
import {
  foldEntries,
  orderProjection,
  resumeFold,
  type OrderFold,
  type OrderLogEntry,
  type OrderModel,
} from '../../projections/index.js';
import type { EventStore } from '../store/index.js';
import { isRecordableInstant } from '../store/append-rules.js';
import {
  leanReadsOf,
  type EventHead,
  type LeanStreamRead,
  type UnhashedEvent,
} from '../store/lean-reads.js';
import { toLogEntry } from './decode.js';

/** A stored event as the order projection folds it, or undefined for a type it does not know (skipped, as every projection skips those). */
const entryOf = (r: UnhashedEvent): OrderLogEntry | undefined =>
  isOrderEventType(r.type) ? toLogEntry(r) : undefined;

/**
 * An order's log entries, those of its stream after revision `read.after`, through revision
 * `read.through`, up to global position `read.upTo` and recorded by `read.recordedBy` (compared as
 * text, as recorded times are written: an instant before the year 0 cuts every event). Read by the
 * store's lean path where it has one (SQLite: no hashes, rows as arrays), else by `readStream`,
 * cut here too for an adapter that would not honour its options.
 */
export const orderLog = async (
  store: EventStore,
  stream: string,
  read: LeanStreamRead,
): Promise<OrderLogEntry[]> => {
  const lean = leanReadsOf(store);
  if (lean === undefined) return orderLogByPort(store, stream, read);
  const entries: OrderLogEntry[] = [];
  for (const e of lean.stream(stream, read)) {
    const entry = entryOf(e);
    if (entry) entries.push(entry);
  }
  return entries;
};

/** `orderLog` through the port's `readStream`. */
const orderLogByPort = async (
  store: EventStore,
  stream: string,
  { after, through = Number.POSITIVE_INFINITY, upTo, recordedBy }: LeanStreamRead,
): Promise<OrderLogEntry[]> => {
  const entries: OrderLogEntry[] = [];
  const options = {
    fromRevision: after + 1,
    ...(through < Number.POSITIVE_INFINITY ? { limit: Math.max(0, through - after) } : {}),
    ...(recordedBy !== undefined && isRecordableInstant(recordedBy) ? { recordedBy } : {}),
  };
  for await (const r of store.readStream(stream, options)) {
    const past =
      r.streamRevision > through ||
      (upTo !== undefined && r.globalPosition > upTo) ||
      (recordedBy !== undefined && r.recordedAt > recordedBy);
    if (past) break;
    const entry = entryOf(r);
    if (entry) entries.push(entry);
  }
  return entries;
};

/**
 * Whether every event of `stream` through revision `through` recorded after `knownAt` passes
 * `test`: read newest first (the store's lean path where it has one, else `readStream` backwards),
 * stopping at the first event recorded by `knownAt` or the first that fails.
 */
export const everyRecordedAfter = async (
  store: EventStore,
  stream: string,
  through: number,
  knownAt: string,
  test: (e: EventHead) => boolean,
): Promise<boolean> => {
  const lean = leanReadsOf(store)?.newestFirst;
  if (lean !== undefined) {
    for (const e of lean(stream, through)) {
      if (e.recordedAt <= knownAt) return true;
      if (!test(e)) return false;
    }
    return true;
  }
  if (through < 0) return true;
  for await (const e of store.readStream(stream, {
    direction: 'backwards',
    fromRevision: through,
  })) {
    if (e.recordedAt <= knownAt) return true;
    if (!test(e)) return false;
  }
  return true;
};

/** An order's events to fold, those of its stream after `revision` up to global position `upTo`. */
export const entriesAfter = (
  store: EventStore,
  stream: string,
  revision: number,
  upTo: bigint,
): Promise<OrderLogEntry[]> => orderLog(store, stream, { after: revision, upTo });

/**
 * A read of a stream's new events begun before its fold (`entriesAfter` from revision `after`),
 * so that a store on a server reads the next order while this thread folds the one before.
 */
export interface ReadAhead {
  readonly after: number;
  readonly entries: Promise<OrderLogEntry[]>;
}

/**
 * One order brought up to `upTo`: undefined when nothing is new. The projection runner folds with
 * it, on its own thread or on worker threads. An order without a stored model is folded from its
 * first event. An order with one (which may be ahead already) has only the events after it read:
 * they are folded onto its facts, with no live events, which folding consults only to undo a
 * retraction and to skip an event folded already (a stream never holds one twice), so the facts
 * are those a fold from the first event gives; `seenBefore` then holds the model's `seen`, which
 * the model of the fold continues (`modelOf`). When the new events hold a retraction, the stream
 * is read from the start, the events the model holds restoring its live events. `readAhead` is
 * used when it read from the stored model's revision (else the stream is read here).
 */
export const foldStream = async (
  store: EventStore,
  orderId: string,
  stream: string,
  upTo: bigint,
  stored: OrderModel | undefined,
  readAhead?: ReadAhead,
): Promise<{ fold: OrderFold; applied: number; seenBefore?: string } | undefined> => {
  const have = stored?.revision ?? -1;
  const entries =
    readAhead?.after === have
      ? await readAhead.entries
      : await entriesAfter(store, stream, have, upTo);
  if (entries.length === 0) return undefined;
  if (stored === undefined)
    return {
      fold: foldEntries(orderProjection.initial(orderId), entries),
      applied: entries.length,
    };
  if (!entries.some((e) => e.event.type === 'EntryRetracted'))
    return {
      fold: foldEntries(resumeFold(stored, []), entries),
      applied: entries.length,
      seenBefore: stored.seen,
    };
  const known = await orderLog(store, stream, { after: -1, through: have });
  return { fold: foldEntries(resumeFold(stored, known), entries), applied: entries.length };
};

import { isOrderEventType } from '../../domain/index.js';
import {
  foldEntries,
  orderProjection,
  resumeFold,
  type OrderFold,
  type OrderLogEntry,
  type OrderModel,
} from '../../projections/index.js';
import type { EventStore, RecordedEvent } from '../store/index.js';
import { toLogEntry } from './decode.js';

/** A stored event as the order projection folds it, or undefined for a type it does not know (skipped, as every projection skips those). */
export const entryOf = (r: RecordedEvent): OrderLogEntry | undefined =>
  isOrderEventType(r.type) ? toLogEntry(r) : undefined;

/** An order's events to fold, those of its stream after `revision` up to global position `upTo`. */
export const entriesAfter = async (
  store: EventStore,
  stream: string,
  revision: number,
  upTo: bigint,
): Promise<OrderLogEntry[]> => {
  const entries: OrderLogEntry[] = [];
  for await (const r of store.readStream(stream, { fromRevision: revision + 1 })) {
    if (r.globalPosition > upTo) break;
    const entry = entryOf(r);
    if (entry) entries.push(entry);
  }
  return entries;
};

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
  const known: OrderLogEntry[] = [];
  for await (const r of store.readStream(stream, { limit: have + 1 })) {
    const entry = entryOf(r);
    if (entry) known.push(entry);
  }
  return { fold: foldEntries(resumeFold(stored, known), entries), applied: entries.length };
};

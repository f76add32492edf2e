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

/**
 * One order brought up to `upTo`: its stream read from the start, the events its stored model
 * (which may be ahead already) holds restoring its live events, the rest folded. Undefined when
 * nothing is new. The projection runner folds with it, on its own thread or on worker threads.
 */
export const foldStream = async (
  store: EventStore,
  orderId: string,
  stream: string,
  upTo: bigint,
  stored: OrderModel | undefined,
): Promise<{ fold: OrderFold; applied: number } | undefined> => {
  const known: OrderLogEntry[] = [];
  const entries: OrderLogEntry[] = [];
  const have = stored?.revision ?? -1;
  for await (const r of store.readStream(stream)) {
    if (r.globalPosition > upTo && r.streamRevision > have) break;
    const entry = entryOf(r);
    if (entry) (r.streamRevision <= have ? known : entries).push(entry);
  }
  if (entries.length === 0) return undefined;
  const from = stored ? resumeFold(stored, known) : orderProjection.initial(orderId);
  return { fold: foldEntries(from, entries), applied: entries.length };
};

import { START, excludeSystemEvents, type EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent, Subscription } from './event-store.js';
import { StoreUnavailable } from './errors.js';
import { decodePosition, fromResolved } from './eventstoredb-mapping.js';

/** Backoff bounds for resubscribing after a dropped connection. */
export interface Backoff {
  readonly minMs: number;
  readonly maxMs: number;
}

// Client error types worth resubscribing after; anything else (access denied, ...) ends the subscription.
const TRANSIENT = new Set([
  'unavailable',
  'deadline-exceeded',
  'timeout',
  'cancelled',
  'unknown',
  'not-leader',
]);
const isTransient = (e: unknown): boolean => {
  const type = (e as { type?: unknown }).type;
  return typeof type !== 'string' || TRANSIENT.has(type);
};

/**
 * `subscribeToAll` without system events, delivering each Decree event once and in order; on a
 * dropped connection it resubscribes from the last delivered position with bounded exponential backoff.
 */
export const createEsdbSubscription = (
  client: EventStoreDBClient,
  after: bigint | undefined,
  backoff: Backoff,
): Subscription => {
  let stopped = false;
  let current: { unsubscribe(): Promise<void> } | undefined;
  let cancelSleep: (() => void) | undefined;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      cancelSleep = () => {
        clearTimeout(t);
        resolve();
      };
    });
  async function* iterate(): AsyncGenerator<RecordedEvent> {
    let last = after;
    let delay = backoff.minMs;
    while (!stopped) {
      const sub = client.subscribeToAll({
        fromPosition: last === undefined ? START : decodePosition(last),
        filter: excludeSystemEvents(),
      });
      current = sub;
      try {
        for await (const resolved of sub) {
          delay = backoff.minMs;
          const e = fromResolved(resolved);
          if (e === undefined || (last !== undefined && e.globalPosition <= last)) continue;
          if (stopped) return;
          yield e;
          last = e.globalPosition;
        }
      } catch (err) {
        if (stopped) return;
        if (!isTransient(err))
          throw new StoreUnavailable(
            `EventStoreDB subscription failed: ${(err as Error).message}`,
            err,
          );
      } finally {
        await sub.unsubscribe().catch(() => undefined);
      }
      if (stopped) return;
      await sleep(delay);
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  }
  let iterator: AsyncGenerator<RecordedEvent> | undefined;
  return {
    [Symbol.asyncIterator]: () => (iterator ??= iterate()),
    stop: async () => {
      stopped = true;
      cancelSleep?.();
      await current?.unsubscribe().catch(() => undefined);
    },
  };
};

import { storedBy, type AppendBatch, type EventStore } from './event-store.js';

/**
 * A sequence of `appendMany` calls whose writes may overlap the caller's own work: each call is
 * checked (payloads, expected revisions) when made, and its error thrown then, but may be made
 * durable later, in call order. For bulk writers of events they know to be new (an import's
 * checked lines); the outcome is the same as awaiting `appendMany` for each call in turn. Calls
 * may be made durable together, in one transaction of the store's: a refused call leaves the calls
 * before it stored, but a failure of the store itself (an I/O error) may undo every call since the
 * last commit, and the pipeline then throws it.
 */
export interface AppendPipeline<B = AppendBatch> {
  /** Checks and queues one `appendMany` call; resolves once it is queued (waiting while too many are). */
  append(batches: readonly B[]): Promise<void>;
  /**
   * Waits until every queued call is durable; throws the first failure. Resolves to how many events
   * the calls stored (events another writer had stored already, an identical retry, count none).
   */
  finish(): Promise<number>;
  /** Releases the pipeline after `finish` or an error (waits for calls already handed to the store). */
  close(): Promise<void>;
}

const pipelines = new WeakMap<EventStore, () => AppendPipeline>();

/** Lets `appendPipeline` give `store` a pipeline of its own (an adapter that can write on another thread). */
export const registerAppendPipeline = (store: EventStore, open: () => AppendPipeline): void =>
  void pipelines.set(store, open);

/** Each call awaited in turn: the pipeline of a store without one of its own. */
const sequential = (store: EventStore): AppendPipeline => {
  let stored = 0;
  return {
    append: async (batches) => void (stored += storedBy(await store.appendMany(batches))),
    finish: async () => stored,
    close: async () => {},
  };
};

/** A pipeline of `appendMany` calls on `store`: its own when it registered one, else each call awaited in turn. */
export const appendPipeline = (store: EventStore): AppendPipeline =>
  pipelines.get(store)?.() ?? sequential(store);

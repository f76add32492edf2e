import type {
  AppendResult,
  CommonStoreOptions,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from './event-store.js';
import { DEFAULT_PAGE_SIZE } from './event-store.js';
import { StoreUnavailable } from './errors.js';
import {
  checkAllRead,
  checkStreamRead,
  checkSubscribe,
  type StoredRow,
  type StreamHead,
} from './append-rules.js';
import { appendBatches, restoreEvents, type AppendContext } from './sync-append.js';
import { createPollingSubscription } from './polling-subscription.js';

/** Direction of a read. */
export type Direction = 'forwards' | 'backwards';

/**
 * A synchronous storage engine (an in-memory log or a SQLite file). `createSyncBackedStore`
 * layers the port's rules on top, so both adapters share one implementation of the semantics.
 */
export interface SyncBackend {
  /** Runs `fn` so that its reads and writes are one atomic, isolated unit. */
  atomically<T>(fn: () => T): T;
  streamHead(stream: string): StreamHead | undefined;
  /** The stored events among `ids`, by id (one indexed lookup for the whole list). */
  findByIds(ids: readonly string[]): ReadonlyMap<string, RecordedEvent>;
  lastRecordedAt(): string | undefined;
  nextPosition(): bigint;
  /** Stores `rows` (checked and chained already) in the current atomic unit. */
  insert(rows: readonly StoredRow[]): void;
  /** Up to `limit` events of `stream` starting at `from` (inclusive) in `direction`, those recorded after `recordedBy` left out. */
  readStreamPage(
    stream: string,
    direction: Direction,
    from: number,
    limit: number,
    recordedBy: string | undefined,
  ): readonly RecordedEvent[];
  /** Up to `limit` events strictly after (forwards) / before (backwards) `after`; all when undefined. */
  readAllPage(
    direction: Direction,
    after: bigint | undefined,
    limit: number,
  ): readonly RecordedEvent[];
  /** Registers a wake-up for appends (in-process); returns the unregister function. */
  onAppend(listener: () => void): () => void;
  notifyAppend(): void;
  close(): void;
}

/** Options of the shared layer, on top of the common ones. */
export interface SyncBackedOptions extends CommonStoreOptions {
  readonly pollIntervalMs?: number;
}

/**
 * Builds the port over a synchronous backend (memory, SQLite). `withContext` receives the context
 * its appends run in (the backend, refused once the store is closed, and the clock), for an
 * adapter that appends on another path too (SQLite's append pipeline).
 */
export const createSyncBackedStore = (
  kind: 'memory' | 'sqlite',
  backend: SyncBackend,
  options: SyncBackedOptions = {},
  withContext?: (ctx: AppendContext) => void,
): EventStore => {
  const clock = options.clock ?? (() => new Date());
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  let closed = false;
  const open = (): SyncBackend => {
    if (closed) throw new StoreUnavailable(`the ${kind} event store is closed`);
    return backend;
  };
  const ctx: AppendContext = { backend: open, clock };
  withContext?.(ctx);
  return {
    kind,
    append: async (stream, events, { expectedRevision }) =>
      appendBatches(ctx, [{ stream, events, expectedRevision }], () => [])[0] as AppendResult,
    appendMany: async (batches) => appendBatches(ctx, batches, (k) => ['batches', k]),
    appendRecorded: async (events) => restoreEvents(open(), events),
    streamsOf: async (ids) =>
      new Map([...open().findByIds(ids)].map(([id, e]) => [id, e.stream] as const)),
    readStream: (stream, opts = {}) => readStreamPaged(open, stream, opts, pageSize),
    readAll: (opts = {}) => readAllPaged(open, opts, pageSize),
    subscribe: (opts = {}) => {
      checkSubscribe(opts);
      return createPollingSubscription(
        {
          readPage: (after, limit) => open().readAllPage('forwards', after, limit),
          onAppend: (l) => backend.onAppend(l),
          pageSize,
          pollMs: options.pollIntervalMs ?? 50,
        },
        opts.after,
      );
    },
    close: async () => {
      if (closed) return;
      closed = true;
      backend.close();
    },
  };
};

async function* readStreamPaged(
  open: () => SyncBackend,
  stream: string,
  opts: ReadStreamOptions,
  pageSize: number,
): AsyncGenerator<RecordedEvent> {
  checkStreamRead(opts);
  const direction = opts.direction ?? 'forwards';
  let remaining = opts.limit ?? Number.POSITIVE_INFINITY;
  let from = opts.fromRevision ?? (direction === 'forwards' ? 0 : Number.MAX_SAFE_INTEGER);
  while (remaining > 0 && from >= 0) {
    const want = Math.min(pageSize, remaining);
    const page = open().readStreamPage(stream, direction, from, want, opts.recordedBy);
    for (const e of page) yield e;
    const last = page[page.length - 1];
    if (last === undefined || page.length < want) return;
    remaining -= page.length;
    from = direction === 'forwards' ? last.streamRevision + 1 : last.streamRevision - 1;
  }
}

async function* readAllPaged(
  open: () => SyncBackend,
  opts: ReadAllOptions,
  pageSize: number,
): AsyncGenerator<RecordedEvent> {
  checkAllRead(opts);
  const direction = opts.direction ?? 'forwards';
  let remaining = opts.limit ?? Number.POSITIVE_INFINITY;
  let after = opts.after;
  while (remaining > 0) {
    const want = Math.min(pageSize, remaining);
    const page = open().readAllPage(direction, after, want);
    for (const e of page) yield e;
    const last = page[page.length - 1];
    if (last === undefined || page.length < want) return;
    remaining -= page.length;
    after = last.globalPosition;
  }
}

/**
 * The event store port (design.md §7): one set of semantics that the memory, SQLite and
 * EventStoreDB adapters all implement and that the contract suite pins down.
 */

/** What the caller believes about a stream before appending; a number is the exact 0-based revision of its last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event to append; `id` is a UUID and doubles as the idempotency key. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** An event as stored: placed in its stream and in the global log, stamped and chained. */
export interface RecordedEvent extends NewEvent {
  readonly stream: string;
  readonly streamRevision: number;
  readonly globalPosition: bigint;
  /** UTC ISO-8601 with exactly 3 fractional digits and `Z`; non-decreasing in global order. */
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** What a successful (or idempotently retried) append reports. */
export interface AppendResult {
  readonly stream: string;
  readonly firstRevision: number;
  readonly lastRevision: number;
  readonly lastPosition: bigint;
  readonly recordedAt: string;
  /** The batch's events as recorded, exactly as a read returns them (the stored ones on an idempotent retry). */
  readonly events: readonly RecordedEvent[];
  /** Set when the batch was stored already (an identical retry, perhaps by another process): this call wrote none of it. */
  readonly retried?: true;
}

/**
 * How many events a call's results stored itself: identical retries of stored events count none.
 * Counted from the revisions (a result is one unbroken run of its stream), never from `events`,
 * which a store may decode only when read (an import counts a million events it never reads).
 */
export const storedBy = (results: readonly AppendResult[]): number =>
  results.reduce((n, r) => n + (r.retried ? 0 : r.lastRevision - r.firstRevision + 1), 0);

/** One stream's batch in an `appendMany` call. */
export interface AppendBatch {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
  /**
   * The instant the batch's events were learned, when a backfill states it (else the store's clock):
   * UTC with milliseconds, not before the log's last recorded instant, not after the clock.
   */
  readonly recordedAt?: string;
}

/** Options of `readStream`: `fromRevision` is inclusive, `limit` caps the total returned; malformed ones are refused (`InvalidRead`). */
export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  readonly fromRevision?: number;
  readonly limit?: number;
  /**
   * Leaves out the events recorded after this instant (`recordedAt` compared as text: UTC with
   * milliseconds, as the store writes it). Recorded times never decrease along a log, so forwards
   * the read ends at the first event recorded later, and the store reads no further than it
   * needs; `limit` counts the events returned.
   */
  readonly recordedBy?: string;
}

/** Options of `readAll`: `after` is exclusive (strictly after it forwards, strictly before it backwards); malformed ones are refused (`InvalidRead`). */
export interface ReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  readonly after?: bigint;
  readonly limit?: number;
}

/** A catch-up subscription: iterate it once; `stop()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
}

/** Options of `append`. */
export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

/** Options of `subscribe`: deliver events strictly after `after` (from the start when absent); an `after` that is no position is refused (`InvalidRead`). */
export interface SubscribeOptions {
  readonly after?: bigint;
}

/** The port every adapter implements; reads are paged async iterables so memory stays flat. */
export interface EventStore {
  readonly kind: 'memory' | 'sqlite' | 'eventstoredb' | 'postgres';
  /** Appends atomically; a retry with the same ids, content and expectation returns the first result. */
  append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Appends several batches (one result each, in order; later batches see earlier ones, also on the
   * same stream) with one `recordedAt`. Memory and SQLite: one atomic transaction, all or nothing, the
   * first failing batch's error thrown. EventStoreDB: NOT atomic across batches (each batch is).
   */
  appendMany(batches: readonly AppendBatch[]): Promise<AppendResult[]>;
  /**
   * The stream that holds each of these event ids, for the ids stored (absent ones are left out):
   * lets an import find, before writing anything, an id already used in another order. Optional:
   * adapters that cannot answer cheaply (EventStoreDB) leave it out, and the append refuses such
   * an id instead.
   */
  streamsOf?(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /**
   * Restores exported events verbatim, all or nothing, after checking them in order: the first
   * that disagrees with its chain (an id repeated, a position that is not the store's next on a
   * store numbering 0, 1, 2, …, a revision, link or hash that does not follow, a recorded time
   * going back) is refused with `RestoreRefused` (`INTEGRITY_VIOLATION`, naming it by index).
   */
  appendRecorded(events: readonly RecordedEvent[]): Promise<void>;
  /** Reads one stream; a missing stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Reads the global log in order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catches up from `after`, then follows live appends: each event exactly once, in order. */
  subscribe(options?: SubscribeOptions): Subscription;
  /** Releases the adapter's resources; later calls fail with `StoreUnavailable`. */
  close(): Promise<void>;
}

/** Options every adapter accepts. */
export interface CommonStoreOptions {
  /** Source of `recordedAt`; defaults to the system clock. Tests pass a fixed clock. */
  readonly clock?: () => Date;
  /** How many events a read fetches per round trip (default 500). */
  readonly pageSize?: number;
}

/** Default number of events fetched per page. */
export const DEFAULT_PAGE_SIZE = 500;

/** The last event of the global log, or undefined for an empty log (one read). */
export const lastEvent = async (store: EventStore): Promise<RecordedEvent | undefined> => {
  for await (const e of store.readAll({ direction: 'backwards', limit: 1 })) return e;
  return undefined;
};

/**
 * How many events the log holds, from its last position, where the store numbers positions 0, 1,
 * 2… (memory, SQLite, PostgreSQL); undefined for EventStoreDB, whose positions are offsets.
 */
export const logLength = async (store: EventStore): Promise<bigint | undefined> => {
  if (store.kind === 'eventstoredb') return undefined;
  const last = await lastEvent(store);
  return last === undefined ? 0n : last.globalPosition + 1n;
};

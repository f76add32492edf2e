import { EventStoreDBClient, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppendResult, CommonStoreOptions, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from './event-store.js';
import { DEFAULT_PAGE_SIZE } from './event-store.js';
import { ConcurrencyConflict, StoreUnavailable, isConcurrencyConflict } from './errors.js';
import { buildRecorded, checkExpected, checkRestore, resolveRetry, stampRecordedAt, type StreamHead } from './append-rules.js';
import { assertAppend, assertRecorded } from './validate.js';
import { toClientConnectionString, toEventData } from './eventstoredb-mapping.js';
import { encodeRaw, lastRecordedAt, readAllRaw, readStreamRaw, streamHead, wrap, type Client } from './eventstoredb-reads.js';
import { createEsdbSubscription } from './eventstoredb-subscription.js';

export { isEventStoreDbConnectionString } from './eventstoredb-mapping.js';

/** Options of the EventStoreDB/KurrentDB adapter. */
export interface EventStoreDbOptions extends CommonStoreOptions {
  /** Conflicts retried when the caller said `any`/`stream_exists` (default 5). */
  readonly maxAppendRetries?: number;
  /** Resubscription backoff after a dropped connection: first and maximum delay (default 100 ms / 5 s). */
  readonly resubscribeMinMs?: number;
  readonly resubscribeMaxMs?: number;
}

/** Where a retried batch would sit, if already stored: read that window and match ids. */
const findRetry = async (client: Client, stream: string, events: readonly NewEvent[], expected: ExpectedRevision, head: StreamHead | undefined): Promise<AppendResult | undefined> => {
  if (head === undefined) return undefined;
  const start = typeof expected === 'number' ? expected + 1 : expected === 'no_stream' ? 0 : Math.max(0, head.revision - events.length + 1);
  if (start > head.revision) return undefined;
  const byId = new Map<string, RecordedEvent>();
  for await (const e of readStreamRaw(client, stream, false, start, events.length, events.length)) byId.set(e.id, e);
  return resolveRetry(stream, events, expected, events.map((e) => byId.get(e.id)));
};

const toConflict = (stream: string, expected: ExpectedRevision, e: WrongExpectedVersionError): ConcurrencyConflict =>
  new ConcurrencyConflict(stream, expected, typeof e.actualVersion === 'bigint' ? Number(e.actualVersion) : 'no_stream');

interface Ctx {
  readonly client: Client;
  readonly clock: () => Date;
  readonly maxRetries: number;
  lastStamp: string | undefined;
}

const stamp = async (ctx: Ctx): Promise<string> => {
  const stored = await lastRecordedAt(ctx.client);
  const last = stored !== undefined && (ctx.lastStamp === undefined || stored > ctx.lastStamp) ? stored : ctx.lastStamp;
  ctx.lastStamp = stampRecordedAt(ctx.clock, last);
  return ctx.lastStamp;
};

const appendOnce = async (ctx: Ctx, stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
  const head = await streamHead(ctx.client, stream);
  const retried = await findRetry(ctx.client, stream, events, expected, head);
  if (retried !== undefined) return retried;
  checkExpected(stream, expected, head);
  const recordedAt = await stamp(ctx);
  const recorded = buildRecorded(stream, events, head, 0n, recordedAt);
  try {
    // Always the exact revision we chained onto, never ANY: otherwise a racing writer could fork the hash chain.
    const res = await ctx.client.appendToStream(stream, recorded.map(toEventData), { expectedRevision: head === undefined ? NO_STREAM : BigInt(head.revision) });
    const lastRevision = Number(res.nextExpectedRevision);
    const lastPosition = res.position === undefined ? -1n : encodeRaw(res.position);
    return { stream, firstRevision: lastRevision - events.length + 1, lastRevision, lastPosition, recordedAt };
  } catch (e) {
    if (e instanceof WrongExpectedVersionError) throw toConflict(stream, expected, e);
    throw wrap(e);
  }
};

const appendWithRetries = async (ctx: Ctx, stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await appendOnce(ctx, stream, events, expected);
    } catch (e) {
      const retryable = isConcurrencyConflict(e) && (expected === 'any' || expected === 'stream_exists') && attempt < ctx.maxRetries;
      if (!retryable) throw e;
    }
  }
};

/**
 * Restores an export: every hash and link is checked against the current stream heads before
 * anything is written. Each run of consecutive same-stream events is one atomic append at an exact
 * revision; EventStoreDB has no multi-stream transaction, so a failure between runs (network,
 * a concurrent writer) can leave a prefix written. Re-running the restore then fails fast on the
 * revision check, and the remaining suffix can be restored on its own.
 */
const restore = async (ctx: Ctx, events: readonly RecordedEvent[]): Promise<void> => {
  assertRecorded(events);
  const heads = new Map<string, StreamHead | undefined>();
  for (const e of events) if (!heads.has(e.stream)) heads.set(e.stream, await streamHead(ctx.client, e.stream));
  const last = await lastRecordedAt(ctx.client);
  checkRestore(events, { head: (s) => heads.get(s), isStored: () => false, lastRecordedAt: last });
  for (let i = 0; i < events.length; ) {
    const first = events[i] as RecordedEvent;
    let j = i;
    while (events[j]?.stream === first.stream) j++;
    const run = events.slice(i, j);
    try {
      await ctx.client.appendToStream(first.stream, run.map(toEventData), { expectedRevision: first.streamRevision === 0 ? NO_STREAM : BigInt(first.streamRevision - 1) });
    } catch (e) {
      if (e instanceof WrongExpectedVersionError) throw toConflict(first.stream, first.streamRevision === 0 ? 'no_stream' : first.streamRevision - 1, e);
      throw wrap(e);
    }
    i = j;
  }
};

/**
 * Opens an EventStoreDB/KurrentDB store from a connection string (`esdb://`, `esdb+discover://`,
 * `kurrentdb://`, `kurrentdb+discover://`, `kurrent://`). Positions are `(commit << 64) | prepare`.
 * Idempotent retries are recognised when the batch sits where the expectation puts it (or, for
 * `any`/`stream_exists`, at the stream's tail). `recordedAt` is kept non-decreasing by reading the
 * log's tail first; two processes appending in the same millisecond to different streams may still
 * interleave by at most that millisecond.
 * @example
 * const store = await openEventStoreDbStore('kurrentdb://localhost:2113?tls=false');
 */
export const openEventStoreDbStore = async (connectionString: string, options: EventStoreDbOptions = {}): Promise<EventStore> => {
  const client = EventStoreDBClient.connectionString(toClientConnectionString(connectionString));
  const ctx: Ctx = { client, clock: options.clock ?? (() => new Date()), maxRetries: options.maxAppendRetries ?? 5, lastStamp: undefined };
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  let closed = false;
  const live = (): Client => {
    if (closed) throw new StoreUnavailable('the eventstoredb event store is closed');
    return client;
  };
  return {
    kind: 'eventstoredb',
    append: async (stream, events, { expectedRevision }) => {
      assertAppend(stream, events, expectedRevision);
      live();
      return appendWithRetries(ctx, stream, events, expectedRevision);
    },
    appendRecorded: async (events) => {
      live();
      if (events.length > 0) await restore(ctx, events);
    },
    readStream: (stream, o = {}) => {
      const backwards = o.direction === 'backwards';
      return readStreamRaw(live(), stream, backwards, o.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0), o.limit ?? Number.POSITIVE_INFINITY, pageSize);
    },
    readAll: (o = {}) => readAllRaw(live(), o.direction === 'backwards', o.after, o.limit ?? Number.POSITIVE_INFINITY, pageSize),
    subscribe: (o = {}) => createEsdbSubscription(live(), o.after, { minMs: options.resubscribeMinMs ?? 100, maxMs: options.resubscribeMaxMs ?? 5000 }),
    close: async () => {
      if (closed) return;
      closed = true;
      await client.dispose();
    },
  };
};

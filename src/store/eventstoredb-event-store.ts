import { EventStoreDBClient, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type {
  AppendBatch,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
} from './event-store.js';
import { DEFAULT_PAGE_SIZE } from './event-store.js';
import { ConcurrencyConflict, StoreUnavailable, isConcurrencyConflict } from './errors.js';
import {
  buildRows,
  checkAllRead,
  checkExpected,
  checkRestore,
  checkStreamRead,
  checkSubscribe,
  resolveRetry,
  resultOf,
  rowToRecorded,
  recordedAtFor,
  stampRecordedAt,
  type StreamHead,
} from './append-rules.js';
import { assertAppend, assertRecorded, type CanonicalPayloads } from './validate.js';
import { toClientConnectionString, toEventData } from './eventstoredb-mapping.js';
import {
  checkedRead,
  encodeRaw,
  lastRecordedAt,
  readAllRaw,
  readStreamRaw,
  recordedByOnly,
  streamHead,
  wrap,
  type Client,
} from './eventstoredb-reads.js';
import { createEsdbSubscription } from './eventstoredb-subscription.js';

import type { EventStoreDbOptions } from './eventstoredb-scheme.js';

export { isEventStoreDbConnectionString, type EventStoreDbOptions } from './eventstoredb-scheme.js';

/** Where a retried batch would sit, if already stored: read that window and match ids. */
const findRetry = async (
  client: Client,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  head: StreamHead | undefined,
  base: readonly (string | number)[],
): Promise<AppendResult | undefined> => {
  if (head === undefined) return undefined;
  const start =
    typeof expected === 'number'
      ? expected + 1
      : expected === 'no_stream'
        ? 0
        : Math.max(0, head.revision - events.length + 1);
  if (start > head.revision) return undefined;
  const byId = new Map<string, RecordedEvent>();
  for await (const e of readStreamRaw(client, stream, false, start, events.length, events.length))
    byId.set(e.id, e);
  return resolveRetry(
    stream,
    events,
    expected,
    events.map((e) => byId.get(e.id)),
    base,
  );
};

const toConflict = (
  stream: string,
  expected: ExpectedRevision,
  e: WrongExpectedVersionError,
): ConcurrencyConflict =>
  new ConcurrencyConflict(
    stream,
    expected,
    typeof e.actualVersion === 'bigint' ? Number(e.actualVersion) : 'no_stream',
  );

interface Ctx {
  readonly client: Client;
  readonly clock: () => Date;
  readonly maxRetries: number;
  lastStamp: string | undefined;
}

/** The later of the log's last recorded instant and this client's last stamp. */
const lastStamp = async (ctx: Ctx): Promise<string | undefined> => {
  const stored = await lastRecordedAt(ctx.client);
  return stored !== undefined && (ctx.lastStamp === undefined || stored > ctx.lastStamp)
    ? stored
    : ctx.lastStamp;
};

const stamp = async (ctx: Ctx): Promise<string> => {
  ctx.lastStamp = stampRecordedAt(ctx.clock, await lastStamp(ctx));
  return ctx.lastStamp;
};

/** A validated batch, its canonical payloads and the path its errors report under. */
interface Prepared extends AppendBatch {
  readonly payloads: readonly CanonicalPayloads[];
  readonly base: readonly (string | number)[];
}

/** One `recordedAt` per call, taken at its first fresh batch. */
interface CallStamp {
  recordedAt?: string;
}

const appendOnce = async (ctx: Ctx, b: Prepared, call: CallStamp): Promise<AppendResult> => {
  const { stream, events, expectedRevision: expected } = b;
  const head = await streamHead(ctx.client, stream);
  const retried = await findRetry(ctx.client, stream, events, expected, head, b.base);
  if (retried !== undefined) return retried;
  checkExpected(stream, expected, head);
  // One clock stamp per call; a backfilled batch brings its own instant, checked against the log's last.
  const recordedAt =
    b.recordedAt === undefined
      ? (call.recordedAt ??= await stamp(ctx))
      : recordedAtFor(b.recordedAt, ctx.clock, await lastStamp(ctx), [...b.base, 'recordedAt']);
  if (b.recordedAt !== undefined) ctx.lastStamp = recordedAt;
  const rows = buildRows(stream, events, b.payloads, head, 0n, recordedAt);
  try {
    // Always the exact revision we chained onto, never ANY: otherwise a racing writer could fork the hash chain.
    const res = await ctx.client.appendToStream(
      stream,
      rows.map((r) => toEventData(rowToRecorded(r))),
      { expectedRevision: head === undefined ? NO_STREAM : BigInt(head.revision) },
    );
    const lastRevision = Number(res.nextExpectedRevision);
    const lastPosition = res.position === undefined ? -1n : encodeRaw(res.position);
    // ESDB assigns the positions: read the batch back so the result carries the events as a read returns them.
    const stored: RecordedEvent[] = [];
    for await (const e of readStreamRaw(
      ctx.client,
      stream,
      false,
      lastRevision - events.length + 1,
      events.length,
      events.length,
    ))
      stored.push(e);
    if (stored.length !== events.length)
      throw new StoreUnavailable(
        `EventStoreDB: read back ${stored.length} of ${events.length} appended events`,
      );
    return { ...resultOf(stream, stored), lastPosition };
  } catch (e) {
    if (e instanceof WrongExpectedVersionError) throw toConflict(stream, expected, e);
    throw wrap(e);
  }
};

const appendWithRetries = async (ctx: Ctx, b: Prepared, call: CallStamp): Promise<AppendResult> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await appendOnce(ctx, b, call);
    } catch (e) {
      const retryable =
        isConcurrencyConflict(e) &&
        (b.expectedRevision === 'any' || b.expectedRevision === 'stream_exists') &&
        attempt < ctx.maxRetries;
      if (!retryable) throw e;
    }
  }
};

/**
 * Appends batches one after the other. NOT atomic across batches: EventStoreDB has no multi-stream
 * transaction, so each batch is atomic on its own and a failure leaves the earlier batches written.
 * Every batch is validated before anything is written; an identical retry of the call resumes idempotently.
 */
const appendSequentially = async (
  ctx: Ctx,
  batches: readonly AppendBatch[],
  live: () => unknown,
): Promise<AppendResult[]> => {
  const seen = new Set<string>();
  const prepared = batches.map((b, k): Prepared => ({
    ...b,
    payloads: assertAppend(b.stream, b.events, b.expectedRevision, ['batches', k], seen),
    base: ['batches', k],
  }));
  live();
  const call: CallStamp = {};
  const results: AppendResult[] = [];
  for (const b of prepared) results.push(await appendWithRetries(ctx, b, call));
  return results;
};

/**
 * Restores an export: every hash and link is checked against the current stream heads before
 * anything is written. Each run of consecutive same-stream events is one atomic append at an exact
 * revision; EventStoreDB has no multi-stream transaction, so a failure between runs (network,
 * a concurrent writer) can leave a prefix written. Re-running the restore then fails fast on the
 * revision check, and the remaining suffix can be restored on its own.
 */
const restore = async (ctx: Ctx, events: readonly RecordedEvent[]): Promise<void> => {
  const payloads = assertRecorded(events);
  const heads = new Map<string, StreamHead | undefined>();
  for (const e of events)
    if (!heads.has(e.stream)) heads.set(e.stream, await streamHead(ctx.client, e.stream));
  const last = await lastRecordedAt(ctx.client);
  checkRestore(events, payloads, {
    head: (s) => heads.get(s),
    isStored: () => false,
    lastRecordedAt: last,
    // The server assigns its own positions (offsets, not 0, 1, 2, …), so an export's are not held to them.
    firstPosition: undefined,
  });
  for (let i = 0; i < events.length;) {
    const first = events[i] as RecordedEvent;
    let j = i;
    while (events[j]?.stream === first.stream) j++;
    const run = events.slice(i, j);
    try {
      await ctx.client.appendToStream(first.stream, run.map(toEventData), {
        expectedRevision: first.streamRevision === 0 ? NO_STREAM : BigInt(first.streamRevision - 1),
      });
    } catch (e) {
      if (e instanceof WrongExpectedVersionError)
        throw toConflict(
          first.stream,
          first.streamRevision === 0 ? 'no_stream' : first.streamRevision - 1,
          e,
        );
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
export const openEventStoreDbStore = async (
  connectionString: string,
  options: EventStoreDbOptions = {},
): Promise<EventStore> => {
  const client = EventStoreDBClient.connectionString(toClientConnectionString(connectionString));
  const ctx: Ctx = {
    client,
    clock: options.clock ?? (() => new Date()),
    maxRetries: options.maxAppendRetries ?? 5,
    lastStamp: undefined,
  };
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  let closed = false;
  const live = (): Client => {
    if (closed) throw new StoreUnavailable('the eventstoredb event store is closed');
    return client;
  };
  return {
    kind: 'eventstoredb',
    append: async (stream, events, { expectedRevision }) => {
      const payloads = assertAppend(stream, events, expectedRevision);
      live();
      return appendWithRetries(ctx, { stream, events, expectedRevision, payloads, base: [] }, {});
    },
    appendMany: async (batches) => appendSequentially(ctx, batches, live),
    appendRecorded: async (events) => {
      live();
      if (events.length > 0) await restore(ctx, events);
    },
    readStream: (stream, o = {}) =>
      checkedRead(
        () => checkStreamRead(o),
        () => {
          const backwards = o.direction === 'backwards';
          const limit = o.limit ?? Number.POSITIVE_INFINITY;
          const events = readStreamRaw(
            live(),
            stream,
            backwards,
            o.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0),
            o.recordedBy === undefined ? limit : Number.POSITIVE_INFINITY,
            pageSize,
          );
          return o.recordedBy === undefined
            ? events
            : recordedByOnly(events, o.recordedBy, backwards, limit);
        },
      ),
    readAll: (o = {}) =>
      checkedRead(
        () => checkAllRead(o),
        () =>
          readAllRaw(
            live(),
            o.direction === 'backwards',
            o.after,
            o.limit ?? Number.POSITIVE_INFINITY,
            pageSize,
          ),
      ),
    subscribe: (o = {}) => {
      checkSubscribe(o);
      return createEsdbSubscription(live(), o.after, {
        minMs: options.resubscribeMinMs ?? 100,
        maxMs: options.resubscribeMaxMs ?? 5000,
      });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.dispose();
    },
  };
};

import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { isDecreeError } from '../../domain/shared/errors.js';
import type { RecordedEvent } from './event-store.js';
import { StoreUnavailable } from './errors.js';
import type { StreamHead } from './append-rules.js';
import { decodePosition, fromResolved } from './eventstoredb-mapping.js';

/** The 6.x client. */
export type Client = EventStoreDBClient;

const isNotFound = (e: unknown): boolean =>
  e instanceof StreamNotFoundError || (e as { type?: unknown }).type === 'stream-not-found';

/** Our typed errors pass through; anything from the client or the network becomes `StoreUnavailable`. */
export const wrap = (e: unknown): unknown =>
  isDecreeError(e)
    ? e
    : new StoreUnavailable(`EventStoreDB: ${e instanceof Error ? e.message : String(e)}`, e);

/** One page of a stream read (client events mapped; `raw` counts what the server sent, ours or not). */
const readStreamPage = async (
  client: Client,
  stream: string,
  backwards: boolean,
  from: number,
  want: number,
): Promise<{ page: RecordedEvent[]; raw: number; next: number }> => {
  const page: RecordedEvent[] = [];
  let raw = 0;
  let next = from;
  const fromRevision = from === Number.MAX_SAFE_INTEGER ? END : BigInt(from);
  try {
    for await (const r of client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision,
      maxCount: want,
    })) {
      raw++;
      const e = fromResolved(r);
      if (e !== undefined) page.push(e);
      if (r.event !== undefined) next = Number(r.event.revision) + (backwards ? -1 : 1);
    }
  } catch (e) {
    if (isNotFound(e)) return { page: [], raw: 0, next };
    throw wrap(e);
  }
  return { page, raw, next };
};

/** Reads a stream in pages; a missing stream is empty. */
export async function* readStreamRaw(
  client: Client,
  stream: string,
  backwards: boolean,
  from: number,
  limit: number,
  pageSize: number,
): AsyncGenerator<RecordedEvent> {
  let remaining = limit;
  let next = from;
  while (remaining > 0 && next >= 0) {
    const want = Math.min(pageSize, remaining);
    const result = await readStreamPage(client, stream, backwards, next, want);
    yield* result.page;
    remaining -= result.page.length;
    next = result.next;
    if (result.raw < want) return;
  }
}

/** The events `read` gives, its options checked by `check` when the first is pulled (as every store's reads are). */
export async function* checkedRead(
  check: () => void,
  read: () => AsyncIterable<RecordedEvent>,
): AsyncGenerator<RecordedEvent> {
  check();
  yield* read();
}

/**
 * The events of a stream read recorded by `at` (see `ReadStreamOptions.recordedBy`), for a server
 * that cannot filter them: forwards the read ends at the first event recorded later, backwards
 * those are skipped; `limit` counts the events returned. `at` is checked by the caller
 * (`checkStreamRead`, before the read is pulled).
 */
export async function* recordedByOnly(
  events: AsyncIterable<RecordedEvent>,
  at: string,
  backwards: boolean,
  limit: number,
): AsyncGenerator<RecordedEvent> {
  if (limit <= 0) return;
  let n = 0;
  for await (const e of events) {
    if (e.recordedAt > at) {
      if (backwards) continue;
      return;
    }
    yield e;
    if (++n >= limit) return;
  }
}

/** `(commit << 64) | prepare`. */
export const encodeRaw = (p: { commit: bigint; prepare: bigint }): bigint =>
  (p.commit << 64n) | p.prepare;

/** One page of `$all` strictly beyond `cursor`; `cursor` moves past every raw event, system ones included. */
const readAllPage = async (
  client: Client,
  backwards: boolean,
  cursor: bigint | undefined,
  want: number,
): Promise<{ page: RecordedEvent[]; raw: number; cursor: bigint | undefined }> => {
  const page: RecordedEvent[] = [];
  let raw = 0;
  let at = cursor;
  const fromPosition = cursor === undefined ? (backwards ? END : START) : decodePosition(cursor);
  try {
    for await (const r of client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition,
      maxCount: want,
    })) {
      raw++;
      const pos = r.event?.position;
      if (pos === undefined) continue;
      const p = encodeRaw(pos);
      // Whether the start position itself is returned differs between servers: filter so `after` stays exclusive.
      if (cursor !== undefined && (backwards ? p >= cursor : p <= cursor)) continue;
      at = p;
      const e = fromResolved(r);
      if (e !== undefined) page.push(e);
    }
  } catch (e) {
    throw wrap(e);
  }
  return { page, raw, cursor: at };
};

/** Reads `$all` in pages, skipping system and foreign events; `after` is exclusive. */
export async function* readAllRaw(
  client: Client,
  backwards: boolean,
  after: bigint | undefined,
  limit: number,
  pageSize: number,
): AsyncGenerator<RecordedEvent> {
  let remaining = limit;
  let cursor = after;
  while (remaining > 0) {
    const want = Math.min(pageSize, remaining);
    const result = await readAllPage(client, backwards, cursor, want);
    const page = result.page.slice(0, remaining);
    yield* page;
    remaining -= page.length;
    cursor = result.cursor;
    if (result.raw < want) return;
  }
}

/** Finds the last Decree event of the global log (for the non-decreasing `recordedAt`). */
export const lastRecordedAt = async (client: Client): Promise<string | undefined> => {
  for await (const e of readAllRaw(client, true, undefined, 1, 64)) return e.recordedAt;
  return undefined;
};

/** The last Decree event of a stream, if any. */
export const streamHead = async (
  client: Client,
  stream: string,
): Promise<StreamHead | undefined> => {
  for await (const e of readStreamRaw(client, stream, true, Number.MAX_SAFE_INTEGER, 1, 1))
    return { revision: e.streamRevision, hash: e.hash };
  return undefined;
};

import canonicalize from 'canonicalize';
import type { FieldPath } from '../../domain/shared/errors.js';
import type {
  AppendBatch,
  AppendResult,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from './event-store.js';
import {
  ConcurrencyConflict,
  EventIdReused,
  InvalidEvent,
  InvalidRead,
  RecordedAtRefused,
  RestoreRefused,
  type RestoreFault,
} from './errors.js';
import { GENESIS_HASH, hashEventText } from './hash-chain.js';
import type { CanonicalPayloads } from './validate.js';

/** The last event of a stream, as far as appending needs to know it. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/** Throws `ConcurrencyConflict` unless a stream at `head` satisfies `expected`. */
export const checkExpected = (
  stream: string,
  expected: ExpectedRevision,
  head: StreamHead | undefined,
): void => {
  const actual = head === undefined ? 'no_stream' : head.revision;
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && head === undefined) ||
    (expected === 'stream_exists' && head !== undefined) ||
    expected === actual;
  if (!ok) throw new ConcurrencyConflict(stream, expected, actual);
};

/** Whether a batch placed first at `firstRevision` is consistent with `expected` (used to accept retries). */
const placementMatches = (expected: ExpectedRevision, firstRevision: number): boolean =>
  expected === 'any' ||
  (expected === 'no_stream' && firstRevision === 0) ||
  (expected === 'stream_exists' && firstRevision > 0) ||
  expected === firstRevision - 1;

const content = (e: NewEvent): string | undefined =>
  canonicalize({
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
  });

/**
 * Decides what to do when some of a batch's ids are already stored (`stored[i]` is the stored event
 * with `events[i].id`, or undefined): the same append retried gives its first result; anything else
 * is `EventIdReused`. Returns undefined when no id is stored (a fresh append).
 */
export const resolveRetry = (
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  stored: readonly (RecordedEvent | undefined)[],
  base: FieldPath = [],
): AppendResult | undefined => {
  const firstStoredAt = stored.findIndex((s) => s !== undefined);
  if (firstStoredAt < 0) return undefined;
  const first = stored[0];
  const same =
    first !== undefined &&
    placementMatches(expected, first.streamRevision) &&
    events.every((e, i) => {
      const s = stored[i];
      return (
        s !== undefined &&
        s.stream === stream &&
        s.streamRevision === first.streamRevision + i &&
        content(s) === content(e)
      );
    });
  if (!same)
    throw new EventIdReused(events[firstStoredAt]?.id ?? '', [
      ...base,
      'events',
      firstStoredAt,
      'id',
    ]);
  return { ...resultOf(stream, stored as readonly RecordedEvent[]), retried: true };
};

/** The `AppendResult` of a non-empty run of recorded events of `stream`. */
export const resultOf = (stream: string, events: readonly RecordedEvent[]): AppendResult => {
  const first = events[0] as RecordedEvent;
  const last = events[events.length - 1] as RecordedEvent;
  return {
    stream,
    firstRevision: first.streamRevision,
    lastRevision: last.streamRevision,
    lastPosition: last.globalPosition,
    recordedAt: last.recordedAt,
    events,
  };
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Whether `s` is written as a store writes recorded times: a UTC instant with milliseconds, a four-digit year. */
export const isRecordableInstant = (s: string): boolean =>
  typeof s === 'string' && INSTANT.test(s) && !Number.isNaN(Date.parse(s));

/** Refuses a read's option: `InvalidRead` with the option's path. */
const refuseRead = (option: string, message: string): never => {
  throw new InvalidRead('INVALID_READ', message, [option]);
};

/** A refused option's value as the message shows it (`NaN` as itself, a bigint with its `n`). */
const shown = (v: unknown): string =>
  typeof v === 'bigint' ? `${v}n` : typeof v === 'number' ? String(v) : String(JSON.stringify(v));

/**
 * Checks a stream read's `recordedBy` (see `ReadStreamOptions`): compared with recorded times as
 * text, it must be written as they are, a UTC instant with milliseconds.
 */
const checkRecordedBy = (recordedBy: string | undefined): void => {
  if (recordedBy !== undefined && !isRecordableInstant(recordedBy))
    refuseRead(
      'recordedBy',
      `recordedBy must be a UTC instant with milliseconds (2022-05-26T17:00:00.000Z), as recorded times are written, not ${shown(recordedBy)}`,
    );
};

/** Checks a read's `direction` and `limit`, the options `readStream` and `readAll` share. */
const checkDirectionAndLimit = (opts: ReadStreamOptions | ReadAllOptions): void => {
  const { direction, limit } = opts;
  if (direction !== undefined && direction !== 'forwards' && direction !== 'backwards')
    refuseRead(
      'direction',
      `direction must be 'forwards' or 'backwards' (or left out: forwards), not ${shown(direction)}`,
    );
  if (limit !== undefined && !(limit === Number.POSITIVE_INFINITY || isCount(limit)))
    refuseRead(
      'limit',
      `limit must be how many events to return at most, a whole number from 0 (or left out: no limit), not ${shown(limit)}`,
    );
};

const isCount = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;

/**
 * Checks `readStream`'s options (see `ReadStreamOptions`): a known direction, a `fromRevision` and a
 * `limit` that are whole numbers from 0, a `recordedBy` written as recorded times are. Each store
 * refuses anything else with `InvalidRead` (`INVALID_READ`, the option's path) rather than reading
 * something else than was asked (a negative limit read as none, a fractional revision rounded up).
 */
export const checkStreamRead = (opts: ReadStreamOptions): void => {
  checkDirectionAndLimit(opts);
  if (opts.fromRevision !== undefined && !isCount(opts.fromRevision))
    refuseRead(
      'fromRevision',
      `fromRevision must be a stream revision, a whole number from 0 (or left out: the stream's first event, or its last backwards), not ${shown(opts.fromRevision)}`,
    );
  checkRecordedBy(opts.recordedBy);
};

/** Checks `readAll`'s options (see `ReadAllOptions`): a known direction, a `limit` that is a whole number from 0, an `after` that is a position (a bigint from -1n, the one before the first). */
export const checkAllRead = (opts: ReadAllOptions): void => {
  checkDirectionAndLimit(opts);
  checkAfter(opts.after);
};

/** Checks `subscribe`'s options (see `SubscribeOptions`): an `after` that is a position, as `readAll`'s. Refused before anything is subscribed. */
export const checkSubscribe = (opts: SubscribeOptions): void => checkAfter(opts.after);

const checkAfter = (after: unknown): void => {
  if (after !== undefined && !(typeof after === 'bigint' && after >= -1n))
    refuseRead(
      'after',
      `after must be a global position, a bigint as events carry it, from -1n (the one before the first; or left out: the log's start, or its end backwards), not ${shown(after)}`,
    );
};

/**
 * The instant a batch is recorded at: the one it states (a backfill), checked to be a UTC instant
 * with milliseconds, not before `lastRecordedAt` (recorded times never decrease in global order) and
 * not after the clock; else `stampRecordedAt`.
 */
export const recordedAtFor = (
  stated: string | undefined,
  clock: () => Date,
  lastRecordedAt: string | undefined,
  path: FieldPath = ['recordedAt'],
): string => {
  if (stated === undefined) return stampRecordedAt(clock, lastRecordedAt);
  if (!isRecordableInstant(stated))
    throw new InvalidEvent(
      'INVALID_EVENT',
      `recordedAt must be a UTC instant with milliseconds (2022-05-26T17:00:00.000Z), not ${JSON.stringify(stated)}`,
      path,
    );
  if (lastRecordedAt !== undefined && stated < lastRecordedAt)
    throw new RecordedAtRefused(
      'RECORDED_AT_OUT_OF_ORDER',
      `recordedAt ${stated} is before the log's last recorded instant ${lastRecordedAt}: recorded times never decrease`,
      path,
    );
  const now = stampRecordedAt(clock, undefined);
  if (stated > now)
    throw new RecordedAtRefused(
      'RECORDED_AT_IN_FUTURE',
      `recordedAt ${stated} is after the store's clock (${now}): a fact cannot be learned in the future`,
      path,
    );
  return stated;
};

/** `max(clock(), lastRecordedAt)` as UTC ISO with milliseconds, so recordedAt never decreases in global order. */
export const stampRecordedAt = (clock: () => Date, lastRecordedAt: string | undefined): string => {
  const now = clock();
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new InvalidEvent('INVALID_EVENT', 'the clock returned an invalid date', ['recordedAt']);
  const iso = now.toISOString();
  // Fixed-width ISO strings (years 0000-9999) order lexicographically like the instants they denote.
  return lastRecordedAt !== undefined && lastRecordedAt > iso ? lastRecordedAt : iso;
};

/** A recorded event ready to store: its payloads as the canonical JSON text its hash covers. */
export type StoredRow = Omit<RecordedEvent, 'data' | 'metadata'> & CanonicalPayloads;

/** Parses a stored row's payloads back: the event exactly as a read returns it. */
export const rowToRecorded = (r: StoredRow): RecordedEvent => ({
  stream: r.stream,
  streamRevision: r.streamRevision,
  globalPosition: r.globalPosition,
  id: r.id,
  type: r.type,
  schemaVersion: r.schemaVersion,
  data: JSON.parse(r.data) as unknown,
  metadata: JSON.parse(r.metadata) as unknown,
  recordedAt: r.recordedAt,
  prevHash: r.prevHash,
  hash: r.hash,
});

/**
 * The `AppendResult` of rows just stored: their `events` are parsed from the canonical text only
 * when read (an import appending a million events never asks for them).
 */
export const resultOfRows = (stream: string, rows: readonly StoredRow[]): AppendResult => {
  const first = rows[0] as StoredRow;
  const last = rows[rows.length - 1] as StoredRow;
  let events: readonly RecordedEvent[] | undefined;
  return {
    stream,
    firstRevision: first.streamRevision,
    lastRevision: last.streamRevision,
    lastPosition: last.globalPosition,
    recordedAt: last.recordedAt,
    get events() {
      return (events ??= rows.map(rowToRecorded));
    },
  };
};

/** Builds the chained rows of a batch (with its canonical `payloads`) appended after `head` at global position `firstPosition`. */
export const buildRows = (
  stream: string,
  events: readonly NewEvent[],
  payloads: readonly CanonicalPayloads[],
  head: StreamHead | undefined,
  firstPosition: bigint,
  recordedAt: string,
): StoredRow[] => {
  let prevHash = head?.hash ?? GENESIS_HASH;
  const base = head === undefined ? 0 : head.revision + 1;
  const rows: StoredRow[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as NewEvent;
    const p = payloads[i] as CanonicalPayloads;
    // One object per row (no spreads): this runs for every appended event.
    const row: { -readonly [K in keyof StoredRow]: StoredRow[K] } = {
      stream,
      streamRevision: base + i,
      globalPosition: firstPosition + BigInt(i),
      id: e.id,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: p.data,
      metadata: p.metadata,
      recordedAt,
      prevHash,
      hash: '',
    };
    row.hash = hashEventText(prevHash, row);
    prevHash = row.hash;
    rows.push(row);
  }
  return rows;
};

/** What `planAppend` reads of the store, inside the transaction that will write its rows. */
export interface AppendLookups {
  /** The stored events among the call's ids, by id (an identical retry's). */
  readonly found: ReadonlyMap<string, RecordedEvent>;
  /** The stream's last stored event; asked once per stream, the call's own rows after that. */
  readonly head: (stream: string) => StreamHead | undefined;
  /** The global position of the first row written; asked once, when the first row is built. */
  readonly nextPosition: () => bigint;
  readonly lastRecordedAt: string | undefined;
}

/**
 * The rows an append call of `batches` (each with its canonical `payloads`) writes, and the call's
 * results: in order, each batch is an identical retry (its stored result), or is checked against its
 * stream's head (the call's earlier rows included) and chained after it, one clock stamp for the
 * call and a backfilled batch's own instant, in order. Throws the first batch's error; writes nothing.
 */
export const planAppend = (
  batches: readonly AppendBatch[],
  payloads: readonly (readonly CanonicalPayloads[])[],
  store: AppendLookups,
  clock: () => Date,
  pathOf: (k: number) => FieldPath,
): { rows: StoredRow[]; results: AppendResult[] } => {
  const heads = new Map<string, StreamHead | undefined>();
  const rows: StoredRow[] = [];
  const planned: (AppendResult | { readonly fresh: number; readonly count: number })[] = [];
  let stamp: string | undefined;
  let lastAt = store.lastRecordedAt;
  let position: bigint | undefined;
  for (let k = 0; k < batches.length; k++) {
    const { stream, events, expectedRevision, recordedAt: stated } = batches[k] as AppendBatch;
    const retried =
      store.found.size === 0
        ? undefined
        : resolveRetry(
            stream,
            events,
            expectedRevision,
            events.map((e) => store.found.get(e.id)),
            pathOf(k),
          );
    if (retried !== undefined) {
      planned.push(retried);
      continue;
    }
    const head = heads.has(stream) ? heads.get(stream) : store.head(stream);
    checkExpected(stream, expectedRevision, head);
    const recordedAt =
      stated === undefined
        ? (stamp ??= recordedAtFor(undefined, clock, lastAt))
        : recordedAtFor(stated, clock, lastAt, [...pathOf(k), 'recordedAt']);
    lastAt = recordedAt;
    position ??= store.nextPosition();
    const built = buildRows(
      stream,
      events,
      payloads[k] as CanonicalPayloads[],
      head,
      position,
      recordedAt,
    );
    const last = built[built.length - 1] as StoredRow;
    heads.set(stream, { revision: last.streamRevision, hash: last.hash });
    position += BigInt(built.length);
    planned.push({ fresh: rows.length, count: built.length });
    rows.push(...built);
  }
  return {
    rows,
    results: planned.map((r, k) =>
      'fresh' in r
        ? resultOfRows((batches[k] as AppendBatch).stream, rows.slice(r.fresh, r.fresh + r.count))
        : r,
    ),
  };
};

/** Sources `checkRestore` consults: current stream heads, already-stored ids, the log's end. */
export interface RestoreLookups {
  readonly head: (stream: string) => StreamHead | undefined;
  readonly isStored: (id: string) => boolean;
  readonly lastRecordedAt: string | undefined;
  /**
   * The global position the first restored event takes, for a store that numbers its log 0, 1, 2, …
   * with no hole: an export's positions must then run on from it one by one (a hole is a line
   * deleted, even where the stream chains still hold). Undefined for a store that assigns
   * positions its own way (EventStoreDB), whose exports have holes anyway.
   */
  readonly firstPosition: bigint | undefined;
}

/** A stream's head while a restore is checked; `index` is the batch's event it is (undefined: the store's). */
interface RestoredHead extends StreamHead {
  readonly index?: number;
}

/** What is wrong with an event of a restore, short of naming the event. */
type Fault = Omit<RestoreFault, 'index' | 'eventId' | 'stream' | 'revision'>;

const relatedTo = (head: RestoredHead | undefined): { related?: number } =>
  head?.index === undefined ? {} : { related: head.index };

const repeatedFault = (e: RecordedEvent, seen: ReadonlyMap<string, number>): Fault | undefined => {
  const earlier = seen.get(e.id);
  return earlier === undefined ? undefined : { reason: 'repeated_event', related: earlier };
};

const positionFault = (
  e: RecordedEvent,
  i: number,
  first: bigint | undefined,
): Fault | undefined => {
  if (first === undefined) return undefined;
  const expected = first + BigInt(i);
  return e.globalPosition === expected
    ? undefined
    : { reason: 'position_gap', expected: String(expected), found: String(e.globalPosition) };
};

const revisionFault = (e: RecordedEvent, head: RestoredHead | undefined): Fault | undefined => {
  const next = head === undefined ? 0 : head.revision + 1;
  if (e.streamRevision === next) return undefined;
  // Against a stream as stored, the store is not where the export continues: a conflict, not a tampered export.
  if (head !== undefined && head.index === undefined)
    throw new ConcurrencyConflict(
      e.stream,
      e.streamRevision === 0 ? 'no_stream' : e.streamRevision - 1,
      head.revision,
    );
  const found = String(e.streamRevision);
  return { reason: 'revision_gap', expected: String(next), found, ...relatedTo(head) };
};

const chainFault = (
  e: RecordedEvent,
  payload: CanonicalPayloads,
  head: RestoredHead | undefined,
): Fault | undefined => {
  const prev = head?.hash ?? GENESIS_HASH;
  if (e.prevHash !== prev)
    return { reason: 'broken_link', expected: prev, found: e.prevHash, ...relatedTo(head) };
  const hash = hashEventText(prev, { ...e, ...payload });
  return hash === e.hash ? undefined : { reason: 'hash_mismatch', expected: hash, found: e.hash };
};

/** Recorded times never decrease: against the event before, or (for the first) the store's last. */
const timeFault = (
  events: readonly RecordedEvent[],
  i: number,
  lastRecordedAt: string | undefined,
): Fault | undefined => {
  const e = events[i] as RecordedEvent;
  const before = events[i - 1];
  if (before !== undefined)
    return e.recordedAt < before.recordedAt
      ? {
          reason: 'time_backwards',
          expected: before.recordedAt,
          found: e.recordedAt,
          related: i - 1,
        }
      : undefined;
  if (lastRecordedAt !== undefined && e.recordedAt < lastRecordedAt)
    throw new InvalidEvent('INVALID_EVENT', 'restored events are older than the store', [
      'events',
      0,
      'recordedAt',
    ]);
  return undefined;
};

const refused = (e: RecordedEvent, index: number, fault: Fault): RestoreRefused =>
  new RestoreRefused({
    index,
    eventId: e.id,
    stream: e.stream,
    revision: e.streamRevision,
    ...fault,
  });

/**
 * Checks an export batch before anything is written, event by event in its order, and refuses the
 * first that disagrees with the chain (`RestoreRefused`, `INTEGRITY_VIOLATION`): an id seen before,
 * a global position that is not the next (when the store numbers them), a revision that is not its
 * stream's next, a `prevHash` that is not its stream's previous hash, a `hash` that is not that of
 * its content, a recorded time before the event before it. The hash comes before the time, so an
 * edited `recordedAt` is that event's hash mismatch rather than its neighbour's disorder. A batch
 * that does not fit the store (a stream stored at another revision, a stored id, events older than
 * the store) is refused as an append would be.
 */
export const checkRestore = (
  events: readonly RecordedEvent[],
  payloads: readonly CanonicalPayloads[],
  lookups: RestoreLookups,
): void => {
  const heads = new Map<string, RestoredHead | undefined>();
  const seen = new Map<string, number>();
  events.forEach((e, i) => {
    const head = heads.has(e.stream) ? heads.get(e.stream) : lookups.head(e.stream);
    const fault =
      repeatedFault(e, seen) ??
      positionFault(e, i, lookups.firstPosition) ??
      revisionFault(e, head) ??
      chainFault(e, payloads[i] as CanonicalPayloads, head);
    if (fault !== undefined) throw refused(e, i, fault);
    if (lookups.isStored(e.id)) throw new EventIdReused(e.id, ['events', i, 'id']);
    const late = timeFault(events, i, lookups.lastRecordedAt);
    if (late !== undefined) throw refused(e, i, late);
    seen.set(e.id, i);
    heads.set(e.stream, { revision: e.streamRevision, hash: e.hash, index: i });
  });
};

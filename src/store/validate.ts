import type { FieldPath } from '../../domain/shared/errors.js';
import type { ExpectedRevision, NewEvent, RecordedEvent } from './event-store.js';
import { InvalidEvent } from './errors.js';
import {
  canonicalJson,
  checkText,
  isWellFormedText,
  plainCanonicalJson,
} from './canonical-json.js';

// Lower-case only, so every adapter (EventStoreDB normalises case) gives back the id it was given.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RECORDED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An event's payloads as RFC 8785 canonical JSON text: what is hashed, and what SQLite stores. */
export interface CanonicalPayloads {
  readonly data: string;
  readonly metadata: string;
}

const fail = (path: FieldPath, message: string): never => {
  throw new InvalidEvent('INVALID_EVENT', message, path);
};

/** Throws `InvalidEvent` (with the path) unless `value` survives a JSON round trip unchanged. */
export const assertJson = (value: unknown, path: FieldPath): void =>
  void canonicalJson(value, path);

/** Throws `InvalidEvent` unless `stream` is a usable stream name. */
export const assertStreamName = (stream: unknown, path: FieldPath = ['stream']): void => {
  if (typeof stream !== 'string' || stream.length === 0)
    fail(path, 'stream name must be a non-empty string');
  const s = stream as string;
  if (s.includes('\0')) fail(path, 'stream name must not contain NUL');
  // `$`-prefixed streams are EventStoreDB system streams; refused everywhere so all adapters agree.
  if (s.startsWith('$')) fail(path, 'stream names starting with "$" are reserved');
  checkText(s, path);
};

/** Validates a new event (uuid id, type, version, JSON payloads) and returns its canonical payloads. */
export const checkNewEvent = (e: NewEvent, path: FieldPath): CanonicalPayloads =>
  checkEventAt(e, path, undefined);

const pathAt = (base: FieldPath, i: number | undefined, ...rest: (string | number)[]): FieldPath =>
  i === undefined ? [...base, ...rest] : [...base, 'events', i, ...rest];

const checkType = (type: unknown, base: FieldPath, i: number | undefined): void => {
  if (typeof type !== 'string' || type.length === 0)
    fail(pathAt(base, i, 'type'), 'type must be a non-empty string');
  const t = type as string;
  if (t.includes('\0')) fail(pathAt(base, i, 'type'), 'type must not contain NUL');
  // EventStoreDB filters `$`-types out of subscriptions as system events.
  if (t.startsWith('$')) fail(pathAt(base, i, 'type'), 'types starting with "$" are reserved');
  if (!isWellFormedText(t)) checkText(t, pathAt(base, i, 'type'));
};

/**
 * `checkNewEvent` at `base` (or at `[...base, 'events', i]` when `i` is given); paths are built
 * only for an error, since this runs for every event appended.
 */
const checkEventAt = (e: NewEvent, base: FieldPath, i: number | undefined): CanonicalPayloads => {
  if (typeof e !== 'object' || e === null) fail(pathAt(base, i), 'event must be an object');
  if (typeof e.id !== 'string' || !UUID.test(e.id))
    fail(pathAt(base, i, 'id'), 'id must be a lower-case UUID');
  checkType(e.type, base, i);
  if (!Number.isSafeInteger(e.schemaVersion) || e.schemaVersion < 1)
    fail(pathAt(base, i, 'schemaVersion'), 'schemaVersion must be a positive integer');
  const data = plainCanonicalJson(e.data) ?? canonicalJson(e.data, pathAt(base, i, 'data'));
  const metadata =
    plainCanonicalJson(e.metadata) ?? canonicalJson(e.metadata, pathAt(base, i, 'metadata'));
  return { data, metadata };
};

/** Throws `InvalidEvent` unless `e` is a well-formed new event. */
export const assertNewEvent = (e: NewEvent, path: FieldPath): void => void checkNewEvent(e, path);

/**
 * Validates one `append` batch (stream, expectation, a non-empty batch of distinct valid events),
 * with error paths below `base`; `seen` collects ids across the batches of one call. Returns the
 * canonical payloads, in batch order.
 */
export const assertAppend = (
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  base: FieldPath = [],
  seen = new Set<string>(),
): CanonicalPayloads[] => {
  assertStreamName(stream, [...base, 'stream']);
  assertExpected(expected, [...base, 'expectedRevision']);
  if (!Array.isArray(events) || events.length === 0)
    fail([...base, 'events'], 'append needs at least one event');
  const ids = new Set<string>();
  return events.map((e, i) => {
    const payloads = checkEventAt(e, base, i);
    if (ids.has(e.id)) fail([...base, 'events', i, 'id'], 'duplicate event id in one batch');
    if (seen.has(e.id)) fail([...base, 'events', i, 'id'], 'duplicate event id in one call');
    ids.add(e.id);
    seen.add(e.id);
    return payloads;
  });
};

const assertExpected = (expected: ExpectedRevision, path: FieldPath): void => {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isSafeInteger(expected) || expected < 0)
    fail(path, 'expectedRevision must be a mode or a non-negative integer');
};

/**
 * Validates the shape of recorded events handed to `appendRecorded`; returns their canonical
 * payloads. How they chain (repeated ids, positions, revisions, hashes, the order of recorded
 * times) is `checkRestore`'s, which names the first event out of place as an integrity failure.
 */
export const assertRecorded = (events: readonly RecordedEvent[]): CanonicalPayloads[] =>
  events.map((e, i) => {
    assertStreamName(e.stream, ['events', i, 'stream']);
    const payloads = checkEventAt(e, [], i);
    if (!Number.isSafeInteger(e.streamRevision) || e.streamRevision < 0)
      fail(['events', i, 'streamRevision'], 'bad revision');
    if (typeof e.globalPosition !== 'bigint')
      fail(['events', i, 'globalPosition'], 'globalPosition must be a bigint');
    if (typeof e.recordedAt !== 'string' || !RECORDED_AT.test(e.recordedAt))
      fail(['events', i, 'recordedAt'], 'bad recordedAt');
    return payloads;
  });

import type { FieldPath } from '../../domain/shared/errors.js';
import type { ExpectedRevision, NewEvent, RecordedEvent } from './event-store.js';
import { InvalidEvent } from './errors.js';

// Lower-case only, so every adapter (EventStoreDB normalises case) gives back the id it was given.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// In a `u` regex a surrogate class matches only *lone* surrogates, which UTF-8 storage would mangle.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const RECORDED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_DEPTH = 512;

const fail = (path: FieldPath, message: string): never => {
  throw new InvalidEvent('INVALID_EVENT', message, path);
};

const checkText = (s: string, path: FieldPath): void => {
  if (LONE_SURROGATE.test(s)) fail(path, 'strings must be well-formed Unicode (lone surrogate found)');
};

const isPlainObject = (v: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Throws `InvalidEvent` (with the path) unless `value` survives a JSON round trip unchanged. */
export const assertJson = (value: unknown, path: FieldPath, seen: Set<object> = new Set()): void => {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') return checkText(value, path);
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : fail(path, `not JSON: ${String(value)}`);
  if (typeof value !== 'object') return fail(path, `not JSON: ${typeof value}`);
  assertContainer(value, path, seen);
};

const assertContainer = (value: object, path: FieldPath, seen: Set<object>): void => {
  if (seen.has(value)) return fail(path, 'not JSON: cyclic structure');
  if (path.length > MAX_DEPTH) return fail(path, 'not JSON: nested too deeply');
  seen.add(value);
  if (Array.isArray(value)) assertArray(value, path, seen);
  else if (isPlainObject(value)) assertObject(value as Record<string, unknown>, path, seen);
  else fail(path, `not JSON: ${value.constructor?.name ?? 'exotic'} object`);
  seen.delete(value);
};

const assertArray = (value: readonly unknown[], path: FieldPath, seen: Set<object>): void => {
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) fail([...path, i], 'not JSON: sparse array hole');
    assertJson(value[i], [...path, i], seen);
  }
};

const assertObject = (value: Record<string, unknown>, path: FieldPath, seen: Set<object>): void => {
  if (Object.getOwnPropertySymbols(value).length > 0) fail(path, 'not JSON: symbol keys');
  for (const key of Object.keys(value)) {
    checkText(key, [...path, key]);
    assertJson(value[key], [...path, key], seen);
  }
};

/** Throws `InvalidEvent` unless `stream` is a usable stream name. */
export const assertStreamName = (stream: unknown, path: FieldPath = ['stream']): void => {
  if (typeof stream !== 'string' || stream.length === 0) fail(path, 'stream name must be a non-empty string');
  const s = stream as string;
  if (s.includes('\0')) fail(path, 'stream name must not contain NUL');
  // `$`-prefixed streams are EventStoreDB system streams; refused everywhere so all adapters agree.
  if (s.startsWith('$')) fail(path, 'stream names starting with "$" are reserved');
  checkText(s, path);
};

/** Throws `InvalidEvent` unless `e` is a well-formed new event (uuid id, type, version, JSON payloads). */
export const assertNewEvent = (e: NewEvent, path: FieldPath): void => {
  if (typeof e !== 'object' || e === null) fail(path, 'event must be an object');
  if (typeof e.id !== 'string' || !UUID.test(e.id)) fail([...path, 'id'], 'id must be a lower-case UUID');
  if (typeof e.type !== 'string' || e.type.length === 0) fail([...path, 'type'], 'type must be a non-empty string');
  if (e.type.includes('\0')) fail([...path, 'type'], 'type must not contain NUL');
  // EventStoreDB filters `$`-types out of subscriptions as system events.
  if (e.type.startsWith('$')) fail([...path, 'type'], 'types starting with "$" are reserved');
  checkText(e.type, [...path, 'type']);
  if (!Number.isSafeInteger(e.schemaVersion) || e.schemaVersion < 1) fail([...path, 'schemaVersion'], 'schemaVersion must be a positive integer');
  assertJson(e.data, [...path, 'data']);
  assertJson(e.metadata, [...path, 'metadata']);
};

/** Validates a whole `append` call: stream, expectation, a non-empty batch of distinct valid events. */
export const assertAppend = (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): void => {
  assertStreamName(stream);
  assertExpected(expected);
  if (!Array.isArray(events) || events.length === 0) fail(['events'], 'append needs at least one event');
  const ids = new Set<string>();
  events.forEach((e, i) => {
    assertNewEvent(e, ['events', i]);
    if (ids.has(e.id)) fail(['events', i, 'id'], 'duplicate event id in one batch');
    ids.add(e.id);
  });
};

const assertExpected = (expected: ExpectedRevision): void => {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isSafeInteger(expected) || expected < 0) fail(['expectedRevision'], 'expectedRevision must be a mode or a non-negative integer');
};

/** Validates the shape of recorded events handed to `appendRecorded` (not their hashes). */
export const assertRecorded = (events: readonly RecordedEvent[]): void => {
  const ids = new Set<string>();
  events.forEach((e, i) => {
    assertStreamName(e.stream, ['events', i, 'stream']);
    assertNewEvent(e, ['events', i]);
    if (!Number.isSafeInteger(e.streamRevision) || e.streamRevision < 0) fail(['events', i, 'streamRevision'], 'bad revision');
    if (typeof e.recordedAt !== 'string' || !RECORDED_AT.test(e.recordedAt)) fail(['events', i, 'recordedAt'], 'bad recordedAt');
    if (i > 0 && e.recordedAt < (events[i - 1]?.recordedAt ?? '')) fail(['events', i, 'recordedAt'], 'recordedAt goes backwards');
    if (ids.has(e.id)) fail(['events', i, 'id'], 'duplicate event id in one batch');
    ids.add(e.id);
  });
};

import { DecreeError } from '../../domain/shared/errors.js';
import type { ExpectedRevision } from './event-store.js';

/** Every code the store layer throws. */
export type StoreErrorCode =
  | 'CONCURRENCY_CONFLICT'
  | 'EVENT_ID_REUSED'
  | 'STORE_UNAVAILABLE'
  | 'INTEGRITY_VIOLATION'
  | 'INVALID_EVENT'
  | 'UNKNOWN_STORE'
  | 'STORE_DRIVER_MISSING'
  | 'UNSUPPORTED_STORE_SCHEMA';

/** The current revision of a stream as reported in a conflict. */
export type ActualRevision = number | 'no_stream';

const hasCode = (e: unknown, code: StoreErrorCode): boolean =>
  e instanceof Error && (e as { code?: unknown }).code === code;

/** The stream was not where the caller expected it to be. */
export class ConcurrencyConflict extends DecreeError<'CONCURRENCY_CONFLICT'> {
  override readonly name: string = 'ConcurrencyConflict';
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly actual: ActualRevision;
  constructor(stream: string, expected: ExpectedRevision, actual: ActualRevision) {
    super(
      'CONCURRENCY_CONFLICT',
      `stream ${JSON.stringify(stream)} expected at ${String(expected)} but is at ${String(actual)}`,
      [],
      { stream, expected, actual },
    );
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }
}

/** An event id is already stored with different content, or in another stream or position. */
export class EventIdReused extends DecreeError<'EVENT_ID_REUSED'> {
  override readonly name: string = 'EventIdReused';
  readonly eventId: string;
  constructor(eventId: string, path: readonly (string | number)[] = []) {
    super(
      'EVENT_ID_REUSED',
      `event id ${eventId} is already stored with other content or elsewhere`,
      path,
      { eventId },
    );
    this.eventId = eventId;
  }
}

/** The backing store could not be reached or used (closed, locked, IO error, network). */
export class StoreUnavailable extends DecreeError<'STORE_UNAVAILABLE'> {
  override readonly name: string = 'StoreUnavailable';
  override readonly cause: unknown;
  constructor(message: string, cause?: unknown) {
    super('STORE_UNAVAILABLE', message, [], {});
    this.cause = cause;
  }
}

/** A stored or restored event does not match its hash chain. */
export class IntegrityViolation extends DecreeError<'INTEGRITY_VIOLATION'> {
  override readonly name: string = 'IntegrityViolation';
  readonly stream: string;
  readonly revision: number;
  readonly expected: string;
  readonly found: string;
  constructor(
    stream: string,
    revision: number,
    expected: string,
    found: string,
    reason = 'hash mismatch',
  ) {
    super(
      'INTEGRITY_VIOLATION',
      `${reason} in stream ${JSON.stringify(stream)} at revision ${revision}`,
      [],
      { stream, revision, expected, found, reason },
    );
    this.stream = stream;
    this.revision = revision;
    this.expected = expected;
    this.found = found;
  }
}

/** An event (or the batch, or the stream name) is malformed; `path` points at the offending field. */
export class InvalidEvent extends DecreeError<'INVALID_EVENT'> {
  override readonly name: string = 'InvalidEvent';
}

/** A read's options are malformed (an unknown direction, a revision or limit that is no whole number from 0, an `after` or `recordedBy` that is no position or instant); `path` points at the option. */
export class InvalidRead extends DecreeError<'INVALID_READ'> {
  override readonly name: string = 'InvalidRead';
}

/** A backfill's stated `recordedAt` goes back before the log's last recorded instant, or ahead of the clock. */
export class RecordedAtRefused extends DecreeError<
  'RECORDED_AT_OUT_OF_ORDER' | 'RECORDED_AT_IN_FUTURE'
> {
  override readonly name: string = 'RecordedAtRefused';
}

/** `openEventStore` did not recognise its spec. */
export class UnknownStore extends DecreeError<'UNKNOWN_STORE'> {
  override readonly name: string = 'UnknownStore';
}

/** The store named needs an optional driver package that is not installed (the message says which). */
export class StoreDriverMissing extends DecreeError<'STORE_DRIVER_MISSING'> {
  override readonly name: string = 'StoreDriverMissing';
}

/** The file named as a store is another application's database (or no SQLite database at all): refused, left untouched. */
export class NotADecreeStore extends DecreeError<'NOT_A_DECREE_STORE'> {
  override readonly name: string = 'NotADecreeStore';
}

/** The store was opened read-only (an archive copy, a file or folder this process cannot write): it answers queries, takes no writes. */
export class StoreReadOnly extends DecreeError<'STORE_READ_ONLY'> {
  override readonly name: string = 'StoreReadOnly';
}

/** The store file was written by a newer, unknown schema version. */
export class UnsupportedStoreSchema extends DecreeError<'UNSUPPORTED_STORE_SCHEMA'> {
  override readonly name: string = 'UnsupportedStoreSchema';
}

/** Structural guard for `ConcurrencyConflict`. */
export const isConcurrencyConflict = (e: unknown): e is ConcurrencyConflict =>
  hasCode(e, 'CONCURRENCY_CONFLICT');
/** Structural guard for `EventIdReused`. */
export const isEventIdReused = (e: unknown): e is EventIdReused => hasCode(e, 'EVENT_ID_REUSED');
/** Structural guard for `StoreUnavailable`. */
export const isStoreUnavailable = (e: unknown): e is StoreUnavailable =>
  hasCode(e, 'STORE_UNAVAILABLE');
/** Structural guard for `IntegrityViolation`. */
export const isIntegrityViolation = (e: unknown): e is IntegrityViolation =>
  hasCode(e, 'INTEGRITY_VIOLATION');
/** Structural guard for `InvalidEvent`. */
export const isInvalidEvent = (e: unknown): e is InvalidEvent => hasCode(e, 'INVALID_EVENT');
/** Structural guard for `UnknownStore`. */
export const isUnknownStore = (e: unknown): e is UnknownStore => hasCode(e, 'UNKNOWN_STORE');
/** Structural guard for `StoreDriverMissing`. */
export const isStoreDriverMissing = (e: unknown): e is StoreDriverMissing =>
  hasCode(e, 'STORE_DRIVER_MISSING');
/** Structural guard for `UnsupportedStoreSchema`. */
export const isUnsupportedStoreSchema = (e: unknown): e is UnsupportedStoreSchema =>
  hasCode(e, 'UNSUPPORTED_STORE_SCHEMA');

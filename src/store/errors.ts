import { DecreeError } from '../../domain/shared/errors.js';
import type { ExpectedRevision } from './event-store.js';
import { GENESIS_HASH } from './hash-chain.js';

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

/**
 * Why a restore refused one event of an export, the first that disagrees with the chain it claims:
 * `repeated_event` (its id is an earlier event's), `position_gap` (not the next global position),
 * `revision_gap` (not its stream's next revision), `broken_link` (its `prevHash` is not its stream's
 * previous hash), `hash_mismatch` (its `hash` is not that of its content), `time_backwards` (recorded
 * before the event before it).
 */
export type RestoreFaultReason =
  | 'repeated_event'
  | 'position_gap'
  | 'revision_gap'
  | 'broken_link'
  | 'hash_mismatch'
  | 'time_backwards';

/** The first event of a restore that disagrees with the chain, as `RestoreRefused` carries it. */
export interface RestoreFault {
  /** The event's index in the restored batch, from 0. */
  readonly index: number;
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly reason: RestoreFaultReason;
  /** The value the chain calls for (a position, a revision, a hash, an instant); absent for `repeated_event`. */
  readonly expected?: string;
  /** The value the event holds instead; absent for `repeated_event`. */
  readonly found?: string;
  /** The index of the event the fault is measured against (the earlier copy, the stream's previous event, the event before), when it is in the batch. */
  readonly related?: number;
}

/** How a refusal names the restored events: by index in the batch (the store's API) or by line of the export file. */
export interface RestoreNaming {
  /** The name of the event at an index, e.g. `events[3]` or `line 4`. */
  readonly at: (index: number) => string;
  /** What the restored items are called, e.g. `event` or `line`. */
  readonly unit: string;
}

const BY_INDEX: RestoreNaming = { at: (i) => `events[${i}]`, unit: 'event' };

/** What is wrong with a position, as the message says it. */
const positionProblem = (f: RestoreFault, n: RestoreNaming): string => {
  const head = `position ${f.expected} expected, found ${f.found}`;
  if (f.index === 0 && f.expected !== '0')
    return `${head}: a restore continues the store's log, whose next position is ${f.expected}`;
  return BigInt(f.found ?? 0) > BigInt(f.expected ?? 0)
    ? `${head}: a ${n.unit} is missing before it, or the ${n.unit}s are out of order`
    : `${head}: a ${n.unit} is repeated or out of order before it`;
};

/** What is wrong with a stream revision, as the message says it. */
const revisionProblem = (f: RestoreFault, n: RestoreNaming): string => {
  if (f.related === undefined)
    return `revision ${f.expected} expected, found ${f.found}: the stream's first ${n.unit}s are missing`;
  const why =
    Number(f.found) > Number(f.expected)
      ? `a ${n.unit} of the stream is missing before it, or its ${n.unit}s are out of order`
      : `a ${n.unit} of the stream is repeated or out of order before it`;
  return `revision ${f.expected} expected after ${n.at(f.related)}, found ${f.found}: ${why}`;
};

/** What is wrong with the event, as the message says it (after the event is named). */
const problemOf = (f: RestoreFault, n: RestoreNaming): string => {
  const related = f.related === undefined ? undefined : n.at(f.related);
  switch (f.reason) {
    case 'repeated_event':
      return `it repeats the event id of ${related ?? 'an earlier event'}: each event is recorded once`;
    case 'position_gap':
      return positionProblem(f, n);
    case 'revision_gap':
      return revisionProblem(f, n);
    case 'broken_link':
      return related === undefined
        ? `its prevHash is not ${f.expected === GENESIS_HASH ? 'the 64 zeros a stream starts from' : "the hash of its stream's last stored event"}: the chain is broken here`
        : `its prevHash is not the hash of ${related}, the stream's previous event: the chain is broken here`;
    case 'hash_mismatch':
      return 'its hash does not match its content';
    case 'time_backwards':
      return `recorded at ${f.found}, before ${related ?? 'the event before it'} (${f.expected}): recorded times never decrease, so the ${n.unit}s are out of order`;
  }
};

/**
 * A restore refused an export: one of its events disagrees with the chain it claims (an event
 * edited, dropped, repeated or moved). The message names the event (by `naming`), its id, stream
 * and revision, and what is wrong; `details` hold the `RestoreFault`. Nothing was written.
 */
export class RestoreRefused extends DecreeError<'INTEGRITY_VIOLATION'> {
  override readonly name: string = 'RestoreRefused';
  readonly fault: RestoreFault;
  constructor(
    fault: RestoreFault,
    naming: RestoreNaming = BY_INDEX,
    extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(
      'INTEGRITY_VIOLATION',
      `${naming.at(fault.index)} (event ${fault.eventId}, stream ${JSON.stringify(fault.stream)} revision ${fault.revision}): ${problemOf(fault, naming)}`,
      [],
      { ...fault, ...extra },
    );
    this.fault = fault;
  }
}

/** The fault a restore's refusal carries (a `RestoreRefused`, recognised by its code and details), or undefined for any other error. */
export const restoreFaultOf = (e: unknown): RestoreFault | undefined => {
  if (!hasCode(e, 'INTEGRITY_VIOLATION')) return undefined;
  const d = (e as { details?: Partial<RestoreFault> }).details;
  if (typeof d?.index !== 'number' || typeof d.reason !== 'string' || typeof d.eventId !== 'string')
    return undefined;
  const { index, eventId, stream, revision, reason, expected, found, related } = d as RestoreFault;
  return {
    index,
    eventId,
    stream,
    revision,
    reason,
    ...(expected === undefined ? {} : { expected }),
    ...(found === undefined ? {} : { found }),
    ...(related === undefined ? {} : { related }),
  };
};

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

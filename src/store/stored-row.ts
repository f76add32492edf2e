import type { RecordedEvent } from './event-store.js';
import { IntegrityViolation } from './errors.js';

/** An event as the SQL stores keep it: one row, payloads as canonical JSON text (`P`: how the driver reads a position). */
export interface EventRow<P extends number | bigint | string = number | bigint | string> {
  global_position: P;
  stream: string;
  stream_revision: number;
  id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** The columns of `decree_events`, in the order of `EventRow` (and of the SQL stores' inserts). */
export const EVENT_COLUMNS =
  'global_position, stream, stream_revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/** Stored JSON text parsed; unparseable text is an `IntegrityViolation` naming the event. */
export const parseStoredJson = (text: string, stream: string, revision: number): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new IntegrityViolation(
      stream,
      revision,
      'valid JSON',
      text.slice(0, 64),
      'unparseable stored JSON',
    );
  }
};

/** A stored row as the event it records; unparseable stored JSON is an `IntegrityViolation`. */
export const recordedOfRow = (row: EventRow): RecordedEvent => ({
  stream: row.stream,
  streamRevision: row.stream_revision,
  globalPosition: BigInt(row.global_position),
  id: row.id,
  type: row.type,
  schemaVersion: row.schema_version,
  data: parseStoredJson(row.data, row.stream, row.stream_revision),
  metadata: parseStoredJson(row.metadata, row.stream, row.stream_revision),
  recordedAt: row.recorded_at,
  prevHash: row.prev_hash,
  hash: row.hash,
});

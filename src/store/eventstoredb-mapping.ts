import type {
  AllStreamResolvedEvent,
  EventData,
  JSONType,
  Position,
  ResolvedEvent,
} from '@eventstore/db-client';
import type { RecordedEvent } from './event-store.js';

const U64 = (1n << 64n) - 1n;
export { isEventStoreDbConnectionString, toClientConnectionString } from './eventstoredb-scheme.js';

/** One reversible, order-preserving bigint for an ESDB position: `(commit << 64) | prepare`. */
export const encodePosition = (p: Position): bigint => (p.commit << 64n) | (p.prepare & U64);

/** Inverse of `encodePosition`. */
export const decodePosition = (n: bigint): Position => ({ commit: n >> 64n, prepare: n & U64 });

/** What Decree keeps in the ESDB event metadata so a read rebuilds the same `RecordedEvent`. */
interface DecreeEnvelope {
  readonly decree: 1;
  readonly schemaVersion: number;
  readonly metadata: unknown;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

const isEnvelope = (m: unknown): m is DecreeEnvelope =>
  typeof m === 'object' &&
  m !== null &&
  (m as { decree?: unknown }).decree === 1 &&
  typeof (m as { hash?: unknown }).hash === 'string';

/** The client event for a recorded event (ESDB assigns the position). */
export const toEventData = (e: RecordedEvent): EventData => {
  const envelope: DecreeEnvelope = {
    decree: 1,
    schemaVersion: e.schemaVersion,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
    prevHash: e.prevHash,
    hash: e.hash,
  };
  // The client JSON-stringifies `data`, so any JSON value (null, numbers) round-trips despite the narrower type.
  return {
    id: e.id,
    contentType: 'application/json',
    type: e.type,
    data: e.data as JSONType,
    metadata: envelope as unknown as JSONType,
  };
};

/**
 * Rebuilds our event from a resolved client event; `undefined` for link events, binary events
 * and events that Decree did not write (no envelope), which Decree reads skip.
 */
export const fromResolved = (
  r: ResolvedEvent | AllStreamResolvedEvent,
): RecordedEvent | undefined => {
  const ev = r.event;
  if (ev === undefined || !ev.isJson || !isEnvelope(ev.metadata)) return undefined;
  const m = ev.metadata;
  const position =
    ev.position ??
    (r.commitPosition === undefined
      ? undefined
      : { commit: r.commitPosition, prepare: r.commitPosition });
  return {
    stream: ev.streamId,
    streamRevision: Number(ev.revision),
    globalPosition: position === undefined ? -1n : encodePosition(position),
    id: ev.id,
    type: ev.type,
    schemaVersion: m.schemaVersion,
    data: ev.data,
    metadata: m.metadata,
    recordedAt: m.recordedAt,
    prevHash: m.prevHash,
    hash: m.hash,
  };
};

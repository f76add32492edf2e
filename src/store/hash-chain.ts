import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { RecordedEvent } from './event-store.js';

/** The `prevHash` of every stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers: everything but `globalPosition` (adapter-specific) and `hash` itself. */
export type HashedFields = Pick<
  RecordedEvent,
  'stream' | 'streamRevision' | 'id' | 'type' | 'schemaVersion' | 'data' | 'metadata' | 'recordedAt'
>;

/** The hashed fields with `data` and `metadata` already as RFC 8785 canonical JSON text. */
export type HashedText = Omit<HashedFields, 'data' | 'metadata'> & {
  readonly data: string;
  readonly metadata: string;
};

/** Canonical (RFC 8785) JSON of the hashed fields; the exact bytes the hash is taken over, after `prevHash`. */
export const canonicalEventJson = (prevHash: string, e: HashedFields): string => {
  const { stream, streamRevision, id, type, schemaVersion, data, metadata, recordedAt } = e;
  const json = canonicalize({
    stream,
    streamRevision,
    id,
    type,
    schemaVersion,
    data,
    metadata,
    recordedAt,
    prevHash,
  });
  if (json === undefined) throw new TypeError('event is not canonicalizable JSON');
  return json;
};

/**
 * The same text as `canonicalEventJson`, assembled from canonical payload text: keys in RFC 8785
 * (UTF-16) order, and RFC 8785 strings and integers are what `JSON.stringify` prints.
 */
export const canonicalEventText = (prevHash: string, e: HashedText): string =>
  `{"data":${e.data},"id":${JSON.stringify(e.id)},"metadata":${e.metadata},"prevHash":${JSON.stringify(prevHash)},` +
  `"recordedAt":${JSON.stringify(e.recordedAt)},"schemaVersion":${JSON.stringify(e.schemaVersion)},"stream":${JSON.stringify(e.stream)},` +
  `"streamRevision":${JSON.stringify(e.streamRevision)},"type":${JSON.stringify(e.type)}}`;

// One-shot `crypto.hash` (Node 20.12+): the same digest as a Hash object, without one per event.
const sha256 = (prevHash: string, json: string): string => hash('sha256', prevHash + json, 'hex');

/**
 * Hex SHA-256 of `prevHash + canonical JSON`. `globalPosition` is deliberately left out so the
 * chain is identical whichever adapter stored the event (an export restores with the same hashes).
 */
export const hashEvent = (prevHash: string, e: HashedFields): string =>
  sha256(prevHash, canonicalEventJson(prevHash, e));

/** `hashEvent` for an event whose payloads are canonical text; the caller vouches for that. */
export const hashEventText = (prevHash: string, e: HashedText): string =>
  sha256(prevHash, canonicalEventText(prevHash, e));

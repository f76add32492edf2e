import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { RecordedEvent } from './event-store.js';

/** The `prevHash` of every stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a hash covers: everything but `globalPosition` (adapter-specific) and `hash` itself. */
export type HashedFields = Pick<RecordedEvent, 'stream' | 'streamRevision' | 'id' | 'type' | 'schemaVersion' | 'data' | 'metadata' | 'recordedAt'>;

/** Canonical (RFC 8785) JSON of the hashed fields; the exact bytes the hash is taken over, after `prevHash`. */
export const canonicalEventJson = (prevHash: string, e: HashedFields): string => {
  const { stream, streamRevision, id, type, schemaVersion, data, metadata, recordedAt } = e;
  const json = canonicalize({ stream, streamRevision, id, type, schemaVersion, data, metadata, recordedAt, prevHash });
  if (json === undefined) throw new TypeError('event is not canonicalizable JSON');
  return json;
};

/**
 * Hex SHA-256 of `prevHash + canonical JSON`. `globalPosition` is deliberately left out so the
 * chain is identical whichever adapter stored the event (an export restores with the same hashes).
 */
export const hashEvent = (prevHash: string, e: HashedFields): string =>
  createHash('sha256').update(prevHash + canonicalEventJson(prevHash, e), 'utf8').digest('hex');

import canonicalize from 'canonicalize';
import type { EventStore } from './event-store.js';
import { hashEventText, type HashedText } from './hash-chain.js';

/** A stored event as its text columns: the payloads exactly as stored (canonical text since SQLite schema 2). */
export type RawEvent = HashedText & {
  readonly globalPosition: bigint;
  readonly prevHash: string;
  readonly hash: string;
};

/** A backend's raw read path for verification: pages of the global log in order, strictly after `after`. */
export interface RawChainSource {
  readPage(after: bigint | undefined, limit: number): readonly RawEvent[];
}

const sources = new WeakMap<EventStore, RawChainSource>();

/** Lets `verifyStore` hash `store`'s stored text directly (wrappers of the store take the generic path). */
export const registerRawChain = (store: EventStore, source: RawChainSource): void =>
  void sources.set(store, source);

/** The raw read path registered for exactly this store object, if any. */
export const rawChainOf = (store: EventStore): RawChainSource | undefined => sources.get(store);

/** Canonical text of stored JSON text; undefined when it does not parse. */
const recanonical = (text: string): string | undefined => {
  try {
    return canonicalize(JSON.parse(text));
  } catch {
    return undefined;
  }
};

/**
 * The hash a raw event should have after `prevHash`. The stored text is hashed as is; only when that
 * does not match is it re-canonicalised (rows written before payloads were stored canonically, or
 * edited by hand into another spelling of the same JSON) and hashed again.
 */
export const hashRaw = (prevHash: string, e: RawEvent): string => {
  const fast = hashEventText(prevHash, e);
  if (fast === e.hash) return fast;
  const data = recanonical(e.data);
  const metadata = recanonical(e.metadata);
  if (data === undefined || metadata === undefined || (data === e.data && metadata === e.metadata))
    return fast;
  return hashEventText(prevHash, { ...e, data, metadata });
};

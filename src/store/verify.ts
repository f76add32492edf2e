import type { EventStore, RecordedEvent } from './event-store.js';
import { GENESIS_HASH, hashEvent } from './hash-chain.js';
import { hashRaw, rawChainOf, type RawChainSource, type RawEvent } from './raw-chain.js';

/** Why a chain is broken at its first bad event. */
export type BreakReason = 'hash_mismatch' | 'broken_link' | 'revision_gap';

/** The first place a chain breaks, in global order. */
export interface ChainBreak {
  readonly stream: string;
  readonly revision: number;
  readonly globalPosition: bigint;
  readonly expected: string;
  readonly found: string;
  readonly reason: BreakReason;
}

/** Outcome of `verifyStore`: counts of what was checked, and the first break if any. */
export type VerifyResult =
  | { readonly ok: true; readonly streams: number; readonly events: number }
  | {
      readonly ok: false;
      readonly streams: number;
      readonly events: number;
      readonly firstBreak: ChainBreak;
    };

/** Progress report, sent every `progressEvery` events and once at the end. */
export interface VerifyProgress {
  readonly events: number;
  readonly streams: number;
  readonly globalPosition: bigint | undefined;
}

/** Options of `verifyStore`. */
export interface VerifyOptions {
  readonly onProgress?: (p: VerifyProgress) => void;
  readonly progressEvery?: number;
}

interface Tip {
  revision: number;
  hash: string;
}

/** What the chain walk needs of an event; the hash is computed by the path in use. */
type Link = Pick<
  RecordedEvent,
  'stream' | 'streamRevision' | 'globalPosition' | 'prevHash' | 'hash'
>;

type Broken = Omit<ChainBreak, 'stream' | 'revision' | 'globalPosition'>;

const check = <E extends Link>(
  e: E,
  tip: Tip | undefined,
  hashOf: (prev: string, e: E) => string,
): Broken | undefined => {
  const nextRevision = tip === undefined ? 0 : tip.revision + 1;
  if (e.streamRevision !== nextRevision)
    return {
      expected: String(nextRevision),
      found: String(e.streamRevision),
      reason: 'revision_gap',
    };
  const prev = tip?.hash ?? GENESIS_HASH;
  if (e.prevHash !== prev) return { expected: prev, found: e.prevHash, reason: 'broken_link' };
  const hash = hashOf(prev, e);
  if (hash !== e.hash) return { expected: hash, found: e.hash, reason: 'hash_mismatch' };
  return undefined;
};

/** Pages of the global log: the raw text path when the store registered one, else `readAll`. */
async function* pages(
  store: EventStore,
  raw: RawChainSource | undefined,
): AsyncGenerator<readonly (RecordedEvent | RawEvent)[]> {
  if (raw === undefined) {
    for await (const e of store.readAll()) yield [e];
    return;
  }
  for (let after: bigint | undefined; ;) {
    const page = raw.readPage(after, RAW_PAGE);
    if (page.length > 0) yield page;
    const last = page[page.length - 1];
    if (last === undefined || page.length < RAW_PAGE) return;
    after = last.globalPosition;
  }
}

const RAW_PAGE = 2000;

/**
 * Recomputes every stream's hash chain in one pass over the global log, keeping only the last
 * hash per stream, and reports the first break (design.md §7, `decree verify`). A SQLite store
 * is verified from its stored text (no parse, no re-canonicalisation unless a row needs it).
 * @example
 * const result = await verifyStore(store, { onProgress: (p) => bar.update(p.events) });
 */
export const verifyStore = async (
  store: EventStore,
  options: VerifyOptions = {},
): Promise<VerifyResult> => {
  const raw = rawChainOf(store);
  const hashOf = (raw === undefined ? hashEvent : hashRaw) as (
    prev: string,
    e: RecordedEvent | RawEvent,
  ) => string;
  const tips = new Map<string, Tip>();
  const every = Math.max(1, options.progressEvery ?? 10_000);
  let events = 0;
  let position: bigint | undefined;
  for await (const page of pages(store, raw)) {
    for (const e of page) {
      const broken = check(e, tips.get(e.stream), hashOf);
      if (broken !== undefined) {
        return {
          ok: false,
          streams: tips.size,
          events,
          firstBreak: {
            stream: e.stream,
            revision: e.streamRevision,
            globalPosition: e.globalPosition,
            ...broken,
          },
        };
      }
      tips.set(e.stream, { revision: e.streamRevision, hash: e.hash });
      events++;
      position = e.globalPosition;
      if (events % every === 0)
        options.onProgress?.({ events, streams: tips.size, globalPosition: position });
    }
  }
  options.onProgress?.({ events, streams: tips.size, globalPosition: position });
  return { ok: true, streams: tips.size, events };
};

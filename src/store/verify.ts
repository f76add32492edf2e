import type { EventStore, RecordedEvent } from './event-store.js';
import { GENESIS_HASH, hashEvent } from './hash-chain.js';
import { hashRaw, rawChainOf, type RawChainSource, type RawEvent } from './raw-chain.js';
import { LOG_GENESIS, nextLogHead, type LogPoint } from './seal.js';

/**
 * Why a chain is broken at its first bad event. `position_gap`: global positions are missing
 * before this event (the memory and SQLite stores number the log 0, 1, 2, … without holes, so a
 * hole is a deletion); `expected` and `found` are then positions.
 */
export type BreakReason = 'hash_mismatch' | 'broken_link' | 'revision_gap' | 'position_gap';

/** The first place a chain breaks, in global order. */
export interface ChainBreak {
  readonly stream: string;
  readonly revision: number;
  readonly globalPosition: bigint;
  readonly expected: string;
  readonly found: string;
  readonly reason: BreakReason;
}

/** The log chain (see seal.ts) over every event read, whatever breaks were found. */
export interface LogSummary {
  /** Events in the log. */
  readonly length: number;
  /** The log head after all of them. */
  readonly head: string;
}

/** Outcome of `verifyStore`: counts of what was checked (before the break), the first break if any, and the log chain over the whole log. */
export type VerifyResult =
  | {
      readonly ok: true;
      readonly streams: number;
      readonly events: number;
      readonly log?: LogSummary;
    }
  | {
      readonly ok: false;
      readonly streams: number;
      readonly events: number;
      readonly firstBreak: ChainBreak;
      readonly log?: LogSummary;
    };

/** Progress report, sent every `progressEvery` events and once at the end. */
export interface VerifyProgress {
  readonly events: number;
  readonly streams: number;
  readonly globalPosition: bigint | undefined;
}

/** Points of the log chain to report to `onLogPoint`: after so many events, and at global positions. */
export interface LogMarks {
  readonly lengths?: Iterable<number>;
  readonly positions?: Iterable<bigint>;
}

/** Options of `verifyStore`. */
export interface VerifyOptions {
  readonly onProgress?: (p: VerifyProgress) => void;
  readonly progressEvery?: number;
  /** Where to report the log head (for seals and read-model checkpoints); length 0 is reported at once. */
  readonly marks?: LogMarks;
  readonly onLogPoint?: (p: LogPoint) => void;
  /**
   * Whether to compute the log chain (seal.ts) and report it as `log` in the result (default:
   * when `marks` or `onLogPoint` are given; otherwise the result is as before seals existed).
   */
  readonly log?: boolean;
  /**
   * Whether global positions must run 0, 1, 2, … with no hole (default: for the memory and SQLite
   * stores, which number them so; EventStoreDB's positions are offsets).
   */
  readonly contiguous?: boolean;
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

/** The stream chains of the log walked so far: the first break, and each stream's tip before it. */
class Chains {
  readonly tips = new Map<string, Tip>();
  events = 0;
  streams = 0;
  firstBreak: ChainBreak | undefined;
  #position: bigint | undefined;
  readonly contiguous: boolean;
  readonly hashOf: (prev: string, e: RecordedEvent | RawEvent) => string;
  constructor(contiguous: boolean, hashOf: (prev: string, e: RecordedEvent | RawEvent) => string) {
    this.contiguous = contiguous;
    this.hashOf = hashOf;
  }

  /** Checks the next event of the log, until the first break. */
  add(e: RecordedEvent | RawEvent): void {
    if (this.firstBreak !== undefined) return;
    const expected = this.#position === undefined ? 0n : this.#position + 1n;
    this.#position = e.globalPosition;
    const broken: Broken | undefined =
      this.contiguous && e.globalPosition !== expected
        ? { expected: String(expected), found: String(e.globalPosition), reason: 'position_gap' }
        : check(e, this.tips.get(e.stream), this.hashOf);
    if (broken === undefined) {
      this.tips.set(e.stream, { revision: e.streamRevision, hash: e.hash });
      this.events++;
      return;
    }
    const { stream, streamRevision: revision, globalPosition } = e;
    this.firstBreak = { stream, revision, globalPosition, ...broken };
    this.streams = this.tips.size;
  }

  result(log: LogSummary | undefined): VerifyResult {
    const { events, firstBreak } = this;
    const logged = log === undefined ? {} : { log };
    if (firstBreak !== undefined)
      return { ok: false, streams: this.streams, events, firstBreak, ...logged };
    return { ok: true, streams: this.tips.size, events, ...logged };
  }
}

/** The log chain over the log walked so far, reporting the marked points. */
class LogChain {
  length = 0;
  head = LOG_GENESIS;
  position: bigint | undefined;
  readonly #lengths: ReadonlySet<number>;
  readonly #positions: ReadonlySet<bigint>;
  readonly #mark: (p: LogPoint) => void;
  constructor(options: VerifyOptions) {
    this.#lengths = new Set(options.marks?.lengths ?? []);
    this.#positions = new Set(options.marks?.positions ?? []);
    this.#mark = options.onLogPoint ?? (() => undefined);
    if (this.#lengths.has(0))
      this.#mark({ length: 0, position: undefined, hash: undefined, head: LOG_GENESIS });
  }

  add(
    e: { readonly globalPosition: bigint; readonly hash: string; readonly recordedAt: string },
    chained: boolean,
  ): void {
    this.length++;
    if (!chained) return;
    this.head = nextLogHead(this.head, e.hash);
    this.position = e.globalPosition;
    if (this.#lengths.has(this.length) || this.#positions.has(e.globalPosition))
      this.#mark({
        length: this.length,
        position: e.globalPosition,
        hash: e.hash,
        head: this.head,
        recordedAt: e.recordedAt,
      });
  }
}

/**
 * Recomputes every stream's hash chain in one pass over the global log, keeping only the last
 * hash per stream, and reports the first break (design.md §7, `decree verify`). A SQLite store
 * is verified from its stored text (no parse, no re-canonicalisation unless a row needs it).
 * In the same pass: a hole in the global positions of a memory or SQLite store (a deleted event,
 * stream or stretch) is a break, and the log chain (seal.ts) is computed over the whole log,
 * after a break too, so seals and read-model checkpoints can be held to it.
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
  const chains = new Chains(options.contiguous ?? store.kind !== 'eventstoredb', hashOf);
  const log = new LogChain(options);
  const chained = options.log ?? (options.marks !== undefined || options.onLogPoint !== undefined);
  const every = Math.max(1, options.progressEvery ?? 10_000);
  const progress = () =>
    options.onProgress?.({
      events: log.length,
      streams: chains.tips.size,
      globalPosition: log.position,
    });
  for await (const page of pages(store, raw)) {
    for (const e of page) {
      chains.add(e);
      log.add(e, chained);
      if (log.length % every === 0) progress();
    }
  }
  progress();
  return chains.result(chained ? { length: log.length, head: log.head } : undefined);
};

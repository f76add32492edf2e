import {
  evolveOrder,
  factKeyOf,
  foldOrder,
  initialOrderState,
  ownEntry,
  SOURCES_LOOKUP,
  sourcesLookupOf,
  type OrderEvent,
  type OrderFacts,
  type OrderState,
  type Provenance,
  type SourcesLookup,
} from '../domain/index.js';
import { dictionaryRecord, setEntry } from '../domain/shared/records.js';
import type { RecordedOrderEvent } from './compliance/known-at.js';

/**
 * The stored read model of one order: its facts as of everything recorded, the stream revision
 * they reflect and when the first and last events were recorded. The events themselves are not
 * copied here: the order's stream in the event store holds them (see `resumeFold`).
 */
export interface OrderModel {
  readonly orderId: string;
  /** Stream revision of the last event applied (-1 before any). */
  readonly revision: number;
  readonly firstRecordedAt: string;
  readonly lastRecordedAt: string;
  readonly facts: OrderFacts;
  /**
   * The ids of the order's live events and the keys of the named facts they record (`payment:p-1`),
   * each followed by a newline: what a command must not repeat, so that a writer can decide most
   * commands on the facts alone, without reading the stream back (see `seenIn`).
   */
  readonly seen: string;
}

/** An order folded in memory: the model's fields with the full state (live events included), which folding needs. */
export interface OrderFold {
  readonly orderId: string;
  readonly revision: number;
  readonly firstRecordedAt: string;
  readonly lastRecordedAt: string;
  readonly state: OrderState;
}

/** A pure fold from the global log into per-key read models, with a version that forces a rebuild when bumped. */
export interface Projection<M, E> {
  readonly name: string;
  readonly version: number;
  /** The read model an event updates, or undefined when this projection ignores it. */
  readonly keyOf: (event: E) => string | undefined;
  readonly initial: (key: string) => M;
  readonly evolve: (model: M, event: E) => M;
}

/** A decoded order event as the runner hands it to projections. */
export interface OrderLogEntry extends RecordedOrderEvent {
  readonly orderId: string;
  readonly streamRevision: number;
}

/** The order read model projection: one model per order. */
export const orderProjection: Projection<OrderFold, OrderLogEntry> = {
  name: 'order',
  // 2: retracted events kept by id; 3: obligations keep amendments as changes; 4: order terms too; 5: orphan cures kept;
  // 6: facts only, stored with their revision (the log stays in the event store; the runner folds stream by stream);
  // 7: with the ids and fact keys of the live events (`seen`); 8: compliance semantics v2 (waivers, supersession, petitions, provenance)
  // 9: provenance marks backfilled events; 10: owners (`assignments`)
  // 11: the record of sources stored last, apart from the facts (see `serializeOrderModel`)
  // 12: obligations, occurrences and submissions stored last too, each decoded when read by a command
  // 13: `seen` stored last, apart from the rest of the model
  // 14: the tail records stored as lists of [key, value] pairs (see `recordOfPairs`)
  // 15: the record of sources stored as its keys and its values, each value's length in the header (see `StoredSources`)
  // 16: a retraction cited in the record of sources when folded, as a later retraction's rebuild cites it
  // 17: the order's forum (an administrative order is priced at the FTC Act's ceiling only when it names the FTC)
  // 18: a fact naming no occurrence goes to the one the schedule in force on its date gives (not one an amendment effective later gives)
  // 19: a finding naming no occurrence goes to the one the schedule in force when its conduct began gives
  version: 19,
  keyOf: (e) => e.orderId,
  initial: (orderId) => ({
    orderId,
    revision: -1,
    firstRecordedAt: '',
    lastRecordedAt: '',
    state: initialOrderState(),
  }),
  evolve: (f, e) =>
    e.streamRevision <= f.revision
      ? f // never apply an event twice
      : {
          orderId: f.orderId,
          revision: e.streamRevision,
          firstRecordedAt: f.firstRecordedAt || e.recordedAt,
          lastRecordedAt: e.recordedAt,
          state: evolveOrder(f.state, e.event),
        },
};

/** `entries.reduce(orderProjection.evolve, f)`, folding the state with `foldOrder` (in place where it may). */
export const foldEntries = (f: OrderFold, entries: readonly OrderLogEntry[]): OrderFold => {
  const fresh = entries.filter((e) => e.streamRevision > f.revision);
  const last = fresh[fresh.length - 1];
  if (last === undefined) return f;
  return {
    orderId: f.orderId,
    revision: last.streamRevision,
    firstRecordedAt: f.firstRecordedAt || fresh[0]!.recordedAt,
    lastRecordedAt: last.recordedAt,
    state: foldOrder(
      f.state,
      fresh.map((e) => e.event),
    ),
  };
};

/**
 * The model of a fold: its state without the live events, whose ids and fact keys go into `seen`,
 * after `seenBefore`: the `seen` of live events the fold's state leaves out (a fold onto a stored
 * model's facts holds only the events after it).
 */
export const modelOf = (f: OrderFold, seenBefore = ''): OrderModel => {
  const { live, ...facts } = f.state;
  return {
    orderId: f.orderId,
    revision: f.revision,
    firstRecordedAt: f.firstRecordedAt,
    lastRecordedAt: f.lastRecordedAt,
    facts,
    seen: seenBefore + seenText(live),
  };
};

const seenText = (live: readonly OrderEvent[]): string => {
  let text = '';
  for (const e of live) {
    text += `${e.id}\n`;
    const fact = factKeyOf(e);
    if (fact) text += `${fact.key}\n`;
  }
  return text;
};

/** The ids and fact keys a model's `seen` lists (event ids are UUIDs and fact keys hold a colon, so they cannot collide). */
export const seenOf = (m: Pick<OrderModel, 'seen'>): Set<string> => new Set(m.seen.split('\n'));

/**
 * Whether `key` is one of the ids and fact keys a model's `seen` lists, as `seenOf(m).has(key)`
 * answers for a key that is not empty, found in the text without building the set (a command
 * looks up one id and one fact key).
 */
export const seenIn = (m: Pick<OrderModel, 'seen'>): ((key: string) => boolean) => {
  const text = m.seen;
  return (key) => text.startsWith(`${key}\n`) || text.includes(`\n${key}\n`);
};

/** What a stored model says of itself besides its facts: its order, revision and recorded times. */
export type OrderModelHeader = Pick<
  OrderModel,
  'orderId' | 'revision' | 'firstRecordedAt' | 'lastRecordedAt'
>;

/**
 * A model as a command is decided on it: its facts but the record of sources (`provenance`, about
 * two fifths of a model's bytes, which deciding never reads: it is never decoded). The largest
 * records of the facts (`obligations`, `occurrences`, `submissions`) are decoded when first read:
 * most commands consult one of them or none. `orderModelSketch` and `sketchOfModel` make a new
 * facts object each call, which the caller may update in place (its records stay shared).
 */
export interface OrderSketch extends OrderModelHeader {
  readonly facts: Omit<OrderFacts, 'provenance'>;
  readonly seen: string;
}

/** The records a stored model keeps after everything else, in this order, each decoded only when read by a sketch. */
const TAIL = ['obligations', 'occurrences', 'submissions', 'provenance', 'seen'] as const;
type TailKey = (typeof TAIL)[number];
type FactsTailKey = Exclude<TailKey, 'seen'>;
/** The text before each tail record: its key. */
const TAIL_KEYS = TAIL.map((k) => `,${JSON.stringify(k)}:`);

/**
 * The stored layout: the header, the lengths of the tail records' texts, the other facts, the
 * lengths of the record of sources' parts (`sources`) and how many of its entries are backfilled,
 * then the tail records, each as a list of `[key, value]` pairs but the record of sources, stored
 * as `[keys, values]`, and `seen` last. An older layout kept every record in the facts (before
 * version 11), the record of sources alone at the end, after its length (`provenanceLength`,
 * version 11), `seen` before the tail records (version 12), the tail records as JSON objects
 * (before version 14), or the record of sources as pairs, without `sources` (version 14).
 */
type StoredOrderModel = OrderModelHeader & {
  readonly tail?: readonly number[];
  readonly facts: OrderFacts;
  readonly seen: string;
  /** The length of the text of the record of sources' keys, then of each of its values' (version 15). */
  readonly sources?: readonly number[];
  /** How many entries of the record of sources are backfilled (version 15). */
  readonly backfilled?: number;
} & { readonly [K in FactsTailKey]?: StoredRecord<unknown> };

const FACTS_KEY = ',"facts":';

/** A record as stored: the list of its entries (`Object.entries`), or the object itself in layouts before version 14. */
type StoredRecord<V> = readonly (readonly [string, V])[] | Readonly<Record<string, V>>;

/**
 * A record of the facts from its stored pairs (or as stored, in an older layout), built in V8's
 * dictionary mode (`dictionaryRecord`), so each key is added to a hash table of its own. A record
 * decoded from a JSON object instead gets a hidden class of its own for every key never seen
 * before (event ids, occurrence ids), built one key at a time; the classes and what the engine
 * caches on them outlive the query that decoded the record, and make the young-generation
 * collections that land in queries slower. Keys keep their order, and a `__proto__` key is an own
 * entry, as `JSON.parse` makes it.
 */
const recordOfPairs = <V>(stored: StoredRecord<V>): Record<string, V> => {
  if (!Array.isArray(stored)) return stored as Record<string, V>;
  const record = dictionaryRecord<V>();
  for (const [key, value] of stored as readonly (readonly [string, V])[])
    setEntry(record, key, value);
  return record;
};

/** The record of sources from its stored `[keys, values]` (version 15), as `recordOfPairs` builds one. */
const recordOfSources = (stored: unknown): Record<string, Provenance> => {
  const [keys, values] = stored as [readonly string[], readonly Provenance[]];
  if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== values.length)
    throw new SyntaxError('the record of sources is not a list of keys and one of values');
  const record = dictionaryRecord<Provenance>();
  keys.forEach((key, i) => setEntry(record, key, values[i]!));
  return record;
};

/** The stored record of sources: its text (`[keys, values]`), the lengths `StoredSources` finds each value by, and the backfilled count. */
const sourcesText = (
  record: Readonly<Record<string, Provenance>>,
): { readonly text: string; readonly lengths: number[]; readonly backfilled: number } => {
  const keys = Object.keys(record);
  const keysText = JSON.stringify(keys);
  const lengths = [keysText.length];
  let values = '';
  let backfilled = 0;
  for (const key of keys) {
    const value: Provenance | null | undefined = record[key];
    if (value?.backfilled === true) backfilled++;
    const t = JSON.stringify(value) ?? 'null';
    lengths.push(t.length);
    values += values === '' ? t : `,${t}`;
  }
  return { text: `[${keysText},[${values}]]`, lengths, backfilled };
};

/** Where `StoredSources` finds each entry: each key's index, and each value's offset in the text. */
interface SourcesIndex {
  readonly at: Map<string, number>;
  readonly starts: readonly number[];
}

/**
 * A stored record of sources read one entry at a time (a query cites about half of an order's
 * sources): the keys' text is decoded at the first lookup and each value's when first asked for,
 * found by the lengths the header gives. `record` decodes the whole, which lookups read from then
 * on (whoever folds onto it may change it in place). Lengths that do not fit the text decode the
 * whole, as a model of another layout.
 */
class StoredSources implements SourcesLookup {
  #text: string;
  readonly #lengths: readonly number[];
  readonly #backfilled: number;
  #record: Record<string, Provenance> | undefined;
  /** Each key's index, and each value's offset in the text; undefined until the first lookup, null when the lengths do not fit. */
  #index: SourcesIndex | null | undefined;
  readonly #values: (Provenance | undefined)[] = [];

  constructor(text: string, lengths: readonly number[], backfilled: number) {
    this.#text = text;
    this.#lengths = lengths;
    this.#backfilled = backfilled;
  }

  /**
   * Copies the stored text out of the model's whole text (see `modelToKeep`): V8 keeps a slice as a
   * view of the string it was cut from. Slicing a concatenation copies it flat.
   */
  detach(): void {
    this.#text = this.#record === undefined ? ' '.concat(this.#text).slice(1) : '';
  }

  /** The whole record, decoded at the first call. */
  record(): Record<string, Provenance> {
    return (this.#record ??= recordOfSources(JSON.parse(this.#text)));
  }

  entry(eventId: string): Provenance | undefined {
    if (this.#record !== undefined) return ownEntry(this.#record, eventId);
    const index = (this.#index ??= this.#indexOf());
    if (index === null) return ownEntry(this.record(), eventId);
    const i = index.at.get(eventId);
    if (i === undefined) return undefined;
    let value = this.#values[i];
    if (value === undefined) {
      const start = index.starts[i]!;
      value = JSON.parse(this.#text.slice(start, start + this.#lengths[i + 1]!)) as Provenance;
      this.#values[i] = value;
    }
    return value;
  }

  backfilled(): number {
    if (this.#record === undefined) return this.#backfilled;
    let n = 0;
    for (const p of Object.values(this.#record)) if (p?.backfilled === true) n++;
    return n;
  }

  /** The keys' indexes and the values' offsets, or null when the lengths do not fit the text (`[keys,[v0,v1,…]]`). */
  #indexOf(): SourcesIndex | null {
    const t = this.#text;
    const keysEnd = 1 + this.#lengths[0]!;
    const starts = valueStarts(t, this.#lengths, keysEnd + 2);
    let keys: unknown;
    try {
      keys =
        starts && t[0] === '[' && t.startsWith(',[', keysEnd) && JSON.parse(t.slice(1, keysEnd));
    } catch {
      return null;
    }
    if (!starts || !Array.isArray(keys) || keys.length !== starts.length) return null;
    const at = new Map<string, number>();
    for (let i = 0; i < keys.length; i++) {
      const key: unknown = keys[i];
      if (typeof key !== 'string') return null;
      at.set(key, i);
    }
    return { at, starts };
  }
}

/**
 * Where each value of a stored record of sources starts, its values' text starting at `from` with
 * the lengths after the first (the keys'); undefined unless each is an object followed by a comma
 * or, the last, by the end of the values and of the text (`]]`).
 */
const valueStarts = (t: string, lengths: readonly number[], from: number): number[] | undefined => {
  const starts: number[] = [];
  let at = from;
  for (let i = 1; i < lengths.length; i++) {
    if (i > 1) {
      if (t[at] !== ',') return undefined;
      at++;
    }
    starts.push(at);
    if (t[at] !== '{') return undefined;
    at += lengths[i]!;
    if (t[at - 1] !== '}') return undefined;
  }
  return at === t.length - 2 && t.endsWith(']]') ? starts : undefined;
};

/** A record as `serializeOrderModel` stores it: the JSON text of its entries. */
const pairsText = (record: object): string => JSON.stringify(Object.entries(record));

/**
 * The stored form of a model: JSON whose last members are the tail records (`TAIL`), whose text
 * lengths the header gives, so that `orderModelSketch` can find each without decoding it.
 */
export const serializeOrderModel = (m: OrderModel): string => {
  const { obligations, occurrences, submissions, provenance, ...facts } = m.facts;
  const sources = sourcesText(provenance);
  const texts = [
    pairsText(obligations),
    pairsText(occurrences),
    pairsText(submissions),
    sources.text,
    JSON.stringify(m.seen),
  ];
  const head = JSON.stringify({
    orderId: m.orderId,
    revision: m.revision,
    firstRecordedAt: m.firstRecordedAt,
    lastRecordedAt: m.lastRecordedAt,
    tail: texts.map((t) => t.length),
    facts: inOneShape(facts), // the order they are decoded in (`FACTS_HEAD`), so that a text read back and written again is the same text
    sources: sources.lengths,
    backfilled: sources.backfilled,
  });
  let text = head.slice(0, -1);
  texts.forEach((t, i) => (text += `${TAIL_KEYS[i]}${t}`));
  return `${text}}`;
};

/** A stored model as the model: its tail records back in its facts (where an older layout kept them). */
const modelOfStored = (s: StoredOrderModel): OrderModel => {
  const { orderId, revision, firstRecordedAt, lastRecordedAt, facts, seen } = s;
  const tail: Partial<Record<FactsTailKey, unknown>> = {};
  for (const k of TAIL) {
    if (k === 'seen') continue;
    const stored = s[k];
    if (stored === undefined) continue;
    tail[k] =
      k === 'provenance' && s.sources !== undefined
        ? recordOfSources(stored)
        : recordOfPairs(stored);
  }
  return {
    orderId,
    revision,
    firstRecordedAt,
    lastRecordedAt,
    facts: { ...facts, ...(tail as Partial<OrderFacts>) },
    seen,
  };
};

/**
 * Reads a stored order model back. The record of sources stays undecoded (nearly two fifths of a
 * model's text): `sourceOf` reads the entries an answer cites, each alone, and reading the facts'
 * `provenance` decodes the whole (see `StoredSources`). A text of another layout is decoded whole.
 */
export const deserializeOrderModel = (json: string): OrderModel => {
  const tail = tailOf(json);
  const m = tail && modelWithStoredSources(json, tail);
  return m ?? modelOfStored(JSON.parse(json) as StoredOrderModel);
};

/** Where a stored text's tail records are (see `tailOf`). */
interface StoredTail {
  readonly before: number;
  readonly texts: string[];
}

/** A stored text's members before its tail records, and its `seen`; undefined when they do not decode (or `seen` is no string). */
const headAndSeen = (
  json: string,
  tail: StoredTail,
): { readonly rest: StoredOrderModel; readonly seen: string } | undefined => {
  try {
    const rest = JSON.parse(`${json.slice(0, tail.before)}}`) as StoredOrderModel;
    const seen: unknown = JSON.parse(tail.texts[TAIL.indexOf('seen')]!);
    return typeof seen === 'string' ? { rest, seen } : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The members of the facts kept before the tail records, in the order in which the decoder gives
 * them: every decoded model's facts then have one hidden class, optional members present (as
 * undefined when absent), whatever order the fold added them in. Code that V8 optimized for the
 * facts of most orders is otherwise thrown away when the facts of a rarer shape (a terminated
 * order's, say) first come to it, and the queries that follow run slower until it is optimized
 * again.
 */
const FACTS_HEAD = [
  'phase',
  'orderId',
  'title',
  'instrument',
  'forum',
  'filed',
  'entered',
  'terminated',
  'terms',
  'warningDays',
  'violations',
  'triggers',
  'closures',
  'assignments',
  'petitions',
  'retracted',
] as const satisfies readonly Exclude<keyof OrderFacts, FactsTailKey>[];

/** Every member of the facts but the tail records is in `FACTS_HEAD` (a compile-time check). */
const _everyHeadMember: Exclude<
  Exclude<keyof OrderFacts, FactsTailKey>,
  (typeof FACTS_HEAD)[number]
> extends never
  ? true
  : never = true;

/** `parsed` with its members in the order of `FACTS_HEAD`, then any other (a later layout's) as they come. */
const inOneShape = (parsed: Record<string, unknown>): Record<string, unknown> => {
  const facts: Record<string, unknown> = {};
  for (const k of FACTS_HEAD) facts[k] = parsed[k];
  for (const k of Object.keys(parsed)) if (!Object.hasOwn(facts, k)) facts[k] = parsed[k];
  return facts;
};

/** The model of a text of the current layout with its record of sources left stored, or undefined when the text is not what its lengths say. */
const modelWithStoredSources = (json: string, tail: StoredTail): OrderModel | undefined => {
  const head = headAndSeen(json, tail);
  if (head === undefined) return undefined;
  const { rest, seen } = head;
  const records: Record<string, unknown>[] = [];
  try {
    for (let i = 0; i < 3; i++)
      records.push(recordOfPairs(JSON.parse(tail.texts[i]!) as StoredRecord<unknown>));
  } catch {
    return undefined;
  }
  const { sources, backfilled } = rest;
  if (
    !Array.isArray(sources) ||
    sources.length === 0 ||
    !sources.every((n) => Number.isSafeInteger(n) && n >= 0) ||
    typeof backfilled !== 'number'
  )
    return undefined;
  const facts = inOneShape(rest.facts as unknown as Record<string, unknown>);
  facts.obligations = records[0];
  facts.occurrences = records[1];
  facts.submissions = records[2];
  Object.defineProperty(facts, 'provenance', SOURCES_ACCESSORS);
  Object.defineProperty(facts, SOURCES_LOOKUP, {
    value: new StoredSources(tail.texts[TAIL.indexOf('provenance')]!, sources, backfilled),
    writable: true,
    configurable: true,
  });
  return withHeader(rest, facts as unknown as OrderFacts, seen);
};

/**
 * A decoded model made fit to keep for long: its record of sources, left stored, keeps alive the
 * whole text of the model it was cut from (about 48 KB on the bench's history, against the record's
 * 16 KB) until it is copied out. A model read once and dropped needs no copy; one kept does.
 */
export const modelToKeep = (m: OrderModel): OrderModel => {
  const lookup = sourcesLookupOf(m.facts);
  if (lookup instanceof StoredSources) lookup.detach();
  return m;
};

/**
 * The accessors of a decoded model's record of sources, one pair for every model (see
 * `tailAccessors`): reading it decodes the whole from the facts' `StoredSources`; writing it
 * replaces the accessor by the value written and drops the facts' lookup, which would no longer
 * read the record they hold.
 */
const SOURCES_ACCESSORS: PropertyDescriptor = {
  get(this: { readonly [SOURCES_LOOKUP]: StoredSources }): unknown {
    return this[SOURCES_LOOKUP].record();
  },
  set(this: object, value: unknown) {
    Object.defineProperty(this, 'provenance', {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    Object.defineProperty(this, SOURCES_LOOKUP, { value: undefined });
  },
  enumerable: true,
  configurable: true,
};

const isHeader = (h: unknown): h is OrderModelHeader & { tail?: unknown } => {
  const o = h as Partial<OrderModelHeader> | null;
  return (
    typeof o?.orderId === 'string' &&
    typeof o.revision === 'number' &&
    typeof o.firstRecordedAt === 'string' &&
    typeof o.lastRecordedAt === 'string'
  );
};

/** The header decoded from the text before the first `,"facts":` (see `orderModelHeader`), or undefined for another layout. */
const storedHeader = (json: string) => {
  const cut = json.indexOf(FACTS_KEY);
  if (cut <= 0) return undefined;
  try {
    const h: unknown = JSON.parse(`${json.slice(0, cut)}}`);
    return isHeader(h) ? h : undefined;
  } catch {
    return undefined;
  }
};

const headerOf = (m: OrderModelHeader): OrderModelHeader => ({
  orderId: m.orderId,
  revision: m.revision,
  firstRecordedAt: m.firstRecordedAt,
  lastRecordedAt: m.lastRecordedAt,
});

/**
 * A model (or sketch) of `m`'s header with these facts and `seen`, written as one literal: a
 * literal that adds keys after a spread (`{ ...headerOf(m), facts, seen }`) takes them through
 * V8's runtime, about a microsecond each time (see `withMember`).
 */
const withHeader = <F>(
  m: OrderModelHeader,
  facts: F,
  seen: string,
): OrderModelHeader & { readonly facts: F; readonly seen: string } => ({
  orderId: m.orderId,
  revision: m.revision,
  firstRecordedAt: m.firstRecordedAt,
  lastRecordedAt: m.lastRecordedAt,
  facts,
  seen,
});

/**
 * A stored model's header without decoding its facts (nearly all of its bytes): a query as known at
 * an earlier instant folds the log and needs the revision and times alone. The header is the text
 * before the first `,"facts":`, which `serializeOrderModel` writes after the scalar fields and
 * which cannot occur inside a JSON string (its quotes would be escaped); a text of any other layout
 * is decoded whole.
 */
export const orderModelHeader = (json: string): OrderModelHeader =>
  headerOf(storedHeader(json) ?? deserializeOrderModel(json));

/**
 * The header of a stored model from the start of its text alone (as `orderModelHeader` reads it
 * from the whole text), or undefined when `prefix` does not hold all of it (then read the whole).
 */
export const orderModelHeaderOfPrefix = (prefix: string): OrderModelHeader | undefined => {
  const h = storedHeader(prefix);
  return h && headerOf(h);
};

/**
 * A decoded model as a sketch. Its record of sources is not read: a stored model's is decoded
 * whole when read (see `StoredSources`), which deciding a command does not need.
 */
export const sketchOfModel = (m: OrderModel): OrderSketch => {
  const facts: Record<string, unknown> = {};
  for (const k of Object.keys(m.facts) as (keyof OrderFacts)[])
    if (k !== 'provenance') facts[k] = m.facts[k];
  return withHeader(m, facts as OrderSketch['facts'], m.seen);
};

/**
 * Where a stored text's tail records are: the end of the text before them and each record's text,
 * found from the lengths its header gives, counted from the end; undefined for another layout or
 * when the text is not what the lengths say.
 */
const tailOf = (json: string): StoredTail | undefined => {
  const lengths = storedHeader(json)?.tail;
  if (!Array.isArray(lengths) || lengths.length !== TAIL.length || !json.endsWith('}'))
    return undefined;
  const texts: string[] = [];
  let end = json.length - 1;
  for (let i = TAIL.length - 1; i >= 0; i--) {
    const length: unknown = lengths[i];
    const key = TAIL_KEYS[i]!;
    const at = typeof length === 'number' ? end - length - key.length : -1;
    if (at <= 0 || !json.startsWith(key, at)) return undefined;
    texts[i] = json.slice(at + key.length, end);
    end = at;
  }
  return { before: end, texts };
};

/** Where a sketch's facts keep their tail records' texts, each until it is decoded, and what each decoded to. */
const TAIL_TEXTS = Symbol('decree.tailTexts');
interface TailTexts {
  readonly texts: (string | undefined)[];
  readonly values: unknown[];
}

/**
 * The accessors of tail record `i`: one pair for every sketch, reading the texts the object keeps
 * under `TAIL_TEXTS`. An accessor made for each object (a closure over its text) would give each
 * sketch's facts a hidden class of their own, kept by the engine in its old generation until a full
 * collection, and with it every sketch's texts: a command's garbage would outlive it. Writing the
 * record replaces the accessor by the value written (the writer folds onto a sketch's facts in
 * place).
 */
const tailAccessors = (i: number): PropertyDescriptor => ({
  get(this: { readonly [TAIL_TEXTS]: TailTexts }): unknown {
    const t = this[TAIL_TEXTS];
    const text = t.texts[i];
    if (text !== undefined) {
      t.values[i] = recordOfPairs(JSON.parse(text) as StoredRecord<unknown>);
      t.texts[i] = undefined;
    }
    return t.values[i];
  },
  set(this: object, value: unknown) {
    Object.defineProperty(this, TAIL[i]!, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  },
  enumerable: true,
  configurable: true,
});
const TAIL_ACCESSORS = TAIL.map((_, i) => tailAccessors(i));

/**
 * A stored model as a command is decided on it: its tail records left undecoded, the facts'
 * `obligations`, `occurrences` and `submissions` each decoded when first read (accessors), the
 * record of sources never. A text of any other layout is decoded whole.
 */
export const orderModelSketch = (json: string): OrderSketch => {
  const tail = tailOf(json);
  const head = tail && headAndSeen(json, tail);
  // Another layout, or not what the lengths say: decoded whole.
  if (tail === undefined || head === undefined) return sketchOfModel(deserializeOrderModel(json));
  const { rest, seen } = head;
  const facts = inOneShape(rest.facts as unknown as Record<string, unknown>);
  Object.defineProperty(facts, TAIL_TEXTS, { value: { texts: tail.texts, values: [] } });
  TAIL.forEach((k, i) => {
    if (k !== 'provenance' && k !== 'seen') Object.defineProperty(facts, k, TAIL_ACCESSORS[i]!);
  });
  return withHeader(rest, facts as unknown as OrderSketch['facts'], seen);
};

/**
 * A model's full state again, from its stream's events up to its revision: the live events are
 * those its facts do not list as retracted (so folding can go on from where the model stands).
 */
export const resumeFold = (m: OrderModel, log: readonly RecordedOrderEvent[]): OrderFold => ({
  orderId: m.orderId,
  revision: m.revision,
  firstRecordedAt: m.firstRecordedAt,
  lastRecordedAt: m.lastRecordedAt,
  state: {
    ...initialOrderState(),
    ...m.facts,
    live: log.map((r) => r.event).filter((e) => ownEntry(m.facts.retracted, e.id) === undefined),
  },
});

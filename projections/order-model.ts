import {
  evolveOrder,
  factKeyOf,
  foldOrder,
  initialOrderState,
  ownEntry,
  type OrderEvent,
  type OrderFacts,
  type OrderState,
} from '../domain/index.js';
import { setEntry } from '../domain/shared/records.js';
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
  version: 14,
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
 * The stored layout: the header, the lengths of the tail records' texts, the other facts, then the
 * tail records, each as a list of `[key, value]` pairs, `seen` last. An older layout kept every
 * record in the facts (before version 11), the record of sources alone at the end, after its
 * length (`provenanceLength`, version 11), `seen` before the tail records (version 12), or the
 * tail records as JSON objects (before version 14).
 */
type StoredOrderModel = OrderModelHeader & {
  readonly tail?: readonly number[];
  readonly facts: OrderFacts;
  readonly seen: string;
} & { readonly [K in FactsTailKey]?: StoredRecord<unknown> };

const FACTS_KEY = ',"facts":';

/** A record as stored: the list of its entries (`Object.entries`), or the object itself in layouts before version 14. */
type StoredRecord<V> = readonly (readonly [string, V])[] | Readonly<Record<string, V>>;

/**
 * A record of the facts from its stored pairs (or as stored, in an older layout), built in V8's
 * dictionary mode: the two properties deleted first switch the new object to it, so each key is
 * added to a hash table of its own. A record decoded from a JSON object instead gets a hidden class
 * of its own for every key never seen before (event ids, occurrence ids), built one key at a time;
 * the classes and what the engine caches on them outlive the query that decoded the record, and
 * make the young-generation collections that land in queries slower. Keys keep their order, and a
 * `__proto__` key is an own entry, as `JSON.parse` makes it.
 */
const recordOfPairs = <V>(stored: StoredRecord<V>): Record<string, V> => {
  if (!Array.isArray(stored)) return stored as Record<string, V>;
  const record: Record<string, V> = { a: undefined as V, b: undefined as V };
  delete record.a;
  delete record.b;
  for (const [key, value] of stored as readonly (readonly [string, V])[])
    setEntry(record, key, value);
  return record;
};

/** A record as `serializeOrderModel` stores it: the JSON text of its entries. */
const pairsText = (record: object): string => JSON.stringify(Object.entries(record));

/**
 * The stored form of a model: JSON whose last members are the tail records (`TAIL`), whose text
 * lengths the header gives, so that `orderModelSketch` can find each without decoding it.
 */
export const serializeOrderModel = (m: OrderModel): string => {
  const { obligations, occurrences, submissions, provenance, ...facts } = m.facts;
  const texts = [
    pairsText(obligations),
    pairsText(occurrences),
    pairsText(submissions),
    pairsText(provenance),
    JSON.stringify(m.seen),
  ];
  const head = JSON.stringify({
    orderId: m.orderId,
    revision: m.revision,
    firstRecordedAt: m.firstRecordedAt,
    lastRecordedAt: m.lastRecordedAt,
    tail: texts.map((t) => t.length),
    facts,
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
    if (stored !== undefined) tail[k] = recordOfPairs(stored);
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

/** Reads a stored order model back. */
export const deserializeOrderModel = (json: string): OrderModel =>
  modelOfStored(JSON.parse(json) as StoredOrderModel);

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

/** A decoded model as a sketch. */
export const sketchOfModel = (m: OrderModel): OrderSketch => {
  const { provenance: _sources, ...facts } = m.facts;
  return { ...headerOf(m), facts, seen: m.seen };
};

/**
 * Where a stored text's tail records are: the end of the text before them and each record's text,
 * found from the lengths its header gives, counted from the end; undefined for another layout or
 * when the text is not what the lengths say.
 */
const tailOf = (
  json: string,
): { readonly before: number; readonly texts: string[] } | undefined => {
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
  if (tail === undefined) return sketchOfModel(deserializeOrderModel(json));
  let rest: StoredOrderModel;
  let seen: unknown;
  try {
    rest = JSON.parse(`${json.slice(0, tail.before)}}`) as StoredOrderModel;
    seen = JSON.parse(tail.texts[TAIL.indexOf('seen')]!);
  } catch {
    return sketchOfModel(deserializeOrderModel(json)); // not what the lengths say: decoded whole
  }
  if (typeof seen !== 'string') return sketchOfModel(deserializeOrderModel(json));
  const { facts } = rest; // decoded here, so its own to add the accessors to
  Object.defineProperty(facts, TAIL_TEXTS, { value: { texts: tail.texts, values: [] } });
  TAIL.forEach((k, i) => {
    if (k !== 'provenance' && k !== 'seen') Object.defineProperty(facts, k, TAIL_ACCESSORS[i]!);
  });
  return { ...headerOf(rest), facts, seen };
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

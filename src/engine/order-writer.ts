import { randomUUID } from 'node:crypto';
import {
  decideOrder,
  eventOf,
  factKeyOf,
  evolveInto,
  foldOrder,
  initialOrderState,
  orderDraft,
  InvalidInput,
  isDecreeError,
  ownEntry,
  OrderCommand,
  orderStream,
  parseOrThrow,
  type OrderEvent,
  type OrderFacts,
  type OrderState,
} from '../../domain/index.js';
import { seenIn, type OrderSketch } from '../../projections/index.js';
import {
  appendPipeline,
  isConcurrencyConflict,
  isEventIdReused,
  logLength,
  storedBy,
  type AppendBatch,
  type AppendPipeline,
  type EventStore,
  type NewEvent,
} from '../store/index.js';
import { withMember } from '../../domain/shared/records.js';
import { decodeOrderEvent } from './decode.js';
import type { CommandInput, RecordResult } from './engine.types.js';

/** An order's state and the stream revision it reflects. */
export interface Cached {
  readonly state: OrderState;
  readonly revision: number;
}

/** An order's events to append at the revision they were decided or checked on. */
export interface CheckedBatch {
  readonly orderId: string;
  readonly revision: number;
  readonly events: readonly OrderEvent[];
  /** The instant a backfill states the events were learned (else the store's clock). */
  readonly recordedAt?: string;
}

/** Whether an id or fact key is among those a read model's `seen` lists (see `seenIn`). */
type Seen = (key: string) => boolean;

/**
 * What the writer keeps of an order whose last command was decided on its read model (a sketch):
 * the model's revision and the events recorded right after it, in order (the event at index i has
 * revision `modelRevision + 1 + i`). The next command reads the model again and folds these on,
 * rather than the writer keeping the decoded sketch of every order it wrote to.
 */
interface SketchNote {
  readonly modelRevision: number;
  readonly events: readonly OrderEvent[];
}

/** A state to decide on, from the order's read model and the events recorded after its revision. */
type SketchBase = Cached & {
  readonly seen: Seen;
  readonly note: SketchNote;
};

/**
 * How many events recorded after the read model a note holds at most: past that, the order's full
 * state is loaded and cached instead (an order written to often, with no catch-up in between, is
 * not folded from its model again and again).
 */
const NOTE_LIMIT = 16;

/** How long a command keeps trying a contended order before its conflict is the caller's. */
const RETRY_BUDGET_MS = 10_000;

/** Waits before another attempt: exponential from 1 ms to 64 ms, with full jitter (writers spread out). */
const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 6)));

/** The store's batches for order batches: each at its exact expected revision. */
const storeBatches = (batches: readonly CheckedBatch[]): AppendBatch[] =>
  batches.map((b) => ({
    stream: orderStream(b.orderId),
    events: b.events.map(toNewEvent),
    expectedRevision: b.revision < 0 ? ('no_stream' as const) : b.revision,
    ...(b.recordedAt === undefined ? {} : { recordedAt: b.recordedAt }),
  }));

/** The stored form of an order event. */
export const toNewEvent = (e: OrderEvent): NewEvent => ({
  id: e.id,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data,
  metadata: e.metadata,
});

/**
 * Decides commands against each order's state and appends the outcome with the stream's exact
 * expected revision. A loaded order's full state is cached and brought up to date by reading only
 * the events after the cached revision; a concurrency conflict re-reads and re-decides (safe:
 * deciding is pure). An order is decided on its read model alone when that gives the same answer
 * (`#sketched`); of such an order only the events recorded after its model are kept (`SketchNote`),
 * so the writer does not hold a decoded model for every order it ever wrote to.
 */
export class OrderWriter {
  readonly #store: EventStore;
  readonly #maxRetries: number;
  /** Full states (live events included) of the orders loaded. */
  readonly #cache = new Map<string, Cached>();
  /** For an order last decided on its read model: the events recorded after it (see `SketchNote`). */
  readonly #notes = new Map<string, SketchNote>();

  readonly #seed: (orderId: string) => Promise<Cached | undefined>;
  readonly #sketch: (orderId: string) => OrderSketch | undefined;

  /**
   * `seed` offers a starting state (a read model's, with its revision) so a cold order is not folded
   * from its first event; `sketch` offers the read model alone, on which most commands on a cold
   * order are decided without reading its stream back (see `#sketched`).
   */
  constructor(
    store: EventStore,
    maxRetries = 5,
    seed: (orderId: string) => Promise<Cached | undefined> = () => Promise.resolve(undefined),
    sketch: (orderId: string) => OrderSketch | undefined = () => undefined,
  ) {
    this.#store = store;
    this.#maxRetries = maxRetries;
    this.#seed = seed;
    this.#sketch = sketch;
  }

  /** The order's current state and revision (-1 for an order never filed), read incrementally. */
  async load(orderId: string): Promise<Cached> {
    const from = this.#cache.get(orderId) ??
      (await this.#seed(orderId)) ?? { state: initialOrderState(), revision: -1 };
    const { events, revision } = await this.#recordedAfter(orderId, from.revision);
    const fresh = { state: foldOrder(from.state, events), revision };
    this.#remember(orderId, fresh);
    return fresh;
  }

  /** Records one command; returns the events appended (none when the fact was already recorded). */
  async execute(orderId: string, input: CommandInput): Promise<RecordResult> {
    const command = parseOrThrow(
      OrderCommand,
      // `withMember`, not a literal adding `eventId` after a spread (slow in V8 when the key is new).
      { ...input, meta: withMember(input.meta, 'eventId', input.meta.eventId ?? randomUUID()) },
      'command',
    );
    if (command.type === 'FileOrder' && command.data.orderId !== orderId) {
      throw new InvalidInput('command', [
        {
          path: ['data', 'orderId'],
          message: `the order filed ("${command.data.orderId}") must be the order addressed ("${orderId}")`,
        },
      ]);
    }
    const quick = await this.#onSketchAsIs(orderId, command);
    if (quick) return quick;
    const started = performance.now();
    let storedMeanwhile = false;
    for (let attempt = 0; ; attempt++) {
      const sketch = attempt === 0 ? await this.#sketched(orderId, command) : undefined; // a conflict goes again on the full state
      const { state, revision } = sketch ?? (await this.load(orderId));
      const events = decideOrder(command, state);
      if (events.length === 0) return { orderId, events: [], revision };
      try {
        return await this.#record(orderId, { state, revision }, events, sketch?.note);
      } catch (e) {
        storedMeanwhile = await this.#beforeRetry(e, attempt, started, storedMeanwhile);
      }
    }
  }

  /**
   * Before deciding a command again after its append failed: at once when its event's id was found
   * stored meanwhile (the command sent again, recorded by another writer after other facts: decided
   * on what was recorded, it records nothing, or the decider refuses other content), once; after a
   * backoff when `#retryable`; else throws `e`. Resolves to whether the id was found stored.
   */
  async #beforeRetry(
    e: unknown,
    attempt: number,
    started: number,
    storedMeanwhile: boolean,
  ): Promise<boolean> {
    if (isEventIdReused(e) && !storedMeanwhile) return true;
    if (!this.#retryable(e, attempt, performance.now() - started)) throw e;
    await backoff(attempt);
    return storedMeanwhile;
  }

  /**
   * The command decided on the order's sketch as it is, as if nothing had been recorded after it,
   * and its event appended at the sketch's revision, which the store refuses (writing nothing) if
   * anything was recorded since. Undefined, for the ordinary way to decide again on what was
   * recorded since, when no sketch serves, when the sketch records nothing or refuses (something
   * recorded since might change that), when the store refused the append or found the event
   * already stored (recorded since, by this command sent before), or when the append may be tried
   * again (the file was busy).
   */
  async #onSketchAsIs(orderId: string, command: OrderCommand): Promise<RecordResult | undefined> {
    const sketch = await this.#sketched(orderId, command, true);
    if (!sketch) return undefined;
    let events: readonly OrderEvent[];
    try {
      events = decideOrder(command, sketch.state);
    } catch (e) {
      if (isDecreeError(e)) return undefined;
      throw e;
    }
    if (events.length === 0) return undefined;
    try {
      return await this.#record(orderId, sketch, events, sketch.note, true);
    } catch (e) {
      const moved = isConcurrencyConflict(e) || isEventIdReused(e) || e === RECORDED_BEFORE;
      if (moved || this.#retryable(e, 0, 0)) return undefined; // the ordinary way tries again (a busy file too)
      throw e;
    }
  }

  /**
   * Whether a failed append is tried again: another writer got to the order first (a conflict) or
   * held the file's write lock past its timeout, at least `maxRetries` times and for as long as the
   * retry budget lasts (a hot order with many writers), then the error is the caller's.
   */
  #retryable(e: unknown, attempt: number, elapsedMs: number): boolean {
    const contended =
      isConcurrencyConflict(e) ||
      (isDecreeError(e) && e.code === 'STORE_UNAVAILABLE' && /locked|busy/i.test(e.message));
    if (!contended || this.#maxRetries === 0) return false;
    return attempt < this.#maxRetries || elapsedMs < RETRY_BUDGET_MS;
  }

  /**
   * Appends already-admitted events of several orders in one atomic store call, each at the exact
   * revision its state was decided on, and caches each order's resulting state (no refold).
   * Resolves to how many events the call stored (events another writer had stored already count none).
   */
  async appendAdmitted(
    batches: readonly {
      readonly orderId: string;
      readonly revision: number;
      readonly events: readonly OrderEvent[];
      readonly state: OrderState;
    }[],
  ): Promise<number> {
    const results = await this.#appendMany(batches);
    results.forEach((r, i) =>
      this.#remember(batches[i]!.orderId, { state: batches[i]!.state, revision: r.lastRevision }),
    );
    return storedBy(results);
  }

  /** Drops an order's cached state (the next command on it loads it again). */
  forget(orderId: string): void {
    this.#cache.delete(orderId);
    this.#notes.delete(orderId);
  }

  /**
   * A pipeline of appends of events checked earlier (whose resulting states were not kept): each
   * call one atomic store call, each batch at the revision it was checked against, those orders'
   * cached states dropped. On SQLite a call's hashing overlaps the previous call's write
   * (`appendPipeline`); `finish` waits until all are durable, `close` releases it.
   */
  checkedPipeline(): AppendPipeline<CheckedBatch> {
    const pipe = appendPipeline(this.#store);
    return {
      append: async (batches) => {
        for (const b of batches) this.forget(b.orderId);
        await pipe.append(storeBatches(batches));
      },
      finish: () => pipe.finish(),
      close: () => pipe.close(),
    };
  }

  /** The streams holding these event ids, where the store can tell (else an empty map). */
  async streamsOf(ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return this.#store.streamsOf ? this.#store.streamsOf(ids) : new Map();
  }

  /** Whether `streamsOf` answers for the store (it cannot on EventStoreDB: there it finds nothing). */
  get findsIds(): boolean {
    return this.#store.streamsOf !== undefined;
  }

  /** When each event of the order's stream was recorded (`recordedAt`, by event id); one read of the stream. */
  async recordedTimes(orderId: string): Promise<Map<string, string>> {
    const times = new Map<string, string>();
    for await (const r of this.#store.readStream(orderStream(orderId)))
      times.set(r.id, r.recordedAt);
    return times;
  }

  /** How many events the log holds, where the store numbers its positions 0, 1, 2… (memory, SQLite); else undefined. */
  logLength(): Promise<bigint | undefined> {
    return logLength(this.#store);
  }

  /** One atomic store call: each order's events at the revision they were decided on. */
  #appendMany(batches: readonly CheckedBatch[]) {
    return this.#store.appendMany(storeBatches(batches));
  }

  /** The order's events recorded after `revision`, decoded, and the revision of the last one. */
  async #recordedAfter(
    orderId: string,
    revision: number,
  ): Promise<{ events: OrderEvent[]; revision: number }> {
    const events: OrderEvent[] = [];
    let last = revision;
    for await (const r of this.#store.readStream(orderStream(orderId), {
      fromRevision: revision + 1,
    })) {
      events.push(decodeOrderEvent(r));
      last = r.streamRevision;
    }
    return { events, revision: last };
  }

  /**
   * A state on which `command` is decided exactly as on the order's full state, without reading
   * the stream back; undefined when that cannot be promised (the full state is loaded then). It
   * starts from the order's read model: the facts, no live events, and `seen`, the ids and fact
   * keys of the model's live events; the events recorded since (those of its note, then those read
   * from the stream) are folded on (so they are live in the sketch). The decider consults live
   * events only for the command's own event id, its named fact, a retraction's target and an
   * entered order's entry, so a sketch serves when the event's id and fact key are not in `seen`
   * (nor retracted), it is no retraction and no second entry, and no retraction was recorded since
   * (folding one needs the live events the sketch lacks). `asIs` leaves out the stream: the state
   * is the sketch's with its note folded on, at the note's revision, for an append that the store
   * refuses if anything else was recorded since.
   */
  async #sketched(
    orderId: string,
    command: OrderCommand,
    asIs = false,
  ): Promise<SketchBase | undefined> {
    const base = this.#sketchBase(orderId);
    const event = eventOf(command);
    if (!base || !sketchServes(base.state, event)) return undefined;
    const { seen, note } = base;
    const fact = factKeyOf(event);
    if (seen(event.id) || (fact && seen(fact.key))) return undefined;
    if (asIs) return base;
    const later = await this.#recordedAfter(orderId, base.revision);
    if (later.events.some((e) => e.type === 'EntryRetracted')) return undefined;
    return {
      state: foldOnSketch(base.state, later.events), // the base is this call's own
      revision: later.revision,
      seen,
      note: { modelRevision: note.modelRevision, events: [...note.events, ...later.events] },
    };
  }

  /**
   * The order's read model as a sketch with the events its note holds (those recorded after the
   * model's revision) folded on; undefined when its full state is cached, it has no model, or its
   * note has grown past `NOTE_LIMIT`.
   */
  #sketchBase(orderId: string): SketchBase | undefined {
    if (this.#cache.has(orderId)) return undefined;
    const m = this.#sketch(orderId);
    if (!m) return undefined;
    const note = this.#notes.get(orderId);
    // The events of the note the model does not reflect yet (none once a catch-up caught up).
    const since =
      note &&
      m.revision >= note.modelRevision &&
      m.revision < note.modelRevision + note.events.length
        ? note.events.slice(m.revision - note.modelRevision)
        : [];
    if (since.length > NOTE_LIMIT) return undefined;
    return {
      state: foldOnSketch(sketchState(m), since),
      revision: m.revision + since.length,
      seen: seenIn(m),
      note: { modelRevision: m.revision, events: since },
    };
  }

  /**
   * Appends the events decided on `from` and caches the order's state after them, or, for a state
   * from the read model (`note`), notes them after the events recorded since the model. With
   * `fresh`, events found stored already (an identical retry, so recorded after the state they were
   * decided on) throw `RECORDED_BEFORE` instead of answering as recorded now.
   */
  async #record(
    orderId: string,
    from: Cached,
    events: readonly OrderEvent[],
    note: SketchBase['note'] | undefined,
    fresh = false,
  ): Promise<RecordResult> {
    const result = await this.#store.append(orderStream(orderId), events.map(toNewEvent), {
      expectedRevision: from.revision < 0 ? 'no_stream' : from.revision,
    });
    if (fresh && result.retried) throw RECORDED_BEFORE;
    if (!note) this.#remember(orderId, foldedLater(from.state, events, result.lastRevision));
    else if (result.retried || result.lastRevision !== from.revision + events.length)
      this.forget(orderId); // not recorded right after `from`: the next command reads what was
    else
      this.#notes.set(orderId, {
        modelRevision: note.modelRevision,
        events: [...note.events, ...events],
      });
    return { orderId, events: result.events, revision: result.lastRevision };
  }

  #remember(orderId: string, c: Cached): void {
    this.#cache.set(orderId, c);
    this.#notes.delete(orderId);
  }
}

/**
 * `from` with `events` folded on, at `revision`, folded when its state is first read: the state a
 * command leaves is often never read again (a CLI process records one command and exits), and
 * folding it copies what the event touches (the order's record of sources, say).
 */
const foldedLater = (from: OrderState, events: readonly OrderEvent[], revision: number): Cached => {
  let state: OrderState | undefined;
  return {
    get state() {
      return (state ??= foldOrder(from, events));
    },
    revision,
  };
};

/**
 * A sketch's state: its facts (the records a sketch decodes when read stay so), no live events and
 * an empty record of sources. Deciding never reads that record (a law in cold-command.prop.spec.ts)
 * and folding only adds to it, and a sketch is only ever decided on (`load` starts from the read
 * model instead), so it is left out: neither decoded nor copied by each fold. The runner gives
 * each caller a sketch of its own, so its facts become the state itself, not a copy of their
 * property descriptors (which costs more than the rest of making a sketch's state).
 */
const sketchState = (m: OrderSketch): OrderState =>
  Object.assign(m.facts as Omit<OrderFacts, 'provenance'>, { provenance: {}, live: [] });

/**
 * `events` folded onto a sketch's state made for this fold alone (`sketchState`): the fold updates
 * that object in place instead of copying it, so the records the sketch decodes when read are
 * decoded only when an event touches them (a copy would read every one).
 */
const foldOnSketch = (state: OrderState, events: readonly OrderEvent[]): OrderState => {
  const into = orderDraft();
  into.add(state);
  let s = state;
  for (const e of events) s = evolveInto(into, s, e);
  return s;
};

/** Thrown inside the writer when a sketch's events turn out stored already; the command is decided again on what was recorded. */
const RECORDED_BEFORE = new Error('the events decided on a sketch were recorded after it');

/** Whether a sketch (a state without live events) decides `event` as the full state would, as far as the state itself tells. */
const sketchServes = (s: OrderState, event: OrderEvent): boolean =>
  event.type !== 'EntryRetracted' &&
  !(event.type === 'OrderEntered' && s.entered) &&
  ownEntry(s.retracted, event.id) === undefined;

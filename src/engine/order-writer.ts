import { randomUUID } from 'node:crypto';
import {
  decideOrder, eventOf, factKeyOf, foldOrder, initialOrderState, InvalidInput, OrderCommand, orderStream, parseOrThrow,
  type OrderEvent, type OrderState,
} from '../../domain/index.js';
import { seenOf, type OrderModel } from '../../projections/index.js';
import { isConcurrencyConflict, type EventStore, type NewEvent } from '../store/index.js';
import { decodeOrderEvent } from './decode.js';
import type { CommandInput, RecordResult } from './engine.types.js';

/** An order's state and the stream revision it reflects. */
export interface Cached {
  readonly state: OrderState;
  readonly revision: number;
}

/** The stored form of an order event. */
export const toNewEvent = (e: OrderEvent): NewEvent => ({ id: e.id, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata });

/**
 * Decides commands against each order's state and appends the outcome with the stream's exact
 * expected revision. State is cached per order and brought up to date by reading only the events
 * after the cached revision; a concurrency conflict re-reads and re-decides (safe: deciding is pure).
 */
export class OrderWriter {
  readonly #store: EventStore;
  readonly #maxRetries: number;
  readonly #cache = new Map<string, Cached>();

  readonly #seed: (orderId: string) => Promise<Cached | undefined>;
  readonly #sketch: (orderId: string) => OrderModel | undefined;

  /**
   * `seed` offers a starting state (a read model's, with its revision) so a cold order is not folded
   * from its first event; `sketch` offers the read model alone, on which most commands on a cold
   * order are decided without reading its stream back (see `#fromSketch`).
   */
  constructor(store: EventStore, maxRetries = 5, seed: (orderId: string) => Promise<Cached | undefined> = () => Promise.resolve(undefined),
    sketch: (orderId: string) => OrderModel | undefined = () => undefined) {
    this.#store = store;
    this.#maxRetries = maxRetries;
    this.#seed = seed;
    this.#sketch = sketch;
  }

  /** The order's current state and revision (-1 for an order never filed), read incrementally. */
  async load(orderId: string): Promise<Cached> {
    const cached = this.#cache.get(orderId) ?? (await this.#seed(orderId)) ?? { state: initialOrderState(), revision: -1 };
    let { revision } = cached;
    const events: OrderEvent[] = [];
    for await (const r of this.#store.readStream(orderStream(orderId), { fromRevision: revision + 1 })) {
      events.push(decodeOrderEvent(r));
      revision = r.streamRevision;
    }
    const fresh = { state: events.length === 0 ? cached.state : foldOrder(cached.state, events), revision };
    this.#cache.set(orderId, fresh);
    return fresh;
  }

  /** Records one command; returns the events appended (none when the fact was already recorded). */
  async execute(orderId: string, input: CommandInput): Promise<RecordResult> {
    const command = parseOrThrow(OrderCommand, { ...input, meta: { ...input.meta, eventId: input.meta.eventId ?? randomUUID() } }, 'command');
    if (command.type === 'FileOrder' && command.data.orderId !== orderId) {
      throw new InvalidInput('command', [{ path: ['data', 'orderId'], message: `the order filed ("${command.data.orderId}") must be the order addressed ("${orderId}")` }]);
    }
    for (let attempt = 0; ; attempt++) {
      const sketched = attempt === 0 && !this.#cache.has(orderId) ? await this.#fromSketch(orderId, command) : undefined;
      const { state, revision } = sketched ?? (await this.load(orderId));
      const events = decideOrder(command, state);
      if (events.length === 0) return { orderId, events: [], revision };
      try {
        return await this.#append(orderId, state, revision, events, sketched === undefined);
      } catch (e) {
        if (!isConcurrencyConflict(e) || attempt >= this.#maxRetries) throw e; // a conflict goes again on the full state
      }
    }
  }

  /**
   * A cold order's state for deciding `command` without reading its stream back: the read model's
   * facts, the events recorded after it folded on, and no live events. The decider consults live
   * events only for the command's own event id, its named fact, a retraction's target and an
   * entered order's entry, so this state decides exactly as the full one when none of those is in
   * play: the event's id and fact key are not among the model's `seen` (nor retracted, nor recorded
   * since), it is not a retraction, and not an entry of an order already entered. Otherwise (or
   * without a current model, or with a retraction recorded since) undefined: the full state is loaded.
   * The state is never cached, its live events being incomplete.
   */
  async #fromSketch(orderId: string, command: OrderCommand): Promise<Cached | undefined> {
    const m = this.#sketch(orderId);
    const event = eventOf(command);
    if (!m || event.type === 'EntryRetracted' || (event.type === 'OrderEntered' && m.facts.entered) || m.facts.retracted[event.id]) return undefined;
    const seen = seenOf(m);
    const later: OrderEvent[] = [];
    let revision = m.revision;
    for await (const r of this.#store.readStream(orderStream(orderId), { fromRevision: revision + 1 })) {
      const e = decodeOrderEvent(r);
      if (e.type === 'EntryRetracted') return undefined; // folding it needs the live events
      later.push(e);
      seen.add(e.id);
      const fact = factKeyOf(e);
      if (fact) seen.add(fact.key);
      revision = r.streamRevision;
    }
    const fact = factKeyOf(event);
    if (seen.has(event.id) || (fact && seen.has(fact.key))) return undefined;
    return { state: foldOrder({ ...initialOrderState(), ...m.facts, live: [] }, later), revision };
  }

  /**
   * Appends already-admitted events of several orders in one atomic store call, each at the exact
   * revision its state was decided on, and caches each order's resulting state (no refold).
   */
  async appendAdmitted(batches: readonly { readonly orderId: string; readonly revision: number; readonly events: readonly OrderEvent[]; readonly state: OrderState }[]): Promise<RecordResult[]> {
    const results = await this.#store.appendMany(batches.map((b) => ({
      stream: orderStream(b.orderId), events: b.events.map(toNewEvent), expectedRevision: b.revision < 0 ? 'no_stream' as const : b.revision,
    })));
    return results.map((r, i) => {
      const b = batches[i]!;
      this.#cache.set(b.orderId, { state: b.state, revision: r.lastRevision });
      return { orderId: b.orderId, events: r.events, revision: r.lastRevision };
    });
  }

  /** Drops an order's cached state (the next command on it loads it again). */
  forget(orderId: string): void {
    this.#cache.delete(orderId);
  }

  /**
   * Appends events checked earlier (whose resulting states were not kept) in one atomic store call,
   * each batch at the revision it was checked against; those orders' cached states are dropped.
   */
  async appendChecked(batches: readonly { readonly orderId: string; readonly revision: number; readonly events: readonly OrderEvent[] }[]): Promise<void> {
    for (const b of batches) this.#cache.delete(b.orderId);
    await this.#store.appendMany(batches.map((b) => ({
      stream: orderStream(b.orderId), events: b.events.map(toNewEvent), expectedRevision: b.revision < 0 ? 'no_stream' as const : b.revision,
    })));
  }

  async #append(orderId: string, state: OrderState, revision: number, events: readonly OrderEvent[], cache: boolean): Promise<RecordResult> {
    const result = await this.#store.append(orderStream(orderId), events.map(toNewEvent), { expectedRevision: revision < 0 ? 'no_stream' : revision });
    if (cache) this.#cache.set(orderId, { state: foldOrder(state, events), revision: result.lastRevision });
    return { orderId, events: result.events, revision: result.lastRevision };
  }
}

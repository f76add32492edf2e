import { randomUUID } from 'node:crypto';
import {
  decideOrder, foldOrder, initialOrderState, InvalidInput, OrderCommand, orderStream, parseOrThrow,
  type OrderEvent, type OrderState,
} from '../../domain/index.js';
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

  /** `seed` offers a starting state (a read model's, with its revision) so a cold order is not folded from its first event. */
  constructor(store: EventStore, maxRetries = 5, seed: (orderId: string) => Promise<Cached | undefined> = () => Promise.resolve(undefined)) {
    this.#store = store;
    this.#maxRetries = maxRetries;
    this.#seed = seed;
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
      const { state, revision } = await this.load(orderId);
      const events = decideOrder(command, state);
      if (events.length === 0) return { orderId, events: [], revision };
      try {
        return await this.#append(orderId, state, revision, events);
      } catch (e) {
        if (!isConcurrencyConflict(e) || attempt >= this.#maxRetries) throw e;
      }
    }
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

  async #append(orderId: string, state: OrderState, revision: number, events: readonly OrderEvent[]): Promise<RecordResult> {
    const result = await this.#store.append(orderStream(orderId), events.map(toNewEvent), { expectedRevision: revision < 0 ? 'no_stream' : revision });
    this.#cache.set(orderId, { state: foldOrder(state, events), revision: result.lastRevision });
    return { orderId, events: result.events, revision: result.lastRevision };
  }
}

import {
  isOrderEventType,
  orderIdOfStream,
  orderStream,
  type OrderState,
} from '../../domain/index.js';
import {
  deserializeOrderModel,
  foldEntries,
  modelOf,
  orderProjection,
  resumeFold,
  serializeOrderModel,
  type OrderFold,
  type OrderLogEntry,
  type OrderModel,
  type RecordedOrderEvent,
} from '../../projections/index.js';
import type { EventStore, RecordedEvent } from '../store/index.js';
import { toLogEntry } from './decode.js';
import type { Checkpoint, LogChanges, ModelWrite, ReadModelStore } from './read-models.js';

/** A stored event as the order projection folds it, or undefined for a type it does not know (skipped, as every projection skips those). */
const entryOf = (r: RecordedEvent): OrderLogEntry | undefined =>
  isOrderEventType(r.type) ? toLogEntry(r) : undefined;

/** Options of the projection runner. */
export interface RunnerOptions {
  /** Events folded between two commits of read models (default 10,000); the checkpoint moves once the whole catch-up is committed. */
  readonly batchSize?: number;
  /** Order models kept decoded in memory for queries (default 2000); one read from storage is kept only when read again soon (see `model`). */
  readonly cacheSize?: number;
}

/** Progress of a catch-up or rebuild: events applied so far. */
export type RunnerProgress = (applied: number) => void;

/**
 * Feeds the order projection from the event log, one order stream at a time: each order's model
 * depends on its own stream only, so a catch-up folds every changed stream's new events and writes
 * that model once, however the orders interleave in the global log (folding in global order
 * rewrote a model once per batch it appeared in). Models are committed a batch at a time and never
 * replaced by older ones; the checkpoint moves when the catch-up is done, atomically with its last
 * batch and only if no other process moved it meanwhile: so a model may run ahead of the
 * checkpoint but never behind it, a restart resumes from the checkpoint, a new projection version
 * rebuilds from scratch, and no event is applied twice.
 */
export class ProjectionRunner {
  readonly #store: EventStore;
  readonly #models: ReadModelStore;
  readonly #batchSize: number;
  readonly #cacheSize: number;
  readonly #cache = new Map<string, OrderModel>();
  /** Orders whose model was read from storage lately but not kept decoded (see `model`). */
  readonly #recent = new Set<string>();
  #at: Checkpoint | undefined;
  #running: Promise<number> | undefined;

  constructor(store: EventStore, models: ReadModelStore, options: RunnerOptions = {}) {
    this.#store = store;
    this.#models = models;
    this.#batchSize = options.batchSize ?? 10_000;
    this.#cacheSize = options.cacheSize ?? 2000;
  }

  /** Applies every event recorded after the checkpoint, until a pass finds nothing new; concurrent calls share one run. */
  catchUp(onProgress?: RunnerProgress): Promise<number> {
    this.#running ??= this.#catchUp(onProgress).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Drops every model and replays the whole log. */
  async rebuild(onProgress?: RunnerProgress): Promise<number> {
    await this.#running;
    this.#models.reset(orderProjection.name, orderProjection.version);
    this.#cache.clear();
    this.#at = this.#models.checkpoint(orderProjection.name);
    return this.catchUp(onProgress);
  }

  /**
   * The read model of one order as of the last catch-up, without touching the event log. A model
   * read from storage is kept decoded only when it is read again soon (within the last
   * `cacheSize / 8` orders read): keeping every one read would promote each parsed model into the
   * old generation, and the garbage collector's pauses would set the tail latency of queries on
   * orders read once.
   */
  model(orderId: string): OrderModel | undefined {
    const cached = this.#cache.get(orderId);
    if (cached) return cached;
    const m = this.#stored(orderId);
    return m && (this.#readAgain(orderId) ? this.#remember(m) : m);
  }

  /** Whether the order was read lately (and so is worth keeping decoded); notes this read otherwise. */
  #readAgain(orderId: string): boolean {
    if (this.#recent.delete(orderId)) return true;
    this.#recent.add(orderId);
    if (this.#recent.size > Math.ceil(this.#cacheSize / 8))
      this.#recent.delete(this.#recent.values().next().value!);
    return false;
  }

  /** The order's log as the store recorded it, up to its read model's revision (empty for an order without one). */
  async log(orderId: string): Promise<RecordedOrderEvent[]> {
    const m = this.model(orderId);
    return m ? this.#logUpTo(orderId, m.revision) : [];
  }

  /** The order's current model, without reading its stream (so, without its live events: see `OrderModel.seen`), or undefined without one. */
  sketch(orderId: string): OrderModel | undefined {
    return this.#currentVersion() ? this.model(orderId) : undefined;
  }

  /** The order's full state (its model's facts and its live events, read from its stream), or undefined without a current model. */
  async state(orderId: string): Promise<{ state: OrderState; revision: number } | undefined> {
    const m = this.sketch(orderId);
    return (
      m && {
        state: resumeFold(m, await this.#logUpTo(orderId, m.revision)).state,
        revision: m.revision,
      }
    );
  }

  /** Whether the stored models are of this projection version (those of another wait for a rebuild). */
  #currentVersion(): boolean {
    return this.#models.checkpoint(orderProjection.name)?.version === orderProjection.version;
  }

  async #logUpTo(orderId: string, revision: number): Promise<OrderLogEntry[]> {
    const out: OrderLogEntry[] = [];
    if (revision < 0) return out;
    for await (const r of this.#store.readStream(orderStream(orderId))) {
      if (r.streamRevision > revision) break;
      const entry = entryOf(r);
      if (entry) out.push(entry);
    }
    return out;
  }

  /** The ids of every order with a read model. */
  orderIds(): string[] {
    return this.#models.keys(orderProjection.name);
  }

  #stored(orderId: string): OrderModel | undefined {
    const json = this.#models.get(orderProjection.name, orderId);
    return json === undefined ? undefined : deserializeOrderModel(json);
  }

  #remember(m: OrderModel): OrderModel {
    this.#cache.delete(m.orderId);
    this.#cache.set(m.orderId, m);
    if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
    return m;
  }

  #sync(): void {
    const stored = this.#models.checkpoint(orderProjection.name);
    if (stored?.version !== orderProjection.version) {
      this.#models.reset(orderProjection.name, orderProjection.version); // a new projection version rebuilds from scratch
      this.#cache.clear();
      this.#at = this.#models.checkpoint(orderProjection.name);
    } else if (this.#at === undefined || stored.position !== this.#at.position) {
      this.#cache.clear(); // another process moved the checkpoint (or this runner is new): our cached models are stale
      this.#at = stored; // also when the stored checkpoint has no position yet, or every commit from undefined would be refused
    }
  }

  async #catchUp(onProgress?: RunnerProgress): Promise<number> {
    let applied = 0;
    for (;;) {
      this.#sync();
      const pass = await this.#pass((n) => onProgress?.(applied + n));
      applied += pass.applied;
      // Done when a pass found nothing new: one that began before a caller joined this catch-up may have
      // missed what the caller recorded; a pass that lost a race goes again from the other checkpoint.
      if (pass.done && pass.applied === 0) return applied;
    }
  }

  /** The streams changed since the checkpoint: from the read-model storage when it can tell, else from one read of the log after it. */
  async #changes(after: bigint | undefined): Promise<LogChanges> {
    if (this.#models.changes) return this.#models.changes(after);
    const streams = new Set<string>();
    let upTo = after;
    let events = 0;
    for await (const r of this.#store.readAll(after === undefined ? {} : { after })) {
      streams.add(r.stream);
      upTo = r.globalPosition;
      events++;
    }
    return { upTo, streams: [...streams].sort(), events };
  }

  /** One order brought up to `upTo`: its stream read from the start, the events its stored model (which may be ahead already) holds restoring its live events, the rest folded. */
  async #fold(
    orderId: string,
    stream: string,
    upTo: bigint,
    stored: OrderModel | undefined,
  ): Promise<{ fold: OrderFold; applied: number } | undefined> {
    const known: OrderLogEntry[] = [];
    const entries: OrderLogEntry[] = [];
    const have = stored?.revision ?? -1;
    for await (const r of this.#store.readStream(stream)) {
      if (r.globalPosition > upTo && r.streamRevision > have) break;
      const entry = entryOf(r);
      if (entry) (r.streamRevision <= have ? known : entries).push(entry);
    }
    if (entries.length === 0) return undefined;
    const from = stored ? resumeFold(stored, known) : orderProjection.initial(orderId);
    return { fold: foldEntries(from, entries), applied: entries.length };
  }

  /** A query during a pass may have cached a changed order's older model (read before the commit): replace or drop each changed one. */
  #refresh(changed: ReadonlyMap<string, OrderModel | undefined>): void {
    for (const [orderId, m] of changed) {
      if (m) this.#remember(m);
      else this.#cache.delete(orderId);
    }
  }

  /**
   * Folds every stream changed after the checkpoint, up to the log's last position when the pass
   * began, committing models every `batchSize` events and the checkpoint with the last batch.
   * Returns the events of that range (each range is counted by the one pass whose checkpoint wins).
   */
  async #pass(onProgress: RunnerProgress): Promise<{ done: boolean; applied: number }> {
    const from = this.#at!; // #sync always leaves a checkpoint
    const changes = await this.#changes(from.position);
    if (changes.upTo === undefined || changes.events === 0) return { done: true, applied: 0 };
    const to: Checkpoint = { version: orderProjection.version, position: changes.upTo };
    const revisions = this.#models.revisions(orderProjection.name); // one query instead of a lookup per order with no model yet
    const fresh = new Map<string, OrderModel | undefined>(); // every changed model: replaced in (or dropped from) the cache once the checkpoint moves
    let writes = new Map<string, ModelWrite>();
    let folded = 0;
    let pending = 0;
    for (const stream of changes.streams) {
      const orderId = orderIdOfStream(stream); // projections skip streams they do not know
      const done =
        orderId &&
        (await this.#fold(
          orderId,
          stream,
          changes.upTo,
          revisions.has(orderId) ? this.#stored(orderId) : undefined,
        ));
      if (!done) continue;
      const { fold, applied } = done;
      const model = modelOf(fold);
      writes.set(fold.orderId, { revision: fold.revision, value: serializeOrderModel(model) });
      fresh.set(fold.orderId, this.#cache.has(fold.orderId) ? model : undefined);
      folded += applied;
      pending += applied;
      if (pending >= this.#batchSize) {
        if (!this.#models.commit(orderProjection.name, from, from, writes))
          return { done: false, applied: 0 };
        onProgress(Math.min(folded, changes.events));
        writes = new Map();
        pending = 0;
      }
    }
    if (!this.#models.commit(orderProjection.name, from, to, writes))
      return { done: false, applied: 0 };
    this.#at = to;
    this.#refresh(fresh);
    onProgress(changes.events);
    return { done: true, applied: changes.events };
  }
}

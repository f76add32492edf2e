import { isOrderEventType } from '../../domain/index.js';
import { deserializeOrderModel, orderProjection, serializeOrderModel, type OrderModel } from '../../projections/index.js';
import type { EventStore, RecordedEvent } from '../store/index.js';
import { toLogEntry } from './decode.js';
import type { Checkpoint, ReadModelStore } from './read-models.js';

/** Options of the projection runner. */
export interface RunnerOptions {
  /** Events applied per committed batch (default 10,000): each batch rewrites every order it touches once. */
  readonly batchSize?: number;
  /** Order models kept decoded in memory (default 5000). */
  readonly cacheSize?: number;
}

/** Progress of a catch-up or rebuild: events applied so far. */
export type RunnerProgress = (applied: number) => void;

/**
 * Feeds the order projection from the global log. Checkpoint and models are committed together,
 * a batch at a time; resumes from the checkpoint after a restart; rebuilds when the projection's
 * version changed; never applies an event twice (the commit is conditional on the checkpoint).
 */
export class ProjectionRunner {
  readonly #store: EventStore;
  readonly #models: ReadModelStore;
  readonly #batchSize: number;
  readonly #cacheSize: number;
  readonly #cache = new Map<string, OrderModel>();
  #at: Checkpoint | undefined;
  #running: Promise<number> | undefined;

  constructor(store: EventStore, models: ReadModelStore, options: RunnerOptions = {}) {
    this.#store = store;
    this.#models = models;
    this.#batchSize = options.batchSize ?? 10_000;
    this.#cacheSize = options.cacheSize ?? 5000;
  }

  /** Applies every event recorded after the checkpoint; concurrent calls share one run. */
  catchUp(onProgress?: RunnerProgress): Promise<number> {
    this.#running ??= this.#catchUp(onProgress).finally(() => { this.#running = undefined; });
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

  /** The read model of one order as of the last catch-up, without touching the event log. */
  model(orderId: string): OrderModel | undefined {
    const cached = this.#cache.get(orderId);
    if (cached) return cached;
    const json = this.#models.get(orderProjection.name, orderId);
    return json === undefined ? undefined : this.#remember(deserializeOrderModel(json));
  }

  /** The ids of every order with a read model. */
  orderIds(): string[] {
    return this.#models.keys(orderProjection.name);
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
      if (pass.done) return applied + pass.applied;
      applied += pass.applied; // lost a race with another process: go again from its checkpoint
    }
  }

  async #pass(onProgress: RunnerProgress): Promise<{ done: boolean; applied: number }> {
    let applied = 0;
    let batch: RecordedEvent[] = [];
    const flush = () => {
      const ok = this.#apply(batch);
      applied += ok ? batch.length : 0;
      batch = [];
      onProgress(applied);
      return ok;
    };
    for await (const r of this.#store.readAll(this.#at?.position === undefined ? {} : { after: this.#at.position })) {
      batch.push(r);
      if (batch.length >= this.#batchSize && !flush()) return { done: false, applied };
    }
    if (batch.length > 0 && !flush()) return { done: false, applied };
    return { done: true, applied };
  }

  #apply(batch: readonly RecordedEvent[]): boolean {
    const dirty = new Map<string, OrderModel>();
    for (const r of batch) {
      if (!isOrderEventType(r.type)) continue; // projections skip event types they do not know
      const entry = toLogEntry(r);
      if (!entry) continue;
      const key = orderProjection.keyOf(entry)!;
      const model = dirty.get(key) ?? this.model(key) ?? orderProjection.initial(key);
      dirty.set(key, orderProjection.evolve(model, entry));
    }
    const to: Checkpoint = { version: orderProjection.version, position: batch[batch.length - 1]!.globalPosition };
    const writes = new Map([...dirty].map(([k, m]) => [k, serializeOrderModel(m)]));
    if (!this.#models.commit(orderProjection.name, this.#at, to, writes)) return false;
    this.#at = to;
    for (const m of dirty.values()) this.#remember(m);
    return true;
  }
}

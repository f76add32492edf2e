import type { ResourceLimits } from 'node:worker_threads';
import {
  isOrderEventType,
  orderIdOfStream,
  orderStream,
  type OrderState,
} from '../../domain/index.js';
import {
  deserializeOrderModel,
  modelToKeep,
  orderModelHeader,
  orderModelHeaderOfPrefix,
  orderModelSketch,
  sketchOfModel,
  foldEntries,
  modelOf,
  orderProjection,
  resumeFold,
  serializeOrderModel,
  type OrderLogEntry,
  type OrderModel,
  type OrderModelHeader,
  type OrderSketch,
  type RecordedOrderEvent,
} from '../../projections/index.js';
import { isDeepStrictEqual } from 'node:util';
import { DecreeError } from '../../domain/shared/errors.js';
import {
  lastEvent,
  type EventStore,
  type RecordedEvent,
  type SqliteEventStore,
} from '../store/index.js';
import { writableSqliteFile } from '../store/sqlite-event-store.js';
import type { LogPoint } from '../store/seal.js';
import type { EventHead } from '../store/lean-reads.js';
import {
  entriesAfter,
  everyRecordedAfter,
  foldStream,
  orderLog,
  type ReadAhead,
} from './stream-fold.js';
import { FOLD_WORKER_LIMITS, foldJobs, foldOnThreads } from './fold-threads.js';
import { defaultThreads } from './workers.js';
import {
  createSqliteReadModels,
  type Checkpoint,
  type LogAnchor,
  type LogChanges,
  type ModelWrite,
  type ReadModelStore,
} from './read-models.js';

/** Options of the projection runner. */
export interface RunnerOptions {
  /**
   * Events folded between two commits of read models (default 5,000); the checkpoint moves once the
   * whole catch-up is committed. The models of a batch wait in memory for their commit: at 10,000
   * events they outlived young-generation collections, and a replay's calling thread held a heap of
   * about 125 MB, most of it models already written (peak RSS 270 to 310 MB); at 5,000, about 50 MB
   * (peak RSS 220 to 235 MB), no slower.
   */
  readonly batchSize?: number;
  /** Order models kept decoded in memory for queries (default 2000); one read from storage is kept only when read again soon (see `model`). */
  readonly cacheSize?: number;
  /**
   * What the first catch-up does when the log no longer holds what the stored read models were
   * built from (events deleted or rewritten, or the checkpoint moved: see `#checkLog`): `refuse`
   * (default) throws `LogMismatch` at every catch-up, leaving the models and their checkpoint as
   * the evidence, until a replay rebuilds them; `rebuild` drops and rebuilds them, and `onNotice`
   * is told once.
   */
  readonly onLogMismatch?: 'refuse' | 'rebuild';
  /**
   * Told once when stored read models are found inconsistent with the log and rebuilt (default:
   * `process.emitWarning`, a `DecreeWarning` on stderr unless the process handles warnings).
   */
  readonly onNotice?: (message: string) => void;
  /**
   * Worker threads that fold a large catch-up (a replay, a first build, an import of new orders,
   * many commands on orders that have models) on a SQLite file (default: 2 on a machine with two
   * cores or more, else 0). 0 or 1 folds on the calling thread. The models are the same either way.
   */
  readonly foldThreads?: number;
  /**
   * How large a catch-up is folded on worker threads (default 50,000): that many events, or changes
   * to that many / `MODEL_EVENTS` orders that have models. Below it, starting them costs more than
   * it saves.
   */
  readonly foldThreadsFrom?: number;
  /**
   * The heap limits of each fold worker (default `FOLD_WORKER_LIMITS`): an order too large for them
   * fails its worker, and the whole catch-up is folded on the calling thread instead.
   */
  readonly foldThreadLimits?: ResourceLimits;
}

/**
 * An order's model is kept decoded at its read this many times within the last `cacheSize / 8`
 * orders read. On orders read at random (the bench's queries, 10,000 orders, the default cache), a
 * rule of two reads keeps the model of one query in 40, each promoted into the old generation with
 * what it holds by the next young-generation collection, which it lengthens; a rule of three keeps
 * one in about 1,500. An order being worked on comes back within a few reads: it is kept at its
 * third, and until then it stays decoded while no other order is read.
 */
const READS_TO_KEEP = 3;

/**
 * How many characters of a stored model `header` reads first: a header takes about 200 and an
 * order id at most 128 (a text of another layout, without a header of its own, is read whole).
 */
const HEADER_CHARS = 512;

/**
 * What bringing one order with a stored model up to date weighs, in events folded from nothing: its
 * model decoded, folded onto, serialized and written (about 1.7 ms, as much as folding about 50
 * events of an order without one).
 */
const MODEL_EVENTS = 50;

/**
 * The log no longer holds what the stored read models were built from: events deleted or rewritten
 * under them, or their checkpoint moved. Nothing is rebuilt, so the models and their checkpoint stay
 * as the evidence of what the log was; a replay rebuilds them from the log as it now is.
 */
export class LogMismatch extends DecreeError<'INTEGRITY_VIOLATION'> {
  override readonly name = 'LogMismatch';
  constructor(problem: string) {
    super(
      'INTEGRITY_VIOLATION',
      `the event log no longer holds what the read models were built from: ${problem}. Events were deleted or rewritten, or the checkpoint was moved; nothing was rebuilt, so the models and their checkpoint stay as evidence. Run decree verify (with your seals) to see what changed; decree replay --force (engine.replay) rebuilds the read models from the log as it now is`,
      [],
      { problem },
    );
  }
}

/** Read models found inconsistent with the log that could not be rebuilt (the storage refused the reset). */
export class ReadModelsInconsistent extends DecreeError<'READ_MODELS_INCONSISTENT'> {
  override readonly name = 'ReadModelsInconsistent';
  constructor(problem: string, cause?: unknown) {
    super(
      'READ_MODELS_INCONSISTENT',
      `the read models are inconsistent with the event log (${problem}) and could not be rebuilt; run decree replay`,
      [],
      { problem },
    );
    if (cause !== undefined) this.cause = cause;
  }
}

/** The orders of the streams a pass folds. */
const changedOrders = (changes: LogChanges): string[] => {
  const orders: string[] = [];
  for (const stream of changes.streams) {
    const orderId = orderIdOfStream(stream);
    if (orderId !== undefined) orders.push(orderId);
  }
  return orders;
};

const defaultNotice = (message: string): void =>
  process.emitWarning(message, { type: 'DecreeWarning', code: 'READ_MODELS_REBUILT' });

/** The event stored at `position`, or undefined (positions of the memory and SQLite stores). */
const eventAt = async (store: EventStore, position: bigint): Promise<RecordedEvent | undefined> => {
  for await (const e of store.readAll({ after: position - 1n, limit: 1 }))
    return e.globalPosition === position ? e : undefined;
  return undefined;
};

/** What is wrong with a checkpoint's position and anchor against the log, found cheaply (one read), or undefined. */
const anchorProblem = async (store: EventStore, c: Checkpoint): Promise<string | undefined> => {
  if (c.position === undefined) return undefined;
  const e = await eventAt(store, c.position);
  if (e === undefined) {
    const last = await lastEvent(store);
    return `their checkpoint is at global position ${c.position}, but the log has no event there (${last === undefined ? 'it is empty' : `its last is at ${last.globalPosition}`})`;
  }
  if (c.anchor !== undefined && c.anchor.hash !== e.hash)
    return `the event at global position ${c.position} (stream ${e.stream}, revision ${e.streamRevision}) is not the one they were built from: hash ${e.hash}, recorded ${c.anchor.hash}`;
  return undefined;
};

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
  /** Orders whose model was read from storage lately but not kept decoded, with how many times (see `model`). */
  readonly #recent = new Map<string, number>();
  /**
   * The order whose model is cached only for being the last one read: dropped when another is
   * read, so that the queries of one order in a row (a report asks four) decode it once, and a
   * loop over orders read once keeps one at a time.
   */
  #last: string | undefined;
  /** Reads of an order's log in progress, by order and revision: concurrent queries of one order share one read. */
  readonly #reading = new Map<string, Promise<OrderLogEntry[]>>();
  readonly #notice: (message: string) => void;
  readonly #onLogMismatch: 'refuse' | 'rebuild';
  readonly #foldThreads: number;
  readonly #foldThreadsFrom: number;
  readonly #foldThreadLimits: ResourceLimits;
  #at: Checkpoint | undefined;
  #running: Promise<number> | undefined;
  /** Whether the stored checkpoint was checked against the log (once, at this runner's first catch-up). */
  #checked = false;
  /**
   * The storage's change mark (`ReadModelStore.changeMark`) taken before the last catch-up that
   * found nothing new: while the storage gives the same mark, nothing was written since, and a
   * catch-up has nothing to do (a query's catch-up then costs one statement instead of several).
   */
  #quietAt: string | undefined;

  constructor(store: EventStore, models: ReadModelStore, options: RunnerOptions = {}) {
    this.#store = store;
    this.#models = models;
    this.#batchSize = options.batchSize ?? 5_000;
    this.#cacheSize = options.cacheSize ?? 2000;
    this.#notice = options.onNotice ?? defaultNotice;
    this.#onLogMismatch = options.onLogMismatch ?? 'refuse';
    this.#foldThreads = options.foldThreads ?? defaultThreads();
    this.#foldThreadsFrom = options.foldThreadsFrom ?? 50_000;
    this.#foldThreadLimits = options.foldThreadLimits ?? FOLD_WORKER_LIMITS;
  }

  /** Applies every event recorded after the checkpoint, until a pass finds nothing new; concurrent calls share one run. */
  catchUp(onProgress?: RunnerProgress): Promise<number> {
    if (
      this.#running === undefined &&
      this.#quietAt !== undefined &&
      this.#models.changeMark?.(this.#store) === this.#quietAt
    )
      return Promise.resolve(0);
    this.#running ??= this.#catchUp(onProgress).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Drops every model and replays the whole log. */
  async rebuild(onProgress?: RunnerProgress): Promise<number> {
    await this.#running;
    this.#quietAt = undefined;
    await this.#models.reset(orderProjection.name, orderProjection.version);
    this.#cache.clear();
    this.#at = this.#models.checkpoint(orderProjection.name);
    return this.catchUp(onProgress);
  }

  /**
   * The read model of one order as of the last catch-up, without touching the event log. A model
   * read from storage is kept decoded until another is read, and after that only when it is read
   * for the third time within the last `cacheSize / 8` orders read (`READS_TO_KEEP`): keeping every
   * one read would promote each parsed model into the old generation, and the garbage collector's
   * pauses would set the tail latency of queries on orders read once or twice.
   */
  model(orderId: string): OrderModel | undefined {
    const cached = this.#cache.get(orderId);
    if (cached) return cached;
    this.#dropLast();
    const m = this.#stored(orderId, deserializeOrderModel);
    if (m === undefined) return m;
    if (this.#readAgain(orderId)) modelToKeep(m);
    else this.#last = orderId;
    return this.#remember(m);
  }

  /** Drops the model kept only for being the last one read (see `#last`). */
  #dropLast(): void {
    if (this.#last !== undefined) this.#cache.delete(this.#last);
    this.#last = undefined;
  }

  /** Whether the order was read often lately (and so is worth keeping decoded); notes this read otherwise. */
  #readAgain(orderId: string): boolean {
    const before = this.#recent.get(orderId) ?? 0;
    this.#recent.delete(orderId); // noted again below as the latest, or kept decoded from now on
    if (before + 1 >= READS_TO_KEEP) return true;
    this.#recent.set(orderId, before + 1);
    if (this.#recent.size > Math.ceil(this.#cacheSize / 8))
      this.#recent.delete(this.#recent.keys().next().value!);
    return false;
  }

  /**
   * What the order's read model says of itself (revision, recorded times) as of the last catch-up,
   * without decoding its facts; undefined without one. A read of the header does not count as a
   * read of the model for the decoded-model cache. Where the storage can, only the start of the
   * model's text is read (`HEADER_CHARS`).
   */
  header(orderId: string): OrderModelHeader | undefined {
    const cached = this.#cache.get(orderId);
    if (cached) return cached;
    const prefix = this.#models.getPrefix?.(orderProjection.name, orderId, HEADER_CHARS);
    if (prefix === undefined && this.#models.getPrefix) return undefined; // no model
    return (
      (prefix === undefined ? undefined : orderModelHeaderOfPrefix(prefix)) ??
      this.#stored(orderId, orderModelHeader)
    );
  }

  /**
   * The order's log as the store recorded it, up to its read model's revision (empty for an order
   * without one); `header` when the caller has read it already. With `knownAt`, only the events
   * recorded by then: a prefix of the stream, as recorded times never decrease along the log (the
   * store's rule), read with `recordedBy`: the store returns none recorded later, and reads no
   * further than the page the first of them falls in (a large order known at an early instant is
   * not read whole).
   */
  async log(
    orderId: string,
    header: OrderModelHeader | undefined = this.header(orderId),
    knownAt?: string,
  ): Promise<RecordedOrderEvent[]> {
    return header ? this.#logUpTo(orderId, header.revision, knownAt) : [];
  }

  /**
   * Whether every event of the order (through its model's revision) recorded after `knownAt`
   * passes `test`, read newest first and no further than the first that fails
   * (`everyRecordedAfter`).
   */
  everyRecordedAfter(
    orderId: string,
    header: OrderModelHeader,
    knownAt: string,
    test: (e: EventHead) => boolean,
  ): Promise<boolean> {
    return everyRecordedAfter(this.#store, orderStream(orderId), header.revision, knownAt, test);
  }

  /**
   * The order's current model as a command is decided on it, without reading its stream (so
   * without its live events: see `OrderModel.seen`) and without its record of sources (see
   * `OrderSketch`); undefined without one. Each call's sketch is the caller's own: its facts object
   * may be updated in place (not the records it holds, which a decoded model kept here may share).
   */
  sketch(orderId: string): OrderSketch | undefined {
    const cached = this.#cache.get(orderId);
    if (cached) return this.#currentVersion() ? sketchOfModel(cached) : undefined;
    const { name, version } = orderProjection;
    const json = this.#models.getAtVersion
      ? this.#models.getAtVersion(name, orderId, version)
      : this.#currentVersion()
        ? this.#models.get(name, orderId)
        : undefined;
    return json === undefined ? undefined : orderModelSketch(json);
  }

  /** The order's full state (its model's facts and its live events, read from its stream), or undefined without a current model. */
  async state(orderId: string): Promise<{ state: OrderState; revision: number } | undefined> {
    const m = this.#currentVersion() ? this.model(orderId) : undefined;
    return (
      m && {
        state: resumeFold(m, await this.#logUpTo(orderId, m.revision, undefined)).state,
        revision: m.revision,
      }
    );
  }

  /** Whether the stored models are of this projection version (those of another wait for a rebuild). */
  #currentVersion(): boolean {
    return this.#models.checkpoint(orderProjection.name)?.version === orderProjection.version;
  }

  /** The order's log up to `revision` (and `knownAt`): a read of it already in progress is shared (each caller gets an array of its own). */
  async #logUpTo(
    orderId: string,
    revision: number,
    knownAt: string | undefined,
  ): Promise<OrderLogEntry[]> {
    const key = `${revision}\n${knownAt ?? ''}\n${orderId}`;
    let read = this.#reading.get(key);
    if (read === undefined) {
      read = this.#readLog(orderId, revision, knownAt).finally(() => this.#reading.delete(key));
      this.#reading.set(key, read);
    }
    return (await read).slice();
  }

  /** See `log`. */
  async #readLog(
    orderId: string,
    revision: number,
    knownAt: string | undefined,
  ): Promise<OrderLogEntry[]> {
    if (revision < 0) return [];
    return orderLog(this.#store, orderStream(orderId), {
      after: -1,
      through: revision,
      ...(knownAt === undefined ? {} : { recordedBy: knownAt }),
    });
  }

  /** The ids of every order with a read model. */
  orderIds(): string[] {
    return this.#models.keys(orderProjection.name);
  }

  /** The order's stored model, decoded by `decode`, or undefined without one. */
  #stored<T>(orderId: string, decode: (json: string) => T): T | undefined {
    const json = this.#models.get(orderProjection.name, orderId);
    return json === undefined ? undefined : decode(json);
  }

  #remember(m: OrderModel): OrderModel {
    this.#cache.delete(m.orderId);
    this.#cache.set(m.orderId, m);
    if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
    return m;
  }

  /**
   * At the first catch-up, holds the stored checkpoint to the log where the storage records an
   * anchor (SQLite): its position must hold an event, and that event's hash must be the one
   * recorded. Otherwise the models were built from another log (truncated, rewritten) or the
   * checkpoint was moved: `LogMismatch` is thrown, every time, or with `onLogMismatch: 'rebuild'`
   * they are dropped and rebuilt, and `onNotice` is told once.
   */
  async #checkLog(): Promise<void> {
    if (this.#checked) return;
    const stored = this.#models.anchored?.(orderProjection.name);
    if (stored?.version === orderProjection.version) {
      const problem = await anchorProblem(this.#store, stored);
      if (problem !== undefined) {
        if (this.#onLogMismatch !== 'rebuild') throw new LogMismatch(problem);
        try {
          await this.#models.reset(orderProjection.name, orderProjection.version);
        } catch (e) {
          throw new ReadModelsInconsistent(problem, e);
        }
        this.#cache.clear();
        this.#at = undefined;
        this.#notice(`read models rebuilt from the event log: ${problem}`);
      }
    }
    this.#checked = true;
  }

  async #sync(): Promise<void> {
    await this.#models.refresh?.();
    const stored =
      this.#models.anchored?.(orderProjection.name) ??
      this.#models.checkpoint(orderProjection.name);
    if (stored?.version !== orderProjection.version) {
      await this.#models.reset(orderProjection.name, orderProjection.version); // a new projection version rebuilds from scratch
      this.#cache.clear();
      this.#at = this.#models.checkpoint(orderProjection.name);
    } else if (this.#at === undefined || stored.position !== this.#at.position) {
      this.#cache.clear(); // another process moved the checkpoint (or this runner is new): our cached models are stale
      this.#at = stored; // also when the stored checkpoint has no position yet, or every commit from undefined would be refused
    }
  }

  async #catchUp(onProgress?: RunnerProgress): Promise<number> {
    let applied = 0;
    await this.#checkLog();
    for (;;) {
      // Taken before the pass looks: whatever is written after it changes the mark, so a later
      // catch-up skipped on this mark has missed nothing.
      const mark = this.#models.changeMark?.(this.#store);
      await this.#sync();
      const pass = await this.#pass((n) => onProgress?.(applied + n));
      applied += pass.applied;
      // Done when a pass found nothing new: one that began before a caller joined this catch-up may have
      // missed what the caller recorded; a pass that lost a race goes again from the other checkpoint.
      if (pass.done && pass.applied === 0) {
        this.#quietAt = mark;
        return applied;
      }
    }
  }

  /** The streams changed since the checkpoint: from the read-model storage when it can tell, else from one read of the log after it. */
  async #changes(after: bigint | undefined, from: LogAnchor | undefined): Promise<LogChanges> {
    // With fold threads the anchor is left for later: a rebuild chains it on one of them.
    if (this.#models.changes)
      return this.#models.changes(after, from, { anchorLater: this.#foldThreads >= 2 });
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

  /** A checkpoint recorded before anchors were: records the one the storage computed for its position. */
  async #recordAnchor(from: Checkpoint, anchor: LogAnchor | undefined): Promise<void> {
    if (from.anchor !== undefined || anchor === undefined || anchor.position !== from.position)
      return;
    const to = { ...from, anchor };
    if (await this.#models.commit(orderProjection.name, from, to, new Map())) this.#at = to;
  }

  /** A query during a pass may have cached a changed order's older model (read before the commit): replace or drop each changed one. */
  #refresh(changed: ReadonlyMap<string, OrderModel | undefined>): void {
    for (const [orderId, m] of changed) {
      if (!m) this.#cache.delete(orderId);
      else if (this.#cache.has(orderId)) this.#remember(m);
      else {
        // Not kept before: kept as the last one read (until another order's model is read).
        this.#dropLast();
        this.#last = orderId;
        this.#remember(m);
      }
    }
  }

  /**
   * The SQLite file whose changed streams are worth folding on worker threads, and whether some of
   * their orders have stored models: a large catch-up (`foldThreadsFrom` events or more, or
   * changes to `foldThreadsFrom / MODEL_EVENTS` orders with models or more) on a store in a file
   * this process writes. Undefined folds on this thread.
   */
  #foldFile(
    changes: LogChanges,
    revisions: ReadonlyMap<string, number>,
  ): { file: string; stored: boolean } | undefined {
    if (this.#foldThreads < 2) return undefined;
    const file = writableSqliteFile(this.#store);
    if (file === undefined || changes.streams.length < 2) return undefined;
    let modelled = 0;
    for (const stream of changes.streams) {
      const orderId = orderIdOfStream(stream);
      if (orderId !== undefined && revisions.has(orderId)) modelled++;
    }
    const large =
      changes.events >= this.#foldThreadsFrom || modelled * MODEL_EVENTS >= this.#foldThreadsFrom;
    return large ? { file, stored: modelled > 0 } : undefined;
  }

  /**
   * `#pass` on `foldThreads` worker threads, which take the streams one by one from a shared
   * counter, fold each through a connection of their own and post its serialized model; this
   * thread commits them in batches as they come, and the checkpoint with the last. Same commits,
   * same refusal when another process moved the checkpoint, same models as folding here.
   */
  async #passOnThreads(
    { file, stored }: { readonly file: string; readonly stored: boolean },
    from: Checkpoint,
    to: Checkpoint,
    changes: LogChanges,
    onProgress: RunnerProgress,
  ): Promise<{ done: boolean; applied: number }> {
    const jobs = foldJobs(
      file,
      changes.streams,
      to.position!,
      this.#foldThreads,
      stored,
      changes.anchor === undefined ? changes.anchorLater : undefined,
    );
    let folded = 0;
    let last = to;
    try {
      for await (const batch of foldOnThreads(jobs, this.#batchSize, this.#foldThreadLimits)) {
        // The last batch carries the anchor a thread chained, unless `changes` gave it.
        if (batch.last)
          last = batch.anchor ? { ...to, anchor: batch.anchor } : this.#anchored(to, changes);
        if (
          !(await this.#models.commit(
            orderProjection.name,
            from,
            batch.last ? last : from,
            batch.writes,
          ))
        )
          return { done: false, applied: 0 };
        folded += batch.applied;
        onProgress(Math.min(folded, changes.events));
      }
    } catch {
      // A worker failed (an order too large for its heap, a stream that does not decode): fold here,
      // from the models committed so far, where an error is raised as itself.
      const revisions = this.#models.revisions(orderProjection.name, changedOrders(changes));
      return this.#passHere(
        from,
        this.#anchored(to, changes),
        { ...changes, upTo: to.position! },
        revisions,
        onProgress,
      );
    }
    this.#at = last;
    this.#cache.clear(); // every changed order is new to the models: nothing cached could be current
    onProgress(changes.events);
    return { done: true, applied: changes.events };
  }

  /**
   * Folds every stream changed after the checkpoint, up to the log's last position when the pass
   * began, committing models every `batchSize` events and the checkpoint with the last batch.
   * Returns the events of that range (each range is counted by the one pass whose checkpoint wins).
   */
  async #pass(onProgress: RunnerProgress): Promise<{ done: boolean; applied: number }> {
    const from = this.#at!; // #sync always leaves a checkpoint
    const changes = await this.#changes(from.position, from.anchor);
    if (changes.upTo === undefined || changes.events === 0) {
      await this.#recordAnchor(from, changes.anchor);
      return { done: true, applied: 0 };
    }
    const to: Checkpoint = { version: orderProjection.version, position: changes.upTo };
    // The changed orders' revisions: looked up one by one for a few, else listed in one query.
    const revisions = this.#models.revisions(orderProjection.name, changedOrders(changes));
    const threads = this.#foldFile(changes, revisions);
    return threads === undefined
      ? this.#passHere(
          from,
          this.#anchored(to, changes),
          { ...changes, upTo: changes.upTo },
          revisions,
          onProgress,
        )
      : this.#passOnThreads(threads, from, to, changes, onProgress);
  }

  /** `to` with the anchor at its position: the one `changes` gave, else computed here from what it left for later. */
  #anchored(to: Checkpoint, changes: LogChanges): Checkpoint {
    const anchor =
      changes.anchor ?? (changes.anchorLater && this.#models.anchorOf?.(changes.anchorLater));
    return anchor ? { ...to, anchor } : to;
  }

  /** `#pass` folding on this thread, model by model. */
  async #passHere(
    from: Checkpoint,
    to: Checkpoint,
    changes: LogChanges & { readonly upTo: bigint },
    revisions: ReadonlyMap<string, number>,
    onProgress: RunnerProgress,
  ): Promise<{ done: boolean; applied: number }> {
    const fresh = new Map<string, OrderModel | undefined>(); // every changed model: replaced in (or dropped from) the cache once the checkpoint moves
    let writes = new Map<string, ModelWrite>();
    let folded = 0;
    let pending = 0;
    // Each stream's new events are read while the one before is folded: a store on a server then
    // answers while this thread works (SQLite reads synchronously, so nothing changes there).
    const readAhead = (i: number): ReadAhead | undefined => {
      const orderId = orderIdOfStream(changes.streams[i] ?? '');
      if (orderId === undefined) return undefined;
      const after = revisions.get(orderId) ?? -1;
      const entries = entriesAfter(this.#store, changes.streams[i]!, after, changes.upTo);
      entries.catch(() => undefined); // raised where it is awaited; not awaited when the model moved
      return { after, entries };
    };
    let next = readAhead(0);
    // A batch's commit goes on while the next batch is folded, and is awaited before the next
    // commit (commits stay in order): a server writes the models while this thread works.
    let committing: Promise<boolean> | undefined;
    const committed = async (): Promise<boolean> => committing === undefined || (await committing);
    for (let i = 0; i < changes.streams.length; i++) {
      const stream = changes.streams[i]!;
      const orderId = orderIdOfStream(stream); // projections skip streams they do not know
      const ahead = next;
      next = readAhead(i + 1);
      const done =
        orderId &&
        (await foldStream(
          this.#store,
          orderId,
          stream,
          changes.upTo,
          revisions.has(orderId) ? this.#stored(orderId, deserializeOrderModel) : undefined,
          ahead,
        ));
      if (!done) continue;
      const { fold, applied, seenBefore } = done;
      const model = modelOf(fold, seenBefore);
      writes.set(fold.orderId, { revision: fold.revision, value: serializeOrderModel(model) });
      // Kept decoded if it was, or if it is the one order changed (a command's, most often): the
      // query that caught up is most likely about it, and would decode it again.
      const keep = this.#cache.has(fold.orderId) || changes.streams.length === 1;
      fresh.set(fold.orderId, keep ? model : undefined);
      folded += applied;
      pending += applied;
      if (pending >= this.#batchSize) {
        if (!(await committed())) return { done: false, applied: 0 };
        const progress = Math.min(folded, changes.events);
        committing = Promise.resolve(
          this.#models.commit(orderProjection.name, from, from, writes),
        ).then((ok) => {
          if (ok) onProgress(progress);
          return ok;
        });
        committing.catch(() => undefined); // raised where it is awaited, unless the pass ended first
        writes = new Map();
        pending = 0;
      }
    }
    if (!(await committed())) return { done: false, applied: 0 };
    if (!(await this.#models.commit(orderProjection.name, from, to, writes)))
      return { done: false, applied: 0 };
    this.#at = to;
    this.#refresh(fresh);
    onProgress(changes.events);
    return { done: true, applied: changes.events };
  }
}

/** Why stored read models disagree with the log (see `auditReadModels`). */
export type ReadModelProblemReason =
  | 'checkpoint_beyond_log'
  | 'checkpoint_moved'
  | 'log_rewritten'
  | 'model_ahead_of_stream'
  | 'model_behind_checkpoint'
  | 'model_missing'
  | 'model_differs';

/** One disagreement between the stored read models and the log. */
export interface ReadModelProblem {
  readonly projection: string;
  /** The order whose model it is, when it concerns one model. */
  readonly key?: string;
  readonly reason: ReadModelProblemReason;
  readonly message: string;
}

/** What `auditReadModels` found: the checkpoint it held to the log, how many models it compared, and every problem. */
export interface ReadModelAudit {
  readonly projection: string;
  readonly version: number;
  /** The checkpoint's position (a string, as positions are in JSON output), or null before any. */
  readonly position: string | null;
  /** Whether the checkpoint carries a log anchor (written by a release that records them). */
  readonly anchored: boolean;
  /** Whether the stored models are of this release's projection version (others are rebuilt at the next query, not checked). */
  readonly current: boolean;
  /** How many models were replayed and compared (0 without `models`). */
  readonly compared: number;
  readonly problems: readonly ReadModelProblem[];
}

/** The order projection's checkpoint in a SQLite store, with its anchor (read before `verifyStore`, to mark its position). */
export const storedCheckpoint = (store: SqliteEventStore): Checkpoint | undefined =>
  createSqliteReadModels(store).anchored?.(orderProjection.name);

type Report = (reason: ReadModelProblemReason, message: string, key?: string) => void;

/** The checkpoint held to the log point found at its position (`at`, undefined when none). */
const checkCheckpoint = async (
  store: EventStore,
  checkpoint: Checkpoint | undefined,
  at: LogPoint | undefined,
  report: Report,
): Promise<void> => {
  const position = checkpoint?.position;
  if (position === undefined) return;
  if (at === undefined || at.position !== position) {
    const last = await lastEvent(store);
    report(
      'checkpoint_beyond_log',
      `the checkpoint is at global position ${position}, but the log has no event there (${last === undefined ? 'it is empty' : `its last is at ${last.globalPosition}`})`,
    );
    return;
  }
  const anchor = checkpoint?.anchor;
  if (anchor === undefined) return; // recorded by an older release: nothing to hold it to
  if (anchor.hash !== at.hash)
    report(
      'checkpoint_moved',
      `the event at the checkpoint's global position ${position} has hash ${at.hash ?? '?'}, the read models recorded ${anchor.hash} (the checkpoint was moved, or the log rewritten)`,
    );
  else if (anchor.head !== at.head || anchor.length !== at.length)
    report(
      'log_rewritten',
      `the log up to the checkpoint's global position ${position} is not the one the read models were built from: ${at.length} events, log head ${at.head}; recorded ${anchor.length} events, log head ${anchor.head}`,
    );
};

/** Each order's last stream revision, and its last of a type the projection knows up to `position`. */
const streamRevisions = (store: SqliteEventStore, position: bigint | undefined) => {
  // Per stream and type: models reflect the events of the types the projection knows (others are skipped).
  const rows = store.db
    .prepare<[bigint], { stream: string; type: string; last: number; upTo: number | null }>(
      'SELECT stream, type, MAX(stream_revision) AS last, MAX(CASE WHEN global_position <= ? THEN stream_revision END) AS upTo FROM decree_events GROUP BY stream, type',
    )
    .all(position ?? -1n);
  const lastOf = new Map<string, number>();
  const known = new Map<string, number>(); // each order's last revision of a known type, up to the checkpoint
  for (const r of rows) {
    const orderId = orderIdOfStream(r.stream);
    if (!orderId) continue;
    lastOf.set(orderId, Math.max(lastOf.get(orderId) ?? -1, r.last));
    if (r.upTo !== null && isOrderEventType(r.type))
      known.set(orderId, Math.max(known.get(orderId) ?? -1, r.upTo));
  }
  return { lastOf, known };
};

/**
 * Each model's revision held to its stream: every order stream with events up to the checkpoint
 * has a model at least that far, and no model reflects a revision its stream does not have.
 * Returns each order's last stream revision.
 */
const checkRevisions = (
  store: SqliteEventStore,
  position: bigint | undefined,
  revisions: ReadonlyMap<string, number>,
  report: Report,
): Map<string, number> => {
  const { lastOf, known } = streamRevisions(store, position);
  for (const [orderId, upTo] of known) {
    const have = revisions.get(orderId);
    if (have === undefined)
      report(
        'model_missing',
        `order ${orderId} has events up to the checkpoint (revision ${upTo}) but no read model`,
        orderId,
      );
    else if (have < upTo)
      report(
        'model_behind_checkpoint',
        `the read model of order ${orderId} reflects revision ${have}, but the checkpoint covers revision ${upTo} of its stream`,
        orderId,
      );
  }
  for (const [orderId, revision] of revisions) {
    const last = lastOf.get(orderId);
    if (last === undefined || revision > last)
      report(
        'model_ahead_of_stream',
        `the read model of order ${orderId} reflects revision ${revision}, but its stream ${last === undefined ? 'has no events' : `ends at revision ${last}`} (events deleted?)`,
        orderId,
      );
  }
  return lastOf;
};

/** An order's stream folded from its first event up to `revision`, as its stored model would hold it (plain JSON). */
const replayedModel = async (
  store: EventStore,
  orderId: string,
  revision: number,
): Promise<unknown> => {
  const entries = await orderLog(store, orderStream(orderId), { after: -1, through: revision });
  const fold = foldEntries(orderProjection.initial(orderId), entries);
  return JSON.parse(serializeOrderModel(modelOf(fold))) as unknown;
};

const parsed = (json: string): unknown => {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
};

/** Every stored model (whose stream reaches its revision) compared with its stream replayed; returns how many were compared. */
const compareModels = async (
  store: SqliteEventStore,
  models: ReadModelStore,
  lastOf: ReadonlyMap<string, number>,
  report: Report,
): Promise<number> => {
  const name = orderProjection.name;
  const revisions = models.revisions(name);
  let compared = 0;
  for (const orderId of models.keys(name)) {
    const json = models.get(name, orderId);
    const revision = revisions.get(orderId) ?? -1;
    if (json === undefined || revision > (lastOf.get(orderId) ?? -1)) continue; // reported already
    compared++;
    if (!isDeepStrictEqual(parsed(json), await replayedModel(store, orderId, revision)))
      report(
        'model_differs',
        `the stored read model of order ${orderId} differs from its stream replayed up to revision ${revision}`,
        orderId,
      );
  }
  return compared;
};

/**
 * Holds a SQLite store's read models to its log (`decree verify`): the checkpoint's position must
 * hold an event (`at`, the log point `verifyStore` reported there, undefined when none), whose
 * stored hash, log length and log head are those recorded with the checkpoint; every order stream
 * with events up to the checkpoint must have a model at least that far; no model may reflect a
 * revision its stream does not have; and with `models`, each stored model must equal its stream
 * replayed up to the model's revision.
 */
export const auditReadModels = async (
  store: SqliteEventStore,
  checkpoint: Checkpoint | undefined,
  at: LogPoint | undefined,
  options: { readonly models?: boolean } = {},
): Promise<ReadModelAudit> => {
  const name = orderProjection.name;
  const problems: ReadModelProblem[] = [];
  const base = {
    projection: name,
    version: checkpoint?.version ?? orderProjection.version,
    position: checkpoint?.position === undefined ? null : String(checkpoint.position),
    anchored: checkpoint?.anchor !== undefined,
  };
  if (checkpoint !== undefined && checkpoint.version !== orderProjection.version)
    return { ...base, current: false, compared: 0, problems };
  const report: Report = (reason, message, key) =>
    problems.push({ projection: name, reason, message, ...(key === undefined ? {} : { key }) });
  await checkCheckpoint(store, checkpoint, at, report);
  const models = createSqliteReadModels(store);
  const lastOf = checkRevisions(store, checkpoint?.position, models.revisions(name), report);
  const compared = options.models === true ? await compareModels(store, models, lastOf, report) : 0;
  return { ...base, current: true, compared, problems };
};

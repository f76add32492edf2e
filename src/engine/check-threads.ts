import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { EventStore } from '../store/index.js';
import { writableSqliteFile } from '../store/sqlite-event-store.js';
import type { ImportOptions } from './engine.types.js';
import {
  checkedOf,
  SPLIT_READ_MIN_BYTES,
  tally,
  THREADED_CHECK_MIN_LINES,
  type CheckJob,
  type Checked,
  type CheckThreads,
  type LineIndexParts,
  type OrderChecked,
} from './import-by-order.js';
import { progressEvery } from './importer.js';
import type { ByteRange } from './ndjson-file.js';
import { exitOf, startWorker, stopBetweenItems } from './workers.js';

/** What a check worker is started with: the store's file, which it opens at once. */
export interface CheckWorkerData {
  readonly db: string;
}

/** A first read of part of the file: the range, whether this is a backfill, whether to look the ids up in the store (not when its log is empty). */
export interface IndexRequest {
  readonly path: string;
  readonly range: ByteRange;
  readonly backfill: boolean;
  readonly lookUp: boolean;
}

/** What the first read of part of a file found: its lines (numbered from 1 there) and the ids stored in another order than their line's. */
export interface IndexedRange {
  readonly parts: LineIndexParts;
  readonly stored: ReadonlyMap<string, string>;
}

/**
 * What a check worker is asked: to read part of the file first (one worker, while the calling
 * thread reads the rest), then to check orders: the file, what checking any order needs, where to
 * mark new lines (shared), and a counter the workers share (the next order to check, taken with
 * `Atomics.add`), so a worker slowed by a large order takes fewer.
 */
export type CheckRequest =
  | ({ readonly kind: 'index' } & IndexRequest)
  | { readonly kind: 'stop' }
  | {
      readonly kind: 'check';
      readonly path: string;
      readonly job: CheckJob;
      readonly fresh: SharedArrayBuffer;
      readonly next: SharedArrayBuffer;
    };

/** What a check worker posts: the part of the file it read, what the check of each order found (by its slot), then `done`; or why it failed. */
export type CheckMessage =
  | ({ readonly kind: 'indexed' } & IndexedRange)
  | {
      readonly kind: 'orders';
      readonly orders: readonly (readonly [k: number, r: OrderChecked])[];
      readonly lines: number;
    }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A worker's heap limits: it holds one order's state and the lines of one read at a time, and
 * with V8's defaults its heap grows far past that before it is collected. An order too large for
 * them fails its worker, and the calling thread checks the whole file instead.
 */
export const CHECK_WORKER_LIMITS: ResourceLimits = {
  maxYoungGenerationSizeMb: 16,
  maxOldGenerationSizeMb: 256,
};

/**
 * Where an import's check may run on worker threads: a SQLite file this process writes (the
 * workers open it to read each order's stored events), on `threads` threads, for a file of
 * THREADED_CHECK_MIN_LINES lines or more (its first read shared from SPLIT_READ_MIN_BYTES); else
 * undefined.
 */
export const checkThreadsFor = (store: EventStore, threads: number): CheckThreads | undefined => {
  const db = threads < 2 ? undefined : writableSqliteFile(store);
  return db === undefined
    ? undefined
    : { db, threads, fromLines: THREADED_CHECK_MIN_LINES, splitFromBytes: SPLIT_READ_MIN_BYTES };
};

/**
 * The worker threads of one import's check. The first starts when the pool is made and opens the
 * store at once, so that its start overlaps the import's first read, part of which `index` has it
 * read; the others start with `check`, which has all of them check the orders (the first takes
 * orders while they start). On two cores, starting both at once checked the first 20,000 lines of
 * the bench's workload about 0.3 s sooner and the whole file no sooner (four alternated imports).
 * When a worker fails, at any point, the pool answers undefined from then on and the calling
 * thread does the work itself (where an error is raised as itself). The workers end after the
 * check, or on `close`: between two orders, never terminated mid-call (see `stopBetweenItems`).
 */
export class CheckPool {
  readonly #threads: CheckThreads;
  readonly #workers: Worker[] = [];
  readonly #exited: Promise<number>[] = [];
  /** The running check's order counter and its end (none before `check`). */
  #counter: { next: SharedArrayBuffer; end: number } | undefined;
  #closing: Promise<readonly number[]> | undefined;
  /** Called when a worker fails (and the pool with it). */
  #onFailure: (() => void) | undefined;
  #onMessage: ((m: CheckMessage) => void) | undefined;
  #failed = false;

  constructor(threads: CheckThreads) {
    this.#threads = threads;
    this.#start();
  }

  #start(): Worker {
    const data: CheckWorkerData = { db: this.#threads.db };
    const w = startWorker('check-worker', data, this.#threads.limits ?? CHECK_WORKER_LIMITS);
    w.on('message', (m: CheckMessage) =>
      m.kind === 'failed' ? this.#fail() : this.#onMessage?.(m),
    );
    w.on('error', () => this.#fail());
    w.on('exit', (code) => {
      if (code !== 0) this.#fail();
    });
    this.#workers.push(w);
    this.#exited.push(exitOf(w));
    return w;
  }

  /** Whether a worker failed or the pool was closed: no more work is given out. */
  get #over(): boolean {
    return this.#failed || this.#closing !== undefined;
  }

  #fail(): void {
    if (this.#over) return;
    this.#failed = true;
    this.#onFailure?.();
  }

  /** One worker's first read of `request.range`, or undefined when the pool failed. */
  index(request: IndexRequest): Promise<IndexedRange | undefined> {
    return new Promise((resolve) => {
      if (this.#over) return resolve(undefined);
      this.#onFailure = () => resolve(undefined);
      this.#onMessage = (m) => {
        if (m.kind === 'indexed') resolve({ parts: m.parts, stored: m.stored });
      };
      this.#workers[0]!.postMessage({ kind: 'index', ...request } satisfies CheckRequest);
    });
  }

  /**
   * The check of `importFileByOrder` on the workers, each taking the next order from the counter
   * they share and checking it as the calling thread would (`checkOrder`). Resolves to what the
   * whole check found, the workers ended, or undefined when the pool failed (the caller then
   * checks the file on its own thread); rejects with what `options.onProgress` throws, as the
   * check on the calling thread would.
   */
  check(
    path: string,
    job: CheckJob,
    count: number,
    options: ImportOptions,
  ): Promise<Checked | undefined> {
    return new Promise((resolve, reject) => {
      if (this.#over) return void this.close().then(() => resolve(undefined));
      const fresh = new SharedArrayBuffer(count + 1);
      const into = checkedOf(count, fresh);
      const request: CheckRequest = {
        kind: 'check',
        path,
        job,
        fresh,
        next: new SharedArrayBuffer(4),
      };
      this.#counter = { next: request.next, end: job.byOrder.from.length };
      while (this.#workers.length < this.#threads.threads) this.#start();
      let running = this.#workers.length;
      let checked = 0;
      this.#onFailure = () => void this.close().then(() => resolve(undefined));
      const progress = (n: number): boolean => {
        try {
          progressEvery(options, n, count);
          return true;
        } catch (e) {
          void this.close().then(() => reject(e)); // a callback that throws stops the import, workers and all
          return false;
        }
      };
      this.#onMessage = (m) => {
        if (m.kind === 'done') {
          if (--running === 0 && progress(count)) void this.close().then(() => resolve(into));
          return;
        }
        if (m.kind !== 'orders') return;
        for (const [k, r] of m.orders) tally(into, job, k, r);
        const before = checked;
        checked += m.lines;
        if (Math.floor(checked / 1000) > Math.floor(before / 1000))
          progress(checked - (checked % 1000));
      };
      for (const w of this.#workers) w.postMessage(request);
    });
  }

  /**
   * Ends the workers (they are not needed any more, or one failed): each finishes the order or the
   * read in hand, closes the store and exits; resolves to their exit codes when all have exited.
   */
  close(): Promise<readonly number[]> {
    if (this.#closing) return this.#closing;
    this.#onMessage = undefined;
    for (const w of this.#workers) w.postMessage({ kind: 'stop' } satisfies CheckRequest);
    const { next, end } = this.#counter ?? { next: undefined, end: 0 };
    this.#closing = stopBetweenItems(this.#workers, this.#exited, next ? [next] : [], end).then(
      (codes) => {
        this.#threads.onStopped?.(codes);
        return codes;
      },
    );
    return this.#closing;
  }
}

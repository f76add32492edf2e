import type { EventStore } from '../store/index.js';
import { writableSqliteFile } from '../store/sqlite-event-store.js';
import type { ImportOptions } from './engine.types.js';
import {
  checkedOf,
  tally,
  THREADED_CHECK_MIN_LINES,
  type CheckJob,
  type Checked,
  type CheckThreads,
  type OrderChecked,
} from './import-by-order.js';
import { progressEvery } from './importer.js';
import { startWorker } from './workers.js';

/**
 * What the check workers are given: the file and the store's file (each opens both itself), what
 * checking any order needs, where to mark new lines (shared), and a counter they share (the next
 * order to check, taken with `Atomics.add`), so a worker slowed by a large order takes fewer.
 */
export interface CheckWorkerJob {
  readonly path: string;
  readonly db: string;
  readonly job: CheckJob;
  readonly fresh: SharedArrayBuffer;
  readonly next: SharedArrayBuffer;
}

/** What a check worker posts: what the check of each order found (by its slot), then `done`; or why it failed. */
export type CheckMessage =
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
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 };

/**
 * Where an import's check may run on worker threads: a SQLite file this process writes (the
 * workers open it to read each order's stored events), on `threads` threads, for a file of
 * THREADED_CHECK_MIN_LINES lines or more; else undefined.
 */
export const checkThreadsFor = (store: EventStore, threads: number): CheckThreads | undefined => {
  const db = threads < 2 ? undefined : writableSqliteFile(store);
  return db === undefined ? undefined : { db, threads, fromLines: THREADED_CHECK_MIN_LINES };
};

/**
 * The check of `importFileByOrder` on worker threads, each taking the next order from the counter
 * they share and checking it as the calling thread would (`checkOrder`). Resolves to what the
 * whole check found, or undefined, every worker stopped, when one failed: the caller then checks
 * the file on its own thread, where an error is raised as itself.
 */
export const checkOnThreads = (
  path: string,
  threads: CheckThreads,
  job: CheckJob,
  count: number,
  options: ImportOptions,
): Promise<Checked | undefined> =>
  new Promise((resolve) => {
    const fresh = new SharedArrayBuffer(count + 1);
    const into = checkedOf(count, fresh);
    const shared: CheckWorkerJob = {
      path,
      db: threads.db,
      job,
      fresh,
      next: new SharedArrayBuffer(4),
    };
    let running = threads.threads;
    let checked = 0;
    let over = false;
    const end = (ok: boolean) => {
      if (over) return;
      over = true;
      if (ok) progressEvery(options, count, count);
      void Promise.all(workers.map((w) => w.terminate())).then(() =>
        resolve(ok ? into : undefined),
      );
    };
    const workers = Array.from({ length: threads.threads }, () => {
      const w = startWorker('check-worker', shared, LIMITS);
      w.on('message', (m: CheckMessage) => {
        if (over) return;
        if (m.kind === 'failed') return end(false);
        if (m.kind === 'done') return --running === 0 ? end(true) : undefined;
        for (const [k, r] of m.orders) tally(into, job, k, r);
        const before = checked;
        checked += m.lines;
        if (Math.floor(checked / 1000) > Math.floor(before / 1000))
          progressEvery(options, checked - (checked % 1000), count);
      });
      w.on('error', () => end(false));
      w.on('exit', (code) => {
        if (code !== 0) end(false);
      });
      return w;
    });
  });

import type { Engine } from '../engine/engine.types.js';
import { defaultThreads, startWorker } from '../engine/workers.js';
import type { SqliteEventStore } from '../store/sqlite-event-store.js';
import type { ResolvedStore } from './args.js';
import type { OrderPage, OrderPageJob } from './commands/report.js';

/** Below this many orders an index report is written on the calling thread: starting workers would cost about what they save. */
export const THREADED_REPORT_MIN_ORDERS = 200;

/**
 * What the report workers are given: the store to open, the orders, and a counter they share
 * (the index of the next order to write, taken with `Atomics.add`), besides what every order page
 * needs. A worker slowed by a large order takes fewer.
 */
export interface ReportJob extends OrderPageJob {
  readonly spec: string;
  readonly ids: readonly string[];
  readonly next: SharedArrayBuffer;
}

/** What a report worker posts: each order's page as written (by its index in `ids`), then `done`; or why it failed. */
export type ReportMessage =
  | { readonly kind: 'page'; readonly i: number; readonly page: OrderPage }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A worker's heap limits: a page is read, rendered and written one order at a time, so a worker's
 * live set is one order's, and with V8's defaults its heap grows far past that before it is
 * collected. On the bench's 10,000 orders these kept the report's peak RSS at 266 MB (one thread:
 * 231 MB) for 1.29 times the speed. An order too large for them fails its worker, and the calling
 * thread writes the pages left.
 */
const LIMITS = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 256 };

/**
 * How many worker threads write an index report's order pages: two on a machine of two cores or
 * more, for a writable SQLite store (each worker opens the file itself; its read models are
 * current, so they only read) and enough orders; otherwise none.
 */
export const reportThreads = (engine: Engine, store: ResolvedStore, orders: number): number => {
  const s = engine.store as Partial<SqliteEventStore> | undefined;
  const ownFile = store.sqlitePath !== undefined && s?.kind === 'sqlite' && s.readOnly !== true;
  return ownFile && orders >= THREADED_REPORT_MIN_ORDERS ? defaultThreads() : 0;
};

/** How long the other workers may take to finish the order they are writing once one failed, before they are terminated. */
const STOP_GRACE_MS = 5 * 60_000;

/**
 * Writes order pages on `threads` worker threads, each taking the next order from the counter
 * they share, and hands each page written to `done` as it comes (in no particular order). Resolves
 * to true when every page is written; false, every worker stopped, when one failed: the caller
 * writes the pages left on its own thread, where an error is raised as itself.
 *
 * A failure stops the other workers between orders (the counter is moved past the last order) and
 * waits for them to exit, rather than terminating them at once: a worker terminated while
 * better-sqlite3 raises a SQLite error aborts the whole process (the error cannot be made in an
 * isolate being terminated), as when two workers fail to open the same file together. Only a
 * worker still running `STOP_GRACE_MS` later is terminated.
 */
export const pagesOnThreads = (
  job: Omit<ReportJob, 'next'>,
  threads: number,
  done: (i: number, page: OrderPage) => void,
): Promise<boolean> =>
  new Promise((resolve) => {
    const shared: ReportJob = { ...job, next: new SharedArrayBuffer(4) };
    let running = threads;
    let alive = threads;
    let over = false;
    let result = true;
    let grace: NodeJS.Timeout | undefined;
    const end = (ok: boolean) => {
      if (over) return;
      over = true;
      result = ok;
      Atomics.store(new Int32Array(shared.next), 0, job.ids.length);
      grace = setTimeout(() => void Promise.all(workers.map((w) => w.terminate())), STOP_GRACE_MS);
      grace.unref();
      if (alive === 0) finish();
    };
    const finish = () => {
      clearTimeout(grace);
      resolve(result);
    };
    const workers = Array.from({ length: threads }, () => {
      const w = startWorker('../cli/report-worker', shared, LIMITS);
      let told = false; // whether it said it was done or failed
      w.on('message', (m: ReportMessage) => {
        if (m.kind !== 'page') told = true;
        if (over) return;
        if (m.kind === 'page') done(m.i, m.page);
        else if (m.kind === 'failed') end(false);
        else if (--running === 0) end(true);
      });
      w.on('error', () => end(false));
      w.on('exit', (code) => {
        if (code !== 0 || !told) end(false);
        if (--alive === 0 && over) finish();
      });
      return w;
    });
  });

import type { Engine } from '../engine/engine.types.js';
import { defaultThreads, exitOf, startWorker, stopBetweenItems } from '../engine/workers.js';
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

/**
 * Writes order pages on `threads` worker threads, each taking the next order from the counter
 * they share, and hands each page written to `done` as it comes (in no particular order). Resolves
 * to true when every page is written; false, every worker stopped, when one failed: the caller
 * writes the pages left on its own thread, where an error is raised as itself. Either way the
 * workers finish the order in hand and exit first (see `stopBetweenItems`).
 */
export const pagesOnThreads = (
  job: Omit<ReportJob, 'next'>,
  threads: number,
  done: (i: number, page: OrderPage) => void,
): Promise<boolean> =>
  new Promise((resolve) => {
    const shared: ReportJob = { ...job, next: new SharedArrayBuffer(4) };
    let running = threads;
    let over = false;
    const end = (ok: boolean) => {
      if (over) return;
      over = true;
      void stopBetweenItems(workers, exited, [shared.next], job.ids.length).then(() => resolve(ok));
    };
    const exited: Promise<number>[] = [];
    const workers = Array.from({ length: threads }, () => {
      const w = startWorker('../cli/report-worker', shared, LIMITS);
      exited.push(exitOf(w));
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
      });
      return w;
    });
  });

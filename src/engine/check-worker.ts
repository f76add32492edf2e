// A worker thread of an import's check (see check-threads.ts): opens the store and the file
// itself, takes each order from a counter the workers share, checks its lines against its state
// as stored, marks the new ones in shared memory, and posts what else it found.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteEventStore } from '../store/sqlite-event-store.js';
import type { CheckMessage, CheckWorkerJob } from './check-threads.js';
import { checkOrder, type OrderChecked } from './import-by-order.js';
import { FileLines } from './ndjson-file.js';
import { OrderWriter } from './order-writer.js';

const { path, db, job, fresh, next } = workerData as CheckWorkerJob;
const post = (m: CheckMessage) => parentPort!.postMessage(m);
/** How many orders' findings go in one message. */
const BATCH = 100;

const run = async (): Promise<void> => {
  const store = await openSqliteEventStore(db);
  const file = new FileLines(path);
  try {
    const writer = new OrderWriter(store);
    const marks = new Uint8Array(fresh);
    const counter = new Int32Array(next);
    const slots = job.byOrder.from.length - 1; // every order, and the lines of no order
    let orders: [number, OrderChecked][] = [];
    let lines = 0;
    const flush = () => {
      post({ kind: 'orders', orders, lines });
      orders = [];
      lines = 0;
    };
    for (let k = Atomics.add(counter, 0, 1); k < slots; k = Atomics.add(counter, 0, 1)) {
      orders.push([k, await checkOrder(writer, job, k, file, marks, () => lines++)]);
      if (orders.length >= BATCH) flush();
    }
    flush();
    post({ kind: 'done' });
  } finally {
    file.close();
    await store.close();
  }
};

run().catch((e: unknown) =>
  post({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);

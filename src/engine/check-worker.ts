// A worker thread of an import's check (see check-threads.ts): opens the store as it starts, then
// reads the part of the file it is given (the first read's second half, while the calling thread
// reads the first), and checks orders: it opens the file itself, takes each order from a counter
// the workers share, checks its lines against its state as stored, marks the new ones in shared
// memory, and posts what else it found.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteEventStore } from '../store/sqlite-event-store.js';
import type { CheckMessage, CheckRequest, CheckWorkerData } from './check-threads.js';
import { checkOrder, indexRange, type OrderChecked } from './import-by-order.js';
import { FileLines } from './ndjson-file.js';
import { OrderWriter } from './order-writer.js';

const { db } = workerData as CheckWorkerData;
const post = (m: CheckMessage) => parentPort!.postMessage(m);
const failed = (e: unknown) =>
  post({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
/** How many orders' findings go in one message. */
const BATCH = 100;

const opening = openSqliteEventStore(db).then((store) => ({
  store,
  writer: new OrderWriter(store),
}));
opening.catch(failed); // the pool learns at once that this worker cannot work

const check = async (r: Extract<CheckRequest, { kind: 'check' }>): Promise<void> => {
  const { writer } = await opening;
  const { path, job, fresh, next } = r;
  const file = new FileLines(path);
  try {
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
  }
};

const index = async (r: Extract<CheckRequest, { kind: 'index' }>): Promise<void> => {
  const { writer } = await opening;
  const { index: lines, stored } = await indexRange(
    r.path,
    r.range,
    r.backfill,
    r.lookUp ? (ids) => writer.streamsOf(ids) : undefined,
  );
  post({ kind: 'indexed', parts: lines.parts(), stored });
};

/** The work in hand: requests run one after another. */
let working: Promise<void> = Promise.resolve();

/** After the work in hand: the store closed (if it opened), the port closed, so the thread exits. */
const stop = async (): Promise<void> => {
  await working;
  try {
    await opening.then(
      ({ store }) => store.close(),
      () => undefined,
    );
  } finally {
    parentPort!.close();
  }
};

parentPort!.on('message', (r: CheckRequest) => {
  working =
    r.kind === 'stop'
      ? stop().catch(() => undefined) // closing is best effort: the thread exits either way
      : working.then(() => (r.kind === 'index' ? index(r) : check(r))).catch(failed);
});

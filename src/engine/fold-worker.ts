// A worker thread of a parallel catch-up (see fold-threads.ts): folds changed order streams of a
// SQLite store (each onto the order's stored model, if it has one) through a connection of its own,
// taking each from a counter the workers share, and posts each model, serialized, to the thread
// that writes them.
import { parentPort, workerData } from 'node:worker_threads';
import { orderIdOfStream } from '../../domain/index.js';
import {
  deserializeOrderModel,
  modelOf,
  orderProjection,
  serializeOrderModel,
} from '../../projections/index.js';
import { openSqliteEventStore } from '../store/sqlite-event-store.js';
import type { FoldJob, FoldMessage } from './fold-threads.js';
import { sqliteLogAnchor, sqliteModelReader } from './read-models.js';
import { foldStream } from './stream-fold.js';

const job = workerData as FoldJob;
const post = (m: FoldMessage) => parentPort!.postMessage(m);

const run = async (): Promise<void> => {
  const store = await openSqliteEventStore(job.path);
  try {
    if (job.anchor) {
      // Chained first, while the other workers fold: a rebuild's anchor reads every event's hash.
      post({ kind: 'anchor', anchor: sqliteLogAnchor(store.db, job.anchor) ?? null });
    }
    const { upTo } = job;
    const next = new Int32Array(job.next);
    // An order's model is rewritten only once it is folded, and only one worker folds it: the model
    // read here is the one the pass started from.
    const modelText = job.stored ? sqliteModelReader(store.db) : () => undefined;
    for (let i = Atomics.add(next, 0, 1); i < job.streams.length; i = Atomics.add(next, 0, 1)) {
      const stream = job.streams[i]!;
      const orderId = orderIdOfStream(stream);
      if (orderId === undefined) continue; // projections skip streams they do not know
      const text = modelText(orderProjection.name, orderId);
      const stored = text === undefined ? undefined : deserializeOrderModel(text);
      const done = await foldStream(store, orderId, stream, upTo, stored);
      if (!done) continue;
      // Posted at once: a model kept here until a batch is full would outlive a scavenge or two and
      // fill the old generation with garbage (the writing thread gathers the batches).
      post({
        kind: 'batch',
        writes: [
          [orderId, done.fold.revision, serializeOrderModel(modelOf(done.fold, done.seenBefore))],
        ],
        applied: done.applied,
      });
    }
    post({ kind: 'done', writes: [], applied: 0 });
  } finally {
    await store.close();
  }
};

run().catch((e: unknown) =>
  post({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);

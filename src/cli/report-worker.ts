// A worker thread of `decree report` over many orders (see report-threads.ts): opens the store
// itself, takes each order from a counter the workers share, writes its page and continuation
// pages, and posts what the index needs of it.
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../engine/engine.js';
import { REPORT_MODEL_CACHE, writeOrderPage } from './commands/report.js';
import type { ReportJob, ReportMessage } from './report-threads.js';

const job = workerData as ReportJob;
const post = (m: ReportMessage) => parentPort!.postMessage(m);

const run = async (): Promise<void> => {
  const engine = await createEngine({
    store: job.spec,
    modelCache: REPORT_MODEL_CACHE,
    threads: 0,
  });
  try {
    const next = new Int32Array(job.next);
    for (let i = Atomics.add(next, 0, 1); i < job.ids.length; i = Atomics.add(next, 0, 1))
      post({ kind: 'page', i, page: await writeOrderPage(engine, job.ids[i]!, job) });
    post({ kind: 'done' });
  } finally {
    await engine.close();
  }
};

run().catch((e: unknown) =>
  post({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);

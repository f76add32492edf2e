import type { ResourceLimits, Worker } from 'node:worker_threads';
import { exitOf, startWorker, stopBetweenItems } from './workers.js';
import type { AnchorLater, LogAnchor, ModelWrite } from './read-models.js';

/**
 * What the fold workers are given: a SQLite file, the changed streams, whether some of their
 * orders have a stored model, a counter they share, and the log position to fold up to. Each
 * worker takes the next stream from the counter until none is left, so a worker slowed by large
 * orders or by the other threads takes fewer.
 */
export interface FoldJob {
  readonly path: string;
  readonly streams: readonly string[];
  /** Whether some orders have a stored model: a worker then reads each order's and folds onto it (else it looks none up). */
  readonly stored: boolean;
  /** An Int32 at 0: the index of the next stream to fold, taken with `Atomics.add`. */
  readonly next: SharedArrayBuffer;
  /** The global position to fold up to. */
  readonly upTo: bigint;
  /** The log anchor to chain before folding (one job at most has it). */
  readonly anchor?: AnchorLater;
}

/** What a fold worker posts: the anchor it was asked for (null for an empty log), serialized models (order id, revision, value) with the events they fold, then `done`. */
export type FoldMessage =
  | {
      readonly kind: 'batch' | 'done';
      readonly writes: readonly (readonly [string, number, string])[];
      readonly applied: number;
    }
  | { readonly kind: 'anchor'; readonly anchor: LogAnchor | null }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * A fold worker's heap limits (the runner's default: `foldThreadLimits`). With V8's defaults each
 * worker's heap grew to about 130 MB before it was collected (it holds 15 MB or so), and two
 * workers took a replay of the bench's million events from 210 MB peak RSS to 430 MB. With a 6 MB
 * young generation a replay peaked at 270 to 310 MB while the calling thread kept models for 10,000
 * events a commit, 210 to 235 MB with 5,000; 12 MB collects less often (three alternated pairs of
 * replays: 0.4 to 0.8 s faster, about 1 core-second less) and peaked at 228 to 260 MB. An order too
 * large for them fails its worker, and the runner folds the whole catch-up on its own thread instead.
 */
export const FOLD_WORKER_LIMITS: ResourceLimits = {
  maxYoungGenerationSizeMb: 12,
  maxOldGenerationSizeMb: 64,
};

/** The job of `threads` fold workers sharing one counter; the first chains `anchor` before it folds. */
export const foldJobs = (
  path: string,
  streams: readonly string[],
  upTo: bigint,
  threads: number,
  stored: boolean,
  anchor?: AnchorLater,
): FoldJob[] => {
  const next = new SharedArrayBuffer(4);
  return Array.from({ length: Math.min(threads, streams.length) }, (_, i) => ({
    path,
    streams,
    stored,
    next,
    upTo,
    ...(i === 0 && anchor && { anchor }),
  }));
};

/** A batch of models ready to commit, as the runner writes them. */
export interface FoldedBatch {
  readonly writes: Map<string, ModelWrite>;
  readonly applied: number;
  /** Whether this is the last batch of the whole fold (every worker is done). */
  readonly last: boolean;
  /** On the last batch, the anchor a worker chained (when a job asked for one and the log had events). */
  readonly anchor?: LogAnchor;
}

/** Starts one fold worker a job, each message (and failure) of which goes to `push`. */
const startFoldWorkers = (
  jobs: readonly FoldJob[],
  limits: ResourceLimits,
  push: (m: FoldMessage) => void,
): { workers: Worker[]; exited: Promise<number>[] } => {
  const exited: Promise<number>[] = [];
  const workers = jobs.map((job) => {
    const w = startWorker('fold-worker', job, limits);
    exited.push(exitOf(w));
    w.on('message', push);
    w.on('error', (e) => push({ kind: 'failed', message: e.stack ?? e.message }));
    w.on('exit', (code) => {
      if (code !== 0) push({ kind: 'failed', message: `a fold worker exited with code ${code}` });
    });
    return w;
  });
  return { workers, exited };
};

/**
 * Folds the streams on worker threads (one per job, taking streams from the counter they share)
 * and yields their models in batches of about `batchSize` events as they come (in no particular
 * order across threads: each order's model depends on its own stream only). Throws when a worker
 * fails; returning early (the caller lost a race) stops every worker. Either way the workers
 * finish the stream in hand and exit before this returns or throws.
 */
export async function* foldOnThreads(
  jobs: readonly FoldJob[],
  batchSize: number,
  limits: ResourceLimits = FOLD_WORKER_LIMITS,
): AsyncGenerator<FoldedBatch, void, undefined> {
  const queue: Exclude<FoldMessage, { kind: 'anchor' }>[] = [];
  let wake: (() => void) | undefined;
  let anchor: LogAnchor | undefined; // kept apart from the queue: it goes with the last batch
  const push = (m: FoldMessage) => {
    if (m.kind === 'anchor') {
      anchor = m.anchor ?? undefined;
      return;
    }
    queue.push(m);
    wake?.();
  };
  const { workers, exited } = startFoldWorkers(jobs, limits, push);
  let running = workers.length;
  let writes = new Map<string, ModelWrite>();
  let applied = 0;
  try {
    while (running > 0) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const m = queue.shift()!;
      if (m.kind === 'failed') throw new Error(`a fold worker failed: ${m.message}`);
      if (m.kind === 'done') running--;
      for (const [k, revision, value] of m.writes) writes.set(k, { revision, value });
      applied += m.applied;
      if (running === 0) yield { writes, applied, last: true, ...(anchor && { anchor }) };
      else if (applied >= batchSize) {
        yield { writes, applied, last: false };
        writes = new Map();
        applied = 0;
      }
    }
  } finally {
    // Each worker finishes the stream in hand and exits (see `stopBetweenItems`).
    await stopBetweenItems(
      workers,
      exited,
      jobs.map((j) => j.next),
      jobs[0]?.streams.length ?? 0,
    );
  }
}

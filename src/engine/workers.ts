import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Worker threads by default: two where the machine has two cores or more, else none (the calling thread does the work). */
export const defaultThreads = (): number => Math.min(2, availableParallelism());

const here = import.meta.url;

/**
 * Starts one of the package's worker modules (`module`: its path from this file, without the
 * extension: `fold-worker`, `../cli/report-worker`) with `data`: the compiled module, without the
 * parent's loaders; or, running from the TypeScript sources (development and tests), the source
 * through tsx.
 */
export const startWorker = (module: string, data: unknown, limits?: ResourceLimits): Worker => {
  const options = { workerData: data, ...(limits ? { resourceLimits: limits } : {}) };
  if (!here.endsWith('.ts'))
    return new Worker(new URL(`./${module}.js`, here), { ...options, execArgv: [] });
  const source = JSON.stringify(new URL(`./${module}.ts`, here).href);
  return new Worker(
    `import('tsx/esm/api').then((m) => { m.register(); return import(${source}); })`,
    { ...options, eval: true },
  );
};

/** How long stopped workers may take to finish the item in hand before they are terminated. */
const STOP_GRACE_MS = 5 * 60_000;

/**
 * A pool's workers that take items from a shared counter (an Int32 at 0 of each buffer in
 * `counters`), stopped between items and awaited: each counter is moved to `end` (so no item is
 * left to take) and the workers' exits are awaited (`exited`, made when each started), a worker
 * still running `STOP_GRACE_MS` later being terminated. Not terminated at once: a worker terminated
 * while better-sqlite3 raises a SQLite error aborts the whole process (the error cannot be made in
 * an isolate being terminated), as when two workers fail to open the same file together.
 * Resolves to the workers' exit codes (0 for a worker that exited on its own, 1 if terminated).
 */
export const stopBetweenItems = async (
  workers: readonly Worker[],
  exited: readonly Promise<number>[],
  counters: readonly SharedArrayBuffer[],
  end: number,
): Promise<readonly number[]> => {
  for (const c of counters) Atomics.store(new Int32Array(c), 0, end);
  const grace = setTimeout(
    () => void Promise.all(workers.map((w) => w.terminate())),
    STOP_GRACE_MS,
  );
  grace.unref();
  const codes = await Promise.all(exited);
  clearTimeout(grace);
  return codes;
};

/** A promise of the worker's exit, made when it starts (it may exit before anyone waits). */
export const exitOf = (w: Worker): Promise<number> =>
  new Promise((resolve) => w.once('exit', resolve));

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

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Projects select by suffix: `*.spec.ts` (fast, pure or on temp files), `*.prop.spec.ts` (fast-check laws).
// `npm run test:deep` runs only the properties, with DECREE_DEEP=1 (more runs, random seed).
export default defineConfig({
  test: {
    // One worker per core: Vitest's default (one fewer) runs every file in turn on a 2-core machine,
    // where the files' time goes largely to child processes, worker threads, fsyncs and PostgreSQL.
    maxWorkers: availableParallelism(),
    // Files share a worker's modules rather than importing them anew (about a quarter of the run's
    // time on 2 cores went to those imports). No test mocks a module or changes this process's
    // globals or environment (those that need another environment start a child process with it),
    // and what the code keeps at module level is a cache of pure results (holidays by year, memos
    // on objects) or a setting restored as the call that set it returns (`withLayoutWidth`).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.spec.ts'], exclude: ['test/**/*.prop.spec.ts'] },
      },
      { extends: true, test: { name: 'properties', include: ['test/**/*.prop.spec.ts'] } },
      // Examples a user copies: they import the package by name ('@decree-engine/decree', '@decree-engine/decree/testing'), as another service would.
      { extends: true, test: { name: 'examples', include: ['examples/**/*.spec.ts'] } },
    ],
  },
});

// The tests `npm run test:mutation` runs for each mutant (stryker.config.mjs): the example-based
// tests of the order's rules and of the folds. The property suites (*.prop.spec.ts) take minutes
// per run, and every static mutant runs every test, so they are left out, as are the CLI, store
// and report suites, which exercise neither. (Selected here rather than with Stryker's
// `testFiles`, which activates static mutants too late under vitest: stryker-js issue #6144.)
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/domain/order/**/*.spec.ts',
      'test/projections/**/*.spec.ts',
      'test/scenarios/**/*.spec.ts',
      'test/reference/**/*.spec.ts',
    ],
    exclude: ['**/*.prop.spec.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

// @ts-check
// Mutation testing of the order's rules and the projections: `npm run test:mutation`.
// Not part of `npm test` (a full run takes far longer than CI allows); see docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Which tests run is chosen by this vitest config, not by Stryker's `testFiles` (see it for why).
  vitest: { configFile: 'vitest.stryker.config.mjs', related: false },
  mutate: ['domain/order/order.rules.ts', 'domain/order/order.admit.ts', 'projections/**/*.ts'],
  ignorePatterns: [
    'dist',
    'coverage',
    'test-artifacts',
    'bench/results',
    'bench/.cache',
    'reports',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  timeoutFactor: 3,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 75, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

export default config;

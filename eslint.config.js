// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const pureBans = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process'],
          message: 'domain/ and projections/ are pure: no Node built-ins.',
        },
        {
          group: ['inversify', 'better-sqlite3', '@eventstore/*'],
          message: 'domain/ and projections/ are pure: no container or driver.',
        },
        {
          group: ['**/src/**', '../src/*', '../../src/*'],
          message: 'Dependencies point inward: src -> projections -> domain.',
        },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
      message: 'Time is an argument: no Date.now() in domain/ or projections/.',
    },
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'Time is an argument: no new Date() in domain/ or projections/.',
    },
    {
      selector: "MemberExpression[object.name='Temporal'][property.name='Now']",
      message: 'Time is an argument: no Temporal.Now in domain/ or projections/.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-artifacts/**',
      'bench/results/**',
      'bench/.cache/**',
      'reports/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      complexity: ['error', { max: 12, variant: 'modified' }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['src/composition-root.ts', 'test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'inversify', message: 'Only src/composition-root.ts imports inversify.' },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      ...pureBans,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...pureBans['no-restricted-imports'][1].patterns,
            {
              group: ['**/projections/**', '../projections/*'],
              message: 'domain/ imports only zod and small pure libraries.',
            },
          ],
        },
      ],
    },
  },
  { files: ['projections/**/*.ts'], rules: pureBans },
);

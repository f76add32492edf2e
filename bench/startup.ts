// The `startup` row: how long `import('@decree-engine/decree')` takes in a fresh process, against a
// bare `node` start measured alternately in the same run, and which packages it loads. Loading an
// optional backend (the EventStoreDB client with gRPC, inversify) or fast-check fails the bench.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, median, type RowResult } from './harness.js';
import type { RowContext } from './rows.js';

/** Packages `import('@decree-engine/decree')` must not load: optional peers and the testing kit's. */
export const FORBIDDEN_AT_IMPORT = /\/node_modules\/(@eventstore|@grpc|inversify|fast-check)\//;

const wallMs = (args: readonly string[]): number => {
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e6;
};

/** Every module URL a fresh process resolves while it imports `entry` (an ESM resolve hook records them). */
const loadedBy = (entry: string): string[] => {
  const dir = mkdtempSync(join(tmpdir(), 'decree-startup-'));
  try {
    const log = join(dir, 'loaded.log');
    writeFileSync(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`,
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
    );
    writeFileSync(log, '');
    execFileSync(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(dir, 'register.mjs')).href,
        '-e',
        `await import(${JSON.stringify(entry)})`,
      ],
      { stdio: 'ignore' },
    );
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Measures the cold import of the built package (dist/) and checks what it loads. */
export const startupRow = (root: string, ctx: RowContext): RowResult => {
  const entry = pathToFileURL(join(root, 'dist', 'src', 'index.js')).href;
  const forbidden = loadedBy(entry).filter((u) => FORBIDDEN_AT_IMPORT.test(u));
  if (forbidden.length > 0)
    throw new Error(
      `import of the package loads optional packages: ${forbidden.slice(0, 5).join(', ')}`,
    );
  const runs = ctx.smoke ? 3 : 15;
  const decree: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(wallMs(['-e', '0']));
    decree.push(wallMs(['-e', `await import(${JSON.stringify(entry)})`]));
  }
  const extra = median(decree) - median(bare);
  ctx.log(
    `startup: import ${median(decree).toFixed(0)} ms, bare node ${median(bare).toFixed(0)} ms`,
  );
  return {
    name: 'startup: import the package in a fresh process',
    size: `${runs} alternating cold starts`,
    decree: figure(decree, 'ms'),
    baseline: figure(bare, 'ms'),
    ratioDefinition: 'bare node start time / time to start and import Decree',
    ratio: median(bare) / median(decree),
    target: 'loads no optional backend (checked: fails the run otherwise); import adds < 400 ms',
    met: ctx.smoke ? undefined : extra < 400,
    extra: { importAddsMs: Math.round(extra) },
    ...(ctx.scaleNote ? { notes: [ctx.scaleNote] } : {}),
  };
};

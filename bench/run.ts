// Decree's benchmarks (issue 7): every row prints Decree's median, the baseline's median measured
// in the same process on the same data, and their ratio; then a Markdown table; results go to
// bench/results/ as JSON with machine info, package versions and the exact command.
//
//   node --expose-gc --import tsx bench/run.ts            full size (10,000 orders, 1,000,000 events)
//   node --import tsx bench/run.ts --smoke                tiny size, one run, for CI (asserts nothing about speed)
// Options: --build (`npm run build` while the workload is prepared, before anything is measured:
//          the rows that run the compiled package need dist/; `npm run bench` passes it),
//          --runs N (default 3; 1 with --smoke), --only startup,import,command,replay,query,verify,postgres,volume,report,
//          --fraction import=0.1,history=0.1 (measure a row group at a fraction of the full size),
//          --commands N (default 10,000 x the history fraction), --queries N (default 2,000 per run).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { inChild, machineInfo, markdownTable, type RowResult } from './harness.js';
import { catchUpReadModels, copyDb, ensureHistoryDb, removeDb } from './history.js';
import { commandRow, importRow, queryRows, replayRow, verifyRow, type RowContext } from './rows.js';
import { reportRow } from './report-row.js';
import { startupRow } from './startup.js';
import { volumeRows } from './volume.js';
import { postgresRows } from './postgres-rows.js';
import { ensureWorkload, isWorkloadCached, ofFraction, SIZES, type Workload } from './workload.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const ROWS = [
  'startup',
  'import',
  'command',
  'replay',
  'query',
  'verify',
  'postgres',
  'volume',
  'report',
] as const;
/** The rows that run on the history store. */
const HISTORY_ROWS = ['command', 'replay', 'query', 'verify', 'report'] as const;
const prepareScript = fileURLToPath(new URL('./prepare-child.ts', import.meta.url));

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const smoke = flag('smoke');
/** Runs per figure at full size when `--runs` does not say (one with `--smoke`). */
const DEFAULT_RUNS = 3;
const runs = Number(option('runs') ?? (smoke ? 1 : DEFAULT_RUNS));
const only = new Set((option('only') ?? ROWS.join(',')).split(','));
const fractions = Object.fromEntries(
  (option('fraction') ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => {
      const [k, v] = kv.split('=');
      return [k!, Number(v)];
    }),
) as Record<string, number>;
const log = (m: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const scaleNote = (full: Workload, used: Workload): string | undefined =>
  used === full
    ? undefined
    : `measured at 1/${Math.round(full.events / used.events)} size (${used.events.toLocaleString('en-US')} events, --fraction)`;

const report = (rows: RowResult[]) => (r: RowResult) => {
  rows.push(r);
  const base = r.baseline ? `, baseline ${r.baseline.median.toFixed(3)} ${r.baseline.unit}` : '';
  const ratio = r.ratio === undefined ? '' : `, ratio ${r.ratio.toFixed(3)}`;
  process.stdout.write(
    `${r.name}: Decree ${r.decree.median.toFixed(3)} ${r.decree.unit}${base}${ratio} (target ${r.target})\n`,
  );
};

/** The rows that read the history store once it is caught up: verify, and the report of every order (one run: it is long). */
const readingRows = async (
  w: Workload,
  work: string,
  ctx: RowContext,
  done: (r: RowResult) => void,
): Promise<void> => {
  if (only.has('verify')) done(await verifyRow(w, work, ctx));
  if (only.has('report')) done(await reportRow(w, work, { ...ctx, runs: 1 }));
};

/** The rows that run on the history store: replay, queries, verify and the report on one working copy, then commands on it. */
const historyRows = async (
  w: Workload,
  ctx: RowContext,
  done: (r: RowResult) => void,
): Promise<void> => {
  const historyDb = await ensureHistoryDb(w, log); // built by the prepare child
  const work = copyDb(historyDb, 'work');
  // The replay row builds the read models of the working copy; without it they are brought up to date here.
  if (only.has('replay') || only.has('query')) done(await replayRow(w, work, ctx));
  else await catchUpReadModels(work, log);
  if (only.has('query'))
    for (const r of await queryRows(
      w,
      work,
      Number(option('queries') ?? (smoke ? 100 : 2_000)),
      ctx,
    ))
      done(r);
  await readingRows(w, work, ctx, done);
  const commands = Number(
    option('commands') ?? (smoke ? 100 : Math.round(10_000 * (fractions.history ?? 1))),
  );
  if (only.has('command'))
    for (const r of await commandRow(w, work, historyDb, commands, ctx)) done(r);
  removeDb(work);
};

/** The rows that need no history store: the package's cold start, import, and the CLI on one large order. */
const standaloneRows = async (
  full: Workload,
  wImport: Workload,
  ctx: (w: Workload) => RowContext,
  done: (r: RowResult) => void,
): Promise<void> => {
  if (only.has('startup')) done(startupRow(ROOT, ctx(full)));
  if (only.has('import')) done(await importRow(wImport, ctx(wImport)));
  if (only.has('volume')) for (const r of volumeRows(ROOT, ctx(full))) done(r);
};

/** The PostgreSQL rows, at 1/10 of the full size by default (`--fraction postgres=1` for all of it). */
const postgresGroup = async (
  full: Workload,
  ctx: (w: Workload) => RowContext,
  done: (r: RowResult) => void,
): Promise<void> => {
  const w = await ofFraction(full, fractions.postgres ?? (smoke ? 1 : 0.1));
  const commands = Number(option('commands') ?? (smoke ? 50 : 1_000));
  for (const r of await postgresRows(w, commands, ctx(w))) done(r);
};

/**
 * `npm run build`, resolving once it succeeded (its output is shown only when it fails). It runs
 * while the prepare child generates the workload, before anything is measured.
 */
const buildPackage = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('npm', ['run', 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve((performance.now() - t0) / 1000)
        : reject(new Error(`npm run build exited with ${code}:\n${output}`)),
    );
  });

/**
 * The workload and (when a row needs it) the history store, generated when not cached in a child
 * process: this one, which measures, never holds what building them allocates. The package is
 * built meanwhile with `--build`. Nothing is measured yet.
 */
const prepare = async (
  sizeName: string,
  wantHistory: boolean,
): Promise<{ generationSeconds: number; historySeconds?: number }> => {
  // A failed build stops the preparation too (nothing would be measured), and its output is the error.
  const stop = new AbortController();
  const building = flag('build') ? buildPackage() : Promise.resolve(undefined);
  building.catch(() => stop.abort());
  const [preparing, built] = await Promise.allSettled([
    inChild<{ generationSeconds: number; historySeconds?: number }>(
      prepareScript,
      [sizeName, String(fractions.history ?? 1), wantHistory ? 'history' : 'none'],
      'prepare',
      process.execArgv,
      stop.signal,
    ),
    building,
  ]);
  if (built.status === 'rejected') throw built.reason;
  if (preparing.status === 'rejected') throw preparing.reason;
  const [prepared, buildSeconds] = [preparing.value, built.value];
  if (buildSeconds !== undefined) log(`package built (${buildSeconds.toFixed(1)} s)`);
  return prepared;
};

/** The whole-run target: under this many minutes on a fresh clone (`npm run bench`). */
const WHOLE_RUN_MINUTES = 10;

/** Whether this run measures as `npm run bench` does: every row at full size, the default runs, the package built. */
const asNpmRunBench = (): boolean =>
  flag('build') &&
  ROWS.every((r) => only.has(r)) &&
  Object.keys(fractions).length === 0 &&
  runs === DEFAULT_RUNS &&
  option('commands') === undefined &&
  option('queries') === undefined;

/** Why the whole run is not judged against its target, or undefined when it is. */
const unjudged = (cachedAtStart: boolean): string | undefined => {
  if (smoke) return 'a smoke run';
  if (cachedAtStart) return 'the workload was cached by an earlier run';
  return asNpmRunBench() ? undefined : 'not every row at full size with the defaults and --build';
};

/**
 * The whole run as a row: minutes from this process's start (npm's own start is not in it) to the
 * last row. Its target is set for `npm run bench` on a fresh clone, so it is judged only for such a
 * run: every row at full size and the default runs, the package built, and the workload not
 * cached by an earlier run (the history store and the other files are then built in it too).
 */
const wholeRunRow = (cachedAtStart: boolean): RowResult => {
  const minutes = performance.now() / 60_000;
  const why = unjudged(cachedAtStart);
  return {
    name: 'the whole `npm run bench`',
    size: cachedAtStart
      ? 'this run, on the workload cached by an earlier run'
      : 'this run, its workload (and history store) built in it',
    decree: { median: minutes, runs: [minutes], unit: 'min' },
    target: `under ${WHOLE_RUN_MINUTES} min on a fresh clone`,
    met: why === undefined ? minutes < WHOLE_RUN_MINUTES : undefined,
    notes: [
      `from the start of the measuring process to its last row: the package build, the workload and the history store included, npm's own start not${why === undefined ? '' : `; not judged: ${why}`}`,
    ],
  };
};

const sqliteVersion = (): string => {
  const db = new Database(':memory:');
  const v = db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()!.v;
  db.close();
  return v;
};

const writeResults = (
  started: Date,
  size: { name: string },
  full: Workload,
  genS: number,
  historyBuildS: number | undefined,
  rows: RowResult[],
) => {
  const command =
    `node ${process.execArgv.join(' ')} ${relative(ROOT, fileURLToPath(import.meta.url))} ${args.join(' ')}`
      .replace(/\s+/g, ' ')
      .trim();
  const out = join(HERE, 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `bench-${size.name}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        command,
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        runsPerFigure: runs,
        machine: { ...machineInfo(ROOT), sqlite: sqliteVersion() },
        workload: {
          size: size.name,
          orders: full.orders.length,
          events: full.events,
          refused: full.refused,
          generationSeconds: genS,
          historyBuildSeconds: historyBuildS,
        },
        fractions,
        rows,
      },
      null,
      2,
    ),
  );
  return file;
};

const main = async () => {
  const size = smoke ? SIZES.smoke : SIZES.full;
  const started = new Date();
  const cachedAtStart = isWorkloadCached(size);
  if (smoke)
    process.stdout.write(
      'bench:smoke checks that every benchmark runs end to end on a tiny workload; its figures are not the performance targets (those are measured at full size by `npm run bench`: see docs/performance.md)\n',
    );
  log(`workload ${size.name}: ${size.orders} orders, ${size.events} events`);
  const wantHistory = HISTORY_ROWS.some((r) => only.has(r));
  const prepared = await prepare(size.name, wantHistory);
  const full = await ensureWorkload(size, log);
  log(
    `workload ready (${prepared.generationSeconds.toFixed(1)} s; ${full.events} events, ${full.refused} candidate events refused by the domain and left out)${wantHistory ? `; history store ready (${prepared.historySeconds?.toFixed(1)} s)` : ''}`,
  );
  const ctx = (w: Workload): RowContext => {
    const note = scaleNote(full, w);
    return { runs, smoke, log, ...(note ? { scaleNote: note } : {}) };
  };
  const rows: RowResult[] = [];
  const done = report(rows);
  const wImport = await ofFraction(full, fractions.import);
  const wHistory = await ofFraction(full, fractions.history);
  await standaloneRows(full, wImport, ctx, done);
  if (wantHistory) await historyRows(wHistory, ctx(wHistory), done);
  if (only.has('postgres')) await postgresGroup(full, ctx, done);
  done(wholeRunRow(cachedAtStart));
  process.stdout.write(`\n${markdownTable(rows, smoke)}\n\n`);
  for (const r of rows)
    for (const note of r.notes ?? []) process.stdout.write(`- ${r.name}: ${note}\n`);
  const file = writeResults(
    started,
    size,
    full,
    prepared.generationSeconds,
    prepared.historySeconds,
    rows,
  );
  process.stdout.write(`\nresults: ${relative(ROOT, file)}\n`);
};

main().catch((e: unknown) => {
  process.stderr.write(
    `\nBENCHMARK FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});

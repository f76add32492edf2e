import { closeSync, copyFileSync, createReadStream, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createEngine } from '../src/engine/index.js';
import type { EventStore, SqliteEventStore } from '../src/store/index.js';
import { CACHE_DIR, type Workload } from './workload.js';

/** Scratch directory for the databases the benchmarks write (under the git-ignored cache). */
export const TMP_DIR = join(CACHE_DIR, 'tmp');

/** Deletes a SQLite file and its WAL and shared-memory companions. */
export const removeDb = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
};

/** A fresh scratch path for a database (any previous file at that path is deleted). */
export const scratchDb = (name: string): string => {
  mkdirSync(TMP_DIR, { recursive: true });
  const path = join(TMP_DIR, `${name}.db`);
  removeDb(path);
  return path;
};

/**
 * Copies a closed database (no WAL pending) to a fresh scratch path, flushed to disk: otherwise
 * the kernel writes the copy back during the next measurement and slows its fsyncs.
 */
export const copyDb = (from: string, name: string): string => {
  const to = scratchDb(name);
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return to;
};

/** Folds the WAL into the main file so the database is a single file that can be copied. */
export const checkpoint = (store: EventStore): void => {
  if (store.kind === 'sqlite') (store as SqliteEventStore).db.pragma('wal_checkpoint(TRUNCATE)');
};

/** Bump when the way the history store is built changes, so a cached file of the old kind is not reused. */
const HISTORY_VERSION = 2;

/** The workload's lines in effective-year order (the file both import rows read and the history is built from), and each line's year. */
export interface YearOrdered {
  readonly path: string;
  readonly years: Uint16Array;
}

/**
 * The workload's lines sorted by effective year (stable: file order within a year), cached beside
 * the workload with each line's year. Both sides of the import row read this file: facts of many
 * orders interleaved the way a log that grew over years interleaves them.
 */
export const ensureByYear = async (w: Workload): Promise<YearOrdered> => {
  const path = w.ndjsonPath.replace(/\.ndjson$/, '.by-year.ndjson');
  const yearsPath = w.ndjsonPath.replace(/\.ndjson$/, '.by-year.years');
  if (existsSync(path) && existsSync(yearsPath)) {
    const bytes = readFileSync(yearsPath);
    const years = new Uint16Array(bytes.byteLength / 2);
    Buffer.from(years.buffer).set(bytes); // copied: the read buffer need not be 2-byte aligned
    return { path, years };
  }
  const buckets = new Map<number, string[]>();
  for await (const line of createInterface({ input: createReadStream(w.ndjsonPath), crlfDelay: Infinity })) {
    if (line.length === 0) continue;
    const year = Number((JSON.parse(line) as { metadata: { effectiveOn: string } }).metadata.effectiveOn.slice(0, 4));
    (buckets.get(year) ?? buckets.set(year, []).get(year)!).push(line);
  }
  const out = createWriteStream(`${path}.tmp`);
  const years = new Uint16Array(w.events);
  let i = 0;
  for (const year of [...buckets.keys()].sort((a, b) => a - b)) {
    for (const line of buckets.get(year)!) {
      years[i++] = year;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    buckets.delete(year);
  }
  out.end();
  await finished(out);
  writeFileSync(yearsPath, years);
  renameSync(`${path}.tmp`, path);
  return { path, years };
};

/** The importer writes in transactions of this many lines (importer.ts WRITE_CHUNK); a different size only moves the instants a little. */
const CHUNK = 10_000;

/**
 * Imports the year-ordered workload into a fresh store at `dbPath` through the engine's file
 * import, with a clock that stands at the end of the year of each written chunk's last line, so
 * events are recorded over time (known-at queries fold real prefixes). Returns the import's time
 * (the call alone, not opening or closing the engine); the file is closed and checkpointed after.
 */
export const importOverYears = async (w: Workload, ordered: YearOrdered, dbPath: string, log?: (m: string) => void): Promise<number> => {
  const { years } = ordered;
  const endOfYear = (year: number) => new Date(`${year}-12-31T18:00:00.000Z`);
  let now = endOfYear(years[Math.min(CHUNK, w.events) - 1]!);
  const engine = await createEngine({ store: `sqlite:${dbPath}`, clock: () => now });
  const t0 = performance.now();
  const report = await engine.importNdjsonFile(ordered.path, {
    onProgress: ({ phase, done }) => {
      if (phase !== 'write') return;
      now = endOfYear(years[Math.min(done + CHUNK, w.events) - 1]!);
      if (log && done % 100_000 < CHUNK) log(`history: ${done}/${w.events} events written, recorded at ${now.toISOString().slice(0, 10)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    },
  });
  const ms = performance.now() - t0;
  if (report.problems.length > 0 || report.appended !== w.events) {
    throw new Error(`import: appended ${report.appended}/${w.events}; first problems ${JSON.stringify(report.problems.slice(0, 3))}`);
  }
  checkpoint(engine.store);
  await engine.close();
  return ms;
};

/** Where the history store of a workload is cached. */
export const historyPath = (w: Workload): string => join(CACHE_DIR, `history-v${HISTORY_VERSION}-${basename(w.ndjsonPath, '.ndjson')}.db`);

/** Moves a finished import (closed, checkpointed) to the history path, where later runs find it. */
export const keepAsHistory = (w: Workload, built: string): string => {
  const path = historyPath(w);
  removeDb(path);
  renameSync(built, path);
  removeDb(built);
  return path;
};

/**
 * The "twenty years of history" store of a workload: the year-ordered workload imported over
 * years (`importOverYears`). The import row keeps its first run's store as this file; when that
 * row did not run, it is built here. Cached; its read models are built by whichever row needs them.
 */
export const ensureHistoryDb = async (w: Workload, log: (m: string) => void): Promise<string> => {
  const path = historyPath(w);
  if (existsSync(path)) return path;
  const building = scratchDb('history-building');
  await importOverYears(w, await ensureByYear(w), building, log);
  return keepAsHistory(w, building);
};

/** Brings the read models of a store up to date (a no-op when they are), as a running service's would be. */
export const catchUpReadModels = async (path: string, log: (m: string) => void): Promise<void> => {
  const engine = await createEngine({ store: `sqlite:${path}` });
  const t0 = performance.now();
  const orders = (await engine.orders()).length;
  checkpoint(engine.store);
  await engine.close();
  log(`read models of ${orders} orders current (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
};

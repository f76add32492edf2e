import { closeSync, copyFileSync, createReadStream, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
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

/**
 * The "twenty years of history" store of a workload, built once and cached: the workload's lines
 * sorted by effective year go through the engine's file import, with a clock that stands at the
 * end of the year of each written chunk's last line, so events are recorded over time (known-at
 * queries fold real prefixes) and the global log interleaves orders the way a log that grew over
 * years does.
 */
export const ensureHistoryDb = async (w: Workload, log: (m: string) => void): Promise<string> => {
  const path = join(CACHE_DIR, `history-v${HISTORY_VERSION}-${basename(w.ndjsonPath, '.ndjson')}.db`);
  if (!existsSync(path)) await buildHistoryDb(w, path, log);
  await catchUpReadModels(path, log);
  return path;
};

/** Brings the read models of a history file up to date (a no-op when they are), as a running service's would be. */
const catchUpReadModels = async (path: string, log: (m: string) => void): Promise<void> => {
  const engine = await createEngine({ store: `sqlite:${path}` });
  const t0 = performance.now();
  const orders = (await engine.orders()).length;
  checkpoint(engine.store);
  await engine.close();
  log(`history: read models of ${orders} orders current (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
};

/** The workload's lines in effective-year order (stable: file order within a year), written to a scratch file; and each line's year. */
const byYear = async (w: Workload): Promise<{ path: string; years: Uint16Array }> => {
  const buckets = new Map<number, string[]>();
  for await (const line of createInterface({ input: createReadStream(w.ndjsonPath), crlfDelay: Infinity })) {
    if (line.length === 0) continue;
    const year = Number((JSON.parse(line) as { metadata: { effectiveOn: string } }).metadata.effectiveOn.slice(0, 4));
    (buckets.get(year) ?? buckets.set(year, []).get(year)!).push(line);
  }
  const path = join(TMP_DIR, 'history-by-year.ndjson');
  mkdirSync(TMP_DIR, { recursive: true });
  const out = createWriteStream(path);
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
  return { path, years };
};

/** The importer writes in transactions of this many lines (importer.ts WRITE_CHUNK); a different size only moves the instants a little. */
const CHUNK = 10_000;

const buildHistoryDb = async (w: Workload, path: string, log: (m: string) => void): Promise<void> => {
  const { path: sorted, years } = await byYear(w);
  const building = scratchDb('history-building');
  const endOfYear = (year: number) => new Date(`${year}-12-31T18:00:00.000Z`);
  let now = endOfYear(years[Math.min(CHUNK, w.events) - 1]!);
  const engine = await createEngine({ store: `sqlite:${building}`, clock: () => now });
  const t0 = performance.now();
  const report = await engine.importNdjsonFile(sorted, {
    onProgress: ({ phase, done }) => {
      if (phase !== 'write') return;
      now = endOfYear(years[Math.min(done + CHUNK, w.events) - 1]!);
      if (done % 100_000 < CHUNK) log(`history: ${done}/${w.events} events written, recorded at ${now.toISOString().slice(0, 10)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    },
  });
  if (report.problems.length > 0 || report.appended !== w.events) {
    throw new Error(`history build: imported ${report.appended}/${w.events}; first problem ${JSON.stringify(report.problems[0])}`);
  }
  checkpoint(engine.store);
  await engine.close();
  rmSync(sorted, { force: true });
  removeDb(path);
  renameSync(building, path);
};

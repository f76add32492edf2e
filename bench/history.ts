import { copyFileSync, createReadStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
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

/** Copies a closed database (no WAL pending) to a fresh scratch path. */
export const copyDb = (from: string, name: string): string => {
  const to = scratchDb(name);
  copyFileSync(from, to);
  return to;
};

/** Folds the WAL into the main file so the database is a single file that can be copied. */
export const checkpoint = (store: EventStore): void => {
  if (store.kind === 'sqlite') (store as SqliteEventStore).db.pragma('wal_checkpoint(TRUNCATE)');
};

/**
 * The "twenty years of history" store of a workload, built once and cached: the NDJSON is imported
 * through the engine one effective year at a time, with the clock set to the end of that year,
 * so events are recorded over time (known-at queries fold real prefixes) and the global log
 * interleaves orders the way a log that grew over years does.
 */
export const ensureHistoryDb = async (w: Workload, log: (m: string) => void): Promise<string> => {
  const path = join(CACHE_DIR, `history-${basename(w.ndjsonPath, '.ndjson')}.db`);
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

const buildHistoryDb = async (w: Workload, path: string, log: (m: string) => void): Promise<void> => {
  const years = new Map<number, string[]>();
  for await (const line of createInterface({ input: createReadStream(w.ndjsonPath), crlfDelay: Infinity })) {
    if (line.length === 0) continue;
    const year = Number((JSON.parse(line) as { metadata: { effectiveOn: string } }).metadata.effectiveOn.slice(0, 4));
    (years.get(year) ?? years.set(year, []).get(year)!).push(line);
  }
  const building = scratchDb('history-building');
  let now = new Date(0);
  const engine = await createEngine({ store: `sqlite:${building}`, clock: () => now });
  const t0 = performance.now();
  let done = 0;
  for (const year of [...years.keys()].sort((a, b) => a - b)) {
    now = new Date(`${year}-12-31T18:00:00.000Z`);
    const lines = years.get(year)!;
    const report = await engine.importNdjson(lines);
    if (report.problems.length > 0 || report.appended !== lines.length) {
      throw new Error(`history build: year ${year} imported ${report.appended}/${lines.length}; first problem ${JSON.stringify(report.problems[0])}`);
    }
    done += lines.length;
    log(`history: ${year} done, ${done}/${w.events} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  checkpoint(engine.store);
  await engine.close();
  removeDb(path);
  renameSync(building, path);
};

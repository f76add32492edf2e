import {
  closeSync,
  copyFileSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createEngine } from '../src/engine/index.js';
import {
  appendPipeline,
  openSqliteEventStore,
  type EventStore,
  type NewEvent,
  type SqliteEventStore,
} from '../src/store/index.js';
import { CACHE_DIR, type Workload } from './workload.js';

/** Scratch directory for the databases the benchmarks write (under the git-ignored cache). */
export const TMP_DIR = join(CACHE_DIR, 'tmp');

/** Deletes a SQLite file and its WAL and shared-memory companions. */
export const removeDb = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    rmSync(`${path}${suffix}`, { force: true });
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
  flushToDisk(to);
  return to;
};

/** fsyncs a file. */
const flushToDisk = (path: string): void => {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Folds the WAL into the main file so the database is a single file that can be copied. */
export const checkpoint = (store: EventStore): void => {
  if (store.kind === 'sqlite') (store as SqliteEventStore).db.pragma('wal_checkpoint(TRUNCATE)');
};

/** Bump when what the history store holds changes, so a cached file of the old kind is not reused. */
const HISTORY_VERSION = 2;

/** The importer writes in transactions of this many lines (importer.ts WRITE_CHUNK); the history is recorded chunk by chunk alike. */
const CHUNK = 10_000;

/** Each chunk goes to the append pipeline in calls of this many events, as the import's do (importer.ts PIPELINE_CALL). */
const CALL = 500;

/** Where the history store of a workload is cached. */
const historyPath = (w: Workload): string =>
  join(CACHE_DIR, `history-v${HISTORY_VERSION}-${basename(w.ndjsonPath, '.ndjson')}.db`);

const YEAR = /"effectiveOn":"(\d{4})-/;

/** The workload's lines in effective-year order (stable: file order within a year), and each line's year. */
const linesByYear = async (w: Workload): Promise<{ lines: string[]; years: Uint16Array }> => {
  const buckets = new Map<number, string[]>();
  for await (const line of createInterface({
    input: createReadStream(w.ndjsonPath),
    crlfDelay: Infinity,
  })) {
    if (line.length === 0) continue;
    const year = Number(YEAR.exec(line)?.[1] ?? Number.NaN);
    if (!Number.isInteger(year))
      throw new Error(
        `history build: a workload line without metadata.effectiveOn: ${line.slice(0, 80)}`,
      );
    (buckets.get(year) ?? buckets.set(year, []).get(year)!).push(line);
  }
  const lines: string[] = [];
  const years = new Uint16Array(w.events);
  for (const year of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = buckets.get(year)!;
    years.fill(year, lines.length, lines.length + bucket.length);
    for (const line of bucket) lines.push(line);
  }
  return { lines, years };
};

/**
 * The "twenty years of history" store of a workload, built once and cached: the workload's lines in
 * effective-year order, recorded chunk by chunk at the end of the year of each chunk's last line, so
 * known-at queries fold real prefixes and the global log interleaves orders as a log grown over
 * years does. The file import writes exactly these rows (the import row imports the same events
 * every run; a build through it matched this one row for row, hashes included), but its check keeps
 * every order's state while the order has lines ahead: all of them at once in a file that
 * interleaves every order, about 2 GB and two minutes here. So the chunks go straight to the
 * store's append pipeline (validated and hash-chained by the store, written on its writer thread).
 * Its read models are built by whichever row needs them.
 */
export const ensureHistoryDb = async (w: Workload, log: (m: string) => void): Promise<string> => {
  const path = historyPath(w);
  if (existsSync(path)) return path;
  const t0 = performance.now();
  const { lines, years } = await linesByYear(w);
  if (lines.length !== w.events)
    throw new Error(`history build: ${lines.length}/${w.events} lines in the workload file`);
  const building = scratchDb('history-building');
  let now = new Date(0);
  const store = await openSqliteEventStore(building, { clock: () => now });
  const pipe = appendPipeline(store);
  try {
    for (let from = 0; from < lines.length; from += CHUNK) {
      const to = Math.min(from + CHUNK, lines.length);
      now = new Date(`${years[to - 1]!}-12-31T18:00:00.000Z`); // read when the chunk is chained, in `append`
      // In calls of CALL events, as the import writes (the chunk's time is read as each is chained).
      let batches: { stream: string; events: NewEvent[]; expectedRevision: 'any' }[] = [];
      for (let n = from; n < to; n++) {
        const { stream, ...event } = JSON.parse(lines[n]!) as NewEvent & { stream: string };
        lines[n] = ''; // nothing holds the file's text longer than its call
        const last = batches[batches.length - 1];
        if (last?.stream === stream) last.events.push(event);
        else batches.push({ stream, events: [event], expectedRevision: 'any' });
        if ((n + 1 - from) % CALL === 0 || n + 1 === to) {
          await pipe.append(batches);
          batches = [];
        }
      }
      if (to % 100_000 === 0)
        log(
          `history: ${to}/${w.events} events recorded (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        );
    }
    await pipe.finish();
  } finally {
    await pipe.close();
  }
  checkpoint(store);
  await store.close();
  flushToDisk(building);
  removeDb(path);
  renameSync(building, path);
  log(`history store built (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return path;
};

/** Brings the read models of a store up to date (a no-op when they are), as a running service's would be. */
export const catchUpReadModels = async (path: string, log: (m: string) => void): Promise<void> => {
  const engine = await createEngine({ store: `sqlite:${path}` });
  const t0 = performance.now();
  const orders = (await engine.orders()).length;
  checkpoint(engine.store);
  await engine.close();
  log(
    `read models of ${orders} orders current (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
};

import { closeSync, copyFileSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createEngine } from '../src/engine/index.js';
import { GENESIS_HASH, openSqliteEventStore, type EventStore, type NewEvent, type SqliteEventStore } from '../src/store/index.js';
import { canonicalJson } from '../src/store/canonical-json.js';
import { hashEventText } from '../src/store/hash-chain.js';
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

/** Where the history store of a workload is cached. */
const historyPath = (w: Workload): string => join(CACHE_DIR, `history-v${HISTORY_VERSION}-${basename(w.ndjsonPath, '.ndjson')}.db`);

const YEAR = /"effectiveOn":"(\d{4})-/;

/** The workload's lines in effective-year order (stable: file order within a year), and each line's year. */
const linesByYear = async (w: Workload): Promise<{ lines: string[]; years: Uint16Array }> => {
  const buckets = new Map<number, string[]>();
  for await (const line of createInterface({ input: createReadStream(w.ndjsonPath), crlfDelay: Infinity })) {
    if (line.length === 0) continue;
    const year = Number(YEAR.exec(line)?.[1] ?? Number.NaN);
    if (!Number.isInteger(year)) throw new Error(`history build: a workload line without metadata.effectiveOn: ${line.slice(0, 80)}`);
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

const COLUMNS = 'global_position, stream, stream_revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/**
 * The "twenty years of history" store of a workload, built once and cached: the workload's lines in
 * effective-year order, recorded chunk by chunk at the end of the year of each chunk's last line, so
 * known-at queries fold real prefixes and the global log interleaves orders as a log grown over
 * years does. The file import writes exactly these rows (the import row imports the same events
 * every run; a build through it matched this one row for row, hashes included), but its check keeps
 * every order's state while the order has lines ahead: all of them at once in a file that
 * interleaves every order, about 2 GB and two minutes here. So the rows are chained here with the
 * store's own canonical JSON and hash functions into a schema the store created, and the verify row
 * checks the whole chain every run. Its read models are built by whichever row needs them.
 */
export const ensureHistoryDb = async (w: Workload, log: (m: string) => void): Promise<string> => {
  const path = historyPath(w);
  if (existsSync(path)) return path;
  const t0 = performance.now();
  const { lines, years } = await linesByYear(w);
  if (lines.length !== w.events) throw new Error(`history build: ${lines.length}/${w.events} lines in the workload file`);
  const building = scratchDb('history-building');
  await (await openSqliteEventStore(building)).close(); // the store's own schema
  const db = new Database(building);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // a cache file, flushed once at the end
  const insert = db.prepare(`INSERT INTO decree_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const heads = new Map<string, { revision: number; hash: string }>();
  const write = db.transaction((from: number, to: number) => {
    const recordedAt = `${years[to - 1]!}-12-31T18:00:00.000Z`;
    for (let n = from; n < to; n++) {
      const { stream, id, type, schemaVersion, data, metadata } = JSON.parse(lines[n]!) as NewEvent & { stream: string };
      const head = heads.get(stream);
      const row = { stream, streamRevision: head === undefined ? 0 : head.revision + 1, id, type, schemaVersion, data: canonicalJson(data), metadata: canonicalJson(metadata), recordedAt };
      const prevHash = head?.hash ?? GENESIS_HASH;
      const hash = hashEventText(prevHash, row);
      heads.set(stream, { revision: row.streamRevision, hash });
      insert.run(n, stream, row.streamRevision, id, type, schemaVersion, row.data, row.metadata, recordedAt, prevHash, hash);
    }
  });
  for (let from = 0; from < lines.length; from += CHUNK) {
    write(from, Math.min(from + CHUNK, lines.length));
    if ((from + CHUNK) % 100_000 === 0) log(`history: ${from + CHUNK}/${w.events} events recorded (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
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
  log(`read models of ${orders} orders current (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
};

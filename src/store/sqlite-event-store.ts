import { resolve } from 'node:path';
import { recordedOfRow } from './stored-row.js';
import Database from 'better-sqlite3';
import type { CommonStoreOptions, EventStore } from './event-store.js';
import { NotADecreeStore, StoreUnavailable } from './errors.js';
import { migrate } from './sqlite-schema.js';
import { createSyncBackedStore, type SyncBackend } from './sync-backed-store.js';
import type { AppendContext } from './sync-append.js';
import { registerRawChain, type RawChainSource, type RawEvent } from './raw-chain.js';
import { registerAppendPipeline } from './append-pipeline.js';
import { SqliteAppendPipeline } from './sqlite-append-pipeline.js';

/** Options of the SQLite adapter. */
export interface SqliteEventStoreOptions extends CommonStoreOptions {
  /** `FULL` (default) survives power loss with WAL; `NORMAL` may lose the last commits on power loss, never corrupts. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's lock before `StoreUnavailable` (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /** How often a caught-up subscription polls for other processes' appends (default 50 ms). */
  readonly pollIntervalMs?: number;
}

/** The SQLite event store; `db` lets the projection runner keep read models and checkpoints in the same file. */
export interface SqliteEventStore extends EventStore {
  readonly kind: 'sqlite';
  readonly db: Database.Database;
  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction (a savepoint when nested). Do not call `append` inside. */
  transaction<T>(fn: () => T): T;
}

interface Row {
  global_position: number;
  stream: string;
  stream_revision: number;
  id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS =
  'global_position, stream, stream_revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';
const MAX_POSITION = 9223372036854775807n;
const UNAVAILABLE =
  /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|CORRUPT|NOTADB|PROTOCOL|PERM|AUTH)/;
const SYNCHRONOUS = { FULL: 'synchronous = FULL', NORMAL: 'synchronous = NORMAL' } as const;

/** In-process wake-ups, shared by every store opened on the same file in this process. */
const wakeups = new Map<string, Set<() => void>>();

/** A driver error that means "the store cannot be used right now" as `StoreUnavailable`; any other error as it is. */
const mapDriverError = (e: unknown): unknown => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && UNAVAILABLE.test(code)
    ? new StoreUnavailable(`SQLite: ${(e as Error).message}`, e)
    : e;
};

/** Runs `fn`, throwing driver errors mapped by `mapDriverError`. */
const guard = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    throw mapDriverError(e);
  }
};

const toRecorded = recordedOfRow;

const statements = (db: Database.Database) => ({
  head: db.prepare<[string], { revision: number; hash: string }>(
    `SELECT stream_revision AS revision, hash FROM decree_events WHERE stream = ? ORDER BY stream_revision DESC LIMIT 1`,
  ),
  // One indexed lookup for a whole batch of ids, passed as a JSON array.
  byIds: db.prepare<[string], Row>(
    `SELECT ${COLUMNS} FROM decree_events WHERE id IN (SELECT value FROM json_each(?))`,
  ),
  lastAt: db.prepare<[], { recorded_at: string }>(
    `SELECT recorded_at FROM decree_events ORDER BY global_position DESC LIMIT 1`,
  ),
  next: db.prepare<[], { next: number }>(
    `SELECT COALESCE(MAX(global_position), -1) + 1 AS next FROM decree_events`,
  ),
  insert: db.prepare(
    `INSERT INTO decree_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  streamFwd: db.prepare<[string, number, number], Row>(
    `SELECT ${COLUMNS} FROM decree_events WHERE stream = ? AND stream_revision >= ? ORDER BY stream_revision ASC LIMIT ?`,
  ),
  streamBwd: db.prepare<[string, number, number], Row>(
    `SELECT ${COLUMNS} FROM decree_events WHERE stream = ? AND stream_revision <= ? ORDER BY stream_revision DESC LIMIT ?`,
  ),
  allFwd: db.prepare<[bigint, number], Row>(
    `SELECT ${COLUMNS} FROM decree_events WHERE global_position > ? ORDER BY global_position ASC LIMIT ?`,
  ),
  allBwd: db.prepare<[bigint, number], Row>(
    `SELECT ${COLUMNS} FROM decree_events WHERE global_position < ? ORDER BY global_position DESC LIMIT ?`,
  ),
});

/** Verification's path to the stored text, without parsing it. */
const rawSource = (db: Database.Database): RawChainSource => {
  const st = db.prepare<
    [bigint, number],
    Omit<RawEvent, 'globalPosition'> & { globalPosition: number }
  >(
    `SELECT global_position AS globalPosition, stream, stream_revision AS streamRevision, id, type, schema_version AS schemaVersion, data, metadata, recorded_at AS recordedAt, prev_hash AS prevHash, hash FROM decree_events WHERE global_position > ? ORDER BY global_position ASC LIMIT ?`,
  );
  const readPage = (after: bigint | undefined, limit: number): RawEvent[] => {
    if (!db.open) throw new StoreUnavailable('the sqlite event store is closed');
    const rows = st.all(after ?? -1n, limit);
    // In place rather than a spread per row: this is verification's hot loop.
    for (const r of rows)
      (r as { globalPosition: number | bigint }).globalPosition = BigInt(r.globalPosition);
    return rows as unknown as RawEvent[];
  };
  return { readPage: (after, limit) => guard(() => readPage(after, limit)) };
};

const sqliteBackend = (db: Database.Database, key: string): SyncBackend => {
  const st = statements(db);
  const listeners = wakeups.get(key) ?? new Set<() => void>();
  wakeups.set(key, listeners);
  const own = new Set<() => void>();
  return {
    atomically: (fn) => guard(() => db.transaction(fn).immediate()),
    streamHead: (stream) => st.head.get(stream),
    findByIds: (ids) =>
      new Map(st.byIds.all(JSON.stringify(ids)).map((row) => [row.id, toRecorded(row)])),
    lastRecordedAt: () => st.lastAt.get()?.recorded_at,
    nextPosition: () => BigInt(st.next.get()?.next ?? 0),
    insert: (rows) => {
      // Payloads are stored as their canonical text, the very bytes the hash covers.
      for (const r of rows)
        st.insert.run(
          r.globalPosition,
          r.stream,
          r.streamRevision,
          r.id,
          r.type,
          r.schemaVersion,
          r.data,
          r.metadata,
          r.recordedAt,
          r.prevHash,
          r.hash,
        );
    },
    readStreamPage: (stream, direction, from, limit) =>
      guard(() =>
        (direction === 'forwards' ? st.streamFwd : st.streamBwd)
          .all(stream, from, limit)
          .map(toRecorded),
      ),
    readAllPage: (direction, after, limit) =>
      guard(() =>
        direction === 'forwards'
          ? st.allFwd.all(after ?? -1n, limit).map(toRecorded)
          : st.allBwd.all(after ?? MAX_POSITION, limit).map(toRecorded),
      ),
    onAppend: (listener) => {
      listeners.add(listener);
      own.add(listener);
      return () => {
        listeners.delete(listener);
        own.delete(listener);
      };
    },
    notifyAppend: () => [...listeners].forEach((l) => l()),
    close: () => {
      own.forEach((l) => listeners.delete(l));
      if (listeners.size === 0) wakeups.delete(key);
      db.close();
    },
  };
};

const isBusy = (e: unknown): boolean => /^SQLITE_BUSY/.test(String((e as { code?: unknown }).code));

/** Switching a fresh file to WAL takes a lock the busy timeout does not cover; retry briefly. */
const retryBusy = <T>(fn: () => T, attempts = 100): T => {
  for (let i = 0; ; i++) {
    try {
      return fn();
    } catch (e) {
      if (i >= attempts || !isBusy(e)) throw e;
      Atomics.wait(
        new Int32Array(new SharedArrayBuffer(4)),
        0,
        0,
        10 + Math.floor(Math.random() * 20),
      );
    }
  }
};

/** Whether a schema object of a SQLite file is Decree's own (or SQLite's) rather than another application's. */
export const isDecreeTable = (name: string): boolean => /^(decree_|sqlite_)/.test(name);

/**
 * Refuses a file that is not empty and not a Decree store, before anything is written to it: a
 * store named by mistake (another application's database, a document) is left as it was.
 */
const checkOwnFile = (db: Database.Database, path: string): void => {
  let names: string[];
  try {
    names = db
      .prepare<[], { name: string }>('SELECT name FROM sqlite_master')
      .all()
      .map((r) => r.name);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'SQLITE_NOTADB')
      throw new NotADecreeStore(
        'NOT_A_DECREE_STORE',
        `${path} is not a SQLite database, so not a Decree store; it was left untouched (name a new file, or an existing Decree store)`,
        ['store'],
      );
    throw e;
  }
  // A Decree store (decree_meta) may share its file with the embedding application's tables;
  // a file without it that holds anything is another application's.
  const foreign = names.filter((n) => !isDecreeTable(n));
  if (!names.includes('decree_meta') && foreign.length > 0)
    throw new NotADecreeStore(
      'NOT_A_DECREE_STORE',
      `${path} is a SQLite database of another application (it holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); Decree writes nothing to it (name a new file, or an existing Decree store)`,
      ['store'],
      { foreign },
    );
};

const openDatabase = (path: string, options: SqliteEventStoreOptions): Database.Database => {
  const db = guard(() => new Database(path, { timeout: options.busyTimeoutMs ?? 5000 }));
  try {
    guard(() => retryBusy(() => checkOwnFile(db, path)));
    guard(() => retryBusy(() => db.pragma('journal_mode = WAL')));
    guard(() => db.pragma(SYNCHRONOUS[options.synchronous ?? 'FULL']));
    guard(() => retryBusy(() => migrate(db)));
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
};

/**
 * Opens (creating if needed) a SQLite event store: WAL, `synchronous=FULL` by default, appends in
 * `BEGIN IMMEDIATE` transactions, safe with several processes on one file (they serialise on the
 * write lock; subscriptions poll to see each other's appends).
 * @example
 * const store = await openSqliteEventStore('decree.db', { pageSize: 1000 });
 */
export const openSqliteEventStore = async (
  path: string,
  options: SqliteEventStoreOptions = {},
): Promise<SqliteEventStore> => {
  const db = openDatabase(path, options);
  const inMemory = path === ':memory:' || path === '';
  const key = inMemory ? `:memory:${Math.random()}` : resolve(path);
  let context: AppendContext | undefined;
  const store = createSyncBackedStore('sqlite', sqliteBackend(db, key), options, (ctx) => {
    context = ctx;
  });
  const sqlite: SqliteEventStore = {
    ...store,
    kind: 'sqlite',
    db,
    transaction: <T>(fn: () => T): T => guard(() => db.transaction(fn).immediate()),
  };
  registerRawChain(sqlite, rawSource(db));
  // A second connection (the pipeline's writer thread) needs a file; an in-memory store appends call by call.
  if (!inMemory) {
    registerAppendPipeline(
      sqlite,
      () =>
        new SqliteAppendPipeline({
          path: key,
          busyTimeoutMs: options.busyTimeoutMs ?? 5000,
          synchronous: SYNCHRONOUS[options.synchronous ?? 'FULL'],
          context: context!,
          store: sqlite,
          mapError: mapDriverError,
        }),
    );
  }
  return sqlite;
};

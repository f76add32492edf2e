import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EVENT_COLUMNS, parseStoredJson, recordedOfRow, type EventRow } from './stored-row.js';
import Database from 'better-sqlite3';
import { DEFAULT_PAGE_SIZE, type CommonStoreOptions, type EventStore } from './event-store.js';
import { NotADecreeStore, StoreReadOnly, StoreUnavailable } from './errors.js';
import { checkSchema, migrate } from './sqlite-schema.js';
import { createSyncBackedStore, type SyncBackend } from './sync-backed-store.js';
import type { AppendContext } from './sync-append.js';
import { registerRawChain, type RawChainSource, type RawEvent } from './raw-chain.js';
import {
  registerLeanReads,
  type EventHead,
  type LeanReads,
  type LeanStreamRead,
  type UnhashedEvent,
} from './lean-reads.js';
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
  /**
   * `true` opens an existing store read-only; unset, a store is opened read-only when this process
   * cannot write its file or folder (an archive copy). Read-only, it answers reads and refuses every
   * write with `STORE_READ_ONLY`; its content is never changed (in a folder it can write, SQLite may
   * leave its empty -wal and -shm companions beside a WAL file it read).
   */
  readonly readOnly?: boolean;
}

/** The SQLite event store; `db` lets the projection runner keep read models and checkpoints in the same file. */
export interface SqliteEventStore extends EventStore {
  readonly kind: 'sqlite';
  readonly db: Database.Database;
  /** Whether the store was opened read-only: reads answer, writes fail with `STORE_READ_ONLY` (keep read models elsewhere). */
  readonly readOnly: boolean;
  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction (a savepoint when nested). Do not call `append` inside. */
  transaction<T>(fn: () => T): T;
}

/**
 * The file of a SQLite store this process writes (not in memory, not opened read-only), which
 * worker threads can open beside it; undefined for any other store.
 */
export const writableSqliteFile = (store: EventStore): string | undefined => {
  if (store.kind !== 'sqlite' || !('db' in store)) return undefined;
  const { db, readOnly } = store as SqliteEventStore;
  return readOnly || db.memory ? undefined : db.name;
};

type Row = EventRow<number>;
const COLUMNS = EVENT_COLUMNS;
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
  // One indexed lookup for a whole batch of ids, passed as a JSON array; a lone id (a command's
  // event) without the JSON text and the table-valued function.
  byIds: db.prepare<[string], Row>(
    `SELECT ${COLUMNS} FROM decree_events WHERE id IN (SELECT value FROM json_each(?))`,
  ),
  byId: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM decree_events WHERE id = ?`),
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
  // Those recorded by an instant. Forwards, a page looks at `limit` revisions at most (revisions
  // are contiguous), so a read past the last one recorded by then stops at that page; backwards,
  // the later ones are skipped.
  streamFwdBy: db.prepare<[string, number, number, string], Row>(
    `SELECT ${COLUMNS} FROM decree_events WHERE stream = ? AND stream_revision >= ? AND stream_revision < ? AND recorded_at <= ? ORDER BY stream_revision ASC`,
  ),
  streamBwdBy: db.prepare<[string, number, string, number], Row>(
    `SELECT ${COLUMNS} FROM decree_events WHERE stream = ? AND stream_revision <= ? AND recorded_at <= ? ORDER BY stream_revision DESC LIMIT ?`,
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

/** A row of a lean read, in raw mode: revision, position, id, type, schema version, data, metadata, recorded time. */
type LeanRow = [number, number, string, string, number, string, string, string];

const LEAN_COLUMNS =
  'stream_revision, global_position, id, type, schema_version, data, metadata, recorded_at';

/**
 * Folds' path to a stream (see `LeanReads`): only the columns a fold reads, rows as arrays, in
 * pages of `pageSize` revisions (a page a bound shortens is the last).
 */
const leanReads = (db: Database.Database, pageSize: number): LeanReads => {
  const where = 'stream = ? AND stream_revision BETWEEN ? AND ? AND global_position <= ?';
  const page = db
    .prepare<[string, number, number, bigint], LeanRow>(
      `SELECT ${LEAN_COLUMNS} FROM decree_events WHERE ${where} ORDER BY stream_revision ASC`,
    )
    .raw(true);
  const pageBy = db
    .prepare<[string, number, number, bigint, string], LeanRow>(
      `SELECT ${LEAN_COLUMNS} FROM decree_events WHERE ${where} AND recorded_at <= ? ORDER BY stream_revision ASC`,
    )
    .raw(true);
  const pageOf = (stream: string, r: LeanStreamRead, from: number, to: number): LeanRow[] =>
    guard(() => {
      if (!db.open) throw new StoreUnavailable('the sqlite event store is closed');
      return r.recordedBy === undefined
        ? page.all(stream, from, to, r.upTo ?? MAX_POSITION)
        : pageBy.all(stream, from, to, r.upTo ?? MAX_POSITION, r.recordedBy);
    });
  function* read(stream: string, r: LeanStreamRead): Generator<UnhashedEvent, void, undefined> {
    const through = r.through ?? Number.MAX_SAFE_INTEGER;
    for (let from = r.after + 1; from <= through; from += pageSize) {
      const to = Math.min(from + pageSize - 1, through);
      const rows = pageOf(stream, r, from, to);
      for (const [revision, position, id, type, schemaVersion, data, metadata, at] of rows)
        yield {
          stream,
          streamRevision: revision,
          globalPosition: BigInt(position),
          id,
          type,
          schemaVersion,
          data: parseStoredJson(data, stream, revision),
          metadata: parseStoredJson(metadata, stream, revision),
          recordedAt: at,
        };
      if (rows.length < to - from + 1) return;
    }
  }
  const back = db
    .prepare<[string, number, number], [number, string, string, string]>(
      'SELECT stream_revision, type, metadata, recorded_at FROM decree_events WHERE stream = ? AND stream_revision BETWEEN ? AND ? ORDER BY stream_revision DESC',
    )
    .raw(true);
  function* newestFirst(stream: string, through: number): Generator<EventHead, void, undefined> {
    // Small pages (8 rows, doubling up to the store's page size): a look back usually stops within the first few events.
    const first = Math.min(8, pageSize);
    for (let to = through, size = first; to >= 0; to -= size, size = Math.min(size * 2, pageSize)) {
      const rows = guard(() => {
        if (!db.open) throw new StoreUnavailable('the sqlite event store is closed');
        return back.all(stream, Math.max(0, to - size + 1), to);
      });
      for (const [revision, type, metadata, at] of rows)
        yield {
          streamRevision: revision,
          type,
          metadata: parseStoredJson(metadata, stream, revision),
          recordedAt: at,
        };
    }
  }
  return { stream: read, newestFirst };
};

/** The refusal of a write to a store opened read-only. */
const readOnlyRefusal = (path: string): StoreReadOnly =>
  new StoreReadOnly(
    'STORE_READ_ONLY',
    `${path} was opened read-only (this process cannot write the file or its folder), so it takes no writes: it answers queries only; write to a copy this process can write`,
    ['store'],
  );

/** The SQLite stores opened read-only, with the path their refusals name. */
const readOnlyStores = new WeakMap<EventStore, string>();

/** Throws `STORE_READ_ONLY` if `store` is a SQLite store opened read-only (checked before a write's work begins); else nothing. */
export const assertWritable = (store: EventStore): void => {
  const path = readOnlyStores.get(store);
  if (path !== undefined) throw readOnlyRefusal(path);
};

const sqliteBackend = (db: Database.Database, key: string, readOnly: boolean): SyncBackend => {
  const st = statements(db);
  const listeners = wakeups.get(key) ?? new Set<() => void>();
  wakeups.set(key, listeners);
  const own = new Set<() => void>();
  return {
    // Only writes run atomically (appends, restores): a read-only store refuses them before anything.
    atomically: (fn) => {
      if (readOnly) throw readOnlyRefusal(key);
      return guard(() => db.transaction(fn).immediate());
    },
    streamHead: (stream) => st.head.get(stream),
    findByIds: (ids) =>
      new Map(
        (ids.length === 1 ? st.byId.all(ids[0]!) : st.byIds.all(JSON.stringify(ids))).map((row) => [
          row.id,
          toRecorded(row),
        ]),
      ),
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
    readStreamPage: (stream, direction, from, limit, recordedBy) =>
      guard(() =>
        (recordedBy === undefined
          ? (direction === 'forwards' ? st.streamFwd : st.streamBwd).all(stream, from, limit)
          : direction === 'forwards'
            ? st.streamFwdBy.all(stream, from, from + limit, recordedBy)
            : st.streamBwdBy.all(stream, from, recordedBy, limit)
        ).map(toRecorded),
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
 * store named by mistake (another application's database, a document) is left as it was. Returns
 * the names of the file's schema objects.
 */
const checkOwnFile = (db: Database.Database, path: string): readonly string[] => {
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
  return names;
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

/** Whether this process can write `path` (a file, or a folder to create files in), and also its folder for a file. */
const canWrite = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    if (statSync(path).isFile()) accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

const READ_ONLY_OPEN = /^SQLITE_(READONLY|CANTOPEN)/;

/**
 * A WAL store's file as a rollback-journal database image: SQLite reads a WAL-mode file only with a
 * shared-memory index beside it, which a read-only folder cannot hold; the image is read in memory.
 */
const rollbackImage = (path: string): Buffer => {
  const image = readFileSync(path);
  // Bytes 18 and 19 of the header are the file format's write and read versions: 2 is WAL, 1 legacy.
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
  return image;
};

/**
 * Opens an existing store without writing to it: in place when SQLite can
 * (a rollback-journal file, or a WAL file whose index can be read or made), else its image in
 * memory. A write-ahead log with commits not yet in the file cannot be read without its index, so
 * such a store is refused rather than answered from an older state.
 */
const openReadOnly = (path: string, options: SqliteEventStoreOptions): Database.Database => {
  if (!existsSync(path))
    throw new StoreUnavailable(`${path} does not exist, and a read-only store cannot be created`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, {
      readonly: true,
      fileMustExist: true,
      timeout: options.busyTimeoutMs ?? 5000,
    });
    db.prepare('SELECT name FROM sqlite_master LIMIT 1').all();
  } catch (e) {
    db?.close();
    db = undefined;
    if (!READ_ONLY_OPEN.test(String((e as { code?: unknown }).code))) throw mapDriverError(e);
    const wal = `${path}-wal`;
    if (existsSync(wal) && statSync(wal).size > 0)
      throw new StoreUnavailable(
        `${path} is read-only and its write-ahead log ${wal} holds commits SQLite cannot read without write access to the folder: copy the store with its -wal file to a writable folder, or open it once where it can be written (which folds the log into the file)`,
        e,
      );
  }
  db ??= guard(() => new Database(rollbackImage(path), { readonly: true }));
  try {
    const names = guard(() => checkOwnFile(db, path));
    if (!names.includes('decree_meta'))
      throw new NotADecreeStore(
        'NOT_A_DECREE_STORE',
        `${path} is read-only and holds no Decree store, so there is nothing to read (name an existing Decree store)`,
        ['store'],
      );
    guard(() => checkSchema(db));
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
};

/** Opens `path` for reading and writing, or read-only when asked or when this process cannot write it (said by the second value). */
const openFile = (
  path: string,
  options: SqliteEventStoreOptions,
): { db: Database.Database; readOnly: boolean } => {
  if (path === ':memory:' || path === '')
    return { db: openDatabase(path, options), readOnly: false };
  const exists = existsSync(path);
  if (options.readOnly ?? (exists && !canWrite(path)))
    return { db: openReadOnly(path, options), readOnly: true };
  if (!exists) refuseUnwritableFolder(path);
  try {
    return { db: openDatabase(path, options), readOnly: false };
  } catch (e) {
    // A file SQLite will not write although the permissions allow it (a read-only mount, an immutable file).
    if (options.readOnly === false || !exists || !refusedWrite(e)) throw e;
    return { db: openReadOnly(path, options), readOnly: true };
  }
};

/** Refuses to create a store in a folder this process cannot write (a missing folder is the caller's to report). */
const refuseUnwritableFolder = (path: string): void => {
  if (existsSync(dirname(path)) && !canWrite(dirname(path)))
    throw new StoreReadOnly(
      'STORE_READ_ONLY',
      `cannot create the store ${path}: this process cannot write its folder (name a store in a folder it can write)`,
      ['store'],
    );
};

/** Whether an open failed because SQLite could not write the file (the driver's error, or ours wrapping it). */
const refusedWrite = (e: unknown): boolean => {
  const cause = (e as { cause?: unknown }).cause ?? e;
  return READ_ONLY_OPEN.test(String((cause as { code?: unknown }).code));
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
  const { db, readOnly } = openFile(path, options);
  const inMemory = path === ':memory:' || path === '';
  const key = inMemory ? `:memory:${Math.random()}` : resolve(path);
  let context: AppendContext | undefined;
  const store = createSyncBackedStore(
    'sqlite',
    sqliteBackend(db, key, readOnly),
    options,
    (ctx) => {
      context = ctx;
    },
  );
  const sqlite: SqliteEventStore = {
    ...store,
    kind: 'sqlite',
    db,
    readOnly,
    transaction: <T>(fn: () => T): T => {
      if (readOnly) throw readOnlyRefusal(key);
      return guard(() => db.transaction(fn).immediate());
    },
  };
  if (readOnly) readOnlyStores.set(sqlite, key);
  registerRawChain(sqlite, rawSource(db));
  registerLeanReads(sqlite, leanReads(db, Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE)));
  // A second connection (the pipeline's writer thread) needs a writable file; an in-memory store appends call by call.
  if (!inMemory && !readOnly) {
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

import type Database from 'better-sqlite3';
import type { EventStore, SqliteEventStore } from '../store/index.js';
import { LOG_GENESIS, nextLogHead } from '../store/seal.js';

/**
 * Where the log stood at a checkpoint's position: how many events it held up to there, the stored
 * hash of the event at that position, and the log head there (the log chain of seal.ts). Read
 * models record it with their checkpoint, so a log rewritten, truncated or reordered under them,
 * or a checkpoint moved by hand, is seen (the hash at once when a runner starts, the head by `verify`).
 */
export interface LogAnchor {
  readonly position: bigint;
  readonly length: number;
  readonly hash: string;
  readonly head: string;
}

/** Where a projection's checkpoint stands: its version and the global position of the last event applied. */
export interface Checkpoint {
  readonly version: number;
  readonly position: bigint | undefined;
  /** The log at `position`, when the storage records it (SQLite does; `checkpoint()` leaves it out, `anchored()` reads it). */
  readonly anchor?: LogAnchor;
}

/** A read model to store: its serialized value and the stream revision it reflects. */
export interface ModelWrite {
  readonly revision: number;
  readonly value: string;
}

/** The streams with events in a range of the global log, and the range's last position. */
export interface LogChanges {
  /** The global position of the last event recorded (undefined for an empty log). */
  readonly upTo: bigint | undefined;
  /** Every stream with an event after `after` and at or before `upTo`. */
  readonly streams: readonly string[];
  /** How many events lie in that range (of every stream). */
  readonly events: number;
  /** The log at `upTo`, when the storage computes it (from the anchor at `after` it was given, else from the start). */
  readonly anchor?: LogAnchor;
  /** What computing the anchor takes, when it was asked to be left for later (see `AnchorLater`). */
  readonly anchorLater?: AnchorLater;
}

/**
 * A log anchor left for later: the one at `upTo`, chained on from `from` (else from the start) in
 * reads of `pageSize` positions. Positions at or before `upTo` never change (the log is
 * append-only), so it may be computed after the read that listed the changes, on another thread.
 */
export interface AnchorLater {
  readonly from?: LogAnchor;
  readonly upTo: bigint;
  readonly pageSize: bigint;
}

/**
 * Storage for read models and their checkpoints. `commit` writes a batch of models and moves the
 * checkpoint atomically, only if the checkpoint is still `from` (another process may have moved
 * it), and never replaces a model by one at an older revision: so a model may be ahead of the
 * checkpoint (written by a catch-up still in progress) but never behind it, and no event is ever
 * applied twice, even with several processes on one file.
 */
export interface ReadModelStore {
  checkpoint(projection: string): Checkpoint | undefined;
  get(projection: string, key: string): string | undefined;
  /**
   * `get`, only while the projection's checkpoint is at `version` (else undefined), both read
   * together: where the storage can do so in one statement (SQLite), a command on a cold order
   * reads one row less.
   */
  getAtVersion?(projection: string, key: string, version: number): string | undefined;
  /**
   * The first `chars` characters of the model stored under `key` (all of a shorter one), or
   * undefined without one: where the storage reads less for it (SQLite), a model's header costs
   * less than its whole text.
   */
  getPrefix?(projection: string, key: string, chars: number): string | undefined;
  keys(projection: string): string[];
  /**
   * The revision of every stored model, by key; with `keys`, at least those of these keys that have
   * a model (a storage may look a few keys up rather than list every model).
   */
  revisions(projection: string, keys?: readonly string[]): Map<string, number>;
  /** A storage on a server may answer once the transaction is committed (so a promise). */
  commit(
    projection: string,
    from: Checkpoint | undefined,
    to: Checkpoint,
    writes: ReadonlyMap<string, ModelWrite>,
  ): boolean | Promise<boolean>;
  reset(projection: string, version: number): void | Promise<void>;
  /**
   * Brings what `checkpoint`, `get`, `keys` and `revisions` answer up to date with what other
   * processes committed (storage shared through a server, mirrored in memory); called at the start
   * of every catch-up pass.
   */
  refresh?(): Promise<void>;
  /**
   * The streams changed after a position, when the storage can tell without reading the log's
   * events (SQLite and PostgreSQL can: one query over positions and stream names); on SQLite with
   * the log anchor at `upTo`, computed on from `from` (the anchor at `after`) when given. With
   * nothing new and no `from`, the anchor at `after` itself (a checkpoint recorded without one).
   */
  changes?(
    after: bigint | undefined,
    from?: LogAnchor,
    options?: ChangesOptions,
  ): LogChanges | Promise<LogChanges>;
  /** The anchor `changes` left for later, computed on this thread. */
  anchorOf?(later: AnchorLater): LogAnchor | undefined;
  /** The checkpoint with its log anchor, read together; only storage that outlives the process records anchors (SQLite). */
  anchored?(projection: string): Checkpoint | undefined;
  /**
   * A mark that is the same only while nothing was written to the storage or to `log`: by this
   * connection or by any other, in this process or another; undefined when the storage cannot
   * vouch for `log` (SQLite: unless `log` is the store whose file holds the models, not a wrapper
   * of it). Where the storage can tell in one statement (SQLite: `total_changes()` and `PRAGMA
   * data_version`), the runner skips a catch-up while the mark it took before its last catch-up
   * that found nothing new stays the same. A mark may change without a write (a rolled-back
   * statement): that only costs a catch-up.
   */
  changeMark?(log: EventStore): string | undefined;
}

const samePoint = (a: Checkpoint | undefined, b: Checkpoint | undefined) =>
  a?.version === b?.version && a?.position === b?.position;

/** Read models in process memory (for the memory and EventStoreDB stores). */
export const createMemoryReadModels = (): ReadModelStore => {
  const models = new Map<string, Map<string, ModelWrite>>();
  const checkpoints = new Map<string, Checkpoint>();
  const of = (p: string) => models.get(p) ?? models.set(p, new Map()).get(p)!;
  return {
    checkpoint: (p) => checkpoints.get(p),
    get: (p, k) => models.get(p)?.get(k)?.value,
    keys: (p) => [...of(p).keys()].sort(),
    revisions: (p) => new Map([...of(p)].map(([k, w]) => [k, w.revision])),
    commit: (p, from, to, writes) => {
      if (!samePoint(checkpoints.get(p), from)) return false;
      const m = of(p);
      for (const [k, w] of writes) if ((m.get(k)?.revision ?? -1) < w.revision) m.set(k, w);
      checkpoints.set(p, to);
      return true;
    },
    reset: (p, version) => {
      models.delete(p);
      checkpoints.set(p, { version, position: undefined });
    },
  };
};

// A rowid table: a model is tens of kilobytes, and in a WITHOUT ROWID table every key comparison on
// the way to a row (reads and writes alike) loads that row's whole record from its overflow pages.
// With a rowid, the key index holds only the keys and each lookup reads one record. The revision
// comes before the model's text: SQLite reads a record's columns in order, so a revision stored
// after the text is read through the text's overflow pages (about 40 µs a model of the bench's
// history, 0.3 s to list 10,000 revisions, against 1 µs a model before it). So does the text's
// start (`head`), a column SQLite computes from the text at every write, whoever writes: what
// `getPrefix` reads (a model's header) without the rest of the text.
const MODELS_TABLE_DDL = (name: string) =>
  `CREATE TABLE IF NOT EXISTS ${name} (projection TEXT NOT NULL, key TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT -1, head TEXT GENERATED ALWAYS AS (substr(value, 1, ${HEAD_CHARS})) STORED, value TEXT NOT NULL, PRIMARY KEY (projection, key))`;

/** The characters of a model's text that its row keeps before the text (`head`). */
const HEAD_CHARS = 512;

/** Keys up to which `revisions` looks each key up rather than listing every model. */
const REVISION_LOOKUPS = 1000;

const SCHEMA = `
${MODELS_TABLE_DDL('decree_read_models')};
CREATE TABLE IF NOT EXISTS decree_checkpoints (projection TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT, log_length INTEGER, log_hash TEXT, log_head TEXT) WITHOUT ROWID;`;

/** A table's columns, generated ones included. */
const columnsOf = (store: SqliteEventStore, table: string): string[] =>
  store.db
    .prepare<[string], { name: string }>('SELECT name FROM pragma_table_xinfo(?)')
    .all(table)
    .map((c) => c.name);

const withoutRowid = (store: SqliteEventStore): boolean =>
  /WITHOUT\s+ROWID/i.test(
    store.db
      .prepare<[], { sql: string }>(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'decree_read_models'",
      )
      .get()?.sql ?? '',
  );

/** Whether the models table is of an older release: WITHOUT ROWID, its revision after the model's text, or without `head` (see `MODELS_TABLE_DDL`). */
const olderModelsTable = (store: SqliteEventStore): boolean => {
  const columns = columnsOf(store, 'decree_read_models');
  return (
    withoutRowid(store) ||
    columns.indexOf('revision') > columns.indexOf('value') ||
    !columns.includes('head')
  );
};

/** Rewrites a models table of an older release as this one's, rows unchanged, in one transaction. */
const rewriteModelsTable = (store: SqliteEventStore): void =>
  store.transaction(() => {
    if (!olderModelsTable(store)) return; // another process did it first
    store.db.exec(`${MODELS_TABLE_DDL('decree_read_models_next')};
INSERT INTO decree_read_models_next (projection, key, revision, value) SELECT projection, key, revision, value FROM decree_read_models ORDER BY projection, key;
DROP TABLE decree_read_models;
ALTER TABLE decree_read_models_next RENAME TO decree_read_models;`);
  });

/**
 * Brings tables written by older releases up to this one's: adds the models' revision (those
 * models are then rebuilt: see the runner) and the checkpoint's log anchor (recorded at the next
 * catch-up), and rewrites a models table without a rowid, with the revision after the model's
 * text or without `head`, as this release's (see `MODELS_TABLE_DDL`; a store opened read-only
 * reads it as it is).
 */
const migrate = (store: SqliteEventStore): void => {
  if (!columnsOf(store, 'decree_read_models').includes('revision'))
    store.db.exec('ALTER TABLE decree_read_models ADD COLUMN revision INTEGER NOT NULL DEFAULT -1');
  if (!store.db.readonly && olderModelsTable(store)) rewriteModelsTable(store);
  const checkpoints = columnsOf(store, 'decree_checkpoints');
  for (const [name, type] of [
    ['log_length', 'INTEGER'],
    ['log_hash', 'TEXT'],
    ['log_head', 'TEXT'],
  ] as const)
    if (!checkpoints.includes(name))
      store.db.exec(`ALTER TABLE decree_checkpoints ADD COLUMN ${name} ${type}`);
};

interface CheckpointRow {
  version: number;
  position: string | null;
  log_length: number | null;
  log_hash: string | null;
  log_head: string | null;
}

/** A checkpoint row with its anchor (none when the row has no position or was written without one). */
const anchoredOf = (row: CheckpointRow): Checkpoint => {
  const position = row.position === null ? undefined : BigInt(row.position);
  const { log_length: length, log_hash: hash, log_head: head } = row;
  return position === undefined || length === null || hash === null || head === null
    ? { version: row.version, position }
    : { version: row.version, position, anchor: { position, length, hash, head } };
};

/** Options of `changes`. */
export interface ChangesOptions {
  /**
   * Leave the anchor at `upTo` for later (`anchorLater`) rather than chain it in `changes`: a
   * rebuild chains every event's hash, which fold threads can do while they fold.
   */
  readonly anchorLater?: boolean;
}

/** The SQLite read models: their changed streams are listed synchronously, with the log anchor. */
export interface SqliteReadModels extends Omit<ReadModelStore, 'changes' | 'anchorOf'> {
  changes(after: bigint | undefined, from?: LogAnchor, options?: ChangesOptions): LogChanges;
  anchorOf(later: AnchorLater): LogAnchor | undefined;
}

type HashesBetween = Database.Statement<[bigint, bigint], string>;
const hashStatements = new WeakMap<SqliteEventStore['db'], HashesBetween>();

/** The statement reading the hashes of a range of positions, prepared once a connection (a catch-up asks at every pass). */
const hashesBetweenOf = (db: SqliteEventStore['db']): HashesBetween => {
  let statement = hashStatements.get(db);
  if (statement === undefined) {
    statement = db
      .prepare<[bigint, bigint], string>(
        'SELECT hash FROM decree_events WHERE global_position > ? AND global_position <= ? ORDER BY global_position',
      )
      .pluck();
    hashStatements.set(db, statement);
  }
  return statement;
};

/**
 * The log anchor at `later.upTo` of the SQLite log in `db` (the store's connection, or a worker's
 * own to the same file): the log chain carried on from `later.from`, else from the start, reading
 * the events' hashes `later.pageSize` positions at a time.
 */
export const sqliteLogAnchor = (
  db: SqliteEventStore['db'],
  { from, upTo, pageSize }: AnchorLater,
): LogAnchor | undefined => {
  const hashesBetween = hashesBetweenOf(db);
  let length = from?.length ?? 0;
  let head = from?.head ?? LOG_GENESIS;
  let hash = from?.hash;
  for (let after = from?.position ?? -1n; after < upTo; after += pageSize) {
    for (const h of hashesBetween.all(after, after + pageSize < upTo ? after + pageSize : upTo)) {
      head = nextLogHead(head, h);
      hash = h;
      length++;
    }
  }
  return hash === undefined ? undefined : { position: upTo, length, hash, head };
};

/** Options of the SQLite read models. */
export interface SqliteReadModelsOptions {
  /**
   * Log positions whose hashes one read fetches when a log anchor is computed (default 20,000; a
   * value that is not a whole number of at least 1 takes the default): a rebuild chains every
   * event's hash, and reading them in pages of rows is faster than row by row.
   */
  readonly anchorPageSize?: number;
}

/** Reads one stored read model's text through `db` (the store's connection, or a worker's own to the same file). */
export const sqliteModelReader = (
  db: SqliteEventStore['db'],
): ((projection: string, key: string) => string | undefined) => {
  const getModel = db
    .prepare<[string, string], string>(
      'SELECT value FROM decree_read_models WHERE projection = ? AND key = ?',
    )
    .pluck();
  return (projection, key) => getModel.get(projection, key);
};

/** Read models in the SQLite store's own file, committed in the same kind of transaction as the events. */
export const createSqliteReadModels = (
  store: SqliteEventStore,
  options: SqliteReadModelsOptions = {},
): SqliteReadModels => {
  const page = options.anchorPageSize;
  const anchorPage = BigInt(
    page !== undefined && Number.isSafeInteger(page) && page >= 1 ? page : 20_000,
  );
  const db = store.db;
  db.exec(SCHEMA);
  migrate(store);
  const getCheckpoint = db.prepare<[string], CheckpointRow>(
    'SELECT version, position, log_length, log_hash, log_head FROM decree_checkpoints WHERE projection = ?',
  );
  const putCheckpoint = db.prepare(
    'INSERT INTO decree_checkpoints (projection, version, position, log_length, log_hash, log_head) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (projection) DO UPDATE SET version = excluded.version, position = excluded.position, log_length = excluded.log_length, log_hash = excluded.log_hash, log_head = excluded.log_head',
  );
  /** Writes a checkpoint, with its anchor only when the anchor is of its position. */
  const setCheckpoint = (p: string, to: Checkpoint): void => {
    const a = to.anchor !== undefined && to.anchor.position === to.position ? to.anchor : undefined;
    putCheckpoint.run(
      p,
      to.version,
      to.position === undefined ? null : String(to.position),
      a?.length ?? null,
      a?.hash ?? null,
      a?.head ?? null,
    );
  };
  const getModel = sqliteModelReader(db);
  const getModelPrefix = db
    .prepare<[number, string, string], string>(
      'SELECT substr(value, 1, ?) FROM decree_read_models WHERE projection = ? AND key = ?',
    )
    .pluck();
  // A table of an older release opened read-only has no `head`: the prefix is cut from the text.
  const getModelHead = columnsOf(store, 'decree_read_models').includes('head')
    ? db
        .prepare<[number, string, string], string>(
          'SELECT substr(head, 1, ?) FROM decree_read_models WHERE projection = ? AND key = ?',
        )
        .pluck()
    : getModelPrefix;
  const getModelAtVersion = db
    .prepare<[string, string, number], string>(
      'SELECT m.value FROM decree_read_models m JOIN decree_checkpoints c ON c.projection = m.projection WHERE m.projection = ? AND m.key = ? AND c.version = ?',
    )
    .pluck();
  const putModel =
    db.prepare(`INSERT INTO decree_read_models (projection, key, value, revision) VALUES (?, ?, ?, ?)
    ON CONFLICT (projection, key) DO UPDATE SET value = excluded.value, revision = excluded.revision WHERE excluded.revision > decree_read_models.revision`);
  const listKeys = db.prepare<[string], { key: string }>(
    'SELECT key FROM decree_read_models WHERE projection = ? ORDER BY key',
  );
  const listRevisions = db.prepare<[string], { key: string; revision: number }>(
    'SELECT key, revision FROM decree_read_models WHERE projection = ?',
  );
  const getRevision = db
    .prepare<[string, string], number>(
      'SELECT revision FROM decree_read_models WHERE projection = ? AND key = ?',
    )
    .pluck();
  const revisionsOf = (p: string, keys: readonly string[]): Map<string, number> => {
    const out = new Map<string, number>();
    for (const k of keys) {
      const revision = getRevision.get(p, k);
      if (revision !== undefined) out.set(k, revision);
    }
    return out;
  };
  const dropModels = db.prepare('DELETE FROM decree_read_models WHERE projection = ?');
  // Without a WHERE clause SQLite empties the table whole instead of deleting row by row (the
  // bench's 10,000 models: 0.1 s against 0.67 s), which it may do when no other projection is stored.
  const dropAllModels = db.prepare('DELETE FROM decree_read_models');
  const othersStored = db
    .prepare<[string], number>(
      'SELECT EXISTS (SELECT 1 FROM decree_read_models WHERE projection <> ?)',
    )
    .pluck();
  // The rows this connection changed since it opened and whether another connection committed:
  // together they change whenever the file may have (the second alone misses this connection's
  // own writes, the first others').
  const changeMark = db
    .prepare<[], [number | bigint, number | bigint]>(
      'SELECT total_changes(), data_version FROM pragma_data_version',
    )
    .raw(true);
  const lastPosition = db
    .prepare<[], { p: number | bigint | null }>(
      'SELECT MAX(global_position) AS p FROM decree_events',
    )
    .safeIntegers(true);
  // A short range (a catch-up) is found by position and its few rows grouped; a long one (a rebuild)
  // by one pass over the (stream, revision) index, which holds the position too: no sort of every row.
  const changedStreams = db.prepare<[bigint, bigint], { stream: string; n: number }>(
    'SELECT stream, COUNT(*) AS n FROM decree_events WHERE global_position > ? AND global_position <= ? GROUP BY stream ORDER BY stream',
  );
  const changedStreamsByIndex = db.prepare<[bigint, bigint], { stream: string; n: number }>(
    'SELECT stream, COUNT(*) AS n FROM decree_events WHERE +global_position > ? AND +global_position <= ? GROUP BY stream ORDER BY stream',
  );
  /** The log anchor at `upTo`: the log chain carried on from `from` (the anchor at `after`), else from the start. */
  const anchorAt = (from: LogAnchor | undefined, upTo: bigint): LogAnchor | undefined =>
    sqliteLogAnchor(db, { ...(from && { from }), upTo, pageSize: anchorPage });
  const lastOf = (): bigint | undefined => {
    const last = lastPosition.get()?.p;
    return last === null || last === undefined ? undefined : BigInt(last);
  };
  /** No event after `after`: with no anchor given, the one at `after` (a checkpoint recorded without one). */
  const nothingNew = (after: bigint, upTo: bigint, from: LogAnchor | undefined): LogChanges => {
    const anchor = from === undefined && upTo === after ? anchorAt(undefined, upTo) : undefined;
    return { upTo, streams: [], events: 0, ...(anchor && { anchor }) };
  };
  const checkpoint = (p: string): Checkpoint | undefined => {
    const row = getCheckpoint.get(p);
    return (
      row && {
        version: row.version,
        position: row.position === null ? undefined : BigInt(row.position),
      }
    );
  };
  return {
    checkpoint,
    anchored: (p) => {
      const row = getCheckpoint.get(p);
      return row && anchoredOf(row);
    },
    changeMark: (log) => {
      if (log !== store) return undefined;
      const [own, others] = changeMark.get()!;
      return `${own}:${others}`;
    },
    get: getModel,
    getAtVersion: (p, k, version) => getModelAtVersion.get(p, k, version),
    getPrefix: (p, k, chars) =>
      (chars <= HEAD_CHARS ? getModelHead : getModelPrefix).get(chars, p, k),
    keys: (p) => listKeys.all(p).map((r) => r.key),
    revisions: (p, keys) =>
      keys !== undefined && keys.length <= REVISION_LOOKUPS
        ? revisionsOf(p, keys)
        : new Map(listRevisions.all(p).map((r) => [r.key, r.revision])),
    commit: (p, from, to, writes) =>
      store.transaction(() => {
        if (!samePoint(checkpoint(p), from)) return false;
        for (const [k, w] of writes) putModel.run(p, k, w.value, w.revision);
        setCheckpoint(p, to);
        return true;
      }),
    reset: (p, version) =>
      store.transaction(() => {
        if (othersStored.get(p) === 1) dropModels.run(p);
        else dropAllModels.run();
        setCheckpoint(p, { version, position: undefined });
      }),
    changes: (after, from, options = {}) =>
      db
        .transaction((): LogChanges => {
          // one read transaction: the streams listed are exactly those up to `upTo`, the anchor is at `upTo`
          const upTo = lastOf();
          if (upTo === undefined) return { upTo, streams: [], events: 0 };
          if (after !== undefined && upTo <= after) return nothingNew(after, upTo, from);
          const chainFrom = from?.position === after ? from : undefined;
          const later: AnchorLater = {
            ...(chainFrom && { from: chainFrom }),
            upTo,
            pageSize: anchorPage,
          };
          const anchor = options.anchorLater === true ? undefined : sqliteLogAnchor(db, later);
          const lower = after ?? -1n;
          const rows = (
            (upTo - lower) * 8n > upTo + 1n ? changedStreamsByIndex : changedStreams
          ).all(lower, upTo);
          return {
            upTo,
            streams: rows.map((r) => r.stream),
            events: rows.reduce((n, r) => n + r.n, 0),
            ...(anchor ? { anchor } : options.anchorLater === true && { anchorLater: later }),
          };
        })
        .deferred(),
    anchorOf: (later) => sqliteLogAnchor(db, later),
  };
};

import type { SqliteEventStore } from '../store/index.js';

/** Where a projection's checkpoint stands: its version and the global position of the last event applied. */
export interface Checkpoint {
  readonly version: number;
  readonly position: bigint | undefined;
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
  keys(projection: string): string[];
  /** The revision of every stored model, by key. */
  revisions(projection: string): Map<string, number>;
  commit(
    projection: string,
    from: Checkpoint | undefined,
    to: Checkpoint,
    writes: ReadonlyMap<string, ModelWrite>,
  ): boolean;
  reset(projection: string, version: number): void;
  /** The streams changed after a position, when the storage can tell without reading the log (SQLite can). */
  changes?(after: bigint | undefined): LogChanges;
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS decree_read_models (projection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT -1, PRIMARY KEY (projection, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS decree_checkpoints (projection TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT) WITHOUT ROWID;`;

/** Adds the revision column to a read-model table written before it existed (its models are then rebuilt: see the runner). */
const migrate = (store: SqliteEventStore): void => {
  const columns = store.db
    .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('decree_read_models')")
    .all();
  if (!columns.some((c) => c.name === 'revision'))
    store.db.exec('ALTER TABLE decree_read_models ADD COLUMN revision INTEGER NOT NULL DEFAULT -1');
};

/** Read models in the SQLite store's own file, committed in the same kind of transaction as the events. */
export const createSqliteReadModels = (store: SqliteEventStore): ReadModelStore => {
  const db = store.db;
  db.exec(SCHEMA);
  migrate(store);
  const getCheckpoint = db.prepare<[string], { version: number; position: string | null }>(
    'SELECT version, position FROM decree_checkpoints WHERE projection = ?',
  );
  const setCheckpoint = db.prepare(
    'INSERT INTO decree_checkpoints (projection, version, position) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET version = excluded.version, position = excluded.position',
  );
  const getModel = db.prepare<[string, string], { value: string }>(
    'SELECT value FROM decree_read_models WHERE projection = ? AND key = ?',
  );
  const putModel =
    db.prepare(`INSERT INTO decree_read_models (projection, key, value, revision) VALUES (?, ?, ?, ?)
    ON CONFLICT (projection, key) DO UPDATE SET value = excluded.value, revision = excluded.revision WHERE excluded.revision > decree_read_models.revision`);
  const listKeys = db.prepare<[string], { key: string }>(
    'SELECT key FROM decree_read_models WHERE projection = ? ORDER BY key',
  );
  const listRevisions = db.prepare<[string], { key: string; revision: number }>(
    'SELECT key, revision FROM decree_read_models WHERE projection = ?',
  );
  const dropModels = db.prepare('DELETE FROM decree_read_models WHERE projection = ?');
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
    get: (p, k) => getModel.get(p, k)?.value,
    keys: (p) => listKeys.all(p).map((r) => r.key),
    revisions: (p) => new Map(listRevisions.all(p).map((r) => [r.key, r.revision])),
    commit: (p, from, to, writes) =>
      store.transaction(() => {
        if (!samePoint(checkpoint(p), from)) return false;
        for (const [k, w] of writes) putModel.run(p, k, w.value, w.revision);
        setCheckpoint.run(p, to.version, to.position === undefined ? null : String(to.position));
        return true;
      }),
    reset: (p, version) =>
      store.transaction(() => {
        dropModels.run(p);
        setCheckpoint.run(p, version, null);
      }),
    changes: (after) =>
      db
        .transaction(() => {
          // one read transaction: the streams listed are exactly those up to `upTo`
          const last = lastPosition.get()?.p;
          const upTo = last === null || last === undefined ? undefined : BigInt(last);
          if (upTo === undefined || (after !== undefined && upTo <= after))
            return { upTo, streams: [], events: 0 };
          const from = after ?? -1n;
          const rows = (
            (upTo - from) * 8n > upTo + 1n ? changedStreamsByIndex : changedStreams
          ).all(from, upTo);
          return {
            upTo,
            streams: rows.map((r) => r.stream),
            events: rows.reduce((n, r) => n + r.n, 0),
          };
        })
        .deferred(),
  };
};

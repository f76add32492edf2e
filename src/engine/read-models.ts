import type { SqliteEventStore } from '../store/index.js';

/** Where a projection's checkpoint stands: its version and the global position of the last event applied. */
export interface Checkpoint {
  readonly version: number;
  readonly position: bigint | undefined;
}

/**
 * Storage for read models and their checkpoints. `commit` writes a batch of models and the new
 * checkpoint atomically, and only if the checkpoint is still `from` (another process may have
 * advanced it): so no event is ever applied twice, even with several processes on one file.
 */
export interface ReadModelStore {
  checkpoint(projection: string): Checkpoint | undefined;
  get(projection: string, key: string): string | undefined;
  keys(projection: string): string[];
  commit(projection: string, from: Checkpoint | undefined, to: Checkpoint, writes: ReadonlyMap<string, string>): boolean;
  reset(projection: string, version: number): void;
}

const samePoint = (a: Checkpoint | undefined, b: Checkpoint | undefined) =>
  a?.version === b?.version && a?.position === b?.position;

/** Read models in process memory (for the memory and EventStoreDB stores). */
export const createMemoryReadModels = (): ReadModelStore => {
  const models = new Map<string, Map<string, string>>();
  const checkpoints = new Map<string, Checkpoint>();
  const of = (p: string) => models.get(p) ?? models.set(p, new Map()).get(p)!;
  return {
    checkpoint: (p) => checkpoints.get(p),
    get: (p, k) => models.get(p)?.get(k),
    keys: (p) => [...of(p).keys()].sort(),
    commit: (p, from, to, writes) => {
      if (!samePoint(checkpoints.get(p), from)) return false;
      const m = of(p);
      for (const [k, v] of writes) m.set(k, v);
      checkpoints.set(p, to);
      return true;
    },
    reset: (p, version) => { models.delete(p); checkpoints.set(p, { version, position: undefined }); },
  };
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS decree_read_models (projection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (projection, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS decree_checkpoints (projection TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT) WITHOUT ROWID;`;

/** Read models in the SQLite store's own file, committed in the same kind of transaction as the events. */
export const createSqliteReadModels = (store: SqliteEventStore): ReadModelStore => {
  const db = store.db;
  db.exec(SCHEMA);
  const getCheckpoint = db.prepare<[string], { version: number; position: string | null }>('SELECT version, position FROM decree_checkpoints WHERE projection = ?');
  const setCheckpoint = db.prepare('INSERT INTO decree_checkpoints (projection, version, position) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET version = excluded.version, position = excluded.position');
  const getModel = db.prepare<[string, string], { value: string }>('SELECT value FROM decree_read_models WHERE projection = ? AND key = ?');
  const putModel = db.prepare('INSERT INTO decree_read_models (projection, key, value) VALUES (?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET value = excluded.value');
  const listKeys = db.prepare<[string], { key: string }>('SELECT key FROM decree_read_models WHERE projection = ? ORDER BY key');
  const dropModels = db.prepare('DELETE FROM decree_read_models WHERE projection = ?');
  const checkpoint = (p: string): Checkpoint | undefined => {
    const row = getCheckpoint.get(p);
    return row && { version: row.version, position: row.position === null ? undefined : BigInt(row.position) };
  };
  return {
    checkpoint,
    get: (p, k) => getModel.get(p, k)?.value,
    keys: (p) => listKeys.all(p).map((r) => r.key),
    commit: (p, from, to, writes) =>
      store.transaction(() => {
        if (!samePoint(checkpoint(p), from)) return false;
        for (const [k, v] of writes) putModel.run(p, k, v);
        setCheckpoint.run(p, to.version, to.position === undefined ? null : String(to.position));
        return true;
      }),
    reset: (p, version) => store.transaction(() => { dropModels.run(p); setCheckpoint.run(p, version, null); }),
  };
};

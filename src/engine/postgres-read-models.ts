import type { PostgresEventStore, PostgresQueryable } from '../store/postgres-event-store.js';
import type { Checkpoint, LogChanges, ModelWrite, ReadModelStore } from './read-models.js';

// Read models and checkpoints in the PostgreSQL store's own database (its schema), committed in one
// transaction with their checkpoint. Every commit locks its projection's checkpoint row first and
// only then numbers its rows from a sequence, so commits are numbered in commit order and a reader
// that has seen every number up to n has seen every commit up to n: `refresh` reads only what is new.
const SCHEMA = [
  `CREATE SEQUENCE IF NOT EXISTS decree_read_model_seq`,
  `CREATE TABLE IF NOT EXISTS decree_read_models (
    projection TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    revision INTEGER NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (projection, key)
  )`,
  `CREATE INDEX IF NOT EXISTS decree_read_models_by_seq ON decree_read_models (projection, seq)`,
  // generation: bumped by every reset, so a process that mirrors the models knows to read them all again.
  `CREATE TABLE IF NOT EXISTS decree_checkpoints (
    projection TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position BIGINT,
    generation BIGINT NOT NULL DEFAULT 0
  )`,
];

/** Rows per INSERT of a commit (a batch may hold thousands of models): three parameters a row. */
const ROWS_PER_STATEMENT = 500;

interface CheckpointRow {
  projection: string;
  version: number;
  position: string | null;
  generation: string;
}

interface Mirrored {
  checkpoint: Checkpoint;
  generation: string;
  models: Map<string, ModelWrite>;
  /** The highest row number read (every commit numbered up to it has been seen). */
  seq: bigint;
}

const checkpointOf = (r: CheckpointRow): Checkpoint => ({
  version: r.version,
  position: r.position === null ? undefined : BigInt(r.position),
});

const samePoint = (a: Checkpoint | undefined, b: Checkpoint | undefined) =>
  a?.version === b?.version && a?.position === b?.position;

/** The compression methods a column can be set to, as `pg_attribute.attcompression` names them. */
const COMPRESSION_CODES: Readonly<Record<string, string>> = { lz4: 'l', pglz: 'p' };

/**
 * Has the server compress model texts with `method` (lz4 by default: a model is tens of kilobytes
 * of JSON, and lz4 compresses it several times faster than PostgreSQL's default, pglz). Only on
 * PostgreSQL 14 and later, only once (the column keeps the setting), and only where the server
 * takes the method (it may be built without lz4) and lets this role alter the table; otherwise
 * the column keeps the server's default, and nothing else of the transaction is undone. Resolves
 * to whether the column is set to `method` now.
 */
export const compressModelsWith = async (
  c: PostgresQueryable,
  method = 'lz4',
): Promise<boolean> => {
  const code = COMPRESSION_CODES[method];
  const [server] = (
    await c.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`)
  ).rows;
  if (code === undefined || server === undefined || server.v < 140000) return false;
  const [column] = (
    await c.query<{ c: string }>(
      `SELECT attcompression AS c FROM pg_attribute WHERE attrelid = 'decree_read_models'::regclass AND attname = 'value'`,
    )
  ).rows;
  if (column?.c === code) return true;
  await c.query('SAVEPOINT decree_compression');
  try {
    // A server built without the method refuses it here, before any lock is taken.
    await c.query(`SELECT set_config('default_toast_compression', $1, true)`, [method]);
    await c.query(`ALTER TABLE decree_read_models ALTER COLUMN value SET COMPRESSION ${method}`);
    await c.query('RELEASE SAVEPOINT decree_compression');
    return true;
  } catch {
    await c.query('ROLLBACK TO SAVEPOINT decree_compression');
    return false;
  }
};

/** Creates the tables once, under a transaction-scoped advisory lock (processes opening at once agree). */
const migrate = (store: PostgresEventStore): Promise<void> =>
  store.transaction(async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('decree_read_models'))`);
    for (const sql of SCHEMA) await c.query(sql);
    await compressModelsWith(c);
  });

const positionParam = (c: Checkpoint): string | null =>
  c.position === undefined ? null : c.position.toString();

/**
 * Moves the projection's checkpoint from `from` to `to` with its row locked for this transaction
 * (created when there is none and `from` is undefined); the generation of the models it governs,
 * or undefined when the checkpoint is not at `from` (another process moved it).
 */
const moveCheckpoint = async (
  c: PostgresQueryable,
  projection: string,
  from: Checkpoint | undefined,
  to: Checkpoint,
): Promise<string | undefined> => {
  const row = (
    await c.query<CheckpointRow>(
      `SELECT projection, version, position::text AS position, generation::text AS generation FROM decree_checkpoints WHERE projection = $1 FOR UPDATE`,
      [projection],
    )
  ).rows[0];
  if (row === undefined) {
    if (from !== undefined) return undefined;
    // Locked by the insert itself; a process that created it first wins, and this commit is refused.
    return (
      await c.query<{ generation: string }>(
        `INSERT INTO decree_checkpoints (projection, version, position) VALUES ($1, $2, $3) ON CONFLICT (projection) DO NOTHING RETURNING generation::text AS generation`,
        [projection, to.version, positionParam(to)],
      )
    ).rows[0]?.generation;
  }
  if (!samePoint(checkpointOf(row), from)) return undefined;
  await c.query('UPDATE decree_checkpoints SET version = $2, position = $3 WHERE projection = $1', [
    projection,
    to.version,
    positionParam(to),
  ]);
  return row.generation;
};

/**
 * Writes models, each only over an older revision, numbered from the sequence (the caller holds the
 * checkpoint lock). Each model text is a parameter of its own: in an array parameter, the driver
 * would first escape every quote and backslash of the JSON into one array literal.
 */
const writeModels = async (
  c: PostgresQueryable,
  projection: string,
  writes: ReadonlyMap<string, ModelWrite>,
): Promise<void> => {
  const all = [...writes];
  for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
    const params: unknown[] = [projection];
    const rows = all.slice(i, i + ROWS_PER_STATEMENT).map(([key, w]) => {
      const at = params.push(key, w.value, w.revision);
      return `($${at - 2}::text, $${at - 1}::text, $${at}::int)`;
    });
    await c.query(
      `INSERT INTO decree_read_models (projection, key, value, revision, seq)
       SELECT $1, k, v, r, nextval('decree_read_model_seq') FROM (VALUES ${rows.join(', ')}) AS t(k, v, r)
       ON CONFLICT (projection, key) DO UPDATE SET value = excluded.value, revision = excluded.revision, seq = excluded.seq
       WHERE excluded.revision > decree_read_models.revision`,
      params,
    );
  }
};

/**
 * Read models in a PostgreSQL store's database, shared by every process on it: each commit writes
 * its models and moves the checkpoint in one transaction, only if the checkpoint is still where
 * the committer found it (as on SQLite), so a runner killed mid-batch resumes from the checkpoint
 * and two runners end with the models of one. Each process mirrors the models in memory (reads
 * stay synchronous) and `refresh` brings the mirror up to date with other processes' commits.
 * @example
 * const models = await createPostgresReadModels(store); // store: openPostgresEventStore(url)
 */
export const createPostgresReadModels = async (
  store: PostgresEventStore,
): Promise<ReadModelStore> => {
  await migrate(store);
  const mirror = new Map<string, Mirrored>();
  /** Applies model rows read or written, each only over an older revision. */
  const apply = (m: Mirrored, writes: Iterable<readonly [string, ModelWrite]>) => {
    for (const [key, w] of writes) {
      const had = m.models.get(key);
      if (had === undefined || w.revision > had.revision) m.models.set(key, w);
    }
  };
  /** The checkpoint rows and every model row numbered after what the mirror has seen, read as one snapshot. */
  const refresh = (): Promise<void> =>
    store.transaction(async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const rows = (
        await c.query<CheckpointRow>(
          'SELECT projection, version, position::text AS position, generation::text AS generation FROM decree_checkpoints',
        )
      ).rows;
      for (const r of rows) {
        const had = mirror.get(r.projection);
        // A projection reset elsewhere (or not mirrored yet) is read again whole.
        const m =
          had !== undefined && had.generation === r.generation
            ? had
            : {
                checkpoint: checkpointOf(r),
                generation: r.generation,
                models: new Map(),
                seq: -1n,
              };
        m.checkpoint = checkpointOf(r);
        mirror.set(r.projection, m);
        const fresh = (
          await c.query<{ key: string; value: string; revision: number; seq: string }>(
            'SELECT key, value, revision, seq::text AS seq FROM decree_read_models WHERE projection = $1 AND seq > $2 ORDER BY seq',
            [r.projection, m.seq.toString()],
          )
        ).rows;
        apply(
          m,
          fresh.map((f) => [f.key, { revision: f.revision, value: f.value }] as const),
        );
        const last = fresh[fresh.length - 1];
        if (last !== undefined) m.seq = BigInt(last.seq);
      }
    });
  await refresh();
  const of = (projection: string): Mirrored | undefined => mirror.get(projection);
  /**
   * One statement, so one snapshot: appends take their positions one transaction at a time and
   * commit in position order (see the store), so what it sees after `after` is a prefix of the log
   * with no gap, and `upTo` is its last position. Only positions and stream names are read, off the
   * primary key's range: a replay or catch-up no longer reads and parses every new event once to
   * find its streams and again to fold them.
   */
  const changes = async (after: bigint | undefined): Promise<LogChanges> => {
    const { rows } = await store.pool.query<{ stream: string; n: number; last: string }>(
      'SELECT stream, count(*)::int AS n, max(global_position)::text AS last FROM decree_events WHERE global_position > $1 GROUP BY stream',
      [(after ?? -1n).toString()],
    );
    let upTo = after;
    let events = 0;
    for (const r of rows) {
      const last = BigInt(r.last);
      if (upTo === undefined || last > upTo) upTo = last;
      events += r.n;
    }
    // Sorted here, not by the server's collation: the same order as the runner's own listing.
    return { upTo, streams: rows.map((r) => r.stream).sort(), events };
  };
  return {
    checkpoint: (projection) => of(projection)?.checkpoint,
    get: (projection, key) => of(projection)?.models.get(key)?.value,
    keys: (projection) => [...(of(projection)?.models.keys() ?? [])].sort(),
    revisions: (projection) =>
      new Map([...(of(projection)?.models ?? [])].map(([k, w]) => [k, w.revision])),
    refresh,
    changes,
    commit: async (projection, from, to, writes) => {
      const committed = await store.transaction(async (c) => {
        const generation = await moveCheckpoint(c, projection, from, to);
        if (generation !== undefined) await writeModels(c, projection, writes);
        return generation;
      });
      if (committed === undefined) {
        await refresh(); // another process moved the checkpoint: what it committed is what to go on from
        return false;
      }
      const m = of(projection);
      if (m !== undefined && m.generation === committed) {
        apply(m, writes);
        m.checkpoint = { version: to.version, position: to.position };
      } else await refresh();
      return true;
    },
    reset: async (projection, version) => {
      await store.transaction(async (c) => {
        // The upsert locks the checkpoint row first, as every commit does.
        await c.query(
          `INSERT INTO decree_checkpoints (projection, version, position) VALUES ($1, $2, NULL)
           ON CONFLICT (projection) DO UPDATE SET version = excluded.version, position = NULL, generation = decree_checkpoints.generation + 1`,
          [projection, version],
        );
        await c.query('DELETE FROM decree_read_models WHERE projection = $1', [projection]);
      });
      mirror.delete(projection);
      await refresh();
    },
  };
};

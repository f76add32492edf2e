import { UnsupportedStoreSchema } from './errors.js';

/** The newest schema version this code writes; a database with a higher one is refused. */
export const POSTGRES_SCHEMA_VERSION = 1;

/**
 * The migrations, by version: each runs once, in order, in the transaction that records it in
 * `decree_migrations`. Version 1: the append-only events table and the one-row head that every
 * append locks (`FOR UPDATE`) to take the next global position (see postgres-event-store.ts).
 */
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    // Payloads are TEXT holding their RFC 8785 canonical JSON, the very bytes the hash covers (jsonb
    // would respell them and refuses \u0000). (stream, stream_revision) and id are unique so no
    // writer can fork a stream or store an id twice, whatever the code above does.
    `CREATE TABLE decree_events (
      global_position BIGINT PRIMARY KEY,
      stream TEXT NOT NULL,
      stream_revision INTEGER NOT NULL,
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      schema_version INTEGER NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (stream, stream_revision)
    )`,
    `CREATE TABLE decree_head (
      one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
      next_position BIGINT NOT NULL,
      last_recorded_at TEXT
    )`,
    `INSERT INTO decree_head (one, next_position, last_recorded_at) VALUES (TRUE, 0, NULL)`,
  ],
];

/**
 * Creates or upgrades the schema (in the connection's `search_path` schema) in one transaction,
 * under a transaction-scoped advisory lock so that several processes opening one database at once
 * agree on a single creation; refuses a database migrated by a newer Decree.
 */
export const migratePostgres = async (client: {
  query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}): Promise<void> => {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.decree'))`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS decree_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM decree_migrations',
    );
    const version = rows[0]?.v ?? 0;
    if (version > POSTGRES_SCHEMA_VERSION)
      throw new UnsupportedStoreSchema(
        'UNSUPPORTED_STORE_SCHEMA',
        `store schema version ${version} is newer than this Decree understands (${POSTGRES_SCHEMA_VERSION}); upgrade Decree`,
        [],
        { found: version, supported: POSTGRES_SCHEMA_VERSION },
      );
    for (let v = version + 1; v <= POSTGRES_SCHEMA_VERSION; v++) {
      for (const sql of MIGRATIONS[v - 1] ?? []) await client.query(sql);
      await client.query('INSERT INTO decree_migrations (version) VALUES ($1)', [v]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
};

/** The longest channel name PostgreSQL keeps (channel names are identifiers: NAMEDATALEN - 1 bytes). */
const MAX_CHANNEL_BYTES = 63;

/** The channel every append transaction of the store in `schema` notifies: `decree_appends` in `public`, else `decree_appends_<schema>`. */
export const appendChannel = (schema: string): string => {
  const name = schema === 'public' ? 'decree_appends' : `decree_appends_${schema}`;
  // Clipped at a character boundary to what PostgreSQL keeps; two long schema names that share a
  // prefix then share a channel, which costs only a wake-up that finds nothing new.
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > MAX_CHANNEL_BYTES) break;
    out += ch;
  }
  return out;
};

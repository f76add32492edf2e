import type Database from 'better-sqlite3';
import { UnsupportedStoreSchema } from './errors.js';

/** The schema version this code writes; a file with a higher one is refused. */
export const SQLITE_SCHEMA_VERSION = 1;

const CREATE_META = `CREATE TABLE IF NOT EXISTS decree_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`;

// Version 1. The events table is append-only; (stream, stream_revision) and id are unique so a
// racing or buggy writer can never fork a stream or store an id twice, whatever the code above does.
const CREATE_V1 = [
  `CREATE TABLE decree_events (
    global_position INTEGER PRIMARY KEY,
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
  ) STRICT`,
  `INSERT INTO decree_meta (key, value) VALUES ('schema_version', '1')`,
];

/**
 * Creates or checks the schema inside one `BEGIN IMMEDIATE` transaction, so several processes
 * opening a fresh file at once agree on a single creation.
 */
export const migrate = (db: Database.Database): void => {
  db.transaction(() => {
    db.prepare(CREATE_META).run();
    const row = db.prepare(`SELECT value FROM decree_meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
    const version = row === undefined ? 0 : Number(row.value);
    if (!Number.isInteger(version) || version > SQLITE_SCHEMA_VERSION)
      throw new UnsupportedStoreSchema('UNSUPPORTED_STORE_SCHEMA', `store schema version ${row?.value ?? '?'} is newer than this Decree understands (${SQLITE_SCHEMA_VERSION}); upgrade Decree`, [], { found: row?.value, supported: SQLITE_SCHEMA_VERSION });
    if (version === 0) for (const sql of CREATE_V1) db.prepare(sql).run();
  }).immediate();
};

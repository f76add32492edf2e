import type Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { UnsupportedStoreSchema } from './errors.js';

/** The schema version this code writes; a file with a higher one is refused. */
export const SQLITE_SCHEMA_VERSION = 2;

const CREATE_META = `CREATE TABLE IF NOT EXISTS decree_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`;

// The events table (versions 1 and 2). It is append-only; (stream, stream_revision) and id are unique so a
// racing or buggy writer can never fork a stream or store an id twice, whatever the code above does.
/** The events table's DDL (also used by the benchmarks' raw baselines, so both write the same rows). */
export const EVENTS_TABLE_DDL = `CREATE TABLE decree_events (
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
  ) STRICT`;

const CREATE_V1 = [
  EVENTS_TABLE_DDL,
  `INSERT INTO decree_meta (key, value) VALUES ('schema_version', '2')`,
];

// Version 2: the same table, but `data` and `metadata` hold RFC 8785 canonical text (the bytes the
// hash covers), so verification hashes them as stored. Version 1 files are rewritten on open.
const REWRITE_PAGE = 1000;

const canonicalText = (text: string): string => {
  try {
    return canonicalize(JSON.parse(text)) ?? text;
  } catch {
    return text; // unparseable: left for `verify` and reads to report
  }
};

/** Rewrites every version-1 payload text canonically; the caller holds the transaction. */
const rewriteCanonically = (db: Database.Database): void => {
  const page = db.prepare<[number, number], { p: number; data: string; metadata: string }>(
    'SELECT global_position AS p, data, metadata FROM decree_events WHERE global_position > ? ORDER BY global_position LIMIT ?',
  );
  const update = db.prepare(
    'UPDATE decree_events SET data = ?, metadata = ? WHERE global_position = ?',
  );
  for (let after = -1; ;) {
    const rows = page.all(after, REWRITE_PAGE);
    for (const r of rows) {
      const data = canonicalText(r.data);
      const metadata = canonicalText(r.metadata);
      if (data !== r.data || metadata !== r.metadata) update.run(data, metadata, r.p);
    }
    const last = rows[rows.length - 1];
    if (last === undefined) return;
    after = last.p;
  }
};

/** The refusal of a schema version this code cannot read (`found` as stored, when there is one). */
const unsupported = (found: string | undefined, why: string): UnsupportedStoreSchema =>
  new UnsupportedStoreSchema('UNSUPPORTED_STORE_SCHEMA', why, [], {
    found,
    supported: SQLITE_SCHEMA_VERSION,
  });

/** The refusal of a file written by a newer schema than this code's. */
const tooNew = (found: string | undefined): UnsupportedStoreSchema =>
  unsupported(
    found,
    `store schema version ${found ?? '?'} is newer than this Decree understands (${SQLITE_SCHEMA_VERSION}); upgrade Decree`,
  );

/**
 * Checks, without writing, that a store opened read-only has this code's schema: an older one
 * would need the upgrade `migrate` makes, which a read-only file cannot take.
 */
export const checkSchema = (db: Database.Database): void => {
  const row = db.prepare(`SELECT value FROM decree_meta WHERE key = 'schema_version'`).get() as
    { value: string } | undefined;
  const version = Number(row?.value);
  if (version > SQLITE_SCHEMA_VERSION || !Number.isInteger(version)) throw tooNew(row?.value);
  if (version < SQLITE_SCHEMA_VERSION)
    throw unsupported(
      row?.value,
      `store schema version ${version} needs an upgrade to ${SQLITE_SCHEMA_VERSION}, which a read-only store cannot take: open a writable copy once, then archive that`,
    );
};

/**
 * Creates, checks or upgrades the schema inside one `BEGIN IMMEDIATE` transaction, so several
 * processes opening a file at once agree on a single creation or upgrade.
 */
export const migrate = (db: Database.Database): void => {
  db.transaction(() => {
    db.prepare(CREATE_META).run();
    const row = db.prepare(`SELECT value FROM decree_meta WHERE key = 'schema_version'`).get() as
      { value: string } | undefined;
    const version = row === undefined ? 0 : Number(row.value);
    if (!Number.isInteger(version) || version > SQLITE_SCHEMA_VERSION) throw tooNew(row?.value);
    if (version === 0) for (const sql of CREATE_V1) db.prepare(sql).run();
    if (version === 1) {
      rewriteCanonically(db);
      db.prepare(`UPDATE decree_meta SET value = '2' WHERE key = 'schema_version'`).run();
    }
  }).immediate();
};

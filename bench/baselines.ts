import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { EVENTS_TABLE_DDL } from '../src/store/sqlite-schema.js';

/** The same table Decree's SQLite store writes (its own DDL), for raw baselines. */
export const RAW_EVENTS_DDL = EVENTS_TABLE_DDL.replace(
  'CREATE TABLE',
  'CREATE TABLE IF NOT EXISTS',
);

const COLUMNS =
  'global_position, stream, stream_revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';
const PLACEHOLDER_HASH = 'f'.repeat(64);

/** Opens a database the way Decree does for durable writes: WAL, `synchronous=FULL`. */
export const openDurable = (path: string): Database.Database => {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_EVENTS_DDL);
  return db;
};

interface ImportLine {
  stream: string;
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

/**
 * Import baseline: streams the same NDJSON file, `JSON.parse`s each line, numbers it within its
 * stream and inserts the same rows (same table, same indexes) 10,000 per transaction, WAL, FULL.
 * No validation and no hashing: the physical limit of getting this file into this store.
 */
export const rawImport = async (
  ndjsonPath: string,
  dbPath: string,
  perTransaction = 10_000,
): Promise<number> => {
  const db = openDurable(dbPath);
  const insert = db.prepare(
    `INSERT INTO decree_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const revisions = new Map<string, number>();
  const recordedAt = new Date().toISOString();
  let batch: unknown[][] = [];
  let position = 0;
  const flush = db.transaction((rows: unknown[][]) => {
    for (const r of rows) insert.run(...r);
  });
  for await (const line of createInterface({
    input: createReadStream(ndjsonPath),
    crlfDelay: Infinity,
  })) {
    if (line.length === 0) continue;
    const e = JSON.parse(line) as ImportLine;
    const rev = (revisions.get(e.stream) ?? -1) + 1;
    revisions.set(e.stream, rev);
    batch.push([
      position++,
      e.stream,
      rev,
      e.id,
      e.type,
      e.schemaVersion,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
      recordedAt,
      PLACEHOLDER_HASH,
      PLACEHOLDER_HASH,
    ]);
    if (batch.length >= perTransaction) {
      flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0) flush(batch);
  db.close();
  return position;
};

/** A row the single-command baseline inserts: the same columns Decree writes for one event. */
export interface RawRow {
  readonly stream: string;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/**
 * Single-command baseline: inserts each row in its own transaction (`BEGIN IMMEDIATE`, WAL, FULL)
 * into the events table of a copy of the same store, at fresh revisions far above the real ones.
 */
export const rawSingleInserts = (
  dbPath: string,
  rows: readonly RawRow[],
  revisionBase: number,
): number => {
  const db = openDurable(dbPath);
  const insert = db.prepare(
    `INSERT INTO decree_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const next = db.prepare<[], { n: number }>(
    'SELECT COALESCE(MAX(global_position), -1) + 1 AS n FROM decree_events',
  );
  const one = db.transaction((r: RawRow, i: number) => {
    insert.run(
      next.get()!.n,
      r.stream,
      revisionBase + i,
      r.id,
      r.type,
      1,
      r.data,
      r.metadata,
      new Date().toISOString(),
      PLACEHOLDER_HASH,
      PLACEHOLDER_HASH,
    );
  });
  rows.forEach((r, i) => one.immediate(r, i));
  db.close();
  return rows.length;
};

/**
 * Replay baseline: reads every event row in global order, `JSON.parse`s data and metadata, and
 * folds them trivially (events and payload sizes per stream, the last type seen).
 */
export const rawReplay = (dbPath: string): number => {
  const db = new Database(dbPath, { readonly: true });
  const rows = db.prepare<
    [],
    { stream: string; type: string; data: string; metadata: string; recorded_at: string }
  >(
    'SELECT stream, stream_revision, type, data, metadata, recorded_at FROM decree_events ORDER BY global_position',
  );
  const fold = new Map<string, { events: number; keys: number; last: string }>();
  let n = 0;
  for (const r of rows.iterate()) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    const meta = JSON.parse(r.metadata) as { effectiveOn: string };
    const acc = fold.get(r.stream) ?? { events: 0, keys: 0, last: '' };
    acc.events++;
    acc.keys += Object.keys(data).length + meta.effectiveOn.length;
    acc.last = r.type;
    fold.set(r.stream, acc);
    n++;
  }
  db.close();
  return n;
};

/**
 * Verify baseline: reads every event row in global order and takes `node:crypto` SHA-256 of
 * `prev_hash` followed by the stored row's bytes (the same fields the chain covers, as stored),
 * comparing the hex digest with the stored hash.
 */
export const rawHash = (dbPath: string): { events: number; matching: number } => {
  const db = new Database(dbPath, { readonly: true });
  const rows = db.prepare<
    [],
    {
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
  >(
    'SELECT stream, stream_revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash FROM decree_events ORDER BY global_position',
  );
  let matches = 0;
  let n = 0;
  for (const r of rows.iterate()) {
    const bytes = `${r.prev_hash}{"data":${r.data},"id":"${r.id}","metadata":${r.metadata},"prevHash":"${r.prev_hash}","recordedAt":"${r.recorded_at}","schemaVersion":${r.schema_version},"stream":"${r.stream}","streamRevision":${r.stream_revision},"type":"${r.type}"}`;
    if (createHash('sha256').update(bytes, 'utf8').digest('hex') === r.hash) matches++;
    n++;
  }
  db.close();
  return { events: n, matching: matches };
};

// The peer row of the single-command benchmark: Emmett's SQLite event store
// (`@event-driven-io/emmett-sqlite`, a dev dependency of the bench only) appending one event per
// call through its public `appendToStream`, on one connection shared by every call (its
// `getSQLiteEventStore` opens a connection per call, several times slower). Emmett opens its file
// in WAL mode; `synchronous` is set to FULL here, as Decree's store sets it, so both are durable on
// power loss.
import {
  appendToStream,
  createEventStoreSchema,
  sqliteConnection,
  type SQLiteConnection,
} from '@event-driven-io/emmett-sqlite';
import { fileURLToPath } from 'node:url';
import type { RawRow } from './baselines.js';
import { packageVersion } from './harness.js';

/** The version of the peer measured. */
export const EMMETT_VERSION = packageVersion(
  fileURLToPath(new URL('..', import.meta.url)),
  '@event-driven-io/emmett-sqlite',
);

/** An Emmett SQLite event store in a new file, on one connection, with one event in each of `streams` (so appends land on existing streams). */
export const emmettStore = async (
  path: string,
  streams: readonly string[],
): Promise<SQLiteConnection> => {
  const connection = sqliteConnection({ fileName: path });
  await connection.command('PRAGMA synchronous = FULL');
  await createEventStoreSchema(connection);
  await connection.withTransaction(async () => {
    for (const stream of streams)
      await appendToStream(connection, stream, 'order', [
        { type: 'OrderFiled', data: { stream }, metadata: {} },
      ]);
  });
  return connection;
};

/** Appends each row as one event in a call (and a transaction) of its own; returns how many. */
export const emmettAppends = async (
  connection: SQLiteConnection,
  rows: readonly RawRow[],
): Promise<number> => {
  for (const r of rows)
    await appendToStream(connection, r.stream, 'order', [
      {
        type: r.type,
        data: JSON.parse(r.data) as Record<string, unknown>,
        metadata: JSON.parse(r.metadata) as Record<string, unknown>,
      },
    ]);
  return rows.length;
};

import type { CommonStoreOptions, EventStore } from './event-store.js';
import { UnknownStore } from './errors.js';
import { createMemoryEventStore } from './memory-event-store.js';
import { openSqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store.js';
import { isEventStoreDbConnectionString, type EventStoreDbOptions } from './eventstoredb-scheme.js';
import { loadDriver } from './driver.js';
import type { PostgresEventStoreOptions } from './postgres-event-store.js';

/** Options for whichever adapter the spec selects (each ignores what it does not use). */
export type OpenEventStoreOptions = CommonStoreOptions &
  SqliteEventStoreOptions &
  EventStoreDbOptions &
  PostgresEventStoreOptions;

/** What kind of store a spec names, and where; `undefined` when the spec is not recognised. */
export const parseStoreSpec = (
  spec: string,
):
  | { kind: 'memory' }
  | { kind: 'sqlite'; path: string }
  | { kind: 'eventstoredb'; connectionString: string }
  | { kind: 'postgres'; connectionString: string }
  | undefined => {
  const s = spec.trim();
  if (s === 'memory') return { kind: 'memory' };
  if (s.startsWith('sqlite:') && s.length > 'sqlite:'.length)
    return { kind: 'sqlite', path: s.slice('sqlite:'.length) };
  if (/\.(db|sqlite)$/i.test(s)) return { kind: 'sqlite', path: s };
  if (isEventStoreDbConnectionString(s)) return { kind: 'eventstoredb', connectionString: s };
  if (/^postgres(ql)?:\/\/./i.test(s)) return { kind: 'postgres', connectionString: s };
  return undefined;
};

/**
 * Opens the event store a spec names: `memory`, `sqlite:<path>`, a path ending in `.db` or
 * `.sqlite`, or an `esdb://`, `esdb+discover://`, `kurrentdb://`, `kurrentdb+discover://` or
 * `kurrent://` connection string (which needs the optional `@eventstore/db-client`, else
 * `STORE_DRIVER_MISSING`), or a `postgres://` / `postgresql://` connection string (the PostgreSQL
 * store, schema created on first use). Anything else is `UNKNOWN_STORE`.
 * @example
 * const store = await openEventStore('sqlite:./decree.db');
 */
export const openEventStore = async (
  spec: string,
  options: OpenEventStoreOptions = {},
): Promise<EventStore> => {
  const parsed = parseStoreSpec(spec);
  switch (parsed?.kind) {
    case 'memory':
      return createMemoryEventStore(options);
    case 'sqlite':
      return openSqliteEventStore(parsed.path, options);
    case 'eventstoredb': {
      // The client (gRPC, protobuf) is an optional peer dependency, loaded only for such a store.
      const esdb = await loadDriver(
        '@eventstore/db-client',
        'EventStoreDB',
        () => import('./eventstoredb-event-store.js'),
      );
      return esdb.openEventStoreDbStore(parsed.connectionString, options);
    }
    case 'postgres': {
      // Loaded only for such a store, so a consumer that never names one never loads `pg`.
      const postgres = await loadDriver(
        'pg',
        'PostgreSQL',
        () => import('./postgres-event-store.js'),
      );
      return postgres.openPostgresEventStore(parsed.connectionString, options);
    }
    default:
      throw new UnknownStore(
        'UNKNOWN_STORE',
        'unknown event store: use memory, sqlite:<path>, a .db/.sqlite path, a postgres:// connection string, or an esdb:// / kurrentdb:// connection string',
      );
  }
};

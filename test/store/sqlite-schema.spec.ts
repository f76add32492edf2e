import { describe, expect, it, onTestFinished } from 'vitest';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { SQLITE_SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { isUnsupportedStoreSchema } from '../../src/store/errors.js';
import { removeDb, tempDbPath } from './support/temp-db.js';

const temp = (): string => {
  const path = tempDbPath();
  onTestFinished(() => removeDb(path));
  return path;
};

describe('SQLite file, schema and pragmas', () => {
  it('creates a versioned schema in WAL mode with synchronous=FULL and a 5 s busy timeout by default', async () => {
    const store = await openSqliteEventStore(temp());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(
      store.db.prepare(`SELECT value FROM decree_meta WHERE key = 'schema_version'`).get(),
    ).toEqual({ value: String(SQLITE_SCHEMA_VERSION) });
    await store.close();
  });

  it('honours synchronous=NORMAL and a custom busy timeout', async () => {
    const store = await openSqliteEventStore(temp(), {
      synchronous: 'NORMAL',
      busyTimeoutMs: 1234,
    });
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    await store.close();
  });

  it('refuses a file written by a newer schema with UNSUPPORTED_STORE_SCHEMA', async () => {
    const path = temp();
    const store = await openSqliteEventStore(path);
    store.db.prepare(`UPDATE decree_meta SET value = '99' WHERE key = 'schema_version'`).run();
    await store.close();
    const e: unknown = await openSqliteEventStore(path).catch((x: unknown) => x);
    expect(isUnsupportedStoreSchema(e)).toBe(true);
  });

  it('reopens an existing file and keeps appending on its chain; transaction() shares the file', async () => {
    const path = temp();
    const first = await openSqliteEventStore(path);
    await first.append(
      's',
      [
        {
          id: '00000000-0000-4000-8000-000000000001',
          type: 'T',
          schemaVersion: 1,
          data: {},
          metadata: {},
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    first.transaction(() => {
      first.db.prepare('CREATE TABLE IF NOT EXISTS read_model (k TEXT PRIMARY KEY, v TEXT)').run();
      first.db.prepare('INSERT INTO read_model VALUES (?, ?)').run('checkpoint', '0');
    });
    await first.close();
    const second = await openSqliteEventStore(path);
    const r = await second.append(
      's',
      [
        {
          id: '00000000-0000-4000-8000-000000000002',
          type: 'T',
          schemaVersion: 1,
          data: {},
          metadata: {},
        },
      ],
      { expectedRevision: 0 },
    );
    expect(r).toMatchObject({ firstRevision: 1, lastPosition: 1n });
    expect(second.db.prepare('SELECT v FROM read_model WHERE k = ?').get('checkpoint')).toEqual({
      v: '0',
    });
    expect(() =>
      second.transaction(() => {
        second.db.prepare('INSERT INTO read_model VALUES (?, ?)').run('x', '1');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(second.db.prepare('SELECT count(*) AS n FROM read_model').get()).toEqual({ n: 1 });
    await second.close();
  });
});

// A SQLite store opened read-only (`readOnly: true`, or found unwritable): reads answer as from the
// same file opened for writing; every write is refused with STORE_READ_ONLY and leaves the file as
// it was; an engine on it keeps its read models in memory and refuses an import before reading it.
// (A file this process cannot write is found read-only by itself: test/cli/read-only-store.e2e.spec.ts.)
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { hashStore } from '../cli/support/run.js';
import { collect, ev, evs, rejection } from '../contracts/contract-support.js';
import { removeDb, tempDbPath } from './support/temp-db.js';

const EXAMPLE = new URL('../../examples/twitter-2022.ndjson', import.meta.url);
const paths: string[] = [];

/** The store's content: its file and its write-ahead log's bytes (SQLite may leave an empty log and index beside a WAL file it reads). */
const content = (path: string): string =>
  hashStore(path).replace(
    / -wal:(absent|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855)$/,
    ' -wal:empty',
  );
const opened: SqliteEventStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  paths.splice(0).forEach(removeDb);
});

/** A store file holding two streams, written and closed. */
const written = async (): Promise<string> => {
  const path = tempDbPath();
  paths.push(path);
  const store = await openSqliteEventStore(path);
  await store.append('order-a', evs(3, 'a'), { expectedRevision: 'no_stream' });
  await store.append('order-b', evs(2, 'b'), { expectedRevision: 'no_stream' });
  await store.close();
  return path;
};

const open = async (path: string, readOnly?: boolean): Promise<SqliteEventStore> => {
  const store = await openSqliteEventStore(path, readOnly === undefined ? {} : { readOnly });
  opened.push(store);
  return store;
};

describe('a SQLite store opened read-only', () => {
  it('reads the same log as the file opened for writing', async () => {
    const path = await written();
    const all = (s: SqliteEventStore) => collect<RecordedEvent>(s.readAll());
    const writable = await open(path);
    const expected = await all(writable);
    await writable.close();
    const store = await open(path, true);
    expect(store.readOnly).toBe(true);
    expect(await all(store)).toEqual(expected);
    expect(expected).toHaveLength(5);
    expect(await collect(store.readStream('order-b'))).toEqual(
      expected.filter((e) => e.stream === 'order-b'),
    );
  });

  it('refuses every write with STORE_READ_ONLY, and the file stays byte for byte as it was', async () => {
    const path = await written();
    const before = content(path);
    const store = await open(path, true);
    const [stored] = await collect<RecordedEvent>(store.readAll({ limit: 1 }));
    const writes: [string, () => unknown][] = [
      ['append', () => store.append('order-c', [ev()], { expectedRevision: 'no_stream' })],
      [
        'appendMany',
        () => store.appendMany([{ stream: 'order-a', events: [ev()], expectedRevision: 2 }]),
      ],
      ['appendRecorded', () => store.appendRecorded([{ ...stored!, stream: 'order-z' }])],
      ['transaction', async () => store.transaction(() => 1)],
    ];
    for (const [name, write] of writes) {
      const e = await rejection(Promise.resolve().then(write));
      expect(e, name).toMatchObject({ code: 'STORE_READ_ONLY', path: ['store'] });
    }
    await store.close();
    expect(content(path)).toBe(before);
  });

  it('an engine on it answers queries from read models in memory and refuses an import before reading the file', async () => {
    const path = tempDbPath();
    paths.push(path);
    const writer = await createEngine({ store: `sqlite:${path}` });
    await writer.importNdjsonFile(EXAMPLE.pathname, { backfill: true });
    const expected = await writer.status('ftc-c4316', { asOf: '2024-06-01' });
    await writer.close();
    const before = content(path);
    const engine = await createEngine({ store: await open(path, true) });
    expect(await engine.status('ftc-c4316', { asOf: '2024-06-01' })).toEqual(expected);
    const lines = (async function* () {
      yield readFileSync(EXAMPLE, 'utf8');
      throw new Error('the import read its input although the store is read-only');
    })();
    const refused = await rejection(engine.importNdjson(lines));
    expect(refused).toMatchObject({ code: 'STORE_READ_ONLY' });
    await rejection(engine.importNdjsonFile(EXAMPLE.pathname)).then((e) =>
      expect(e).toMatchObject({ code: 'STORE_READ_ONLY' }),
    );
    await engine.close();
    expect(content(path)).toBe(before);
  });

  it('a store that does not exist cannot be opened read-only, and is not created', async () => {
    const path = tempDbPath();
    const e = await rejection(openSqliteEventStore(path, { readOnly: true }));
    expect(e).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(hashStore(path)).toBe('db:absent -wal:absent');
  });
});

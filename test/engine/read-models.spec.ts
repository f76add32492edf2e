// The SQLite read-model storage lists the streams changed after a position two ways: a long range
// (a rebuild) by one pass over the (stream, revision) index, a short one (a catch-up) by position.
// Both must list exactly what a read of the log after that position finds. A models table an older
// release wrote (WITHOUT ROWID, or its revision after the text) is rewritten on open, its rows
// unchanged. Revisions of some keys are those of the listing. A reset drops
// one projection's models only.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteReadModels, ProjectionRunner } from '../../src/index.js';
import { LOG_GENESIS, nextLogHead } from '../../src/store/seal.js';
import { fcParams } from '../projections/support.js';
import {
  appendAll,
  bigLog,
  countingStore,
  readAllEvents,
  sqliteFiles,
  storedReadModels,
} from './support/logs.js';

const files = sqliteFiles();
afterAll(() => files.disposeAll());

describe('SQLite read models: streams changed after a position', () => {
  it('are those a read of the log finds, for a long range and a short one alike', async () => {
    const store = await files.file().open();
    await appendAll(store, bigLog(6));
    const log = await readAllEvents(store);
    const models = createSqliteReadModels(store);
    const last = log[log.length - 1]!.globalPosition;
    for (const after of [undefined, 0n, last / 2n, last - last / 10n, last - 3n, last]) {
      const tail = log.filter((e) => after === undefined || e.globalPosition > after);
      const counts = new Map<string, number>();
      for (const e of tail) counts.set(e.stream, (counts.get(e.stream) ?? 0) + 1);
      const changes = models.changes!(after);
      expect(changes.streams).toEqual([...counts.keys()].sort());
      expect(changes.events).toBe(tail.length);
      expect(changes.upTo).toBe(last);
    }
  });
});

describe('SQLite read models: the log anchor', () => {
  it("at the log's end, carried on from an anchor at any earlier position (or from none), is the log chain over the hashes read through the store, whatever the page size (one that is no whole number of at least 1 takes the default)", async () => {
    const store = await files.file().open();
    await appendAll(store, bigLog(4));
    const log = await readAllEvents(store);
    // The oracle: the chain over the events as the store's port reads them, one by one.
    const chain = [{ head: LOG_GENESIS, length: 0 }];
    for (const e of log)
      chain.push({ head: nextLogHead(chain.at(-1)!.head, e.hash), length: chain.length });
    const anchorOf = (i: number) =>
      i < 0
        ? undefined
        : { position: log[i]!.globalPosition, hash: log[i]!.hash, ...chain[i + 1]! };
    let pagesCrossed = 0;
    await fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: -1, max: log.length - 2 }),
        (page, from) => {
          const models = createSqliteReadModels(store, { anchorPageSize: page });
          const after = from < 0 ? undefined : log[from]!.globalPosition;
          const changes = models.changes!(after, anchorOf(from));
          expect(changes.upTo).toBe(log.at(-1)!.globalPosition);
          expect(changes.anchor).toEqual(anchorOf(log.length - 1));
          if (log.length - 1 - from > page) pagesCrossed++;
        },
      ),
      fcParams(60, 300),
    );
    expect(pagesCrossed).toBeGreaterThan(30);
    for (const bad of [0, -3, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const models = createSqliteReadModels(store, { anchorPageSize: bad }); // the default instead
      expect(models.changes!(undefined).anchor).toEqual(anchorOf(log.length - 1));
    }
  });
});

describe('SQLite read models: a reset', () => {
  it("drops its projection's models and keeps another projection's, whether or not one is stored", async () => {
    const store = await files.file().open();
    const models = createSqliteReadModels(store);
    const write = (p: string, keys: string[]) =>
      models.commit(
        p,
        models.checkpoint(p),
        { version: 1, position: 0n },
        new Map(keys.map((k) => [k, { revision: 0, value: `{"${k}":true}` }])),
      );
    await write('order', ['a', 'b']);
    await models.reset('order', 2); // only its own models stored: the table is emptied whole
    expect(models.keys('order')).toEqual([]);
    expect(models.checkpoint('order')).toEqual({ version: 2, position: undefined });
    await write('order', ['a', 'b']);
    await write('other', ['c']);
    await models.reset('order', 3);
    expect(models.keys('order')).toEqual([]);
    expect(models.keys('other')).toEqual(['c']);
    expect(models.get('other', 'c')).toBe('{"c":true}');
    expect(models.checkpoint('other')).toEqual({ version: 1, position: 0n });
  });
});

describe('SQLite read models: a table of an older release', () => {
  /** The models table's columns in their order, generated ones included. */
  const columns = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return db
        .prepare<[], { name: string }>("SELECT name FROM pragma_table_xinfo('decree_read_models')")
        .all()
        .map((c) => c.name);
    } finally {
      db.close();
    }
  };

  /**
   * A file of `orders` orders with their read models, whose models table is then written as an
   * older release wrote it: the revision after the model's text, and `suffix` (` WITHOUT ROWID`).
   */
  const withOlderTable = async (orders: number, suffix: string) => {
    const file = files.file();
    const store = await file.open();
    await appendAll(store, bigLog(orders));
    const applied = await new ProjectionRunner(store, createSqliteReadModels(store)).catchUp();
    expect(applied).toBeGreaterThan(0);
    await store.close();
    const db = new Database(file.path);
    db.exec(`BEGIN;
CREATE TABLE old_models (projection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT -1, PRIMARY KEY (projection, key))${suffix};
INSERT INTO old_models SELECT projection, key, value, revision FROM decree_read_models;
DROP TABLE decree_read_models;
ALTER TABLE old_models RENAME TO decree_read_models;
COMMIT;`);
    db.close();
    return file;
  };

  // As older releases wrote it: the same columns and key, WITHOUT ROWID; then with a rowid, the
  // revision after the model's text.
  for (const [layout, suffix] of [
    ['WITHOUT ROWID', ' WITHOUT ROWID'],
    ['with the revision after the text', ''],
  ] as const)
    it(`(${layout}) is rewritten as this release's on open, every model and the checkpoint unchanged, nothing folded again`, async () => {
      const file = await withOlderTable(5, suffix);
      const before = storedReadModels(file.path);
      expect(/WITHOUT ROWID/.test(before.ddl)).toBe(suffix !== '');
      expect(columns(file.path).slice(2)).toEqual(['value', 'revision']);
      expect(before.models.length).toBe(5);

      const reopened = countingStore(await file.open());
      const models = createSqliteReadModels(reopened.store);
      const after = storedReadModels(file.path);
      expect(after.ddl).not.toMatch(/WITHOUT ROWID/);
      expect(columns(file.path).slice(2)).toEqual(['revision', 'head', 'value']);
      expect(after.models).toEqual(before.models);
      expect(after.checkpoints).toEqual(before.checkpoints);
      expect(await new ProjectionRunner(reopened.store, models).catchUp()).toBe(0);
      expect(reopened.yielded('readStream')).toBe(0);
    });

  it('is read as it is by a store opened read-only', async () => {
    const file = await withOlderTable(3, '');
    const before = storedReadModels(file.path);
    const readOnly = await file.open({ readOnly: true });
    const models = createSqliteReadModels(readOnly);
    expect(storedReadModels(file.path).ddl).toBe(before.ddl);
    const keys = models.keys('order');
    expect(keys.length).toBe(3);
    const first = before.models[0] as { key: string; value: string };
    expect(models.getPrefix!('order', first.key, 40)).toBe(first.value.slice(0, 40));
    expect(models.revisions('order')).toEqual(
      new Map(
        before.models.map((m) => [
          (m as { key: string }).key,
          (m as { revision: number }).revision,
        ]),
      ),
    );
    await readOnly.close();
  });
});

describe('SQLite read models: revisions of some keys', () => {
  it('are those of the listing of every model, for keys with a model, without one, and more keys than it looks up one by one', async () => {
    const store = await files.file().open();
    const models = createSqliteReadModels(store);
    const stored = new Map<string, number>();
    for (let i = 0; i < 1500; i++) stored.set(`o-${i}`, i % 7);
    await models.commit(
      'order',
      undefined,
      { version: 1, position: 0n },
      new Map([...stored].map(([k, revision]) => [k, { revision, value: '{}' }])),
    );
    const all = models.revisions('order');
    expect(all).toEqual(stored);
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.oneof(
            fc.integer({ min: 0, max: 1499 }).map((i) => `o-${i}`),
            fc.string(),
          ),
          {
            maxLength: 40,
          },
        ),
        (keys) => {
          const some = models.revisions('order', keys);
          for (const k of keys) expect(some.get(k)).toBe(all.get(k));
          expect([...some.keys()].every((k) => keys.includes(k))).toBe(true);
        },
      ),
      fcParams(100),
    );
    // More keys than it looks up one by one: the whole listing, which holds them too.
    const many = [...stored.keys()].slice(0, 1200);
    const listed = models.revisions('order', many);
    for (const k of many) expect(listed.get(k)).toBe(stored.get(k));
    await store.close();
  });

  it('a catch-up asks for the revisions of the orders it folds, not of every model', async () => {
    const store = await files.file().open();
    const log = bigLog(6);
    const [before, after] = [log.slice(0, -4), log.slice(-4)];
    await appendAll(store, before);
    const models = createSqliteReadModels(store);
    const asked: (readonly string[] | undefined)[] = [];
    const runner = new ProjectionRunner(store, {
      ...models,
      revisions: (p, keys) => {
        asked.push(keys);
        return models.revisions(p, keys);
      },
    });
    await runner.catchUp();
    expect(asked).toHaveLength(1);
    asked.length = 0;
    await appendAll(store, after);
    await runner.catchUp();
    const changed = [...new Set(after.map((a) => a.stream.replace(/^order-/, '')))].sort();
    expect(asked.map((keys) => [...(keys ?? ['every model'])].sort())).toEqual([changed]);
    await store.close();
  });

  it("give a model's text's start, its stored head or, longer, the text's, whoever wrote the text", async () => {
    const file = files.file();
    const store = await file.open();
    const models = createSqliteReadModels(store);
    const text = (n: number) => `{"orderId":"o-${n}","tail":"${'x'.repeat(2000 + n)}"}`;
    await models.commit(
      'order',
      undefined,
      { version: 1, position: 0n },
      new Map([['o', { revision: 0, value: text(0) }]]),
    );
    for (const chars of [0, 1, 100, 512, 513, 5000])
      expect(models.getPrefix!('order', 'o', chars)).toBe(text(0).slice(0, chars));
    expect(models.getPrefix!('order', 'none', 10)).toBeUndefined();
    // Written again, by this storage or by another writer's own statement: the head follows.
    await models.commit(
      'order',
      models.checkpoint('order'),
      { version: 1, position: 1n },
      new Map([['o', { revision: 1, value: text(1) }]]),
    );
    expect(models.getPrefix!('order', 'o', 512)).toBe(text(1).slice(0, 512));
    const other = new Database(file.path);
    other.prepare("UPDATE decree_read_models SET value = ? WHERE key = 'o'").run(text(2));
    other.close();
    expect(models.getPrefix!('order', 'o', 512)).toBe(text(2).slice(0, 512));
    await store.close();
  });
});

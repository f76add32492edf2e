// The SQLite read-model storage lists the streams changed after a position two ways: a long range
// (a rebuild) by one pass over the (stream, revision) index, a short one (a catch-up) by position.
// Both must list exactly what a read of the log after that position finds. A models table an older
// release wrote WITHOUT ROWID is rewritten with a rowid on open, its rows unchanged. A reset drops
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
  it('is rewritten with a rowid on open, every model and the checkpoint unchanged, nothing folded again', async () => {
    const file = files.file();
    const store = await file.open();
    await appendAll(store, bigLog(5));
    const applied = await new ProjectionRunner(store, createSqliteReadModels(store)).catchUp();
    expect(applied).toBeGreaterThan(0);
    await store.close();
    // As an older release wrote it: the same columns and key, WITHOUT ROWID.
    const db = new Database(file.path);
    db.exec(`BEGIN;
CREATE TABLE old_models (projection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT -1, PRIMARY KEY (projection, key)) WITHOUT ROWID;
INSERT INTO old_models SELECT projection, key, value, revision FROM decree_read_models;
DROP TABLE decree_read_models;
ALTER TABLE old_models RENAME TO decree_read_models;
COMMIT;`);
    db.close();
    const before = storedReadModels(file.path);
    expect(before.ddl).toMatch(/WITHOUT ROWID/);
    expect(before.models.length).toBe(5);

    const reopened = countingStore(await file.open());
    const models = createSqliteReadModels(reopened.store);
    const after = storedReadModels(file.path);
    expect(after.ddl).not.toMatch(/WITHOUT ROWID/);
    expect(after.models).toEqual(before.models);
    expect(after.checkpoints).toEqual(before.checkpoints);
    expect(await new ProjectionRunner(reopened.store, models).catchUp()).toBe(0);
    expect(reopened.yielded('readStream')).toBe(0);
  });
});

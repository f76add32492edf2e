import canonicalize from 'canonicalize';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { NewEvent } from '../../src/store/event-store.js';
import { rawChainOf } from '../../src/store/raw-chain.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { verifyStore } from '../../src/store/verify.js';
import { removeDb, tempDbPath } from './support/temp-db.js';

const temp = (): string => {
  const path = tempDbPath();
  onTestFinished(() => removeDb(path));
  return path;
};

const event = (n: number): NewEvent => ({
  id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
  type: 'T',
  schemaVersion: 1,
  data: { z: n, a: { y: [n, { q: 1, b: 'é' }], x: null } },
  metadata: { m: 'x', c: n },
});

const texts = (store: SqliteEventStore): { data: string; metadata: string }[] =>
  store.db
    .prepare<[], { data: string; metadata: string }>(
      'SELECT data, metadata FROM decree_events ORDER BY global_position',
    )
    .all();

/** Rewrites every payload the way version 1 stored it: `JSON.stringify` of the value in insertion order. */
const asVersion1 = (store: SqliteEventStore, spell: (value: unknown) => string): void => {
  const rows = store.db
    .prepare<[], { p: number; data: string; metadata: string }>(
      'SELECT global_position AS p, data, metadata FROM decree_events',
    )
    .all();
  const update = store.db.prepare(
    'UPDATE decree_events SET data = ?, metadata = ? WHERE global_position = ?',
  );
  store.transaction(() =>
    rows.forEach((r) => update.run(spell(JSON.parse(r.data)), spell(JSON.parse(r.metadata)), r.p)),
  );
};

const reversed = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).reverse())
      : x,
  );

describe('SQLite canonical payload text (schema version 2)', () => {
  it('stores data and metadata as RFC 8785 canonical text and verifies them from the stored text', async () => {
    const store = await openSqliteEventStore(temp());
    await store.appendMany([
      { stream: 's', events: [event(1), event(2)], expectedRevision: 'no_stream' },
      { stream: 't', events: [event(3)], expectedRevision: 'no_stream' },
    ]);
    for (const t of texts(store)) {
      expect(t.data).toBe(canonicalize(JSON.parse(t.data)));
      expect(t.metadata).toBe(canonicalize(JSON.parse(t.metadata)));
    }
    expect(rawChainOf(store)).toBeDefined();
    expect(rawChainOf({ ...store })).toBeUndefined();
    expect(await verifyStore(store)).toEqual({ ok: true, streams: 2, events: 3 });
    expect(await verifyStore({ ...store })).toEqual({ ok: true, streams: 2, events: 3 });
    await store.close();
  });

  it('verify still accepts another spelling of the same JSON, and still finds a changed value', async () => {
    const store = await openSqliteEventStore(temp());
    await store.append('s', [event(1), event(2)], { expectedRevision: 'no_stream' });
    asVersion1(store, reversed);
    expect(texts(store)[0]?.data).not.toBe(
      canonicalize(JSON.parse(texts(store)[0]?.data ?? 'null')),
    );
    expect(await verifyStore(store)).toEqual({ ok: true, streams: 1, events: 2 });
    store.db.prepare(`UPDATE decree_events SET data = '{"z":1}' WHERE global_position = 1`).run();
    expect(await verifyStore(store)).toMatchObject({
      ok: false,
      events: 1,
      firstBreak: { revision: 1, reason: 'hash_mismatch' },
    });
    store.db.prepare(`UPDATE decree_events SET data = 'not json' WHERE global_position = 1`).run();
    expect(await verifyStore(store)).toMatchObject({
      ok: false,
      events: 1,
      firstBreak: { revision: 1, reason: 'hash_mismatch' },
    });
    await store.close();
  });

  it('rewrites a version 1 file canonically on open, in one step, and it still verifies and reads the same', async () => {
    const path = temp();
    const old = await openSqliteEventStore(path);
    await old.append('s', [event(1), event(2)], { expectedRevision: 'no_stream' });
    await old.append('t', [event(3)], { expectedRevision: 'no_stream' });
    const before = texts(old).map((t) => ({
      data: JSON.parse(t.data) as unknown,
      metadata: JSON.parse(t.metadata) as unknown,
    }));
    asVersion1(old, reversed);
    old.db.prepare(`UPDATE decree_meta SET value = '1' WHERE key = 'schema_version'`).run();
    await old.close();
    const store = await openSqliteEventStore(path);
    expect(
      store.db.prepare(`SELECT value FROM decree_meta WHERE key = 'schema_version'`).get(),
    ).toEqual({ value: '2' });
    const after = texts(store);
    after.forEach((t) => expect(t.data).toBe(canonicalize(JSON.parse(t.data))));
    expect(
      after.map((t) => ({
        data: JSON.parse(t.data) as unknown,
        metadata: JSON.parse(t.metadata) as unknown,
      })),
    ).toEqual(before);
    expect(await verifyStore(store)).toEqual({ ok: true, streams: 2, events: 3 });
    await store.append('s', [event(4)], { expectedRevision: 1 });
    expect(await verifyStore(store)).toMatchObject({ ok: true, events: 4 });
    await store.close();
  });

  it('a retried appendMany looks ids up with one query per batch and returns the stored events', async () => {
    const store = await openSqliteEventStore(temp());
    const batches = [
      { stream: 's', events: [event(1), event(2)], expectedRevision: 'no_stream' as const },
    ];
    const first = await store.appendMany(batches);
    const again = await store.appendMany(batches);
    expect(again).toEqual(first.map((r) => ({ ...r, retried: true })));
    expect(again[0]?.events.map((e) => e.data)).toEqual([event(1).data, event(2).data]);
    await store.close();
  });
});

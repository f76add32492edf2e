// The SQLite append pipeline writes on a thread of its own (sqlite-append-pipeline.ts). The
// contract (append-pipeline.contract.ts) states its law on every adapter; these cases pin what
// only a second connection can show: another writer appending between a call's chaining and its
// write, a store closed under the pipeline, calls sharing the writer thread's transaction when
// the store refuses one of them, the writer letting go of the lock when no call comes, and how
// many calls the caller may queue while the writer cannot write.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { appendPipeline } from '../../src/store/append-pipeline.js';
import {
  PIPELINE_IDLE_COMMIT_MS,
  PIPELINE_QUEUED_CALLS,
  PIPELINE_QUEUED_EVENTS,
} from '../../src/store/sqlite-append-pipeline.js';
import { isStoreUnavailable } from '../../src/store/errors.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { verifyStore } from '../../src/store/verify.js';
import { collect, ev, evs, rejection } from '../contracts/contract-support.js';
import { removeDb, tempDbPath } from './support/temp-db.js';

const opened: { store: SqliteEventStore; path: string }[] = [];
const open = async (path = tempDbPath()) => {
  const store = await openSqliteEventStore(path);
  opened.push({ store, path });
  return store;
};
afterEach(async () => {
  for (const { store, path } of opened.splice(0)) {
    await store.close();
    removeDb(path);
  }
});

describe('SQLite append pipeline', () => {
  it('a call chained before another writer appended is made again after it: streams intact, the log dense and verified', async () => {
    const store = await open();
    const other = await open(opened[0]!.path);
    await store.append('a', evs(2, 'before'), { expectedRevision: 'no_stream' });
    // The other writer holds the write lock, so the pipeline's thread cannot write until it commits.
    other.db.exec('BEGIN IMMEDIATE');
    const pipe = appendPipeline(store);
    const queued = evs(3, 'piped');
    await pipe.append([
      { stream: 'a', events: queued, expectedRevision: 1 },
      { stream: 'b', events: evs(1, 'b'), expectedRevision: 'no_stream' },
    ]);
    const theirs = evs(2, 'theirs');
    await other.append('c', theirs, { expectedRevision: 'no_stream' }); // inside the open transaction (a savepoint)
    other.db.exec('COMMIT');
    await pipe.append([{ stream: 'a', events: evs(1, 'after'), expectedRevision: 4 }]);
    await pipe.finish();
    await pipe.close();
    const all = await collect(store.readAll());
    // The other writer's events come first: the queued call was refused and made again after them.
    expect(all.map((e) => e.id).slice(2, 4)).toEqual(theirs.map((e) => e.id));
    expect(all.map((e) => e.globalPosition)).toEqual(all.map((_, i) => BigInt(i)));
    expect((await collect(store.readStream('a'))).map((e) => e.id)).toEqual([
      ...all.slice(0, 2).map((e) => e.id),
      ...queued.map((e) => e.id),
      all[all.length - 1]!.id,
    ]);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('a pipeline on a closed store refuses the next call with STORE_UNAVAILABLE and writes nothing more', async () => {
    const path = tempDbPath();
    const store = await openSqliteEventStore(path);
    const pipe = appendPipeline(store);
    await pipe.append([{ stream: 'a', events: evs(2), expectedRevision: 'no_stream' }]);
    await pipe.finish();
    await store.close();
    expect(
      isStoreUnavailable(
        await rejection(pipe.append([{ stream: 'a', events: evs(1), expectedRevision: 1 }])),
      ),
    ).toBe(true);
    await pipe.close();
    const reopened = await open(path);
    expect(await collect(reopened.readAll())).toHaveLength(2);
  });

  it('calls that share a transaction: one the store refuses leaves the calls before it written and stops the ones after, as awaiting each would', async () => {
    const store = await open();
    const stored = ev({ n: 'stored' });
    await store.append('x', [stored], { expectedRevision: 'no_stream' });
    const pipe = appendPipeline(store);
    const [a, b, d] = [evs(3, 'a'), evs(2, 'b'), evs(1, 'd')];
    // Queued at once, so the writer thread takes them into one transaction: the third reuses a
    // stored id with other content, which only the insert finds (the pipeline does not look ids up).
    await pipe.append([{ stream: 'a', events: a, expectedRevision: 'no_stream' }]);
    await pipe.append([{ stream: 'b', events: b, expectedRevision: 'no_stream' }]);
    await pipe.append([
      {
        stream: 'c',
        events: [{ ...stored, data: { other: true } }],
        expectedRevision: 'no_stream',
      },
    ]);
    const failed = await rejection(
      (async () => {
        await pipe.append([{ stream: 'd', events: d, expectedRevision: 'no_stream' }]);
        await pipe.finish();
      })(),
    );
    await pipe.close();
    const awaited = await open();
    await awaited.append('x', [stored], { expectedRevision: 'no_stream' });
    await awaited.append('a', a, { expectedRevision: 'no_stream' });
    await awaited.append('b', b, { expectedRevision: 'no_stream' });
    const theirs = await rejection(
      awaited.append('c', [{ ...stored, data: { other: true } }], {
        expectedRevision: 'no_stream',
      }),
    );
    expect((failed as { code?: unknown }).code).toBeDefined();
    expect((failed as { code?: unknown }).code).toBe((theirs as { code?: unknown }).code);
    const streams = async (s: SqliteEventStore) =>
      (await collect(s.readAll())).map((e) => `${e.stream}:${e.id}`);
    expect(await streams(store)).toEqual(await streams(awaited));
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('the writer thread commits and lets go of the write lock once no call comes, without waiting for finish', async () => {
    const store = await open();
    const path = opened[0]!.path;
    const pipe = appendPipeline(store);
    try {
      await pipe.append([{ stream: 'a', events: evs(2, 'a'), expectedRevision: 'no_stream' }]);
      await pipe.append([{ stream: 'b', events: evs(3, 'b'), expectedRevision: 'no_stream' }]);
      const other = new Database(path, { timeout: 0 }); // never waits for the lock
      try {
        const count = other.prepare('SELECT COUNT(*) FROM decree_events').pluck();
        // Without finish, the calls become visible (committed) once the writer thread has waited
        // its idle time for another call; then the write lock is free.
        for (let tries = 0; count.get() !== 5 && tries < 200; tries++)
          await new Promise((r) => setTimeout(r, PIPELINE_IDLE_COMMIT_MS / 5));
        expect(count.get()).toBe(5);
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
      } finally {
        other.close();
      }
      expect(await pipe.finish()).toBe(5);
    } finally {
      await pipe.close();
    }
  });
  it.each([
    ['calls of 500 events: as many as hold fewer than PIPELINE_QUEUED_EVENTS', 500],
    ['calls of 10,000 events: PIPELINE_QUEUED_CALLS of them', 10_000],
  ])(
    'while the writer thread cannot write, the caller queues %s, and the next call waits until it can',
    async (_, size) => {
      const store = await open();
      const other = await open(opened[0]!.path);
      other.db.exec('BEGIN IMMEDIATE'); // the writer thread waits for the lock (busy timeout 5 s)
      const pipe = appendPipeline(store);
      const call = (k: number) => [
        { stream: `s-${k}`, events: evs(size, `s-${k}`), expectedRevision: 'no_stream' as const },
      ];
      const queued = Math.max(PIPELINE_QUEUED_CALLS, Math.ceil(PIPELINE_QUEUED_EVENTS / size));
      const pending = (p: Promise<void>, ms: number) =>
        Promise.race([p.then(() => false), new Promise<boolean>((r) => setTimeout(r, ms, true))]);
      try {
        for (let k = 0; k < queued; k++)
          expect([k, await pending(pipe.append(call(k)), 2_000)]).toEqual([k, false]);
        const next = pipe.append(call(queued));
        expect(await pending(next, 200)).toBe(true);
        other.db.exec('ROLLBACK');
        await next;
        expect(await pipe.finish()).toBe((queued + 1) * size);
      } finally {
        if (other.db.inTransaction) other.db.exec('ROLLBACK');
        await pipe.close();
      }
      expect((await verifyStore(store)).ok).toBe(true);
    },
  );
});

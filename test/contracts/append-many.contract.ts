import { expect } from 'vitest';
import type { AppendBatch } from '../../src/store/event-store.js';
import { isConcurrencyConflict } from '../../src/store/errors.js';
import { collect, ev, evs, freshStore, rejection, type OpenStore } from './contract-support.js';
import type { ContractTest } from './reading.contract.js';

/** `appendMany` (atomic where the adapter can be) and the recorded events every append result carries. */
export const appendManyContract = (test: ContractTest, open: OpenStore): void => {
  test('append results carry the recorded events exactly as reads return them, also on a retry', async () => {
    const { store } = await freshStore(open);
    const batch = [ev({ b: 2, a: [1, { d: 'x', c: null }] }, 'Tested', { z: 1, y: 'é' }), ev()];
    const first = await store.append('s', batch, { expectedRevision: 'no_stream' });
    const read = await collect(store.readStream('s'));
    expect(first.events).toEqual(read);
    expect(first.events.map((e) => e.globalPosition)).toEqual(read.map((e) => e.globalPosition));
    const retried = await store.append('s', batch, { expectedRevision: 'no_stream' });
    expect(retried).toEqual({ ...first, retried: true });
    expect(retried.events).toEqual(read);
  });

  test('appendMany is atomic across streams: a conflict in the 3rd batch writes nothing', async () => {
    const { store } = await freshStore(open);
    await store.append('c', evs(1), { expectedRevision: 'no_stream' });
    const batches: AppendBatch[] = [
      { stream: 'a', events: evs(2), expectedRevision: 'no_stream' },
      { stream: 'b', events: evs(1), expectedRevision: 'any' },
      { stream: 'c', events: evs(1), expectedRevision: 'no_stream' },
    ];
    const e = await rejection(store.appendMany(batches));
    expect(isConcurrencyConflict(e)).toBe(true);
    expect(e).toMatchObject({ stream: 'c', expected: 'no_stream', actual: 0 });
    expect(await collect(store.readStream('a'))).toEqual([]);
    expect(await collect(store.readStream('b'))).toEqual([]);
    expect(await collect(store.readAll())).toHaveLength(1);
    // The second batch sees the first (not yet committed) one, and its conflict undoes it.
    const stale = await rejection(
      store.appendMany([
        { stream: 'u', events: evs(1), expectedRevision: 'no_stream' },
        { stream: 'u', events: evs(1), expectedRevision: 'no_stream' },
      ]),
    );
    expect(stale).toMatchObject({ code: 'CONCURRENCY_CONFLICT', stream: 'u', actual: 0 });
    expect(await collect(store.readStream('u'))).toEqual([]);
  });

  test('appendMany: a bad event in a later batch writes nothing and reports the first failing batch', async () => {
    const { store } = await freshStore(open);
    const e = await rejection(
      store.appendMany([
        { stream: 'a', events: evs(1), expectedRevision: 'no_stream' },
        { stream: 'b', events: [ev(), ev({ bad: undefined })], expectedRevision: 'any' },
        { stream: 'a', events: evs(1), expectedRevision: 'no_stream' },
      ]),
    );
    expect(e).toMatchObject({
      code: 'INVALID_EVENT',
      path: ['batches', 1, 'events', 1, 'data', 'bad'],
    });
    const dup = ev();
    expect(
      await rejection(
        store.appendMany([
          { stream: 'a', events: [dup], expectedRevision: 'any' },
          { stream: 'b', events: [dup], expectedRevision: 'any' },
        ]),
      ),
    ).toMatchObject({ code: 'INVALID_EVENT', path: ['batches', 1, 'events', 0, 'id'] });
    expect(await collect(store.readAll())).toEqual([]);
  });

  test('appendMany: global order is batch order, one recordedAt, results per batch', async () => {
    const { store } = await freshStore(open);
    const batches: AppendBatch[] = ['x', 'y', 'z', 'w'].map((s, i) => ({
      stream: s,
      events: evs(i + 1, s),
      expectedRevision: 'no_stream',
    }));
    const results = await store.appendMany(batches);
    const all = await collect(store.readAll());
    expect(all.map((e) => e.id)).toEqual(batches.flatMap((b) => b.events.map((e) => e.id)));
    expect(results.flatMap((r) => r.events)).toEqual(all);
    expect(results.map((r) => [r.stream, r.firstRevision, r.lastRevision])).toEqual([
      ['x', 0, 0],
      ['y', 0, 1],
      ['z', 0, 2],
      ['w', 0, 3],
    ]);
    expect(results.map((r) => r.lastPosition)).toEqual(
      [0, 2, 5, 9].map((i) => all[i]?.globalPosition),
    );
    expect(new Set(all.map((e) => e.recordedAt)).size).toBe(1);
  });

  test('appendMany: a backfilled batch is recorded at the instant it states, hashed with it', async () => {
    const { store } = await freshStore(open, { clock: () => new Date('2026-01-01T00:00:00.000Z') });
    const results = await store.appendMany([
      {
        stream: 'a',
        events: evs(2),
        expectedRevision: 'no_stream',
        recordedAt: '2022-05-25T17:00:00.000Z',
      },
      {
        stream: 'b',
        events: evs(1),
        expectedRevision: 'no_stream',
        recordedAt: '2022-05-26T09:30:00.000Z',
      },
      { stream: 'a', events: evs(1), expectedRevision: 1, recordedAt: '2022-05-26T09:30:00.000Z' },
      { stream: 'c', events: evs(1), expectedRevision: 'no_stream' }, // the clock's instant
    ]);
    const all = await collect(store.readAll());
    expect(all.map((e) => e.recordedAt)).toEqual([
      '2022-05-25T17:00:00.000Z',
      '2022-05-25T17:00:00.000Z',
      '2022-05-26T09:30:00.000Z',
      '2022-05-26T09:30:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(results.flatMap((r) => r.events)).toEqual(all);
    const again = await collect(store.readStream('a'));
    expect(again.map((e) => e.hash)).toEqual(
      all.filter((e) => e.stream === 'a').map((e) => e.hash),
    );
  });

  test("appendMany: a stated instant before the log's last, after the clock, or malformed writes nothing", async () => {
    const { store } = await freshStore(open, { clock: () => new Date('2026-01-01T00:00:00.000Z') });
    await store.appendMany([
      {
        stream: 'a',
        events: evs(1),
        expectedRevision: 'no_stream',
        recordedAt: '2023-01-01T00:00:00.000Z',
      },
    ]);
    const cases: [string, string, string][] = [
      ['2022-12-31T23:59:59.999Z', 'RECORDED_AT_OUT_OF_ORDER', 'before'],
      ['2026-01-01T00:00:00.001Z', 'RECORDED_AT_IN_FUTURE', 'after'],
      ['2024-01-01T00:00:00Z', 'INVALID_EVENT', 'milliseconds'],
    ];
    for (const [recordedAt, code, says] of cases) {
      const e = await rejection(
        store.appendMany([
          {
            stream: 'b',
            events: evs(1),
            expectedRevision: 'no_stream',
            recordedAt: '2024-01-01T00:00:00.000Z',
          },
          { stream: 'c', events: evs(1), expectedRevision: 'no_stream', recordedAt },
        ]),
      );
      expect(e).toMatchObject({ code, path: ['batches', 1, 'recordedAt'] });
      expect((e as Error).message).toContain(says);
    }
    expect(await collect(store.readAll())).toHaveLength(1);
  });

  test('appendMany: several batches to one stream, each seeing the ones before it', async () => {
    const { store } = await freshStore(open);
    const results = await store.appendMany([
      { stream: 's', events: evs(2), expectedRevision: 'no_stream' },
      { stream: 't', events: evs(1), expectedRevision: 'any' },
      { stream: 's', events: evs(1), expectedRevision: 1 },
      { stream: 's', events: evs(2), expectedRevision: 'stream_exists' },
    ]);
    expect(results.map((r) => [r.stream, r.firstRevision, r.lastRevision])).toEqual([
      ['s', 0, 1],
      ['t', 0, 0],
      ['s', 2, 2],
      ['s', 3, 4],
    ]);
    const s = await collect(store.readStream('s'));
    expect(s.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4]);
    s.slice(1).forEach((e, i) => expect(e.prevHash).toBe(s[i]?.hash));
  });

  test('appendMany retried with the same batches returns the first results, marked retried, and writes nothing', async () => {
    const { store } = await freshStore(open);
    const batches: AppendBatch[] = [
      { stream: 's', events: evs(2), expectedRevision: 'no_stream' },
      { stream: 't', events: evs(1), expectedRevision: 'any' },
      { stream: 's', events: evs(1), expectedRevision: 1 },
    ];
    const first = await store.appendMany(batches);
    expect(first.some((r) => r.retried)).toBe(false);
    const again = first.map((r) => ({ ...r, retried: true }));
    expect(await store.appendMany(batches)).toEqual(again);
    await store.append('s', evs(1), { expectedRevision: 2 });
    expect(await store.appendMany(batches)).toEqual(again);
    expect(await collect(store.readAll())).toHaveLength(5);
    expect(await store.appendMany([])).toEqual([]);
  });
};

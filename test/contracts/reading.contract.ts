import { expect } from 'vitest';
import type {
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../../src/store/event-store.js';
import {
  collect,
  ev,
  evs,
  freshStore,
  steppingClock,
  take,
  type OpenStore,
} from './contract-support.js';

/** Registers one contract case (skippable by title). */
export type ContractTest = (title: string, fn: () => Promise<void>) => void;

const revisions = (events: readonly { streamRevision: number }[]): number[] =>
  events.map((e) => e.streamRevision);
const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from <= to ? from + i : from - i));

/** Reads, paging and subscriptions. */
export const readingContract = (test: ContractTest, open: OpenStore): void => {
  test('a missing stream reads as empty, both directions', async () => {
    const { store } = await freshStore(open);
    expect(await collect(store.readStream('nope'))).toEqual([]);
    expect(await collect(store.readStream('nope', { direction: 'backwards' }))).toEqual([]);
    expect(await collect(store.readAll({ direction: 'backwards' }))).toEqual([]);
  });

  test('readStream pages across page boundaries in both directions with fromRevision and limit', async () => {
    const { store } = await freshStore(open, { pageSize: 3 });
    await store.append('s', evs(10), { expectedRevision: 'no_stream' });
    await store.append('t', evs(4), { expectedRevision: 'no_stream' });
    expect(revisions(await collect(store.readStream('s')))).toEqual(range(0, 9));
    expect(revisions(await collect(store.readStream('s', { direction: 'backwards' })))).toEqual(
      range(9, 0),
    );
    expect(revisions(await collect(store.readStream('s', { fromRevision: 4, limit: 5 })))).toEqual(
      range(4, 8),
    );
    expect(
      revisions(
        await collect(store.readStream('s', { direction: 'backwards', fromRevision: 7, limit: 4 })),
      ),
    ).toEqual(range(7, 4));
    expect(revisions(await collect(store.readStream('s', { fromRevision: 9 })))).toEqual([9]);
    expect(revisions(await collect(store.readStream('s', { fromRevision: 10 })))).toEqual([]);
    expect(revisions(await collect(store.readStream('s', { limit: 0 })))).toEqual([]);
    expect(revisions(await collect(store.readStream('s', { limit: 6 })))).toEqual(range(0, 5));
  });

  test('readStream with recordedBy leaves out the events recorded later, in both directions, with fromRevision and limit, across pages', async () => {
    const { store } = await freshStore(open, { pageSize: 3, clock: steppingClock() });
    // One recorded instant per append: a lone event, three together, and another stream's between.
    for (let i = 0; i < 9; i++) {
      await store.append('s', evs(i === 4 ? 3 : 1), { expectedRevision: 'any' });
      if (i % 3 === 0) await store.append('t', evs(1), { expectedRevision: 'any' });
    }
    const all = await collect(store.readStream('s'));
    expect(all).toHaveLength(11);
    /** What the read must give: the stream read whole, filtered, ordered, started and cut here. */
    const expected = (o: ReadStreamOptions): RecordedEvent[] => {
      const backwards = o.direction === 'backwards';
      const kept = all.filter((e) => e.recordedAt <= o.recordedBy!);
      const from = o.fromRevision;
      const started = (backwards ? [...kept].reverse() : kept).filter(
        (e) =>
          from === undefined || (backwards ? e.streamRevision <= from : e.streamRevision >= from),
      );
      return o.limit === undefined ? started : started.slice(0, o.limit);
    };
    const instants = [...new Set(all.map((e) => e.recordedAt))];
    const shifted = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
    const cuts = [shifted(instants[0]!, -1), ...instants, shifted(instants.at(-1)!, 1)];
    let cutInside = 0;
    for (const recordedBy of cuts)
      for (const o of [
        {},
        { fromRevision: 2, limit: 4 },
        { direction: 'backwards' as const },
        { direction: 'backwards' as const, fromRevision: 7, limit: 3 },
        { limit: 1 },
      ]) {
        const options = { ...o, recordedBy };
        const got = await collect(store.readStream('s', options));
        expect(revisions(got)).toEqual(revisions(expected(options)));
        expect(got).toEqual(expected(options));
        if (got.length > 0 && got.length < all.length && Object.keys(o).length === 0) cutInside++;
      }
    expect(cutInside).toBeGreaterThan(5); // most cuts fall inside the stream
    expect(await collect(store.readStream('nope', { recordedBy: cuts.at(-1)! }))).toEqual([]);
    // Compared with recorded times as text, so written as they are: anything else is refused.
    for (const recordedBy of ['2025-01-01', '2025-01-01T00:00:00Z', '+010000-01-01T00:00:00.000Z'])
      await expect(collect(store.readStream('s', { recordedBy }))).rejects.toMatchObject({
        code: 'INVALID_READ',
        path: ['recordedBy'],
      });
  });

  test('malformed read options are refused with the option as path, before any event is given', async () => {
    const { store } = await freshStore(open, { pageSize: 3 });
    await store.append('s', evs(5), { expectedRevision: 'no_stream' });
    // As a caller without the types might pass them: each would otherwise read something else than
    // was asked (a negative limit as none, a fractional revision rounded, an unknown direction as either).
    const streamReads: [Record<string, unknown>, string][] = [
      [{ direction: 'backward' }, 'direction'],
      [{ fromRevision: -1 }, 'fromRevision'],
      [{ fromRevision: 1.5 }, 'fromRevision'],
      [{ fromRevision: '2' }, 'fromRevision'],
      [{ limit: -1 }, 'limit'],
      [{ limit: 2.5 }, 'limit'],
      [{ limit: Number.NaN }, 'limit'],
      [{ recordedBy: '2025-01-01' }, 'recordedBy'],
    ];
    for (const [o, path] of streamReads) {
      const read = store.readStream('s', o as ReadStreamOptions)[Symbol.asyncIterator]();
      await expect(read.next()).rejects.toMatchObject({ code: 'INVALID_READ', path: [path] });
    }
    // The message names the value as it was given.
    await expect(
      store.readStream('s', { limit: Number.NaN })[Symbol.asyncIterator]().next(),
    ).rejects.toThrow(/not NaN$/);
    const allReads: [Record<string, unknown>, string][] = [
      [{ direction: 'up' }, 'direction'],
      [{ limit: -3 }, 'limit'],
      [{ after: -2n }, 'after'],
      [{ after: 2 }, 'after'],
    ];
    for (const [o, path] of allReads) {
      const read = store.readAll(o as ReadAllOptions)[Symbol.asyncIterator]();
      await expect(read.next()).rejects.toMatchObject({ code: 'INVALID_READ', path: [path] });
    }
    // The limits of what is accepted: 0, no limit written out, the first revision, the position before the first.
    expect(
      revisions(await collect(store.readStream('s', { limit: Number.POSITIVE_INFINITY }))),
    ).toEqual(range(0, 4));
    expect(await collect(store.readAll({ limit: 0, after: 0n }))).toEqual([]);
    expect(await collect(store.readAll({ after: -1n }))).toEqual(await collect(store.readAll()));
    // A subscription's cursor likewise, refused before anything is subscribed.
    for (const after of [-2n, 3, '4'])
      expect(() => store.subscribe({ after } as unknown as SubscribeOptions)).toThrow(
        expect.objectContaining({ code: 'INVALID_READ', path: ['after'] }),
      );
    expect(
      revisions(await collect(store.readStream('s', { direction: 'backwards', fromRevision: 0 }))),
    ).toEqual([0]);
  });

  test('readAll pages in both directions and `after` is exclusive', async () => {
    const { store } = await freshStore(open, { pageSize: 3 });
    for (let i = 0; i < 10; i++)
      await store.append(`s-${i % 4}`, [ev({ i })], { expectedRevision: 'any' });
    const all = await collect(store.readAll());
    const positions = all.map((e) => e.globalPosition);
    expect(all.map((e) => (e.data as { i: number }).i)).toEqual(range(0, 9));
    expect(
      (await collect(store.readAll({ direction: 'backwards' }))).map((e) => e.globalPosition),
    ).toEqual([...positions].reverse());
    const p3 = positions[3] as bigint;
    expect((await collect(store.readAll({ after: p3 }))).map((e) => e.globalPosition)).toEqual(
      positions.slice(4),
    );
    expect(
      (await collect(store.readAll({ after: p3, limit: 4 }))).map((e) => e.globalPosition),
    ).toEqual(positions.slice(4, 8));
    expect(
      (await collect(store.readAll({ after: p3, direction: 'backwards' }))).map(
        (e) => e.globalPosition,
      ),
    ).toEqual(positions.slice(0, 3).reverse());
    expect(await collect(store.readAll({ after: positions[9] as bigint }))).toEqual([]);
  });

  test('subscription delivers every event once, in order, across the catch-up to live switch', async () => {
    const { store } = await freshStore(open, { pageSize: 3 });
    for (let i = 0; i < 7; i++)
      await store.append(`s-${i % 2}`, [ev({ i })], { expectedRevision: 'any' });
    const sub = store.subscribe();
    const received = take(sub, 17);
    for (let i = 7; i < 17; i += 2)
      await store.append(`s-${i % 3}`, [ev({ i }), ev({ i: i + 1 })], { expectedRevision: 'any' });
    const got = await received;
    await sub.stop();
    expect(got.map((e) => (e.data as { i: number }).i)).toEqual(range(0, 16));
    expect(got).toEqual(await collect(store.readAll()));
  });

  test('a subscription resumes strictly after a given position', async () => {
    const { store } = await freshStore(open, { pageSize: 2 });
    for (let i = 0; i < 6; i++) await store.append('s', [ev({ i })], { expectedRevision: 'any' });
    const all = await collect(store.readAll());
    const sub = store.subscribe({ after: all[2]?.globalPosition as bigint });
    const got = await take(sub, 3);
    await sub.stop();
    expect(got.map((e) => e.id)).toEqual(all.slice(3).map((e) => e.id));
  });

  test('stop() ends the iteration, also while waiting for live events', async () => {
    const { store } = await freshStore(open);
    await store.append('s', evs(2), { expectedRevision: 'no_stream' });
    const sub = store.subscribe();
    const seen: unknown[] = [];
    const done = (async () => {
      for await (const e of sub) seen.push(e);
    })();
    await new Promise((r) => setTimeout(r, 150));
    await sub.stop();
    await done;
    expect(seen).toHaveLength(2);
    await store.append('s', evs(1), { expectedRevision: 1 });
    expect(seen).toHaveLength(2);
  });

  test('unicode, emoji, control characters and a 1 MiB payload round-trip equal', async () => {
    const { store } = await freshStore(open);
    const data = {
      text: 'Cour d’appel — Zürich 裁判所 ⚖️👩🏽‍⚖️ \u0000\u0001\n\t"\'\\',
      [`clé ${'🔑'}`]: [null, true, false, 0, -1.5, 1e21, 'x'],
      big: 'x'.repeat(1024 * 1024),
    };
    const metadata = { who: 'Ω', nested: { deep: [{ a: 'ß' }] } };
    await store.append('unicode-流', [ev(data, 'Typé 🧾', metadata)], {
      expectedRevision: 'no_stream',
    });
    const [e] = await collect(store.readStream('unicode-流'));
    expect(e?.data).toEqual(data);
    expect(e?.metadata).toEqual(metadata);
    expect(e?.type).toBe('Typé 🧾');
  });
};

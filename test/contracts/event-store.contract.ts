import { describe, expect, it } from 'vitest';
import type { ExpectedRevision } from '../../src/store/event-store.js';
import {
  isConcurrencyConflict,
  isEventIdReused,
  isInvalidEvent,
  isStoreUnavailable,
} from '../../src/store/errors.js';
import {
  collect,
  ev,
  evs,
  freshStore,
  rejection,
  type ContractSkip,
  type OpenStore,
} from './contract-support.js';
import { readingContract } from './reading.contract.js';
import { integrityContract } from './integrity.contract.js';
import { modelContract } from './model.contract.js';
import { appendManyContract } from './append-many.contract.js';
import { appendPipelineContract } from './append-pipeline.contract.js';

export type { ContractHarness, ContractSkip, OpenOptions, OpenStore } from './contract-support.js';

type Outcome = 'ok' | { actual: number | 'no_stream' };
const MATRIX: readonly {
  on: 'missing' | 'existing';
  expected: ExpectedRevision;
  outcome: Outcome;
}[] = [
  { on: 'missing', expected: 'any', outcome: 'ok' },
  { on: 'missing', expected: 'no_stream', outcome: 'ok' },
  { on: 'missing', expected: 'stream_exists', outcome: { actual: 'no_stream' } },
  { on: 'missing', expected: 0, outcome: { actual: 'no_stream' } },
  { on: 'existing', expected: 'any', outcome: 'ok' },
  { on: 'existing', expected: 'no_stream', outcome: { actual: 1 } },
  { on: 'existing', expected: 'stream_exists', outcome: 'ok' },
  { on: 'existing', expected: 1, outcome: 'ok' },
  { on: 'existing', expected: 0, outcome: { actual: 1 } },
  { on: 'existing', expected: 2, outcome: { actual: 1 } },
];

/**
 * The one contract every event store adapter passes (style.md §10). `open` yields a fresh, empty
 * store; `skips` lists cases an adapter cannot run, each with its reason.
 */
export const eventStoreContract = (
  name: string,
  open: OpenStore,
  skips: readonly ContractSkip[] = [],
): void => {
  const skipped = (test: string): boolean => skips.some((s) => s.test === test);
  const title = (test: string): string => {
    const skip = skips.find((s) => s.test === test);
    return skip === undefined ? test : `${test} (skipped: ${skip.reason})`;
  };
  const test = (t: string, fn: () => Promise<void>): void =>
    void it.skipIf(skipped(t))(title(t), fn);

  describe(`${name} event store contract`, () => {
    describe('expected revision', () => {
      for (const row of MATRIX) {
        test(`${String(row.expected)} on a ${row.on} stream -> ${row.outcome === 'ok' ? 'appends' : 'conflicts'}`, async () => {
          const { store } = await freshStore(open);
          if (row.on === 'existing')
            await store.append('s-1', evs(2), { expectedRevision: 'no_stream' });
          const attempt = store.append('s-1', [ev()], { expectedRevision: row.expected });
          if (row.outcome === 'ok') {
            const r = await attempt;
            expect(r.firstRevision).toBe(row.on === 'existing' ? 2 : 0);
          } else {
            const e = await rejection(attempt);
            expect(isConcurrencyConflict(e)).toBe(true);
            expect(e).toMatchObject({
              code: 'CONCURRENCY_CONFLICT',
              stream: 's-1',
              expected: row.expected,
              actual: row.outcome.actual,
            });
            expect(await collect(store.readStream('s-1'))).toHaveLength(
              row.on === 'existing' ? 2 : 0,
            );
          }
        });
      }
    });

    test('append reports revisions, position and recordedAt that reads agree with', async () => {
      const { store } = await freshStore(open);
      await store.append('other', [ev()], { expectedRevision: 'any' });
      const r = await store.append('s-1', evs(3), { expectedRevision: 'no_stream' });
      const all = await collect(store.readAll());
      expect(r).toMatchObject({ stream: 's-1', firstRevision: 0, lastRevision: 2 });
      expect(r.lastPosition).toBe(all[all.length - 1]?.globalPosition);
      expect(r.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(all.slice(1).map((e) => e.recordedAt)).toEqual([
        r.recordedAt,
        r.recordedAt,
        r.recordedAt,
      ]);
    });

    test('an empty append and non-JSON payloads are INVALID_EVENT with a path', async () => {
      const { store } = await freshStore(open);
      expect(await rejection(store.append('s', [], { expectedRevision: 'any' }))).toMatchObject({
        code: 'INVALID_EVENT',
        path: ['events'],
      });
      const bad: [unknown, (string | number)[]][] = [
        [{ x: undefined }, ['data', 'x']],
        [{ n: Number.NaN }, ['data', 'n']],
        [{ f: () => 1 }, ['data', 'f']],
        [
          [1, Number.POSITIVE_INFINITY],
          ['data', 1],
        ],
        [{ d: new Date(0) }, ['data', 'd']],
      ];
      for (const [data, path] of bad) {
        const e = await rejection(store.append('s', [ev(), ev(data)], { expectedRevision: 'any' }));
        expect(isInvalidEvent(e)).toBe(true);
        expect(e).toMatchObject({ code: 'INVALID_EVENT', path: ['events', 1, ...path] });
      }
      expect(
        await rejection(
          store.append('s', [{ ...ev(), id: 'not-a-uuid' }], { expectedRevision: 'any' }),
        ),
      ).toMatchObject({ path: ['events', 0, 'id'] });
      expect(await collect(store.readAll())).toEqual([]);
    });

    test('a failing multi-event append writes nothing', async () => {
      const { store } = await freshStore(open);
      const taken = ev();
      await store.append('elsewhere', [taken], { expectedRevision: 'no_stream' });
      expect(
        await rejection(
          store.append('s', [ev(), ev(), { ...ev(), id: taken.id }], { expectedRevision: 'any' }),
        ),
      ).toMatchObject({ code: 'EVENT_ID_REUSED' });
      const dup = ev();
      expect(
        await rejection(store.append('s', [dup, ev(), dup], { expectedRevision: 'any' })),
      ).toMatchObject({ code: 'INVALID_EVENT' });
      expect(
        await rejection(
          store.append('s', [ev(), ev({ bad: undefined })], { expectedRevision: 'any' }),
        ),
      ).toMatchObject({ code: 'INVALID_EVENT' });
      expect(
        await rejection(store.append('elsewhere', evs(3), { expectedRevision: 'no_stream' })),
      ).toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
      expect(await collect(store.readStream('s'))).toEqual([]);
      expect(await collect(store.readAll())).toHaveLength(1);
    });

    test('retrying the same append returns the first result, marked retried, and writes nothing', async () => {
      const { store } = await freshStore(open);
      const batch = evs(3);
      const first = await store.append('s', batch, { expectedRevision: 'no_stream' });
      expect(first.retried).toBeUndefined();
      const again = { ...first, retried: true };
      expect(await store.append('s', batch, { expectedRevision: 'no_stream' })).toEqual(again);
      const tail = [ev()];
      const second = await store.append('s', tail, { expectedRevision: 'any' });
      expect(await store.append('s', tail, { expectedRevision: 'any' })).toEqual({
        ...second,
        retried: true,
      });
      await store.append('s', [ev()], { expectedRevision: 3 });
      expect(await store.append('s', batch, { expectedRevision: 'no_stream' })).toEqual(again);
      expect(await collect(store.readAll())).toHaveLength(5);
    });

    test('reused ids are EVENT_ID_REUSED: other content, other stream, or a partly stored batch', async () => {
      const { store } = await freshStore(open);
      const [a, b] = evs(2);
      if (a === undefined || b === undefined) throw new Error('unreachable');
      await store.append('s', [a, b], { expectedRevision: 'no_stream' });
      // Thunks, awaited one by one: a store that answers over the network must not see them race.
      const cases = [
        () =>
          store.append('s', [{ ...a, data: { changed: true } }, b], {
            expectedRevision: 'no_stream',
          }),
        () => store.append('t', [a, b], { expectedRevision: 'no_stream' }),
        () => store.append('s', [a, b, ev()], { expectedRevision: 'no_stream' }),
        () => store.append('s', [ev(), b], { expectedRevision: 1 }),
      ];
      for (const c of cases) {
        const e = await rejection(c());
        expect(isEventIdReused(e)).toBe(true);
        expect(e).toMatchObject({ code: 'EVENT_ID_REUSED' });
      }
      expect(await collect(store.readAll())).toHaveLength(2);
    });

    test('global order equals append order, positions strictly increase', async () => {
      const { store } = await freshStore(open);
      const order: string[] = [];
      for (let i = 0; i < 12; i++) {
        const e = ev({ i });
        order.push(e.id);
        await store.append(`s-${i % 3}`, [e], { expectedRevision: 'any' });
      }
      const all = await collect(store.readAll());
      expect(all.map((e) => e.id)).toEqual(order);
      all
        .slice(1)
        .forEach((e, i) => expect(e.globalPosition > (all[i]?.globalPosition ?? 0n)).toBe(true));
      all.slice(1).forEach((e, i) => expect(e.recordedAt >= (all[i]?.recordedAt ?? '')).toBe(true));
    });

    test('recordedAt never decreases even when the clock goes backwards', async () => {
      const times = [
        '2025-03-01T10:00:00.000Z',
        '2025-02-01T10:00:00.000Z',
        '2025-03-01T10:00:00.500Z',
      ];
      let i = 0;
      const { store } = await freshStore(open, {
        clock: () => new Date(times[Math.min(i++, 2)] ?? 0),
      });
      const r = [];
      for (let k = 0; k < 3; k++)
        r.push(
          (await store.append(`s-${k}`, [ev()], { expectedRevision: 'no_stream' })).recordedAt,
        );
      expect(r).toEqual([
        '2025-03-01T10:00:00.000Z',
        '2025-03-01T10:00:00.000Z',
        '2025-03-01T10:00:00.500Z',
      ]);
    });

    test('a closed store refuses work with STORE_UNAVAILABLE', async () => {
      const { store } = await freshStore(open);
      await store.close();
      expect(
        isStoreUnavailable(await rejection(store.append('s', [ev()], { expectedRevision: 'any' }))),
      ).toBe(true);
    });

    readingContract(test, open);
    integrityContract(test, open);
    modelContract(test, open);
    appendManyContract(test, open);
    appendPipelineContract(test, open);
  });
};

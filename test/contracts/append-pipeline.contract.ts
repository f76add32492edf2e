import fc from 'fast-check';
import { expect } from 'vitest';
import { appendPipeline } from '../../src/store/append-pipeline.js';
import {
  storedBy,
  type AppendBatch,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '../../src/store/event-store.js';
import { verifyStore } from '../../src/store/verify.js';
import { fcParams } from '../projections/support.js';
import { collect, ev, freshStore, portable, type OpenStore } from './contract-support.js';
import type { ContractTest } from './reading.contract.js';

/** One step of a run: a pipelined `appendMany` call, or an append by another writer between calls. */
type Step = { readonly call: readonly AppendBatch[] } | { readonly other: NewEvent[] };

const batchArb = fc.record({
  stream: fc.constantFrom('a', 'b', 'c'),
  events: fc.integer({ min: 1, max: 3 }),
  // An earlier event again: the same content (a retry) or other content under its id (a reuse).
  again: fc.option(fc.tuple(fc.nat(), fc.boolean()), { freq: 4 }),
  expected: fc.oneof(
    { weight: 4, arbitrary: fc.constant<ExpectedRevision>('any') },
    { weight: 2, arbitrary: fc.constantFrom<ExpectedRevision>('no_stream', 'stream_exists') },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 6 }) },
  ),
});
/** Steps of a run, with concrete events made once, so both runs append the very same events. */
const stepsArb = fc
  .array(
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.array(batchArb, { minLength: 1, maxLength: 3 }).map((call) => ({ call })),
      },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((other) => ({ other })) },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((shapes) => {
    const made: NewEvent[] = [];
    const fresh = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => {
        const e = ev({ tag, i });
        made.push(e);
        return e;
      });
    return shapes.map((s, k): Step =>
      'other' in s
        ? { other: fresh(s.other, `other-${k}`) }
        : {
            call: s.call.map((b, j) => {
              const earlier =
                b.again && made.length > 0 ? made[b.again[0] % made.length] : undefined;
              const events = earlier
                ? [b.again?.[1] ? earlier : { ...earlier, data: { reused: true } }]
                : fresh(b.events, `${k}-${j}`);
              return { stream: b.stream, events, expectedRevision: b.expected };
            }),
          },
    );
  });

const codeOf = (e: unknown): unknown => (e as { code?: unknown }).code ?? String(e);

/** Results whose `events` throw when read: `storedBy` counts without decoding them (a store may parse them only when read). */
const unread = (results: readonly AppendResult[]): AppendResult[] =>
  results.map(
    (r) =>
      new Proxy(r, {
        get: (target, prop) => {
          if (prop === 'events') throw new Error('storedBy read the events it counts');
          return Reflect.get(target, prop, target);
        },
      }),
  );

/**
 * Runs the steps, the calls through a pipeline or each awaited in turn, until one fails (the other
 * writer goes on regardless): the first error's code, or undefined; and how many events the calls
 * say they stored: `storedBy` of each awaited call's results (a refused call stores nothing), or the
 * pipeline's `finish` (only without an error, as `finish` then throws).
 */
const run = async (
  store: EventStore,
  steps: readonly Step[],
  pipelined: boolean,
): Promise<{ failed: unknown; stored?: number }> => {
  const pipe = pipelined ? appendPipeline(store) : undefined;
  let failed: unknown;
  let stored = 0;
  const attempt = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      failed = codeOf(e);
    }
  };
  try {
    for (const s of steps) {
      if ('other' in s) await store.append('other', s.other, { expectedRevision: 'any' });
      else if (failed === undefined)
        await attempt(async () =>
          pipe ? pipe.append(s.call) : (stored += storedBy(unread(await store.appendMany(s.call)))),
        );
    }
    if (failed === undefined && pipe) await attempt(async () => (stored = await pipe.finish()));
    return failed === undefined || !pipe ? { failed, stored } : { failed };
  } finally {
    await pipe?.close();
  }
};

/** How many events the calls' streams hold (every stream but the other writer's). */
const inCallStreams = async (store: EventStore): Promise<number> =>
  (await collect(store.readAll())).filter((e) => e.stream !== 'other').length;

/** Every stream's events in stream order: what must not depend on how the calls were made. */
const byStream = async (store: EventStore) =>
  (await collect(store.readAll()))
    .map(portable)
    .sort((x, y) =>
      x.stream === y.stream ? x.streamRevision - y.streamRevision : x.stream < y.stream ? -1 : 1,
    );

const FIXED = new Date('2025-01-01T00:00:00.000Z');

/** `appendPipeline` (the SQLite adapter's writes on a thread of their own; the others' awaited in turn). */
export const appendPipelineContract = (test: ContractTest, open: OpenStore): void => {
  test('a pipeline of appendMany calls stores what awaiting each in turn stores, and fails with the same error', async () => {
    await fc.assert(
      fc.asyncProperty(stepsArb, async (steps) => {
        // A fixed clock: a call made again after a refusal reads the clock again, and recordedAt is hashed.
        const [piped, awaited] = [
          await freshStore(open, { clock: () => FIXED }),
          await freshStore(open, { clock: () => FIXED }),
        ];
        const [p, a] = [
          await run(piped.store, steps, true),
          await run(awaited.store, steps, false),
        ];
        expect(p.failed).toEqual(a.failed);
        // What the calls say they stored is what their streams hold: identical retries count none.
        expect(a.stored).toBe(await inCallStreams(awaited.store));
        // The pipeline's own count only on a run no call refused (few: the case below checks it on every store).
        if (p.stored !== undefined) expect(p.stored).toBe(await inCallStreams(piped.store));
        // Another writer's appends may land before a call still queued (then made again after them): streams alike, the log dense and verified.
        expect(await byStream(piped.store)).toEqual(await byStream(awaited.store));
        const positions = (await collect(piped.store.readAll())).map((e) => e.globalPosition);
        expect(positions).toEqual(positions.map((_, i) => positions[0]! + BigInt(i)));
        expect((await verifyStore(piped.store)).ok).toBe(true);
        if (!steps.some((s) => 'other' in s))
          expect(await collect(piped.store.readAll())).toEqual(
            await collect(awaited.store.readAll()),
          );
      }),
      fcParams(15),
    );
  });

  test("a pipeline's finish counts the events its calls stored: a call another writer stored already counts none", async () => {
    const { store } = await freshStore(open, { clock: () => FIXED });
    const first = [ev({ n: 1 }), ev({ n: 2 })];
    await store.append('a', first, { expectedRevision: 'no_stream' }); // another writer stored these
    const pipe = appendPipeline(store);
    try {
      await pipe.append([{ stream: 'a', events: first, expectedRevision: 'no_stream' }]);
      await pipe.append([
        { stream: 'b', events: [ev({ n: 3 })], expectedRevision: 'no_stream' },
        { stream: 'a', events: [ev({ n: 4 })], expectedRevision: 1 },
      ]);
      await pipe.append([
        { stream: 'b', events: [ev({ n: 5 }), ev({ n: 6 })], expectedRevision: 0 },
      ]);
      expect(await pipe.finish()).toBe(4);
    } finally {
      await pipe.close();
    }
    expect(await inCallStreams(store)).toBe(6);
  });
};

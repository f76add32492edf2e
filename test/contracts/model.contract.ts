import fc from 'fast-check';
import { expect } from 'vitest';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
} from '../../src/store/event-store.js';
import { isConcurrencyConflict } from '../../src/store/errors.js';
import { collect, ev, rejection, type OpenStore } from './contract-support.js';
import type { ContractTest } from './reading.contract.js';

interface ModelEvent {
  readonly stream: string;
  readonly id: string;
}
interface Model {
  readonly log: ModelEvent[];
  lastAppend?: {
    stream: string;
    events: NewEvent[];
    expected: ExpectedRevision;
    result: AppendResult;
  };
}
interface Real {
  readonly store: EventStore;
}
type Cmd = fc.AsyncCommand<Model, Real>;

const STREAMS = ['a', 'b', 'c'] as const;

const headOf = (m: Model, stream: string): number | 'no_stream' => {
  const n = m.log.filter((e) => e.stream === stream).length;
  return n === 0 ? 'no_stream' : n - 1;
};
const accepts = (expected: ExpectedRevision, head: number | 'no_stream'): boolean =>
  expected === 'any' ||
  (expected === 'no_stream'
    ? head === 'no_stream'
    : expected === 'stream_exists'
      ? head !== 'no_stream'
      : expected === head);
const view = (events: readonly { stream: string; id: string }[]): string[] =>
  events.map((e) => `${e.stream}/${e.id}`);

const append = (stream: string, count: number, expected: ExpectedRevision): Cmd => ({
  check: () => true,
  run: async (m, r) => {
    const head = headOf(m, stream);
    const events = Array.from({ length: count }, (_, i) => ev({ i }));
    const attempt = r.store.append(stream, events, { expectedRevision: expected });
    if (!accepts(expected, head)) {
      const e = await rejection(attempt);
      expect(isConcurrencyConflict(e)).toBe(true);
      expect(e).toMatchObject({ stream, expected, actual: head });
      return;
    }
    const result = await attempt;
    const first = head === 'no_stream' ? 0 : head + 1;
    expect(result).toMatchObject({ stream, firstRevision: first, lastRevision: first + count - 1 });
    for (const e of events) m.log.push({ stream, id: e.id });
    m.lastAppend = { stream, events, expected, result };
  },
  toString: () => `append(${stream}, ${count}, ${String(expected)})`,
});

const retryLast = (): Cmd => ({
  check: (m) => m.lastAppend !== undefined,
  run: async (m, r) => {
    const last = m.lastAppend;
    if (last === undefined) return;
    expect(
      await r.store.append(last.stream, last.events, { expectedRevision: last.expected }),
    ).toEqual({ ...last.result, retried: true });
  },
  toString: () => 'retryLast',
});

const readStream = (stream: string, backwards: boolean, limit: number | undefined): Cmd => ({
  check: () => true,
  run: async (m, r) => {
    const mine = m.log.filter((e) => e.stream === stream);
    const ordered = backwards ? [...mine].reverse() : mine;
    const expected = limit === undefined ? ordered : ordered.slice(0, limit);
    const options = {
      direction: backwards ? ('backwards' as const) : ('forwards' as const),
      ...(limit === undefined ? {} : { limit }),
    };
    expect(view(await collect(r.store.readStream(stream, options)))).toEqual(view(expected));
  },
  toString: () =>
    `readStream(${stream}, ${backwards ? 'backwards' : 'forwards'}, ${String(limit)})`,
});

const readAll = (backwards: boolean): Cmd => ({
  check: () => true,
  run: async (m, r) => {
    const all = await collect(r.store.readAll({ direction: backwards ? 'backwards' : 'forwards' }));
    expect(view(all)).toEqual(view(backwards ? [...m.log].reverse() : m.log));
  },
  toString: () => `readAll(${backwards ? 'backwards' : 'forwards'})`,
});

const expectedArb: fc.Arbitrary<ExpectedRevision> = fc.oneof(
  fc.constantFrom<ExpectedRevision>('any', 'no_stream', 'stream_exists'),
  fc.nat({ max: 6 }),
);
const streamArb = fc.constantFrom(...STREAMS);
const commandArbs = [
  fc
    .tuple(streamArb, fc.integer({ min: 1, max: 3 }), expectedArb)
    .map(([s, n, e]) => append(s, n, e)),
  fc.constant(null).map(() => retryLast()),
  fc
    .tuple(streamArb, fc.boolean(), fc.option(fc.nat({ max: 5 }), { nil: undefined }))
    .map(([s, b, l]) => readStream(s, b, l)),
  fc.boolean().map((b) => readAll(b)),
];

/** Model-based test: random appends (random expectations), retries and reads against a plain array. */
export const modelContract = (test: ContractTest, open: OpenStore): void => {
  test('behaves like a plain array under random appends, conflicts, retries and reads (model-based)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 25 }), async (cmds) => {
        const harness = await open({ pageSize: 2 });
        try {
          await fc.asyncModelRun(
            async () => ({ model: { log: [] } as Model, real: { store: harness.store } }),
            cmds,
          );
        } finally {
          await harness.dispose();
        }
      }),
      { seed: 4242, numRuns: 20 },
    );
  });
};

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSchemaVersion, ORDER_EVENT_TYPES } from '../../domain/index.js';
import { everyRecordedAfter, orderLog } from '../../src/engine/stream-fold.js';
import type { EventStore, RecordedEvent } from '../../src/store/event-store.js';
import { leanReadsOf, type LeanStreamRead } from '../../src/store/lean-reads.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/store/index.js';
import { collect, ev, steppingClock } from '../contracts/contract-support.js';
import { orderFcParams } from '../support/fc-params.js';

// The SQLite store's lean path (what folds read: no hashes, rows as arrays, pages of revisions)
// against the port's `readStream` of the whole stream, cut in JavaScript: every bound, alone or
// together, across pages of 3 revisions, must give the same events but for their hashes.

const STREAMS = ['order-a', 'order-b', 'order-c'];
/** An order event type, stored at its current version: folded as stored, without decoding its payload. */
const KNOWN = ORDER_EVENT_TYPES[0]!;

let store: SqliteEventStore;
let whole: Map<string, RecordedEvent[]>;
let positions: bigint[];
let instants: string[];

/** What the lean read must give: the stream read whole through the port, cut by each bound. */
const expected = (stream: string, r: LeanStreamRead) =>
  (whole.get(stream) ?? [])
    .filter(
      (e) =>
        e.streamRevision > r.after &&
        (r.through === undefined || e.streamRevision <= r.through) &&
        (r.upTo === undefined || e.globalPosition <= r.upTo) &&
        (r.recordedBy === undefined || e.recordedAt <= r.recordedBy),
    )
    .map(({ prevHash: _p, hash: _h, ...rest }) => rest);

beforeAll(async () => {
  store = await openSqliteEventStore(':memory:', { pageSize: 3, clock: steppingClock() });
  // Interleaved appends, some of several events (one recorded instant each), an event of a type
  // no order knows, and a payload with characters JSON escapes.
  for (let i = 0; i < 24; i++) {
    const stream = STREAMS[(i * 7) % 3]!;
    const n = i % 5 === 0 ? 3 : 1;
    const events = Array.from({ length: n }, (_, k) => ({
      ...ev({ i, k, text: 'ünïcødé "quoted" \\ line\nbreak' }, i === 9 ? 'Unknown' : KNOWN),
      schemaVersion: i === 9 ? 1 : currentSchemaVersion(KNOWN),
    }));
    await store.append(stream, events, { expectedRevision: 'any' });
  }
  whole = new Map();
  for (const s of STREAMS) whole.set(s, await collect(store.readStream(s)));
  const all = await collect(store.readAll());
  positions = all.map((e) => e.globalPosition);
  instants = [...new Set(all.map((e) => e.recordedAt))];
});

afterAll(() => store.close());

const shifted = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();

const readArb = (): fc.Arbitrary<[string, LeanStreamRead]> =>
  fc
    .record({
      stream: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom(...STREAMS) },
        { weight: 1, arbitrary: fc.constant('order-missing') },
      ),
      after: fc.integer({ min: -1, max: 8 }), // each stream holds about ten
      through: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined, freq: 2 }), // past `after`
      upTo: fc.option(fc.integer({ min: 14, max: 33 }), { nil: undefined, freq: 2 }),
      recordedBy: fc.option(
        fc.oneof(
          fc.integer({ min: 10, max: 30 }).map((i) => ({ i, ms: 0 })),
          fc.integer({ min: 10, max: 30 }).map((i) => ({ i, ms: -1 })),
          fc.constant({ i: -1, ms: 0 }),
        ),
        { nil: undefined, freq: 2 },
      ),
    })
    .map(({ stream, after, through, upTo, recordedBy }) => {
      const read: LeanStreamRead = {
        after,
        ...(through === undefined ? {} : { through: after + through }),
        ...(upTo === undefined ? {} : { upTo: positions[upTo % positions.length]! }),
        ...(recordedBy === undefined
          ? {}
          : {
              recordedBy:
                recordedBy.i < 0
                  ? '-000001-01-01T00:00:00.000Z' // before the year 0: cuts every event
                  : shifted(instants[recordedBy.i % instants.length]!, recordedBy.ms),
            }),
      };
      return [stream, read];
    });

describe('the SQLite lean read', () => {
  it('gives the events readStream gives, but for their hashes, whatever its bounds', () => {
    const lean = leanReadsOf(store)!;
    expect(lean).toBeDefined();
    const cut = { through: 0, upTo: 0, recordedBy: 0, acrossPages: 0 };
    fc.assert(
      fc.property(readArb(), ([stream, read]) => {
        const want = expected(stream, read);
        const got = [...lean.stream(stream, read)];
        expect(got).toEqual(want);
        // Which bound ended the read inside the stream (counted to show each one is exercised).
        const rest = expected(stream, { after: read.after });
        if (want.length > 0 && want.length < rest.length) {
          const next = rest[want.length]!;
          if (read.through !== undefined && next.streamRevision > read.through) cut.through++;
          if (read.upTo !== undefined && next.globalPosition > read.upTo) cut.upTo++;
          if (read.recordedBy !== undefined && next.recordedAt > read.recordedBy) cut.recordedBy++;
        }
        if (want.length > 3) cut.acrossPages++;
      }),
      { ...orderFcParams(), numRuns: 400 },
    );
    expect(cut).toEqual({
      through: expect.toSatisfy((n: number) => n > 15),
      upTo: expect.toSatisfy((n: number) => n > 15),
      recordedBy: expect.toSatisfy((n: number) => n > 15),
      acrossPages: expect.toSatisfy((n: number) => n > 15),
    });
  });

  it('a look back newest first (everyRecordedAfter) visits the same events through the lean path and through the port, and stops where it should', async () => {
    const port: EventStore = { ...store };
    const seen = { stoppedByTest: 0, stoppedByTime: 0, acrossPages: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...STREAMS, 'order-missing'),
        // Biased toward a look back past the first page: to the stream's end, from before every
        // recording, with no event failing (each alone about a third to a half of the cases).
        fc.oneof(fc.constant(11), fc.integer({ min: -1, max: 11 })),
        fc.oneof(
          fc.constant(-1),
          fc.integer({ min: -1, max: 30 }),
          fc.integer({ min: -1, max: 30 }),
        ),
        fc.oneof(fc.constant(99), fc.integer({ min: 0, max: 12 })),
        async (stream, through, k, failAt) => {
          const knownAt = k < 0 ? '-000001-01-01T00:00:00.000Z' : instants[k % instants.length]!;
          const visit = async (on: EventStore) => {
            const heads: [number, string, string][] = [];
            const every = await everyRecordedAfter(on, stream, through, knownAt, (e) => {
              heads.push([e.streamRevision, e.type, JSON.stringify(e.metadata)]);
              return e.streamRevision !== failAt;
            });
            return { every, heads };
          };
          const lean = await visit(store);
          expect(lean).toEqual(await visit(port));
          // What the stream holds, cut by hand: newest first, recorded after knownAt, to the failing one.
          const later = (whole.get(stream) ?? [])
            .filter((e) => e.streamRevision <= through && e.recordedAt > knownAt)
            .reverse();
          const stop = later.findIndex((e) => e.streamRevision === failAt);
          const want = (stop < 0 ? later : later.slice(0, stop + 1)).map(
            (e) => [e.streamRevision, e.type, JSON.stringify(e.metadata)] as const,
          );
          expect(lean).toEqual({ every: stop < 0, heads: want });
          if (stop >= 0) seen.stoppedByTest++;
          else if (
            later.length <
            (whole.get(stream) ?? []).filter((e) => e.streamRevision <= through).length
          )
            seen.stoppedByTime++;
          if (want.length > 8) seen.acrossPages++;
        },
      ),
      { ...orderFcParams(), numRuns: 300 },
    );
    expect(seen.stoppedByTest).toBeGreaterThan(20);
    expect(seen.stoppedByTime).toBeGreaterThan(20);
    expect(seen.acrossPages).toBeGreaterThan(25); // past the first page of eight (52 to 69 in four seeds)
  });

  it("orderLog's entries are the same through the lean path and through the port", async () => {
    // A store object of its own (the same functions): no lean path is registered for it.
    const port: EventStore = { ...store };
    expect(leanReadsOf(port)).toBeUndefined();
    let some = 0;
    await fc.assert(
      fc.asyncProperty(readArb(), async ([stream, read]) => {
        const viaLean = await orderLog(store, stream, read);
        expect(viaLean).toEqual(await orderLog(port, stream, read));
        if (viaLean.length > 0) some++;
      }),
      { ...orderFcParams(), numRuns: 200 },
    );
    // About half the reads give events (a random seed gave exactly 100 of 200): well over a third.
    expect(some).toBeGreaterThan(70);
  });

  it('reads nothing from a closed store: STORE_UNAVAILABLE', async () => {
    const closed = await openSqliteEventStore(':memory:');
    const lean = leanReadsOf(closed)!;
    await closed.close();
    expect(() => [...lean.stream('order-a', { after: -1 })]).toThrow(
      expect.objectContaining({ code: 'STORE_UNAVAILABLE' }),
    );
  });

  it('names the event whose stored JSON does not parse', () => {
    const [first] = whole.get('order-b')!;
    store.db
      .prepare("UPDATE decree_events SET data = '{not json' WHERE global_position = ?")
      .run(first!.globalPosition);
    try {
      expect(() => [...leanReadsOf(store)!.stream('order-b', { after: -1 })]).toThrow(
        expect.objectContaining({ code: 'INTEGRITY_VIOLATION' }),
      );
    } finally {
      store.db
        .prepare('UPDATE decree_events SET data = ? WHERE global_position = ?')
        .run(JSON.stringify(first!.data), first!.globalPosition);
    }
  });
});

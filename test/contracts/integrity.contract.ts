import fc from 'fast-check';
import { expect } from 'vitest';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/store/event-store.js';
import { isIntegrityViolation } from '../../src/store/errors.js';
import { GENESIS_HASH } from '../../src/store/hash-chain.js';
import { createMemoryEventStore } from '../../src/store/memory-event-store.js';
import { verifyStore } from '../../src/store/verify.js';
import {
  collect,
  freshStore,
  portable,
  rejection,
  steppingClock,
  type OpenStore,
} from './contract-support.js';
import type { ContractTest } from './reading.contract.js';

const fixed = (n: number, data: unknown): NewEvent => ({
  id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
  type: 'ObligationImposed',
  schemaVersion: 2,
  data,
  metadata: { correlationId: `c-${n}` },
});

/** A fixed scenario over two streams; with `steppingClock()` its hashes are fully determined. */
const writeScenario = async (store: EventStore): Promise<void> => {
  await store.append(
    'order-1',
    [fixed(1, { amount: 1.5, note: 'é' }), fixed(2, { b: 2, a: [1, 'x'] })],
    { expectedRevision: 'no_stream' },
  );
  await store.append('order-2', [fixed(3, null)], { expectedRevision: 'no_stream' });
  await store.append('order-1', [fixed(4, { z: { y: 'x' } })], { expectedRevision: 1 });
};

// Pinned so that a change to the hash input (field set, canonical form, timestamp format) cannot pass unnoticed.
// Cross-checked outside JS: Python's sha256(prev + json.dumps(fields, sort_keys=True, separators=(',', ':'), ensure_ascii=False)).
const FIRST_HASH = 'e73ebc3c1dda5679f4f63455488d4b3ca5be8549d1ee36ec0a244040f65bac85';

/** Hash chain, restore and verification. */
export const integrityContract = (test: ContractTest, open: OpenStore): void => {
  test('the same input gives the same hashes as the reference adapter, pinned for the first event', async () => {
    const { store } = await freshStore(open, { clock: steppingClock() });
    await writeScenario(store);
    const reference = createMemoryEventStore({ clock: steppingClock() });
    await writeScenario(reference);
    const mine = await collect(store.readAll());
    expect(mine.map(portable)).toEqual((await collect(reference.readAll())).map(portable));
    expect(mine[0]?.prevHash).toBe(GENESIS_HASH);
    expect(mine[0]?.hash).toBe(FIRST_HASH);
    expect(await verifyStore(store)).toEqual({ ok: true, streams: 2, events: 4 });
  });

  test('appendRecorded restores an export with the same hashes, and refuses a tampered one writing nothing', async () => {
    const source = createMemoryEventStore({ clock: steppingClock() });
    await writeScenario(source);
    const exported = await collect(source.readAll());
    const { store } = await freshStore(open);
    const tampered: RecordedEvent[] = exported.map((e, i) =>
      i === 2 ? { ...e, data: { tampered: true } } : e,
    );
    expect(isIntegrityViolation(await rejection(store.appendRecorded(tampered)))).toBe(true);
    const relinked = exported.map((e, i) => (i === 3 ? { ...e, prevHash: GENESIS_HASH } : e));
    expect(await rejection(store.appendRecorded(relinked))).toMatchObject({
      code: 'INTEGRITY_VIOLATION',
      details: { reason: 'broken_link', index: 3, related: 1 },
    });
    // The first event missing: position 0 is expected where position 1 is found.
    expect(await rejection(store.appendRecorded(exported.slice(1)))).toMatchObject({
      code: 'INTEGRITY_VIOLATION',
      details: { reason: 'position_gap', index: 0, expected: '0', found: '1' },
    });
    expect(await collect(store.readAll())).toEqual([]);
    await store.appendRecorded(exported);
    expect((await collect(store.readAll())).map(portable)).toEqual(exported.map(portable));
    expect(await verifyStore(store)).toMatchObject({ ok: true, events: 4 });
    const next = await store.append('order-2', [fixed(9, 'after restore')], {
      expectedRevision: 0,
    });
    expect(next.firstRevision).toBe(1);
    expect(await verifyStore(store)).toMatchObject({ ok: true, events: 5 });
  });

  test('appendRecorded refuses an export that disagrees with its chain, naming the first event out of place, and writes nothing', async () => {
    const source = createMemoryEventStore({ clock: steppingClock() });
    await writeScenario(source);
    // order-1 r0, order-1 r1 at positions 0, 1; order-2 r0 at 2; order-1 r2 at 3.
    const exported = await collect(source.readAll());
    const [e0, e1, e2, e3] = exported as [
      RecordedEvent,
      RecordedEvent,
      RecordedEvent,
      RecordedEvent,
    ];
    const { store } = await freshStore(open);
    const numbered = (events: readonly RecordedEvent[]): RecordedEvent[] =>
      events.map((e, i) => ({ ...e, globalPosition: BigInt(i) }));
    const later = (at: string, ms: number): string => new Date(Date.parse(at) + ms).toISOString();
    const cases: [string, RecordedEvent[], Record<string, unknown>][] = [
      [
        // order-2's only event: every stream chain still holds, only the positions show the hole.
        "a stream's last event dropped",
        [e0, e1, e3],
        { reason: 'position_gap', index: 2, expected: '2', found: '3' },
      ],
      [
        'a position changed alone',
        [e0, e1, { ...e2, globalPosition: 999n }, e3],
        { reason: 'position_gap', index: 2, expected: '2', found: '999' },
      ],
      [
        'two events of a stream swapped',
        [e1, e0, e2, e3],
        { reason: 'position_gap', index: 0, expected: '0', found: '1' },
      ],
      [
        "a stream's middle event dropped, positions renumbered",
        numbered([e0, e2, e3]),
        { reason: 'revision_gap', index: 2, expected: '1', found: '2', related: 0 },
      ],
      [
        'a duplicated event',
        [e0, e1, e1, e2, e3],
        { reason: 'repeated_event', index: 2, related: 1 },
      ],
      [
        'events of two streams swapped, positions renumbered',
        numbered([e0, e1, e3, e2]),
        { reason: 'time_backwards', index: 3, related: 2, found: e2.recordedAt },
      ],
      [
        // The edit puts it after the next event: its own hash is named, not its neighbour's order.
        'a recorded time edited',
        [e0, e1, { ...e2, recordedAt: later(e3.recordedAt, 1) }, e3],
        { reason: 'hash_mismatch', index: 2, found: e2.hash },
      ],
    ];
    for (const [what, events, details] of cases) {
      const refused = await rejection(store.appendRecorded(events));
      expect(refused, what).toMatchObject({ code: 'INTEGRITY_VIOLATION', details });
      const { index } = details as { index: number };
      const e = events[index] as RecordedEvent;
      expect((refused as Error).message, what).toMatch(
        new RegExp(
          `^events\\[${index}\\] \\(event ${e.id}, stream "${e.stream}" revision ${e.streamRevision}\\): `,
        ),
      );
      expect(await collect(store.readAll()), what).toEqual([]);
    }
    await store.appendRecorded(exported);
    expect(await verifyStore(store)).toMatchObject({ ok: true, events: 4 });
  });

  test("appendRecorded into a store that holds events: the export's positions must run on from the store's next one", async () => {
    const { store } = await freshStore(open);
    await store.append('order-0', [fixed(20, 'first')], { expectedRevision: 'no_stream' });
    const source = createMemoryEventStore({ clock: steppingClock('2999-01-01T00:00:00.000Z') });
    await writeScenario(source);
    const exported = await collect(source.readAll());
    const refused = await rejection(store.appendRecorded(exported));
    expect(refused).toMatchObject({
      code: 'INTEGRITY_VIOLATION',
      details: { reason: 'position_gap', index: 0, expected: '1', found: '0' },
    });
    expect((refused as Error).message).toMatch(/the store's log, whose next position is 1$/);
    expect(await collect(store.readAll())).toHaveLength(1);
    await store.appendRecorded(exported.map((e, i) => ({ ...e, globalPosition: BigInt(1 + i) })));
    expect(await verifyStore(store)).toMatchObject({ ok: true, events: 5 });
  });

  test('verify finds a single changed byte at any position (property)', async () => {
    const { store, tamperData } = await freshStore(open);
    if (tamperData === undefined)
      throw new Error('this case needs a tamperData hook; list it in skips otherwise');
    const N = 12;
    for (let i = 0; i < N; i++)
      await store.append(
        `s-${i % 3}`,
        [{ ...fixed(100 + i, { note: 'abcdefghij'.repeat(3), i }) }],
        { expectedRevision: 'any' },
      );
    const all = await collect(store.readAll());
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: N - 1 }), fc.nat({ max: 29 }), async (index, offset) => {
        const target = all[index] as RecordedEvent;
        // `"note":"` is 8 characters; replacing one letter of the value keeps the JSON valid.
        const at = (json: string): number => json.indexOf('"note":"') + 8 + offset;
        const flip = (json: string): string =>
          json.slice(0, at(json)) + (json[at(json)] === 'z' ? 'y' : 'z') + json.slice(at(json) + 1);
        await tamperData(target.globalPosition, flip);
        const result = await verifyStore(store);
        await tamperData(target.globalPosition, () => JSON.stringify(target.data));
        expect(result).toMatchObject({
          ok: false,
          events: index,
          firstBreak: {
            stream: target.stream,
            revision: target.streamRevision,
            globalPosition: target.globalPosition,
            reason: 'hash_mismatch',
            found: target.hash,
          },
        });
      }),
      { seed: 20250301, numRuns: 15 },
    );
    expect(await verifyStore(store)).toMatchObject({ ok: true, events: N });
  });
};

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
      details: { reason: 'broken link' },
    });
    expect(await rejection(store.appendRecorded(exported.slice(1)))).toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
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

// Histories of several orders recorded in one store: their order ids and event ids never meet,
// drawn or shrunk; and a history prints as one line per command when fast-check shows it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderCommand } from '../../domain/index.js';
import { createMemoryEventStore } from '../../src/store/index.js';
import {
  orderHistoriesArb,
  orderHistoryArb,
  runIntents,
  commandIntentArb,
  type OrderHistory,
} from '../../src/testing/index.js';
import { ORDER_SEED } from '../support/fc-params.js';

/** Records every history's events in one store, each in its order's stream. */
const recordAll = async (histories: readonly OrderHistory[]): Promise<void> => {
  const store = createMemoryEventStore();
  try {
    for (const h of histories)
      if (h.state.orderId !== undefined && h.events.length > 0)
        await store.append(`order-${h.state.orderId}`, h.events, {
          expectedRevision: 'no_stream',
        });
  } finally {
    await store.close();
  }
};

describe('orderHistoriesArb: histories of different orders', () => {
  it('file orders order-1…order-n, whose event ids are all different', () => {
    for (const hs of fc.sample(orderHistoriesArb(3), { seed: ORDER_SEED, numRuns: 60 })) {
      const filed = hs.map((h) => h.commands.find((c) => c.type === 'FileOrder')?.data);
      hs.forEach((h, k) => {
        if (h.state.orderId !== undefined) expect(h.state.orderId).toBe(`order-${k + 1}`);
        expect(filed[k] === undefined || filed[k]!.orderId === `order-${k + 1}`).toBe(true);
      });
      const ids = hs.flatMap((h) => h.events.map((e) => e.id));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('shrink to the failure a property found, not to two histories sharing an event id', async () => {
    // Fails on purpose once both orders hold a few events; the shrunk histories must still record
    // side by side, so the error reported is this one.
    const out = await fc.check(
      fc.asyncProperty(orderHistoriesArb(2, { minCommands: 3 }), async (hs) => {
        await recordAll(hs);
        if (hs.every((h) => h.events.length >= 2)) throw new Error('intended failure');
      }),
      { seed: ORDER_SEED, numRuns: 100 },
    );
    expect(out.failed).toBe(true);
    expect(String(out.errorInstance)).toContain('intended failure');
    const shrunk = out.counterexample![0];
    const ids = shrunk.flatMap((h) => h.events.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keep one order in its id space when the options name it', () => {
    const [a, b] = fc.sample(
      fc.tuple(
        orderHistoryArb({ orderId: 'acme', minCommands: 10, badRatio: 0 }),
        orderHistoryArb({ orderId: 'globex', minCommands: 10, badRatio: 0 }),
      ),
      { seed: ORDER_SEED, numRuns: 1 },
    )[0]!;
    expect(a.state.orderId).toBe('acme');
    expect(b.state.orderId).toBe('globex');
    const space = (h: OrderHistory) => new Set(h.events.map((e) => e.id.slice(0, 8)));
    expect(a.events.length).toBeGreaterThan(3);
    expect(space(a).size).toBe(1);
    expect(space(b).size).toBe(1);
    expect([...space(a)].some((s) => space(b).has(s))).toBe(false);
  });

  it('give a drawn id that shrank onto an earlier one a fresh id, never a reused one', () => {
    // Every intent drawn with the zero UUID, as after shrinking: the commands still record.
    const intents = fc
      .sample(commandIntentArb({ badRatio: 0 }), { seed: ORDER_SEED, numRuns: 12 })
      .map((i) => ({ ...i, eventId: '00000000-0000-4000-8000-000000000001' }));
    const h = runIntents(intents, { orderId: 'zero' });
    expect(h.refused.map((r) => r.code)).not.toContain('EVENT_ID_REUSED');
    const ids = h.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('a history as fast-check prints it', () => {
  const [h] = fc.sample(orderHistoryArb({ minCommands: 26, maxCommands: 26 }), {
    seed: ORDER_SEED,
    numRuns: 1,
  });

  it('shows one line per command tried, refusals with their rule, and no more', () => {
    const text = fc.stringify(h);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^OrderHistory order-\d+: \d+ commands accepted \(\d+ events\), \d+ refused$/,
    );
    expect(lines).toHaveLength(1 + 26);
    expect(lines.filter((l) => l.includes('REFUSED')).length).toBe(h!.refused.length);
    expect(lines[1]).toMatch(/^ {2}\d{4}-\d\d-\d\d FileOrder by regulator orderId=order-\d+/);
    expect(text.length).toBeLessThan(8_000);
  });

  it('leaves the history itself as it was: equality and JSON do not see the printout', () => {
    const plain = JSON.parse(JSON.stringify(h)) as OrderHistory;
    expect(Object.keys(h!).sort()).toEqual(['commands', 'events', 'refused', 'state']);
    expect(plain.commands.map((c) => OrderCommand.parse(c))).toEqual(h!.commands);
  });
});

// The kit's options as a user meets them: weights that leave types out, date ranges every date
// keeps to, typed results, and a readable InvalidInput for an option out of bounds.
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  InvalidInput,
  OrderEvent,
  type ActorRole,
  type OrderEventOf,
  type OrderEventType,
} from '../../domain/index.js';
import {
  actorArb,
  civilDateArb,
  commandIntentArb,
  eventDataArbs,
  moneyArb,
  orderEventArb,
  orderHistoriesArb,
  orderHistoryArb,
  scheduleArb,
  type DataArbs,
  type DateRange,
  type OrderHistory,
} from '../../src/testing/index.js';
import { ORDER_SEED } from '../support/fc-params.js';

const typesOf = (hs: readonly OrderHistory[]): Set<string> =>
  new Set(
    hs.flatMap((h) => [...h.commands, ...h.refused.map((r) => r.command)].map((c) => c.type)),
  );

describe('weights and only', () => {
  it('leave out a type weighing 0, also as the stand-in for a type that finds nothing to aim at', () => {
    const hs = fc.sample(orderHistoryArb({ weights: { ImposeObligation: 0 } }), {
      seed: ORDER_SEED,
      numRuns: 50,
    });
    expect(typesOf(hs).has('ImposeObligation')).toBe(false);
    expect(typesOf(hs).size).toBeGreaterThan(5);
  });

  it('build only the types listed (the filing first, whatever its weight)', () => {
    const only = ['FileOrder', 'ImposeObligation', 'MakePayment'] as const;
    const hs = fc.sample(orderHistoryArb({ only }), { seed: ORDER_SEED, numRuns: 50 });
    expect([...typesOf(hs)].sort()).toEqual([...only].sort());
    const noEntry = fc.sample(orderHistoryArb({ weights: { EnterOrder: 0 } }), {
      seed: ORDER_SEED,
      numRuns: 30,
    });
    expect(typesOf(noEntry).has('EnterOrder')).toBe(false);
  });

  it('say so when the types left can never be built', () => {
    expect(() =>
      fc.sample(orderHistoryArb({ only: ['MakePayment'], badRatio: 0 }), {
        seed: ORDER_SEED,
        numRuns: 5,
      }),
    ).toThrow(/invalid commandFor options: weights: .*MakePayment finds nothing to aim at/);
  });
});

/** Every civil date in a value (the date part of instants too), found by shape. */
const datesIn = (x: unknown): string[] => {
  if (typeof x === 'string') return /^\d{4}-\d\d-\d\d(T|$)/.test(x) ? [x.slice(0, 10)] : [];
  if (Array.isArray(x)) return x.flatMap(datesIn);
  if (x !== null && typeof x === 'object') return Object.values(x).flatMap(datesIn);
  return [];
};

describe('date ranges', () => {
  it.each([
    { from: '2030-01-01', to: '2030-12-31' },
    { from: '2999-01-01', to: '2999-12-31' },
    { from: '2020-02-29', to: '2020-02-29' },
  ])('keep every date of every event type in %o, and every event valid', (range) => {
    for (const e of fc.sample(orderEventArb(undefined, range), {
      seed: ORDER_SEED,
      numRuns: 1500,
    })) {
      expect(OrderEvent.parse(e)).toEqual(e);
      for (const d of datesIn(e)) {
        expect(d >= range.from && d <= range.to, `${e.type}: ${d}`).toBe(true);
      }
    }
  });

  it('keep a recurring schedule’s end in the range', () => {
    const range = { from: '2030-01-01', to: '2030-03-31' };
    for (const s of fc.sample(scheduleArb(range), { seed: ORDER_SEED, numRuns: 500 }))
      if (s.kind === 'recurring' && s.until !== undefined) expect(s.until <= range.to).toBe(true);
  });
});

/** The InvalidInput an option causes: its message, for matching. */
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    expect((e as InvalidInput).code).toBe('INVALID_INPUT');
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('bad options', () => {
  it.each<[string, () => unknown, RegExp]>([
    [
      'a range ending before the default start',
      () => civilDateArb({ to: '2005-01-01' }),
      /civilDateArb options: to: "2005-01-01" is not allowed: a date on or after 2011-01-01 \(the default from\)/,
    ],
    [
      'a date that does not exist',
      () => civilDateArb({ from: '2024-02-30' }),
      /civilDateArb options: from: "2024-02-30" is not allowed: a civil date/,
    ],
    [
      'more commands at least than at most',
      () => orderHistoryArb({ minCommands: 40 }),
      /orderHistoryArb options: minCommands: 40 is not allowed: at most maxCommands \(30, the default/,
    ],
    [
      'every weight 0',
      () => orderHistoryArb({ only: ['FileOrder'], weights: { FileOrder: 0 } }),
      /orderHistoryArb options: weights: .* at least one command type weighing more than 0/,
    ],
    [
      'a weight that is no whole number',
      () => commandIntentArb({ weights: { MakePayment: 0.5 } }),
      /weights\.MakePayment: 0\.5 is not allowed/,
    ],
    [
      'an unknown command type',
      () => commandIntentArb({ only: ['Pay' as never] }),
      /only\[0\]: "Pay" is not allowed: a command type/,
    ],
    [
      'an unknown role',
      () => actorArb(['judge' as ActorRole]),
      /actorArb options: roles\[0\]: "judge" is not allowed: a non-empty list of the roles regulator/,
    ],
    [
      'a share above 1',
      () => orderHistoryArb({ badRatio: 2 }),
      /badRatio: 2 is not allowed: a number from 0 to 1/,
    ],
    ['a negative share', () => orderHistoryArb({ backdate: 5 }), /backdate: 5 is not allowed/],
    ['an unknown event type', () => orderEventArb('Paid' as OrderEventType), /type: "Paid"/],
    ['a minimum above the maximum', () => moneyArb({ min: 5, max: 1 }), /moneyArb options: max: 1/],
    ['no history at all', () => orderHistoriesArb(0), /orderHistoriesArb options: count: 0/],
    ['a bad order id', () => orderHistoryArb({ orderId: 'a b' }), /orderId: "a b" is not allowed/],
  ])('%s', (_, f, message) => expect(refusal(f)).toMatch(message));
});

describe('types', () => {
  it('type an event arbitrary of one type as that type', () => {
    expectTypeOf(orderEventArb('PaymentMade')).toEqualTypeOf<
      fc.Arbitrary<OrderEventOf<'PaymentMade'>>
    >();
    expectTypeOf(orderEventArb()).toEqualTypeOf<fc.Arbitrary<OrderEvent>>();
    expectTypeOf(eventDataArbs()).toEqualTypeOf<DataArbs>();
    const [p] = fc.sample(orderEventArb('PaymentMade'), { seed: ORDER_SEED, numRuns: 1 });
    expect(p!.data.paymentId).toMatch(/^payment-/);
  });

  it('take a range whose bounds may be undefined (exactOptionalPropertyTypes)', () => {
    const maybe: { from?: string | undefined } = { from: undefined };
    const range: DateRange = { from: maybe.from, to: undefined };
    expect(fc.sample(civilDateArb(range), { seed: ORDER_SEED, numRuns: 1 })).toHaveLength(1);
  });
});

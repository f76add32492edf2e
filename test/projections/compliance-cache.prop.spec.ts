// The compliance projections memoise what they derive from an order's immutable state (occurrence
// series, indexes of its records). A memo must never change an answer: asked in any order, about
// any state of a fold, with any warning window, a warm answer equals the one computed cold from a
// fresh copy of the state (no object shared with anything asked before), and a frozen state's
// answers, asked twice, equal them too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../support/deep-freeze.js';
import {
  deadlinesOf,
  evolveOrder,
  initialOrderState,
  orderStatusOn,
  type OrderState,
} from '../../src/index.js';
import { asOfArb, fcParams, loggedHistoryArb, TIMEOUT, type LoggedHistory } from './support.js';

/** Every state of the fold, in order: consecutive states share the records an event left unchanged. */
const statesOf = (h: LoggedHistory): OrderState[] => {
  let s = initialOrderState();
  return h.events.map((e) => (s = evolveOrder(s, e)));
};

/** Questions about one history: from which state of its fold on (then every other state), on which date, with which warning window (undefined: the order's). */
const asksArb = (h: LoggedHistory) =>
  fc
    .array(
      fc.record({
        at: fc.nat({ max: h.events.length - 1 }),
        asOf: asOfArb(h),
        warningDays: fc.option(fc.nat({ max: 120 }), { nil: undefined }),
        withinDays: fc.nat({ max: 400 }),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((asks) => ({ h, asks }));

describe('compliance memos', () => {
  it(
    'status and deadlines with a warm cache equal those computed cold from a fresh copy of the state',
    () => {
      fc.assert(
        fc.property(loggedHistoryArb().chain(asksArb), ({ h, asks }) => {
          const states = statesOf(h);
          for (const { at, asOf, warningDays, withinDays } of asks) {
            const options = warningDays === undefined ? {} : { warningDays };
            for (let i = 0; i < states.length; i += 1) {
              // every state, starting from the one asked about
              const warm = states[(at + i) % states.length]!;
              const cold = (): OrderState => structuredClone(warm);
              expect(orderStatusOn(warm, asOf, options)).toEqual(
                orderStatusOn(cold(), asOf, options),
              );
              expect(deadlinesOf([warm], asOf, withinDays, options)).toEqual(
                deadlinesOf([cold()], asOf, withinDays, options),
              );
              // A frozen state (as the memory store freezes events) keeps its memos beside it.
              const frozen = deepFreeze(cold());
              const first = orderStatusOn(frozen, asOf, options);
              expect(orderStatusOn(frozen, asOf, options)).toEqual(first);
              expect(first).toEqual(orderStatusOn(cold(), asOf, options));
            }
          }
        }),
        fcParams(100),
      );
    },
    TIMEOUT,
  );
});

// The order's term, day counting and evidence record on a date (design.md 6.1): every change
// effective on or before it applies in effective-date order, recorded order within a day; before
// any change is effective, the filing's own terms. The oracle answers field by field: the value of
// the latest change (by effective date, then recording) that sets it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DAY_COUNTING,
  initialOrderState,
  latestOrderTerms,
  orderTermsOn,
  type OrderFacts,
  type OrderTerms,
  type OrderTermsChange,
} from '../../../domain/index.js';
import { orderFcParams } from '../../support/fc-params.js';

const day = fc.integer({ min: 1, max: 9 }).map((d) => `2024-03-${String(d).padStart(2, '0')}`);

const changeArb: fc.Arbitrary<OrderTermsChange> = fc.record(
  {
    on: day,
    eventId: fc.uuid(),
    termEndsOn: day.map((d) => d.replace('2024', '2044')),
    counting: fc.record({ rollForward: fc.boolean() }),
    evidenceRecord: fc.constantFrom('complete' as const, 'partial' as const),
  },
  { requiredKeys: ['on', 'eventId'] },
) as fc.Arbitrary<OrderTermsChange>;

/** Field by field, the value set by the latest change effective by `date` (every change when undefined). */
const oracle = (changes: readonly OrderTermsChange[], date?: string): OrderTerms => {
  const latest = <K extends keyof OrderTerms>(k: K): OrderTerms[K] | undefined => {
    let best: { on: string; at: number; value: OrderTerms[K] } | undefined;
    changes.forEach((c, at) => {
      const value = (c as Partial<OrderTerms>)[k];
      if (value === undefined || (date !== undefined && c.on > date)) return;
      if (!best || c.on > best.on || (c.on === best.on && at > best.at))
        best = { on: c.on, at, value: value as OrderTerms[K] };
    });
    return best?.value;
  };
  return {
    termEndsOn: latest('termEndsOn'),
    counting: latest('counting') ?? DEFAULT_DAY_COUNTING,
    evidenceRecord: latest('evidenceRecord'),
  };
};

const factsWith = (terms: readonly OrderTermsChange[]): OrderFacts => ({
  ...initialOrderState(),
  terms,
});

describe('the order terms in effect', () => {
  it('applies every change effective by the date, the latest effective (then recorded) last', () => {
    let before = 0;
    let sameDay = 0;
    fc.assert(
      fc.property(fc.array(changeArb, { minLength: 1, maxLength: 6 }), day, (terms, date) => {
        const s = factsWith(terms);
        const effective = terms.some((t) => t.on <= date);
        if (!effective) before++;
        if (new Set(terms.map((t) => t.on)).size < terms.length) sameDay++;
        // Before any change is effective: the filing's own terms (the first recorded).
        const expected = effective ? oracle(terms, date) : oracle(terms.slice(0, 1));
        expect(orderTermsOn(s, date)).toEqual(expected);
        expect(latestOrderTerms(s)).toEqual(oracle(terms));
        // Asked again: the same answer.
        expect(orderTermsOn(s, date)).toEqual(expected);
      }),
      orderFcParams(),
    );
    expect(before).toBeGreaterThan(5);
    expect(sameDay).toBeGreaterThan(20); // recorded order within a day is exercised
  });
});

// Laws of accrued exposure and of the legal calendar (design.md 5 and 6.4), over reachable order histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countingFor,
  exposureOf,
  isOpen,
  orderStatusOn,
  ruleOf,
  type CalendarDate,
  type Exposure,
  type OrderState,
} from '../../src/index.js';
import { asOfArb, fcParams, loggedHistoryArb, TIMEOUT } from './support.js';

const keyOf = (r: Exposure) =>
  `${r.occurrenceId}|${r.cause}|${r.violationId ?? ''}|${r.basis}|${r.cause === 'late' ? (r.since ?? '') : ''}`;

/** Histories where the law holds without exception: no vacatur, no retroactive waiver, no waiver that releases what accrued. */
const plain = (s: OrderState) =>
  s.terminated?.kind !== 'vacated' &&
  !s.live.some(
    (e) =>
      e.type === 'ObligationWaived' &&
      (e.data.retroactive === true || e.data.releasesAccrued === true),
  );

/** A row accrued on an earlier date, seen again later: still there (unless paid off), never smaller. */
const stillAccrued = (
  k: string,
  d: CalendarDate,
  before: Exposure,
  after: Exposure | undefined,
): void => {
  // Money owed can be paid: an unpaid row without interest goes once the principal is paid; nothing else ever goes.
  const paidOff = before.basis === 'unpaid' && before.interest?.amountMinor === 0;
  expect([k, d, after !== undefined || paidOff]).toEqual([k, d, true]);
  if (!after) return;
  expect(after.days).toBeGreaterThanOrEqual(before.days);
  if (before.basis === 'stipulated')
    expect(after.amount!.amountMinor).toBeGreaterThanOrEqual(before.amount!.amountMinor);
  if (before.basis === 'unpaid')
    expect(after.interest!.amountMinor).toBeGreaterThanOrEqual(before.interest!.amountMinor);
  if (
    before.basis === 'statutory' &&
    after.daysCounted === after.days &&
    before.rate &&
    after.rate
  ) {
    expect(after.amount!.amountMinor).toBeGreaterThanOrEqual(before.amount!.amountMinor);
  }
};

describe('accrued exposure', () => {
  const arb = loggedHistoryArb().chain((h) =>
    fc.tuple(fc.constant(h), fc.uniqueArray(asOfArb(h), { minLength: 2, maxLength: 5 })),
  );

  it(
    'never decreases as the date asked grows (no retraction is learned: the state is fixed): no row vanishes but unpaid money once paid, days accrued never fall, penalty amounts never fall except statutory days leaving the five-year window, interest never falls',
    () => {
      let compared = 0;
      fc.assert(
        fc.property(arb, ([h, dates]) => {
          if (!plain(h.state)) return;
          const ds = [...dates].sort();
          const rows = ds.map((d) => new Map(exposureOf(h.state, d).map((r) => [keyOf(r), r])));
          for (let i = 1; i < ds.length; i++) {
            for (const [k, before] of rows[i - 1]!) {
              compared += 1;
              stillAccrued(k, ds[i]!, before, rows[i]!.get(k));
            }
          }
        }),
        fcParams(80),
      );
      expect(compared).toBeGreaterThan(30); // rows exist on most histories and are compared across dates
    },
    TIMEOUT,
  );

  it(
    "counts no day after the date asked, none after the order's end but unpaid money, and, at the statutory ceiling, none older than five years",
    () => {
      let rows = 0;
      fc.assert(
        fc.property(arb, ([h, dates]) => {
          for (const d of dates) {
            const a = orderStatusOn(h.state, d);
            for (const r of exposureOf(h.state, d)) {
              rows += 1;
              expect(r.through === undefined || r.through <= d).toBe(true);
              if (a.endedOn !== undefined && r.basis !== 'unpaid')
                expect(r.through! < a.endedOn || h.state.terminated?.on === r.through).toBe(true);
              if (r.basis === 'statutory')
                expect(r.daysCounted).toBeLessThanOrEqual(Math.min(r.days, 5 * 366));
            }
          }
        }),
        fcParams(80),
      );
      expect(rows).toBeGreaterThan(30);
    },
    TIMEOUT,
  );
});

describe('the legal calendar on reachable histories', () => {
  const arb = loggedHistoryArb().chain((h) =>
    fc.tuple(fc.constant(h), fc.array(asOfArb(h), { minLength: 1, maxLength: 4 })),
  );

  it(
    'under frcp6 no deadline lands on a weekend, a federal holiday, an executive-order closure or a day the order declared closed',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arb, ([h, dates]) => {
          for (const d of dates as CalendarDate[]) {
            for (const o of orderStatusOn(h.state, d).occurrences) {
              const counting = countingFor(h.state, o.nominalDueOn, d);
              if (o.key === 'ongoing' || ruleOf(counting) !== 'frcp6') continue;
              checked += 1;
              expect([o.id, d, o.dueOn, isOpen(o.dueOn, counting)]).toEqual([
                o.id,
                d,
                o.dueOn,
                true,
              ]);
            }
          }
        }),
        fcParams(80),
      );
      expect(checked).toBeGreaterThan(100);
    },
    TIMEOUT,
  );
});

// Laws of the change feed (issue 19), over reachable order histories: the feed over [a, c) is the
// feed over [a, b) followed by the feed over [b, c); every change agrees with the status the day
// before and the day of. Fixed seed by default (DECREE_DEEP: random, printed); fast-check prints
// the seed and the shrunk counterexample on failure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  changesOf,
  orderStatusOn,
  type CalendarDate,
  type OrderState,
  type StatusChange,
} from '../../src/index.js';
import { orderHistoryArb, type OrderHistory } from '../../src/testing/index.js';
import { asOfArb, fcParams, TIMEOUT } from './support.js';

/** A history and three dates a ≤ b ≤ c near what happened in it. */
const rangesArb = orderHistoryArb({ minCommands: 3, maxCommands: 30 })
  .filter((h) => h.events.length > 0)
  .chain((h: OrderHistory) =>
    fc
      .tuple(asOfArb(h), fc.nat({ max: 500 }), fc.nat({ max: 500 }))
      .map(([a, x, y]) => ({ h, a, b: addDays(a, x), c: addDays(a, x + y) })),
  );

/** The status of a change's subject on a date: the order's, or the occurrence's (`absent` when not listed). */
const statusOn = (s: OrderState, c: StatusChange, on: CalendarDate): string => {
  const answer = orderStatusOn(s, on);
  if (c.subject === 'order') return answer.status;
  return answer.occurrences.find((o) => o.id === c.occurrenceId)?.status ?? 'absent';
};

/** An occurrence's title on a date, when it is listed then. */
const titleOn = (s: OrderState, c: StatusChange, on: CalendarDate): string | undefined =>
  orderStatusOn(s, on).occurrences.find((o) => o.id === c.occurrenceId)?.title;

describe('the change feed', () => {
  it(
    'over [a, c) equals the feed over [a, b) followed by the feed over [b, c)',
    () => {
      let nonEmpty = 0;
      let runs = 0;
      fc.assert(
        fc.property(rangesArb, ({ h, a, b, c }) => {
          runs += 1;
          const whole = changesOf([h.state], a, c);
          if (whole.length > 0) nonEmpty += 1;
          expect(whole).toEqual([...changesOf([h.state], a, b), ...changesOf([h.state], b, c)]);
        }),
        fcParams(60),
      );
      // The law must bite: most runs see changes to split.
      expect(nonEmpty / runs).toBeGreaterThan(0.5);
    },
    TIMEOUT,
  );

  it(
    'agrees with status the day before and the day of every change, which falls in the range',
    () => {
      let checked = 0;
      let runs = 0;
      fc.assert(
        fc.property(rangesArb, ({ h, a, c }) => {
          runs += 1;
          const feed = changesOf([h.state], a, c);
          if (feed.length > 0) checked += 1;
          for (const ch of feed) {
            expect(ch.on >= a && ch.on < c).toBe(true);
            expect(ch.from).not.toBe(ch.to);
            expect(statusOn(h.state, ch, addDays(ch.on, -1)), `${ch.on} from`).toBe(ch.from);
            expect(statusOn(h.state, ch, ch.on), `${ch.on} to`).toBe(ch.to);
            expect(ch.because.length, `${ch.on} because`).toBeGreaterThan(0);
            // Titled as listed that day, or as last listed when it no longer is.
            if (ch.subject === 'occurrence')
              expect(ch.title, `${ch.on} title`).toBe(
                titleOn(h.state, ch, ch.to === 'absent' ? addDays(ch.on, -1) : ch.on),
              );
          }
          const dates = feed.map((x) => x.on);
          expect(dates).toEqual([...dates].sort());
        }),
        fcParams(60),
      );
      expect(checked / runs).toBeGreaterThan(0.5);
    },
    TIMEOUT,
  );

  it(
    'misses no change: on every day of a 120-day range, a status that differs from the day before is in the feed',
    () => {
      let seen = 0;
      fc.assert(
        fc.property(rangesArb, ({ h, a }) => {
          const c = addDays(a, 120);
          const keys = new Set(
            changesOf([h.state], a, c).map((x) => `${x.on} ${x.occurrenceId ?? 'order'}`),
          );
          let prev = orderStatusOn(h.state, addDays(a, -1));
          for (let d = a; d < c; d = addDays(d, 1)) {
            const now = orderStatusOn(h.state, d);
            if (now.status !== prev.status) expect(keys.has(`${d} order`), d).toBe(true);
            const before = new Map(prev.occurrences.map((o) => [o.id, o.status]));
            for (const o of now.occurrences)
              if ((before.get(o.id) ?? 'absent') !== o.status) {
                seen += 1;
                expect(keys.has(`${d} ${o.id}`), `${d} ${o.id}`).toBe(true);
              }
            prev = now;
          }
        }),
        fcParams(25),
      );
      expect(seen).toBeGreaterThan(10);
    },
    TIMEOUT,
  );
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  deadline,
  eachDay,
  EXECUTIVE_CLOSURES,
  executiveClosureOn,
  isBusinessDay,
  isFederalHoliday,
  isWeekend,
  rollForward,
} from '../../../domain/calendar/index.js';
import { dateFrom, fcParams } from './support.js';

const anyDate = dateFrom('1990-01-01', 365 * 70);

describe('roll-forward laws', () => {
  it('the rolled date is the first business day on or after the nominal (no weekend, federal holiday or executive-order closure), at most 5 days later', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyDate, fc.constantFrom(...EXECUTIVE_CLOSURES.map((c) => c.date))),
        (nominal) => {
          const rolled = rollForward(nominal);
          expect(
            isWeekend(rolled) ||
              isFederalHoliday(rolled) ||
              executiveClosureOn(rolled) !== undefined,
          ).toBe(false);
          const shift = daysBetween(nominal, rolled);
          expect(shift).toBeGreaterThanOrEqual(0);
          expect(shift).toBeLessThanOrEqual(5); // 2025-12-24 (closure), 25 (Christmas), 26 (closure), 27-28 (weekend): Monday 12-29
          for (const day of eachDay(nominal, addDays(rolled, -1)))
            expect(isBusinessDay(day)).toBe(false);
        },
      ),
      fcParams(20_221_122),
    );
  });

  it('rolling is idempotent and turned off it changes nothing', () => {
    fc.assert(
      fc.property(anyDate, (nominal) => {
        expect(rollForward(rollForward(nominal))).toBe(rollForward(nominal));
        expect(deadline(nominal, { rollForward: false })).toBe(nominal);
      }),
      fcParams(20_211_231),
    );
  });
});

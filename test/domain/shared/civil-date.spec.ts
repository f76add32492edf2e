import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { isRealDate } from '../../../domain/shared/civil-date.js';
import { CalendarDate } from '../../../domain/shared/primitives.js';

const byTemporal = (s: string): boolean => {
  try {
    Temporal.PlainDate.from(s, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const text = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

describe('isRealDate (arithmetic) agrees with Temporal', () => {
  it('on every month 00-13 and day 00-32 of every year 1800-2999', () => {
    const disagree: string[] = [];
    for (let y = 1800; y <= 2999; y++) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = text(y, m, d);
          if (isRealDate(s) !== byTemporal(s)) disagree.push(s);
        }
      }
    }
    expect(disagree).toEqual([]);
  });

  it('on any YYYY-MM-DD digits, years 0000-9999', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
      const s = text(y, m, d);
      expect(isRealDate(s)).toBe(byTemporal(s));
    }), { numRuns: 20_000 });
  });

  it('leaves CalendarDate answering as before at the edges', () => {
    expect(CalendarDate.safeParse('2024-02-29').success).toBe(true);
    expect(CalendarDate.safeParse('2023-02-29').success).toBe(false);
    expect(CalendarDate.safeParse('1900-02-29').success).toBe(false);
    expect(CalendarDate.safeParse('2000-02-29').success).toBe(true);
    expect(CalendarDate.safeParse('2022-04-31').success).toBe(false);
    expect(CalendarDate.safeParse('2022-13-01').success).toBe(false);
    expect(CalendarDate.safeParse('2022-00-10').success).toBe(false);
    expect(CalendarDate.safeParse('2022-01-00').success).toBe(false);
    expect(CalendarDate.safeParse('1799-12-31').success).toBe(false);
  });
});

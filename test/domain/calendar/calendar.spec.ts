import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addOffset,
  compareDates,
  dayOfWeek,
  daysBetween,
  eachDay,
  fromPlainDate,
  isWeekend,
  maxDate,
  minDate,
} from '../../../domain/calendar/index.js';
import { CalendarDate } from '../../../domain/shared/primitives.js';
import { d } from './support.js';

describe('civil-date arithmetic', () => {
  it('adds days across month, year and leap-day boundaries, and backwards', () => {
    expect(addDays(d('2022-05-26'), 180)).toBe('2022-11-22');
    expect(addDays(d('2021-12-31'), 1)).toBe('2022-01-01');
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2023-03-01'), -1)).toBe('2023-02-28');
  });

  it('adds months and years constrained to the end of a shorter month', () => {
    expect(addOffset(d('2023-01-31'), { months: 1 })).toBe('2023-02-28');
    expect(addOffset(d('2024-01-31'), { months: 1 })).toBe('2024-02-29');
    expect(addOffset(d('2023-01-31'), { months: 3 })).toBe('2023-04-30');
    expect(addOffset(d('2024-02-29'), { years: 1 })).toBe('2025-02-28');
    expect(addOffset(d('2024-02-29'), { years: 4 })).toBe('2028-02-29');
    expect(addOffset(d('2022-05-26'), { days: 30 })).toBe('2022-06-25');
    expect(addOffset(d('2022-05-26'), { months: 0 })).toBe('2022-05-26');
  });

  it('counts signed days between dates, unmoved by daylight-saving changes', () => {
    expect(daysBetween(d('2022-05-26'), d('2022-11-22'))).toBe(180);
    expect(daysBetween(d('2022-11-22'), d('2022-05-26'))).toBe(-180);
    expect(daysBetween(d('2022-03-13'), d('2022-03-14'))).toBe(1);
    expect(daysBetween(d('2022-11-06'), d('2022-11-06'))).toBe(0);
    expect(daysBetween(d('2023-01-01'), d('2024-01-01'))).toBe(365);
  });

  it('compares dates and picks the latest and earliest', () => {
    expect(compareDates(d('2022-01-02'), d('2022-01-10'))).toBe(-1);
    expect(compareDates(d('2022-01-10'), d('2022-01-10'))).toBe(0);
    expect(compareDates(d('2023-01-01'), d('2022-12-31'))).toBe(1);
    expect(maxDate(d('2022-01-02'), d('2023-01-01'), d('2022-12-31'))).toBe('2023-01-01');
    expect(minDate(d('2022-01-02'), d('2021-01-01'), d('2022-12-31'))).toBe('2021-01-01');
    expect(maxDate(d('2022-01-02'))).toBe('2022-01-02');
  });

  it('knows the day of the week and weekends', () => {
    expect(dayOfWeek(d('2022-11-22'))).toBe(2); // Tuesday
    expect(dayOfWeek(d('2022-11-27'))).toBe(7); // Sunday
    expect(isWeekend(d('2022-11-26'))).toBe(true);
    expect(isWeekend(d('2022-11-27'))).toBe(true);
    expect(isWeekend(d('2022-11-28'))).toBe(false);
  });

  it('walks every day of a range, both ends included', () => {
    expect([...eachDay(d('2024-02-27'), d('2024-03-01'))]).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect([...eachDay(d('2024-02-27'), d('2024-02-27'))]).toEqual(['2024-02-27']);
    expect([...eachDay(d('2024-02-27'), d('2024-02-26'))]).toEqual([]);
    expect([...eachDay(d('2021-01-01'), d('2023-12-31'))]).toHaveLength(365 * 3);
  });

  it('refuses to write a date outside four-digit years', () => {
    expect(() => fromPlainDate(Temporal.PlainDate.from('+010000-01-01'))).toThrow(RangeError);
    expect(() => addDays('9999-12-31' as CalendarDate, 1)).toThrow(RangeError);
  });

  it('accepts civil dates only within the years its legal calendar covers (1800 to 2999)', () => {
    expect(CalendarDate.safeParse('2999-12-31').success).toBe(true);
    expect(CalendarDate.safeParse('1800-01-01').success).toBe(true);
    expect(CalendarDate.safeParse('3000-01-01').error?.issues[0]?.message).toMatch(
      /outside the years 1800 to 2999/,
    );
    expect(CalendarDate.safeParse('1799-12-31').success).toBe(false);
  });
});

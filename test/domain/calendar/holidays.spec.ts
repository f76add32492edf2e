import { describe, expect, it } from 'vitest';
import {
  dayOfWeek,
  isFederalHoliday,
  observedFederalHolidays,
} from '../../../domain/calendar/index.js';
import { d } from './support.js';

describe('observed federal holidays', () => {
  it('lists 2022 as observed, New Year 2022 falling in 2021', () => {
    expect(observedFederalHolidays(2022)).toEqual([
      '2022-01-17',
      '2022-02-21',
      '2022-05-30',
      '2022-06-20',
      '2022-07-04',
      '2022-09-05',
      '2022-10-10',
      '2022-11-11',
      '2022-11-24',
      '2022-12-26',
    ]);
    expect(observedFederalHolidays(2021)).toContain('2021-12-31');
    expect(observedFederalHolidays(2021)).toContain('2021-01-01');
    expect(isFederalHoliday(d('2021-12-31'))).toBe(true);
    expect(isFederalHoliday(d('2022-01-01'))).toBe(false);
  });

  it('observes New Year 2028 (a Saturday) on Friday 2027-12-31 and New Year 2023 (a Sunday) on Monday', () => {
    expect(isFederalHoliday(d('2027-12-31'))).toBe(true);
    expect(isFederalHoliday(d('2023-01-02'))).toBe(true);
    expect(isFederalHoliday(d('2023-01-01'))).toBe(false);
  });

  it('counts Juneteenth only from 2021', () => {
    expect(isFederalHoliday(d('2020-06-19'))).toBe(false);
    expect(isFederalHoliday(d('2021-06-18'))).toBe(true);
    expect(isFederalHoliday(d('2022-06-20'))).toBe(true);
  });

  it('does not count Inauguration Day', () => {
    expect(isFederalHoliday(d('2021-01-20'))).toBe(false);
    expect(isFederalHoliday(d('2017-01-20'))).toBe(false);
  });

  it('observes every holiday on a weekday inside its year, and caches each year', () => {
    for (let year = 1990; year <= 2060; year += 1) {
      const list = observedFederalHolidays(year);
      expect(list.length).toBeGreaterThanOrEqual(9);
      for (const day of list) {
        expect(day.startsWith(`${year}-`)).toBe(true);
        expect(dayOfWeek(day)).toBeLessThanOrEqual(5);
      }
      expect(observedFederalHolidays(year)).toBe(list);
      expect(Object.isFrozen(list)).toBe(true);
    }
  });
});

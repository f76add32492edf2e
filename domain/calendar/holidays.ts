import federalHolidays from '@18f/us-federal-holidays';
import { Temporal } from 'temporal-polyfill';
import type { CalendarDate } from '../shared/primitives.js';
import { fromPlainDate, toPlainDate, yearOf } from './calendar.js';

/**
 * The one boundary with the holiday library, which speaks JavaScript `Date`. We never hand it a
 * `Date` and never read the `date` it returns (a local midnight, which in `Pacific/Kiritimati`
 * is the previous day in UTC); we read only `dateString`, the civil `YYYY-MM-DD` it formats in
 * the same local frame it computed in, so no time zone can move it. (`{ utc: true }` exists only
 * for `isAHoliday`, which takes a `Date`; `allForYear` takes a year number and needs no zone.)
 * Version 4 lists no Inauguration Day; the name filter keeps it out should a later version add it
 * (it is a holiday only for employees in the Washington, D.C. area, not a day courts close).
 */
const libraryHolidaysOf = (year: number): readonly CalendarDate[] =>
  federalHolidays
    .allForYear(year, { shiftSaturdayHolidays: true, shiftSundayHolidays: true })
    .filter((h) => !/inaugurat/i.test(h.name))
    .map((h) => fromPlainDate(Temporal.PlainDate.from(h.dateString)));

const cache = new Map<number, readonly CalendarDate[]>();

/**
 * The observed federal holidays that fall within calendar year `year`, sorted. A holiday of
 * `year + 1` can be observed in `year` (New Year's Day 2022, a Saturday, was observed Friday
 * 2021-12-31), and one of `year` can be observed in `year - 1`, so both lists are read and
 * filtered by the observed date's year. Cached per year; the result is frozen.
 */
export const observedFederalHolidays = (year: number): readonly CalendarDate[] => {
  const cached = cache.get(year);
  if (cached !== undefined) return cached;
  const observed = [...libraryHolidaysOf(year), ...libraryHolidaysOf(year + 1)]
    .filter((d) => toPlainDate(d).year === year)
    .sort();
  const frozen = Object.freeze([...new Set(observed)]);
  cache.set(year, frozen);
  return frozen;
};

/** Whether a date is an observed US federal holiday (OPM's list, weekend holidays shifted). */
export const isFederalHoliday = (date: CalendarDate): boolean => holidaySet(yearOf(date)).has(date);

const sets = new Map<number, ReadonlySet<string>>();
const holidaySet = (year: number): ReadonlySet<string> =>
  sets.get(year) ?? sets.set(year, new Set(observedFederalHolidays(year))).get(year)!;

const names = new Map<number, ReadonlyMap<string, string>>();

/** The name of the observed federal holiday on `date` ("Memorial Day"), if it is one. */
export const federalHolidayName = (date: CalendarDate): string | undefined => {
  const year = yearOf(date);
  let byDate = names.get(year);
  if (!byDate) {
    const m = new Map<string, string>();
    for (const y of [year, year + 1]) {
      for (const h of federalHolidays.allForYear(y, {
        shiftSaturdayHolidays: true,
        shiftSundayHolidays: true,
      })) {
        if (!/inaugurat/i.test(h.name) && !m.has(h.dateString))
          m.set(fromPlainDate(Temporal.PlainDate.from(h.dateString)), h.name);
      }
    }
    names.set(year, (byDate = m));
  }
  return byDate.get(date);
};

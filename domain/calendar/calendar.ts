import { Temporal } from 'temporal-polyfill';
import type { CalendarDate } from '../shared/primitives.js';
import type { Offset } from '../schedule/schedule.schema.js';
import { memo } from './memo.js';
import {
  addMonthsParts,
  civilOfEpochDay,
  DATE_PATTERN,
  dateParts,
  epochDayOf,
  formatDate,
  isRealDate,
  plainEpochDay,
} from '../shared/civil-date.js';

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export type DayOfWeek = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const plainDate = memo((date) => Temporal.PlainDate.from(date));

/** The Temporal civil date a `CalendarDate` names (no time, no zone); immutable, so shared from a cache. */
export const toPlainDate = (date: CalendarDate): Temporal.PlainDate => plainDate(date);

const EPOCH = Temporal.PlainDate.from('1970-01-01');
const slowEpochDay = memo((date) => EPOCH.until(plainDate(date), { largestUnit: 'days' }).days);

/** Whether `date` is a real `YYYY-MM-DD` date, the only text the arithmetic paths below take (anything else goes to Temporal). */
const plain = (date: string): boolean => DATE_PATTERN.test(date) && isRealDate(date);

const epochDay = (date: string): number => {
  const days = plainEpochDay(date);
  return Number.isNaN(days) ? slowEpochDay(date) : days;
};

/** The text of a computed date, or undefined outside years 0000-9999 (Temporal then says why). */
const text = (p: {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}): CalendarDate | undefined =>
  p.year >= 0 && p.year <= 9999 ? (formatDate(p.year, p.month, p.day) as CalendarDate) : undefined;

/** `date + offset` by arithmetic when the offset is one whole amount of days, months or years; else undefined. */
const fastOffset = (date: CalendarDate, offset: Offset): CalendarDate | undefined => {
  if (!plain(date)) return undefined;
  let unit: string | undefined;
  let amount: unknown;
  let keys = 0;
  for (const k in offset) {
    keys += 1;
    unit = k;
    amount = (offset as Record<string, unknown>)[k];
  }
  if (keys !== 1 || typeof amount !== 'number' || !Number.isSafeInteger(amount)) return undefined;
  const { year, month, day } = dateParts(date);
  if (unit === 'days') return text(civilOfEpochDay(epochDayOf(year, month, day) + amount));
  if (unit === 'months' || unit === 'years')
    return text(addMonthsParts(year, month, day, unit === 'years' ? amount * 12 : amount));
  return undefined;
};

const slowOffset = (date: CalendarDate, offset: Offset): CalendarDate =>
  fromPlainDate(toPlainDate(date).add(offset, { overflow: 'constrain' }));

/** The `CalendarDate` of a Temporal civil date; throws RangeError outside years 0000–9999. */
export const fromPlainDate = (plain: Temporal.PlainDate): CalendarDate => {
  const text = plain.toString();
  // Outside four-digit years Temporal writes `+010000-01-01`, which is no `YYYY-MM-DD`.
  if (text.length !== 10)
    throw new RangeError(`${text} is outside the years a CalendarDate can name`);
  return text as CalendarDate;
};

/** `date` plus `days` calendar days (negative to go back). */
export const addDays = (date: CalendarDate, days: number): CalendarDate => {
  const from = plainEpochDay(date);
  const to =
    Number.isNaN(from) || !Number.isSafeInteger(days)
      ? undefined
      : text(civilOfEpochDay(from + days));
  return to ?? addOffset(date, { days });
};

/**
 * `date` plus a period of days, months or years. Months and years constrain to the end of a
 * shorter month: 2023-01-31 + 1 month = 2023-02-28, 2024-02-29 + 1 year = 2025-02-28.
 */
export const addOffset = (date: CalendarDate, offset: Offset): CalendarDate =>
  fastOffset(date, offset) ?? slowOffset(date, offset);

/** The signed number of days from `a` to `b` (b − a): positive when `b` is later. */
export const daysBetween = (a: CalendarDate, b: CalendarDate): number => epochDay(b) - epochDay(a);

/** Orders two dates: −1 when `a` is earlier, 0 when equal, 1 when later (usable with `sort`). */
export const compareDates = (a: CalendarDate, b: CalendarDate): -1 | 0 | 1 =>
  a < b ? -1 : a > b ? 1 : 0; // YYYY-MM-DD sorts as text

/** The latest of one or more dates. */
export const maxDate = (first: CalendarDate, ...rest: readonly CalendarDate[]): CalendarDate =>
  rest.reduce((acc, d) => (compareDates(d, acc) > 0 ? d : acc), first);

/** The earliest of one or more dates. */
export const minDate = (first: CalendarDate, ...rest: readonly CalendarDate[]): CalendarDate =>
  rest.reduce((acc, d) => (compareDates(d, acc) < 0 ? d : acc), first);

/** The ISO day of the week of a date (1 = Monday … 7 = Sunday). */
export const dayOfWeek = (date: CalendarDate): DayOfWeek => {
  const days = plainEpochDay(date); // 1970-01-01 was a Thursday (4)
  if (Number.isNaN(days)) return toPlainDate(date).dayOfWeek as DayOfWeek;
  return (((((days + 3) % 7) + 7) % 7) + 1) as DayOfWeek;
};

/** The year of a date (Temporal's answer for text that is no plain `YYYY-MM-DD` date). */
export const yearOf = (date: CalendarDate): number =>
  plain(date) ? dateParts(date).year : toPlainDate(date).year;

/** Whether a date is a Saturday or a Sunday. */
export const isWeekend = (date: CalendarDate): boolean => dayOfWeek(date) >= 6;

/** Every date from `from` to `to`, both included, in order; nothing when `to` is before `from`. */
export function* eachDay(
  from: CalendarDate,
  to: CalendarDate,
): Generator<CalendarDate, void, undefined> {
  const last = toPlainDate(to);
  for (
    let day = toPlainDate(from);
    Temporal.PlainDate.compare(day, last) <= 0;
    day = day.add({ days: 1 })
  ) {
    yield fromPlainDate(day);
  }
}

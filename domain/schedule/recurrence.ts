import { Temporal } from 'temporal-polyfill';
import { addOffset, compareDates, fromPlainDate, minDate, toPlainDate } from '../calendar/calendar.js';
import { CalendarDate } from '../shared/primitives.js';
import type { Every, RecurrenceStart } from './schedule.schema.js';
import { memo } from '../calendar/memo.js';

/** The last year a `CalendarDate` can name; an open-ended recurrence stops before it. */
const LAST_YEAR = 9999;

/** The first nominal date of a recurrence; undefined when it counts from an entry not yet made. */
export const recurrenceStart = (start: RecurrenceStart, enteredOn: CalendarDate | undefined): CalendarDate | undefined => {
  if ('on' in start) return start.on;
  return enteredOn === undefined ? undefined : addOffset(enteredOn, start.afterEntry);
};

/** The earliest of the dates given, skipping undefined ones; undefined when none is given. */
export const earliestDefined = (...dates: readonly (CalendarDate | undefined)[]): CalendarDate | undefined => {
  const defined = dates.filter((d): d is CalendarDate => d !== undefined);
  const [first, ...rest] = defined;
  return first === undefined ? undefined : minDate(first, ...rest);
};

const monthsPerStep = (every: Every): number => ('months' in every ? every.months : every.years * 12);
// `first + n·every` as a whole number of months (a year is 12 months under 'constrain' too),
// memoised: a replay asks for the same recurrences over and over.
const monthsAfter = memo((key) => {
  const [first = '', months = '0'] = key.split('|');
  return toPlainDate(first as CalendarDate).add({ months: Number(months) }, { overflow: 'constrain' });
});
const nth = (first: CalendarDate, every: Every, n: number): Temporal.PlainDate => monthsAfter(`${first}|${monthsPerStep(every) * n}`);

/**
 * The nominal dates of a recurrence, lazily, in strictly increasing order, up to `last` (inclusive)
 * when given. The n-th date is `first + n·every`, computed from the first date and not chained
 * from the previous one, so a month-end start stays at month-end where the month allows: monthly
 * from January 31 gives Feb 28 (29 in a leap year), Mar 31, Apr 30, May 31…, never drifting to the 28th.
 */
export function* recurrenceDates(
  first: CalendarDate,
  every: Every,
  last?: CalendarDate,
): Generator<CalendarDate, void, undefined> {
  const end = last === undefined ? undefined : toPlainDate(last);
  for (let n = 0; ; n += 1) {
    const date = nth(first, every, n);
    if (date.year > LAST_YEAR || (end !== undefined && Temporal.PlainDate.compare(date, end) > 0)) return;
    yield fromPlainDate(date);
  }
}

/** Whether `key` is one of the recurrence's nominal dates (`first + n·every`, no later than `last`). */
export const isRecurrenceDate = (
  key: string,
  first: CalendarDate,
  every: Every,
  last: CalendarDate | undefined,
): boolean => {
  const parsed = CalendarDate.safeParse(key);
  if (!parsed.success) return false;
  const date = parsed.data;
  if (compareDates(date, first) < 0 || (last !== undefined && compareDates(date, last) > 0)) return false;
  const a = toPlainDate(first);
  const b = toPlainDate(date);
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  const step = monthsPerStep(every);
  // Constraining only ever moves the day within its month, so the month fixes n; the day must then match.
  return months % step === 0 && nth(first, every, months / step).equals(b);
};

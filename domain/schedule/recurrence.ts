import { addOffset, compareDates, minDate } from '../calendar/calendar.js';
import {
  addMonthsParts,
  dateParts,
  daysInMonth,
  formatDate,
  isCalendarDateText,
} from '../shared/civil-date.js';
import type { CalendarDate } from '../shared/primitives.js';
import type { Every, RecurrenceStart } from './schedule.schema.js';

/** The last year a `CalendarDate` can name; an open-ended recurrence stops before it. */
const LAST_YEAR = 9999;

/** The first nominal date of a recurrence; undefined when it counts from an entry not yet made. */
export const recurrenceStart = (
  start: RecurrenceStart,
  enteredOn: CalendarDate | undefined,
): CalendarDate | undefined => {
  if ('on' in start) return start.on;
  return enteredOn === undefined ? undefined : addOffset(enteredOn, start.afterEntry);
};

/** The earliest of the dates given, skipping undefined ones; undefined when none is given. */
export const earliestDefined = (
  ...dates: readonly (CalendarDate | undefined)[]
): CalendarDate | undefined => {
  const defined = dates.filter((d): d is CalendarDate => d !== undefined);
  const [first, ...rest] = defined;
  return first === undefined ? undefined : minDate(first, ...rest);
};

const monthsPerStep = (every: Every): number =>
  'months' in every ? every.months : every.years * 12;

/** Whether `key` is a `CalendarDate` (the schema's answer, without building its issues). */
const isCalendarDate = (key: string): key is CalendarDate => isCalendarDateText(key);

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
  // A year is 12 months under 'constrain' too; YYYY-MM-DD text sorts like the dates it names.
  const { year, month, day } = dateParts(first);
  const step = monthsPerStep(every);
  for (let n = 0; ; n += 1) {
    const next = addMonthsParts(year, month, day, step * n);
    if (next.year > LAST_YEAR) return;
    const date = formatDate(next.year, next.month, next.day) as CalendarDate;
    if (last !== undefined && date > last) return;
    yield date;
  }
}

/** Whether `key` is one of the recurrence's nominal dates (`first + n·every`, no later than `last`). */
export const isRecurrenceDate = (
  key: string,
  first: CalendarDate,
  every: Every,
  last: CalendarDate | undefined,
): boolean => {
  if (!isCalendarDate(key)) return false;
  if (compareDates(key, first) < 0 || (last !== undefined && compareDates(key, last) > 0))
    return false;
  const a = dateParts(first);
  const b = dateParts(key);
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  // Constraining only ever moves the day within its month, so the month fixes n; the day must then match.
  return (
    months % monthsPerStep(every) === 0 && b.day === Math.min(a.day, daysInMonth(b.year, b.month))
  );
};

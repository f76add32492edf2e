import type { CalendarDate } from '../shared/primitives.js';
import type { DayCounting } from '../schedule/schedule.schema.js';
import { addDays, isWeekend } from './calendar.js';
import { isFederalHoliday } from './holidays.js';
import { memo } from './memo.js';

/** Whether a date is a business day: neither a Saturday, a Sunday nor an observed federal holiday. */
export const isBusinessDay = (date: CalendarDate): boolean => !isWeekend(date) && !isFederalHoliday(date);

/**
 * The first business day on or after `date` (the date itself when it is one). Observed holidays
 * are weekdays and never two in a row, so the roll is short: a Saturday before a Monday holiday
 * rolls three days, to Tuesday.
 */
export const rollForward = (date: CalendarDate): CalendarDate => rolled(date) as CalendarDate;

const rolled = memo((date) => {
  let day = date as CalendarDate;
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return day;
});

/** The last business day on or before `date` (the date itself when it is one): FRCP 6(a)(5) for periods counted backward. */
export const rollBackward = (date: CalendarDate): CalendarDate => rolledBack(date) as CalendarDate;

const rolledBack = memo((date) => {
  let day = date as CalendarDate;
  while (!isBusinessDay(day)) day = addDays(day, -1);
  return day;
});

/**
 * The legal deadline for a nominal due date under an order's day counting: rolled to the next
 * business day when the order follows FRCP 6(a)(1)(C) (`rollForward`), else the nominal date. A
 * deadline counted `backward` from an event ("30 days before") rolls to the previous business day
 * instead (FRCP 6(a)(5)).
 */
export const deadline = (nominal: CalendarDate, counting: DayCounting, backward = false): CalendarDate =>
  counting.rollForward ? (backward ? rollBackward(nominal) : rollForward(nominal)) : nominal;

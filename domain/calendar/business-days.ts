import type { CalendarDate } from '../shared/primitives.js';
import type { DayCounting, DayCountingRule, Offset } from '../schedule/schedule.schema.js';
import { addDays, addOffset, isWeekend } from './calendar.js';
import { executiveClosureOn } from './closures.js';
import { isFederalHoliday } from './holidays.js';
import { memo } from './memo.js';

/**
 * Whether a date is a business day: neither a Saturday, a Sunday, an observed federal holiday nor a
 * day federal offices were closed by executive order (legal holidays under FRCP 6(a)(6)).
 */
export const isBusinessDay = (date: CalendarDate): boolean =>
  !isWeekend(date) && !isFederalHoliday(date) && executiveClosureOn(date) === undefined;

/** A day counting as it is applied: the rule, plus the days an order or a court declared closed. */
export interface Counting extends DayCounting {
  /** Days the court or office was closed, declared in the order (`ClosureDeclared`). */
  readonly closures?: ReadonlySet<string> | undefined;
}

/** The rule a day counting names: `frcp6` unless it says otherwise (`rollForward: false` is `calendar`). */
export const ruleOf = (counting: DayCounting): DayCountingRule =>
  counting.rule ?? (counting.rollForward === false ? 'calendar' : 'frcp6');

/** Whether the court or office is open on `date` under a counting's declared closures. */
export const isOpen = (date: CalendarDate, counting?: Counting): boolean =>
  isBusinessDay(date) && !(counting?.closures?.has(date) ?? false);

/**
 * The first business day on or after `date` (the date itself when it is one). Observed holidays
 * are weekdays and never two in a row, but executive-order closures sit next to them (2025-12-24,
 * 25 and 26), so a roll can pass five days.
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

/** A roll that also skips an order's declared closures (rare: no memo). */
const rollPast = (date: CalendarDate, counting: Counting, step: 1 | -1): CalendarDate => {
  let day = step === 1 ? rollForward(date) : rollBackward(date);
  while (!isOpen(day, counting)) day = addDays(day, step);
  return day;
};

/**
 * The legal deadline for a nominal due date under an order's day counting: under `frcp6` (the
 * default) and `ftc-4.3a` a last day on a weekend, legal holiday or declared closure rolls to the
 * next business day (FRCP 6(a)(1)(C); 16 C.F.R. 4.3(a)); a deadline counted `backward` from an
 * event ("30 days before") rolls to the previous one instead (FRCP 6(a)(5)). `calendar`: no roll.
 */
export const deadline = (
  nominal: CalendarDate,
  counting: Counting,
  backward = false,
): CalendarDate => {
  if (ruleOf(counting) === 'calendar') return nominal;
  if (counting.closures !== undefined && counting.closures.size > 0)
    return rollPast(nominal, counting, backward ? -1 : 1);
  return backward ? rollBackward(nominal) : rollForward(nominal);
};

/**
 * The nominal last day of a period that runs from an event: under `frcp6` and `calendar`, the
 * event's day excluded and every day counted (FRCP 6(a)(1)(A)), so `event + offset`. Under
 * `ftc-4.3a` (16 C.F.R. 4.3(a)) a period of days starts on the first business day after the event
 * (day 1), and a period of 7 days or fewer counts business days only. Months and years add as
 * calendar periods under every rule.
 */
export const periodEnd = (
  event: CalendarDate,
  offset: Offset,
  counting: Counting,
): CalendarDate => {
  if (ruleOf(counting) !== 'ftc-4.3a' || !('days' in offset) || offset.days === 0)
    return addOffset(event, offset);
  let day = addDays(event, 1);
  while (!isOpen(day, counting)) day = addDays(day, 1);
  if (offset.days > 7) return addDays(day, offset.days - 1);
  for (let n = 1; n < offset.days;) {
    day = addDays(day, 1);
    if (isOpen(day, counting)) n += 1;
  }
  return day;
};

/** Civil-date arithmetic, US federal holidays and business-day deadlines, all on `CalendarDate`. */
export {
  type DayOfWeek,
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
  toPlainDate,
} from './calendar.js';
export { federalHolidayName, isFederalHoliday, observedFederalHolidays } from './holidays.js';
export {
  deadline,
  isBusinessDay,
  isOpen,
  periodEnd,
  rollBackward,
  rollForward,
  ruleOf,
  type Counting,
} from './business-days.js';
export { EXECUTIVE_CLOSURES, executiveClosureOn, type ExecutiveClosure } from './closures.js';

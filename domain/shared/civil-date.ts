// Civil-date arithmetic without Temporal, for the hot paths (every date of every event is checked,
// and replays ask for the same recurrences and offsets over and over). Proleptic Gregorian, ISO
// years 0000-9999 as `YYYY-MM-DD` text; tests pin every function here to Temporal's answers.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digits = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};

/** The pattern of a `CalendarDate`'s text. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** The first day Decree's legal calendar covers. */
export const FIRST_CALENDAR_DAY = '1800-01-01';
/** The last day Decree's legal calendar covers. */
export const LAST_CALENDAR_DAY = '2999-12-31';

/** Whether `year` is a Gregorian leap year. */
export const isLeapYear = (year: number): boolean =>
  year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** The number of days in a month (1-12) of a year. */
export const daysInMonth = (year: number, month: number): number =>
  (DAYS_IN_MONTH[month - 1] as number) + (month === 2 && isLeapYear(year) ? 1 : 0);

/** Year, month and day of a `YYYY-MM-DD` text (digits only; not checked). */
export const dateParts = (
  s: string,
): { readonly year: number; readonly month: number; readonly day: number } => ({
  year: digits(s, 0, 4),
  month: digits(s, 5, 7),
  day: digits(s, 8, 10),
});

/** `YYYY-MM-DD` of a year (0-9999), month and day. */
export const formatDate = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;

/**
 * Whether a `YYYY-MM-DD` string (already matched by the schema's pattern) names a day of the
 * proleptic Gregorian calendar: the answer `Temporal.PlainDate.from(s, { overflow: 'reject' })`
 * gives for every four-digit year, by arithmetic.
 */
export const isRealDate = (s: string): boolean => {
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(digits(s, 0, 4), month);
};

/** The number in `s[from, to)` when every character there is a digit, else NaN. */
const digitsOrNaN = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
};

/**
 * Days since 1970-01-01 of a text that matches `DATE_PATTERN` and `isRealDate`, else NaN: both
 * checks and `epochDayOf` in one pass over the characters (no regular expression, no object).
 */
export const plainEpochDay = (s: string): number => {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
  const year = digitsOrNaN(s, 0, 4);
  const month = digitsOrNaN(s, 5, 7);
  const day = digitsOrNaN(s, 8, 10);
  // NaN fails every comparison: a non-digit anywhere gives NaN.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)))
    return Number.NaN;
  return epochDayOf(year, month, day);
};

/** Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`). */
export const epochDayOf = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

/** The civil date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`). */
export const civilOfEpochDay = (
  days: number,
): { readonly year: number; readonly month: number; readonly day: number } => {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
};

/** `YYYY-MM-DD` plus whole months, the day constrained to the end of a shorter month (Temporal's `overflow: 'constrain'`). */
export const addMonthsParts = (
  year: number,
  month: number,
  day: number,
  months: number,
): { readonly year: number; readonly month: number; readonly day: number } => {
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return { year: y, month: m, day: Math.min(day, daysInMonth(y, m)) };
};

/** Whether `s` passes every check of the `CalendarDate` schema (pattern, existence, range), without building issues. */
export const isCalendarDateText = (s: string): boolean =>
  DATE_PATTERN.test(s) && isRealDate(s) && s >= FIRST_CALENDAR_DAY && s <= LAST_CALENDAR_DAY;

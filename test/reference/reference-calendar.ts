/**
 * The reference model's own legal calendar, written from design.md section 5 without the engine's
 * calendar code: civil dates as day counts (its own conversion), months added from a start and
 * clamped to the month's end, weekends, the federal holidays read from the holiday library (its
 * observed dates, Inauguration Day excluded), the executive-order closures as a literal list, and
 * the rolls of FRCP 6(a) and 16 C.F.R. 4.3(a).
 */
import federalHolidays from '@18f/us-federal-holidays';

/** Days since 1970-01-01 of a civil date (proleptic Gregorian), by the usual era arithmetic. */
export const dayNumber = (date: string): number => {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
};

/** The civil date of a day number. */
export const dateOf = (n: number): string => {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** `date` plus `n` days. */
export const plusDays = (date: string, n: number): string => dateOf(dayNumber(date) + n);
/** Days from `a` to `b`. */
export const between = (a: string, b: string): number => dayNumber(b) - dayNumber(a);

const monthLength = (y: number, m: number): number =>
  m === 2
    ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(m)
      ? 30
      : 31;

/** `date` plus `months` (negative to go back), clamped to the end of a shorter month. */
export const plusMonths = (date: string, months: number): string => {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const d = Math.min(Number(date.slice(8, 10)), monthLength(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** A period as the schemas state it. */
export type Period =
  { readonly days: number } | { readonly months: number } | { readonly years: number };

/** `date` plus (or, with `sign` -1, minus) a period. */
export const plusPeriod = (date: string, p: Period, sign = 1): string =>
  'days' in p
    ? plusDays(date, sign * p.days)
    : plusMonths(date, sign * ('months' in p ? p.months : p.years * 12));

const holidayCache = new Map<number, Set<string>>();
/** The observed federal holidays falling in `year` (a holiday of the next year can be observed on December 31). */
const holidays = (year: number): Set<string> => {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(
      [year, year + 1]
        .flatMap((y) =>
          federalHolidays.allForYear(y, { shiftSaturdayHolidays: true, shiftSundayHolidays: true }),
        )
        .filter((h) => !/inaugurat/i.test(h.name))
        .map((h) => h.dateString.replace(/-(\d)(?=-|$)/g, '-0$1'))
        .filter((d) => d.startsWith(String(year))),
    );
    holidayCache.set(year, set);
  }
  return set;
};

/** Whole days federal offices were closed by executive order (FRCP 6(a)(6)(B)): its own list. */
const EXECUTIVE_ORDER_CLOSURES = new Set([
  '2001-12-24',
  '2007-12-24',
  '2008-12-26',
  '2012-12-24',
  '2014-12-26',
  '2015-12-24',
  '2018-12-05',
  '2018-12-24',
  '2019-12-24',
  '2020-12-24',
  '2024-12-24',
  '2025-01-09',
  '2025-12-24',
  '2025-12-26',
]);

/** Whether the court is open: not a weekend, federal holiday, executive-order closure or declared closure. */
export const open = (date: string, closed: ReadonlySet<string>): boolean => {
  const weekday = ((dayNumber(date) % 7) + 7 + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
  return (
    weekday !== 0 &&
    weekday !== 6 &&
    !holidays(Number(date.slice(0, 4))).has(date) &&
    !EXECUTIVE_ORDER_CLOSURES.has(date) &&
    !closed.has(date)
  );
};

/** A day-counting rule as the model reads it. */
export type Rule = 'frcp6' | 'ftc-4.3a' | 'calendar';

/** The rule a `dayCounting` field names. */
export const ruleOf = (
  c: { rollForward?: boolean | undefined; rule?: Rule | undefined } | undefined,
): Rule => c?.rule ?? (c?.rollForward === false ? 'calendar' : 'frcp6');

/** The deadline of a nominal date: rolled forward to an open day (or back, for a period counted backward), unless the rule is calendar days. */
export const roll = (
  nominal: string,
  rule: Rule,
  closed: ReadonlySet<string>,
  backward = false,
): string => {
  if (rule === 'calendar') return nominal;
  let d = nominal;
  while (!open(d, closed)) d = plusDays(d, backward ? -1 : 1);
  return d;
};

/** The last day of a period running from an event: every day counted (FRCP 6), or from the first open day after it, open days only up to 7 (4.3(a)). */
export const periodEnd = (
  event: string,
  p: Period,
  rule: Rule,
  closed: ReadonlySet<string>,
): string => {
  if (rule !== 'ftc-4.3a' || !('days' in p) || p.days === 0) return plusPeriod(event, p);
  let d = plusDays(event, 1);
  while (!open(d, closed)) d = plusDays(d, 1);
  if (p.days > 7) return plusDays(d, p.days - 1);
  for (let n = 1; n < p.days;) {
    d = plusDays(d, 1);
    if (open(d, closed)) n += 1;
  }
  return d;
};

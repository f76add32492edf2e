import { CalendarDate, InvalidInput, type FieldPath } from '../../domain/index.js';
import type { DateRange } from './primitives.arb.js';

/**
 * Throws `InvalidInput` (code `INVALID_INPUT`) for a bad option of a public arbitrary: the message
 * names the arbitrary, the option, the value given and what is allowed, so a typo in a test reads
 * as one rather than as a fast-check or zod internal.
 */
export const badOption = (fn: string, path: FieldPath, value: unknown, allowed: string): never => {
  throw new InvalidInput(`${fn} options`, [
    { path, message: `${JSON.stringify(value) ?? String(value)} is not allowed: ${allowed}` },
  ]);
};

/** Checks an optional civil date option (`YYYY-MM-DD`, a day that exists, years 1800–2999). */
export const checkDate = (fn: string, path: FieldPath, value: unknown): void => {
  if (value !== undefined && !CalendarDate.safeParse(value).success)
    badOption(fn, path, value, 'a civil date YYYY-MM-DD that exists, in the years 1800 to 2999');
};

/** Checks an optional share option: a number from 0 to 1. */
export const checkRatio = (fn: string, path: FieldPath, value: unknown): void => {
  if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1))
    badOption(fn, path, value, 'a number from 0 to 1');
};

/** Checks an optional whole-number option, at least `min`. */
export const checkInt = (fn: string, path: FieldPath, value: unknown, min: number): void => {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= min))
    badOption(fn, path, value, `a whole number, ${min} or more`);
};

const DEFAULT_FROM = '2011-01-01';
const DEFAULT_TO = '2045-12-31';

/**
 * The bounds of a range (default 2011-01-01 to 2045-12-31) after checking them: real dates, `to`
 * not before `from`. Throws `InvalidInput` naming `fn` and the bad bound otherwise.
 */
export const checkRange = (
  fn: string,
  range: DateRange,
): { readonly from: CalendarDate; readonly to: CalendarDate } => {
  checkDate(fn, ['from'], range.from);
  checkDate(fn, ['to'], range.to);
  const from = CalendarDate.parse(range.from ?? DEFAULT_FROM);
  const to = CalendarDate.parse(range.to ?? DEFAULT_TO);
  if (to < from) {
    const start = range.from === undefined ? `${from} (the default from)` : `from (${from})`;
    badOption(fn, ['to'], to, `a date on or after ${start}`);
  }
  return { from, to };
};

/** The later bound of a range (default 2045-12-31), for values computed from a drawn date that must stay inside it. */
export const rangeEnd = (range: DateRange): CalendarDate =>
  CalendarDate.parse(range.to ?? DEFAULT_TO);

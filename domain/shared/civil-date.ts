// Civil-date arithmetic without Temporal, for the hot path of schema checks (every date of every event).

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digits = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};

/**
 * Whether a `YYYY-MM-DD` string (already matched by the schema's pattern) names a day of the
 * proleptic Gregorian calendar: the answer `Temporal.PlainDate.from(s, { overflow: 'reject' })`
 * gives for every four-digit year, by arithmetic (test/domain pins the two together).
 */
export const isRealDate = (s: string): boolean => {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0);
};

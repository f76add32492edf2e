import fc from 'fast-check';
import { addDays } from '../../../domain/calendar/calendar.js';
import { CalendarDate } from '../../../domain/shared/primitives.js';

/** A checked `CalendarDate` from a literal, for readable cases. */
export const d = (text: string): CalendarDate => CalendarDate.parse(text);

/**
 * fast-check parameters: a fixed seed and few runs by default; with `DECREE_DEEP` set, many runs
 * from a random seed, printed so a failure can be replayed.
 */
export const fcParams = (seed: number, numRuns = 200): fc.Parameters<unknown> => {
  if (!process.env.DECREE_DEEP) return { seed, numRuns };
  const deepSeed = process.env.DECREE_SEED
    ? Number(process.env.DECREE_SEED)
    : Math.floor(Math.random() * 2 ** 31); // DECREE_SEED replays a printed seed
  console.log(`fast-check seed ${deepSeed} (DECREE_DEEP)`);
  return { seed: deepSeed, numRuns: numRuns * 50 };
};

/** Dates from `from` to `from + spanDays`, generated from integer day offsets (never `fc.date()`). */
export const dateFrom = (from: string, spanDays: number): fc.Arbitrary<CalendarDate> =>
  fc.integer({ min: 0, max: spanDays }).map((n) => addDays(d(from), n));

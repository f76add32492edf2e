import type { CalendarDate } from '../shared/primitives.js';

/** A day federal executive offices were closed by executive order: a legal holiday under FRCP 6(a)(6)(B) ("any day declared a holiday by the President"). */
export interface ExecutiveClosure {
  readonly date: CalendarDate;
  readonly name: string;
  readonly source: string;
  /** What was not verified against the order's text (e.g. its number). */
  readonly assumed?: string;
}

const day = (date: string, name: string, source: string, assumed?: string): ExecutiveClosure => ({
  date: date as CalendarDate,
  name,
  source,
  ...(assumed !== undefined ? { assumed } : {}),
});

/**
 * Whole days federal executive departments were closed by executive order since 2001. Data, not
 * logic; sorted. Half-day closings (e.g. the afternoon of 2009-12-24) are not whole days and do not
 * count. Sources are the orders as published in the Federal Register; where the number of an
 * order was not checked against its text, `assumed` says so.
 */
export const EXECUTIVE_CLOSURES: readonly ExecutiveClosure[] = [
  day('2001-12-24', 'Christmas Eve closing', 'Executive Order 13237 (2001)'),
  day('2007-12-24', 'Christmas Eve closing', 'Executive Order 13444 (2007)'),
  day('2008-12-26', 'Day after Christmas closing', 'Executive Order 13478 (2008)'),
  day('2012-12-24', 'Christmas Eve closing', 'Executive Order 13632 (2012)'),
  day('2014-12-26', 'Day after Christmas closing', 'Executive Order 13682 (2014)'),
  day('2015-12-24', 'Christmas Eve closing', 'Executive Order 13713 (2015)'),
  day(
    '2018-12-05',
    'National day of mourning for President George H. W. Bush',
    'Executive Order 13851 (2018)',
    'order number not checked against its text',
  ),
  day('2018-12-24', 'Christmas Eve closing', 'Executive Order 13854, 83 FR 65481 (2018)'),
  day(
    '2019-12-24',
    'Christmas Eve closing',
    'Executive Order 13900 (2019)',
    'order number not checked against its text',
  ),
  day(
    '2020-12-24',
    'Christmas Eve closing',
    'Executive Order 13961 (2020)',
    'order number not checked against its text',
  ),
  day(
    '2024-12-24',
    'Christmas Eve closing',
    'Executive Order of 2024-12-19 closing executive departments on 2024-12-24',
    'order number not recorded',
  ),
  day(
    '2025-01-09',
    'National day of mourning for President Jimmy Carter',
    'Executive Order of 2024-12-30 closing executive departments on 2025-01-09',
    'order number not recorded',
  ),
  day(
    '2025-12-24',
    'Christmas Eve closing',
    'Executive Order of 2025-12-18 closing executive departments on 2025-12-24 and 2025-12-26',
    'order number not recorded',
  ),
  day(
    '2025-12-26',
    'Day after Christmas closing',
    'Executive Order of 2025-12-18 closing executive departments on 2025-12-24 and 2025-12-26',
    'order number not recorded',
  ),
];

const byDate = new Map(EXECUTIVE_CLOSURES.map((c) => [c.date as string, c]));

/** The executive-order closure on `date`, if any. */
export const executiveClosureOn = (date: CalendarDate): ExecutiveClosure | undefined =>
  byDate.get(date);

import type { CalendarDate, Money } from '../../domain/index.js';

/**
 * Whether an order's forum names the Federal Trade Commission ("FTC", "F.T.C.", "Federal Trade
 * Commission"): the ceiling of 15 U.S.C. 45(l) binds the FTC's administrative orders, not another
 * agency's (design.md 6.4).
 */
export const namesTheFtc = (forum: string | undefined): boolean =>
  forum !== undefined && /\bF\.?T\.?C\b|\bfederal\s+trade\s+commission\b/i.test(forum);

/** One row of a per-day penalty table: the amount in force from `from`, with where it comes from. */
export interface PenaltyRate {
  readonly from: CalendarDate;
  readonly perDay: Money;
  readonly source: string;
  /** Set when a value in this row (typically its effective date or citation) was assumed rather than found. */
  readonly assumed?: string;
}

/**
 * Maximum civil penalty per violation (per day of a continuing violation) of a final FTC order,
 * FTC Act section 5(l), 15 U.S.C. 45(l), as adjusted for inflation each January (16 C.F.R. 1.98(c)).
 * Data, not logic: pass your own table to `exposureOf` to replace it. Sources: shared/cases/twitter-2011-2022.md §9
 * and design.md 6.4 (the 2018-2020 rows).
 */
export const FTC_ORDER_VIOLATION_MAXIMUM: readonly PenaltyRate[] = [
  {
    from: '2009-02-09' as CalendarDate,
    perDay: { amountMinor: 1_600_000, currency: 'USD' },
    source: '74 FR 858 (2009)',
    assumed: 'effective date',
  },
  {
    from: '2016-08-01' as CalendarDate,
    perDay: { amountMinor: 4_000_000, currency: 'USD' },
    source: '81 FR 42476 (2016)',
  },
  {
    from: '2017-01-24' as CalendarDate,
    perDay: { amountMinor: 4_065_400, currency: 'USD' },
    source: '82 FR 8135 (2017)',
    assumed: 'effective date',
  },
  {
    from: '2018-01-22' as CalendarDate,
    perDay: { amountMinor: 4_148_400, currency: 'USD' },
    source: '83 FR 2902 (2018)',
    assumed: 'citation not in the case file (amount and date: design.md 6.4)',
  },
  {
    from: '2019-02-14' as CalendarDate,
    perDay: { amountMinor: 4_253_000, currency: 'USD' },
    source: '84 FR 3980 (2019)',
    assumed: 'citation not in the case file (amount and date: design.md 6.4)',
  },
  {
    from: '2020-01-14' as CalendarDate,
    perDay: { amountMinor: 4_328_000, currency: 'USD' },
    source: '85 FR 2014 (2020)',
    assumed: 'citation not in the case file (amount and date: design.md 6.4)',
  },
  {
    from: '2021-01-13' as CalendarDate,
    perDay: { amountMinor: 4_379_200, currency: 'USD' },
    source: '86 FR 2539 (2021)',
    assumed: 'effective date',
  },
  {
    from: '2022-01-10' as CalendarDate,
    perDay: { amountMinor: 4_651_700, currency: 'USD' },
    source: '87 FR 1070 (2022)',
  },
  {
    from: '2023-01-11' as CalendarDate,
    perDay: { amountMinor: 5_012_000, currency: 'USD' },
    source: '88 FR 1499 (2023)',
  },
  {
    from: '2024-01-10' as CalendarDate,
    perDay: { amountMinor: 5_174_400, currency: 'USD' },
    source: '89 FR 1445 (2024)',
  },
  {
    from: '2025-01-17' as CalendarDate,
    perDay: { amountMinor: 5_308_800, currency: 'USD' },
    source: '90 FR 5580 (2025)',
  },
];

/** The row in force on `date` (the latest starting on or before it), if any. */
export const rateOn = (
  table: readonly PenaltyRate[],
  date: CalendarDate,
): PenaltyRate | undefined => {
  let found: PenaltyRate | undefined;
  for (const r of table) if (r.from <= date) found = r;
  return found;
};

import { addDays, daysBetween, termsOn, type CalendarDate, type Money, type OrderState, type PenaltyTier } from '../../domain/index.js';
import type { OccurrenceAnswer } from '../compliance/compliance.types.js';
import { orderStatusOn } from '../compliance/order-status.js';
import { FTC_ORDER_VIOLATION_MAXIMUM, rateOn, type PenaltyRate } from './statutory-maximum.js';

/** The most an overdue or breached occurrence could cost by `asOf`: a maximum, not a prediction. */
export interface Exposure {
  readonly occurrenceId: string;
  readonly status: 'overdue' | 'breached';
  /** Days counted: from the day after the deadline (overdue) or the finding (breached) through `asOf`. */
  readonly days: number;
  readonly since: CalendarDate;
  readonly basis: 'stipulated' | 'statutory_maximum';
  readonly maximum: Money;
  readonly label: 'maximum';
  readonly sources: readonly string[];
}

const tierFor = (tiers: readonly PenaltyTier[], day: number) => tiers.find((t) => t.fromDay <= day && (t.toDay === undefined || day <= t.toDay));

const stipulated = (tiers: readonly PenaltyTier[], days: number): Money | undefined => {
  const currency = tiers[0]?.perDay.currency;
  if (!currency) return undefined;
  let total = 0;
  for (let day = 1; day <= days; day++) total += tierFor(tiers, day)?.perDay.amountMinor ?? 0;
  return { amountMinor: total, currency };
};

const statutory = (table: readonly PenaltyRate[], first: CalendarDate, days: number) => {
  let total = 0;
  const sources = new Set<string>();
  for (let i = 0; i < days; i++) {
    const rate = rateOn(table, addDays(first, i));
    if (!rate) continue;
    total += rate.perDay.amountMinor;
    sources.add(rate.source);
  }
  return { maximum: { amountMinor: total, currency: table[0]?.perDay.currency ?? 'USD' } as Money, sources: [...sources] };
};

/**
 * Penalty exposure of each overdue or breached occurrence on `asOf`: the order's stipulated tiers
 * where the obligation has them, else the per-day statutory maximum in force on each day counted
 * (a replaceable table) times the days. Always labelled a maximum.
 */
export const exposureOf = (s: OrderState, asOf: CalendarDate, table: readonly PenaltyRate[] = FTC_ORDER_VIOLATION_MAXIMUM): Exposure[] =>
  orderStatusOn(s, asOf).occurrences.flatMap((o: OccurrenceAnswer): Exposure[] => {
    if (o.status !== 'overdue' && o.status !== 'breached') return [];
    const foundOn = o.status === 'breached' ? s.live.find((e) => o.because.includes(e.id) && e.type === 'ViolationFound')?.metadata.effectiveOn : undefined;
    const since = foundOn ?? addDays(o.dueOn, 1);
    const days = daysBetween(since, asOf) + 1;
    const ob = s.obligations[o.obligationId];
    const tiers = ob && termsOn(ob, asOf)?.stipulatedPenalties;
    const tiered = tiers && tiers.length > 0 ? stipulated(tiers, days) : undefined;
    const base = { occurrenceId: o.id, status: o.status, days, since, label: 'maximum' as const };
    if (tiered) return [{ ...base, basis: 'stipulated', maximum: tiered, sources: [`stipulated penalties of ${o.obligationId}`] }];
    return [{ ...base, basis: 'statutory_maximum', ...statutory(table, since, days) }];
  });

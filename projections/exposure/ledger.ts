import { termsOn, type CalendarDate, type OrderFacts } from '../../domain/index.js';
import { moneyOf } from './money.js';

/** Money imposed, paid and outstanding in one currency, in minor units. */
export interface LedgerLine {
  readonly currency: string;
  readonly imposedMinor: number;
  readonly paidMinor: number;
  readonly outstandingMinor: number;
  /** Ids of the payment obligations and payments counted. */
  readonly because: readonly string[];
}

/**
 * The penalty ledger of an order on `asOf`, per currency: payment obligations imposed (civil
 * penalties, assessed penalties) and not waived by then, payments effective by then, and the
 * difference. Overpayment shows as a negative outstanding amount rather than being hidden.
 */
export const ledgerOf = (s: OrderFacts, asOf: CalendarDate): LedgerLine[] => {
  // Exact sums (bigint), stated as numbers only once checked to fit: never a rounded float (MONEY_OVERFLOW otherwise).
  const lines = new Map<string, { imposed: bigint; paid: bigint; because: string[] }>();
  const line = (c: string) =>
    lines.get(c) ?? lines.set(c, { imposed: 0n, paid: 0n, because: [] }).get(c)!;
  for (const o of Object.values(s.obligations)) {
    const terms = termsOn(o, asOf);
    if (!terms || terms.kind !== 'payment' || !terms.amount || (o.waived && o.waived.on <= asOf))
      continue;
    const l = line(terms.amount.currency);
    l.imposed += BigInt(terms.amount.amountMinor);
    l.because.push(o.eventId);
  }
  for (const occ of Object.values(s.occurrences)) {
    for (const e of occ.evidence) {
      if (e.kind !== 'payment' || !e.amount || e.on > asOf) continue;
      const l = line(e.amount.currency);
      l.paid += BigInt(e.amount.amountMinor);
      l.because.push(e.eventId);
    }
  }
  return [...lines]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, l]) => ({
      currency,
      imposedMinor: moneyOf(l.imposed, currency, 'money imposed').amountMinor,
      paidMinor: moneyOf(l.paid, currency, 'money paid').amountMinor,
      outstandingMinor: moneyOf(l.imposed - l.paid, currency, 'money outstanding').amountMinor,
      because: l.because,
    }));
};

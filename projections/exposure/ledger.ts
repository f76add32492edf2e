import {
  termsOn,
  type CalendarDate,
  type Money,
  type ObligationState,
  type OrderFacts,
} from '../../domain/index.js';
import { deadlineOn, enteredBy, obligationOccurrencesOn } from '../compliance/classify.js';
import { orderEndOn } from '../compliance/order-end.js';
import { formatMoney, moneyOf } from './money.js';

/** Money imposed, paid and outstanding in one currency, in minor units. */
export interface LedgerLine {
  readonly currency: string;
  readonly imposedMinor: number;
  readonly paidMinor: number;
  /** Imposed less paid: no interest counted, so where payments went to interest first the principal still owed is the exposure's. */
  readonly outstandingMinor: number;
  /** Ids of the payment obligations and payments counted. */
  readonly because: readonly string[];
  /** Why the order imposes nothing on `asOf` (not entered yet, or vacated), when it does not: what it paid is then a credit; or what was paid beyond what it imposes. */
  readonly note?: string;
}

/**
 * The money a payment obligation imposes as of `asOf` (when waived by then, what was paid toward it
 * before the waiver: `keptByWaiver`; none for a recurring one): its amount once (a civil penalty, an
 * assessed penalty, a one-off payment, due yet or not), or, for a recurring payment, the amount of
 * each installment fallen due by then (by the order's last day), under the terms it fell due
 * under (an annual fee imposes a year's fee each year, not once).
 */
const amountsImposed = (s: OrderFacts, o: ObligationState, asOf: CalendarDate): Money[] => {
  const terms = termsOn(o, asOf);
  if (!terms || terms.kind !== 'payment' || !terms.amount) return [];
  if (o.waived && o.waived.on <= asOf)
    return terms.schedule.kind === 'recurring' ? [] : keptByWaiver(s, o, terms.amount, o.waived);
  if (terms.schedule.kind !== 'recurring') return [terms.amount];
  // An installment due after the order's last day is not owed (it reads waived: the order ended).
  const lastDay = orderEndOn(s, asOf)?.lastDay;
  return obligationOccurrencesOn(s, o, asOf, 0).flatMap((p) => {
    const dueOn = deadlineOn(s, p, asOf).dueOn;
    const owed = dueOn <= asOf && (lastDay === undefined || dueOn <= lastDay);
    return owed && p.terms.kind === 'payment' && p.terms.amount ? [p.terms.amount] : [];
  });
};

/**
 * What a one-off payment obligation waived going forward still imposes: what was paid toward it
 * before the waiver, at most its amount. The waiver excuses the balance from its date on; it makes
 * nothing already paid refundable (a retroactive waiver, reaching back, imposes nothing).
 */
const keptByWaiver = (
  s: OrderFacts,
  o: ObligationState,
  amount: Money,
  waived: NonNullable<ObligationState['waived']>,
): Money[] => {
  if (waived.retroactive === true) return [];
  let paid = 0n;
  for (const [id, occ] of Object.entries(s.occurrences)) {
    if (!id.startsWith(`${o.id}/`)) continue;
    for (const e of occ.evidence)
      if (e.kind === 'payment' && e.amount?.currency === amount.currency && e.on < waived.on)
        paid += BigInt(e.amount.amountMinor);
  }
  const kept = paid < BigInt(amount.amountMinor) ? paid : BigInt(amount.amountMinor);
  return kept > 0n ? [moneyOf(kept, amount.currency, 'money imposed')] : [];
};

/**
 * Why the order imposes no money on `asOf`, or undefined when it does: not before it is entered (a
 * filed order is a proposal: no duty binds before entry, design.md 6.3), nor once vacated
 * (everything it imposed is void from the start, design.md 6.1), as its exposure prices nothing then.
 */
const imposesNothing = (s: OrderFacts, asOf: CalendarDate): string | undefined => {
  const end = orderEndOn(s, asOf);
  if (end?.kind === 'vacated')
    return `order vacated effective ${end.on}: nothing it imposed is owed; what was paid is a credit`;
  if (enteredBy(s, asOf)) return undefined;
  return end
    ? `order ended (${end.reason}) before it was entered: nothing was imposed; what was paid is a credit`
    : `order not entered by ${asOf}: nothing imposed yet; what was paid is a credit`;
};

/**
 * The penalty ledger of an order on `asOf`, per currency: payment obligations imposed (civil
 * penalties, assessed penalties; a recurring payment's installments fallen due) and not waived by
 * then, payments effective by then, and the difference. Overpayment shows as a negative
 * outstanding amount rather than being hidden; so does money paid on an order not entered yet, or
 * vacated, which imposes nothing.
 */
export const ledgerOf = (s: OrderFacts, asOf: CalendarDate): LedgerLine[] => {
  // Exact sums (bigint), stated as numbers only once checked to fit: never a rounded float (MONEY_OVERFLOW otherwise).
  const lines = new Map<string, { imposed: bigint; paid: bigint; because: string[] }>();
  const line = (c: string) =>
    lines.get(c) ?? lines.set(c, { imposed: 0n, paid: 0n, because: [] }).get(c)!;
  const note = imposesNothing(s, asOf);
  for (const o of note === undefined ? Object.values(s.obligations) : []) {
    for (const amount of amountsImposed(s, o, asOf)) {
      const l = line(amount.currency);
      l.imposed += BigInt(amount.amountMinor);
      if (!l.because.includes(o.eventId)) l.because.push(o.eventId);
    }
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
      ...noteOf(note ?? paidBeyond(l.imposed, l.paid, currency)),
    }));
};

const noteOf = (note: string | undefined) => (note === undefined ? {} : { note });

/** What a negative outstanding amount is, where the order imposes money: the ledger counts no interest. */
const paidBeyond = (imposed: bigint, paid: bigint, currency: string): string | undefined =>
  paid > imposed
    ? `${formatMoney(moneyOf(paid - imposed, currency, 'money paid beyond'))} paid beyond the amounts imposed: post-judgment interest where it ran (the exposure lists what principal and interest remain owed), else a credit`
    : undefined;

/** The notes of a ledger's lines, each once (why the order imposes nothing, when it does not). */
export const ledgerNotes = (lines: readonly LedgerLine[]): string[] => [
  ...new Set(lines.flatMap((l) => (l.note === undefined ? [] : [l.note]))),
];

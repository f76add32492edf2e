import {
  addDays,
  addOffset,
  daysBetween,
  occurrenceId,
  ownEntry,
  type CalendarDate,
  type OrderFacts,
  type PostJudgmentInterest,
} from '../../domain/index.js';
import type { PlacedOccurrence } from '../compliance/classify.js';
import type { OccurrenceAnswer } from '../compliance/compliance.types.js';
import type { Exposure } from './exposure.js';
import { moneyOf, mulDivRound } from './money.js';

const INTEREST = '28 U.S.C. 1961 (post-judgment interest: computed daily, compounded annually)';
const DAYS_PER_YEAR = 365n;
const BP = 10_000n;

/** Payments toward one occurrence effective by `asOf`, in the obligation's currency, by date. */
const paymentsOf = (s: OrderFacts, p: PlacedOccurrence, currency: string, asOf: CalendarDate) =>
  (ownEntry(s.occurrences, occurrenceId(p.obligation.id, p.spec.key))?.evidence ?? [])
    .filter((e) => e.kind === 'payment' && e.amount?.currency === currency && e.on <= asOf)
    .map((e) => ({ on: e.on, minor: BigInt(e.amount?.amountMinor ?? 0), eventId: e.eventId }))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));

/**
 * Post-judgment interest (28 U.S.C. 1961(b)) on a balance that falls due after `dueOn`: each day
 * from the day after it through `asOf`, the balance outstanding that day earns rate / 365; the
 * exact sum is rounded half up to the minor unit at each anniversary, where it is added to the
 * balance (compounded annually), and on `asOf`. Payments reduce the balance on their own date.
 */
export const postJudgmentInterest = (
  principal: bigint,
  dueOn: CalendarDate,
  asOf: CalendarDate,
  rate: PostJudgmentInterest,
  payments: readonly { on: CalendarDate; minor: bigint }[],
): bigint => {
  let balance = principal;
  let accrued = 0n;
  let numerator = 0n;
  let anniversary = addOffset(dueOn, { years: 1 });
  for (const pay of payments) if (pay.on <= dueOn) balance -= pay.minor;
  for (let day = addDays(dueOn, 1); day <= asOf; day = addDays(day, 1)) {
    for (const pay of payments) if (pay.on === day) balance -= pay.minor;
    if (balance <= 0n) break;
    numerator += balance * BigInt(rate.annualRateBasisPoints);
    if (day === anniversary) {
      const year = mulDivRound(numerator, 1n, BP * DAYS_PER_YEAR);
      accrued += year;
      balance += year;
      numerator = 0n;
      anniversary = addOffset(anniversary, { years: 1 });
    }
  }
  return accrued + mulDivRound(numerator, 1n, BP * DAYS_PER_YEAR);
};

/** The unpaid-money row of a payment occurrence due before `asOf`: outstanding principal plus post-judgment interest, if any is owed. */
export const unpaidRow = (
  s: OrderFacts,
  p: PlacedOccurrence,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
): Omit<Exposure, 'label'> | undefined => {
  const owed = p.terms.amount;
  if (!owed || o.dueOn >= asOf || o.status === 'waived' || o.status === 'superseded')
    return undefined;
  const payments = paymentsOf(s, p, owed.currency, asOf);
  const paid = payments.reduce((t, x) => t + x.minor, 0n);
  const outstanding = BigInt(owed.amountMinor) > paid ? BigInt(owed.amountMinor) - paid : 0n;
  const interest = p.terms.interest
    ? postJudgmentInterest(BigInt(owed.amountMinor), o.dueOn, asOf, p.terms.interest, payments)
    : 0n;
  if (outstanding === 0n && interest === 0n) return undefined;
  const days = daysBetween(o.dueOn, asOf);
  const notes = p.terms.interest
    ? [
        `interest at ${(p.terms.interest.annualRateBasisPoints / 100).toFixed(2)} % a year from ${addDays(o.dueOn, 1)}, rounded half up to the cent at each anniversary and on ${asOf}`,
      ]
    : ['the obligation states no post-judgment interest rate: interest not computed'];
  return {
    occurrenceId: o.id,
    obligationId: o.obligationId,
    status: o.status,
    basis: 'unpaid',
    cause: 'unpaid',
    days,
    since: addDays(o.dueOn, 1),
    through: asOf,
    daysCounted: days,
    amount: moneyOf(outstanding + interest, owed.currency, 'the amount unpaid'),
    principal: moneyOf(outstanding, owed.currency, 'the principal unpaid'),
    interest: moneyOf(interest, owed.currency, 'post-judgment interest'),
    citation: p.terms.interest
      ? INTEREST
      : 'money judgment (28 U.S.C. 1961 applies where the judgment states a rate)',
    notes,
    because: [p.obligation.eventId, ...payments.map((x) => x.eventId)],
  };
};

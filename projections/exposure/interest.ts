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
import { silentRecord, type PlacedOccurrence } from '../compliance/classify.js';
import type { OccurrenceAnswer } from '../compliance/compliance.types.js';
import type { Exposure } from './exposure.js';
import {
  countsAfter,
  deadlineSetOn,
  released,
  replacedDeadlines,
  waivedFrom,
} from './accrual-rules.js';
import { formatMoney, moneyOf, mulDivRound } from './money.js';

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
): bigint => accrue(principal, dueOn, asOf, rate, payments).minor;

/** `postJudgmentInterest`, and the last day interest ran (none when the balance was paid by the day after `dueOn`). */
const accrue = (
  principal: bigint,
  dueOn: CalendarDate,
  asOf: CalendarDate,
  rate: PostJudgmentInterest,
  payments: readonly { on: CalendarDate; minor: bigint }[],
): { minor: bigint; through?: CalendarDate } => {
  let balance = principal;
  let accrued = 0n;
  let numerator = 0n;
  let through: CalendarDate | undefined;
  let anniversary = addOffset(dueOn, { years: 1 });
  for (const pay of payments) if (pay.on <= dueOn) balance -= pay.minor;
  for (let day = addDays(dueOn, 1); day <= asOf; day = addDays(day, 1)) {
    for (const pay of payments) if (pay.on === day) balance -= pay.minor;
    if (balance <= 0n) break;
    numerator += balance * BigInt(rate.annualRateBasisPoints);
    through = day;
    if (day === anniversary) {
      const year = mulDivRound(numerator, 1n, BP * DAYS_PER_YEAR);
      accrued += year;
      balance += year;
      numerator = 0n;
      anniversary = addOffset(anniversary, { years: 1 });
    }
  }
  const minor = accrued + mulDivRound(numerator, 1n, BP * DAYS_PER_YEAR);
  return through === undefined ? { minor } : { minor, through };
};

/** Interest accrued on earlier deadlines, and the days it ran. */
interface EarlierInterest {
  readonly minor: bigint;
  readonly days: number;
  readonly since?: CalendarDate;
  readonly through?: CalendarDate;
  readonly extensions: readonly { readonly on: CalendarDate; readonly eventId: string }[];
}

/**
 * The interest that ran on the deadlines an extension replaced after they had passed: such an
 * extension sets a new deadline from its date on and, like a waiver, never erases what accrued
 * before it (docs/compliance.md 3); nothing accrues from it until the new deadline passes.
 */
const interestBeforeExtensions = (
  s: OrderFacts,
  p: PlacedOccurrence,
  rate: PostJudgmentInterest,
  principal: bigint,
  payments: readonly { on: CalendarDate; minor: bigint; eventId: string }[],
  asOf: CalendarDate,
  o: OccurrenceAnswer,
): EarlierInterest => {
  let minor = 0n;
  let days = 0;
  let since: CalendarDate | undefined;
  let through: CalendarDate | undefined;
  const extensions: { on: CalendarDate; eventId: string }[] = [];
  for (const { extension: x, from, last } of replacedDeadlines(s, p, o, asOf)) {
    extensions.push({ on: x.on, eventId: x.eventId });
    if (last <= from) continue;
    minor += postJudgmentInterest(
      principal,
      from,
      last,
      rate,
      payments.filter((pay) => pay.on <= last),
    );
    days += daysBetween(from, last);
    since ??= addDays(from, 1);
    through = last;
  }
  return {
    minor,
    days,
    ...(since ? { since } : {}),
    ...(through ? { through } : {}),
    extensions,
  };
};

const NO_EARLIER: EarlierInterest = { minor: 0n, days: 0, extensions: [] };

/**
 * What a payment occurrence owes on `asOf`: the principal once due, and the interest (earlier
 * deadlines' included). Waived after its deadline (`waivedThrough`, the day its days late stop),
 * the principal is no longer owed and the interest that ran to then stays.
 */
const owedOn = (
  s: OrderFacts,
  p: PlacedOccurrence,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
  owed: { readonly amountMinor: number },
  payments: readonly { on: CalendarDate; minor: bigint; eventId: string }[],
  waivedThrough: CalendarDate | undefined,
) => {
  const rate = p.terms.interest;
  const principal = BigInt(owed.amountMinor);
  const earlier = rate
    ? interestBeforeExtensions(s, p, rate, principal, payments, asOf, o)
    : NO_EARLIER;
  const until = waivedThrough ?? asOf;
  const due = o.dueOn < until;
  const paid = payments.reduce((t, x) => t + x.minor, 0n);
  const outstanding = due && waivedThrough === undefined ? atLeastZero(principal - paid) : 0n;
  const before = payments.filter((x) => x.on <= until);
  // The deadline in force governs from the extension that set it: no day before it earns interest under it.
  const from = countsAfter(o.dueOn, deadlineSetOn(s, p, asOf));
  const current: { minor: bigint; through?: CalendarDate } =
    due && rate && from < until ? accrue(principal, from, until, rate, before) : { minor: 0n };
  // Paid, or waived: the days interest ran under the deadline in force end when the balance was paid.
  const ranThrough = outstanding > 0n ? until : current.through;
  return {
    rate,
    earlier,
    due,
    outstanding,
    span:
      due && ranThrough !== undefined
        ? {
            since: addDays(from, 1),
            through: ranThrough,
            days: Math.max(0, daysBetween(from, ranThrough)),
          }
        : spanBefore(earlier, from, until),
    ...interestLeft(earlier.minor + current.minor, paid - principal),
  };
};

/** The days of a row when none ran under the deadline in force: those under the deadlines extensions replaced, else none. */
const spanBefore = (
  earlier: EarlierInterest,
  from: CalendarDate,
  until: CalendarDate,
): { since: CalendarDate; through: CalendarDate; days: number } =>
  earlier.since !== undefined && earlier.through !== undefined
    ? { since: earlier.since, through: earlier.through, days: earlier.days }
    : { since: addDays(from, 1), through: until, days: 0 };

const atLeastZero = (n: bigint): bigint => (n > 0n ? n : 0n);

/** Payments go to the principal first; what is paid `beyond` it goes to the interest `accrued`: the interest left, and what paid it. */
const interestLeft = (
  accrued: bigint,
  beyond: bigint,
): { interest: bigint; towardInterest: bigint } => {
  const toward = beyond <= 0n ? 0n : beyond < accrued ? beyond : accrued;
  return { interest: accrued - toward, towardInterest: toward };
};

/** What an unpaid row says of its interest, of extensions before it and of a waiver. */
const notesOf = (
  o: OccurrenceAnswer,
  asOf: CalendarDate,
  rate: PostJudgmentInterest | undefined,
  earlier: EarlierInterest,
  waivedOn: CalendarDate | undefined,
  due: boolean,
  since: CalendarDate,
): string[] => [
  rate
    ? `interest at ${(rate.annualRateBasisPoints / 100).toFixed(2)} % a year from ${since}, rounded half up to the cent at each anniversary and on ${asOf}`
    : 'the obligation states no post-judgment interest rate: interest not computed',
  ...earlier.extensions.map(
    (x) =>
      `interest accrued before the deadline was extended effective ${x.on} stays owed (the extension never erases what accrued)`,
  ),
  ...(waivedOn !== undefined
    ? [
        `waived effective ${waivedOn}: the principal is no longer owed; the interest that ran before stays (the waiver does not release what accrued)`,
      ]
    : due
      ? []
      : [`the principal falls due again after ${o.dueOn}`]),
];

/** The note of a row whose payments went beyond the principal, to the interest. */
const paidBeyondNote = (towardInterest: bigint, currency: string): string[] =>
  towardInterest > 0n
    ? [
        `${formatMoney(moneyOf(towardInterest, currency, 'paid toward interest'))} paid beyond the principal went to the interest accrued: the interest shown is what remains unpaid`,
      ]
    : [];

/**
 * For an occurrence a waiver excuses on `asOf`: the day its interest stops under the deadline in
 * force (its days late, to the waiver, are the days it ran; waived before that deadline, none ran
 * under it, while what ran under a deadline an extension replaced stays), and the waiver's date.
 * Excused: `waived`, or `breached` with a waiver in force that reaches back, comes by the deadline,
 * or finds it not yet paid in full (`paidBy`): a finding keeps the status, never the principal the
 * waiver excused.
 */
const waiverOf = (
  s: OrderFacts,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
  paidBy: (on: CalendarDate) => boolean,
): { waivedThrough?: CalendarDate; waivedOn?: CalendarDate } => {
  const on = waivedFrom(s, o, asOf);
  const excused =
    o.status === 'waived' ||
    (o.status === 'breached' &&
      on !== undefined &&
      (on === 'retroactive' || o.dueOn >= on || !paidBy(on)));
  if (!excused) return {};
  return {
    waivedThrough: addDays(o.dueOn, o.daysLate ?? 0),
    ...(on !== undefined && on !== 'retroactive' ? { waivedOn: on } : {}),
  };
};

/**
 * The unpaid-money row of a payment occurrence (none on a silent partial record: `silentRecord`): once due, the outstanding principal plus
 * post-judgment interest; interest that ran on a deadline later extended stays owed, also while
 * the new deadline has not passed (the row then owes that interest alone), and so does the
 * interest that ran to a waiver after the deadline, unless the waiver releases what accrued.
 */
export const unpaidRow = (
  s: OrderFacts,
  p: PlacedOccurrence,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
): Omit<Exposure, 'label'> | undefined => {
  const owed = p.terms.amount;
  // A partial record's silence is no default (design.md 6.2): nothing on file says the money is unpaid.
  if (!owed || o.status === 'superseded' || silentRecord(s, p, asOf)) return undefined;
  const payments = paymentsOf(s, p, owed.currency, asOf);
  const { waivedThrough, waivedOn } = waiverOf(
    s,
    o,
    asOf,
    (on) =>
      payments.reduce((t, x) => (x.on <= on ? t + x.minor : t), 0n) >= BigInt(owed.amountMinor),
  );
  // Excused by a waiver that releases what accrued: nothing is owed.
  if (waivedThrough !== undefined && released(s, o, asOf)) return undefined;
  const { rate, earlier, due, outstanding, span, interest, towardInterest } = owedOn(
    s,
    p,
    o,
    asOf,
    owed,
    payments,
    waivedThrough,
  );
  if (outstanding === 0n && interest === 0n) return undefined;
  const notes = [
    ...notesOf(o, asOf, rate, earlier, waivedOn, due, span.since),
    ...paidBeyondNote(towardInterest, owed.currency),
  ];
  return {
    occurrenceId: o.id,
    obligationId: o.obligationId,
    status: o.status,
    basis: 'unpaid',
    cause: 'unpaid',
    days: span.days,
    since: span.since,
    through: span.through,
    daysCounted: span.days,
    amount: moneyOf(outstanding + interest, owed.currency, 'the amount unpaid'),
    principal: moneyOf(outstanding, owed.currency, 'the principal unpaid'),
    interest: moneyOf(interest, owed.currency, 'post-judgment interest'),
    citation: rate
      ? INTEREST
      : 'money judgment (28 U.S.C. 1961 applies where the judgment states a rate)',
    notes,
    because: [
      p.obligation.eventId,
      ...earlier.extensions.map((x) => x.eventId),
      ...payments.map((x) => x.eventId),
    ],
  };
};

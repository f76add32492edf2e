import {
  addDays,
  addOffset,
  daysBetween,
  occurrenceId,
  ownEntry,
  type CalendarDate,
  type OrderFacts,
  type PaymentApplication,
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

/** A payment toward one occurrence: its date and amount in minor units. */
interface Payment {
  readonly on: CalendarDate;
  readonly minor: bigint;
}

/** Payments toward one occurrence effective by `asOf`, in the obligation's currency, by date. */
const paymentsOf = (s: OrderFacts, p: PlacedOccurrence, currency: string, asOf: CalendarDate) =>
  (ownEntry(s.occurrences, occurrenceId(p.obligation.id, p.spec.key))?.evidence ?? [])
    .filter((e) => e.kind === 'payment' && e.amount?.currency === currency && e.on <= asOf)
    .map((e) => ({ on: e.on, minor: BigInt(e.amount?.amountMinor ?? 0), eventId: e.eventId }))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));

/**
 * What a judgment bearing interest owes as interest runs, in minor units. The balance that earns
 * interest is `principal` plus `compounded`, the interest added to it at an anniversary (28 U.S.C.
 * 1961(b): compounded annually), which the row still reports as interest; `pending` is interest
 * accrued since then, as rounded when a payment went to it, and `exact` what accrued since that
 * rounding (× 10,000 × 365); `closed` is the interest of days that ended (under a deadline an
 * extension replaced, or through the date asked): owed, earning nothing.
 */
interface Owing {
  principal: bigint;
  compounded: bigint;
  pending: bigint;
  exact: bigint;
  closed: bigint;
  /** The interest accrued in all, paid or not. */
  accrued: bigint;
  /** What payments paid of the interest. */
  towardInterest: bigint;
}

/** A part of what a judgment bearing interest owes (`Owing`), which a payment pays in turn. */
type Part = 'principal' | 'compounded' | 'pending' | 'closed';

/**
 * The order a payment pays the parts owed in. Interest first, the United States rule (Story v.
 * Livingston, 38 U.S. (13 Pet.) 359, 371 (1839); 31 C.F.R. 901.9(f)): the interest accrued to its
 * date, then the principal. Interest compounded at an anniversary is part of the balance that earns
 * interest, so the payment goes to the interest not yet compounded before it: the balance falls by
 * what is paid beyond that, as if compounded interest were principal; within the balance the
 * compounded interest goes first, so that what the row calls principal is the order's money alone.
 * Principal first: the reverse.
 */
const PAYS: Readonly<Record<PaymentApplication, readonly Part[]>> = {
  interest_first: ['closed', 'pending', 'compounded', 'principal'],
  principal_first: ['principal', 'compounded', 'pending', 'closed'],
};

/** Rounds the interest accrued since the last rounding half up to the minor unit, into `pending`. */
const roundPending = (w: Owing): void => {
  const minor = mulDivRound(w.exact, 1n, BP * DAYS_PER_YEAR);
  w.pending += minor;
  w.accrued += minor;
  w.exact = 0n;
};

/** Applies a payment to the parts owed in `order`; what exceeds all of them is paid beyond what is owed. */
const applyPayment = (w: Owing, minor: bigint, order: readonly Part[]): void => {
  let left = minor;
  for (const part of order) {
    if (left <= 0n) return;
    // The interest a payment goes to is a sum of money: what accrued to its date, to the cent.
    if (part === 'pending') roundPending(w);
    const paid = left < w[part] ? left : w[part];
    w[part] -= paid;
    left -= paid;
    if (part !== 'principal') w.towardInterest += paid;
  }
};

/** The days after `from` through `last`, on which one deadline's interest runs. */
interface Window {
  readonly from: CalendarDate;
  readonly last: CalendarDate;
}

/**
 * Runs one deadline's interest: each day of `win` the balance outstanding at its start earns rate /
 * 365, summed exactly; at each anniversary of `from` the interest since the last one is rounded and
 * compounded; then that day's payments are applied (`payThrough`: interest runs to the date of
 * payment). What ran is owed from its end on and earns nothing under a later deadline. Returns the
 * last day interest ran (none when the balance was paid by the deadline itself).
 */
const runWindow = (
  w: Owing,
  win: Window,
  rate: PostJudgmentInterest,
  payThrough: (day: CalendarDate) => void,
): CalendarDate | undefined => {
  let through: CalendarDate | undefined;
  let anniversary = addOffset(win.from, { years: 1 });
  payThrough(win.from);
  for (let day = addDays(win.from, 1); day <= win.last; day = addDays(day, 1)) {
    const balance = w.principal + w.compounded;
    if (balance <= 0n) break;
    w.exact += balance * BigInt(rate.annualRateBasisPoints);
    through = day;
    if (day === anniversary) {
      roundPending(w);
      w.compounded += w.pending;
      w.pending = 0n;
      anniversary = addOffset(anniversary, { years: 1 });
    }
    // Interest runs to the date of payment (28 U.S.C. 1961(a)): the day's payments go after it.
    payThrough(day);
  }
  roundPending(w);
  w.closed += w.compounded + w.pending;
  w.compounded = 0n;
  w.pending = 0n;
  return through;
};

/**
 * What a judgment of `principal` owes once its payments are applied in date order as `rate` says
 * (interest first by default): interest runs on the `earlier` deadlines' windows, then on the
 * deadline in force's (`current`); payments after the last window go to what is owed then. Returns
 * the principal and the interest left, the interest accrued, what the payments paid of it, and the
 * last day interest ran under the deadline in force.
 */
const settle = (
  principal: bigint,
  earlier: readonly Window[],
  current: Window | undefined,
  rate: PostJudgmentInterest | undefined,
  payments: readonly Payment[],
) => {
  const w: Owing = {
    principal,
    compounded: 0n,
    pending: 0n,
    exact: 0n,
    closed: 0n,
    accrued: 0n,
    towardInterest: 0n,
  };
  const order = PAYS[rate?.paymentApplication ?? 'interest_first'];
  let next = 0;
  const payThrough = (day?: CalendarDate) => {
    for (; next < payments.length && (day === undefined || payments[next]!.on <= day); next++)
      applyPayment(w, payments[next]!.minor, order);
  };
  let through: CalendarDate | undefined;
  if (rate) {
    for (const win of earlier) runWindow(w, win, rate, payThrough);
    if (current) through = runWindow(w, current, rate, payThrough);
  }
  payThrough();
  return {
    principal: w.principal,
    interest: w.closed,
    accrued: w.accrued,
    towardInterest: w.towardInterest,
    ...(through === undefined ? {} : { through }),
  };
};

/**
 * Post-judgment interest (28 U.S.C. 1961(b)) accrued, paid or not, on a balance that falls due after
 * `dueOn`: each day from the day after it through `asOf`, the balance outstanding that day earns
 * rate / 365; the exact sum is rounded half up to the minor unit at each anniversary, where it is
 * added to the balance (compounded annually), and on `asOf`. Payments are applied at the end of their
 * own date, after its interest (interest runs to the date of payment), as `rate.paymentApplication`
 * says: to the interest accrued first (rounded to the minor unit then), unless it says principal first.
 */
export const postJudgmentInterest = (
  principal: bigint,
  dueOn: CalendarDate,
  asOf: CalendarDate,
  rate: PostJudgmentInterest,
  payments: readonly { on: CalendarDate; minor: bigint }[],
): bigint =>
  settle(
    principal,
    [],
    { from: dueOn, last: asOf },
    rate,
    payments.filter((x) => x.on <= asOf).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)),
  ).accrued;

/** The deadlines extensions replaced after they had passed, and the days interest ran on them. */
interface EarlierInterest {
  readonly windows: readonly Window[];
  readonly days: number;
  readonly since?: CalendarDate;
  readonly through?: CalendarDate;
  readonly extensions: readonly { readonly on: CalendarDate; readonly eventId: string }[];
}

/**
 * The days interest ran on the deadlines an extension replaced after they had passed: such an
 * extension sets a new deadline from its date on and, like a waiver, never erases what accrued
 * before it (docs/compliance.md 3); nothing accrues from it until the new deadline passes.
 */
const interestBeforeExtensions = (
  s: OrderFacts,
  p: PlacedOccurrence,
  asOf: CalendarDate,
  o: OccurrenceAnswer,
): EarlierInterest => {
  const windows: Window[] = [];
  let days = 0;
  let since: CalendarDate | undefined;
  let through: CalendarDate | undefined;
  const extensions: { on: CalendarDate; eventId: string }[] = [];
  for (const { extension: x, from, last } of replacedDeadlines(s, p, o, asOf)) {
    extensions.push({ on: x.on, eventId: x.eventId });
    if (last <= from) continue;
    windows.push({ from, last });
    days += daysBetween(from, last);
    since ??= addDays(from, 1);
    through = last;
  }
  return {
    windows,
    days,
    ...(since ? { since } : {}),
    ...(through ? { through } : {}),
    extensions,
  };
};

const NO_EARLIER: EarlierInterest = { windows: [], days: 0, extensions: [] };

/**
 * What a payment occurrence owes on `asOf`: the principal once due, and the interest (earlier
 * deadlines' included), its payments applied as the terms say. Waived after its deadline
 * (`waivedThrough`, the day its days late stop), the principal is no longer owed and the interest
 * that ran to then stays.
 */
const owedOn = (
  s: OrderFacts,
  p: PlacedOccurrence,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
  owed: { readonly amountMinor: number },
  payments: readonly Payment[],
  waivedThrough: CalendarDate | undefined,
) => {
  const rate = p.terms.interest;
  const earlier = rate ? interestBeforeExtensions(s, p, asOf, o) : NO_EARLIER;
  const until = waivedThrough ?? asOf;
  const due = o.dueOn < until;
  // The deadline in force governs from the extension that set it: no day before it earns interest under it.
  const from = countsAfter(o.dueOn, deadlineSetOn(s, p, asOf));
  const current = due && from < until ? { from, last: until } : undefined;
  const left = settle(BigInt(owed.amountMinor), earlier.windows, current, rate, payments);
  const outstanding = due && waivedThrough === undefined ? left.principal : 0n;
  // Paid, or waived: the days interest ran under the deadline in force end when the balance was paid.
  const ranThrough = outstanding > 0n ? until : left.through;
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
    interest: left.interest,
    towardInterest: left.towardInterest,
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
    ? `interest at ${(rate.annualRateBasisPoints / 100).toFixed(2)} % a year from ${since}, rounded half up to the cent at each anniversary, at each payment that goes to it and on ${asOf}`
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

/** The note of a row whose payments went in part to the interest, as the terms apply them. */
const towardInterestNote = (
  towardInterest: bigint,
  currency: string,
  rate: PostJudgmentInterest | undefined,
): string[] => {
  if (towardInterest <= 0n) return [];
  const paid = formatMoney(moneyOf(towardInterest, currency, 'paid toward interest'));
  return [
    rate?.paymentApplication === 'principal_first'
      ? `${paid} paid beyond the principal went to the interest accrued (the order applies payments to the principal first): the interest shown is what remains unpaid`
      : `${paid} of the payments went to the interest accrued to their dates before the principal (the United States rule, Story v. Livingston, 38 U.S. (13 Pet.) 359, 371 (1839)): the interest shown is what remains unpaid`,
  ];
};

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
 * post-judgment interest, payments applied to the interest first unless the terms say principal
 * first (`PAYS`); interest that ran on a deadline later extended stays owed, also while
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
    ...towardInterestNote(towardInterest, owed.currency, rate),
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

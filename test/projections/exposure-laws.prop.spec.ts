// Laws of accrued exposure and of the legal calendar (design.md 5 and 6.4), over reachable order histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  countingFor,
  decideOrder,
  evolveOrder,
  exposureOf,
  initialOrderState,
  isDomainRuleViolation,
  isOpen,
  latestTerms,
  maxDate,
  orderStatusOn,
  ownEntry,
  ruleOf,
  type CalendarDate,
  type Exposure,
  type OrderCommand,
  type OrderEvent,
  type OrderRuleCode,
  type OrderState,
} from '../../src/index.js';
import {
  commandFor,
  commandIntentArb,
  type CommandIntent,
  type CommandOptions,
  type OrderHistory,
} from '../../src/testing/index.js';
import { ACTORS, command, record } from '../support/order-builders.js';
import { asOfArb, fcParams, loggedHistoryArb, TIMEOUT } from './support.js';

const keyOf = (r: Exposure) =>
  `${r.occurrenceId}|${r.cause}|${r.violationId ?? ''}|${r.basis}|${r.cause === 'late' ? (r.since ?? '') : ''}`;

/**
 * Histories where the law holds without exception: no vacatur, no retroactive waiver, amendment or
 * modification (an order whose text reaches back changes the past: design.md 6.1), no waiver that
 * releases what accrued, and no order modification that declares the evidence record partial (from
 * its date an unmet occurrence reads `unverified` and accrues nothing: silence is not a default,
 * docs/compliance.md 1 and 6).
 */
const plain = (s: OrderState) =>
  s.terminated?.kind !== 'vacated' &&
  !s.live.some(
    (e) =>
      (e.type === 'ObligationWaived' &&
        (e.data.retroactive === true || e.data.releasesAccrued === true)) ||
      ((e.type === 'ObligationAmended' || e.type === 'OrderModified') &&
        e.data.retroactive === true) ||
      (e.type === 'OrderModified' && e.data.evidenceRecord === 'partial'),
  );

/**
 * Whether a finding known on the later date prices days that a late row had priced: days late the
 * finding's conduct covers become the breach's (each day is priced once), so that late row may end
 * earlier or go; the occurrence's days and stipulated penalties still never fall (`occurrenceTotals`).
 */
const relabelled = (before: Exposure, later: readonly Exposure[]): boolean =>
  before.cause === 'late' &&
  later.some(
    (r) =>
      r.cause === 'breach' && r.occurrenceId === before.occurrenceId && r.since! <= before.through!,
  );

/**
 * Whether the money an unpaid row counted fell due again by `d`: its deadline extended after it had
 * passed (docs/compliance.md 3: the new deadline holds from the extension's date), so the row counts
 * its days from the new deadline (and, without interest, goes until then); interest accrued before
 * must stay.
 */
const dueAgain = (s: OrderState, before: Exposure, d: CalendarDate): boolean =>
  before.basis === 'unpaid' &&
  s.live.some(
    (e) =>
      e.type === 'DeadlineExtended' &&
      e.data.obligationId === before.obligationId &&
      e.metadata.effectiveOn >= before.since! &&
      e.metadata.effectiveOn <= d,
  );

/** Two dates asked, the earlier first, and the state both are asked of. */
interface Asked {
  readonly s: OrderState;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/**
 * Whether an unpaid row may go by the later date: money owed can be paid, or fall due again later, so
 * a row without interest then goes, and one owing interest goes only once a payment made since the
 * earlier date paid it all (counted); nothing else ever goes.
 */
const mayGo = (at: Asked, before: Exposure): boolean => {
  if (before.basis !== 'unpaid') return false;
  if (before.interest!.amountMinor === 0) return true;
  const paid = paidBetween(at, before);
  if (paid) money.paidOff += 1;
  return paid;
};

/** A row accrued on an earlier date, seen again later: still there (unless its money was paid or falls due again, or its days found a violation), never smaller. */
const stillAccrued = (
  k: string,
  at: Asked,
  before: Exposure,
  after: Exposure | undefined,
  later: readonly Exposure[],
  again: boolean,
): void => {
  if (relabelled(before, later)) return;
  expect([k, at.to, after !== undefined || mayGo(at, before)]).toEqual([k, at.to, true]);
  if (!after) return;
  if (!again) expect(after.days).toBeGreaterThanOrEqual(before.days);
  amountsKept(before, after);
  if (before.basis === 'unpaid') moneyKept(k, at, before, after);
};

/**
 * Post-judgment interest on payment obligations (the generators state none, so interest was always
 * 0 and a law about it vacuous): five in six bear a rate of 0.01 % to 4 % a year, applying payments
 * to the interest first (the default) or, two times in five, to the principal first; with
 * `payments`, every other obligation with a deadline is a payment too, else half of them (one in
 * eight otherwise); and one payment in three pays a two-hundredth of what was drawn (often less
 * than the interest accrued, so that it goes to interest alone). Drawn from the intent, as
 * test/reference/engine-vs-model.prop.spec.ts does: the generators, and the fixed-seed histories of
 * the other properties, stay as they were.
 */
const withInterest = (c: OrderCommand, i: CommandIntent, payments: boolean): OrderCommand => {
  if (c.type === 'MakePayment') {
    if (i.amountMinor % 3 !== 0) return c;
    const amount = {
      ...c.data.amount,
      amountMinor: Math.max(1, Math.floor(c.data.amount.amountMinor / 200)),
    };
    return { ...c, data: { ...c.data, amount } };
  }
  if (c.type !== 'ImposeObligation') return c;
  const r = i.amountMinor % 6;
  const interest =
    r === 0
      ? {}
      : {
          interest: {
            annualRateBasisPoints: i.span,
            ...(r % 2 === 0 ? { paymentApplication: 'principal_first' as const } : {}),
          },
        };
  if (c.data.kind === 'payment') return { ...c, data: { ...c.data, ...interest } };
  if (
    c.data.schedule.kind === 'ongoing' ||
    i.bad ||
    (!payments && Math.floor(i.amountMinor / 6) % 2 === 1)
  )
    return c;
  const { requiresAcceptance: _, ...rest } = c.data;
  const amount = { amountMinor: i.amountMinor, currency: i.currency };
  return { ...c, data: { ...rest, kind: 'payment', amount, ...interest } };
};

/**
 * A payment made late, after the history: toward the `pick`th payment occurrence not yet paid on the
 * last date of the history, `after` days past that date or its deadline, whichever is later, of a
 * part of the principal: a two-hundredth (often less than the interest accrued), half, all, or 2 %
 * more (beyond the principal, so that under `principal_first` it goes to interest too). The
 * generators pay mostly on time, before interest runs.
 */
interface LatePayment {
  readonly pick: number;
  readonly after: number;
  readonly part: 'small' | 'half' | 'all' | 'over';
}

const latePaymentArb: fc.Arbitrary<LatePayment> = fc.record({
  pick: fc.nat({ max: 1000 }),
  after: fc.integer({ min: 1, max: 400 }),
  part: fc.constantFrom('small', 'half', 'all', 'over'),
});

/** Command weights of histories of money judgments: more obligations imposed, paid more often, the order entered sooner. */
const MONEY: CommandOptions = { weights: { ImposeObligation: 12, MakePayment: 15, EnterOrder: 4 } };

/** The statuses of an occurrence not yet paid (nor excused, nor unverified). */
const UNPAID = new Set(['upcoming', 'due_soon', 'overdue', 'breached']);

/** The share of the principal each part of a late payment pays. */
const PART = { small: 1 / 200, half: 1 / 2, all: 1, over: 1.02 };

/** The commands of the late payments in `s` (the state the intents reached), in date order. */
const latePayments = (s: OrderState, late: readonly LatePayment[]): OrderCommand[] => {
  const clock = s.live.reduce(
    (d, e) => (e.metadata.effectiveOn > d ? e.metadata.effectiveOn : d),
    '2011-03-01' as CalendarDate,
  );
  const owing = orderStatusOn(s, clock).occurrences.flatMap((o) => {
    const ob = ownEntry(s.obligations, o.obligationId);
    const amount = ob && latestTerms(ob).amount;
    return amount && UNPAID.has(o.status) ? [{ o, amount }] : [];
  });
  if (owing.length === 0) return [];
  return late
    .map((t, n) => {
      const { o, amount } = owing[t.pick % owing.length]!;
      const paid = Math.max(1, Math.floor(amount.amountMinor * PART[t.part]));
      return command(
        'MakePayment',
        {
          paymentId: `late-payment-${n}`,
          obligationId: o.obligationId,
          occurrence: o.key,
          amount: { amountMinor: paid, currency: amount.currency },
        },
        { on: addDays(maxDate(clock, o.dueOn), t.after), by: ACTORS.x, id: 900_000 + n },
      );
    })
    .sort((a, b) => a.meta.effectiveOn.localeCompare(b.meta.effectiveOn));
};

/** A history whose payment obligations bear interest, and the dates of the payments made late (`latePayments`). */
interface InterestHistory extends OrderHistory {
  readonly paidLate: readonly CalendarDate[];
}

/**
 * A reachable history whose payment obligations bear interest: as `runIntents` (src/testing), each
 * intent aimed at the state reached so far, given interest (`withInterest`), decided and folded,
 * then the late payments (`latePayments`); refusals dropped. A counterexample prints the commands
 * accepted, one a line.
 */
const runWithInterest = (
  intents: readonly CommandIntent[],
  late: readonly LatePayment[],
  options: CommandOptions,
  payments: boolean,
): InterestHistory => {
  let state = initialOrderState();
  const events: OrderEvent[] = [];
  const commands: OrderCommand[] = [];
  const refused: { command: OrderCommand; code: OrderRuleCode }[] = [];
  const run = (c: OrderCommand): boolean => {
    try {
      for (const e of decideOrder(c, state)) {
        events.push(e);
        state = evolveOrder(state, e);
      }
      commands.push(c);
      return true;
    } catch (e) {
      if (!isDomainRuleViolation(e)) throw e;
      refused.push({ command: c, code: e.code as OrderRuleCode });
      return false;
    }
  };
  for (const intent of intents)
    run(withInterest(commandFor(intent, state, options), intent, payments));
  const paidLate = latePayments(state, late)
    .filter(run)
    .map((c) => c.meta.effectiveOn);
  const h: InterestHistory = { events, state, commands, refused, paidLate };
  return Object.defineProperty(h, fc.toStringMethod, {
    value: () =>
      commands.map((x) => `  ${x.meta.effectiveOn} ${x.type} ${JSON.stringify(x.data)}`).join('\n'),
  });
};

/**
 * Histories of 3 to 30 commands (as `loggedHistoryArb`) whose payment obligations bear interest, then
 * 1 to 4 payments made late (none when no payment is owed); `payments`: histories of money
 * judgments (`MONEY`, every obligation with a deadline a payment).
 */
const interestHistoryArb = (payments: boolean) => {
  const options = payments ? MONEY : {};
  return fc
    .tuple(
      fc.array(commandIntentArb(options), { minLength: 3, maxLength: 30, size: 'max' }),
      fc.array(latePaymentArb, { minLength: 1, maxLength: 4 }),
    )
    .map(([intents, late]) => runWithInterest(intents, late, options, payments))
    .filter((h) => h.events.length > 0);
};

/**
 * Dates asked around the payments made late (`latePayments`), one before each and one on or after
 * it: most payments in a history are made before the deadline, when no interest runs, and those
 * made late are a few dates among many.
 */
const aroundPaymentsArb = (h: InterestHistory): fc.Arbitrary<CalendarDate[]> =>
  fc
    .subarray([...h.paidLate], {
      minLength: Math.min(h.paidLate.length, 1),
      maxLength: Math.min(h.paidLate.length, 3),
    })
    .chain((some) =>
      fc.tuple(...some.map((on) => fc.tuple(fc.constant(on), fc.nat(7), fc.nat(30)))),
    )
    .map((around) =>
      around.flatMap(([on, before, after]) => [addDays(on, -1 - before), addDays(on, after)]),
    );

/** Whether a payment toward the occurrence, in the row's currency, took effect after `from` and by `to`. */
const paidBetween = (at: Asked, r: Exposure): boolean =>
  (ownEntry(at.s.occurrences, r.occurrenceId)?.evidence ?? []).some(
    (e) =>
      e.kind === 'payment' &&
      e.amount?.currency === r.amount?.currency &&
      at.from < e.on &&
      e.on <= at.to,
  );

/** The note of an unpaid row that says how much of the payments went to its interest (`towardInterestNote`). */
const TOWARD_INTEREST =
  /^[A-Z]{3} ([\d,.]+) (?:of the payments|paid beyond the principal) went to the interest accrued/;

/** What payments paid of a row's interest, in minor units, as its note says (0 when no note does). */
const paidToInterest = (r: Exposure): number => {
  const m = r.notes.map((n) => TOWARD_INTEREST.exec(n)).find((x) => x !== null);
  // The figure is exact, written with the currency's minor digits: without separators, minor units.
  return m ? Number(m[1]!.replace(/[,.]/g, '')) : 0;
};

/** How often the unpaid law met each of its cases, over the run (each must be met often). */
const money = {
  /** Unpaid rows compared across two dates, and of them those that owed interest on the earlier. */
  rows: 0,
  interest: 0,
  /** Of those, the rows whose payments had gone in part to interest on the later date, by how the order applies them. */
  interestFirst: 0,
  principalFirst: 0,
  /** Of those, the rows toward whose occurrence a payment took effect between the dates; and those whose interest owed fell. */
  paidBetween: 0,
  interestFell: 0,
  /** Interest ran more than a year (compounded at an anniversary). */
  compounded: 0,
  /** The principal rose from nothing: it fell due between the dates. */
  fellDue: 0,
  /** A row owing interest went, paid off by a payment between the dates. */
  paidOff: 0,
};

/** Expects `a` ≥ `b`, naming the figure, the row and the later date if not. */
const atLeast = (what: string, k: string, at: Asked, a: number, b: number): void =>
  expect([what, k, at.from, at.to, a >= b ? 'ok' : `${a} < ${b}`]).toEqual([
    what,
    k,
    at.from,
    at.to,
    'ok',
  ]);

/**
 * An unpaid row seen again later (the state fixed): what payments paid of its interest never falls,
 * nor the interest accrued (owed plus paid: interest is never erased, only paid); the interest owed
 * falls only when a payment toward the occurrence took effect after the earlier date and by the
 * later one; the principal owed never rises (interest compounded at an anniversary is reported as
 * interest), but from nothing when it falls due between the dates (after an extension granted once
 * the deadline had passed).
 */
const moneyKept = (k: string, at: Asked, before: Exposure, after: Exposure): void => {
  const paid = [paidToInterest(before), paidToInterest(after)] as const;
  const owed = [before.interest!.amountMinor, after.interest!.amountMinor] as const;
  const principal = [before.principal!.amountMinor, after.principal!.amountMinor] as const;
  const between = paidBetween(at, before);
  atLeast('paid toward interest', k, at, paid[1], paid[0]);
  atLeast('interest accrued (owed + paid)', k, at, owed[1] + paid[1], owed[0] + paid[0]);
  if (!between) atLeast('interest owed, nothing paid between', k, at, owed[1], owed[0]);
  if (principal[1] > principal[0]) {
    money.fellDue += 1;
    const o = orderStatusOn(at.s, at.from).occurrences.find((x) => x.id === before.occurrenceId);
    expect([k, at.from, at.to, principal[0], o !== undefined && o.dueOn >= at.from]).toEqual([
      k,
      at.from,
      at.to,
      0,
      true,
    ]);
  }
  money.rows += 1;
  if (owed[0] + paid[0] === 0) return;
  money.interest += 1;
  if (paid[1] > 0)
    money[
      after.notes.some((n) => n.includes('principal first')) ? 'principalFirst' : 'interestFirst'
    ] += 1;
  if (between) money.paidBetween += 1;
  if (owed[1] < owed[0]) money.interestFell += 1;
  if (after.days > 365) money.compounded += 1;
};

/** Stipulated amounts never fall; a statutory amount falls only as days leave the window (unpaid money: `moneyKept`). */
const amountsKept = (before: Exposure, after: Exposure): void => {
  if (before.basis === 'stipulated')
    expect(after.amount!.amountMinor).toBeGreaterThanOrEqual(before.amount!.amountMinor);
  if (before.basis === 'statutory' && after.daysCounted === after.days && before.rate && after.rate)
    expect(after.amount!.amountMinor).toBeGreaterThanOrEqual(before.amount!.amountMinor);
};

/** Per occurrence, over its late and breach rows: the days of violation priced, and the stipulated penalties per currency. */
const occurrenceTotals = (rows: readonly Exposure[]): Map<string, number> => {
  const totals = new Map<string, number>();
  const add = (k: string, n: number) => totals.set(k, (totals.get(k) ?? 0) + n);
  for (const r of rows) {
    if (r.cause === 'unpaid') continue;
    add(`${r.occurrenceId}|days`, r.days);
    if (r.basis === 'stipulated' && r.amount)
      add(`${r.occurrenceId}|stipulated ${r.amount.currency}`, r.amount.amountMinor);
  }
  return totals;
};

/**
 * Each day is priced once: no day of an occurrence is in two of its late rows (across extensions
 * too), nor late and a finding's (two findings are two violations, each pricing its own days).
 * Returns how many pairs of rows of one occurrence were compared, and how many were two late rows.
 */
const pricedOnce = (
  exposure: readonly Exposure[],
  d: CalendarDate,
): { pairs: number; latePairs: number } => {
  const priced = exposure
    .filter((r) => r.cause !== 'unpaid')
    .sort((x, y) =>
      x.occurrenceId !== y.occurrenceId
        ? x.occurrenceId < y.occurrenceId
          ? -1
          : 1
        : x.since! < y.since!
          ? -1
          : x.since! > y.since!
            ? 1
            : 0,
    );
  let pairs = 0;
  let latePairs = 0;
  for (let i = 0; i < priced.length; i++)
    for (let j = i + 1; j < priced.length; j++) {
      const [x, y] = [priced[i]!, priced[j]!];
      if (x.occurrenceId !== y.occurrenceId || (x.cause === 'breach' && y.cause === 'breach'))
        continue;
      pairs += 1;
      if (x.cause === 'late' && y.cause === 'late') latePairs += 1;
      expect([y.occurrenceId, d, x.since, x.through! < y.since! || y.through! < x.since!]).toEqual([
        y.occurrenceId,
        d,
        x.since,
        true,
      ]);
    }
  return { pairs, latePairs };
};

describe('accrued exposure', () => {
  const arb = loggedHistoryArb().chain((h) =>
    fc.tuple(fc.constant(h), fc.uniqueArray(asOfArb(h), { minLength: 2, maxLength: 5 })),
  );

  // Payment obligations bear post-judgment interest (`withInterest`), in ordinary histories and in
  // histories of money judgments (`MONEY`), each with payments made late; some of the dates asked
  // are around those payments.
  const moneyArb = fc
    .oneof(interestHistoryArb(false), interestHistoryArb(true))
    .chain((h) =>
      fc
        .tuple(
          fc.constant(h),
          fc.uniqueArray(asOfArb(h), { minLength: 2, maxLength: 3 }),
          aroundPaymentsArb(h),
        )
        .map(([h, dates, around]) => [h, [...new Set([...dates, ...around])]] as const),
    );

  it(
    'never decreases as the date asked grows (no retraction is learned: the state is fixed): no row vanishes but unpaid money once paid, days accrued never fall, penalty amounts never fall except statutory days leaving the five-year window; interest accrued (owed plus paid) never falls, interest owed falls only by a payment made between the dates, principal owed rises only as it falls due',
    () => {
      let compared = 0;
      let relabels = 0;
      fc.assert(
        fc.property(moneyArb, ([h, dates]) => {
          if (!plain(h.state)) return;
          const ds = [...dates].sort();
          const answers = ds.map((d) => exposureOf(h.state, d));
          const rows = answers.map((a) => new Map(a.map((r) => [keyOf(r), r])));
          for (let i = 1; i < ds.length; i++) {
            for (const [k, before] of rows[i - 1]!) {
              compared += 1;
              if (relabelled(before, answers[i]!)) relabels += 1;
              stillAccrued(
                k,
                { s: h.state, from: ds[i - 1]!, to: ds[i]! },
                before,
                rows[i]!.get(k),
                answers[i]!,
                dueAgain(h.state, before, ds[i]!),
              );
            }
            const later = occurrenceTotals(answers[i]!);
            for (const [k, n] of occurrenceTotals(answers[i - 1]!))
              expect([k, ds[i], later.get(k) ?? 0]).toEqual([
                k,
                ds[i],
                Math.max(n, later.get(k) ?? 0),
              ]);
          }
        }),
        fcParams(80),
      );
      expect(compared).toBeGreaterThan(30); // rows exist on most histories and are compared across dates
      expect(relabels * 4).toBeLessThan(compared); // the exception for days a finding prices stays an exception
      // The unpaid law is checked on rows owing interest, applied both ways, across anniversaries,
      // and across payments made between the dates that paid part (the interest owed fell) or all.
      expect(money.interest).toBeGreaterThan(40);
      expect(money.interestFirst).toBeGreaterThan(3);
      expect(money.principalFirst).toBeGreaterThan(0);
      expect(money.compounded).toBeGreaterThan(20);
      expect(money.paidBetween).toBeGreaterThan(4);
      expect(money.interestFell).toBeGreaterThan(1);
      expect(money.paidOff).toBeGreaterThan(3);
    },
    TIMEOUT,
  );

  it(
    "counts no day after the date asked, none after the order's end but unpaid money, at the statutory ceiling none older than five years, and no day of an occurrence priced twice (late, or a finding's)",
    () => {
      let rows = 0;
      let pairs = 0;
      let latePairs = 0;
      let statutory = 0;
      fc.assert(
        fc.property(arb, ([h, dates]) => {
          for (const d of dates) {
            const a = orderStatusOn(h.state, d);
            const exposure = exposureOf(h.state, d);
            for (const r of exposure) {
              rows += 1;
              expect(r.through === undefined || r.through <= d).toBe(true);
              if (a.endedOn !== undefined && r.basis !== 'unpaid')
                expect(r.through! < a.endedOn || h.state.terminated?.on === r.through).toBe(true);
              if (r.basis === 'statutory') {
                statutory += 1;
                expect(r.daysCounted).toBeLessThanOrEqual(Math.min(r.days, 5 * 366));
              }
            }
            const met = pricedOnce(exposure, d);
            pairs += met.pairs;
            latePairs += met.latePairs;
          }
        }),
        fcParams(80),
      );
      expect(rows).toBeGreaterThan(30);
      expect(pairs).toBeGreaterThan(0); // rows of one occurrence meet on some histories
      expect(latePairs).toBeGreaterThan(0); // and two late rows of one (a late extension) on a few
      expect(statutory).toBeGreaterThan(0); // FTC administrative orders without tiers on some
    },
    TIMEOUT,
  );
});

describe('the legal calendar on reachable histories', () => {
  const arb = loggedHistoryArb().chain((h) =>
    fc.tuple(fc.constant(h), fc.array(asOfArb(h), { minLength: 1, maxLength: 4 })),
  );

  it(
    'under frcp6 no deadline lands on a weekend, a federal holiday, an executive-order closure or a day the order declared closed',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arb, ([h, dates]) => {
          for (const d of dates as CalendarDate[]) {
            for (const o of orderStatusOn(h.state, d).occurrences) {
              // An extension's new date is rolled by the counting that governs it (design.md 6.1:
              // a change of counting governs the deadlines that fall on or after its date).
              const extension = (h.state.occurrences[o.id]?.extensions ?? [])
                .filter((x) => x.on <= d)
                .at(-1);
              const counting = countingFor(h.state, extension?.newDueOn ?? o.nominalDueOn, d);
              if (o.key === 'ongoing' || ruleOf(counting) !== 'frcp6') continue;
              checked += 1;
              expect([o.id, d, o.dueOn, isOpen(o.dueOn, counting)]).toEqual([
                o.id,
                d,
                o.dueOn,
                true,
              ]);
            }
          }
        }),
        fcParams(80),
      );
      expect(checked).toBeGreaterThan(100);
    },
    TIMEOUT,
  );
});

describe('one continuing violation (docs/compliance.md 6)', () => {
  // A report due Wednesday 2023-03-01 and never filed, under random tiers; a finding about conduct
  // from a day it was already late, effective that day or later, perhaps cured later, and perhaps
  // another about days before that conduct (next to it or not, found before or after it). Every day
  // from the deadline to the date asked is a day of violation, late or found, priced once, each
  // at the tier of its number: the rows' stipulated amounts add up to the tiers applied to days
  // 1..n, n the days late, whatever the findings and the cure do to the rows.
  const day = (n: number) =>
    new Date(Date.UTC(2023, 2, 1 + n)).toISOString().slice(0, 10) as CalendarDate;
  const tiersArb = fc
    .tuple(
      fc.integer({ min: 2, max: 40 }),
      fc.integer({ min: 1, max: 40 }),
      fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 3, maxLength: 3 }),
    )
    .map(([first, second, [a, b, c]]) => [
      { fromDay: 1, toDay: first - 1, perDay: { amountMinor: a!, currency: 'USD' } },
      { fromDay: first, toDay: first + second - 1, perDay: { amountMinor: b!, currency: 'USD' } },
      { fromDay: first + second, perDay: { amountMinor: c!, currency: 'USD' } },
    ]);
  const caseArb = fc.record({
    tiers: tiersArb,
    from: fc.integer({ min: 1, max: 40 }),
    effectiveAfter: fc.integer({ min: 0, max: 30 }),
    curedAfter: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    earlier: fc.option(
      fc.record({
        gap: fc.integer({ min: 0, max: 3 }),
        length: fc.integer({ min: 1, max: 4 }),
        effectiveAfter: fc.integer({ min: 0, max: 60 }),
      }),
      { nil: undefined },
    ),
    asked: fc.integer({ min: 1, max: 100 }),
  });
  type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
  /** The earlier finding's conduct, days `from` through `to` before the first finding's, if they fit after the deadline. */
  const earlierOf = (c: Case) => {
    if (c.earlier === undefined) return undefined;
    const to = c.from - 1 - c.earlier.gap;
    const from = to - c.earlier.length + 1;
    return from >= 1 ? { from, to, effective: from + c.earlier.effectiveAfter } : undefined;
  };
  const oracle = (
    tiers: { fromDay: number; toDay?: number; perDay: { amountMinor: number } }[],
    n: number,
  ) => {
    let total = 0;
    for (let k = 1; k <= n; k++)
      total += tiers.find((t) => t.fromDay <= k && (t.toDay === undefined || k <= t.toDay))!.perDay
        .amountMinor;
    return total;
  };

  it('prices the days 1..n of a report n days late once each, at their tiers, across findings and a cure', () => {
    const seen = { found: 0, cured: 0, twoFound: 0, adjacent: 0 };
    fc.assert(
      fc.property(caseArb, (c) => {
        const effective = c.from + c.effectiveAfter;
        const earlier = earlierOf(c);
        const filed = [
          command(
            'FileOrder',
            { orderId: 'o-tiers', title: 'Order', kind: 'stipulated_order', forum: 'N.D. Cal.' },
            { on: '2023-01-02' },
          ),
          command(
            'EnterOrder',
            { termEndsOn: '2043-01-02' },
            { on: '2023-01-02', by: ACTORS.court },
          ),
          command(
            'ImposeObligation',
            {
              obligationId: 'report',
              title: 'Report',
              kind: 'report',
              schedule: { kind: 'once', dueOn: '2023-03-01' },
              stipulatedPenalties: c.tiers,
            },
            { on: '2023-01-02' },
          ),
        ];
        const findings = [
          command(
            'FindViolation',
            {
              violationId: 'v',
              obligationId: 'report',
              summary: 'Not filed',
              period: { from: day(c.from) },
            },
            { on: day(effective) },
          ),
          ...(c.curedAfter === undefined
            ? []
            : [
                command(
                  'CureViolation',
                  { violationId: 'v', summary: 'Cured' },
                  { on: day(effective + c.curedAfter), by: ACTORS.x },
                ),
              ]),
          ...(earlier === undefined
            ? []
            : [
                command(
                  'FindViolation',
                  {
                    violationId: 'v0',
                    obligationId: 'report',
                    summary: 'Not filed, earlier',
                    period: { from: day(earlier.from), to: day(earlier.to) },
                  },
                  { on: day(earlier.effective) },
                ),
              ]),
        ];
        // Recorded in the order they take effect: the earlier conduct may be found first or last.
        const commands = [
          ...filed,
          ...findings.sort((a, b) => a.meta.effectiveOn.localeCompare(b.meta.effectiveOn)),
        ];
        const s = record(commands).state;
        const rows = exposureOf(s, day(c.asked));
        if (rows.some((r) => r.cause === 'breach')) seen.found += 1;
        if (c.curedAfter !== undefined && c.asked >= effective + c.curedAfter) seen.cured += 1;
        if (new Set(rows.map((r) => r.violationId).filter(Boolean)).size === 2) {
          seen.twoFound += 1;
          if (earlier!.to === c.from - 1) seen.adjacent += 1;
        }
        expect(rows.reduce((n, r) => n + r.days, 0)).toBe(c.asked);
        expect(rows.reduce((n, r) => n + (r.amount?.amountMinor ?? 0), 0)).toBe(
          oracle(c.tiers, c.asked),
        );
      }),
      fcParams(200),
    );
    // Most cases price a finding, and many a cure after it: the law is not about late rows alone.
    expect(seen.found).toBeGreaterThan(60);
    expect(seen.cured).toBeGreaterThan(20);
    // Many price both findings, some of them on days next to each other.
    expect(seen.twoFound).toBeGreaterThan(20);
    expect(seen.adjacent).toBeGreaterThan(5);
  });
});

// Laws of accrued exposure and of the legal calendar (design.md 5 and 6.4), over reachable order histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countingFor,
  exposureOf,
  isOpen,
  orderStatusOn,
  ruleOf,
  type CalendarDate,
  type Exposure,
  type OrderState,
} from '../../src/index.js';
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

/** A row accrued on an earlier date, seen again later: still there (unless its money is owed without interest, or its days found a violation), never smaller. */
const stillAccrued = (
  k: string,
  d: CalendarDate,
  before: Exposure,
  after: Exposure | undefined,
  later: readonly Exposure[],
  again: boolean,
): void => {
  if (relabelled(before, later)) return;
  // Money owed can be paid, or fall due again later: an unpaid row without interest goes then;
  // nothing else ever goes.
  const paidOff = before.basis === 'unpaid' && before.interest?.amountMinor === 0;
  expect([k, d, after !== undefined || paidOff]).toEqual([k, d, true]);
  if (!after) return;
  if (!again) expect(after.days).toBeGreaterThanOrEqual(before.days);
  amountsKept(before, after);
};

/** Stipulated amounts and interest never fall; a statutory amount falls only as days leave the window. */
const amountsKept = (before: Exposure, after: Exposure): void => {
  if (before.basis === 'stipulated')
    expect(after.amount!.amountMinor).toBeGreaterThanOrEqual(before.amount!.amountMinor);
  if (before.basis === 'unpaid')
    expect(after.interest!.amountMinor).toBeGreaterThanOrEqual(before.interest!.amountMinor);
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

  it(
    'never decreases as the date asked grows (no retraction is learned: the state is fixed): no row vanishes but unpaid money once paid, days accrued never fall, penalty amounts never fall except statutory days leaving the five-year window, interest never falls',
    () => {
      let compared = 0;
      let relabels = 0;
      fc.assert(
        fc.property(arb, ([h, dates]) => {
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
                ds[i]!,
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

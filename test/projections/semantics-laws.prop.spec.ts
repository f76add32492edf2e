// Laws of the compliance semantics v2 (design.md 6.1, 6.2; docs/compliance.md), over reachable
// order histories: prospectivity, no default from silence, a trigger before imposition creates nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  decideOrder,
  evolveOrder,
  isDomainRuleViolation,
  latestTerms,
  OrderCommand,
  evidenceRecordFor,
  orderStatusOn,
  placedOccurrenceOf,
  type CalendarDate,
  type OccurrenceAnswer,
  type OrderAnswer,
  type OrderEvent,
  type OrderState,
  type Schedule,
} from '../../src/index.js';
import { orderEndOn } from '../../projections/compliance/order-end.js';
import { asOfArb, fcParams, fold, loggedHistoryArb, TIMEOUT } from './support.js';

const COURT = { role: 'court', name: 'U.S. District Court' } as const;
let ids = 0;
const eventId = () => `eeeeeeee-0000-4000-8000-${(ids += 1).toString(16).padStart(12, '0')}`;

/** The one event a command records on `s`, or undefined when the decider refuses it or records nothing. */
const attempt = (s: OrderState, c: unknown): OrderEvent | undefined => {
  try {
    return decideOrder(OrderCommand.parse(c), s)[0];
  } catch (e) {
    if (isDomainRuleViolation(e)) return undefined;
    throw e;
  }
};

const SCHEDULES: readonly ((on: CalendarDate) => Schedule)[] = [
  (on) => ({ kind: 'once', dueOn: addDays(on, 45) }),
  (on) => ({ kind: 'recurring', every: { months: 6 }, start: { on: addDays(on, -100) } }),
  (on) => ({ kind: 'recurring', every: { years: 1 }, start: { on: addDays(on, 17) } }),
  () => ({ kind: 'after', anchor: { kind: 'order_entry' }, offset: { days: 90 } }),
];

/** A change effective E that is not retroactive: an amendment (schedule, amount or acceptance), a change of day counting, or a waiver. */
const changeArb = fc.record({
  kind: fc.constantFrom('schedule', 'amount', 'acceptance', 'counting', 'waiver'),
  pick: fc.nat(),
  schedule: fc.nat({ max: SCHEDULES.length - 1 }),
});

const commandFor = (
  s: OrderState,
  E: CalendarDate,
  ch: { kind: string; pick: number; schedule: number },
) => {
  const meta = { eventId: eventId(), effectiveOn: E, actor: COURT };
  if (ch.kind === 'counting')
    return {
      type: 'ModifyOrder',
      data: { summary: 'Day counting changed', dayCounting: { rollForward: ch.pick % 2 === 0 } },
      meta,
    };
  const obligations = Object.values(s.obligations);
  const o = obligations[ch.pick % Math.max(obligations.length, 1)];
  if (!o) return undefined;
  if (ch.kind === 'waiver')
    return {
      type: 'WaiveObligation',
      data: { obligationId: o.id, reason: 'Relief granted' },
      meta,
    };
  const terms = latestTerms(o);
  const changes =
    ch.kind === 'schedule'
      ? { schedule: SCHEDULES[ch.schedule]!(E) }
      : ch.kind === 'amount'
        ? terms.amount
          ? { amount: { ...terms.amount, amountMinor: terms.amount.amountMinor * 2 } }
          : { title: 'Renamed' }
        : { requiresAcceptance: !terms.requiresAcceptance };
  return { type: 'AmendObligation', data: { obligationId: o.id, changes }, meta };
};

const pick = (x: OccurrenceAnswer | undefined) =>
  x && { status: x.status, dueOn: x.dueOn, daysLate: x.daysLate, satisfiedOn: x.satisfiedOn };
const UNMET = new Set(['overdue', 'unverified', 'due_soon', 'submitted', 'upcoming']);

/** Whether an occurrence was unmet in an answer: open, or breached with nothing satisfying it. */
const unmetOn = (x: OccurrenceAnswer | undefined): boolean =>
  x !== undefined &&
  (UNMET.has(x.status) || (x.status === 'breached' && x.satisfiedOn === undefined));

/**
 * An occurrence's answer with its days late stopped on `E` (design.md 6.1: a waiver stops them),
 * or on `stopped` when they had stopped earlier (the order's end, a supersession),
 * none when it was `unverified` then (a partial record's silence is no default, 6.2), and no
 * evidence dated after the waiver (what the waiver excused needs none).
 */
const lateStoppedOn = (
  x: NonNullable<ReturnType<typeof pick>>,
  E: CalendarDate,
  unverified: boolean,
  stopped: CalendarDate | undefined,
) => {
  const through = stopped !== undefined && stopped < E ? stopped : E;
  const late = unverified ? 0 : Math.min(x.daysLate ?? 0, daysBetween(x.dueOn, through));
  return {
    ...x,
    daysLate: late > 0 ? late : undefined,
    satisfiedOn: x.satisfiedOn !== undefined && x.satisfiedOn <= E ? x.satisfiedOn : undefined,
  };
};

/**
 * The day days late had stopped by before a waiver effective E could stop them, as known on `d`:
 * the order's last day (not for a payment, which outlives it) or the obligation's supersession.
 */
const stoppedBefore = (
  s: OrderState,
  o: OccurrenceAnswer,
  E: CalendarDate,
  d: CalendarDate,
): CalendarDate | undefined => {
  const end = o.kind === 'payment' ? undefined : orderEndOn(s, d)?.lastDay;
  const sup = s.obligations[o.obligationId]?.superseded;
  return [end, sup !== undefined && sup.on <= d ? sup.on : undefined]
    .filter((x): x is CalendarDate => x !== undefined && x < E)
    .sort()[0];
};

/**
 * Whether an occurrence was unmet on `E`: from the answer then, or, when that answer does not list
 * it (the order not entered, the duty not imposed yet), from its evidence's date.
 */
const unmetAt = (
  atE: OrderAnswer,
  o: OccurrenceAnswer,
  onE: OccurrenceAnswer | undefined,
  E: CalendarDate,
): boolean =>
  atE.status === 'pending_entry' || onE === undefined
    ? // waived later (its answer then) says nothing of E; a filing still awaiting a decision on
      // the date asked awaited it on E too, and a filing awaiting a decision is unmet (`unmetOn`)
      !['superseded', 'void', 'in_force'].includes(o.status) &&
      (o.satisfiedOn === undefined || o.satisfiedOn > E || o.status === 'submitted')
    : unmetOn(onE);

/** Whether a piece of evidence is a submission rejected by `d`. */
const rejectedBy = (
  s: OrderState,
  e: { readonly kind: string; readonly factId: string },
  d: CalendarDate,
): boolean => {
  const decision = e.kind === 'submission' ? s.submissions[e.factId]?.decision : undefined;
  return decision?.accepted === false && decision.on <= d;
};

/**
 * Whether the evidence dated by E for an occurrence was all filings rejected by `d`: a rejection
 * says a filing never counted, from the rejection on, so as known on `d` the occurrence was unmet
 * on E (met by E only in the answer on E, before the rejection).
 */
const rejectedSince = (
  s: OrderState,
  o: OccurrenceAnswer,
  E: CalendarDate,
  d: CalendarDate,
): boolean => {
  const byE = (s.occurrences[o.id]?.evidence ?? []).filter((e) => e.on <= E);
  return byE.length > 0 && byE.every((e) => rejectedBy(s, e, d));
};

/**
 * Whether nothing proved an occurrence late by E (design.md 6.2, silence is no default): a partial
 * record (the duty's own, else the order's governing its scheduled deadline as known on `d`), no rejection of its evidence on file by `d`,
 * and no evidence dated by E.
 */
const unprovenBy = (
  s: OrderState,
  o: OccurrenceAnswer,
  E: CalendarDate,
  d: CalendarDate,
): boolean => {
  const placed = placedOccurrenceOf(s, o.obligationId, o.key, d);
  const own = placed?.terms.evidenceRecord;
  // The order's record is the one governing the scheduled deadline (a change governs forward).
  const partial =
    own === 'partial' ||
    (own === undefined && evidenceRecordFor(s, placed?.spec.dueOn ?? o.dueOn, d) === 'partial');
  const evidence = s.occurrences[o.id]?.evidence ?? [];
  const rejected = evidence.some((e) => rejectedBy(s, e, d));
  return partial && !rejected && !evidence.some((e) => e.on <= E);
};

/**
 * Whether a duty imposed on or after E counts from another's satisfaction: it reads that anchor as
 * the change left it, so its occurrence placed before E under the old anchor was never due under it.
 */
const anchoredFrom = (s: OrderState, obligationId: string, E: CalendarDate): boolean => {
  const o = s.obligations[obligationId];
  const onSatisfaction = (x: Schedule | undefined) =>
    x?.kind === 'after' && x.anchor.kind === 'satisfaction';
  return (
    o !== undefined &&
    o.on >= E &&
    (onSatisfaction(o.terms.schedule) ||
      o.amendments.some((a) => onSatisfaction(a.changes.schedule)))
  );
};

/**
 * Whether an occurrence counts no day late to E, as known on `d`: unverified on E, unless a
 * rejection on file by `d` says it was unmet (the regulator's word, whenever it came), or unproven
 * by E (`unprovenBy`).
 */
const unverifiedOn = (
  s: OrderState,
  o: OccurrenceAnswer,
  onE: OccurrenceAnswer | undefined,
  E: CalendarDate,
  d: CalendarDate,
): boolean => {
  const rejected = (s.occurrences[o.id]?.evidence ?? []).some((x) => rejectedBy(s, x, d));
  return (onE?.status === 'unverified' && !rejected) || unprovenBy(s, o, E, d);
};

/** Whether the law compares an occurrence: due before E, not ongoing, not of a duty imposed from E on that counts from another's being met. */
const dueBefore = (s: OrderState, o: OccurrenceAnswer, E: CalendarDate): boolean =>
  o.dueOn < E && o.key !== 'ongoing' && o.nominalDueOn < E && !anchoredFrom(s, o.obligationId, E);

/**
 * Checks that every occurrence due before E answers alike with and without the change; returns
 * how many were compared. `atE`: the answer on E without the change, for what was unmet then.
 */
const sameBeforeE = (
  s: OrderState,
  was: OrderAnswer,
  now: OrderAnswer,
  atE: OrderAnswer,
  E: CalendarDate,
  e: OrderEvent,
  d: CalendarDate,
): number => {
  const byId = new Map(now.occurrences.map((o) => [o.id, o]));
  const onE = new Map(atE.occurrences.map((o) => [o.id, o]));
  let n = 0;
  for (const o of was.occurrences) {
    if (!dueBefore(s, o, E)) continue;
    n += 1;
    const after = byId.get(o.id);
    // design.md 6.1: a waiver after the deadline excuses the default from its date on: an
    // occurrence unmet on the waiver's date (as known on d: filings rejected by then never
    // counted) is waived, even when evidence dated later met it, or stays breached (a finding
    // stands) with its days late stopped on that date.
    if (
      e.type === 'ObligationWaived' &&
      e.data.obligationId === o.obligationId &&
      (unmetAt(atE, o, onE.get(o.id), E) || rejectedSince(s, o, E, d))
    ) {
      if (after?.status === 'waived') continue;
      const unverified = unverifiedOn(s, o, onE.get(o.id), E, d);
      const stopped = lateStoppedOn(pick(o)!, E, unverified, stoppedBefore(s, o, E, d));
      expect([o.id, d, pick(after)]).toEqual([o.id, d, stopped]);
      continue;
    }
    expect([o.id, d, pick(after)]).toEqual([o.id, d, pick(o)]);
  }
  return n;
};

describe('prospectivity (design.md 6.1)', () => {
  /** Histories (with facts entered late, dated before ones already recorded, when `backdate`), a change's date E, a change and dates to ask. */
  const arbOf = (backdate: number) =>
    loggedHistoryArb({ backdate }).chain((h) =>
      fc
        .record({
          E: asOfArb(h),
          change: changeArb,
          dates: fc.array(asOfArb(h), { minLength: 2, maxLength: 6 }),
        })
        .map((x) => ({ h, ...x })),
    );

  it.each([
    ['', 0, 100],
    [', on histories with facts entered late', 0.25, 80],
  ])(
    "a change effective E (amendment, day counting, waiver; not retroactive) changes no status before E, and no status on any date of an occurrence due before E, except that one unmet on a waiver's date is waived from it, or stays breached with its days late stopped then%s",
    (_, backdate, minCompared) => {
      const arb = arbOf(backdate);
      let fired = 0;
      let compared = 0;
      fc.assert(
        fc.property(arb, ({ h, E, change, dates }) => {
          const c = commandFor(h.state, E, change);
          const e = c && attempt(h.state, c);
          if (!e) return;
          // An amendment effective before the duty was imposed has no earlier terms to keep: it
          // reads as the terms from the start (docs/compliance.md section 1), outside this law.
          if (e.type === 'ObligationAmended' && E <= h.state.obligations[e.data.obligationId]!.on)
            return;
          fired += 1;
          const after = evolveOrder(h.state, e);
          const onE = orderStatusOn(h.state, E);
          for (const d of dates) {
            const was = orderStatusOn(h.state, d);
            const now = orderStatusOn(after, d);
            if (d < E) {
              expect(now).toEqual(was);
              continue;
            }
            compared += sameBeforeE(h.state, was, now, onE, E, e, d);
          }
        }),
        fcParams(140),
      );
      expect(fired).toBeGreaterThan(60); // most generated changes are accepted and checked
      expect(compared).toBeGreaterThan(minCompared);
    },
    TIMEOUT,
  );
});

describe('no default from silence (design.md 6.2)', () => {
  /** The same history on an order whose evidence record is declared partial. */
  const partial = (events: readonly OrderEvent[]): OrderState =>
    fold(
      events.map((e) =>
        e.type === 'OrderFiled'
          ? ({ ...e, data: { ...e.data, evidenceRecord: 'partial' } } as OrderEvent)
          : e,
      ),
    );
  const arb = loggedHistoryArb().chain((h) =>
    fc.tuple(fc.constant(h), fc.array(asOfArb(h), { minLength: 1, maxLength: 6 })),
  );

  it(
    'with a partial record no occurrence is ever overdue without a rejection on file (or a record declared complete again, by a modification or for its obligation), and the order is never non_compliant without an overdue or breached item',
    () => {
      let pastDue = 0;
      fc.assert(
        fc.property(arb, ([h, dates]) => {
          const s = partial(h.events);
          for (const d of dates) {
            const a = orderStatusOn(s, d);
            for (const o of a.occurrences) {
              if (o.status === 'unverified') pastDue += 1;
              if (o.status !== 'overdue') continue;
              const rejected = s.live.some(
                (e) =>
                  e.type === 'SubmissionRejected' &&
                  e.metadata.effectiveOn <= d &&
                  s.submissions[e.data.submissionId] !== undefined &&
                  `${s.submissions[e.data.submissionId]!.obligationId}/${s.submissions[e.data.submissionId]!.occurrence}` ===
                    o.id,
              );
              // A later modification may declare the order's record complete again, or an obligation its own.
              const ob = s.obligations[o.obligationId];
              const declared = ob
                ? [ob.terms.evidenceRecord, ...ob.amendments.map((a) => a.changes.evidenceRecord)]
                : [];
              const scheduled = placedOccurrenceOf(s, o.obligationId, o.key, d)?.spec.dueOn;
              const complete =
                declared.includes('complete') ||
                evidenceRecordFor(s, scheduled ?? o.dueOn, d) === 'complete';
              expect([o.id, d, rejected || complete]).toEqual([o.id, d, true]);
            }
            if (a.status === 'non_compliant')
              expect(
                a.occurrences.some((o) => o.status === 'overdue' || o.status === 'breached'),
              ).toBe(true);
          }
        }),
        fcParams(100),
      );
      expect(pastDue).toBeGreaterThan(50); // past-due silence occurs often, and reads unverified
    },
    TIMEOUT,
  );
});

describe('a trigger before imposition creates nothing (design.md 6.1)', () => {
  const arb = loggedHistoryArb().chain((h) =>
    fc
      .record({
        pick: fc.nat(),
        back: fc.integer({ min: 1, max: 400 }),
        users: fc.nat({ max: 1000 }),
        dates: fc.array(asOfArb(h), { minLength: 1, maxLength: 5 }),
      })
      .map((x) => ({ h, ...x })),
  );

  it(
    'a trigger fact effective before every obligation it could anchor was imposed leaves every status on every date unchanged',
    () => {
      let fired = 0;
      let anchored = 0;
      fc.assert(
        fc.property(arb, ({ h, pick, back, users, dates }) => {
          const all = Object.values(h.state.obligations);
          if (all.length === 0 || h.state.phase === 'none') return;
          const first = all.map((o) => o.on).sort()[0]!;
          // Between the filing and the first imposition (nothing takes effect before the filing).
          const filedOn = h.state.filed?.on ?? first;
          const back1 = addDays(first, -back);
          const on = back1 < filedOn ? filedOn : back1;
          if (on >= first) return;
          const fact =
            pick % 2 === 0
              ? {
                  type: 'DiscoverIncident',
                  data: {
                    incidentId: `early-${pick}`,
                    summary: 'Before imposition',
                    usersAffected: users,
                  },
                  meta: {
                    eventId: eventId(),
                    effectiveOn: on,
                    actor: { role: 'company', name: 'X Corp.' },
                  },
                }
              : {
                  type: 'RecordCorporateChange',
                  data: { changeId: `early-${pick}`, summary: 'Before imposition' },
                  meta: {
                    eventId: eventId(),
                    effectiveOn: on,
                    actor: { role: 'company', name: 'X Corp.' },
                  },
                };
          const e = attempt(h.state, fact);
          if (!e) return;
          fired += 1;
          if (
            all.some((o) => {
              const sch = latestTerms(o).schedule;
              return (
                (sch.kind === 'after' || sch.kind === 'before') && sch.anchor.kind === 'trigger'
              );
            })
          )
            anchored += 1;
          const after = evolveOrder(h.state, e);
          for (const d of dates) {
            const strip = (a: ReturnType<typeof orderStatusOn>) =>
              a.occurrences.map((o) => ({
                id: o.id,
                status: o.status,
                dueOn: o.dueOn,
                daysLate: o.daysLate,
              }));
            expect(strip(orderStatusOn(after, d))).toEqual(strip(orderStatusOn(h.state, d)));
          }
        }),
        fcParams(100),
      );
      expect(fired).toBeGreaterThan(50);
      expect(anchored).toBeGreaterThan(20); // histories that hold a trigger-anchored duty, where the law has teeth
    },
    TIMEOUT,
  );
});

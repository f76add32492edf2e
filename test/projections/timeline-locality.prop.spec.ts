// The timeline evaluates the whole order only on the dates of facts that concern all of it, and
// each occurrence alone on its own change points in between. The law: that is the same as asking
// `orderStatusOn` every single day. Histories here lean on the facts of one occurrence (filings,
// decisions, payments, extensions, allegations and findings), which are exactly the ones the
// timeline files under a single occurrence; a second law leans on obligations added and
// triggered after entry, whose dates the timeline evaluates for those obligations alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  occurrenceStatusOn,
  orderStatusOn,
  orderTimeline,
  valueOn,
  type CalendarDate,
  type OccurrencePoint,
  type OrderEvent,
  type OrderState,
} from '../../src/index.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { fcParams, fold, TIMEOUT } from './support.js';

const OCCURRENCE_FACTS = new Set([
  'PaymentMade',
  'SubmissionFiled',
  'SubmissionAccepted',
  'SubmissionRejected',
  'DeadlineExtended',
  'ViolationAlleged',
  'ViolationFound',
  'ViolationCured',
  'AllegationResolved',
]);

/** Weighted toward what one occurrence records, with enough imposing to have occurrences to record it on. */
const historyArb = fc
  .record({
    h: orderHistoryArb({
      minCommands: 12,
      maxCommands: 50,
      weights: {
        ImposeObligation: 6,
        FileSubmission: 8,
        AcceptSubmission: 6,
        RejectSubmission: 3,
        MakePayment: 4,
        ExtendDeadline: 5,
        AllegeViolation: 3,
        FindViolation: 2,
        CureViolation: 2,
        ResolveAllegation: 2,
        TerminateOrder: 0,
      },
    }),
    warningDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  })
  .filter(({ h }) => h.state.filed !== undefined);

const pointOf = (o: {
  status: OccurrencePoint['status'];
  dueOn: CalendarDate;
  satisfiedOn?: CalendarDate;
  lateThrough?: CalendarDate;
}): OccurrencePoint => ({
  status: o.status,
  dueOn: o.dueOn,
  ...(o.satisfiedOn !== undefined ? { satisfiedOn: o.satisfiedOn } : {}),
  ...(o.lateThrough !== undefined ? { lateThrough: o.lateThrough } : {}),
});

/** From the filing to well past the last fact: every deadline of the history and the days after it. */
const spanOf = (s: OrderState): { from: CalendarDate; to: CalendarDate } => {
  let last = s.filed!.on;
  for (const e of s.live) if (e.metadata.effectiveOn > last) last = e.metadata.effectiveOn;
  return { from: s.filed!.on, to: addDays(last, 200) };
};

/**
 * Asks `orderStatusOn` every day of the order's life and expects the timeline's value on each; calls
 * `onDay` with each day's occurrences and the day before's statuses.
 */
const expectDailyTimeline = (
  s: OrderState,
  options: { warningDays?: number },
  onDay: (d: CalendarDate, listed: OrderAnswerOccurrences, before: Map<string, string>) => void,
): void => {
  const { from, to } = spanOf(s);
  const tl = orderTimeline(s, from, to, options);
  let before = new Map<string, string>();
  const firstListed = new Set<string>(); // in the order each is first listed, day by day
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const direct = orderStatusOn(s, d, options);
    for (const o of direct.occurrences) firstListed.add(o.id);
    expect([d, valueOn(tl.order, d)]).toEqual([d, direct.status]);
    const listed = new Map(direct.occurrences.map((o) => [o.id, o]));
    for (const [id, lane] of Object.entries(tl.occurrences)) {
      const o = listed.get(id);
      expect([id, d, valueOn(lane.segments, d)]).toEqual([
        id,
        d,
        o ? pointOf(o) : { status: 'absent' },
      ]);
    }
    for (const id of listed.keys())
      expect(tl.occurrences[id], `${id} on ${d} missing from the timeline`).toBeDefined();
    onDay(d, direct.occurrences, before);
    before = new Map(direct.occurrences.map((o) => [o.id, o.status]));
  }
  // Its lanes come in the order each occurrence is first listed (the order `timeline --format json` prints).
  expect(Object.keys(tl.occurrences)).toEqual([...firstListed]);
};

type OrderAnswerOccurrences = ReturnType<typeof orderStatusOn>['occurrences'];

/** Facts that add an obligation, and facts that start triggered duties' clocks: the timeline evaluates only the obligations they concern on their dates. */
const OBLIGATION_LOCAL_FACTS = new Set([
  'ObligationImposed',
  'InformationDemanded',
  'PenaltyAssessed',
  'IncidentDiscovered',
  'CorporateChangeOccurred',
  'ProductLaunched',
]);

/** Weighted toward obligations added after entry (imposed, demanded, assessed) and triggering facts, with amendments that change schedules. */
const localHistoryArb = fc
  .record({
    h: orderHistoryArb({
      minCommands: 12,
      maxCommands: 50,
      weights: {
        ImposeObligation: 8,
        DemandInformation: 6,
        AssessPenalty: 5,
        DiscoverIncident: 8,
        RecordCorporateChange: 6,
        LaunchProduct: 6,
        AmendObligation: 5,
        FileSubmission: 6,
        TerminateOrder: 0,
      },
    }),
    warningDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  })
  .filter(({ h }) => h.state.filed !== undefined);

describe('timeline change points of one occurrence', () => {
  it(
    'the timeline over the whole life of an order equals orderStatusOn asked every day, for the order and each occurrence',
    () => {
      let runs = 0;
      let exercised = 0; // runs where an occurrence's status changed on the date of a fact of its own
      fc.assert(
        fc.property(historyArb, ({ h, warningDays }) => {
          const s = h.state;
          // A fact's date, and the day a finding's conduct began (it reads breached from then).
          const ownFactDates = new Set(
            s.live
              .filter((e) => OCCURRENCE_FACTS.has(e.type))
              .flatMap((e) => [
                e.metadata.effectiveOn,
                ...(e.type === 'ViolationFound' && e.data.period ? [e.data.period.from] : []),
              ]),
          );
          let local = false;
          expectDailyTimeline(
            s,
            warningDays === undefined ? {} : { warningDays },
            (d, listed, before) => {
              for (const o of listed) {
                const was = before.get(o.id);
                if (was !== undefined && was !== o.status && ownFactDates.has(d)) local = true;
              }
            },
          );
          runs += 1;
          if (local) exercised += 1;
        }),
        fcParams(25, 300),
      );
      // The law is exercised: most histories have an occurrence change status on a fact of its own.
      expect(exercised / runs).toBeGreaterThan(0.5);
    },
    TIMEOUT,
  );

  it(
    'so it does where obligations are added and triggered after entry, which are evaluated alone on those dates',
    () => {
      let runs = 0;
      let exercised = 0; // runs where an occurrence first appeared on the date of such a fact after entry
      fc.assert(
        fc.property(localHistoryArb, ({ h, warningDays }) => {
          const s = h.state;
          const entered = s.entered?.on;
          const localDates = new Set(
            s.live
              .filter(
                (e) =>
                  OBLIGATION_LOCAL_FACTS.has(e.type) &&
                  entered !== undefined &&
                  e.metadata.effectiveOn > entered,
              )
              .map((e) => e.metadata.effectiveOn),
          );
          let appeared = false;
          expectDailyTimeline(
            s,
            warningDays === undefined ? {} : { warningDays },
            (d, listed, before) => {
              if (localDates.has(d) && listed.some((o) => !before.has(o.id))) appeared = true;
            },
          );
          runs += 1;
          if (appeared) exercised += 1;
        }),
        // No shrinking: each run asks every day of an order's life.
        { ...fcParams(25, 300), endOnFailure: true },
      );
      expect(exercised / runs).toBeGreaterThan(0.5);
    },
    TIMEOUT,
  );

  it(
    'one occurrence answered alone is the answer orderStatusOn lists for it, and nothing when it is not listed',
    () => {
      let compared = 0;
      fc.assert(
        fc.property(historyArb, fc.nat({ max: 2000 }), ({ h, warningDays }, offset) => {
          const s = h.state;
          const options = warningDays === undefined ? {} : { warningDays };
          const d = addDays(s.filed!.on, offset);
          const listed = orderStatusOn(s, d, options).occurrences;
          for (const o of listed) expect(occurrenceStatusOn(s, o.id, d, options)).toEqual(o);
          compared += listed.length;
          // Occurrences listed some other day, and ids that never exist, are absent on this one.
          const later = orderStatusOn(s, addDays(d, 400), options).occurrences.map((o) => o.id);
          const ids = new Set(listed.map((o) => o.id));
          for (const id of [...later, 'no-such-duty/once', `${later[0] ?? 'x'}-not/once`])
            if (!ids.has(id)) expect(occurrenceStatusOn(s, id, d, options)).toBeUndefined();
        }),
        fcParams(40),
      );
      expect(compared).toBeGreaterThan(40); // most cases compare some occurrence
    },
    TIMEOUT,
  );

  it('a change of day counting moves a deadline, and the change points with it', () => {
    // Filed counting calendar days; the penalty is due on a Saturday (2011-06-25). Two days after
    // entry the order is modified to roll deadlines forward (FRCP 6(a)(1)(C)): the deadline is
    // Monday 2011-06-27 from then on, so the penalty is due soon from 2011-05-28 (30 days before).
    // The occurrence's change points must be those of the new deadline, not of the first.
    const court = { role: 'court', name: 'U.S. District Court, N.D. Cal.' };
    const ftc = { role: 'regulator', name: 'Federal Trade Commission' };
    const event = (n: number, type: string, on: string, actor: object, data: object) =>
      ({
        id: `00000000-0000-4000-8000-00000000000${n}`,
        type,
        schemaVersion: 1,
        data,
        metadata: { effectiveOn: on, actor },
      }) as OrderEvent;
    const s = fold([
      event(0, 'OrderFiled', '2011-03-01', ftc, {
        orderId: 'order-0',
        title: 'order',
        kind: 'stipulated_order',
        forum: 'U.S. District Court, N.D. Cal.',
        dayCounting: { rollForward: false },
      }),
      event(1, 'PenaltyAssessed', '2011-04-21', court, {
        penaltyId: 'penalty-1',
        amount: { amountMinor: 1, currency: 'USD' },
        dueOn: '2011-06-25',
        reason: 'order',
      }),
      event(2, 'OrderEntered', '2011-04-21', court, {}),
      event(3, 'OrderModified', '2011-04-23', ftc, {
        summary: 'counting changed',
        dayCounting: { rollForward: true },
      }),
    ]);
    const from = '2011-03-01' as CalendarDate;
    const to = '2011-08-01' as CalendarDate;
    const tl = orderTimeline(s, from, to);
    const lane = tl.occurrences['penalty-1/once']!.segments;
    expect(valueOn(lane, '2011-05-28' as CalendarDate)).toEqual({
      status: 'due_soon',
      dueOn: '2011-06-27',
    });
    expect(valueOn(tl.order, '2011-05-27' as CalendarDate)).toBe('compliant');
    expect(valueOn(tl.order, '2011-05-28' as CalendarDate)).toBe('at_risk');
    for (let d = from; d <= to; d = addDays(d, 1))
      expect([d, valueOn(tl.order, d)]).toEqual([d, orderStatusOn(s, d).status]);
  });
});

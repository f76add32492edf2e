// Rules that mutation testing of domain/order/order.rules.ts and order.admit.ts found unguarded
// (issue 16, item 7; docs/mutation.md): each test here fails under a mutant that survived the rest
// of the suite.
import { describe, expect, it } from 'vitest';
import {
  decideOrder,
  evolveOrder,
  type OrderCommand,
  type OrderEvent,
} from '../../../domain/index.js';
import { givenOrder } from '../../../src/testing/index.js';
import { ACTORS, command, record } from '../../support/order-builders.js';
import { filed, rejects, scenario } from '../../support/order-scenario.js';
import { accept, dayBeforeImposition, followUp, REFUSALS } from './refusal-cases.js';

const base = scenario().events;
const company = ACTORS.twitter;

/** A triggered payment: a fee due 30 days after each incident discovered (the scenario has inc-1). */
const incidentFee = command(
  'ImposeObligation',
  {
    obligationId: 'incident-fee',
    title: 'Fee per incident',
    kind: 'payment',
    amount: { amountMinor: 100_000, currency: 'USD' },
    schedule: {
      kind: 'after',
      anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
      offset: { days: 30 },
    },
  },
  { id: 900, on: '2022-05-26' },
);
const withFee = record([incidentFee], scenario()).events;

/**
 * Every command that names an occurrence, on an obligation of the scenario (or `incident-fee`), by
 * the actor who records it; `occurrence` is set only when given.
 */
const NAMING: Readonly<
  Record<string, (obligationId: string, occurrence?: string) => OrderCommand>
> = {
  WaiveObligation: (obligationId, occurrence) =>
    command(
      'WaiveObligation',
      { obligationId, reason: 'Excused', ...(occurrence === undefined ? {} : { occurrence }) },
      { id: 901, on: '2022-06-01' },
    ),
  ExtendDeadline: (obligationId, occurrence) =>
    command(
      'ExtendDeadline',
      { obligationId, newDueOn: '2023-01-31', ...(occurrence === undefined ? {} : { occurrence }) },
      { id: 902, on: '2022-07-15' },
    ),
  AllegeViolation: (obligationId, occurrence) =>
    command(
      'AllegeViolation',
      {
        violationId: 'v-7',
        obligationId,
        summary: 'Not done',
        ...(occurrence === undefined ? {} : { occurrence }),
      },
      { id: 903, on: '2022-09-10' },
    ),
  FindViolation: (obligationId, occurrence) =>
    command(
      'FindViolation',
      {
        violationId: 'v-8',
        obligationId,
        summary: 'Not done',
        ...(occurrence === undefined ? {} : { occurrence }),
      },
      { id: 904, on: '2022-09-10', by: ACTORS.court },
    ),
  FileSubmission: (obligationId, occurrence) =>
    command(
      'FileSubmission',
      {
        submissionId: 'sub-7',
        obligationId,
        title: 'Filing',
        ...(occurrence === undefined ? {} : { occurrence }),
      },
      { id: 905, on: '2022-08-01', by: company },
    ),
  RequestExtension: (obligationId, occurrence) =>
    command(
      'RequestExtension',
      {
        requestId: 'req-7',
        obligationId,
        requestedDueOn: '2023-01-31',
        ...(occurrence === undefined ? {} : { occurrence }),
      },
      { id: 906, on: '2022-07-10', by: company },
    ),
  MakePayment: (obligationId, occurrence) =>
    command(
      'MakePayment',
      {
        paymentId: 'pay-7',
        obligationId,
        amount: { amountMinor: 100_000, currency: 'USD' },
        ...(occurrence === undefined ? {} : { occurrence }),
      },
      { id: 907, on: '2022-07-20', by: company },
    ),
};
const NON_PAYMENT = Object.keys(NAMING).filter((t) => t !== 'MakePayment');
/** Without an occurrence, a waiver waives the whole obligation: not the same fact as waiving its one occurrence. */
const NAMED_ONLY = NON_PAYMENT.filter((t) => t !== 'WaiveObligation');

/** What an order keeps of the facts recorded: everything but the raw events themselves. */
const kept = (given: readonly OrderEvent[], c: OrderCommand) => {
  const [e] = givenOrder(given)
    .when(c)
    .thenRecords(decideOrder(c, givenOrder(given).state));
  expect(e).toBeDefined();
  const s = evolveOrder(givenOrder(given).state, e!);
  return {
    occurrences: s.occurrences,
    obligations: s.obligations,
    violations: s.violations,
    submissions: s.submissions,
  };
};

describe("occurrence: 'once', named explicitly", () => {
  // A one-off duty has a single occurrence, keyed "once": naming it is the same as omitting it.
  it.each(NAMED_ONLY.map((t) => [t] as const))(
    '%s of the one-off report: accepted, with the same effect as omitting it',
    (type) => {
      const name = NAMING[type]!;
      expect(kept(base, name('report', 'once'))).toEqual(kept(base, name('report')));
    },
  );
  it('WaiveObligation of the one-off report\'s "once": accepted, waiving that occurrence', () => {
    const c = NAMING.WaiveObligation!('report', 'once');
    const [e] = decideOrder(c, givenOrder(base).state);
    expect(e).toBeDefined();
    const s = evolveOrder(givenOrder(base).state, e!);
    expect(s.occurrences['report/once']?.waived?.on).toBe('2022-06-01');
    expect(s.obligations.report?.waived).toBeUndefined();
  });
  it('MakePayment toward the one-off penalty: accepted, with the same effect as omitting it', () => {
    const name = NAMING.MakePayment!;
    expect(kept(base, name('penalty', 'once'))).toEqual(kept(base, name('penalty')));
  });
  it('an ongoing duty\'s single occurrence is "ongoing": named, it is accepted too', () => {
    const name = NAMING.AllegeViolation!;
    expect(kept(base, name('ad-ban', 'ongoing'))).toEqual(kept(base, name('ad-ban')));
  });
  it.each(NON_PAYMENT.map((t) => [t] as const))(
    '%s of the one-off report under another key: OCCURRENCE_NOT_FOUND',
    (type) =>
      rejects(base, NAMING[type]!('report', '2022-11-01'), 'OCCURRENCE_NOT_FOUND', [
        'data',
        'occurrence',
      ]),
  );
  it('MakePayment toward the one-off penalty under another key: OCCURRENCE_NOT_FOUND', () =>
    rejects(base, NAMING.MakePayment!('penalty', 'ongoing'), 'OCCURRENCE_NOT_FOUND', [
      'data',
      'occurrence',
    ]));
});

describe('a triggered duty: the occurrence is the triggering fact', () => {
  const triggered = (type: string) =>
    type === 'MakePayment' ? ['incident-fee', withFee] : ['incident-report', base];
  it.each(Object.keys(NAMING).map((t) => [t] as const))(
    '%s naming an incident that never happened: OCCURRENCE_NOT_FOUND',
    (type) => {
      const [id, given] = triggered(type) as [string, readonly OrderEvent[]];
      rejects(given, NAMING[type]!(id, 'inc-9'), 'OCCURRENCE_NOT_FOUND', ['data', 'occurrence']);
    },
  );
  it.each(Object.keys(NAMING).map((t) => [t] as const))(
    '%s naming the incident discovered (inc-1): accepted',
    (type) => {
      const [id, given] = triggered(type) as [string, readonly OrderEvent[]];
      const c = NAMING[type]!(id, 'inc-1');
      expect(decideOrder(c, givenOrder(given).state)).toHaveLength(1);
    },
  );
  it.each([...NAMED_ONLY, 'MakePayment'].map((t) => [t] as const))(
    '%s naming no occurrence: OCCURRENCE_REQUIRED',
    (type) => {
      const [id, given] = triggered(type) as [string, readonly OrderEvent[]];
      rejects(given, NAMING[type]!(id), 'OCCURRENCE_REQUIRED', ['data', 'occurrence']);
    },
  );
});

describe("a duty counted from another's being met: no occurrence until the anchor is met", () => {
  const pending = record([followUp], scenario()).events;
  const met = record([followUp, accept], scenario()).events;
  const violations = ['AllegeViolation', 'FindViolation'] as const;
  it.each(violations.map((t) => [t] as const))(
    '%s before the report is accepted: OCCURRENCE_NOT_FOUND; once accepted, taken',
    (type) => {
      const c = NAMING[type]!('new-duty');
      rejects(pending, c, 'OCCURRENCE_NOT_FOUND', ['data', 'obligationId']);
      expect(decideOrder(c, givenOrder(met).state)).toHaveLength(1);
      expect(decideOrder(NAMING[type]!('new-duty', 'once'), givenOrder(met).state)).toHaveLength(1);
    },
  );
  it('an obligation-wide waiver of it, before the anchor is met, is still taken (no occurrence named)', () =>
    expect(
      decideOrder(NAMING.WaiveObligation!('new-duty'), givenOrder(pending).state),
    ).toHaveLength(1));
});

describe('a recurring duty: the occurrence is its nominal due date', () => {
  it.each(NON_PAYMENT.map((t) => [t] as const))(
    '%s naming a date the series never falls on: OCCURRENCE_NOT_FOUND',
    (type) =>
      rejects(base, NAMING[type]!('annual-cert', '2023-05-27'), 'OCCURRENCE_NOT_FOUND', [
        'data',
        'occurrence',
      ]),
  );
});

/**
 * What each refusal says: the message is what a person acts on (README: "a message a person can
 * act on"), so a rule that keeps its code but loses its words is a regression too.
 */
const MESSAGES: Readonly<Record<string, string>> = {
  'before filing': 'nothing can be recorded for an order before it is filed (got SubmissionFiled)',
  'a second order in the stream':
    'this stream already holds order "us-v-twitter": file "other" in its own stream',
  'an event id reused with other content, same type':
    'event id 00000000-0000-4000-8000-000000000009 is already recorded in this order with other content (data or metadata differ): an event id names one fact, recorded once; use a new id for a new fact, or retract the earlier one',
  'an event id reused by another type':
    'event id 00000000-0000-4000-8000-000000000009 is already used by another SubmissionFiled fact in this order',
  'an obligation id reused':
    '"report" is already recorded in this order with different content; use a new id or retract the earlier entry',
  'a submission id reused':
    '"sub-1" is already recorded in this order with different content; use a new id or retract the earlier entry',
  'a second decision on a submission, as a named fact':
    '"sub-1" is already recorded in this order with different content; use a new id or retract the earlier entry',
  'accepted, then rejected':
    '"sub-1" is already recorded in this order with different content; use a new id or retract the earlier entry',
  'rejected, then accepted':
    '"sub-1" is already recorded in this order with different content; use a new id or retract the earlier entry',
  'a second ruling':
    '"pet-1" is already recorded in this order with different content; use a new id or retract the earlier entry',
  'a second supersession':
    '"report" is already recorded in this order with different content; use a new id or retract the earlier entry',
  'a second, different resolution':
    '"v-1" is already recorded in this order with different content; use a new id or retract the earlier entry',
  'an extension after the order ended':
    'the order ended (terminated) effective 2023-01-01: "report" cannot be given more time effective 2023-01-02 (what was unmet then keeps its days late, frozen at the end; only a payment, which survives the end, can still be extended)',
  'a new duty after termination':
    'the order ended (terminated) on 2023-01-01: no new duty (ObligationImposed) can be added; oversight about the term (a finding, a penalty) still can',
  'a new duty after the term':
    "the order's term ended on 2042-05-26: no new duty (InformationDemanded) can take effect on 2042-05-27",
  'the company finding a violation':
    'ViolationFound is an oversight action: the company cannot record it as its own act (actor role must be regulator, court, monitor or assessor)',
  'the company extending its deadline':
    'the company cannot extend its own deadline: only a regulator or a court can (the company asks with ExtensionRequested)',
  'a monitor extending a deadline':
    'only a regulator or a court can extend a deadline (got monitor)',
  'an obligation never imposed': 'no obligation "ghost" has been imposed in this order',
  'a recurring duty without its occurrence':
    'obligation "annual-cert" recurs or is triggered under its terms in force on 2022-06-01: name the occurrence (its nominal due date YYYY-MM-DD, or the triggering fact\'s id)',
  'a one-off duty under another key':
    'obligation "report" has a single occurrence ("once"); omit "occurrence"',
  'a date the series never falls on':
    'obligation "annual-cert" has no occurrence "2023-05-27" under its schedule',
  'a payment obligation without an amount': 'payment obligation "new-duty" needs an amount',
  'a zero amount': 'the amount must be positive (got 0 minor units)',
  'a tier that ends before it starts': 'tier 2 ends (day 10) before it starts (day 15)',
  'a tier of nothing a day': 'the amount must be positive (got 0 minor units)',
  'a waiver dated before the duty was imposed':
    '"report" was imposed effective 2022-05-26: it cannot be waived effective 2022-05-25, before it existed (give the date the ObligationWaived took effect, on or after 2022-05-26; a waiver that reaches back to the imposition says retroactive: true)',
  'an extension dated before the duty was imposed':
    '"report" was imposed effective 2022-05-26: it cannot be given more time effective 2022-05-25, before it existed (give the date the DeadlineExtended took effect, on or after 2022-05-26)',
  'a supersession dated before the duty was imposed':
    '"report" was imposed effective 2022-05-26: it cannot be superseded effective 2022-05-25, before it existed (give the date the ObligationSuperseded took effect, on or after 2022-05-26)',
  'a finding against a duty whose anchor is not met':
    '"new-duty" is due 30 days after "report" is met, which nothing recorded meets yet: it has no occurrence, so no conduct can violate it yet (record what meets "report" first)',
  'an allegation naming the occurrence of a duty whose anchor is not met':
    '"new-duty" is due 30 days after "report" is met, which nothing recorded meets yet: it has no occurrence, so no conduct can violate it yet (record what meets "report" first)',
  'anchored on its own satisfaction':
    'obligation "new-duty" cannot be anchored on its own satisfaction',
  'anchored on an obligation never imposed': 'no obligation "ghost" has been imposed in this order',
  'a condition on a deadline counted from entry':
    'a condition applies only to a schedule anchored on a triggering fact (IncidentDiscovered, CorporateChangeOccurred, ProductLaunched)',
  'a recurrence that ends before it starts':
    'the recurrence ends (2023-12-31) before it starts (2024-01-01)',
  'an amendment to a payment without an amount': 'the amount must be positive (got -1 minor units)',
  'a second entry':
    'the order was already entered on 2022-05-26 with its term ending 2042-05-26; record a modification instead',
  'an extension of a prohibition':
    '"ad-ban" is an ongoing prohibition: it has no deadline to extend',
  'an extension that shortens':
    '2022-10-01 is earlier than the current deadline 2022-11-01: an extension cannot shorten it',
  'an acceptance effective before the filing it accepts':
    'submission "sub-1" was filed effective 2022-10-20: it cannot be accepted effective 2022-10-19, before it was filed (give the date of the decision, on or after 2022-10-20)',
  'a decision on a submission never filed': 'no submission "sub-9" has been filed in this order',
  'a finding against a waived occurrence':
    '"annual-cert" was waived effective 2023-12-01: conduct from 2024-06-01 cannot violate it (for conduct before the waiver, give the finding\'s period.from)',
  'a finding whose period starts after the waiver':
    '"annual-cert" was waived effective 2023-12-01: conduct from 2023-12-01 cannot violate it (for conduct before the waiver, give the finding\'s period.from)',
  'a period that ends before it starts':
    'the period ends (2022-07-31) before it starts (2022-08-01)',
  'a period that ends before the duty bound (conduct before the order was entered)':
    '"ad-ban" binds from 2022-05-26 (imposed 2022-05-26, the order entered 2022-05-26): conduct through 2022-05-25 came before it and violated no duty of this order (a finding under it covers conduct from 2022-05-26 on)',
  'a period after the term':
    'the order ended on 2023-01-01: conduct from 2023-01-02 is outside its term',
  'a violation id reused for another obligation': 'violation "v-1" concerns "ad-ban/ongoing"',
  'a closure that ends before it starts':
    'the closure ends (2023-03-13) before it starts (2023-03-14)',
  'a demand with both a date and a period':
    "a demand states either the date to answer by (dueOn) or the period to answer within (respondWithin, counted by the order's rule), not both or neither",
  'a demand with neither':
    "a demand states either the date to answer by (dueOn) or the period to answer within (respondWithin, counted by the order's rule), not both or neither",
  'a resolution of a violation never alleged': 'no violation "v-9" has been alleged',
  'a resolution of a finding never alleged':
    'violation "v-5" was never alleged: there is no pending allegation to resolve',
  'a resolution of an allegation found':
    'violation "v-1" was found on 2022-10-01: there is no pending allegation to resolve',
  'a resolution of an allegation cured':
    'violation "v-1" was cured on 2022-10-01: there is no pending allegation to resolve',
  'a ruling on nothing filed':
    'no petition or motion "pet-9" has been filed in this order (record it with PetitionFiled first)',
  'a ruling on no motion filed':
    'no petition or motion "mot-9" has been filed in this order (record it with PetitionFiled first)',
  'a supersession naming no successor': 'name the successor: an orderId, an obligationId, or both',
  'a payment toward a report': '"report" is a report obligation, not a payment',
  'a payment in another currency':
    '"penalty" is owed in USD; a payment in EUR cannot count toward it',
  'a submission toward a payment': '"penalty" is a payment: record a PaymentMade, not a submission',
  'a cure of nothing': 'no violation "v-9" has been alleged or found',
  'a retraction of nothing': 'no event 00000000-0000-4000-8000-0000000fffff exists in this order',
  'a retraction retracted again':
    'event 00000000-0000-4000-8000-00000000000a was already retracted',
  'a retraction of the filing':
    'a OrderFiled cannot be retracted; record a correcting fact instead',
  'a retraction of a retraction':
    'a EntryRetracted cannot be retracted; record a correcting fact instead',
};

describe('every refusal: its code, the path of the offending field, and its message', () => {
  it('every case has its message, and every message its case', () =>
    expect(Object.keys(MESSAGES).sort()).toEqual(REFUSALS.map((r) => r.name).sort()));
  it.each(REFUSALS.map((r) => [r.name, r] as const))('%s', (_, r) => {
    const e = givenOrder(r.given).when(r.c).thenRejects(r.code, r.path);
    expect(e.message).toBe(MESSAGES[r.name]);
  });
});

describe('the edges of the rules', () => {
  const last = '2042-05-26'; // the scenario's term ends on this day
  it.each([
    ['WaiveObligation', { obligationId: 'report', reason: 'Excused' }],
    ['ExtendDeadline', { obligationId: 'report', newDueOn: '2022-12-01' }],
    [
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
    ],
  ] as const)(
    '%s effective on the day its duty was imposed is taken; the day before, EFFECTIVE_BEFORE_IMPOSITION',
    (type, data) => {
      const on = (day: string) => command(type, data, { on: day, by: ACTORS.court });
      expect(decideOrder(on('2022-05-26'), givenOrder(base).state)).toHaveLength(1);
      rejects(base, on(dayBeforeImposition), 'EFFECTIVE_BEFORE_IMPOSITION', [
        'meta',
        'effectiveOn',
      ]);
    },
  );
  const demand = (on: string) =>
    command('DemandInformation', { demandId: 'cid-1', summary: 'x', dueOn: '2042-06-30' }, { on });
  it("a new duty effective on the term's last day is accepted; the day after, ORDER_ENDED", () => {
    expect(decideOrder(demand(last), givenOrder(base).state)).toHaveLength(1);
    rejects(base, demand('2042-05-27'), 'ORDER_ENDED', ['meta', 'effectiveOn']);
  });
  it("an extension effective on the term's last day is accepted; the day after, ORDER_ENDED, but for a payment (a money judgment survives the end)", () => {
    const extend = (obligationId: string, day: string) =>
      command(
        'ExtendDeadline',
        { obligationId, newDueOn: '2042-12-01' },
        { on: day, by: ACTORS.court },
      );
    expect(decideOrder(extend('report', last), givenOrder(base).state)).toHaveLength(1);
    rejects(base, extend('report', '2042-05-27'), 'ORDER_ENDED', ['meta', 'effectiveOn']);
    expect(decideOrder(extend('penalty', '2042-05-27'), givenOrder(base).state)).toHaveLength(1);
    // A termination recorded after the term ran out ends nothing later: the term's end still counts.
    const lateTermination = record(
      [command('TerminateOrder', { reason: 'Closed' }, { on: '2042-07-01', by: ACTORS.court })],
      scenario(),
    ).events;
    rejects(lateTermination, extend('report', '2042-06-01'), 'ORDER_ENDED', [
      'meta',
      'effectiveOn',
    ]);
    // Nor conduct between the two: it came after the order's end.
    const finding = (from: string) =>
      command(
        'FindViolation',
        { violationId: 'v-9', obligationId: 'ad-ban', summary: 'x', period: { from } },
        { on: '2042-08-01', by: ACTORS.court },
      );
    rejects(lateTermination, finding('2042-06-01'), 'VIOLATION_AFTER_END', [
      'data',
      'period',
      'from',
    ]);
    expect(decideOrder(finding(last), givenOrder(lateTermination).state)).toHaveLength(1);
  });
  it('a modification after the term (one that revives or extends it) is not refused as a new duty', () => {
    const revive = command(
      'ModifyOrder',
      { summary: 'Term extended on motion', termEndsOn: '2045-05-26' },
      { on: '2042-06-15', by: ACTORS.court },
    );
    expect(decideOrder(revive, givenOrder(base).state)).toHaveLength(1);
  });
  it('a recurrence that ends on the day it starts is accepted', () => {
    const c = command('ImposeObligation', {
      obligationId: 'one-shot',
      title: 'x',
      kind: 'report',
      schedule: {
        kind: 'recurring',
        every: { years: 1 },
        start: { on: '2024-01-01' },
        until: '2024-01-01',
      },
    });
    expect(decideOrder(c, givenOrder(base).state)).toHaveLength(1);
  });
  it('a penalty tier of a single day is accepted', () => {
    const c = command('ImposeObligation', {
      obligationId: 'tiered',
      title: 'x',
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2023-01-31' },
      stipulatedPenalties: [{ fromDay: 1, toDay: 1, perDay: { amountMinor: 1, currency: 'USD' } }],
    });
    expect(decideOrder(c, givenOrder(base).state)).toHaveLength(1);
  });
  it('an extension is compared with the deadline as last extended and rolled', () => {
    // 2022-11-12 is a Saturday: the extended deadline is Monday 2022-11-14 (FRCP 6(a)(1)(C)).
    const extend = (newDueOn: string) =>
      command('ExtendDeadline', { obligationId: 'report', newDueOn }, { on: '2022-10-20' });
    const once = record([extend('2022-11-12')], scenario());
    expect(decideOrder(extend('2022-11-14'), once.state)).toEqual([]);
    const e = givenOrder(once.events)
      .when(extend('2022-11-10'))
      .thenRejects('EXTENSION_SHORTENS_DEADLINE', ['data', 'newDueOn']);
    expect((e as { details?: unknown }).details).toEqual({ current: '2022-11-14' });
    expect(decideOrder(extend('2022-11-15'), once.state)).toHaveLength(1);
  });
  it('an occurrence whose anchor has not happened has no deadline to extend', () => {
    const followUp = command('ImposeObligation', {
      obligationId: 'follow-up',
      title: 'Follow-up report',
      kind: 'report',
      schedule: {
        kind: 'after',
        anchor: { kind: 'satisfaction', obligationId: 'penalty' },
        offset: { days: 30 },
      },
    });
    const s = record(
      [
        followUp,
        command('RetractEntry', {
          eventId: scenario().events.find((e) => e.type === 'PaymentMade')!.id,
          reason: 'Never paid',
        }),
      ],
      scenario(),
    );
    const e = givenOrder(s.events)
      .when(command('ExtendDeadline', { obligationId: 'follow-up', newDueOn: '2023-01-31' }))
      .thenRejects('OCCURRENCE_NOT_FOUND', ['data', 'occurrence']);
    expect(e.message).toBe(
      'occurrence "once" of "follow-up" has no deadline yet (its anchor has not happened)',
    );
  });
});

describe('the edges of the admission rules', () => {
  const ok = (given: readonly OrderEvent[], c: OrderCommand) =>
    expect(decideOrder(c, givenOrder(given).state)).toEqual([
      expect.objectContaining({ id: c.meta.eventId }),
    ]);
  const find = (data: Record<string, unknown>, on = '2022-09-10') =>
    command(
      'FindViolation',
      { violationId: 'v-5', obligationId: 'ad-ban', summary: 'x', ...data },
      { on, by: ACTORS.court },
    );
  it('a period of one day (to = from) is accepted', () =>
    ok(base, find({ period: { from: '2022-08-01', to: '2022-08-01' } })));
  it("a period that starts on the order's last day is accepted", () => {
    const ended = record(
      [command('TerminateOrder', { reason: 'Ended' }, { on: '2023-01-01', by: ACTORS.court })],
      scenario(),
    ).events;
    ok(ended, find({ period: { from: '2023-01-01' } }, '2023-02-01'));
  });
  it('a closure of one day (through = closedOn) is accepted', () =>
    ok(
      base,
      command(
        'DeclareClosure',
        { closedOn: '2023-03-14', through: '2023-03-14', reason: 'Storm' },
        { by: ACTORS.court },
      ),
    ));
  it('a violation id names one occurrence: the same obligation at another date is refused', () => {
    const allegeOn = (occurrence: string) =>
      command('AllegeViolation', {
        violationId: 'v-6',
        obligationId: 'annual-cert',
        occurrence,
        summary: 'Late',
      });
    const given = record([allegeOn('2023-05-26')], scenario()).events;
    const e = givenOrder(given)
      .when(
        command(
          'FindViolation',
          {
            violationId: 'v-6',
            obligationId: 'annual-cert',
            occurrence: '2025-05-26',
            summary: 'x',
          },
          { by: ACTORS.court },
        ),
      )
      .thenRejects('FACT_ID_REUSED', ['data', 'violationId']);
    expect(e.message).toBe('violation "v-6" concerns "annual-cert/2023-05-26"');
  });
  it('a second waiver of a whole obligation records nothing', () => {
    const waive = command('WaiveObligation', { obligationId: 'report', reason: 'Moot' });
    const given = record([waive], scenario()).events;
    expect(
      decideOrder(
        command('WaiveObligation', { obligationId: 'report', reason: 'Moot again' }),
        givenOrder(given).state,
      ),
    ).toEqual([]);
  });
  it('the company may ask for more time on a payment (only a filing is refused for one)', () =>
    ok(
      base,
      command(
        'RequestExtension',
        { requestId: 'req-9', obligationId: 'penalty', requestedDueOn: '2022-07-01' },
        { by: company },
      ),
    ));
  it('a successor named by its order alone is accepted', () =>
    ok(
      base,
      command(
        'SupersedeObligation',
        { obligationId: 'report', successor: { orderId: 'ftc-2023' }, summary: 'Restated' },
        { by: ACTORS.court },
      ),
    ));
  it('an assessor approved for no particular obligation is accepted', () =>
    ok(base, command('ApproveAssessor', { assessor: 'Independent Assessors LLP' })));
  it('a court may extend a deadline', () =>
    ok(
      base,
      command(
        'ExtendDeadline',
        { obligationId: 'report', newDueOn: '2022-12-01' },
        { by: ACTORS.court },
      ),
    ));
  it('a re-entry with the same content under another id records nothing, however the term reads', () => {
    const { state } = scenario();
    const again = command(
      'EnterOrder',
      { termEndsOn: '2042-05-26' },
      { on: '2022-05-26', by: ACTORS.court },
    );
    expect(decideOrder(again, state)).toEqual([]);
  });
});

describe('what the rules say, and where a series falls', () => {
  it('OBLIGATION_NOT_FOUND names the obligation in its details', () => {
    const e = givenOrder(base)
      .when(command('AmendObligation', { obligationId: 'ghost', changes: {} }))
      .thenRejects('OBLIGATION_NOT_FOUND', ['data', 'obligationId']);
    expect((e as { details?: unknown }).details).toEqual({ obligationId: 'ghost' });
  });
  it('a fact id with a colon in it is quoted whole', () => {
    const statement = (summary: string) =>
      command('IssuePublicStatement', { statementId: 'press:2022:1', summary }, { by: company });
    const given = record([statement('First')], scenario()).events;
    const e = givenOrder(given)
      .when(statement('Other'))
      .thenRejects('FACT_ID_REUSED', ['data', 'statementId']);
    expect(e.message).toBe(
      '"press:2022:1" is already recorded in this order with different content; use a new id or retract the earlier entry',
    );
  });
  it('ORDER_TERMINATED says how the order ended', () => {
    const vacated = record(
      [
        command(
          'TerminateOrder',
          { reason: 'Set aside', kind: 'vacated' },
          { on: '2023-01-01', by: ACTORS.court },
        ),
      ],
      scenario(),
    ).events;
    const e = givenOrder(vacated)
      .when(command('DemandInformation', { demandId: 'cid-1', summary: 'x', dueOn: '2023-02-01' }))
      .thenRejects('ORDER_TERMINATED', ['type']);
    expect(e.message).toMatch(/^the order ended \(vacated\) on 2023-01-01: /);
  });
  it('a series that starts a year after entry is placed from the entry date', () => {
    const yearly = command('ImposeObligation', {
      obligationId: 'yearly',
      title: 'Yearly report',
      kind: 'report',
      schedule: { kind: 'recurring', every: { years: 1 }, start: { afterEntry: { years: 1 } } },
    });
    const given = record([yearly], scenario()).events;
    const file = (occurrence: string) =>
      command(
        'FileSubmission',
        { submissionId: `y-${occurrence}`, obligationId: 'yearly', occurrence, title: 'x' },
        { by: company },
      );
    // Entered 2022-05-26: the first report is due 2023-05-26, then every 26 May to the term's end.
    expect(decideOrder(file('2023-05-26'), givenOrder(given).state)).toHaveLength(1);
    expect(decideOrder(file('2042-05-26'), givenOrder(given).state)).toHaveLength(1);
    rejects(given, file('2043-05-26'), 'OCCURRENCE_NOT_FOUND', ['data', 'occurrence']);
  });
  it('a series on fixed dates can be named before the order is entered', () => {
    const quarterly = command('ImposeObligation', {
      obligationId: 'quarterly',
      title: 'Quarterly report',
      kind: 'report',
      schedule: { kind: 'recurring', every: { months: 3 }, start: { on: '2022-07-01' } },
    });
    const given = record([filed, quarterly]).events;
    expect(
      decideOrder(
        command(
          'FileSubmission',
          { submissionId: 'q-1', obligationId: 'quarterly', occurrence: '2022-10-01', title: 'x' },
          { by: company },
        ),
        givenOrder(given).state,
      ),
    ).toHaveLength(1);
  });
});

// projections/compliance/classify.ts: what mutation testing found unguarded (issue 16, item 7;
// docs/mutation.md). An extended deadline is rolled like any deadline, under the order's own
// day-counting rule in force on the new date; the reasons and the events behind an answer are
// checked here against dates worked out by hand.
import { describe, expect, it } from 'vitest';
import {
  orderStatusOn,
  type CalendarDate,
  type OccurrenceAnswer,
  type OrderCommand,
} from '../../src/index.js';
import { ACTORS, command, record } from '../support/order-builders.js';

const on = (d: string) => d as CalendarDate;
type Rule = 'frcp6' | 'ftc-4.3a' | 'calendar';

const filing = (rule: Rule) =>
  command(
    'FileOrder',
    {
      orderId: `order-${rule}`,
      title: 'Stipulated Order',
      kind: 'stipulated_order',
      forum: 'N.D. Cal.',
      dayCounting: { rule },
    },
    { id: 1, on: '2022-05-25', by: ACTORS.doj },
  );
const entry = command(
  'EnterOrder',
  { termEndsOn: '2042-05-26' },
  { id: 2, on: '2022-05-26', by: ACTORS.court },
);
/** A one-off report due Tuesday 2022-11-01 (a business day: no roll under any rule). */
const report = command(
  'ImposeObligation',
  {
    obligationId: 'report',
    title: 'Compliance report',
    kind: 'report',
    schedule: { kind: 'once', dueOn: '2022-11-01' },
  },
  { id: 3, on: '2022-05-26' },
);
/** Extended to Friday 2022-11-11: Veterans Day, a federal holiday, followed by a weekend. */
const extension = command(
  'ExtendDeadline',
  { obligationId: 'report', newDueOn: '2022-11-11' },
  { id: 4, on: '2022-10-25' },
);

const answerOf = (commands: readonly OrderCommand[], asOf: string): OccurrenceAnswer => {
  const { state } = record(commands);
  const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === 'report/once');
  if (!a) throw new Error('report/once not listed');
  return a;
};

describe('an extended deadline is rolled under the order’s day-counting rule', () => {
  // By hand: 2022-11-11 is a Friday and Veterans Day (5 U.S.C. 6103(a)); 2022-11-12 and 13 are a
  // Saturday and a Sunday; Monday 2022-11-14 is the next day the court or office is open.
  it.each([
    // FRCP 6(a)(1)(C): a last day on a weekend or legal holiday runs to the next day that is neither.
    ['frcp6', '2022-11-14'],
    // 16 C.F.R. 4.3(a): the last day rolls past weekends, holidays and days the office is closed.
    ['ftc-4.3a', '2022-11-14'],
    // calendar: no roll.
    ['calendar', '2022-11-11'],
  ] as const)('under %s, the extension to 2022-11-11 is due %s', (rule, due) => {
    const a = answerOf([filing(rule), entry, report, extension], '2022-11-01');
    expect(a.nominalDueOn).toBe('2022-11-01');
    expect(a.dueOn).toBe(due);
    expect(a.reasons[0]).toBe(`due ${due} (extended effective 2022-10-25)`);
  });

  it('the rule in force on the new date governs, not the one the occurrence was first due under', () => {
    // Filed under frcp6; modified 2022-11-05, governing forward (design.md 6.1), to calendar days.
    // The report was due 2022-11-01 under frcp6; its extended date 2022-11-11 falls under calendar:
    // no roll, so it is overdue on Saturday 2022-11-12 (day 1 late), where frcp6 would say due 11-14.
    const modify = command(
      'ModifyOrder',
      { summary: 'Calendar days from now on', dayCounting: { rule: 'calendar' } },
      { id: 5, on: '2022-11-05', by: ACTORS.court },
    );
    const a = answerOf([filing('frcp6'), entry, report, extension, modify], '2022-11-12');
    expect(a).toMatchObject({ dueOn: '2022-11-11', status: 'overdue', daysLate: 1 });
    // And the other way: filed under calendar, modified to frcp6 before the new date: rolled.
    const toFrcp6 = command(
      'ModifyOrder',
      { summary: 'FRCP 6 from now on', dayCounting: { rule: 'frcp6' } },
      { id: 5, on: '2022-11-05', by: ACTORS.court },
    );
    const b = answerOf([filing('calendar'), entry, report, extension, toFrcp6], '2022-11-12');
    expect(b).toMatchObject({ dueOn: '2022-11-14', status: 'due_soon' });
  });

  it('evidence filed on the rolled day is on time; the day after, one day late', () => {
    const filed = (date: string) =>
      command(
        'FileSubmission',
        { submissionId: `sub-${date}`, obligationId: 'report', title: 'Report' },
        { id: 6, on: date, by: ACTORS.twitter },
      );
    const onTime = answerOf(
      [filing('frcp6'), entry, report, extension, filed('2022-11-14')],
      '2022-12-01',
    );
    expect(onTime).toMatchObject({ status: 'satisfied', satisfiedOn: '2022-11-14' });
    expect(onTime.daysLate).toBeUndefined();
    const late = answerOf(
      [filing('frcp6'), entry, report, extension, filed('2022-11-15')],
      '2022-12-01',
    );
    expect(late).toMatchObject({ status: 'satisfied_late', daysLate: 1 });
  });

  it('cites the imposition, then the extension, then the evidence, each once', () => {
    const filed = command(
      'FileSubmission',
      { submissionId: 'sub-1', obligationId: 'report', title: 'Report' },
      { id: 6, on: '2022-11-14', by: ACTORS.twitter },
    );
    const a = answerOf([filing('frcp6'), entry, report, extension, filed], '2022-12-01');
    expect(a.because).toEqual([report.meta.eventId, extension.meta.eventId, filed.meta.eventId]);
    expect(a.reasons).toEqual([
      'due 2022-11-14 (extended effective 2022-10-25)',
      'satisfied by evidence effective 2022-11-14',
    ]);
  });

  it('an extension not yet effective on the date asked is not applied', () => {
    const a = answerOf([filing('frcp6'), entry, report, extension], '2022-10-24');
    expect(a.dueOn).toBe('2022-11-01');
    expect(a.reasons[0]).toBe('due 2022-11-01');
    expect(a.because).toEqual([report.meta.eventId]);
  });
});

describe('each verdict: its status, its reasons and the events behind it', () => {
  // The frcp6 order above; the report is due Tuesday 2022-11-01 (a business day: no roll).
  const order = [filing('frcp6'), entry, report];
  const at = (extra: readonly OrderCommand[], asOf: string, id = 'report/once') => {
    const { state } = record([...order, ...extra]);
    const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === id);
    if (!a) throw new Error(`${id} not listed`);
    return a;
  };
  const ban = command(
    'ImposeObligation',
    { obligationId: 'ban', title: 'Ban', kind: 'prohibition', schedule: { kind: 'ongoing' } },
    { id: 10, on: '2022-05-26' },
  );
  const reviewed = command(
    'ImposeObligation',
    {
      obligationId: 'reviewed',
      title: 'Reviewed report',
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2022-11-01' },
      requiresAcceptance: true,
    },
    { id: 11, on: '2022-05-26' },
  );
  const filedOn = (date: string, obligationId = 'report') =>
    command(
      'FileSubmission',
      { submissionId: `${obligationId}-${date}`, obligationId, title: 'Report' },
      { id: 12, on: date, by: ACTORS.twitter },
    );
  const waiver = (date: string, extra: Record<string, unknown> = {}) =>
    command(
      'WaiveObligation',
      { obligationId: 'report', reason: 'Excused', ...extra },
      { id: 13, on: date },
    );
  const terminate = (kind: string, date: string, extra: Record<string, unknown> = {}) =>
    command(
      'TerminateOrder',
      { reason: 'By order', kind, ...extra },
      { id: 14, on: date, by: ACTORS.court },
    );

  it('upcoming, 31 days ahead: no reason but the due date, and no optional field set', () => {
    const a = at([], '2022-10-01');
    expect(a).toMatchObject({
      status: 'upcoming',
      reasons: ['due 2022-11-01'],
      because: [report.meta.eventId],
    });
    // Optional fields are absent, not present as undefined (exactOptionalPropertyTypes; JSON output).
    for (const key of ['satisfiedOn', 'daysLate', 'lateThrough', 'successor'])
      expect(Object.keys(a)).not.toContain(key);
  });
  it('due soon from 30 days ahead (the default warning window), counted in days', () => {
    expect(at([], '2022-10-02')).toMatchObject({
      status: 'due_soon',
      reasons: ['due 2022-11-01', 'due in 30 days'],
    });
    expect(at([], '2022-10-30').reasons).toEqual(['due 2022-11-01', 'due in 2 days']);
    expect(at([], '2022-10-31').reasons).toEqual(['due 2022-11-01', 'due in 1 day']);
  });
  it('overdue from the day after: 4 days late on 2022-11-05 (design.md 6.2)', () => {
    const a = at([], '2022-11-05');
    expect(a).toMatchObject({
      status: 'overdue',
      daysLate: 4,
      reasons: ['due 2022-11-01', 'no satisfying evidence; overdue since 2022-11-02'],
      because: [report.meta.eventId],
    });
    expect(a.lateThrough).toBeUndefined();
  });
  it('submitted, awaiting acceptance', () =>
    expect(
      at([reviewed, filedOn('2022-10-20', 'reviewed')], '2022-10-25', 'reviewed/once'),
    ).toMatchObject({
      status: 'submitted',
      satisfiedOn: '2022-10-20',
      reasons: ['due 2022-11-01', 'submitted, awaiting acceptance, effective 2022-10-20'],
    }));
  it('satisfied late: days late counted to the evidence', () =>
    expect(at([filedOn('2022-11-04')], '2022-12-01')).toMatchObject({
      status: 'satisfied_late',
      satisfiedOn: '2022-11-04',
      daysLate: 3,
      reasons: ['due 2022-11-01', 'satisfied by evidence effective 2022-11-04'],
    }));
  it('waived before the deadline', () => {
    const w = waiver('2022-10-01');
    expect(at([w], '2022-12-01')).toMatchObject({
      status: 'waived',
      reasons: ['due 2022-11-01', 'waived effective 2022-10-01'],
      because: [report.meta.eventId, w.meta.eventId],
    });
  });
  it('waived after the deadline, unmet: late from D+1 to the waiver, then waived (design.md 6.1)', () => {
    const w = waiver('2022-11-10');
    expect(at([w], '2022-12-01')).toMatchObject({
      status: 'waived',
      daysLate: 9,
      lateThrough: '2022-11-10',
      reasons: [
        'due 2022-11-01',
        'waived effective 2022-11-10',
        'unmet when waived: late since 2022-11-02',
      ],
      because: [report.meta.eventId, w.meta.eventId],
    });
  });
  it('waived retroactively: waived outright, and says so', () =>
    expect(at([waiver('2022-11-10', { retroactive: true })], '2022-12-01')).toMatchObject({
      status: 'waived',
      reasons: ['due 2022-11-01', 'waived effective 2022-11-10 (retroactive)'],
    }));
  it('waived after the deadline but met by then: keeps its status', () =>
    expect(at([filedOn('2022-11-04'), waiver('2022-11-10')], '2022-12-01')).toMatchObject({
      status: 'satisfied_late',
      daysLate: 3,
    }));
  it('breached: a violation found and not cured; days late still run to the date asked', () => {
    const found = command(
      'FindViolation',
      { violationId: 'v-1', obligationId: 'report', summary: 'Not filed' },
      { id: 15, on: '2022-11-20', by: ACTORS.court },
    );
    expect(at([found], '2022-12-01')).toMatchObject({
      status: 'breached',
      daysLate: 30,
      reasons: ['due 2022-11-01', 'violation found effective 2022-11-20, not cured'],
      because: [report.meta.eventId, found.meta.eventId],
    });
  });
  it('an ongoing duty with no finding is in force', () =>
    expect(at([ban], '2022-12-01', 'ban/ongoing')).toMatchObject({
      status: 'in_force',
      reasons: ['due 2022-05-26', 'in force; no violation found'],
    }));
  it('superseded from the supersession, with its successor', () => {
    const sup = command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
      { id: 16, on: '2022-10-01', by: ACTORS.court },
    );
    expect(at([sup], '2022-12-01')).toMatchObject({
      status: 'superseded',
      reasons: ['due 2022-11-01', 'superseded effective 2022-10-01'],
      because: [report.meta.eventId, sup.meta.eventId],
      successor: { obligationId: 'report-2' },
    });
  });
  it('void when the order is vacated', () => {
    const t = terminate('vacated', '2022-09-01');
    expect(at([t], '2022-12-01')).toMatchObject({
      status: 'void',
      reasons: ['due 2022-11-01', 'order vacated effective 2022-09-01: void from the start'],
      because: [report.meta.eventId, t.meta.eventId],
    });
  });
  it('after a termination: what fell due later, and an ongoing duty, no longer bind', () => {
    const t = terminate('terminated', '2022-09-01');
    expect(at([t], '2022-12-01')).toMatchObject({
      status: 'waived',
      reasons: [
        'due 2022-11-01',
        'order ended (terminated effective 2022-09-01: By order) before this fell due',
      ],
    });
    expect(at([ban, t], '2022-12-01', 'ban/ongoing')).toMatchObject({
      status: 'waived',
      reasons: [
        'due 2022-05-26',
        'order ended (terminated effective 2022-09-01: By order): the duty no longer binds',
      ],
    });
  });
  it('after the order is superseded by another: superseded, pointing to it', () =>
    expect(
      at([terminate('superseded', '2022-09-01', { successor: 'order-2' })], '2022-12-01'),
    ).toMatchObject({
      status: 'superseded',
      reasons: ['due 2022-11-01', 'order superseded effective 2022-09-01'],
      successor: { orderId: 'order-2' },
    }));
});

describe('days late, the evidence record and the events cited', () => {
  const at = (commands: readonly OrderCommand[], asOf: string, id = 'report/once') => {
    const { state } = record(commands);
    const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === id);
    if (!a) throw new Error(`${id} not listed`);
    return a;
  };
  const order = [filing('frcp6'), entry, report];
  const filedOn = (date: string) =>
    command(
      'FileSubmission',
      { submissionId: `sub-${date}`, obligationId: 'report', title: 'Report' },
      { id: 20, on: date, by: ACTORS.twitter },
    );

  it('a partial record: silence is unverified, but a rejection on file makes it overdue (design.md 6.2)', () => {
    const partial = command(
      'FileOrder',
      { ...filing('frcp6').data, evidenceRecord: 'partial' },
      { id: 1, on: '2022-05-25', by: ACTORS.doj },
    );
    expect(at([partial, entry, report], '2022-11-05').status).toBe('unverified');
    const rejected = command(
      'RejectSubmission',
      { submissionId: 'sub-2022-10-20', reason: 'Incomplete' },
      { id: 21, on: '2022-10-25' },
    );
    const withRejection = [partial, entry, report, filedOn('2022-10-20'), rejected];
    expect(at(withRejection, '2022-11-05')).toMatchObject({ status: 'overdue', daysLate: 4 });
    // A rejection is the regulator's word only from its date: before it, the filing stands.
    expect(at(withRejection, '2022-10-24').status).toBe('satisfied');
  });

  it('an unmet occurrence of a superseded obligation stops running late at the supersession', () => {
    const sup = command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
      { id: 22, on: '2022-11-10', by: ACTORS.court },
    );
    // Due 2022-11-01, superseded 2022-11-10: late from 11-02 through 11-10, 9 days, then frozen.
    expect(at([...order, sup], '2022-12-01')).toMatchObject({
      status: 'overdue',
      daysLate: 9,
      lateThrough: '2022-11-10',
    });
    expect(at([...order, sup], '2022-11-05')).toMatchObject({ status: 'overdue', daysLate: 4 });
  });

  it('a breach of an occurrence met late keeps the evidence date and its days late', () => {
    const found = command(
      'FindViolation',
      { violationId: 'v-1', obligationId: 'report', summary: 'Deficient' },
      { id: 23, on: '2022-11-20', by: ACTORS.court },
    );
    const a = at([...order, filedOn('2022-11-04'), found], '2022-12-01');
    expect(a).toMatchObject({ status: 'breached', satisfiedOn: '2022-11-04', daysLate: 3 });
    expect(a.lateThrough).toBeUndefined();
  });

  it('cites the amendments effective by the date asked, and the triggering fact', () => {
    const amend = command(
      'AmendObligation',
      { obligationId: 'report', changes: { title: 'Initial compliance report' } },
      { id: 24, on: '2022-07-01' },
    );
    expect(at([...order, amend], '2022-06-15').because).toEqual([report.meta.eventId]);
    expect(at([...order, amend], '2022-09-01').because).toEqual([
      report.meta.eventId,
      amend.meta.eventId,
    ]);
    const incidentReport = command(
      'ImposeObligation',
      {
        obligationId: 'incident-report',
        title: 'Incident report',
        kind: 'report',
        schedule: {
          kind: 'after',
          anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
          offset: { days: 30 },
        },
      },
      { id: 25, on: '2022-05-26' },
    );
    const incident = command(
      'DiscoverIncident',
      { incidentId: 'inc-1', summary: 'Leak' },
      { id: 26, on: '2022-07-01', by: ACTORS.twitter },
    );
    // 30 days after Friday 2022-07-01 is Sunday 2022-07-31: due Monday 2022-08-01 (FRCP 6(a)(1)(C)).
    const a = at([...order, incidentReport, incident], '2022-07-05', 'incident-report/inc-1');
    expect(a.dueOn).toBe('2022-08-01');
    expect(a.because).toEqual([incidentReport.meta.eventId, incident.meta.eventId]);
  });
});

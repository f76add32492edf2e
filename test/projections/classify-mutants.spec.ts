// projections/compliance/classify.ts: what mutation testing found unguarded (issue 16, item 7;
// docs/mutation.md). An extended deadline is rolled like any deadline, under the order's own
// day-counting rule in force on the new date; the reasons and the events behind an answer are
// checked here against dates worked out by hand.
import { describe, expect, it } from 'vitest';
import {
  occurrencePointOn,
  occurrenceStatusOn,
  orderStatusOn,
  placedOccurrenceOn,
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

describe('a deadline counted backward, before and after an extension', () => {
  // "At least 30 days before a change of control" (docs/compliance.md, section 1, "Deadlines
  // before a fact"): due 30 days before the change; under roll-forward counting a backward
  // deadline on a weekend or holiday rolls to the previous business day (FRCP 6(a)(5), section 5).
  const preNotice = command(
    'ImposeObligation',
    {
      obligationId: 'pre-notice',
      title: 'Notice of a change of control',
      kind: 'notice',
      schedule: {
        kind: 'before',
        anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
        offset: { days: 30 },
      },
    },
    { id: 30, on: '2022-05-26' },
  );
  // Announced Friday 2022-07-01 for Monday 2022-09-12; 30 days before is Saturday 2022-08-13.
  const change = command(
    'RecordCorporateChange',
    { changeId: 'chg-1', summary: 'Merger agreed', occursOn: '2022-09-12' },
    { id: 31, on: '2022-07-01', by: ACTORS.twitter },
  );
  // Extended (effective 2022-08-01) to Saturday 2022-08-20.
  const extended = command(
    'ExtendDeadline',
    { obligationId: 'pre-notice', occurrence: 'chg-1', newDueOn: '2022-08-20' },
    { id: 32, on: '2022-08-01' },
  );
  const at = (extra: readonly OrderCommand[], asOf: string) => {
    const { state } = record([filing('frcp6'), entry, preNotice, change, ...extra]);
    const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === 'pre-notice/chg-1');
    if (!a) throw new Error('pre-notice/chg-1 not listed');
    return a;
  };

  it('is rolled back to Friday, and the reason cites FRCP 6(a)(5) and says "rolled back"', () => {
    // Saturday 2022-08-13 rolls back to Friday 2022-08-12; on 2022-08-01 that is 11 days ahead.
    expect(at([], '2022-08-01')).toMatchObject({
      nominalDueOn: '2022-08-13',
      dueOn: '2022-08-12',
      status: 'due_soon',
      reasons: [
        'due 2022-08-12 (rolled back from 2022-08-13: Saturday; FRCP 6(a)(5))',
        'due in 11 days',
      ],
    });
  });

  it('an extension of it is rolled back too: Saturday 2022-08-20 becomes Friday 2022-08-19', () => {
    // Section 3: D is the deadline after extensions; the extended date is still counted backward
    // from the change, so it rolls to the previous business day, not to Monday 2022-08-22.
    expect(at([extended], '2022-08-10')).toMatchObject({
      dueOn: '2022-08-19',
      status: 'due_soon',
      reasons: ['due 2022-08-19 (extended effective 2022-08-01)', 'due in 9 days'],
    });
    // Saturday 2022-08-20: one day past the rolled-back deadline.
    expect(at([extended], '2022-08-20')).toMatchObject({
      dueOn: '2022-08-19',
      status: 'overdue',
      daysLate: 1,
    });
  });
});

describe('lateThrough: only when days late stopped before the date asked', () => {
  // docs/compliance.md, section 3, "Days late": reported when positive; `lateThrough` is the day
  // they stopped running when that is before `asOf` (the order's end, a waiver, a supersession).
  const order = [filing('frcp6'), entry, report];
  const at = (extra: readonly OrderCommand[], asOf: string) => {
    const { state } = record([...order, ...extra]);
    const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === 'report/once');
    if (!a) throw new Error('report/once not listed');
    return a;
  };
  const found = (date: string) =>
    command(
      'FindViolation',
      { violationId: 'v-1', obligationId: 'report', summary: 'Not filed' },
      { id: 40, on: date, by: ACTORS.court },
    );

  it('a breach still running on the date asked: days late to that date, no lateThrough', () => {
    // Due 2022-11-01, found 2022-11-20, asked 2022-12-01: 30 days late, still running.
    const a = at([found('2022-11-20')], '2022-12-01');
    expect(a).toMatchObject({ status: 'breached', daysLate: 30 });
    expect(Object.keys(a)).not.toContain('lateThrough');
  });

  it('a breach of an occurrence not yet due when the order ended: no days late, stopped on the deadline', () => {
    // Found Thursday 2022-10-20 (before the deadline of 2022-11-01), order terminated 2022-10-25.
    // Days late stop at 2022-10-25, before the deadline: none ever ran, which the answer says by
    // their stopping on the deadline itself (as for a breach a waiver excused before it was due),
    // so a reader of the change points does not count them as running.
    const terminated = command(
      'TerminateOrder',
      { reason: 'By order', kind: 'terminated' },
      { id: 41, on: '2022-10-25', by: ACTORS.court },
    );
    const a = at([found('2022-10-20'), terminated], '2022-12-01');
    expect(a.status).toBe('breached');
    expect(Object.keys(a)).not.toContain('daysLate');
    expect(a.lateThrough).toBe('2022-11-01');
    // Asked before the deadline, nothing has stopped yet: no lateThrough.
    const early = at([found('2022-10-20'), terminated], '2022-10-31');
    expect(Object.keys(early)).not.toContain('lateThrough');
  });

  it('a breach of an occurrence due on the day the order ended: zero days late, stopped on the deadline', () => {
    // Due Tuesday 2022-11-01, terminated effective that day: days late stop at 2022-11-01, the
    // deadline itself, so 2022-11-01 − 2022-11-01 = 0 days: none reported, stopped on the deadline.
    const terminated = command(
      'TerminateOrder',
      { reason: 'By order', kind: 'terminated' },
      { id: 42, on: '2022-11-01', by: ACTORS.court },
    );
    const a = at([found('2022-10-20'), terminated], '2022-12-01');
    expect(a.status).toBe('breached');
    expect(Object.keys(a)).not.toContain('daysLate');
    expect(a.lateThrough).toBe('2022-11-01');
  });

  it('a breach of an ongoing duty counts no days late: it has no deadline to be late for', () => {
    // Section 3, item 4: an ongoing duty has no deadline to meet (in force, never satisfied); a
    // breach of it counts its days from the conduct, in exposure (section 6), not as days late.
    const ban = command(
      'ImposeObligation',
      { obligationId: 'ban', title: 'Ban', kind: 'prohibition', schedule: { kind: 'ongoing' } },
      { id: 43, on: '2022-05-26' },
    );
    const breach = command(
      'FindViolation',
      { violationId: 'v-ban', obligationId: 'ban', summary: 'Conduct' },
      { id: 44, on: '2022-11-20', by: ACTORS.court },
    );
    const { state } = record([...order, ban, breach]);
    const a = orderStatusOn(state, on('2022-12-01')).occurrences.find(
      (o) => o.id === 'ban/ongoing',
    );
    expect(a).toMatchObject({
      status: 'breached',
      reasons: ['due 2022-05-26', 'violation found effective 2022-11-20, not cured'],
      because: [ban.meta.eventId, breach.meta.eventId],
    });
    expect(Object.keys(a ?? {})).not.toContain('daysLate');
    expect(Object.keys(a ?? {})).not.toContain('lateThrough');
  });
});

describe('a waiver effective on the due date', () => {
  // docs/compliance.md, section 1, "Waivers": an occurrence due on or after W reads `waived`
  // outright (no days late, no "unmet when waived"), even when evidence was filed by then.
  const order = [filing('frcp6'), entry, report];
  const waiver = command(
    'WaiveObligation',
    { obligationId: 'report', reason: 'Excused' },
    { id: 50, on: '2022-11-01' },
  );
  const at = (extra: readonly OrderCommand[], asOf: string) => {
    const { state } = record([...order, ...extra]);
    const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === 'report/once');
    if (!a) throw new Error('report/once not listed');
    return a;
  };

  it('waives an occurrence due that day outright', () => {
    const a = at([waiver], '2022-12-01');
    expect(a).toMatchObject({
      status: 'waived',
      reasons: ['due 2022-11-01', 'waived effective 2022-11-01'],
      because: [report.meta.eventId, waiver.meta.eventId],
    });
    expect(Object.keys(a)).not.toContain('daysLate');
  });

  it('waives it even when a report was filed that day', () => {
    const filed = command(
      'FileSubmission',
      { submissionId: 'sub-1', obligationId: 'report', title: 'Report' },
      { id: 51, on: '2022-11-01', by: ACTORS.twitter },
    );
    expect(at([filed, waiver], '2022-12-01')).toMatchObject({
      status: 'waived',
      reasons: ['due 2022-11-01', 'waived effective 2022-11-01'],
    });
  });
});

describe('the end of the order, its evidence record, and what comes first', () => {
  const at = (commands: readonly OrderCommand[], asOf: string, id = 'report/once') => {
    const { state } = record(commands);
    const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === id);
    if (!a) throw new Error(`${id} not listed`);
    return a;
  };
  const order = [filing('frcp6'), entry, report];
  const terminate = (kind: string, date: string) =>
    command('TerminateOrder', { reason: 'By order', kind }, { id: 60, on: date, by: ACTORS.court });

  it('an order superseded without a named successor: superseded, and no successor', () => {
    // Section 2: `superseded`: occurrences due on or after T read `superseded`; `successor` is optional.
    const t = terminate('superseded', '2022-09-01');
    const a = at([...order, t], '2022-12-01');
    expect(a).toMatchObject({
      status: 'superseded',
      reasons: ['due 2022-11-01', 'order superseded effective 2022-09-01'],
      because: [report.meta.eventId, t.meta.eventId],
    });
    expect(Object.keys(a)).not.toContain('successor');
  });

  it('an obligation’s own evidence record overrides the order’s', () => {
    // Section 3, item 6: silence is `unverified` only on a record declared partial; an obligation
    // that declares its own record complete is `overdue` from D + 1 even on a partial order.
    const partialOrder = command(
      'FileOrder',
      { ...filing('frcp6').data, evidenceRecord: 'partial' },
      { id: 1, on: '2022-05-25', by: ACTORS.doj },
    );
    const complete = command(
      'ImposeObligation',
      { ...report.data, evidenceRecord: 'complete' },
      { id: 3, on: '2022-05-26' },
    );
    expect(at([partialOrder, entry, complete], '2022-11-05')).toMatchObject({
      status: 'overdue',
      daysLate: 4,
    });
    // And the other way: a partial obligation on a complete order is unverified.
    const partialDuty = command(
      'ImposeObligation',
      { ...report.data, evidenceRecord: 'partial' },
      { id: 3, on: '2022-05-26' },
    );
    expect(at([filing('frcp6'), entry, partialDuty], '2022-11-05').status).toBe('unverified');
  });

  it('void comes before a breach: a vacated order voids a finding made under it', () => {
    // Section 3: most decisive first, 1. `void` (the order was vacated), 2. `breached`.
    const found = command(
      'FindViolation',
      { violationId: 'v-1', obligationId: 'report', summary: 'Not filed' },
      { id: 61, on: '2022-11-20', by: ACTORS.court },
    );
    const vacated = terminate('vacated', '2022-12-05');
    const a = at([...order, found, vacated], '2022-12-10');
    expect(a).toMatchObject({
      status: 'void',
      reasons: ['due 2022-11-01', 'order vacated effective 2022-12-05: void from the start'],
      because: [report.meta.eventId, vacated.meta.eventId],
    });
    expect(Object.keys(a)).not.toContain('daysLate');
  });

  it('an order whose term ran out: what fell due after it is waived, citing only what was recorded', () => {
    // Section 2: the order is in force through the last day of its term (Monday 2022-10-31);
    // the report due Tuesday 2022-11-01 falls after it: `waived`. No event ended the order, so
    // `because` holds the imposition alone.
    const shortTerm = command(
      'EnterOrder',
      { termEndsOn: '2022-10-31' },
      { id: 2, on: '2022-05-26', by: ACTORS.court },
    );
    const a = at([filing('frcp6'), shortTerm, report], '2022-12-01');
    expect(a).toMatchObject({
      status: 'waived',
      reasons: ['due 2022-11-01', 'order ended (term ran through 2022-10-31) before this fell due'],
    });
    expect(a.because).toEqual([report.meta.eventId]);
  });
});

describe('the events behind an answer, each cited once', () => {
  // `because`: the ids of the events that decided the answer (compliance.types.ts), in the order
  // cited: imposition, amendments by then, trigger, extension, verdict; none twice.
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
      requiresAcceptance: true,
    },
    { id: 70, on: '2022-05-26' },
  );
  const amend = command(
    'AmendObligation',
    { obligationId: 'incident-report', changes: { title: 'Data incident report' } },
    { id: 71, on: '2022-06-15' },
  );
  const incident = command(
    'DiscoverIncident',
    { incidentId: 'inc-1', summary: 'Leak' },
    { id: 72, on: '2022-07-01', by: ACTORS.twitter },
  );
  const extended = command(
    'ExtendDeadline',
    { obligationId: 'incident-report', occurrence: 'inc-1', newDueOn: '2022-08-15' },
    { id: 73, on: '2022-07-20' },
  );
  const filed = command(
    'FileSubmission',
    {
      submissionId: 'sub-inc-1',
      obligationId: 'incident-report',
      occurrence: 'inc-1',
      title: 'Report',
    },
    { id: 74, on: '2022-08-10', by: ACTORS.twitter },
  );
  const accepted = command(
    'AcceptSubmission',
    { submissionId: 'sub-inc-1' },
    { id: 75, on: '2022-08-20' },
  );

  it('imposition, amendment, trigger, extension, submission, acceptance: six ids, none repeated', () => {
    const { state } = record([
      filing('frcp6'),
      entry,
      incidentReport,
      amend,
      incident,
      extended,
      filed,
      accepted,
    ]);
    const a = orderStatusOn(state, on('2022-09-01')).occurrences.find(
      (o) => o.id === 'incident-report/inc-1',
    );
    // Extended to Monday 2022-08-15 (a business day); filed 2022-08-10, accepted 2022-08-20.
    expect(a).toMatchObject({
      dueOn: '2022-08-15',
      status: 'satisfied',
      satisfiedOn: '2022-08-10',
    });
    expect(a?.because).toEqual(
      [incidentReport, amend, incident, extended, filed, accepted].map((c) => c.meta.eventId),
    );
    expect(new Set(a?.because).size).toBe(a?.because.length);
  });
});

describe('a supersession effective on the due date', () => {
  // docs/compliance.md, section 2, "Supersession": occurrences due on or after S read `superseded`.
  it('supersedes the occurrence due that day', () => {
    const sup = command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
      { id: 80, on: '2022-11-01', by: ACTORS.court },
    );
    const { state } = record([filing('frcp6'), entry, report, sup]);
    const a = orderStatusOn(state, on('2022-12-01')).occurrences.find(
      (o) => o.id === 'report/once',
    );
    expect(a).toMatchObject({
      status: 'superseded',
      reasons: ['due 2022-11-01', 'superseded effective 2022-11-01'],
      because: [report.meta.eventId, sup.meta.eventId],
      successor: { obligationId: 'report-2' },
    });
    expect(Object.keys(a ?? {})).not.toContain('daysLate');
  });
});

describe('a partial record: only a rejection effective by the date asked, of a submission for this occurrence', () => {
  // docs/compliance.md, section 3, item 6: on a partial record silence is `unverified`; an
  // occurrence is `overdue` only when a submission for it was rejected. Only facts effective on or
  // before `asOf` count (the page's opening: locality). The report is due Tuesday 2022-11-01.
  const partial = command(
    'FileOrder',
    { ...filing('frcp6').data, evidenceRecord: 'partial' },
    { id: 1, on: '2022-05-25', by: ACTORS.doj },
  );
  const filedOn = (date: string) =>
    command(
      'FileSubmission',
      { submissionId: `sub-${date}`, obligationId: 'report', title: 'Report' },
      { id: 90, on: date, by: ACTORS.twitter },
    );
  const rejectedOn = (submissionId: string, date: string) =>
    command('RejectSubmission', { submissionId, reason: 'Incomplete' }, { id: 91, on: date });
  const at = (extra: readonly OrderCommand[], asOf: string, id = 'report/once') => {
    const { state } = record([partial, entry, report, ...extra]);
    const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === id);
    if (!a) throw new Error(`${id} not listed`);
    return a;
  };

  it('a report filed after the date asked, not yet decided: still unverified on that date', () =>
    expect(at([filedOn('2022-11-10')], '2022-11-05').status).toBe('unverified'));

  it('filed and rejected after the date asked: still unverified on that date', () =>
    expect(
      at([filedOn('2022-11-10'), rejectedOn('sub-2022-11-10', '2022-11-12')], '2022-11-05').status,
    ).toBe('unverified'));

  it('rejected on the date asked: overdue that day, 4 days late', () =>
    // Filed Thursday 2022-11-03, rejected Saturday 2022-11-05: 2022-11-05 − 2022-11-01 = 4.
    expect(
      at([filedOn('2022-11-03'), rejectedOn('sub-2022-11-03', '2022-11-05')], '2022-11-05'),
    ).toMatchObject({ status: 'overdue', daysLate: 4 }));

  it('a payment that shares its id with a rejected submission of another duty is no rejection', () => {
    // A fine of $1,000 due 2022-11-01, $500 paid on 2022-10-15 under payment id "x-1"; a report
    // filed as submission "x-1" and rejected. The rejection concerns the report, not the fine: the
    // fine's silence stays unverified, the report is overdue (2022-11-05 − 2022-11-01 = 4 days).
    const fine = command(
      'ImposeObligation',
      {
        obligationId: 'fine',
        title: 'Civil penalty',
        kind: 'payment',
        schedule: { kind: 'once', dueOn: '2022-11-01' },
        amount: { amountMinor: 100_000, currency: 'USD' },
      },
      { id: 92, on: '2022-05-26' },
    );
    const paid = command(
      'MakePayment',
      {
        paymentId: 'x-1',
        obligationId: 'fine',
        amount: { amountMinor: 50_000, currency: 'USD' },
      },
      { id: 93, on: '2022-10-15', by: ACTORS.twitter },
    );
    const filed = command(
      'FileSubmission',
      { submissionId: 'x-1', obligationId: 'report', title: 'Report' },
      { id: 94, on: '2022-10-20', by: ACTORS.twitter },
    );
    const history = [fine, paid, filed, rejectedOn('x-1', '2022-10-25')];
    expect(at(history, '2022-11-05', 'fine/once').status).toBe('unverified');
    expect(at(history, '2022-11-05')).toMatchObject({ status: 'overdue', daysLate: 4 });
  });
});

describe('the deadline’s reason and the amendments cited', () => {
  const order = [filing('frcp6'), entry];
  const sundayReport = (rule: Rule) => [
    filing(rule),
    entry,
    command(
      'ImposeObligation',
      {
        obligationId: 'report',
        title: 'Compliance report',
        kind: 'report',
        schedule: { kind: 'once', dueOn: '2022-07-31' },
      },
      { id: 100, on: '2022-05-26' },
    ),
  ];
  const at = (commands: readonly OrderCommand[], asOf: string) => {
    const { state } = record(commands);
    const a = orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === 'report/once');
    if (!a) throw new Error('report/once not listed');
    return a;
  };

  it.each([
    // Section 5: frcp6 rolls a last day on a weekend to the next business day, FRCP 6(a)(1)(C).
    ['frcp6', 'due 2022-08-01 (rolled from 2022-07-31: Sunday; FRCP 6(a)(1)(C))'],
    // ftc-4.3a: the last day rolls past weekends (16 C.F.R. 4.3(a)).
    ['ftc-4.3a', 'due 2022-08-01 (rolled from 2022-07-31: Sunday; 16 C.F.R. 4.3(a))'],
    // calendar: no roll.
    ['calendar', 'due 2022-07-31'],
  ] as const)('a report due Sunday 2022-07-31 under %s: "%s"', (rule, reason) =>
    expect(at(sundayReport(rule), '2022-07-15').reasons[0]).toBe(reason),
  );

  it('an amendment effective on the date asked is cited that day', () => {
    // Section 1: amendments effective after asOf are not yet in force; one effective on asOf is.
    const amend = command(
      'AmendObligation',
      { obligationId: 'report', changes: { title: 'Initial compliance report' } },
      { id: 101, on: '2022-07-01' },
    );
    expect(at([...order, report, amend], '2022-07-01').because).toEqual([
      report.meta.eventId,
      amend.meta.eventId,
    ]);
    expect(at([...order, report, amend], '2022-06-30').because).toEqual([report.meta.eventId]);
  });

  it('an owner only when one is named: no owner key when the assignments name other duties', () => {
    const assigned = command(
      'AssignObligation',
      {
        obligationId: 'ban',
        owner: { name: 'Jane Roe, Chief Privacy Officer', email: 'jane.roe@example.com' },
      },
      { id: 102, on: '2022-06-01', by: ACTORS.twitter },
    );
    const ban = command(
      'ImposeObligation',
      { obligationId: 'ban', title: 'Ban', kind: 'prohibition', schedule: { kind: 'ongoing' } },
      { id: 103, on: '2022-05-26' },
    );
    const a = at([...order, report, ban, assigned], '2022-10-01');
    expect(Object.keys(a)).not.toContain('owner');
  });
});

describe('one occurrence alone: occurrenceStatusOn and occurrencePointOn', () => {
  // `occurrenceStatusOn(s, id, asOf)` is the answer `orderStatusOn(s, asOf)` lists for `id`,
  // computed for that occurrence alone, and undefined when it is not listed then
  // (order-status.ts). A yearly certification from Friday 2023-05-26: its 2024 occurrence is due
  // Sunday 2024-05-26, rolled past Memorial Day (Monday 2024-05-27) to Tuesday 2024-05-28
  // (docs/compliance.md, section 5).
  const cert = command(
    'ImposeObligation',
    {
      obligationId: 'cert',
      title: 'Annual certification',
      kind: 'certification',
      schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-05-26' } },
    },
    { id: 110, on: '2022-07-01' },
  );
  const { state } = record([filing('frcp6'), entry, report, cert]);
  const listed = (id: string, asOf: string) =>
    orderStatusOn(state, on(asOf)).occurrences.find((o) => o.id === id);

  it('the second occurrence of a recurring duty, as the order’s answer lists it', () => {
    const a = occurrenceStatusOn(state, 'cert/2024-05-26', on('2024-05-01'));
    expect(a).toMatchObject({
      key: '2024-05-26',
      nominalDueOn: '2024-05-26',
      dueOn: '2024-05-28',
      status: 'due_soon',
      reasons: [
        'due 2024-05-28 (rolled from 2024-05-26: Sunday; Memorial Day (federal holiday); FRCP 6(a)(1)(C))',
        'due in 27 days',
      ],
    });
    expect(a).toEqual(listed('cert/2024-05-26', '2024-05-01'));
    // The first one, overdue since Saturday 2023-05-27.
    expect(occurrenceStatusOn(state, 'cert/2023-05-26', on('2024-05-01'))).toMatchObject({
      dueOn: '2023-05-26',
      status: 'overdue',
    });
  });

  it('from the day its obligation is imposed, and not before', () => {
    // A second report, due 2022-11-01 too, imposed 2022-07-01: the occurrences that exist on a
    // date are those of the obligations imposed by then (classify.ts, occurrencesOn).
    const later = command(
      'ImposeObligation',
      {
        obligationId: 'later',
        title: 'Supplemental report',
        kind: 'report',
        schedule: { kind: 'once', dueOn: '2022-11-01' },
      },
      { id: 113, on: '2022-07-01' },
    );
    const s = record([filing('frcp6'), entry, report, later]).state;
    expect(occurrenceStatusOn(s, 'later/once', on('2022-07-01'))).toMatchObject({
      dueOn: '2022-11-01',
      status: 'upcoming',
    });
    expect(occurrenceStatusOn(s, 'later/once', on('2022-06-30'))).toBeUndefined();
  });

  it('undefined for an unknown obligation or an unknown key', () => {
    expect(occurrenceStatusOn(state, 'nothing/once', on('2022-10-01'))).toBeUndefined();
    expect(occurrenceStatusOn(state, 'report/2022-11-01', on('2022-10-01'))).toBeUndefined();
    expect(occurrenceStatusOn(state, 'report/once', on('2022-10-01'))).toMatchObject({
      dueOn: '2022-11-01',
      status: 'upcoming',
    });
  });

  // A point keeps status, deadline, evidence date, `lateThrough` and pending allegations; the
  // optional fields only when set (docs/compliance.md, section 3, "Days late").
  const pointOf = (commands: readonly OrderCommand[], asOf: string) => {
    const s = record(commands).state;
    const p = placedOccurrenceOn(s, 'report/once', on(asOf), 30);
    if (!p) throw new Error('report/once not placed');
    return occurrencePointOn(s, p, on(asOf), 30);
  };
  const base = {
    id: 'report/once',
    obligationId: 'report',
    key: 'once',
    title: 'Compliance report',
  };

  it('a point of an occurrence met late: its evidence date, no lateThrough', () => {
    const filed = command(
      'FileSubmission',
      { submissionId: 'sub-1', obligationId: 'report', title: 'Report' },
      { id: 111, on: '2022-11-04', by: ACTORS.twitter },
    );
    expect(pointOf([filing('frcp6'), entry, report, filed], '2022-12-01')).toStrictEqual({
      ...base,
      status: 'satisfied_late',
      dueOn: '2022-11-01',
      satisfiedOn: '2022-11-04',
      pendingAllegations: 0,
    });
  });

  it('a point of an occurrence whose days late stopped at a supersession: lateThrough, no evidence date', () => {
    const sup = command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
      { id: 112, on: '2022-11-10', by: ACTORS.court },
    );
    expect(pointOf([filing('frcp6'), entry, report, sup], '2022-12-01')).toStrictEqual({
      ...base,
      status: 'overdue',
      dueOn: '2022-11-01',
      lateThrough: '2022-11-10',
      pendingAllegations: 0,
    });
  });

  it('a point of an upcoming occurrence: neither', () =>
    expect(pointOf([filing('frcp6'), entry, report], '2022-09-01')).toStrictEqual({
      ...base,
      status: 'upcoming',
      dueOn: '2022-11-01',
      pendingAllegations: 0,
    }));
});

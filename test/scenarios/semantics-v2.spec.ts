// Given/when/then specs of the compliance semantics v2 (design.md section 6, docs/compliance.md),
// one rule at a time, each with its worked dates. The order is filed 2022-05-25 and entered
// 2022-05-26 (term to 2042-05-26); its evidence record is complete unless a case says otherwise.
import { describe, expect, it } from 'vitest';
import {
  changesOf,
  decideOrder,
  explainOccurrence,
  exposureOf,
  ledgerOf,
  orderStatusOn,
  orderTimeline,
  stateKnownAt,
  stateKnownOn,
  type CalendarDate,
  type OccurrenceAnswer,
  type OrderCommand,
  type OrderState,
} from '../../src/index.js';
import { ACTORS, command, record, recorded } from '../support/order-builders.js';

const on = (d: string) => d as CalendarDate;
const filing = (extra: Record<string, unknown> = {}) =>
  command(
    'FileOrder',
    {
      orderId: 'ftc-example',
      title: 'Decision and Order',
      kind: 'administrative_order',
      forum: 'FTC',
      ...extra,
    },
    { on: '2022-05-25' },
  );
const entry = command('EnterOrder', { termEndsOn: '2042-05-26' }, { on: '2022-05-26' });
const impose = (
  obligationId: string,
  schedule: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  on = '2022-05-26',
) =>
  command(
    'ImposeObligation',
    { obligationId, title: `Duty ${obligationId}`, kind: 'report', schedule, ...extra },
    {
      on,
      source: 'Order, Section VIII',
      assumed: ['schedule: first due date not found; one year after entry assumed'],
    },
  );
const annual = impose(
  'cert',
  { kind: 'recurring', every: { years: 1 }, start: { on: '2023-05-26' } },
  { kind: 'certification' },
);
const file = (obligationId: string, date: string, occurrence?: string) =>
  command(
    'FileSubmission',
    {
      submissionId: `${obligationId}-${date}`,
      obligationId,
      title: 'Filing',
      ...(occurrence ? { occurrence } : {}),
    },
    { on: date, by: ACTORS.x },
  );

const order = (...commands: OrderCommand[]): OrderState =>
  record([filing(), entry, ...commands]).state;
const partial = (...commands: OrderCommand[]): OrderState =>
  record([filing({ evidenceRecord: 'partial' }), entry, ...commands]).state;
const answer = (s: OrderState, asOf: string) => orderStatusOn(s, on(asOf));
const occ = (s: OrderState, asOf: string, id: string): OccurrenceAnswer | undefined =>
  answer(s, asOf).occurrences.find((o) => o.id === id);
const ids = (s: OrderState, asOf: string) => answer(s, asOf).occurrences.map((o) => o.id);

describe('changes govern forward (design.md 6.1)', () => {
  const amend = (extra: Record<string, unknown> = {}) =>
    command(
      'AmendObligation',
      {
        obligationId: 'cert',
        changes: {
          schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-11-22' } },
        },
        ...extra,
      },
      { on: '2024-01-01' },
    );

  it('an amendment effective 2024-01-01 keeps the 2023-05-26 occurrence overdue (219 days on 2023-12-31) and creates no 2023-11-22 occurrence', () => {
    const s = order(annual, amend());
    expect(occ(s, '2023-12-31', 'cert/2023-05-26')).toMatchObject({
      status: 'overdue',
      daysLate: 219,
    });
    expect(occ(s, '2024-01-01', 'cert/2023-05-26')).toMatchObject({
      status: 'overdue',
      daysLate: 220,
      dueOn: '2023-05-26',
    });
    expect(ids(s, '2024-01-01')).not.toContain('cert/2023-11-22');
    // The old schedule's 2024 occurrence (due 2024-05-28, after the amendment) is not created either; the new one's 2024-11-22 is.
    expect(ids(s, '2024-12-01')).toEqual(
      expect.arrayContaining(['cert/2023-05-26', 'cert/2024-11-22']),
    );
    expect(ids(s, '2024-12-01')).not.toContain('cert/2024-05-26');
  });

  it('an occurrence extended past an amendment stays under the terms it was due under: the amendment does not drop it', () => {
    // The 2023-05-26 certification, extended on 2023-05-10 to 2023-08-01; the schedule amended
    // effective 2023-07-01 (yearly from 2023-11-22). Placed by its extended deadline it would fall
    // in the new period, which does not place it: a duty outstanding would vanish.
    const extended = command(
      'ExtendDeadline',
      { obligationId: 'cert', occurrence: '2023-05-26', newDueOn: '2023-08-01', reason: 'Granted' },
      { on: '2023-05-10', by: ACTORS.ftc },
    );
    const amended = command(
      'AmendObligation',
      {
        obligationId: 'cert',
        changes: {
          schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-11-22' } },
        },
      },
      { on: '2023-07-01' },
    );
    const s = order(annual, extended, amended);
    expect(occ(s, '2023-07-15', 'cert/2023-05-26')).toMatchObject({
      status: 'due_soon',
      dueOn: '2023-08-01',
    });
    expect(occ(s, '2023-08-11', 'cert/2023-05-26')).toMatchObject({
      status: 'overdue',
      daysLate: 10,
    });
    expect(ids(s, '2023-12-01')).toEqual(
      expect.arrayContaining(['cert/2023-05-26', 'cert/2023-11-22']),
    );
  });

  it('evidence for an occurrence due under the earlier terms is still accepted after the amendment', () => {
    const s = order(annual, amend(), file('cert', '2024-02-01', '2023-05-26'));
    expect(occ(s, '2024-03-01', 'cert/2023-05-26')).toMatchObject({
      status: 'satisfied_late',
      daysLate: 251,
    });
  });

  it('retroactive: true reaches back: the 2023-05-26 occurrence goes and 2023-11-22 exists', () => {
    const s = order(annual, amend({ retroactive: true }));
    expect(ids(s, '2024-01-01')).toEqual(['cert/2023-11-22']);
    expect(occ(s, '2024-01-01', 'cert/2023-11-22')).toMatchObject({
      status: 'overdue',
      daysLate: 40,
    });
  });

  it('a term cut short to a day already past ends the order when the modification takes effect, not before: what fell due stays, days late frozen', () => {
    // A report due 2023-03-01, not filed. On 2023-06-01 the term is said to have ended 2022-12-31
    // (not retroactively): the order was in force until then, so it ends on 2023-05-31; the report
    // stays overdue, its days late frozen at 91 (to 05-31), never waived as if due after the end.
    const report = impose('report', { kind: 'once', dueOn: '2023-03-01' });
    const cut = (retroactive?: boolean) =>
      command(
        'ModifyOrder',
        { summary: 'Term', termEndsOn: '2022-12-31', ...(retroactive ? { retroactive } : {}) },
        { on: '2023-06-01' },
      );
    const s = order(report, cut());
    expect(occ(s, '2023-05-31', 'report/once')).toMatchObject({ status: 'overdue', daysLate: 91 });
    expect(answer(s, '2023-07-01')).toMatchObject({ status: 'expired', endedOn: '2023-06-01' });
    expect(occ(s, '2023-07-01', 'report/once')).toMatchObject({ status: 'overdue', daysLate: 91 });
    // retroactive: true reaches back: the term ended 2022-12-31, before the report fell due.
    expect(occ(order(report, cut(true)), '2023-07-01', 'report/once')?.status).toBe('waived');
  });

  it('a change of the evidence record governs what falls due from its date: an earlier default stays, earlier silence stays no default', () => {
    // Certifications due each 2023-05-26 on; nothing filed. The order changes its evidence record
    // on 2024-01-01. Called partial then, the 2023 occurrence, due under a complete record, stays
    // overdue (its days late running); 2024's, due under the partial one, reads unverified.
    const record = (evidenceRecord: string, retroactive?: boolean) =>
      command(
        'ModifyOrder',
        { summary: 'Record', evidenceRecord, ...(retroactive ? { retroactive } : {}) },
        { on: '2024-01-01' },
      );
    const nowPartial = order(annual, record('partial'));
    expect(occ(nowPartial, '2024-06-01', 'cert/2023-05-26')).toMatchObject({
      status: 'overdue',
      daysLate: 372,
    });
    expect(occ(nowPartial, '2024-06-01', 'cert/2024-05-26')?.status).toBe('unverified');
    // Called complete instead, 2023's silence under the partial record stays no default; 2024's is one.
    const nowComplete = partial(annual, record('complete'));
    expect(occ(nowComplete, '2024-06-01', 'cert/2023-05-26')?.status).toBe('unverified');
    expect(occ(nowComplete, '2024-06-01', 'cert/2024-05-26')).toMatchObject({
      status: 'overdue',
      daysLate: 4,
    });
    // retroactive: true reaches back to the filing.
    const back = partial(annual, record('complete', true));
    expect(occ(back, '2024-06-01', 'cert/2023-05-26')).toMatchObject({ status: 'overdue' });
  });

  it('a change of day counting effective 2026-01-01 leaves a 2024 certification filed on its rolled deadline satisfied', () => {
    // 2024-05-26 is a Sunday and 2024-05-27 Memorial Day: FRCP 6(a)(1)(C), due Tuesday 2024-05-28.
    const noRoll = command(
      'ModifyOrder',
      { summary: 'Calendar days', dayCounting: { rollForward: false } },
      { on: '2026-01-01' },
    );
    const s = order(annual, file('cert', '2024-05-28', '2024-05-26'), noRoll);
    expect(occ(s, '2026-06-01', 'cert/2024-05-26')).toMatchObject({
      status: 'satisfied',
      dueOn: '2024-05-28',
    });
    // The change governs forward: 2026-05-26 is a Tuesday anyway; 2029-05-26, a Saturday, no longer rolls.
    expect(occ(s, '2029-06-01', 'cert/2029-05-26')).toMatchObject({ dueOn: '2029-05-26' });
  });

  it('a waiver effective 2024-01-01 keeps a violation found on 2023-04-01 breached, and accepts a later finding about conduct before it', () => {
    const ban = impose('ban', { kind: 'ongoing' }, { kind: 'prohibition' });
    const found = command(
      'FindViolation',
      { violationId: 'v-1', obligationId: 'ban', summary: 'Ads from security data' },
      { on: '2023-04-01' },
    );
    const waiver = command(
      'WaiveObligation',
      { obligationId: 'ban', reason: 'Relief granted' },
      { on: '2024-01-01' },
    );
    const s = order(ban, found, waiver);
    expect(occ(s, '2024-02-01', 'ban/ongoing')).toMatchObject({ status: 'breached' });
    const later = command(
      'FindViolation',
      {
        violationId: 'v-2',
        obligationId: 'ban',
        summary: 'Earlier conduct',
        period: { from: '2023-10-01', to: '2023-12-15' },
      },
      { on: '2024-03-01' },
    );
    expect(decideOrder(later, s)).toHaveLength(1);
    const after = command(
      'FindViolation',
      { violationId: 'v-3', obligationId: 'ban', summary: 'After the waiver' },
      { on: '2024-03-01' },
    );
    expect(() => decideOrder(after, s)).toThrow(
      expect.objectContaining({ code: 'VIOLATION_AGAINST_WAIVED' }),
    );
  });

  it('a waiver after an order that ended on the deadline: waived, no day late, its count stopped on the deadline', () => {
    // A report due Monday 2022-11-07, the order terminated effective that day: overdue with no day
    // late (the end stopped the count on the deadline); waived on 2023-01-02, it says the same.
    const report = impose('report', { kind: 'once', dueOn: '2022-11-07' });
    const ended = command(
      'TerminateOrder',
      { reason: 'Settled' },
      { on: '2022-11-07', by: ACTORS.court },
    );
    const waiver = command(
      'WaiveObligation',
      { obligationId: 'report', reason: 'Moot' },
      { on: '2023-01-02', by: ACTORS.court },
    );
    expect(occ(order(report, ended), '2023-02-01', 'report/once')).toMatchObject({
      status: 'overdue',
      lateThrough: '2022-11-07',
    });
    const o = occ(order(report, ended, waiver), '2023-02-01', 'report/once');
    expect(o).toMatchObject({ status: 'waived', lateThrough: '2022-11-07' });
    expect(o?.daysLate).toBeUndefined();
  });

  it('a waiver after an unmet deadline waives from its date on, keeping the history (overdue before, days late kept)', () => {
    const report = impose('report', { kind: 'once', dueOn: '2022-11-01' });
    const s = order(
      report,
      command('WaiveObligation', { obligationId: 'report', reason: 'Moot' }, { on: '2022-12-01' }),
    );
    expect(occ(s, '2022-11-30', 'report/once')).toMatchObject({ status: 'overdue', daysLate: 29 });
    expect(occ(s, '2022-12-01', 'report/once')).toMatchObject({ status: 'waived', daysLate: 30 });
    expect(occ(s, '2023-06-01', 'report/once')).toMatchObject({ status: 'waived', daysLate: 30 });
    const met = order(
      report,
      file('report', '2022-10-20'),
      command('WaiveObligation', { obligationId: 'report', reason: 'Moot' }, { on: '2022-12-01' }),
    );
    expect(occ(met, '2023-06-01', 'report/once')).toMatchObject({ status: 'satisfied' }); // met before the waiver: it stays met
  });
});

describe('no duty falls due before it binds (design.md 6.1, 6.3)', () => {
  it('a deadline before the imposition is due the day the duty is imposed: late from the day after, never before', () => {
    // Imposed Monday 2025-03-03 (a modification): a report once due 2024-01-02, and yearly reports
    // from 2023-01-02. What the schedule dates before the imposition is due on it; later dates stand.
    const s = order(
      impose('late-report', { kind: 'once', dueOn: '2024-01-02' }, {}, '2025-03-03'),
      impose(
        'yearly',
        { kind: 'recurring', every: { years: 1 }, start: { on: '2023-01-02' } },
        {},
        '2025-03-03',
      ),
    );
    const a = answer(s, '2025-03-10');
    expect(a.occurrences.map((o) => [o.id, o.nominalDueOn, o.dueOn, o.status, o.daysLate])).toEqual(
      [
        ['late-report/once', '2024-01-02', '2025-03-03', 'overdue', 7],
        ['yearly/2023-01-02', '2023-01-02', '2025-03-03', 'overdue', 7],
        ['yearly/2024-01-02', '2024-01-02', '2025-03-03', 'overdue', 7],
        ['yearly/2025-01-02', '2025-01-02', '2025-03-03', 'overdue', 7],
      ],
    );
    expect(a.occurrences[0]!.reasons[0]).toBe(
      'due 2025-03-03 (2024-01-02 is before the duty bound on 2025-03-03, imposed and the order entered: due that day)',
    );
    expect(occ(s, '2026-01-10', 'yearly/2026-01-02')).toMatchObject({
      dueOn: '2026-01-02',
      status: 'overdue',
      daysLate: 8,
    });
    // What accrues runs from the day after the duty bound (design.md 6.4).
    const rows = exposureOf(s, on('2025-03-10')).filter(
      (r) => r.occurrenceId === 'late-report/once',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ since: '2025-03-04', days: 7 });
  });

  it('an entry counts from its own date: before it nothing binds, also once the order has ended', () => {
    // (DECREE_DEEP seed 1176631677.) A penalty assessed at the filing, 2022-05-25, due 05-27; the
    // order terminated 05-30 and, recorded first, entered 06-03. On 05-30 the order is terminated
    // but not yet entered: nothing ever bound, so nothing is listed (as while pending entry); from
    // 06-03 the entry binds the penalty (a payment survives the end), held to that day.
    const s = record([
      filing(),
      command(
        'AssessPenalty',
        {
          penaltyId: 'pen',
          amount: { amountMinor: 100, currency: 'USD' },
          dueOn: '2022-05-27',
          reason: 'Contempt',
        },
        { on: '2022-05-25', by: ACTORS.court },
      ),
      command('EnterOrder', {}, { on: '2022-06-03', by: ACTORS.court }),
      command('TerminateOrder', { reason: 'Settled' }, { on: '2022-05-30', by: ACTORS.court }),
    ]).state;
    expect(orderStatusOn(s, on('2022-05-30'))).toMatchObject({
      status: 'terminated',
      occurrences: [],
      reasons: [
        'terminated effective 2022-05-30: Settled',
        'filed 2022-05-25, not entered by 2022-05-30: no duty ever bound',
      ],
    });
    expect(exposureOf(s, on('2022-05-30'))).toEqual([]);
    expect(occ(s, '2022-06-10', 'pen/once')).toMatchObject({ dueOn: '2022-06-03' });
  });

  it('a terminated order owes the installments of a recurring payment due before its end, and none due after', () => {
    // An annual fee of USD 1,000 from 2023-01-03, the first paid; the order terminated effective
    // 2024-06-01 (last day 05-31). On 2025-03-03 the 2024 installment, due 2024-01-03 and unpaid,
    // still runs late (a payment survives the end), while the one due 2025-01-03 is waived: a
    // recurrence runs only until the order's term ends. The ledger owes USD 1,000 of 2,000 imposed.
    const s = record([
      filing(),
      entry,
      impose(
        'fee',
        { kind: 'recurring', every: { years: 1 }, start: { on: '2023-01-03' } },
        { kind: 'payment', amount: { amountMinor: 100_000, currency: 'USD' } },
      ),
      command(
        'MakePayment',
        {
          paymentId: 'fee-2023',
          obligationId: 'fee',
          occurrence: '2023-01-03',
          amount: { amountMinor: 100_000, currency: 'USD' },
        },
        { on: '2023-01-03', by: ACTORS.twitter },
      ),
      command('TerminateOrder', { reason: 'Settled' }, { on: '2024-06-01', by: ACTORS.court }),
    ]).state;
    const a = orderStatusOn(s, on('2025-03-03'));
    expect(a.occurrences.map((o) => [o.id, o.status, o.daysLate])).toEqual([
      ['fee/2023-01-03', 'satisfied', undefined],
      ['fee/2024-01-03', 'overdue', 425],
      ['fee/2025-01-03', 'waived', undefined],
    ]);
    expect(a).toMatchObject({ status: 'terminated', outstanding: 1 });
    expect(ledgerOf(s, on('2025-03-03'))).toMatchObject([
      { currency: 'USD', imposedMinor: 200_000, paidMinor: 100_000, outstandingMinor: 100_000 },
    ]);
    expect(exposureOf(s, on('2025-03-03')).map((r) => r.occurrenceId)).not.toContain(
      'fee/2025-01-03',
    );
  });

  it('an order whose term ran out before it was entered lists and prices nothing, and later stretching the term revives nothing that bound', () => {
    // (DECREE_DEEP seed 1435202560.) Filed 2022-05-25 with a report due 05-27 and its tiers; the
    // term cut on 05-27 to end 05-26 (the day before the change), a finding of 05-27 about conduct
    // from 05-25; the term stretched to 2023 on 06-03; never entered. On 05-27 the order expired
    // unentered: nothing bound, so no breach is listed or priced (before, a breach row of one
    // day appeared, then vanished on 06-03 when the order read pending entry again).
    const s = record([
      filing(),
      impose(
        'r',
        { kind: 'once', dueOn: '2022-05-27' },
        {
          stipulatedPenalties: [{ fromDay: 1, perDay: { amountMinor: 100_000, currency: 'USD' } }],
        },
        '2022-05-25',
      ),
      command(
        'ModifyOrder',
        { summary: 'Term cut', termEndsOn: '2022-05-20' },
        { on: '2022-05-27', by: ACTORS.court },
      ),
      command(
        'FindViolation',
        {
          violationId: 'v',
          obligationId: 'r',
          summary: 'Not filed',
          period: { from: '2022-05-25' },
        },
        { on: '2022-05-27' },
      ),
      command(
        'ModifyOrder',
        { summary: 'Term restored', termEndsOn: '2023-05-26' },
        { on: '2022-06-03', by: ACTORS.court },
      ),
    ]).state;
    for (const d of ['2022-05-27', '2022-06-02'])
      expect([
        d,
        orderStatusOn(s, on(d)).status,
        orderStatusOn(s, on(d)).occurrences,
        exposureOf(s, on(d)),
      ]).toEqual([d, 'expired', [], []]);
    expect(orderStatusOn(s, on('2022-06-03')).status).toBe('pending_entry');
  });

  it('a fixed deadline before the entry of an order filed earlier is due on the entry, rolled to a business day', () => {
    // Filed 2022-05-25 with a report due 2022-05-20; entered Saturday 2022-06-04: due Monday 06-06.
    const s = record([
      filing(),
      impose('early', { kind: 'once', dueOn: '2022-05-20' }, {}, '2022-05-25'),
      command('EnterOrder', { termEndsOn: '2042-06-04' }, { on: '2022-06-04' }),
    ]).state;
    expect(occ(s, '2022-06-08', 'early/once')).toMatchObject({
      nominalDueOn: '2022-05-20',
      dueOn: '2022-06-06',
      status: 'overdue',
      daysLate: 2,
    });
    expect(explainOccurrence(s, 'early/once', on('2022-06-08'))?.computation).toMatchObject({
      arisesOn: '2022-06-04',
      skipped: [
        { date: '2022-06-04', why: 'Saturday' },
        { date: '2022-06-05', why: 'Sunday' },
      ],
    });
  });
});

describe('triggers (design.md 6.1)', () => {
  const notice = impose(
    'notice',
    {
      kind: 'after',
      anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
      offset: { days: 14 },
    },
    { kind: 'notice' },
    '2022-11-01',
  );
  /** Notice at least 30 days before a change of control. */
  /** A notice due 30 days before each corporate change, imposed on `on` (the entry by default). */
  const preNoticeOn = (on?: string) =>
    impose(
      'pre-notice',
      {
        kind: 'before',
        anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
        offset: { days: 30 },
      },
      { kind: 'notice' },
      on,
    );
  const preNotice = preNoticeOn();
  const change = (on: string, id = `chg-${on}`) =>
    command(
      'RecordCorporateChange',
      { changeId: id, summary: 'Acquisition closes' },
      { on, by: ACTORS.x },
    );
  /** A change announced (recorded effective) on `announced` for the day it takes effect, `occursOn`. */
  const announce = (id: string, announced: string, occursOn: string) =>
    command(
      'RecordCorporateChange',
      { changeId: id, summary: 'Merger agreed', occursOn },
      { on: announced, by: ACTORS.x },
    );

  it('a corporate change dated before the obligation existed creates no notice duty; one after it does', () => {
    expect(ids(order(notice, change('2022-10-27')), '2022-12-01')).not.toContain(
      'notice/chg-2022-10-27',
    );
    // 14 days after 2022-11-10 is Thanksgiving, 2022-11-24: due Friday 2022-11-25.
    expect(
      occ(order(notice, change('2022-11-10')), '2022-12-01', 'notice/chg-2022-11-10'),
    ).toMatchObject({ dueOn: '2022-11-25', status: 'overdue' });
  });

  it('an incident of 10 users creates no report duty under a 250-user condition; one of 300 does; one with no count does, as a precaution, and its silence is no default', () => {
    const duty = impose('incident', {
      kind: 'after',
      anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
      offset: { days: 30 },
      condition: { measure: 'usersAffected', op: '>=', value: 250 },
    });
    const incident = (id: string, extra: Record<string, unknown>) =>
      command(
        'DiscoverIncident',
        { incidentId: id, summary: 'Incident', ...extra },
        { on: '2023-03-01', by: ACTORS.x },
      );
    const s = order(
      duty,
      incident('small', { usersAffected: 10 }),
      incident('large', { usersAffected: 300 }),
      incident('unknown', {}),
    );
    expect(ids(s, '2023-03-02')).toEqual(['incident/large', 'incident/unknown']);
    expect(occ(s, '2023-03-02', 'incident/unknown')?.reasons).toContain(
      'condition not evaluated: usersAffected not recorded on unknown; calendared as a precaution',
    );
    // Past its deadline (2023-03-31) unmet, the precaution is no default: nothing on record says
    // the duty arose. It reads unverified and accrues nothing; the large incident's report is overdue.
    expect(occ(s, '2023-05-01', 'incident/unknown')).toMatchObject({
      status: 'unverified',
      reasons: expect.arrayContaining([
        'no evidence recorded; not a default: the record does not show the condition met, so whether the duty arose is unknown',
      ]),
    });
    expect(occ(s, '2023-05-01', 'incident/large')?.status).toBe('overdue');
    expect(exposureOf(s, on('2023-05-01')).map((r) => r.occurrenceId)).toEqual(['incident/large']);
    const onlyUnknown = order(duty, incident('unknown', {}));
    expect(answer(onlyUnknown, '2023-05-01').status).toBe('unverified');
  });

  it('notice at least 30 days before a change of control is due 30 days before it, rolled back to the previous business day (FRCP 6(a)(5))', () => {
    // Announced 2025-07-01 for Monday 2025-09-08; 30 days before is Saturday 2025-08-09: due Friday 2025-08-08.
    const announced = command(
      'RecordCorporateChange',
      { changeId: 'chg-2025-09-08', summary: 'Merger agreed', occursOn: '2025-09-08' },
      { on: '2025-07-01', by: ACTORS.x },
    );
    const s = order(preNotice, announced);
    expect(occ(s, '2025-08-01', 'pre-notice/chg-2025-09-08')).toMatchObject({
      nominalDueOn: '2025-08-09',
      dueOn: '2025-08-08',
      status: 'due_soon',
    });
    const x = explainOccurrence(s, 'pre-notice/chg-2025-09-08', on('2025-08-01'));
    expect(x?.computation).toMatchObject({
      skipped: [{ date: '2025-08-09', why: 'Saturday' }],
      rule: expect.stringContaining('FRCP 6(a)(5)'),
    });
  });

  it('a notice that fell due before a termination stays due, late to the end, though the change comes after it; a change announced after the end creates none', () => {
    const s = order(
      preNotice,
      announce('merger', '2025-07-01', '2025-09-08'), // notice due Friday 2025-08-08
      command(
        'TerminateOrder',
        { reason: 'Terminated on motion' },
        { on: '2025-09-01', by: ACTORS.court },
      ),
      announce('later', '2025-09-15', '2025-09-20'), // its notice would have been due 2025-08-21
    );
    expect(occ(s, '2025-08-31', 'pre-notice/merger')).toMatchObject({
      status: 'overdue',
      daysLate: 23,
    });
    // Changes govern forward: the end freezes the days late (design.md 6.1), it does not erase them.
    expect(occ(s, '2025-10-01', 'pre-notice/merger')).toMatchObject({
      status: 'overdue',
      daysLate: 24,
    });
    expect(ids(s, '2025-10-01')).not.toContain('pre-notice/later');
  });

  it('a notice counted back to before its duty arose is due the day it arose: the imposition, the entry, or the day the change became known', () => {
    // Imposed Monday 2025-03-03 (a modification); a merger announced 2025-02-14 for 2025-03-14 would
    // have been noticed by 2025-02-12, before the duty existed: due on 2025-03-03, late from 03-04.
    const lateDuty = preNoticeOn('2025-03-03');
    const s = order(announce('merger', '2025-02-14', '2025-03-14'), lateDuty);
    expect(occ(s, '2025-03-03', 'pre-notice/merger')).toMatchObject({
      nominalDueOn: '2025-02-12',
      dueOn: '2025-03-03',
      status: 'due_soon',
    });
    const late = occ(s, '2025-03-10', 'pre-notice/merger');
    expect(late).toMatchObject({ status: 'overdue', daysLate: 7 });
    // What accrued (design.md 6.4) runs from the day after the duty arose, never before it existed.
    const rows = exposureOf(s, on('2025-03-10')).filter(
      (r) => r.occurrenceId === 'pre-notice/merger',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(r).toMatchObject({ since: '2025-03-04', through: '2025-03-10', days: 7 });
    expect(late?.reasons[0]).toBe(
      'due 2025-03-03 (2025-02-12, counted back from merger, is before the duty arose on 2025-03-03, when it bound and merger was known: due that day)',
    );
    expect(explainOccurrence(s, 'pre-notice/merger', on('2025-03-10'))?.computation).toMatchObject({
      nominalDueOn: '2025-02-12',
      scheduledDueOn: '2025-03-03',
      arisesOn: '2025-03-03',
      skipped: [],
    });
    // Imposed at the filing, 2022-05-25, and announced that day for 2022-06-10 (notice by 2022-05-11):
    // no duty binds before the entry (design.md 6.3), so it is due on the entry, 2022-05-26.
    const atFiling = record([
      filing(),
      preNoticeOn('2022-05-25'),
      announce('early', '2022-05-25', '2022-06-10'),
      entry,
    ]).state;
    expect(occ(atFiling, '2022-05-31', 'pre-notice/early')).toMatchObject({
      nominalDueOn: '2022-05-11',
      dueOn: '2022-05-26',
      status: 'overdue',
      daysLate: 5,
    });
    // Known on Saturday 2025-08-30 for Monday 2025-09-08 (notice by Friday 2025-08-08): due the next
    // business day after it became known, Tuesday 2025-09-02 (Labor Day, Monday 09-01, is closed).
    const known = order(preNotice, announce('short', '2025-08-30', '2025-09-08'));
    expect(occ(known, '2025-08-30', 'pre-notice/short')).toMatchObject({
      nominalDueOn: '2025-08-09',
      dueOn: '2025-09-02',
      status: 'due_soon',
    });
    expect(occ(known, '2025-09-03', 'pre-notice/short')).toMatchObject({
      status: 'overdue',
      daysLate: 1,
    });
    expect(
      explainOccurrence(known, 'pre-notice/short', on('2025-09-03'))?.computation,
    ).toMatchObject({
      arisesOn: '2025-08-30',
      skipped: [
        { date: '2025-08-30', why: 'Saturday' },
        { date: '2025-08-31', why: 'Sunday' },
        { date: '2025-09-01', why: expect.stringContaining('Labor Day') },
      ],
      rule: expect.stringContaining('FRCP 6(a)(1)(C)'),
    });
  });

  it("a notice that falls due within the term stays due though the change comes after the term's last day; one announced after it creates none", () => {
    // The term's last day is Tuesday 2042-05-26. A merger announced 2042-04-01 for 2042-06-15 is
    // noticed by 2042-05-16 (a Friday); one announced 2042-05-28 for 2042-06-30 comes after the end.
    const s = order(
      preNotice,
      announce('merger', '2042-04-01', '2042-06-15'),
      announce('after', '2042-05-28', '2042-06-30'),
    );
    expect(occ(s, '2042-05-20', 'pre-notice/merger')).toMatchObject({
      dueOn: '2042-05-16',
      status: 'overdue',
      daysLate: 4,
    });
    // The end freezes the days late (design.md 6.1): ten, to the term's last day.
    expect(occ(s, '2042-07-01', 'pre-notice/merger')).toMatchObject({
      status: 'overdue',
      daysLate: 10,
    });
    expect(ids(s, '2042-07-01')).not.toContain('pre-notice/after');
  });
});

describe('honest statuses (design.md 6.2, 6.3)', () => {
  it('a prohibition and a duty to maintain a program read in_force, never satisfied, with no evidence', () => {
    const s = order(
      impose('ban', { kind: 'ongoing' }, { kind: 'prohibition' }),
      impose('program', { kind: 'ongoing' }, { kind: 'program' }),
    );
    expect(answer(s, '2023-01-01').occurrences.map((o) => o.status)).toEqual([
      'in_force',
      'in_force',
    ]);
    expect(answer(s, '2023-01-01').status).toBe('compliant');
  });

  it('with a partial evidence record, missing evidence reads unverified (not a finding), and the order reads unverified, never non_compliant', () => {
    const s = partial(impose('report', { kind: 'once', dueOn: '2022-11-01' }));
    expect(occ(s, '2022-11-02', 'report/once')).toMatchObject({
      status: 'unverified',
      reasons: expect.arrayContaining([
        'no evidence recorded; not a finding (the evidence record is partial)',
      ]),
    });
    expect(occ(s, '2022-11-02', 'report/once')?.daysLate).toBeUndefined();
    expect(answer(s, '2022-11-02').status).toBe('unverified');
    const x = explainOccurrence(s, 'report/once', on('2022-11-02'));
    expect(x?.noEvidence).toBe(true);
  });

  it('a finding reads breached from the conduct it finds, days before its own date included; as known before it was recorded, those days read as they did', () => {
    // A prohibition, alleged violated 2022-06-01; found effective 2022-09-01 about conduct from
    // 2022-07-15 (design.md 6.2: breached "from the violation's start"; 6.4 prices it from there).
    const ban = impose('ban', { kind: 'ongoing' }, { kind: 'prohibition' });
    const alleged = command(
      'AllegeViolation',
      { violationId: 'v-1', obligationId: 'ban', summary: 'Counts 5-7' },
      { on: '2022-06-01', by: ACTORS.doj },
    );
    const found = command(
      'FindViolation',
      {
        violationId: 'v-1',
        obligationId: 'ban',
        summary: 'Counts 5-7 proved',
        period: { from: '2022-07-15' },
      },
      { on: '2022-09-01', by: ACTORS.court },
    );
    const before = record([filing(), entry, ban, alleged]);
    const after = record([found], before);
    const s = after.state;
    expect(occ(s, '2022-07-14', 'ban/ongoing')?.status).toBe('in_force');
    expect(answer(s, '2022-07-14').status).toBe('at_risk'); // the allegation pending
    const day = occ(s, '2022-08-01', 'ban/ongoing');
    expect(day).toMatchObject({
      status: 'breached',
      reasons: expect.arrayContaining([
        'violation found effective 2022-09-01 (the conduct from 2022-07-15), not cured',
      ]),
    });
    // The proceedings stood so that day: the allegation was still pending on 2022-08-01.
    expect(day?.allegations.map((a) => a.violationId)).toEqual(['v-1']);
    expect(answer(s, '2022-08-01').status).toBe('non_compliant');
    // FTC administrative order, no tiers: the statutory ceiling from the conduct's start.
    expect(exposureOf(s, on('2022-08-01'))).toMatchObject([
      { cause: 'breach', since: '2022-07-15', through: '2022-08-01', days: 18 },
    ]);
    // As known before the finding was recorded, 2022-08-01 reads as it did then.
    const log = after.events.map((event, i) => ({
      event,
      recordedAt: `2022-10-0${1 + i}T00:00:00.000Z`,
    }));
    const knownAt = log.at(-2)!.recordedAt;
    expect(orderStatusOn(stateKnownAt(log, knownAt), on('2022-08-01')).occurrences[0]?.status).toBe(
      'in_force',
    );
    // The finding, recorded last and effective after the date asked, is not left out of it.
    expect(orderStatusOn(stateKnownOn(log, undefined, on('2022-08-01')), on('2022-08-01'))).toEqual(
      answer(s, '2022-08-01'),
    );
    // The timeline turns on the conduct's start, not on the finding's date.
    const lane = orderTimeline(s, on('2022-07-01'), on('2022-09-30')).occurrences['ban/ongoing'];
    expect(lane?.segments.map((g) => [g.from, g.value.status])).toEqual([
      ['2022-07-01', 'in_force'],
      ['2022-07-15', 'breached'],
    ]);
    // So does the change feed, citing the finding as the fact that made the change.
    const findingId = after.events.at(-1)!.id;
    expect(
      changesOf([s], on('2022-07-01'), on('2022-09-30')).map((c) => [
        c.on,
        c.subject,
        c.from,
        c.to,
        c.cause,
        c.because.map((b) => [b.eventId, b.effectiveOn]),
      ]),
    ).toEqual([
      ['2022-07-15', 'occurrence', 'in_force', 'breached', 'fact', [[findingId, '2022-09-01']]],
      ['2022-07-15', 'order', 'at_risk', 'non_compliant', 'fact', [[findingId, '2022-09-01']]],
    ]);
    expect(day?.foundOn).toBe('2022-09-01');
  });

  it('two findings against one occurrence read the same whatever order they were recorded in: the breach cites the conduct that began first', () => {
    const ban = impose('ban', { kind: 'ongoing' }, { kind: 'prohibition' });
    const finding = (violationId: string, from: string, on: string) =>
      command(
        'FindViolation',
        { violationId, obligationId: 'ban', summary: 'Proved', period: { from } },
        { on, by: ACTORS.court },
      );
    const [late, early] = [
      finding('v-b', '2022-08-01', '2022-09-01'),
      finding('v-a', '2022-07-15', '2022-09-01'),
    ];
    const one = order(ban, late, early);
    const other = order(ban, early, late);
    for (const asOf of ['2022-07-20', '2022-08-10', '2022-09-10']) {
      expect(answer(one, asOf)).toEqual(answer(other, asOf));
      expect(exposureOf(one, on(asOf))).toEqual(exposureOf(other, on(asOf)));
    }
    expect(occ(one, '2022-08-10', 'ban/ongoing')?.reasons).toContain(
      'violation found effective 2022-09-01 (the conduct from 2022-07-15), not cured',
    );
    expect(exposureOf(one, on('2022-08-10')).map((r) => [r.violationId, r.since])).toEqual([
      ['v-a', '2022-07-15'],
      ['v-b', '2022-08-01'],
    ]);
  });

  // A prohibition made a yearly attestation (first due 2023-06-01) by an amendment effective 2023-01-01.
  const adBan = impose('ban', { kind: 'ongoing' }, { kind: 'prohibition' });
  const attest = command(
    'AmendObligation',
    {
      obligationId: 'ban',
      changes: {
        schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-06-01' } },
      },
    },
    { on: '2023-01-01' },
  );

  it('a finding naming no occurrence goes to the duty its conduct broke, under the terms in force when the conduct began, not those of a later amendment', () => {
    // Found breached effective 2023-03-01 about conduct from 2022-10-01 to 2022-12-15.
    const finding = (violationId: string, period: Record<string, string>) =>
      command(
        'FindViolation',
        { violationId, obligationId: 'ban', summary: 'Proved', period },
        { on: '2023-03-01', by: ACTORS.court },
      );
    const s = order(adBan, attest, finding('v-1', { from: '2022-10-01', to: '2022-12-15' }));
    expect(s.violations['v-1']?.occurrence).toBe('ongoing');
    expect(occ(s, '2022-11-01', 'ban/ongoing')).toMatchObject({
      status: 'breached',
      reasons: expect.arrayContaining([
        'violation found effective 2023-03-01 (the conduct from 2022-10-01), not cured',
      ]),
    });
    expect(exposureOf(s, on('2023-03-01')).map((r) => [r.occurrenceId, r.since, r.days])).toEqual([
      ['ban/ongoing', '2022-10-01', 76],
    ]);
    // Conduct that began under the yearly terms breaks one of their occurrences: the court names it.
    expect(() => decideOrder(finding('v-2', { from: '2023-02-01' }), order(adBan, attest))).toThrow(
      expect.objectContaining({ code: 'OCCURRENCE_REQUIRED' }),
    );
  });

  it('a finding of an alleged violation, naming no occurrence after the terms changed, is refused with the occurrence to name; named, it is accepted', () => {
    // Alleged 2022-09-01 against the prohibition; found 2023-03-01, after the amendment above, with
    // no period: the terms on its date recur, so which occurrence it is must be said.
    const alleged = command(
      'AllegeViolation',
      { violationId: 'v-1', obligationId: 'ban', summary: 'Phone numbers used for ads' },
      { on: '2022-09-01', by: ACTORS.doj },
    );
    const found = (extra: Record<string, unknown> = {}) =>
      command(
        'FindViolation',
        { violationId: 'v-1', obligationId: 'ban', summary: 'Proved', ...extra },
        { on: '2023-03-01', by: ACTORS.court },
      );
    expect(() => decideOrder(found(), order(adBan, attest, alleged))).toThrow(
      expect.objectContaining({ code: 'OCCURRENCE_REQUIRED' }),
    );
    // With a period from before the amendment it goes to the prohibition, as the allegation did.
    const s = order(adBan, attest, alleged, found({ period: { from: '2022-08-15' } }));
    expect(s.violations['v-1']).toMatchObject({
      occurrence: 'ongoing',
      found: { on: '2023-03-01' },
    });
    expect(occ(s, '2022-09-01', 'ban/ongoing')?.status).toBe('breached');
    const named = order(adBan, attest, alleged, found({ occurrence: 'ongoing' }));
    expect(occ(named, '2023-03-01', 'ban/ongoing')?.status).toBe('breached');
    // Alleged after the amendment (so against the yearly terms' occurrence), a finding about
    // conduct from before it is refused: the allegation named another occurrence.
    const allegedLate = command(
      'AllegeViolation',
      {
        violationId: 'v-1',
        obligationId: 'ban',
        summary: 'Attestation false',
        occurrence: '2023-06-01',
      },
      { on: '2023-02-01', by: ACTORS.doj },
    );
    expect(() =>
      decideOrder(found({ period: { from: '2022-08-15' } }), order(adBan, attest, allegedLate)),
    ).toThrow(
      expect.objectContaining({
        code: 'FACT_ID_REUSED',
        message: expect.stringContaining('name "2023-06-01" if it is the same conduct'),
      }),
    );
  });

  it('a finding recorded before findings were read by their conduct, about conduct that began while the duty recurred, stays on the occurrence of its own date', () => {
    // A yearly certification made a prohibition from 2023-01-01; found 2023-03-01 about conduct
    // from 2022-10-01, naming no occurrence: refused now (the conduct began under yearly terms),
    // accepted before as a breach of the prohibition, which is where a rebuild keeps it.
    const yearly = impose('cert2', {
      kind: 'recurring',
      every: { years: 1 },
      start: { on: '2022-06-01' },
    });
    const banned = command(
      'AmendObligation',
      { obligationId: 'cert2', changes: { schedule: { kind: 'ongoing' } } },
      { on: '2023-01-01' },
    );
    const finding = command(
      'FindViolation',
      {
        violationId: 'v-1',
        obligationId: 'cert2',
        summary: 'Proved',
        period: { from: '2022-10-01' },
      },
      { on: '2023-03-01', by: ACTORS.court },
    );
    const before = record([filing(), entry, yearly, banned]);
    expect(() => decideOrder(finding, before.state)).toThrow(
      expect.objectContaining({ code: 'OCCURRENCE_REQUIRED' }),
    );
    const log = [...before.events, recorded(finding)].map((event, i) => ({
      event,
      recordedAt: `2023-03-01T00:00:0${i}.000Z`, // five events
    }));
    const s = stateKnownAt(log);
    expect(s.violations['v-1']?.occurrence).toBe('ongoing');
    expect(occ(s, '2023-03-01', 'cert2/ongoing')?.status).toBe('breached');
  });

  it('an obligation can declare its own record partial on a complete order', () => {
    const s = order(
      impose('report', { kind: 'once', dueOn: '2022-11-01' }, { evidenceRecord: 'partial' }),
    );
    expect(occ(s, '2022-11-02', 'report/once')?.status).toBe('unverified');
  });

  it('a filed order not yet entered reads pending_entry, its relative deadlines stated as entry + N days', () => {
    const s = record([
      filing(),
      command(
        'ImposeObligation',
        {
          obligationId: 'pay',
          title: 'Civil penalty',
          kind: 'payment',
          amount: { amountMinor: 100, currency: 'USD' },
          schedule: { kind: 'after', anchor: { kind: 'order_entry' }, offset: { days: 7 } },
        },
        { on: '2022-05-25' },
      ),
    ]).state;
    expect(answer(s, '2022-05-25')).toMatchObject({
      status: 'pending_entry',
      reasons: ['filed 2022-05-25, not entered by 2022-05-25: no duty binds yet'],
      pendingEntry: [{ obligationId: 'pay', rule: 'entry + 7 days' }],
    });
    // Asked about a day before the filing, it says the order was not yet filed.
    expect(answer(s, '2021-01-01').reasons).toEqual([
      'not yet filed on 2021-01-01 (filed 2022-05-25): no duty binds yet',
    ]);
  });

  it('after the term ends the order reads expired, with the items still outstanding counted and days late frozen at the end', () => {
    const s = order(impose('report', { kind: 'once', dueOn: '2042-05-01' }));
    expect(answer(s, '2042-06-01')).toMatchObject({
      status: 'expired',
      outstanding: 1,
      endedOn: '2042-05-27',
    });
    expect(occ(s, '2043-01-01', 'report/once')).toMatchObject({ status: 'overdue', daysLate: 25 });
  });

  it('a termination recorded after the term ran out ends nothing later: days late stay frozen at the expiry; a vacatur still voids', () => {
    // Term through 2023-04-01 (entry 2022-05-26); a report due 2023-03-01, never filed: 31 days
    // late, frozen at the expiry. Terminated effective 2023-06-01 after that, the order still ended
    // when its term ran out (not 92 days late to the termination); vacated then, all is void.
    const report = impose('report', { kind: 'once', dueOn: '2023-03-01' });
    const shortTerm = command('EnterOrder', { termEndsOn: '2023-04-01' }, { on: '2022-05-26' });
    const ended = (kind: string) =>
      record([
        filing(),
        shortTerm,
        report,
        command(
          'TerminateOrder',
          { reason: 'Closed', kind },
          { on: '2023-06-01', by: ACTORS.court },
        ),
      ]).state;
    const late = ended('terminated');
    expect(answer(late, '2023-07-01')).toMatchObject({ status: 'expired', endedOn: '2023-04-02' });
    expect(occ(late, '2023-07-01', 'report/once')).toMatchObject({
      status: 'overdue',
      daysLate: 31,
      lateThrough: '2023-04-01',
    });
    expect(occ(ended('vacated'), '2023-07-01', 'report/once')?.status).toBe('void');
  });

  it('a filing after the end, or after a supersession, makes the occurrence no later than it was then: days late stay frozen', () => {
    // A report due 2023-03-01, unmet when the order is terminated effective 2023-04-01 (days late
    // count to the termination's date) or when the obligation is superseded effective 2023-04-01:
    // 31 days late, frozen. Filed 2023-05-01, it reads satisfied_late, still 31 days late, stopped
    // on 2023-04-01, as the exposure prices it; never 61.
    const report = impose('report', { kind: 'once', dueOn: '2023-03-01' });
    const late = file('report', '2023-05-01', 'once');
    const ended = order(
      report,
      command('TerminateOrder', { reason: 'Settled' }, { on: '2023-04-01', by: ACTORS.court }),
      late,
    );
    const replaced = order(
      report,
      command(
        'SupersedeObligation',
        { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Replaced' },
        { on: '2023-04-01', by: ACTORS.court },
      ),
      late,
    );
    for (const [s, through, days] of [
      [ended, '2023-04-01', 31],
      [replaced, '2023-04-01', 31],
    ] as const) {
      expect(occ(s, '2023-04-30', 'report/once')).toMatchObject({
        status: 'overdue',
        daysLate: days,
        lateThrough: through,
      });
      expect(occ(s, '2023-05-01', 'report/once')).toMatchObject({
        status: 'satisfied_late',
        satisfiedOn: '2023-05-01',
        daysLate: days,
        lateThrough: through,
      });
      expect(
        exposureOf(s, on('2023-05-02'))
          .filter((r) => r.cause === 'late')
          .map((r) => r.days),
      ).toEqual([days]);
    }
    // Terminated on the deadline itself, then filed: no day late ran, and the answer says it
    // stopped on the deadline (as it did before the filing), never leaving the days to be counted
    // to the filing.
    const onDeadline = order(
      report,
      command('TerminateOrder', { reason: 'Settled' }, { on: '2023-03-01', by: ACTORS.court }),
      file('report', '2023-03-10', 'once'),
    );
    expect(occ(onDeadline, '2023-03-09', 'report/once')).toMatchObject({
      status: 'overdue',
      lateThrough: '2023-03-01',
    });
    const filed = occ(onDeadline, '2023-03-10', 'report/once');
    expect(filed).toMatchObject({ status: 'satisfied_late', lateThrough: '2023-03-01' });
    expect(filed?.daysLate).toBeUndefined();
  });

  it('a money judgment survives the end: an unpaid penalty keeps running', () => {
    const pay = command(
      'ImposeObligation',
      {
        obligationId: 'penalty',
        title: 'Civil penalty',
        kind: 'payment',
        amount: { amountMinor: 100, currency: 'USD' },
        schedule: { kind: 'once', dueOn: '2022-06-02' },
      },
      { on: '2022-05-26' },
    );
    const s = order(
      pay,
      command(
        'TerminateOrder',
        { reason: 'Terminated on motion' },
        { on: '2023-01-01', by: ACTORS.court },
      ),
    );
    expect(occ(s, '2024-06-02', 'penalty/once')).toMatchObject({
      status: 'overdue',
      daysLate: 731,
    });
  });

  it('a vacated order reads vacated and everything it imposed void; a superseded one points to its successor', () => {
    const report = impose('report', { kind: 'once', dueOn: '2022-11-01' });
    const vacated = order(
      report,
      command(
        'TerminateOrder',
        { reason: 'Set aside', kind: 'vacated' },
        { on: '2023-01-01', by: ACTORS.court },
      ),
    );
    expect(answer(vacated, '2023-01-01')).toMatchObject({ status: 'vacated', outstanding: 0 });
    expect(occ(vacated, '2023-01-01', 'report/once')?.status).toBe('void');
    const sup = order(
      annual,
      command(
        'TerminateOrder',
        { reason: 'Replaced', kind: 'superseded', successor: 'ftc-2023' },
        { on: '2023-07-01' },
      ),
    );
    expect(answer(sup, '2024-06-01').status).toBe('superseded');
    expect(occ(sup, '2024-06-01', 'cert/2023-05-26')).toMatchObject({
      status: 'overdue',
      daysLate: 36,
    }); // due before the end: outstanding
    expect(occ(sup, '2024-06-01', 'cert/2024-05-26')).toMatchObject({
      status: 'superseded',
      successor: { orderId: 'ftc-2023' },
    });
  });

  it('ObligationSuperseded: the obligation reads superseded from its date, with its successor', () => {
    const ban = impose('2011-I', { kind: 'ongoing' }, { kind: 'prohibition' });
    const s = order(
      ban,
      command(
        'SupersedeObligation',
        { obligationId: '2011-I', successor: { obligationId: 'I' }, summary: 'Restated' },
        { on: '2023-01-01' },
      ),
    );
    expect(occ(s, '2022-12-31', '2011-I/ongoing')?.status).toBe('in_force');
    expect(occ(s, '2023-01-01', '2011-I/ongoing')).toMatchObject({
      status: 'superseded',
      successor: { obligationId: 'I' },
    });
  });
});

describe("the record's own words in every answer", () => {
  const ban = impose('ban', { kind: 'ongoing' }, { kind: 'prohibition' });
  const alleged = command(
    'AllegeViolation',
    { violationId: 'v-1', obligationId: 'ban', summary: 'Counts 5-7' },
    { on: '2022-06-01', by: ACTORS.doj },
  );

  it('a pending allegation is listed beside the status, puts the order at risk, and is considered by explain; resolving it clears both', () => {
    const s = order(ban, alleged);
    expect(occ(s, '2022-06-02', 'ban/ongoing')).toMatchObject({
      status: 'in_force',
      allegations: [
        { violationId: 'v-1', on: '2022-06-01', actor: ACTORS.doj.name, summary: 'Counts 5-7' },
      ],
    });
    expect(answer(s, '2022-06-02').status).toBe('at_risk');
    expect(
      explainOccurrence(s, 'ban/ongoing', on('2022-06-02'))?.considered.map((e) => e.type),
    ).toEqual(['ViolationAlleged']);
    const resolved = order(
      ban,
      alleged,
      command(
        'ResolveAllegation',
        {
          violationId: 'v-1',
          resolution: 'consent_judgment_without_admission',
          summary: 'Stipulated order',
        },
        { on: '2022-07-01', by: ACTORS.court },
      ),
    );
    expect(occ(resolved, '2022-07-01', 'ban/ongoing')?.allegations).toEqual([]);
    expect(answer(resolved, '2022-07-01').status).toBe('compliant');
  });

  it('assumed inputs (by field) and sources of the deciding events are part of the answer', () => {
    const a = occ(order(annual), '2023-06-01', 'cert/2023-05-26');
    expect(a?.assumed).toEqual([
      {
        eventId: annual.meta.eventId,
        field: 'schedule',
        note: 'first due date not found; one year after entry assumed',
      },
    ]);
    expect(a?.sources).toEqual([{ eventId: annual.meta.eventId, source: 'Order, Section VIII' }]);
  });

  it('explain computes the deadline: nominal date, each day rolled past and why, the rule', () => {
    const x = explainOccurrence(order(annual), 'cert/2024-05-26', on('2024-06-01'));
    expect(x?.computation).toMatchObject({
      nominalDueOn: '2024-05-26',
      scheduledDueOn: '2024-05-28',
      skipped: [
        { date: '2024-05-26', why: 'Sunday' },
        { date: '2024-05-27', why: 'Memorial Day (federal holiday)' },
      ],
      rule: expect.stringContaining('FRCP 6(a)(1)(C)'),
    });
  });

  it('petitions and motions with their rulings are considered, never deciding', () => {
    const s = order(
      annual,
      command(
        'FilePetition',
        { petitionId: 'dkt-17', relief: 'modify', summary: 'Motion for relief' },
        { on: '2023-07-13', by: ACTORS.x },
      ),
      command(
        'DecideMotion',
        { motionId: 'dkt-17', ruling: 'denied', summary: 'Denied' },
        { on: '2023-11-16', by: ACTORS.court },
      ),
    );
    const x = explainOccurrence(s, 'cert/2023-05-26', on('2024-01-01'));
    expect(x?.considered.map((e) => e.type)).toEqual(['PetitionFiled', 'MotionDecided']);
    expect(x?.answer.status).toBe('overdue');
    expect(() =>
      decideOrder(
        command(
          'DecidePetition',
          { petitionId: 'nope', ruling: 'granted', summary: 'x' },
          { by: ACTORS.ftc },
        ),
        s,
      ),
    ).toThrow(expect.objectContaining({ code: 'PETITION_NOT_FOUND' }));
  });

  it("an occurrence's evidence that did not meet it is considered: a payment short of the amount, a filing rejected and its rejection", () => {
    // USD 1,000 due 2023-03-01, USD 400 paid 2023-02-15: overdue on 2023-04-01, the payment
    // listed. The certification of 2023-05-26 filed 2023-05-20 and rejected 2023-06-01: overdue,
    // the filing and its rejection listed; the other occurrence's evidence is not.
    const pay = impose(
      'pay',
      { kind: 'once', dueOn: '2023-03-01' },
      { kind: 'payment', amount: { amountMinor: 100_000, currency: 'USD' } },
    );
    const s = order(
      pay,
      command(
        'MakePayment',
        { paymentId: 'p-1', obligationId: 'pay', amount: { amountMinor: 40_000, currency: 'USD' } },
        { on: '2023-02-15', by: ACTORS.x },
      ),
      annual,
      file('cert', '2023-05-20', '2023-05-26'),
      command(
        'RejectSubmission',
        { submissionId: 'cert-2023-05-20', reason: 'Unsigned' },
        { on: '2023-06-01', by: ACTORS.ftc },
      ),
      file('cert', '2024-05-20', '2024-05-26'),
    );
    const paid = explainOccurrence(s, 'pay/once', on('2023-04-01'));
    expect(paid?.answer.status).toBe('overdue');
    expect(paid?.considered.map((e) => [e.type, e.metadata.effectiveOn])).toEqual([
      ['PaymentMade', '2023-02-15'],
    ]);
    const cert = explainOccurrence(s, 'cert/2023-05-26', on('2024-06-01'));
    expect(cert?.answer.status).toBe('overdue');
    expect(cert?.considered.map((e) => [e.type, e.metadata.effectiveOn])).toEqual([
      ['SubmissionFiled', '2023-05-20'],
      ['SubmissionRejected', '2023-06-01'],
    ]);
  });
});

// Example-based specs of the compliance projections (design.md section 6), one rule at a time.
// The order is filed 2022-05-25 and entered 2022-05-26; its report is due Tuesday 2022-11-01.
import { describe, expect, it } from 'vitest';
import {
  deadlinesOf,
  docketOf,
  explainOccurrence,
  exposureOf,
  FTC_ORDER_VIOLATION_MAXIMUM,
  ledgerOf,
  orderStatusOn,
  type CalendarDate,
  type OccurrenceAnswer,
  type OrderCommand,
  type OrderState,
  type PenaltyRate,
  type RecordedOrderEvent,
} from '../../src/index.js';
import { ACTORS, command, record } from '../support/order-builders.js';

const on = (d: string) => d as CalendarDate;
const filing = (orderId = 'us-v-example', extra: Record<string, unknown> = {}) =>
  command(
    'FileOrder',
    { orderId, title: 'Stipulated Order', kind: 'stipulated_order', forum: 'N.D. Cal.', ...extra },
    { on: '2022-05-25', by: ACTORS.doj },
  );
const entry = () =>
  command('EnterOrder', { termEndsOn: '2042-05-26' }, { on: '2022-05-26', by: ACTORS.court });
const duty = (obligationId: string, extra: Record<string, unknown> = {}) =>
  command(
    'ImposeObligation',
    {
      obligationId,
      title: `Duty ${obligationId}`,
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2022-11-01' },
      ...extra,
    },
    { on: '2022-05-26' },
  );
const usd = (amountMinor: number, currency = 'USD') => ({ amountMinor, currency });
const penalty = duty('penalty', {
  kind: 'payment',
  schedule: { kind: 'once', dueOn: '2022-06-02' },
  amount: usd(15_000_000_000),
});
/** An amendment of an obligation's schedule alone, effective `on` (not retroactive). */
const reschedule = (obligationId: string, schedule: Record<string, unknown>, on: string) =>
  command('AmendObligation', { obligationId, changes: { schedule } }, { on });
const report = duty('report');
const reviewed = duty('reviewed', { requiresAcceptance: true });
const ban = duty('ban', { kind: 'prohibition', schedule: { kind: 'ongoing' } });
const file = (obligationId: string, date: string, submissionId = `${obligationId}-sub-${date}`) =>
  command(
    'FileSubmission',
    { submissionId, obligationId, title: 'Filing' },
    { on: date, by: ACTORS.twitter },
  );
/** The regulator's acceptance of submission `submissionId`, effective `date`. */
const acceptance = (submissionId: string, date: string) =>
  command('AcceptSubmission', { submissionId }, { on: date });
/**
 * Two late filings for `reviewed` (due 2022-11-01): the first 2 days late, the second 7, the second
 * accepted on 2022-11-14, and a decision on the first (accepting or rejecting it) on 2022-11-28.
 */
const twoLateFilings = () => ({
  first: file('reviewed', '2022-11-03', 'sub-first'),
  second: file('reviewed', '2022-11-08', 'sub-second'),
  acceptSecond: acceptance('sub-second', '2022-11-14'),
  decideFirst: (type: 'AcceptSubmission' | 'RejectSubmission') =>
    command(
      type,
      {
        submissionId: 'sub-first',
        ...(type === 'RejectSubmission' ? { reason: 'Incomplete' } : {}),
      },
      { on: '2022-11-28' },
    ),
});

const pay = (
  obligationId: string,
  date: string,
  amount = usd(15_000_000_000),
  paymentId = `pay-${date}-${amount.currency}`,
) => command('MakePayment', { paymentId, obligationId, amount }, { on: date, by: ACTORS.twitter });

/** The order's state after filing, entry and `commands`. */
const order = (...commands: OrderCommand[]): OrderState =>
  record([filing(), entry(), ...commands]).state;
const occ = (s: OrderState, asOf: string, id: string, options = {}): OccurrenceAnswer | undefined =>
  orderStatusOn(s, on(asOf), options).occurrences.find((o) => o.id === id);
const statusOf = (s: OrderState, asOf: string, id: string, options = {}) =>
  occ(s, asOf, id, options)?.status;

describe('occurrence status', () => {
  it("upcoming before the warning window; due_soon within it (30 days by default, or the caller's, or the order's)", () => {
    const s = order(report);
    expect(statusOf(s, '2022-10-01', 'report/once')).toBe('upcoming'); // 31 days before
    expect(statusOf(s, '2022-10-02', 'report/once')).toBe('due_soon'); // 30 days before
    expect(statusOf(s, '2022-10-21', 'report/once', { warningDays: 10 })).toBe('upcoming');
    expect(statusOf(s, '2022-10-22', 'report/once', { warningDays: 10 })).toBe('due_soon');
    expect(occ(s, '2022-10-22', 'report/once', { warningDays: 10 })?.reasons).toContain(
      'due in 10 days',
    );
    const own = record([filing('us-v-own', { warningDays: 7 }), entry(), report]).state;
    expect(statusOf(own, '2022-10-24', 'report/once')).toBe('upcoming');
    expect(statusOf(own, '2022-10-25', 'report/once')).toBe('due_soon');
  });

  it("submitted while evidence awaits a required acceptance; satisfied once accepted, on time by the evidence's date", () => {
    const filed = file('reviewed', '2022-10-20', 'sub-r');
    const accepted = acceptance('sub-r', '2022-11-15');
    const pending = order(reviewed, filed);
    expect(occ(pending, '2022-10-25', 'reviewed/once')).toMatchObject({
      status: 'submitted',
      satisfiedOn: '2022-10-20',
    });
    expect(statusOf(pending, '2022-11-20', 'reviewed/once')).toBe('submitted'); // no decision: still submitted after D
    const s = order(reviewed, filed, accepted);
    expect(statusOf(s, '2022-11-14', 'reviewed/once')).toBe('submitted'); // the acceptance takes effect on 11-15
    const met = occ(s, '2022-11-15', 'reviewed/once');
    expect(met).toMatchObject({ status: 'satisfied', satisfiedOn: '2022-10-20' });
    expect(met?.daysLate).toBeUndefined(); // accepted 14 days after D, but filed before it
  });

  it('a later filing accepted first never makes the duty later than an earlier filing still awaiting a decision: timeliness by the earlier, before and after its acceptance; a rejection of it counts from its own date', () => {
    const { first, second, acceptSecond, decideFirst } = twoLateFilings();
    const pendingOnly = order(reviewed, first);
    const both = order(reviewed, first, second, acceptSecond);
    // The first filing alone, awaiting a decision, stops the count at its date: 2 days.
    expect(occ(pendingOnly, '2022-11-20', 'reviewed/once')).toMatchObject({
      status: 'submitted',
      daysLate: 2,
    });
    // The second's acceptance meets the duty; the first still stands, so still 2 days, not 7.
    const met = occ(both, '2022-11-20', 'reviewed/once');
    expect(met).toMatchObject({ status: 'satisfied_late', satisfiedOn: '2022-11-03', daysLate: 2 });
    expect(met?.reasons).toContain(
      'satisfied by evidence effective 2022-11-08; timeliness judged by an earlier filing effective 2022-11-03, awaiting acceptance',
    );
    expect(exposureOf(both, on('2022-11-20')).map((r) => [r.cause, r.days])).toEqual([['late', 2]]);
    // Accepted later: confirmed as of its date, the same 2 days (they never fall).
    const accepted = order(reviewed, first, second, acceptSecond, decideFirst('AcceptSubmission'));
    for (const d of ['2022-11-20', '2022-12-05'])
      expect(occ(accepted, d, 'reviewed/once')).toMatchObject({
        satisfiedOn: '2022-11-03',
        daysLate: 2,
      });
    // Rejected later: from the rejection on, the second filing governs, 7 days.
    const rejected = order(reviewed, first, second, acceptSecond, decideFirst('RejectSubmission'));
    expect(occ(rejected, '2022-11-20', 'reviewed/once')).toMatchObject({ daysLate: 2 });
    expect(occ(rejected, '2022-12-05', 'reviewed/once')).toMatchObject({
      status: 'satisfied_late',
      satisfiedOn: '2022-11-08',
      daysLate: 7,
    });
  });

  it("a breach's days late run to the earliest filing that stands, as without the finding: one awaiting a decision stops them, its acceptance later never shortens them, its rejection counts from its own date", () => {
    const found = command(
      'FindViolation',
      { violationId: 'v-1', obligationId: 'reviewed', summary: 'Late report' },
      { on: '2022-11-15', by: ACTORS.court },
    );
    const { first, second, acceptSecond, decideFirst } = twoLateFilings();
    const breach = { status: 'breached', satisfiedOn: '2022-11-03', daysLate: 2 };
    // The first filing alone, awaiting a decision: the days stop at it, they do not run to the date asked.
    const pendingOnly = order(reviewed, first, found);
    for (const d of ['2022-11-20', '2022-12-20'])
      expect(occ(pendingOnly, d, 'reviewed/once')).toMatchObject(breach);
    // Waived after it was filed, still awaiting a decision: the waiver changes none of it.
    const waiver = command(
      'WaiveObligation',
      { obligationId: 'reviewed', reason: 'Moot' },
      { on: '2022-11-25' },
    );
    expect(occ(order(reviewed, first, found, waiver), '2022-12-20', 'reviewed/once')).toMatchObject(
      breach,
    );
    // The second accepted first: still 2 days, not 7; and the same once the first is accepted.
    const both = order(reviewed, first, second, acceptSecond, found);
    expect(occ(both, '2022-11-20', 'reviewed/once')).toMatchObject(breach);
    const accepted = order(
      reviewed,
      first,
      second,
      acceptSecond,
      found,
      decideFirst('AcceptSubmission'),
    );
    for (const d of ['2022-11-20', '2022-12-05'])
      expect(occ(accepted, d, 'reviewed/once')).toMatchObject(breach);
    const lateDays = (d: string) =>
      exposureOf(accepted, on(d))
        .filter((r) => r.cause === 'late')
        .reduce((n, r) => n + r.days, 0);
    expect([lateDays('2022-11-20'), lateDays('2022-12-05')]).toEqual([2, 2]); // never falls
    // Rejected: from the rejection on, the second filing governs, 7 days.
    const rejected = order(
      reviewed,
      first,
      second,
      acceptSecond,
      found,
      decideFirst('RejectSubmission'),
    );
    expect(occ(rejected, '2022-11-20', 'reviewed/once')).toMatchObject(breach);
    expect(occ(rejected, '2022-12-05', 'reviewed/once')).toMatchObject({
      status: 'breached',
      satisfiedOn: '2022-11-08',
      daysLate: 7,
    });
  });

  it('a breach of an occurrence due after its obligation was superseded runs no day late, also when it is filed later', () => {
    // The report due Tuesday 2022-11-01; the obligation superseded effective 2022-10-15, so the
    // occurrence fell due when nothing was due under it (superseded, without the finding). A finding
    // against it keeps it breached; no day late ran, with no filing or with one on 2022-12-01 (not
    // 30 days late), as none would run had the same filing come without the finding.
    const superseded = command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
      { on: '2022-10-15', by: ACTORS.court },
    );
    const found = command(
      'FindViolation',
      {
        violationId: 'v-1',
        obligationId: 'report',
        summary: 'Conduct',
        period: { from: '2022-10-01' },
      },
      { on: '2022-10-10', by: ACTORS.court },
    );
    const filed = command(
      'FileSubmission',
      { submissionId: 's-late', obligationId: 'report', title: 'Report' },
      { on: '2022-12-01', by: ACTORS.x },
    );
    const unfiled = occ(order(report, found, superseded), '2022-12-20', 'report/once');
    const late = occ(order(report, found, superseded, filed), '2022-12-20', 'report/once');
    expect(unfiled).toMatchObject({ status: 'breached', lateThrough: '2022-11-01' });
    expect(late).toMatchObject({
      status: 'breached',
      satisfiedOn: '2022-12-01',
      lateThrough: '2022-11-01',
    });
    expect([unfiled?.daysLate, late?.daysLate]).toEqual([undefined, undefined]);
    expect(occ(order(report, superseded, filed), '2022-12-20', 'report/once')).toMatchObject({
      status: 'superseded',
    });
  });

  it('satisfied by evidence before D; evidence effective on D is on time; after D it is satisfied_late with its days late', () => {
    expect(
      occ(order(report, file('report', '2022-10-20')), '2022-12-01', 'report/once'),
    ).toMatchObject({ status: 'satisfied', satisfiedOn: '2022-10-20' });
    expect(
      occ(order(report, file('report', '2022-11-01')), '2022-12-01', 'report/once'),
    ).toMatchObject({ status: 'satisfied', satisfiedOn: '2022-11-01' });
    const late = order(report, file('report', '2022-11-05'));
    expect(occ(late, '2022-12-01', 'report/once')).toMatchObject({
      status: 'satisfied_late',
      satisfiedOn: '2022-11-05',
      daysLate: 4,
    });
    expect(occ(late, '2022-11-04', 'report/once')).toMatchObject({
      status: 'overdue',
      daysLate: 3,
    }); // the evidence does not exist yet
  });

  it('overdue from the day after D, days late counted to the day asked about', () => {
    const s = order(report);
    expect(occ(s, '2022-11-01', 'report/once')).toMatchObject({ status: 'due_soon' });
    expect(occ(s, '2022-11-01', 'report/once')?.daysLate).toBeUndefined();
    expect(occ(s, '2022-11-02', 'report/once')).toMatchObject({ status: 'overdue', daysLate: 1 });
    expect(occ(s, '2022-12-01', 'report/once')).toMatchObject({ status: 'overdue', daysLate: 30 });
  });

  it("timeliness is judged by the evidence's date, not the acceptance's: filed late and accepted at once is still late", () => {
    const s = order(
      reviewed,
      file('reviewed', '2022-11-05', 'sub-late'),
      acceptance('sub-late', '2022-11-06'),
    );
    expect(occ(s, '2022-11-10', 'reviewed/once')).toMatchObject({
      status: 'satisfied_late',
      satisfiedOn: '2022-11-05',
      daysLate: 4,
    });
  });

  it("a rejected submission counts as never filed, from the rejection's effective date", () => {
    const s = order(
      report,
      file('report', '2022-10-20', 'sub-x'),
      command(
        'RejectSubmission',
        { submissionId: 'sub-x', reason: 'Incomplete' },
        { on: '2022-10-25' },
      ),
    );
    expect(statusOf(s, '2022-10-24', 'report/once')).toBe('satisfied');
    expect(statusOf(s, '2022-10-25', 'report/once')).toBe('due_soon');
    expect(occ(s, '2022-11-03', 'report/once')).toMatchObject({ status: 'overdue', daysLate: 2 });
    const reviewedRejected = order(
      reviewed,
      file('reviewed', '2022-10-20', 'sub-y'),
      command(
        'RejectSubmission',
        { submissionId: 'sub-y', reason: 'Incomplete' },
        { on: '2022-10-25' },
      ),
    );
    expect(statusOf(reviewedRejected, '2022-10-24', 'reviewed/once')).toBe('submitted');
    expect(statusOf(reviewedRejected, '2022-11-02', 'reviewed/once')).toBe('overdue');
  });

  it('breached from the finding\'s effective date while not cured; in force again once cured (never "satisfied": nobody certified anything)', () => {
    const found = command(
      'FindViolation',
      { violationId: 'v-1', obligationId: 'ban', summary: 'Ads from security data' },
      { on: '2022-09-01' },
    );
    const cured = command(
      'CureViolation',
      { violationId: 'v-1', summary: 'Stopped' },
      { on: '2022-10-01', by: ACTORS.twitter },
    );
    const s = order(ban, found, cured);
    expect(statusOf(s, '2022-08-31', 'ban/ongoing')).toBe('in_force');
    expect(occ(s, '2022-09-01', 'ban/ongoing')).toMatchObject({
      status: 'breached',
      because: [ban.meta.eventId, found.meta.eventId],
    });
    expect(statusOf(s, '2022-09-30', 'ban/ongoing')).toBe('breached');
    expect(statusOf(s, '2022-10-01', 'ban/ongoing')).toBe('in_force');
    const alleged = order(
      ban,
      command(
        'AllegeViolation',
        { violationId: 'v-2', obligationId: 'ban', summary: 'Alleged' },
        { on: '2022-09-01' },
      ),
    );
    // An allegation is not a finding: the duty stays in force, the allegation is listed beside it and puts the order at risk.
    expect(occ(alleged, '2022-09-02', 'ban/ongoing')).toMatchObject({
      status: 'in_force',
      allegations: [{ violationId: 'v-2', on: '2022-09-01', summary: 'Alleged' }],
    });
    expect(orderStatusOn(alleged, on('2022-09-02')).status).toBe('at_risk');
  });

  it("waived from the waiver's effective date", () => {
    const s = order(
      report,
      command('WaiveObligation', { obligationId: 'report', reason: 'Moot' }, { on: '2022-10-10' }),
    );
    expect(statusOf(s, '2022-10-09', 'report/once')).toBe('due_soon');
    expect(statusOf(s, '2022-10-10', 'report/once')).toBe('waived');
    expect(statusOf(s, '2022-12-01', 'report/once')).toBe('waived');
  });

  it('a filing rejected after a waiver never counted, from the rejection on: filed late, waived while the filing stood, rejected, waived again, late to the first waiver', () => {
    const waive = (date: string, occurrence?: string) =>
      command(
        'WaiveObligation',
        { obligationId: 'report', reason: 'Moot', ...(occurrence ? { occurrence } : {}) },
        { on: date },
      );
    const s = order(
      report,
      file('report', '2022-11-10', 'late-sub'),
      waive('2022-11-20'),
      command(
        'RejectSubmission',
        { submissionId: 'late-sub', reason: 'Incomplete' },
        { on: '2022-11-25' },
      ),
      waive('2022-12-05', 'once'),
    );
    // Met when the obligation was waived (9 days late) until the rejection; from the rejection on
    // the filing never counted, so the duty was unmet when the obligation was waived: waived from
    // 2022-11-20, 19 days late, and the occurrence's own later waiver never makes it later.
    expect(occ(s, '2022-11-21', 'report/once')).toMatchObject({
      status: 'satisfied_late',
      daysLate: 9,
    });
    expect(occ(s, '2022-11-30', 'report/once')).toMatchObject({ status: 'waived', daysLate: 19 });
    expect(occ(s, '2023-01-10', 'report/once')).toMatchObject({ status: 'waived', daysLate: 19 });
  });

  it('a filing made before a waiver and accepted after it met the duty by the waiver: its status stands, late only to the filing throughout', () => {
    const s = order(
      reviewed,
      file('reviewed', '2022-11-05', 'sub-pending'),
      command(
        'WaiveObligation',
        { obligationId: 'reviewed', reason: 'Moot' },
        { on: '2022-11-10' },
      ),
      acceptance('sub-pending', '2022-11-15'),
    );
    // Pending on the waiver's date: waived from it, late only to the filing (4 days, timeliness by
    // the filing's date), until the acceptance shows the filing met it: still 4 days, not waived.
    expect(occ(s, '2022-11-12', 'reviewed/once')).toMatchObject({ status: 'waived', daysLate: 4 });
    expect(occ(s, '2022-11-20', 'reviewed/once')).toMatchObject({
      status: 'satisfied_late',
      satisfiedOn: '2022-11-05',
      daysLate: 4,
    });
  });

  it('a filing awaiting acceptance at a waiver and rejected after it: late to its filing until the rejection, then to the waiver, never more than a later filing accepted makes it', () => {
    const waived = [
      reviewed,
      file('reviewed', '2022-10-30', 'sub-timely'),
      command(
        'WaiveObligation',
        { obligationId: 'reviewed', reason: 'Moot' },
        { on: '2022-11-10' },
      ),
      command(
        'RejectSubmission',
        { submissionId: 'sub-timely', reason: 'Incomplete' },
        { on: '2022-11-15' },
      ),
    ];
    // Filed on time and pending when waived: no day late, until the rejection says it never
    // counted: then unmet when waived, 9 days late (2022-11-02 to 2022-11-10).
    const s = order(...waived);
    expect(occ(s, '2022-11-12', 'reviewed/once')).toMatchObject({ status: 'waived' });
    expect(occ(s, '2022-11-12', 'reviewed/once')?.daysLate).toBeUndefined();
    expect(occ(s, '2022-11-20', 'reviewed/once')).toMatchObject({ status: 'waived', daysLate: 9 });
    // A second filing of 2022-11-03, accepted, met it by the waiver: 2 days late, not 9.
    const met = order(
      ...waived,
      file('reviewed', '2022-11-03', 'sub-second'),
      acceptance('sub-second', '2022-11-04'),
    );
    expect(occ(met, '2022-11-20', 'reviewed/once')).toMatchObject({
      status: 'satisfied_late',
      satisfiedOn: '2022-11-03',
      daysLate: 2,
    });
  });

  it('terminated on its deadline: overdue after it, no day late, which the answer says by their stopping on the deadline', () => {
    const s = order(
      report,
      command('TerminateOrder', { reason: 'Set aside' }, { on: '2022-11-01', by: ACTORS.court }),
    );
    const x = occ(s, '2022-11-20', 'report/once');
    expect(x).toMatchObject({ status: 'overdue', lateThrough: '2022-11-01' });
    expect(x?.daysLate).toBeUndefined();
  });

  it('termination before D waives the occurrence; after D it stays overdue, its days late frozen at the end, and is counted as outstanding', () => {
    const before = order(
      report,
      command('TerminateOrder', { reason: 'Set aside' }, { on: '2022-10-15', by: ACTORS.court }),
    );
    expect(statusOf(before, '2022-11-05', 'report/once')).toBe('waived');
    expect(orderStatusOn(before, on('2022-11-05'))).toMatchObject({
      status: 'terminated',
      outstanding: 0,
      endedOn: '2022-10-15',
    });
    const after = order(
      report,
      command('TerminateOrder', { reason: 'Set aside' }, { on: '2022-11-10', by: ACTORS.court }),
    );
    // Due 2022-11-01, terminated 2022-11-10: late from 11-02 to 11-10, 9 days, on every later date (design.md 6.1).
    expect(occ(after, '2022-11-20', 'report/once')).toMatchObject({
      status: 'overdue',
      daysLate: 9,
    });
    expect(occ(after, '2023-06-01', 'report/once')).toMatchObject({
      status: 'overdue',
      daysLate: 9,
    });
    expect(orderStatusOn(after, on('2022-11-20'))).toMatchObject({
      status: 'terminated',
      outstanding: 1,
    });
  });

  it('an extension counts from its own effective date: one effective after the date asked about is ignored', () => {
    const ext = command(
      'ExtendDeadline',
      { obligationId: 'report', newDueOn: '2022-12-01', reason: 'Granted' },
      { on: '2022-10-25' },
    );
    const s = order(report, ext);
    expect(occ(s, '2022-10-24', 'report/once')).toMatchObject({
      dueOn: '2022-11-01',
      status: 'due_soon',
    });
    expect(occ(s, '2022-10-25', 'report/once')).toMatchObject({
      dueOn: '2022-12-01',
      status: 'upcoming',
      because: [report.meta.eventId, ext.meta.eventId],
    });
    expect(occ(s, '2022-11-02', 'report/once')).toMatchObject({
      dueOn: '2022-12-01',
      status: 'due_soon',
    });
  });
});

describe('locality', () => {
  it("an amendment effective after the date asked about does not change the answer: a duty anchored on a recurring one's satisfaction", () => {
    const annual = duty('annual', {
      schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2022-07-01' } },
    });
    const follow = duty('follow-up', {
      schedule: {
        kind: 'after',
        anchor: { kind: 'satisfaction', obligationId: 'annual' },
        offset: { days: 60 },
      },
    });
    const met = command(
      'FileSubmission',
      { submissionId: 'sub-a', obligationId: 'annual', occurrence: '2022-07-01', title: 'Filing' },
      { on: '2022-06-15', by: ACTORS.twitter },
    );
    const amended = reschedule('annual', { kind: 'once', dueOn: '2023-03-01' }, '2022-09-01');
    const before = order(annual, follow, met);
    const after = order(annual, follow, met, amended);
    // Satisfied 2022-06-15: the follow-up is due 60 days later, 2022-08-14, a Sunday, so 2022-08-15.
    expect(occ(before, '2022-08-01', 'follow-up/once')).toMatchObject({
      status: 'due_soon',
      dueOn: '2022-08-15',
    });
    expect(orderStatusOn(after, on('2022-08-01'))).toEqual(orderStatusOn(before, on('2022-08-01')));
  });
});

describe('a finding stands (design.md 6.1: changes govern forward)', () => {
  /** The report (due 2022-11-01) found breached effective 2022-10-15. */
  const found = command(
    'FindViolation',
    { violationId: 'v-r', obligationId: 'report', occurrence: 'once', summary: 'False report' },
    { on: '2022-10-15' },
  );

  it('an occurrence found breached stays, under the terms it breached, when a later amendment would not place it again', () => {
    // Moved to 2022-10-01 on 2022-10-25: the new terms place nothing due before the amendment.
    const moved = reschedule('report', { kind: 'once', dueOn: '2022-10-01' }, '2022-10-25');
    expect(occ(order(report, found, moved), '2022-12-01', 'report/once')).toMatchObject({
      status: 'breached',
      dueOn: '2022-11-01',
    });
    // Without the finding the amendment replaces the occurrence, as before.
    expect(occ(order(report, moved), '2022-12-01', 'report/once')).toBeUndefined();
  });

  it('one kept past its deadline is not replaced by a later amendment whose schedule reuses its key', () => {
    // Made yearly from 2023-06-01 on 2022-10-25 (placing nothing under the key `once`): the
    // occurrence found breached, due 2022-11-01, is kept. A one-off report due 2023-03-01 imposed
    // by amendment on 2023-01-10 would reuse the key; it governs forward, so what fell due on
    // 2022-11-01 stays breached under it as before it.
    const yearly = reschedule(
      'report',
      { kind: 'recurring', every: { years: 1 }, start: { on: '2023-06-01' } },
      '2022-10-25',
    );
    const oneOff = reschedule('report', { kind: 'once', dueOn: '2023-03-01' }, '2023-01-10');
    for (const d of ['2023-02-01', '2023-04-01'])
      expect([d, occ(order(report, found, yearly, oneOff), d, 'report/once')]).toMatchObject([
        d,
        { status: 'breached', dueOn: '2022-11-01' },
      ]);
  });
});

describe('a duty anchored on another duty being met (design.md 6.1: changes govern forward)', () => {
  // "A notice 30 days after the assessment is filed": filed 2022-06-15, the notice fell due on 2022-07-15.
  const assessment = duty('assessment');
  const notice = duty('notice', {
    kind: 'notice',
    schedule: {
      kind: 'after',
      anchor: { kind: 'satisfaction', obligationId: 'assessment' },
      offset: { days: 30 },
    },
  });
  const filed = file('assessment', '2022-06-15', 'assessment-sub');
  const rejected = (date: string) =>
    command(
      'RejectSubmission',
      { submissionId: 'assessment-sub', reason: 'Incomplete' },
      { on: date },
    );

  it('an occurrence that fell due stays when the filing it counted from is rejected later, its days late running on', () => {
    const s = order(assessment, notice, filed, rejected('2022-09-01'));
    expect(occ(s, '2022-10-01', 'notice/once')).toMatchObject({
      status: 'overdue',
      dueOn: '2022-07-15',
      daysLate: 78,
    });
    expect(occ(s, '2022-10-01', 'assessment/once')?.status).toBe('upcoming'); // unmet again, due 11-01
  });

  /** A fine of USD 10,000 due `dueOn`, paid 2022-06-15; a follow-up due 30 days after it is paid; the fine raised to USD 20,000 on `raisedOn`. */
  const fineRaised = (dueOn: string, raisedOn: string) =>
    order(
      duty('fine', { kind: 'payment', schedule: { kind: 'once', dueOn }, amount: usd(1_000_000) }),
      duty('follow', {
        schedule: {
          kind: 'after',
          anchor: { kind: 'satisfaction', obligationId: 'fine' },
          offset: { days: 30 },
        },
      }),
      pay('fine', '2022-06-15', usd(1_000_000)),
      command(
        'AmendObligation',
        { obligationId: 'fine', changes: { amount: usd(2_000_000) } },
        { on: raisedOn },
      ),
    );

  it('an occurrence that fell due stays when an amendment makes the payment it counted from short', () => {
    const s = fineRaised('2022-12-01', '2022-09-01');
    expect(occ(s, '2022-08-01', 'follow/once')).toMatchObject({
      status: 'overdue',
      dueOn: '2022-07-15',
    });
    expect(occ(s, '2022-10-01', 'follow/once')).toMatchObject({
      status: 'overdue',
      dueOn: '2022-07-15',
      daysLate: 78,
    });
  });

  it('an amendment after the payment fell due leaves it met, so one counted from it and not yet due stays', () => {
    // The fine, USD 10,000 due Thursday 2022-06-30, is paid 2022-06-15: the follow-up falls due
    // 2022-07-15. On 2022-07-05 the fine is raised to USD 20,000 (not retroactively): that governs
    // what falls due from then, not the fine already due, which stays met (its own status says so),
    // and the follow-up still counts from its payment though it was not yet due at the amendment.
    const s = fineRaised('2022-06-30', '2022-07-05');
    expect(occ(s, '2022-08-01', 'fine/once')).toMatchObject({ status: 'satisfied' });
    expect(occ(s, '2022-08-01', 'follow/once')).toMatchObject({
      status: 'overdue',
      dueOn: '2022-07-15',
      daysLate: 17,
    });
  });

  it('one not yet due when the filing is rejected goes with it; a duty imposed after the rejection reads the anchor as it stands', () => {
    const early = order(assessment, notice, filed, rejected('2022-07-10'));
    expect(occ(early, '2022-07-01', 'notice/once')).toMatchObject({ dueOn: '2022-07-15' });
    expect(occ(early, '2022-08-01', 'notice/once')).toBeUndefined();
    const imposedLater = { ...notice, meta: { ...notice.meta, effectiveOn: on('2022-09-15') } };
    const later = order(assessment, filed, rejected('2022-09-01'), imposedLater);
    expect(occ(later, '2022-10-01', 'notice/once')).toBeUndefined();
  });

  it('one counted from a filing rejected before the order was entered never fell due: it goes with the filing', () => {
    // The notice counts 30 days from the assessment's filing of 2022-06-15: nominally due
    // 2022-07-15, before the rejection of 07-20. But the order is entered only on 2022-09-15, so
    // the notice bound that day (no duty falls due before it binds): it had not fallen due when the
    // filing was rejected, and goes with it. Entered before the rejection, it fell due and stays.
    const late = (date: string) =>
      command('EnterOrder', { termEndsOn: '2042-05-26' }, { on: date, by: ACTORS.court });
    const history = (enteredOn: string) =>
      record([filing(), assessment, notice, filed, rejected('2022-07-20'), late(enteredOn)]).state;
    expect(occ(history('2022-09-15'), '2022-10-01', 'notice/once')).toBeUndefined();
    expect(orderStatusOn(history('2022-09-15'), on('2022-10-01')).status).toBe('compliant');
    expect(occ(history('2022-07-18'), '2022-10-01', 'notice/once')).toMatchObject({
      status: 'overdue',
      dueOn: '2022-07-18',
      daysLate: 75,
    });
  });

  it('one not yet due but found breached before the filing is rejected stays: a finding stands', () => {
    // The notice (due 2022-07-15 from the filing of 06-15) is found breached on 2022-07-01; the
    // filing is rejected on 07-10, before the notice fell due. Without the finding the notice goes
    // with the filing (above); with it, the occurrence the court found breached stays, as placed.
    const found = command(
      'FindViolation',
      { violationId: 'v-notice', obligationId: 'notice', summary: 'Misleading notice' },
      { on: '2022-07-01', by: ACTORS.court },
    );
    const s = order(assessment, notice, filed, found, rejected('2022-07-10'));
    expect(occ(s, '2022-08-01', 'notice/once')).toMatchObject({
      status: 'breached',
      dueOn: '2022-07-15',
    });
    expect(exposureOf(s, on('2022-08-01'))).toMatchObject([
      { occurrenceId: 'notice/once', cause: 'breach', since: '2022-07-01', through: '2022-08-01' },
    ]);
  });

  it('an anchor made recurring counts from the first occurrence of its schedule in force, not from one its old schedule left due', () => {
    // The assessment, due once on 2022-11-01 and not filed, is made annual from 2023-01-15 on
    // 2022-11-15 (not retroactively: the 2022 occurrence stays due); a notice imposed that day is
    // due 30 days after the assessment is met. The 2023 assessment is filed early, 2022-12-01: the
    // notice falls due 2022-12-31; the old occurrence, left due and unmet, is not the one it counts from.
    const annual = reschedule(
      'assessment',
      { kind: 'recurring', every: { years: 1 }, start: { on: '2023-01-15' } },
      '2022-11-15',
    );
    const imposed = { ...notice, meta: { ...notice.meta, effectiveOn: on('2022-11-15') } };
    const early = file('assessment', '2022-12-01', 'assessment-2023');
    const s = order(assessment, annual, imposed, {
      ...early,
      data: { ...early.data, occurrence: '2023-01-15' },
    });
    expect(occ(s, '2022-12-10', 'assessment/once')).toMatchObject({ status: 'overdue' });
    expect(occ(s, '2022-12-10', 'notice/once')).toMatchObject({
      status: 'due_soon',
      dueOn: '2023-01-03', // 2022-12-31 is a Saturday, Monday 2023-01-02 a federal holiday
    });
  });
});

describe('order roll-up', () => {
  it('compliant, at_risk (due_soon or submitted), non_compliant (overdue or breached), terminated', () => {
    const s = order(report, reviewed, file('reviewed', '2022-10-20'));
    expect(orderStatusOn(s, on('2022-09-01')).status).toBe('compliant');
    expect(orderStatusOn(s, on('2022-10-02')).status).toBe('at_risk');
    expect(orderStatusOn(s, on('2022-11-02'))).toMatchObject({
      status: 'non_compliant',
      reasons: ['report/once is overdue'],
    });
    const all = order(report, file('report', '2022-10-01'));
    expect(orderStatusOn(all, on('2022-10-20')).status).toBe('compliant');
    const ended = order(
      report,
      command('TerminateOrder', { reason: 'Done' }, { on: '2022-10-01', by: ACTORS.court }),
    );
    expect(orderStatusOn(ended, on('2022-09-30')).status).toBe('compliant');
    expect(orderStatusOn(ended, on('2022-10-01'))).toMatchObject({
      status: 'terminated',
      reasons: ['terminated effective 2022-10-01: Done'],
      outstanding: 0,
    });
  });
});

describe('deadlines across orders', () => {
  it('lists open deadlines due within the window and those already overdue, by deadline; nothing met or of an ended order', () => {
    const a = record([filing('us-v-a'), entry(), penalty, report]).state;
    const b = record([
      filing('us-v-b'),
      entry(),
      duty('notice', { schedule: { kind: 'once', dueOn: '2022-10-15' } }),
      duty('met', { schedule: { kind: 'once', dueOn: '2022-10-10' } }),
      file('met', '2022-09-01'),
    ]).state;
    const c = record([
      filing('us-v-c'),
      entry(),
      report,
      command('TerminateOrder', { reason: 'Done' }, { on: '2022-09-01', by: ACTORS.court }),
    ]).state;
    const within31 = deadlinesOf([a, b, c], on('2022-10-01'), 31);
    // 2022-10-15 is a Saturday: the notice rolls to Monday 10-17. The report (11-01) is the window's last day,
    // still upcoming under the 30-day warning window.
    expect(within31.map((d) => [d.orderId, d.id, d.dueOn, d.status])).toEqual([
      ['us-v-a', 'penalty/once', '2022-06-02', 'overdue'],
      ['us-v-b', 'notice/once', '2022-10-17', 'due_soon'],
      ['us-v-a', 'report/once', '2022-11-01', 'upcoming'],
    ]);
    expect(deadlinesOf([a, b, c], on('2022-10-01'), 30).map((d) => d.id)).toEqual([
      'penalty/once',
      'notice/once',
    ]);
  });

  it('still lists a debt that fell due before the order ended: termination waives only later deadlines', () => {
    const ended = record([
      filing('us-v-d'),
      entry(),
      penalty,
      report,
      command('TerminateOrder', { reason: 'Done' }, { on: '2022-09-01', by: ACTORS.court }),
    ]).state;
    expect(deadlinesOf([ended], on('2022-10-01'), 60).map((d) => [d.id, d.status])).toEqual([
      ['penalty/once', 'overdue'],
    ]);
    expect(statusOf(ended, '2022-10-01', 'report/once')).toBe('waived');
  });
});

describe('money', () => {
  it('imposes a recurring payment installment by installment, each under the terms it fell due under', () => {
    // An annual fee of USD 1,000 from 2022-07-01, raised to USD 1,500 on 2023-03-01; the first
    // installment paid. On 2024-07-10 three have fallen due (2022-07-01; 2023-07-01, a Saturday,
    // so Monday 07-03; 2024-07-01): 1,000 + 1,500 + 1,500 = USD 4,000 imposed, USD 3,000
    // outstanding, not USD 1,500 imposed once and overpaid.
    const s = order(
      duty('fee', {
        kind: 'payment',
        amount: usd(100_000),
        schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2022-07-01' } },
      }),
      command(
        'AmendObligation',
        { obligationId: 'fee', changes: { amount: usd(150_000) } },
        { on: '2023-03-01' },
      ),
      command(
        'MakePayment',
        { paymentId: 'fee-1', obligationId: 'fee', occurrence: '2022-07-01', amount: usd(100_000) },
        { on: '2022-07-01', by: ACTORS.twitter },
      ),
    );
    expect(ledgerOf(s, on('2022-06-30'))).toEqual([]);
    expect(ledgerOf(s, on('2024-07-10'))).toMatchObject([
      { currency: 'USD', imposedMinor: 400_000, paidMinor: 100_000, outstandingMinor: 300_000 },
    ]);
    expect(statusOf(s, '2024-07-10', 'fee/2024-07-01')).toBe('overdue');
  });

  it('keeps a ledger per currency: imposed (not waived), paid by the date, outstanding (negative when overpaid)', () => {
    const s = order(
      penalty,
      command(
        'AssessPenalty',
        {
          penaltyId: 'fine-eur',
          amount: usd(50_000, 'EUR'),
          dueOn: '2022-12-01',
          reason: 'Late report',
        },
        { on: '2022-11-10', by: ACTORS.court },
      ),
      duty('waived-fee', {
        kind: 'payment',
        amount: usd(999),
        schedule: { kind: 'once', dueOn: '2022-12-01' },
      }),
      command(
        'WaiveObligation',
        { obligationId: 'waived-fee', reason: 'Forgiven' },
        { on: '2022-06-01' },
      ),
      pay('penalty', '2022-06-01', usd(10_000_000_000)),
      pay('fine-eur', '2022-11-20', usd(60_000, 'EUR')),
    );
    expect(ledgerOf(s, on('2022-05-31'))).toMatchObject([
      {
        currency: 'USD',
        imposedMinor: 15_000_000_999,
        paidMinor: 0,
        outstandingMinor: 15_000_000_999,
      },
    ]);
    expect(ledgerOf(s, on('2022-12-31'))).toMatchObject([
      {
        currency: 'EUR',
        imposedMinor: 50_000,
        paidMinor: 60_000,
        outstandingMinor: -10_000,
        note: 'EUR 100.00 paid beyond the amounts imposed: post-judgment interest where it ran (the exposure lists what principal and interest remain owed), else a credit',
      },
      {
        currency: 'USD',
        imposedMinor: 15_000_000_000,
        paidMinor: 10_000_000_000,
        outstandingMinor: 5_000_000_000,
      },
    ]);
    expect(ledgerOf(s, on('2022-12-31'))[1]?.note).toBeUndefined();
    expect(statusOf(s, '2022-06-03', 'penalty/once')).toBe('overdue'); // two thirds paid is not paid
  });

  it('a one-off payment waived after a partial payment still imposes what was paid before the waiver: nothing shows as refundable', () => {
    const fee = duty('fee', {
      kind: 'payment',
      amount: usd(1_000_000),
      schedule: { kind: 'once', dueOn: '2022-12-01' },
    });
    const waiver = (extra: Record<string, unknown> = {}) =>
      command(
        'WaiveObligation',
        { obligationId: 'fee', reason: 'Balance forgiven', ...extra },
        { on: '2023-02-01' },
      );
    const paidBefore = pay('fee', '2022-11-15', usd(400_000));
    const paidAfter = pay('fee', '2023-03-01', usd(50_000));
    const s = order(fee, paidBefore, waiver(), paidAfter);
    const usdLine = (at: string) => ledgerOf(s, on(at)).find((l) => l.currency === 'USD');
    // Before the waiver: the fee imposed whole (with the civil penalty), the part paid counted.
    expect(usdLine('2023-01-31')).toMatchObject({ paidMinor: 400_000 });
    const before = usdLine('2023-01-31')!.imposedMinor;
    // From the waiver: the fee imposes what was paid toward it (400,000), not its whole amount and not nothing.
    expect(usdLine('2023-02-01')).toMatchObject({
      imposedMinor: before - 1_000_000 + 400_000,
      paidMinor: 400_000,
    });
    // A payment after the waiver is beyond what is imposed (the note says what that may be).
    expect(usdLine('2023-03-01')).toMatchObject({ paidMinor: 450_000 });
    expect(usdLine('2023-03-01')!.outstandingMinor).toBe(
      usdLine('2023-02-01')!.outstandingMinor - 50_000,
    );
    // A retroactive waiver reaches back: the fee imposes nothing at all.
    const back = order(fee, paidBefore, waiver({ retroactive: true }));
    expect(ledgerOf(back, on('2023-02-01')).find((l) => l.currency === 'USD')).toMatchObject({
      imposedMinor: before - 1_000_000,
      paidMinor: 400_000,
    });
  });

  it('imposes nothing before the order is entered, nor once it is vacated; money paid then shows as a credit', () => {
    const paid = pay('penalty', '2022-06-01', usd(10_000_000_000));
    // Filed 2022-05-25, the penalty proposed with it; entered 2022-05-26 (design.md 6.3).
    const proposedPenalty = {
      ...penalty,
      meta: { ...penalty.meta, effectiveOn: on('2022-05-25') },
    };
    const proposed = record([filing(), proposedPenalty, entry(), paid]).state;
    expect(ledgerOf(proposed, on('2022-05-25'))).toEqual([]);
    expect(ledgerOf(proposed, on('2022-05-26'))).toEqual([
      expect.objectContaining({ currency: 'USD', imposedMinor: 15_000_000_000, paidMinor: 0 }),
    ]);
    expect(ledgerOf(proposed, on('2022-05-26'))[0]).not.toHaveProperty('note');
    // Paid ahead of entry: a credit until the order is entered.
    const early = record([filing(), proposedPenalty, pay('penalty', '2022-05-25'), entry()]).state;
    expect(ledgerOf(early, on('2022-05-25'))).toMatchObject([
      {
        imposedMinor: 0,
        paidMinor: 15_000_000_000,
        outstandingMinor: -15_000_000_000,
        note: 'order not entered by 2022-05-25: nothing imposed yet; what was paid is a credit',
      },
    ]);
    expect(ledgerOf(early, on('2022-05-26'))).toMatchObject([{ outstandingMinor: 0 }]);
    // Ended before it was ever entered: nothing was imposed, and nothing will be.
    const neverEntered = record([
      filing(),
      proposedPenalty,
      pay('penalty', '2022-05-25'),
      command('TerminateOrder', { reason: 'Withdrawn' }, { on: '2022-05-27', by: ACTORS.court }),
    ]).state;
    expect(ledgerOf(neverEntered, on('2022-06-30'))).toMatchObject([
      {
        imposedMinor: 0,
        note: 'order ended (terminated effective 2022-05-27: Withdrawn) before it was entered: nothing was imposed; what was paid is a credit',
      },
    ]);
    // Set aside on 2022-11-01: everything it imposed is void from the start (design.md 6.1).
    const vacated = order(
      penalty,
      paid,
      command(
        'TerminateOrder',
        { reason: 'Set aside on appeal', kind: 'vacated' },
        { on: '2022-11-01', by: ACTORS.court },
      ),
    );
    expect(ledgerOf(vacated, on('2022-10-31'))).toMatchObject([
      { imposedMinor: 15_000_000_000, paidMinor: 10_000_000_000, outstandingMinor: 5_000_000_000 },
    ]);
    expect(ledgerOf(vacated, on('2022-11-01'))).toMatchObject([
      {
        imposedMinor: 0,
        paidMinor: 10_000_000_000,
        outstandingMinor: -10_000_000_000,
        note: 'order vacated effective 2022-11-01: nothing it imposed is owed; what was paid is a credit',
      },
    ]);
    expect(statusOf(vacated, '2022-11-01', 'penalty/once')).toBe('void');
    // Terminated, not vacated: the money judgment survives the end.
    const terminated = order(
      penalty,
      command('TerminateOrder', { reason: 'Done' }, { on: '2022-11-01', by: ACTORS.court }),
    );
    expect(ledgerOf(terminated, on('2023-01-01'))).toMatchObject([
      { imposedMinor: 15_000_000_000, outstandingMinor: 15_000_000_000 },
    ]);
  });

  const tiers = [
    { fromDay: 1, toDay: 30, perDay: usd(100_000) },
    { fromDay: 31, perDay: usd(500_000) },
  ];

  it('exposure with stipulated tiers: USD 1,000 a day for days 1–30, USD 5,000 from day 31, counted from the day after D', () => {
    const s = order(duty('tiered', { stipulatedPenalties: tiers }));
    expect(exposureOf(s, on('2022-11-01'))).toEqual([]);
    expect(exposureOf(s, on('2022-11-02'))).toMatchObject([
      {
        occurrenceId: 'tiered/once',
        status: 'overdue',
        since: '2022-11-02',
        days: 1,
        basis: 'stipulated',
        amount: usd(100_000),
      },
    ]);
    expect(exposureOf(s, on('2022-12-01'))).toMatchObject([{ days: 30, amount: usd(3_000_000) }]);
    expect(exposureOf(s, on('2022-12-02'))).toMatchObject([{ days: 31, amount: usd(3_500_000) }]);
    expect(exposureOf(s, on('2022-12-03'))).toMatchObject([{ days: 32, amount: usd(4_000_000) }]);
  });

  it('exposure of an FTC administrative order at the statutory ceiling in force on the date asked, for every day counted, or a replacement table', () => {
    const s = record([
      filing('ftc-x', { kind: 'administrative_order', forum: 'Federal Trade Commission' }),
      entry(),
      report,
    ]).state;
    expect(exposureOf(s, on('2022-11-02'))).toMatchObject([
      {
        basis: 'statutory',
        days: 1,
        amount: usd(4_651_700),
        rate: { source: '87 FR 1070 (2022)' },
      },
    ]);
    // 2022-11-02 .. 2023-01-10 is 70 days; on 2023-01-11 (71 days) every day is priced at the rate then in force, USD 50,120.
    expect(exposureOf(s, on('2023-01-10'))).toMatchObject([
      { days: 70, amount: usd(70 * 4_651_700) },
    ]);
    expect(exposureOf(s, on('2023-01-11'))).toMatchObject([
      { days: 71, amount: usd(71 * 5_012_000), rate: { source: '88 FR 1499 (2023)' } },
    ]);
    const table: PenaltyRate[] = [{ from: on('2000-01-01'), perDay: usd(1), source: 'test table' }];
    expect(exposureOf(s, on('2022-11-11'), table)).toMatchObject([
      { days: 10, amount: usd(10), rate: { source: 'test table' } },
    ]);
    expect(FTC_ORDER_VIOLATION_MAXIMUM.every((r) => r.source.length > 0)).toBe(true);
  });

  it("another agency's administrative order is not priced at the FTC Act's ceiling: its days listed, not quantified, its own statute cited", () => {
    const agency = (forum: string) =>
      record([filing('agency-x', { kind: 'administrative_order', forum }), entry(), report]).state;
    const sec = exposureOf(agency('U.S. Securities and Exchange Commission'), on('2022-11-11'));
    expect(sec).toMatchObject([{ basis: 'agency', days: 10, daysCounted: 0 }]);
    expect(sec[0]).not.toHaveProperty('amount');
    expect(sec[0]!.citation).toContain('U.S. Securities and Exchange Commission');
    expect(sec[0]!.citation).not.toMatch(/^15 U\.S\.C\. 45\(l\)/);
    for (const forum of ['FTC', 'F.T.C.', 'U.S. Federal Trade Commission'])
      expect(exposureOf(agency(forum), on('2022-11-11'))).toMatchObject([
        { basis: 'statutory', days: 10, amount: usd(10 * 4_651_700) },
      ]);
  });

  it('a breach of a court order without tiers is contempt: its days counted from the finding, no amount', () => {
    const s = order(
      ban,
      command(
        'FindViolation',
        { violationId: 'v-1', obligationId: 'ban', summary: 'Found' },
        { on: '2022-09-01' },
      ),
    );
    expect(exposureOf(s, on('2022-09-10'))).toMatchObject([
      {
        occurrenceId: 'ban/ongoing',
        status: 'breached',
        basis: 'contempt',
        since: '2022-09-01',
        days: 10,
        violationId: 'v-1',
      },
    ]);
  });
});

describe('docket and explanations', () => {
  const payment = pay('penalty', '2022-06-01', usd(15_000_000_000), 'pay-1');
  const retraction = command(
    'RetractEntry',
    { eventId: payment.meta.eventId, reason: 'Entered in error' },
    { on: '2022-07-01', by: ACTORS.court },
  );
  const notice = command(
    'IssuePublicStatement',
    { statementId: 'st-1', summary: 'We paid' },
    { on: '2022-05-30', by: ACTORS.twitter },
  );
  const { events } = record([filing(), entry(), penalty, payment, notice, retraction]);
  const log: RecordedOrderEvent[] = events.map((event, i) => ({
    event,
    recordedAt: `2022-08-01T00:00:0${i}.000Z`,
  }));

  it('states money in the docket exactly, with each currency’s own decimals', () => {
    const amounts = (m: { amountMinor: number; currency: string }) =>
      docketOf([
        {
          event: {
            id: '11111111-1111-4111-8111-111111111111',
            type: 'PaymentMade',
            schemaVersion: 1,
            data: { paymentId: 'p', obligationId: 'penalty', amount: m },
            metadata: { effectiveOn: '2022-06-01', actor: ACTORS.twitter },
          },
          recordedAt: '2022-06-01T00:00:00.000Z',
        } as RecordedOrderEvent,
      ])[0]?.summary;
    expect(amounts({ amountMinor: 15_000_000_000, currency: 'USD' })).toContain(
      'USD 150,000,000.00',
    );
    expect(amounts({ amountMinor: 1_234, currency: 'JPY' })).toContain('JPY 1,234');
    expect(amounts({ amountMinor: 1_234_567, currency: 'KWD' })).toContain('KWD 1,234.567');
  });

  it('orders entries by effective date (recorded order within a day), with side and actor', () => {
    const docket = docketOf(log);
    expect(docket.map((d) => [d.effectiveOn, d.type, d.side])).toEqual([
      ['2022-05-25', 'OrderFiled', 'order'],
      ['2022-05-26', 'OrderEntered', 'order'],
      ['2022-05-26', 'ObligationImposed', 'obligation'],
      ['2022-05-30', 'PublicStatementIssued', 'response'],
      ['2022-06-01', 'PaymentMade', 'response'],
      ['2022-07-01', 'EntryRetracted', 'correction'],
    ]);
    expect(docket[3]?.actor).toEqual(ACTORS.twitter);
    expect(docketOf(log, on('2022-05-31')).map((d) => d.type)).toEqual([
      'OrderFiled',
      'OrderEntered',
      'ObligationImposed',
      'PublicStatementIssued',
    ]);
  });

  it('marks a retracted entry once the retraction is known, and the retraction removes its effect', () => {
    expect(docketOf(log).find((d) => d.eventId === payment.meta.eventId)?.retracted).toBe(true);
    const before = docketOf(log, undefined, log[4]!.recordedAt);
    expect(before.find((d) => d.eventId === payment.meta.eventId)?.retracted).toBeUndefined();
    expect(before.map((d) => d.type)).not.toContain('EntryRetracted');
    const s = record([filing(), entry(), penalty, payment, retraction]).state;
    expect(statusOf(s, '2022-06-03', 'penalty/once')).toBe('overdue');
  });

  it('explains an answer with the events that decided it', () => {
    const filed = file('reviewed', '2022-10-20', 'sub-e');
    const accepted = acceptance('sub-e', '2022-10-25');
    const ext = command(
      'ExtendDeadline',
      { obligationId: 'reviewed', newDueOn: '2022-12-01', reason: 'Granted' },
      { on: '2022-10-01' },
    );
    const s = order(reviewed, ext, filed, accepted);
    const x = explainOccurrence(s, 'reviewed/once', on('2022-11-01'));
    expect(x?.answer.status).toBe('satisfied');
    expect(x?.events.map((e) => e.type)).toEqual([
      'ObligationImposed',
      'DeadlineExtended',
      'SubmissionFiled',
      'SubmissionAccepted',
    ]);
    expect(x?.events.map((e) => e.id)).toEqual(
      [reviewed, ext, filed, accepted].map((c) => c.meta.eventId),
    );
    expect(
      explainOccurrence(s, 'reviewed/once', on('2022-10-24'))?.events.map((e) => e.type),
    ).toEqual(['ObligationImposed', 'DeadlineExtended', 'SubmissionFiled']);
    expect(explainOccurrence(s, 'nothing/once', on('2022-11-01'))).toBeUndefined();
  });
});

describe('far horizons', () => {
  it('a recurring series asked about ever further, near year 9999, answers as a cold computation (the memo does not generate past 9999)', () => {
    const ended = () =>
      record([
        filing(),
        command('EnterOrder', {}, { on: '2022-05-26', by: ACTORS.court }), // no term end: the series is open
        duty('annual', {
          schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-01-31' } },
        }),
      ]).state;
    const warm = ended();
    const asked = [2_000_000, 2_550_000].map(
      (within) => deadlinesOf([warm], on('2999-12-31'), within).length,
    );
    expect(asked).toEqual(
      [2_000_000, 2_550_000].map(
        (within) => deadlinesOf([ended()], on('2999-12-31'), within).length,
      ),
    );
    expect(asked[1]).toBeGreaterThan(asked[0]!);
  });
});

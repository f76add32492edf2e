/**
 * The reference model against design.md §6 itself: small logs whose answers are worked out by
 * hand from the rules, so that the model is checked independently of the engine it judges.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarDate, OrderEvent } from '../../src/index.js';
import { referenceStatus, type RecordedFact } from './reference-model.js';

let n = 0;
const at = (k: number) => new Date(Date.parse('2030-01-01T00:00:00.000Z') + k * 1000).toISOString();
const fact = (
  type: string,
  on: string,
  data: object,
  k = ++n,
  role = 'regulator',
): RecordedFact => ({
  event: {
    id: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    data,
    metadata: { effectiveOn: on, actor: { role, name: 'x' } },
  } as unknown as OrderEvent,
  recordedAt: at(k),
});
const idOf = (f: RecordedFact) => f.event.id;

// 2022-03-01 is a Tuesday; 2022-03-05 a Saturday.
const base = (extra: object = {}): RecordedFact[] => [
  fact(
    'OrderFiled',
    '2022-01-03',
    { orderId: 'o', title: 't', kind: 'stipulated_order', forum: 'f' },
    1,
  ),
  fact('OrderEntered', '2022-01-10', {}, 2),
  fact(
    'ObligationImposed',
    '2022-01-10',
    {
      obligationId: 'r',
      title: 'report',
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2022-03-01' },
      ...extra,
    },
    3,
  ),
];
const only = (facts: readonly RecordedFact[], asOf: string, knownAt?: string) => {
  const a = referenceStatus(facts, { asOf: asOf as CalendarDate, ...(knownAt ? { knownAt } : {}) });
  return { order: a?.status, ...a?.occurrences[0] };
};
const filing = (on: string, k = 10) =>
  fact(
    'SubmissionFiled',
    on,
    { submissionId: `s${k}`, obligationId: 'r', title: 'report' },
    k,
    'company',
  );

describe('reference model: design.md §6 worked by hand', () => {
  it('counts evidence on D as on time and D + 1 as one day late', () => {
    expect(only([...base(), filing('2022-03-01')], '2022-04-01')).toMatchObject({
      status: 'satisfied',
      order: 'compliant',
    });
    expect(only([...base(), filing('2022-03-02')], '2022-04-01')).toMatchObject({
      status: 'satisfied_late',
      daysLate: 1,
    });
  });

  it('is due_soon within 30 days of D, overdue from D + 1, with days late counted to asOf', () => {
    expect(only(base(), '2022-01-29')).toMatchObject({ status: 'upcoming', order: 'compliant' });
    expect(only(base(), '2022-01-30')).toMatchObject({ status: 'due_soon', order: 'at_risk' });
    expect(only(base(), '2022-03-01')).toMatchObject({ status: 'due_soon' });
    expect(only(base(), '2022-03-02')).toMatchObject({
      status: 'overdue',
      daysLate: 1,
      order: 'non_compliant',
    });
  });

  it('keeps a submission needing acceptance `submitted` until accepted, then judges it by its own date', () => {
    const log = [
      ...base({ requiresAcceptance: true }),
      filing('2022-02-20'),
      fact('SubmissionAccepted', '2022-04-15', { submissionId: 's10' }, 11),
    ];
    expect(only(log, '2022-04-14')).toMatchObject({ status: 'submitted', order: 'at_risk' });
    expect(only(log, '2022-04-15')).toMatchObject({ status: 'satisfied', order: 'compliant' });
  });

  it('treats a rejected submission as never filed', () => {
    const log = [
      ...base(),
      filing('2022-02-20'),
      fact('SubmissionRejected', '2022-03-10', { submissionId: 's10', reason: 'no' }, 11),
    ];
    expect(only(log, '2022-03-09')).toMatchObject({ status: 'satisfied' });
    expect(only(log, '2022-03-10')).toMatchObject({ status: 'overdue', daysLate: 9 });
  });

  it('forgets a retracted fact from the retraction’s recording on, not before', () => {
    const filed = filing('2022-02-20');
    const log = [
      ...base(),
      filed,
      fact('EntryRetracted', '2022-05-01', { eventId: idOf(filed), reason: 'error' }, 11),
    ];
    expect(only(log, '2022-04-01', at(10))).toMatchObject({ status: 'satisfied' });
    expect(only(log, '2022-04-01', at(11))).toMatchObject({ status: 'overdue' });
    expect(only(log, '2022-04-01', at(2))).toEqual({ order: 'compliant' }); // nothing imposed yet as known then
    expect(
      referenceStatus(log, { asOf: '2022-04-01' as CalendarDate, knownAt: at(0) }),
    ).toBeUndefined();
  });

  it('rolls an extension that lands on a weekend to the next business day', () => {
    const log = [
      ...base(),
      fact('DeadlineExtended', '2022-02-15', { obligationId: 'r', newDueOn: '2022-03-05' }, 10),
    ];
    expect(only(log, '2022-02-14')).toMatchObject({ dueOn: '2022-03-01' });
    expect(only(log, '2022-03-07')).toMatchObject({ dueOn: '2022-03-07', status: 'due_soon' });
  });

  it('holds an extension to a day before the duty binds to that day, as a scheduled deadline is (rule 4)', () => {
    // Due 2022-03-01; extended late, effective 2022-03-20, to 2022-03-08; the entry of 2022-01-10 is
    // then retracted and the order entered again on Monday 2022-03-21: nothing bound before that
    // day, so the extended deadline is 03-21, not 03-08. On 2022-04-01 the report is 11 days late,
    // not 24. Entered on 2022-01-10 as recorded, the extension's 03-08 stands.
    const entry = base()[1]!;
    const log = [
      ...base(),
      fact('DeadlineExtended', '2022-03-20', { obligationId: 'r', newDueOn: '2022-03-08' }, 10),
      fact('EntryRetracted', '2022-03-15', { eventId: idOf(entry), reason: 'x' }, 11),
      fact('OrderEntered', '2022-03-21', {}, 12),
    ];
    expect(only(log, '2022-04-01')).toMatchObject({
      status: 'overdue',
      dueOn: '2022-03-21',
      daysLate: 11,
    });
    expect(only(log.slice(0, 4), '2022-04-01')).toMatchObject({
      dueOn: '2022-03-08',
      daysLate: 24,
    });
  });

  it('sums payments in the obligation’s currency and satisfies on the one that completes it', () => {
    const log = [
      ...base().slice(0, 2),
      fact(
        'PenaltyAssessed',
        '2022-01-10',
        {
          penaltyId: 'p',
          amount: { amountMinor: 100, currency: 'USD' },
          dueOn: '2022-03-01',
          reason: 'r',
        },
        3,
      ),
      fact(
        'PaymentMade',
        '2022-02-01',
        { paymentId: 'a', obligationId: 'p', amount: { amountMinor: 60, currency: 'USD' } },
        4,
        'company',
      ),
      fact(
        'PaymentMade',
        '2022-03-04',
        { paymentId: 'b', obligationId: 'p', amount: { amountMinor: 40, currency: 'USD' } },
        5,
        'company',
      ),
    ];
    expect(only(log, '2022-03-03')).toMatchObject({ id: 'p/once', status: 'overdue', daysLate: 2 });
    expect(only(log, '2022-03-04')).toMatchObject({ status: 'satisfied_late', daysLate: 3 });
  });

  it('waives what the order’s termination before D forgives, and calls the order terminated', () => {
    const log = [...base(), fact('OrderTerminated', '2022-02-28', { reason: 'settled' }, 10)];
    expect(only(log, '2022-02-27')).toMatchObject({ status: 'due_soon', order: 'at_risk' });
    expect(only(log, '2022-02-28')).toMatchObject({ status: 'waived', order: 'terminated' });
    const onD = [...base(), fact('OrderTerminated', '2022-03-01', { reason: 'settled' }, 10)];
    expect(only(onD, '2022-03-01')).toMatchObject({ status: 'due_soon', order: 'terminated' }); // "before D": on D it is still due
  });

  it('is breached by a finding until it is cured', () => {
    const log = [
      ...base(),
      filing('2022-02-20'),
      fact(
        'ViolationFound',
        '2022-03-10',
        { violationId: 'v', obligationId: 'r', summary: 's' },
        11,
      ),
      fact('ViolationCured', '2022-04-01', { violationId: 'v', summary: 's' }, 12, 'company'),
    ];
    expect(only(log, '2022-03-10')).toMatchObject({ status: 'breached', order: 'non_compliant' });
    expect(only(log, '2022-04-01')).toMatchObject({ status: 'satisfied', order: 'compliant' });
  });

  it('ends the order after the last day of its term', () => {
    const log = [
      ...base(),
      fact('OrderModified', '2022-01-20', { summary: 's', termEndsOn: '2022-06-30' }, 10),
    ];
    expect(only(log, '2022-06-30').order).toBe('non_compliant');
    expect(only(log, '2022-07-01').order).toBe('expired');
    expect(referenceStatus(log, { asOf: '2022-07-01' as CalendarDate })?.outstanding).toBe(1); // the report, overdue, never hidden
  });
});

describe('reference model: version 2 of the semantics, worked by hand', () => {
  const statuses = (facts: readonly RecordedFact[], asOf: string) =>
    Object.fromEntries(
      (referenceStatus(facts, { asOf: asOf as CalendarDate })?.occurrences ?? []).map((o) => [
        o.id,
        [o.status, o.dueOn, o.daysLate],
      ]),
    );
  const annual = (k: number) =>
    fact(
      'ObligationImposed',
      '2022-01-10',
      {
        obligationId: 'c',
        title: 'cert',
        kind: 'certification',
        schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-05-26' } },
      },
      k,
    );

  it('an amendment governs forward: the 2023-05-26 occurrence stays overdue, 2023-11-22 is never created; 2024-05-26 (a Sunday before Memorial Day) would have been due 05-28', () => {
    const log = [
      ...base(),
      annual(20),
      fact(
        'ObligationAmended',
        '2024-01-01',
        {
          obligationId: 'c',
          changes: {
            schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-11-22' } },
          },
        },
        21,
      ),
    ];
    expect(statuses(log, '2024-01-01')['c/2023-05-26']).toEqual(['overdue', '2023-05-26', 220]);
    expect(statuses(log, '2024-01-01')['c/2023-11-22']).toBeUndefined();
    expect(statuses(log, '2024-12-01')['c/2024-11-22']).toEqual(['overdue', '2024-11-22', 9]);
    expect(statuses([...base(), annual(20)], '2024-06-01')['c/2024-05-26']).toEqual([
      'overdue',
      '2024-05-28',
      4,
    ]);
  });

  it('a prohibition is in force, never satisfied; a partial record makes silence unverified, not overdue', () => {
    const ban = fact(
      'ObligationImposed',
      '2022-01-10',
      { obligationId: 'b', title: 'ban', kind: 'prohibition', schedule: { kind: 'ongoing' } },
      20,
    );
    expect(statuses([...base(), ban], '2022-02-01')['b/ongoing']).toEqual([
      'in_force',
      '2022-01-10',
      undefined,
    ]);
    const partial = [
      fact(
        'OrderFiled',
        '2022-01-03',
        {
          orderId: 'o',
          title: 't',
          kind: 'stipulated_order',
          forum: 'f',
          evidenceRecord: 'partial',
        },
        1,
      ),
      ...base().slice(1),
    ];
    expect(only(partial, '2022-03-02')).toMatchObject({
      status: 'unverified',
      order: 'unverified',
    });
  });

  it('a trigger before the imposition, or failing the condition, creates nothing; a "before" duty rolls back', () => {
    const duty = fact(
      'ObligationImposed',
      '2022-06-01',
      {
        obligationId: 'i',
        title: 'incident report',
        kind: 'report',
        schedule: {
          kind: 'after',
          anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
          offset: { days: 30 },
          condition: { measure: 'usersAffected', op: '>=', value: 250 },
        },
      },
      20,
    );
    const incident = (id: string, on: string, users: number, k: number) =>
      fact(
        'IncidentDiscovered',
        on,
        { incidentId: id, summary: 's', usersAffected: users },
        k,
        'company',
      );
    const log = [
      ...base(),
      duty,
      incident('early', '2022-05-01', 900, 21),
      incident('small', '2022-07-01', 10, 22),
      incident('large', '2022-07-01', 300, 23),
    ];
    expect(Object.keys(statuses(log, '2022-07-02')).filter((k) => k.startsWith('i/'))).toEqual([
      'i/large',
    ]);
    // 30 days before Monday 2025-09-08 is Saturday 2025-08-09: due Friday 2025-08-08.
    const before = fact(
      'ObligationImposed',
      '2022-01-10',
      {
        obligationId: 'p',
        title: 'pre-notice',
        kind: 'notice',
        schedule: {
          kind: 'before',
          anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
          offset: { days: 30 },
        },
      },
      24,
    );
    const change = fact(
      'CorporateChangeOccurred',
      '2025-07-01',
      { changeId: 'm', summary: 's', occursOn: '2025-09-08' },
      25,
      'company',
    );
    expect(statuses([...base(), before, change], '2025-08-01')['p/m']).toEqual([
      'due_soon',
      '2025-08-08',
      undefined,
    ]);
  });

  it('a waiver after an unmet deadline waives from its date, the days late kept; a vacated order voids everything', () => {
    const waived = [
      ...base(),
      fact('ObligationWaived', '2022-03-11', { obligationId: 'r', reason: 'moot' }, 20),
    ];
    expect(only(waived, '2022-03-10')).toMatchObject({ status: 'overdue', daysLate: 9 });
    expect(only(waived, '2022-04-01')).toMatchObject({ status: 'waived', daysLate: 10 });
    const vacated = [
      ...base(),
      fact('OrderTerminated', '2022-02-01', { reason: 'set aside', kind: 'vacated' }, 20),
    ];
    expect(only(vacated, '2022-04-01')).toMatchObject({ status: 'void', order: 'vacated' });
  });

  it('keeps an occurrence found breached when a later amendment reuses its key after its deadline (rule 4)', () => {
    // Found breached 2022-02-15; made yearly from 2022-09-01 on 2022-02-20, so the report due
    // 2022-03-01 is held by the finding; a one-off due 2022-06-01 imposed by amendment on
    // 2022-04-01 reuses the key `once`, after that deadline: the breached one stands.
    const amend = (on: string, schedule: object, k: number) =>
      fact('ObligationAmended', on, { obligationId: 'r', changes: { schedule } }, k);
    const log = [
      ...base(),
      fact(
        'ViolationFound',
        '2022-02-15',
        { violationId: 'v', obligationId: 'r', summary: 's' },
        10,
      ),
      amend(
        '2022-02-20',
        { kind: 'recurring', every: { years: 1 }, start: { on: '2022-09-01' } },
        11,
      ),
      amend('2022-04-01', { kind: 'once', dueOn: '2022-06-01' }, 12),
    ];
    expect(statuses(log, '2022-05-02')).toEqual({
      'r/once': ['breached', '2022-03-01', 62],
    });
    expect(statuses(log.slice(0, 5), '2022-05-02')).toEqual(statuses(log, '2022-05-02'));
  });

  it('a duty counted from a filing rejected before the order was entered never fell due, so it goes with the filing (bound before, it stays)', () => {
    // Filed 2022-01-03; the report (due 2022-03-01) filed 2022-01-20 and rejected 2022-03-01; a
    // notice due 30 days after the report is met: nominally 2022-02-19, a Saturday, so Tuesday
    // 02-22 (Presidents' Day on 02-21). Entered 2022-03-02, after the rejection, both duties bound
    // only then: the notice had not fallen due and goes with the filing, the report is due that
    // day. Entered 2022-02-15, the notice fell due on 02-22, before the rejection, and stays.
    const log = (enteredOn: string) => [
      base()[0]!,
      base()[2]!,
      fact(
        'ObligationImposed',
        '2022-01-10',
        {
          obligationId: 'n',
          title: 'notice',
          kind: 'notice',
          schedule: {
            kind: 'after',
            anchor: { kind: 'satisfaction', obligationId: 'r' },
            offset: { days: 30 },
          },
        },
        20,
      ),
      filing('2022-01-20', 21),
      fact('SubmissionRejected', '2022-03-01', { submissionId: 's21', reason: 'x' }, 22),
      fact('OrderEntered', enteredOn, {}, 23),
    ];
    expect(statuses(log('2022-03-02'), '2022-04-01')).toEqual({
      'r/once': ['overdue', '2022-03-02', 30],
    });
    expect(statuses(log('2022-02-15'), '2022-04-01')).toEqual({
      'r/once': ['overdue', '2022-03-01', 31],
      'n/once': ['overdue', '2022-02-22', 38],
    });
  });

  it('an order not yet entered lists nothing; a demand answered within 30 days under 4.3(a) is due 2022-12-13', () => {
    expect(referenceStatus(base().slice(0, 1), { asOf: '2022-01-05' as CalendarDate })).toEqual({
      status: 'pending_entry',
      occurrences: [],
    });
    const ftc = [
      fact(
        'OrderFiled',
        '2022-01-03',
        {
          orderId: 'o',
          title: 't',
          kind: 'administrative_order',
          forum: 'FTC',
          dayCounting: { rule: 'ftc-4.3a' },
        },
        1,
      ),
      base()[1]!,
      fact(
        'InformationDemanded',
        '2022-11-10',
        { demandId: 'd', summary: 's', respondWithin: { days: 30 } },
        20,
      ),
    ];
    expect(statuses(ftc, '2022-11-20')['d/once']).toEqual(['due_soon', '2022-12-13', undefined]);
  });
});

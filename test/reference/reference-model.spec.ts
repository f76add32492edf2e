/**
 * The reference model against design.md §6 itself: small logs whose answers are worked out by
 * hand from the rules, so that the model is checked independently of the engine it judges.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarDate, OrderEvent } from '../../src/index.js';
import { referenceStatus, type RecordedFact } from './reference-model.js';

let n = 0;
const at = (k: number) => new Date(Date.parse('2030-01-01T00:00:00.000Z') + k * 1000).toISOString();
const fact = (type: string, on: string, data: object, k = ++n, role = 'regulator'): RecordedFact => ({
  event: { id: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`, type, schemaVersion: 1, data,
    metadata: { effectiveOn: on, actor: { role, name: 'x' } } } as unknown as OrderEvent,
  recordedAt: at(k),
});
const idOf = (f: RecordedFact) => f.event.id;

// 2022-03-01 is a Tuesday; 2022-03-05 a Saturday.
const base = (extra: object = {}): RecordedFact[] => [
  fact('OrderFiled', '2022-01-03', { orderId: 'o', title: 't', kind: 'stipulated_order', forum: 'f' }, 1),
  fact('OrderEntered', '2022-01-10', {}, 2),
  fact('ObligationImposed', '2022-01-10', { obligationId: 'r', title: 'report', kind: 'report', schedule: { kind: 'once', dueOn: '2022-03-01' }, ...extra }, 3),
];
const only = (facts: readonly RecordedFact[], asOf: string, knownAt?: string) => {
  const a = referenceStatus(facts, { asOf: asOf as CalendarDate, ...(knownAt ? { knownAt } : {}) });
  return { order: a?.status, ...a?.occurrences[0] };
};
const filing = (on: string, k = 10) => fact('SubmissionFiled', on, { submissionId: `s${k}`, obligationId: 'r', title: 'report' }, k, 'company');

describe('reference model: design.md §6 worked by hand', () => {
  it('counts evidence on D as on time and D + 1 as one day late', () => {
    expect(only([...base(), filing('2022-03-01')], '2022-04-01')).toMatchObject({ status: 'satisfied', order: 'compliant' });
    expect(only([...base(), filing('2022-03-02')], '2022-04-01')).toMatchObject({ status: 'satisfied_late', daysLate: 1 });
  });

  it('is due_soon within 30 days of D, overdue from D + 1, with days late counted to asOf', () => {
    expect(only(base(), '2022-01-29')).toMatchObject({ status: 'upcoming', order: 'compliant' });
    expect(only(base(), '2022-01-30')).toMatchObject({ status: 'due_soon', order: 'at_risk' });
    expect(only(base(), '2022-03-01')).toMatchObject({ status: 'due_soon' });
    expect(only(base(), '2022-03-02')).toMatchObject({ status: 'overdue', daysLate: 1, order: 'non_compliant' });
  });

  it('keeps a submission needing acceptance `submitted` until accepted, then judges it by its own date', () => {
    const log = [...base({ requiresAcceptance: true }), filing('2022-02-20'), fact('SubmissionAccepted', '2022-04-15', { submissionId: 's10' }, 11)];
    expect(only(log, '2022-04-14')).toMatchObject({ status: 'submitted', order: 'at_risk' });
    expect(only(log, '2022-04-15')).toMatchObject({ status: 'satisfied', order: 'compliant' });
  });

  it('treats a rejected submission as never filed', () => {
    const log = [...base(), filing('2022-02-20'), fact('SubmissionRejected', '2022-03-10', { submissionId: 's10', reason: 'no' }, 11)];
    expect(only(log, '2022-03-09')).toMatchObject({ status: 'satisfied' });
    expect(only(log, '2022-03-10')).toMatchObject({ status: 'overdue', daysLate: 9 });
  });

  it('forgets a retracted fact from the retraction’s recording on, not before', () => {
    const filed = filing('2022-02-20');
    const log = [...base(), filed, fact('EntryRetracted', '2022-05-01', { eventId: idOf(filed), reason: 'error' }, 11)];
    expect(only(log, '2022-04-01', at(10))).toMatchObject({ status: 'satisfied' });
    expect(only(log, '2022-04-01', at(11))).toMatchObject({ status: 'overdue' });
    expect(only(log, '2022-04-01', at(2))).toEqual({ order: 'compliant' }); // nothing imposed yet as known then
    expect(referenceStatus(log, { asOf: '2022-04-01' as CalendarDate, knownAt: at(0) })).toBeUndefined();
  });

  it('rolls an extension that lands on a weekend to the next business day', () => {
    const log = [...base(), fact('DeadlineExtended', '2022-02-15', { obligationId: 'r', newDueOn: '2022-03-05' }, 10)];
    expect(only(log, '2022-02-14')).toMatchObject({ dueOn: '2022-03-01' });
    expect(only(log, '2022-03-07')).toMatchObject({ dueOn: '2022-03-07', status: 'due_soon' });
  });

  it('sums payments in the obligation’s currency and satisfies on the one that completes it', () => {
    const log = [
      ...base().slice(0, 2),
      fact('PenaltyAssessed', '2022-01-10', { penaltyId: 'p', amount: { amountMinor: 100, currency: 'USD' }, dueOn: '2022-03-01', reason: 'r' }, 3),
      fact('PaymentMade', '2022-02-01', { paymentId: 'a', obligationId: 'p', amount: { amountMinor: 60, currency: 'USD' } }, 4, 'company'),
      fact('PaymentMade', '2022-03-04', { paymentId: 'b', obligationId: 'p', amount: { amountMinor: 40, currency: 'USD' } }, 5, 'company'),
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
    const log = [...base(), filing('2022-02-20'),
      fact('ViolationFound', '2022-03-10', { violationId: 'v', obligationId: 'r', summary: 's' }, 11),
      fact('ViolationCured', '2022-04-01', { violationId: 'v', summary: 's' }, 12, 'company')];
    expect(only(log, '2022-03-10')).toMatchObject({ status: 'breached', order: 'non_compliant' });
    expect(only(log, '2022-04-01')).toMatchObject({ status: 'satisfied', order: 'compliant' });
  });

  it('ends the order after the last day of its term', () => {
    const log = [...base(), fact('OrderModified', '2022-01-20', { summary: 's', termEndsOn: '2022-06-30' }, 10)];
    expect(only(log, '2022-06-30').order).toBe('non_compliant');
    expect(only(log, '2022-07-01').order).toBe('terminated');
  });
});

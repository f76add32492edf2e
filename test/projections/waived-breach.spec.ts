// A duty waived before its deadline and then found breached (a finding stands over a waiver,
// design.md 6.1) never ran days late: the waiver excused it before it was late. The answer on any
// date and the timeline's change points must say the same: a breach whose days late stopped on the
// deadline itself. Found by the change-point law on generated histories (compliance-laws).
import { describe, expect, it } from 'vitest';
import { addDays, orderStatusOn, orderTimeline, type CalendarDate } from '../../src/index.js';
import { ACTORS, command, record } from '../support/order-builders.js';
import { filed } from '../support/order-scenario.js';

describe('a breach of a duty waived before its deadline', () => {
  const { state } = record([
    filed, // 2022-05-25, id 1
    command(
      'ImposeObligation',
      {
        obligationId: 'pay',
        title: 'Payment',
        kind: 'payment',
        schedule: { kind: 'once', dueOn: '2022-06-01' },
        amount: { amountMinor: 100, currency: 'USD' },
      },
      { id: 2, on: '2022-05-25' },
    ),
    command(
      'WaiveObligation',
      { obligationId: 'pay', reason: 'Relief' },
      { id: 3, on: '2022-05-27' },
    ),
    command(
      'FindViolation',
      {
        violationId: 'v',
        obligationId: 'pay',
        summary: 'Not paid',
        period: { from: '2022-05-26' },
      },
      { id: 4, on: '2022-05-28' },
    ),
    command('EnterOrder', {}, { id: 5, on: '2022-05-28', by: ACTORS.court }),
  ]);

  it('stays breached with no days late, stopped on the deadline, on every date after it', () => {
    for (let d = '2022-06-02' as CalendarDate; d <= '2022-07-01'; d = addDays(d, 1)) {
      const [o] = orderStatusOn(state, d).occurrences;
      expect([d, o?.status, o?.daysLate, o?.lateThrough]).toEqual([
        d,
        'breached',
        undefined,
        '2022-06-01',
      ]);
    }
  });

  it("the timeline's last segment says the same: days late stopped on the deadline", () => {
    const tl = orderTimeline(state, '2022-05-28' as CalendarDate, '2022-07-01' as CalendarDate);
    const segments = tl.occurrences['pay/once']?.segments ?? [];
    expect(segments.at(-1)?.value).toMatchObject({
      status: 'breached',
      dueOn: '2022-06-01',
      lateThrough: '2022-06-01',
    });
  });
});

// The same for a duty superseded before its deadline and found breached: days late stop at the
// supersession, before the deadline, so none ever ran. The answer said so (no days late), but its
// change points showed a breach with nothing stopping its days late, which a reader counts as
// running (found by a deep run of the change-point law in compliance-laws).
describe('a breach of a duty superseded before its deadline', () => {
  const { state } = record([
    filed, // 2022-05-25, id 1
    command(
      'ImposeObligation',
      {
        obligationId: 'pay',
        title: 'Payment',
        kind: 'payment',
        schedule: { kind: 'once', dueOn: '2022-06-01' },
        amount: { amountMinor: 100, currency: 'USD' },
      },
      { id: 2, on: '2022-05-25' },
    ),
    command(
      'SupersedeObligation',
      { obligationId: 'pay', successor: { obligationId: 'pay-2' }, summary: 'Replaced' },
      { id: 3, on: '2022-05-27' },
    ),
    command(
      'FindViolation',
      {
        violationId: 'v',
        obligationId: 'pay',
        summary: 'Not paid',
        period: { from: '2022-05-26' },
      },
      { id: 4, on: '2022-05-28' },
    ),
    command('EnterOrder', {}, { id: 5, on: '2022-05-28', by: ACTORS.court }),
  ]);

  it('stays breached with no days late, stopped on the deadline, on every date after it', () => {
    for (let d = '2022-06-02' as CalendarDate; d <= '2022-07-01'; d = addDays(d, 1)) {
      const [o] = orderStatusOn(state, d).occurrences;
      expect([d, o?.status, o?.daysLate, o?.lateThrough]).toEqual([
        d,
        'breached',
        undefined,
        '2022-06-01',
      ]);
    }
  });

  it("the timeline's last segment says the same: days late stopped on the deadline", () => {
    const tl = orderTimeline(state, '2022-05-28' as CalendarDate, '2022-07-01' as CalendarDate);
    expect(tl.occurrences['pay/once']?.segments.at(-1)?.value).toMatchObject({
      status: 'breached',
      dueOn: '2022-06-01',
      lateThrough: '2022-06-01',
    });
  });
});

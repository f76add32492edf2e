// A duty excused before its deadline and then found breached (a finding stands over a waiver or a
// supersession, design.md 6.1) never ran days late: days late stop at the waiver or supersession,
// before the deadline. The answer on any date and the timeline's change points must say the same:
// a breach whose days late stopped on the deadline itself (else a reader of the change points
// counts them as running). Found by the change-point law in compliance-laws: the waiver case on
// generated histories, the supersession case in a deep run.
import { describe, expect, it } from 'vitest';
import { addDays, orderStatusOn, orderTimeline, type CalendarDate } from '../../src/index.js';
import { ACTORS, command, record } from '../support/order-builders.js';
import { filed } from '../support/order-scenario.js';

describe.each([
  [
    'waived',
    command(
      'WaiveObligation',
      { obligationId: 'pay', reason: 'Relief' },
      { id: 3, on: '2022-05-27' },
    ),
  ],
  [
    'superseded',
    command(
      'SupersedeObligation',
      { obligationId: 'pay', successor: { obligationId: 'pay-2' }, summary: 'Replaced' },
      { id: 3, on: '2022-05-27' },
    ),
  ],
])('a breach of a duty %s before its deadline', (_, excused) => {
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
    excused,
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

// Day counting per forum (design.md section 5), worked by hand: FRCP 6(a), 16 C.F.R. 4.3(a), calendar days,
// executive-order closures (FRCP 6(a)(6)(B)) and closures an order declares.
import { describe, expect, it } from 'vitest';
import { deadline, periodEnd, rollBackward, ruleOf } from '../../../domain/calendar/index.js';
import type { CalendarDate } from '../../../domain/index.js';
import { explainOccurrence, orderStatusOn } from '../../../src/index.js';
import { ACTORS, command, record } from '../../support/order-builders.js';

const d = (s: string) => s as CalendarDate;
const FRCP = { rule: 'frcp6' } as const;
const FTC = { rule: 'ftc-4.3a' } as const;

describe('16 C.F.R. 4.3(a) against FRCP 6(a)', () => {
  it('a demand of Thursday 2022-11-10 with 30 days to answer: FRCP 6 due Monday 2022-12-12, 4.3(a) due Tuesday 2022-12-13', () => {
    // FRCP 6: 11-10 + 30 = Saturday 12-10, rolled to Monday 12-12.
    expect(deadline(periodEnd(d('2022-11-10'), { days: 30 }, FRCP), FRCP)).toBe('2022-12-12');
    // 4.3(a): Friday 11-11 is Veterans Day, so day 1 is Monday 11-14 and day 30 is Tuesday 12-13.
    expect(periodEnd(d('2022-11-10'), { days: 30 }, FTC)).toBe('2022-12-13');
    expect(deadline(d('2022-12-13'), FTC)).toBe('2022-12-13');
  });

  it('a 5-day period under 4.3(a) counts business days only, skipping the weekend; FRCP 6 counts every day', () => {
    // From Thursday 2023-03-02: day 1 Fri 03-03, 2 Mon 03-06, 3 Tue 03-07, 4 Wed 03-08, 5 Thu 03-09.
    expect(periodEnd(d('2023-03-02'), { days: 5 }, FTC)).toBe('2023-03-09');
    expect(periodEnd(d('2023-03-02'), { days: 5 }, FRCP)).toBe('2023-03-07');
  });

  it('calendar counting never rolls; the older rollForward switch maps onto the rules', () => {
    expect(deadline(d('2022-12-10'), { rule: 'calendar' })).toBe('2022-12-10');
    expect([ruleOf({ rollForward: true }), ruleOf({ rollForward: false }), ruleOf({})]).toEqual([
      'frcp6',
      'calendar',
      'frcp6',
    ]);
  });
});

describe('legal holidays beyond the federal list', () => {
  it('a deadline counted backward that lands on a Sunday rolls to the Friday before (FRCP 6(a)(5))', () => {
    // 30 days before Tuesday 2025-03-18 is Sunday 2025-02-16: due Friday 2025-02-14.
    expect(deadline(d('2025-02-16'), FRCP, true)).toBe('2025-02-14');
    expect(rollBackward(d('2025-02-16'))).toBe('2025-02-14');
  });

  it('2024-12-24, closed by executive order, is a legal holiday: a deadline then rolls past Christmas to 2024-12-26', () => {
    expect(deadline(d('2024-12-24'), FRCP)).toBe('2024-12-26');
    expect(deadline(d('2025-01-09'), FRCP)).toBe('2025-01-10'); // the national day of mourning for President Carter
  });

  it('a day the order declares closed (ClosureDeclared) rolls the deadlines of that order only, from the declaration on, and explain says why', () => {
    const base = [
      command(
        'FileOrder',
        { orderId: 'o', title: 'Order', kind: 'stipulated_order', forum: 'N.D. Cal.' },
        { on: '2023-01-03' },
      ),
      command('EnterOrder', {}, { on: '2023-01-04', by: ACTORS.court }),
      command(
        'ImposeObligation',
        {
          obligationId: 'r',
          title: 'Report',
          kind: 'report',
          schedule: { kind: 'once', dueOn: '2023-03-14' },
        },
        { on: '2023-01-04' },
      ),
    ];
    const closed = command(
      'DeclareClosure',
      { closedOn: '2023-03-14', reason: "Clerk's office closed: building evacuated" },
      { on: '2023-03-15', by: ACTORS.court },
    );
    const s = record([...base, closed]).state;
    const due = (asOf: string) => orderStatusOn(s, d(asOf)).occurrences[0]?.dueOn;
    expect(due('2023-03-14')).toBe('2023-03-14'); // not yet declared
    expect(due('2023-03-15')).toBe('2023-03-15');
    expect(explainOccurrence(s, 'r/once', d('2023-03-16'))?.computation.skipped).toEqual([
      { date: '2023-03-14', why: "declared closed: Clerk's office closed: building evacuated" },
    ]);
    expect(orderStatusOn(record(base).state, d('2023-03-15')).occurrences[0]?.dueOn).toBe(
      '2023-03-14',
    ); // another order: not closed
  });

  it("an order under 4.3(a) counts a demand's period by that rule", () => {
    const s = record([
      command(
        'FileOrder',
        {
          orderId: 'ftc',
          title: 'Decision and Order',
          kind: 'administrative_order',
          forum: 'FTC',
          dayCounting: { rule: 'ftc-4.3a' },
        },
        { on: '2011-03-01' },
      ),
      command('EnterOrder', {}, { on: '2011-03-11' }),
      command(
        'DemandInformation',
        { demandId: 'cid-1', summary: 'Documents', respondWithin: { days: 30 } },
        { on: '2022-11-10' },
      ),
    ]).state;
    const x = explainOccurrence(s, 'cid-1/once', d('2022-11-20'));
    expect(x?.answer.dueOn).toBe('2022-12-13');
    expect(x?.computation.rule).toContain('16 C.F.R. 4.3(a)');
  });
});

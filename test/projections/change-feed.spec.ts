// Worked cases of the change feed (issue 19), among them the two dates the change points used to
// miss (found by the feed's laws): a due date itself, where a duty anchored on another's
// satisfaction appears, and an extension of a duty counted backward that rolls back past a holiday.
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate } from '../../domain/index.js';
import { changesOf, orderStatusOn, orderTimeline, valueOn } from '../../projections/index.js';
import { ACTORS, command, record } from '../support/order-builders.js';

const d = (s: string) => s as CalendarDate;
const court = { by: ACTORS.court };
const filed = command(
  'FileOrder',
  { orderId: 'o', title: 'Order', kind: 'stipulated_order', forum: 'N.D. Cal.' },
  { on: '2011-03-01', by: ACTORS.doj },
);
const entered = command('EnterOrder', {}, { on: '2011-03-01', ...court });

/** A yearly payment due 2011-03-02 and a report due 60 days after it is met; the payment made on `paidOn`. */
const anchoredOrder = (paymentId: string, paidOn: string) =>
  record([
    filed,
    entered,
    command(
      'ImposeObligation',
      {
        obligationId: 'first',
        title: 'Yearly payment',
        kind: 'payment',
        schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2011-03-02' } },
        amount: { amountMinor: 100, currency: 'USD' },
      },
      { on: '2011-03-01', ...court },
    ),
    command(
      'ImposeObligation',
      {
        obligationId: 'then',
        title: 'Report after the first payment',
        kind: 'report',
        schedule: {
          kind: 'after',
          anchor: { kind: 'satisfaction', obligationId: 'first' },
          offset: { days: 60 },
        },
      },
      { on: '2011-03-01', ...court },
    ),
    command(
      'MakePayment',
      {
        paymentId,
        obligationId: 'first',
        occurrence: '2011-03-02',
        amount: { amountMinor: 100, currency: 'USD' },
      },
      { on: paidOn, by: ACTORS.twitter },
    ),
  ]).state;

describe('change points the feed relies on', () => {
  it('a duty anchored on a recurring one appears when that one is met, even ahead of its due date', () => {
    // The yearly payment first falls due 2011-03-02 and is paid on 2011-03-01: the report due 60
    // days after it is upcoming from the payment, not from the due date the payment met early.
    const s = anchoredOrder('p', '2011-03-01');
    const status = (on: string) =>
      orderStatusOn(s, d(on)).occurrences.find((o) => o.id === 'then/once')?.status ?? 'absent';
    expect([status('2011-02-28'), status('2011-03-01')]).toEqual(['absent', 'upcoming']);
    const t = orderTimeline(s, d('2011-02-27'), d('2011-03-10'));
    expect(valueOn(t.occurrences['then/once']!.segments, d('2011-03-01'))?.status).toBe('upcoming');
    expect(
      changesOf([s], d('2011-02-28'), d('2011-03-05')).filter(
        (c) => c.occurrenceId === 'then/once',
      ),
    ).toMatchObject([{ on: '2011-03-01', from: 'absent', to: 'upcoming' }]);
  });

  it("move a duty anchored on another's satisfaction on the date a late payment meets that other one, a date of no other fact", () => {
    const s = anchoredOrder('late', '2011-06-10');
    const from = d('2011-03-01');
    const to = d('2011-09-30');
    const t = orderTimeline(s, from, to);
    let listed = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const direct = orderStatusOn(s, day);
      const then = direct.occurrences.find((o) => o.id === 'then/once');
      if (then) listed += 1;
      expect([day, valueOn(t.order, day)]).toEqual([day, direct.status]);
      expect([day, valueOn(t.occurrences['then/once']?.segments ?? [], day)?.status]).toEqual([
        day,
        then?.status ?? (t.occurrences['then/once'] ? 'absent' : undefined),
      ]);
    }
    expect(listed).toBeGreaterThan(0); // the anchored duty does appear in the range
  });

  it('roll an extended deadline back like the duty it extends: "1 day before" a launch, extended to Thanksgiving', () => {
    const s = record([
      filed,
      entered,
      command(
        'ImposeObligation',
        {
          obligationId: 'review',
          title: 'Privacy review before a launch',
          kind: 'program',
          schedule: {
            kind: 'before',
            anchor: { kind: 'trigger', fact: 'ProductLaunched' },
            offset: { days: 1 },
          },
        },
        { on: '2011-03-01', ...court },
      ),
      command(
        'LaunchProduct',
        { productId: 'app', summary: 'New app', occursOn: '2012-07-30' },
        { on: '2012-05-21', by: ACTORS.twitter },
      ),
      command(
        'ExtendDeadline',
        { obligationId: 'review', occurrence: 'app', newDueOn: '2012-11-22' },
        { on: '2012-08-18', ...court },
      ),
    ]).state;
    // Thanksgiving 2012 is 11-22: a deadline counted backward rolls back to Wednesday 11-21 (FRCP 6(a)(5)).
    const answer = orderStatusOn(s, d('2012-11-22')).occurrences.find((o) => o.id === 'review/app');
    expect(answer).toMatchObject({ dueOn: '2012-11-21', status: 'overdue' });
    expect(
      changesOf([s], d('2012-11-20'), d('2012-11-25')).filter(
        (c) => c.occurrenceId === 'review/app',
      ),
    ).toMatchObject([{ on: '2012-11-22', from: 'due_soon', to: 'overdue', cause: 'time' }]);
  });
});

describe('the titles the feed gives', () => {
  it('an occurrence no longer listed is titled as it was last listed, whatever range is asked', () => {
    const s = record([
      filed,
      entered,
      command(
        'ImposeObligation',
        {
          obligationId: 'report',
          title: 'Annual report',
          kind: 'report',
          schedule: { kind: 'once', dueOn: '2012-03-16' },
        },
        { on: '2011-03-01', ...court },
      ),
      command(
        'AmendObligation',
        { obligationId: 'report', changes: { title: 'Assessment report' } },
        { on: '2011-05-27', ...court },
      ),
      // Made yearly: the one-off occurrence is no longer listed from this day.
      command(
        'AmendObligation',
        {
          obligationId: 'report',
          changes: {
            schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2012-06-22' } },
          },
        },
        { on: '2011-09-28', ...court },
      ),
    ]).state;
    const gone = (from: string) =>
      changesOf([s], d(from), d('2011-09-29')).filter(
        (c) => c.occurrenceId === 'report/once' && c.to === 'absent',
      );
    // Over a range that begins before the retitling, and over one that begins after it.
    for (const from of ['2011-03-01', '2011-06-01'])
      expect(gone(from), from).toMatchObject([{ on: '2011-09-28', title: 'Assessment report' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { isOccurrenceKey, occurrences, type Schedule } from '../../../domain/schedule/index.js';
import { ObligationId } from '../../../domain/shared/primitives.js';
import { d } from '../calendar/support.js';
import { context } from './support.js';

const FAR = d('2099-12-31');
const monthlyFromJan31: Schedule = {
  kind: 'recurring',
  every: { months: 1 },
  start: { on: d('2023-01-31') },
};
const keys = (schedule: Schedule, ctx = context(), horizon = FAR) =>
  occurrences(schedule, ctx, horizon).map((o) => o.key);

describe('single occurrences', () => {
  it('places a 180-day deadline after entry (the TSDoc example)', () => {
    const schedule: Schedule = {
      kind: 'after',
      anchor: { kind: 'order_entry' },
      offset: { days: 180 },
    };
    expect(occurrences(schedule, context({ enteredOn: d('2022-05-26') }), d('2022-05-26'))).toEqual(
      [{ key: 'once', nominalDueOn: '2022-11-22', dueOn: '2022-11-22' }],
    );
    expect(occurrences(schedule, context(), FAR)).toEqual([]);
  });

  it('rolls a fixed date only when the order counts that way', () => {
    const schedule: Schedule = { kind: 'once', dueOn: d('2022-11-26') };
    expect(occurrences(schedule, context(), FAR)).toEqual([
      { key: 'once', nominalDueOn: '2022-11-26', dueOn: '2022-11-28' },
    ]);
    expect(
      occurrences(schedule, context({ counting: { rollForward: false } }), FAR)[0]?.dueOn,
    ).toBe('2022-11-26');
  });

  it('waits for the anchoring obligation to be satisfied, and ignores a satisfaction after the term', () => {
    const schedule: Schedule = {
      kind: 'after',
      anchor: { kind: 'satisfaction', obligationId: ObligationId.parse('plan') },
      offset: { months: 1 },
    };
    expect(occurrences(schedule, context(), FAR)).toEqual([]);
    const satisfied = context({
      satisfiedOn: (id) => (id === 'plan' ? d('2023-01-31') : undefined),
    });
    expect(occurrences(schedule, satisfied, FAR)).toEqual([
      { key: 'once', nominalDueOn: '2023-02-28', dueOn: '2023-02-28' },
    ]);
    expect(occurrences(schedule, { ...satisfied, termEndsOn: d('2023-01-30') }, FAR)).toEqual([]);
  });

  it('makes an ongoing prohibition one occurrence from entry, unrolled, and none before', () => {
    expect(occurrences({ kind: 'ongoing' }, context(), FAR)).toEqual([]);
    expect(
      occurrences({ kind: 'ongoing' }, context({ enteredOn: d('2022-05-28') }), d('2022-01-01')),
    ).toEqual([{ key: 'ongoing', nominalDueOn: '2022-05-28', dueOn: '2022-05-28' }]);
  });
});

describe('triggered occurrences', () => {
  const report30: Schedule = {
    kind: 'after',
    anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
    offset: { days: 30 },
  };
  const incidents = [
    { id: 'inc-1', on: d('2022-06-01') },
    { id: 'inc-2', on: d('2022-10-25') }, // + 30 days = Thanksgiving
    { id: 'inc-1', on: d('2022-06-02') }, // the same fact again counts once
    { id: 'inc-3', on: d('2023-06-01') }, // after the term
  ];

  it('gives one 30-day occurrence per incident, past the horizon, none after the term', () => {
    const ctx = context({ incidents, termEndsOn: d('2023-05-25') });
    expect(occurrences(report30, ctx, d('2022-06-01'))).toEqual([
      {
        key: 'inc-1',
        triggerId: 'inc-1',
        triggerFact: 'IncidentDiscovered',
        nominalDueOn: '2022-07-01',
        dueOn: '2022-07-01',
      },
      {
        key: 'inc-2',
        triggerId: 'inc-2',
        triggerFact: 'IncidentDiscovered',
        nominalDueOn: '2022-11-24',
        dueOn: '2022-11-25',
      },
    ]);
    expect(isOccurrenceKey(report30, ctx, 'inc-2')).toBe(true);
    expect(isOccurrenceKey(report30, ctx, 'inc-3')).toBe(false);
    expect(isOccurrenceKey(report30, ctx, 'once')).toBe(false);
  });

  it('reads only the fact type its anchor names', () => {
    const onChange: Schedule = {
      kind: 'after',
      anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
      offset: { days: 30 },
    };
    expect(occurrences(onChange, context({ incidents }), FAR)).toEqual([]);
  });
});

describe('recurring occurrences', () => {
  it('recurs monthly from January 31 at month-end, computed from the start and not chained', () => {
    const ctx = context({ counting: { rollForward: false } });
    expect(keys(monthlyFromJan31, ctx, d('2023-05-31'))).toEqual([
      '2023-01-31',
      '2023-02-28',
      '2023-03-31',
      '2023-04-30',
      '2023-05-31',
    ]);
    expect(keys(monthlyFromJan31, ctx, d('2024-03-31')).slice(-3)).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
    ]);
  });

  it('keys by the nominal date and rolls the deadline (Sunday 2023-04-30 is due Monday)', () => {
    const april = occurrences(monthlyFromJan31, context(), d('2023-04-30')).at(-1);
    expect(april).toEqual({ key: '2023-04-30', nominalDueOn: '2023-04-30', dueOn: '2023-05-01' });
  });

  it('recurs annually from 2023-05-26 exactly 19 times in a term ending 2042-05-25', () => {
    const annual: Schedule = {
      kind: 'recurring',
      every: { years: 1 },
      start: { on: d('2023-05-26') },
    };
    const all = keys(annual, context({ termEndsOn: d('2042-05-25') }));
    expect(all).toHaveLength(19);
    expect([all[0], all.at(-1)]).toEqual(['2023-05-26', '2041-05-26']);
  });

  it('starts a period after entry, and not before entry', () => {
    const annual: Schedule = {
      kind: 'recurring',
      every: { years: 1 },
      start: { afterEntry: { months: 12 } },
    };
    expect(keys(annual)).toEqual([]);
    expect(keys(annual, context({ enteredOn: d('2022-05-26') }), d('2025-06-01'))).toEqual([
      '2023-05-26',
      '2024-05-26',
      '2025-05-26',
    ]);
  });

  it('stops at the earlier of `until` and the term end, else at the horizon', () => {
    const quarterly: Schedule = {
      kind: 'recurring',
      every: { months: 3 },
      start: { on: d('2023-01-15') },
      until: d('2023-12-31'),
    };
    expect(keys(quarterly)).toEqual(['2023-01-15', '2023-04-15', '2023-07-15', '2023-10-15']);
    expect(keys(quarterly, context({ termEndsOn: d('2023-07-14') }))).toEqual([
      '2023-01-15',
      '2023-04-15',
    ]);
    expect(keys(monthlyFromJan31, context(), d('2023-03-30'))).toEqual([
      '2023-01-31',
      '2023-02-28',
    ]);
    expect(keys(monthlyFromJan31, context(), d('2023-01-30'))).toEqual([]);
  });

  it('recognises any key the rule generates, even far beyond any horizon when open-ended', () => {
    const ctx = context();
    for (const key of ['2023-01-31', '2024-02-29', '2300-02-28', '2300-04-30', '2999-12-31'])
      expect(isOccurrenceKey(monthlyFromJan31, ctx, key)).toBe(true);
    for (const key of [
      '2023-01-30',
      '2022-12-31',
      '2023-02-27',
      '2024-02-28',
      'once',
      '2023-02-30',
      '',
    ])
      expect(isOccurrenceKey(monthlyFromJan31, ctx, key)).toBe(false);
    expect(
      isOccurrenceKey(monthlyFromJan31, context({ termEndsOn: d('2024-01-01') }), '2024-01-31'),
    ).toBe(false);
  });
});

describe('keys of single schedules', () => {
  it('knows `once` and `ongoing` only once their anchor exists', () => {
    const after: Schedule = {
      kind: 'after',
      anchor: { kind: 'order_entry' },
      offset: { days: 10 },
    };
    expect(isOccurrenceKey({ kind: 'once', dueOn: d('2022-01-01') }, context(), 'once')).toBe(true);
    expect(isOccurrenceKey(after, context(), 'once')).toBe(false);
    expect(isOccurrenceKey(after, context({ enteredOn: d('2022-05-26') }), 'once')).toBe(true);
    expect(
      isOccurrenceKey({ kind: 'ongoing' }, context({ enteredOn: d('2022-05-26') }), 'ongoing'),
    ).toBe(true);
    expect(
      isOccurrenceKey({ kind: 'ongoing' }, context({ enteredOn: d('2022-05-26') }), 'once'),
    ).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  compareDates,
  daysBetween,
  eachDay,
  isBusinessDay,
  minDate,
} from '../../../domain/calendar/index.js';
import { isOccurrenceKey, occurrences, type Schedule } from '../../../domain/schedule/index.js';
import type { CalendarDate } from '../../../domain/shared/primitives.js';
import { dateFrom, fcParams } from '../calendar/support.js';
import { context } from './support.js';

const day = dateFrom('2015-01-01', 365 * 15);
const every = fc.oneof(
  fc.record({ months: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ years: fc.integer({ min: 1, max: 5 }) }),
);
const offset = fc.oneof(
  fc.record({ days: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ months: fc.integer({ min: 0, max: 24 }) }),
  fc.record({ years: fc.integer({ min: 0, max: 3 }) }),
);
const recurring = fc
  .record({
    every,
    start: fc.oneof(fc.record({ on: day }), fc.record({ afterEntry: offset })),
    until: fc.option(day, { nil: undefined }),
  })
  .map(({ until, ...r }): Schedule => ({
    kind: 'recurring',
    ...r,
    ...(until === undefined ? {} : { until }),
  }));
const anchor = fc.constantFrom(
  { kind: 'order_entry' } as const,
  { kind: 'satisfaction', obligationId: 'plan' } as const,
  { kind: 'trigger', fact: 'IncidentDiscovered' } as const,
);
const after = fc.record({ anchor, offset }).map((a) => ({ kind: 'after', ...a }) as Schedule);
const schedule: fc.Arbitrary<Schedule> = fc.oneof(
  day.map((dueOn): Schedule => ({ kind: 'once', dueOn })),
  after,
  recurring,
  fc.constant<Schedule>({ kind: 'ongoing' }),
);
const incidents = fc.uniqueArray(
  fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), on: day }),
  { selector: (t) => t.id, maxLength: 4 },
);
const ctx = fc
  .record({
    enteredOn: fc.option(day, { nil: undefined }),
    termEndsOn: fc.option(day, { nil: undefined }),
    satisfied: fc.option(day, { nil: undefined }),
    incidents,
  })
  .map(({ enteredOn, termEndsOn, satisfied, incidents: list }) =>
    context({
      ...(enteredOn === undefined ? {} : { enteredOn }),
      ...(termEndsOn === undefined ? {} : { termEndsOn }),
      satisfiedOn: () => satisfied,
      incidents: [...list].sort((x, y) => compareDates(x.on, y.on)),
    }),
  );
const horizon = day;

const upTo = (...dates: readonly (CalendarDate | undefined)[]) =>
  dates.filter((x): x is CalendarDate => x !== undefined);

describe('occurrence laws', () => {
  // Five days at most: 2025-12-24 (Wednesday) rolls to 2025-12-29, past two executive-order
  // closures around Christmas and a weekend (closures.ts); observed holidays alone roll at most three.
  it('with roll-forward on, every deadline is the first business day on or after its nominal date, ≤ 5 days on', () => {
    fc.assert(
      fc.property(schedule, ctx, horizon, (s, c, h) => {
        for (const o of occurrences(s, c, h).filter((x) => x.key !== 'ongoing')) {
          expect(isBusinessDay(o.dueOn)).toBe(true);
          const shift = daysBetween(o.nominalDueOn, o.dueOn);
          expect(shift >= 0 && shift <= 5).toBe(true);
          for (const x of eachDay(o.nominalDueOn, addDays(o.dueOn, -1)))
            expect(isBusinessDay(x)).toBe(false);
        }
      }),
      fcParams(20220526),
    );
  });

  it('recurring occurrences strictly increase and stay within the term, `until` and the horizon', () => {
    fc.assert(
      fc.property(recurring, ctx, horizon, (s, c, h) => {
        const list = occurrences(s, c, h);
        const bound = minDate(
          h,
          ...upTo(c.termEndsOn, s.kind === 'recurring' ? s.until : undefined),
        );
        const start = s.kind === 'recurring' && 'on' in s.start ? s.start.on : undefined;
        if (start !== undefined && list[0]) expect(list[0].nominalDueOn).toBe(start);
        list.forEach((o, i) => {
          expect(o.key).toBe(o.nominalDueOn);
          expect(compareDates(o.nominalDueOn, bound)).toBeLessThanOrEqual(0);
          const prev = list[i - 1];
          if (prev) expect(compareDates(prev.nominalDueOn, o.nominalDueOn)).toBe(-1);
        });
      }),
      fcParams(20420525),
    );
  });

  it('a nearer horizon gives a prefix of a farther one', () => {
    fc.assert(
      fc.property(schedule, ctx, horizon, horizon, (s, c, h1, h2) => {
        const [near, far] = compareDates(h1, h2) <= 0 ? [h1, h2] : [h2, h1];
        const farList = occurrences(s, c, far);
        expect(farList.slice(0, occurrences(s, c, near).length)).toEqual(occurrences(s, c, near));
      }),
      fcParams(20230131),
    );
  });

  it('a date within the horizon is an occurrence key exactly when it is generated', () => {
    fc.assert(
      fc.property(recurring, ctx, horizon, day, (s, c, h, probe) => {
        fc.pre(compareDates(probe, h) <= 0);
        const generated = occurrences(s, c, h).some((o) => o.key === probe);
        expect(isOccurrenceKey(s, c, probe)).toBe(generated);
      }),
      fcParams(20240229),
    );
  });

  it('every generated occurrence has a valid key, and keys are unique', () => {
    fc.assert(
      fc.property(schedule, ctx, horizon, (s, c, h) => {
        const list = occurrences(s, c, h);
        expect(new Set(list.map((o) => o.key)).size).toBe(list.length);
        for (const o of list) expect(isOccurrenceKey(s, c, o.key)).toBe(true);
      }),
      fcParams(20211231),
    );
  });

  it('an anchor or trigger counts exactly when it is effective within the term', () => {
    fc.assert(
      fc.property(after, ctx, horizon, (s, c, h) => {
        const inTerm = (on: CalendarDate | undefined) =>
          on !== undefined && (c.termEndsOn === undefined || compareDates(on, c.termEndsOn) <= 0);
        if (s.kind !== 'after') return;
        const list = occurrences(s, c, h);
        const a = s.anchor;
        if (a.kind === 'trigger') {
          const counted = c
            .triggers(a.fact)
            .filter((t) => inTerm(t.on))
            .map((t) => t.id);
          expect(list.map((o) => o.triggerId)).toEqual(counted);
        } else {
          const on =
            a.kind === 'order_entry'
              ? c.enteredOn
              : a.kind === 'date'
                ? a.on
                : c.satisfiedOn(a.obligationId);
          expect(list.length).toBe(inTerm(on) ? 1 : 0);
        }
      }),
      fcParams(20190101),
    );
  });
});

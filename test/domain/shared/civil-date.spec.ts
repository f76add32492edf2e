import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addOffset,
  dayOfWeek,
  daysBetween,
  fromPlainDate,
  yearOf,
} from '../../../domain/calendar/calendar.js';
import { isRecurrenceDate, recurrenceDates } from '../../../domain/schedule/recurrence.js';
import type { Every, Offset } from '../../../domain/schedule/schedule.schema.js';
import {
  civilOfEpochDay,
  DATE_PATTERN,
  daysInMonth,
  epochDayOf,
  formatDate,
  isRealDate,
  plainEpochDay,
} from '../../../domain/shared/civil-date.js';
import { CalendarDate } from '../../../domain/shared/primitives.js';

const byTemporal = (s: string): boolean => {
  try {
    Temporal.PlainDate.from(s, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const text = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

describe('isRealDate (arithmetic) agrees with Temporal', () => {
  it('on every month 00-13 and day 00-32 of every year 1800-2999', () => {
    const disagree: string[] = [];
    for (let y = 1800; y <= 2999; y++) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = text(y, m, d);
          if (isRealDate(s) !== byTemporal(s)) disagree.push(s);
        }
      }
    }
    expect(disagree).toEqual([]);
  });

  it('on any YYYY-MM-DD digits, years 0000-9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, m, d) => {
          const s = text(y, m, d);
          expect(isRealDate(s)).toBe(byTemporal(s));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('leaves CalendarDate answering as before at the edges', () => {
    expect(CalendarDate.safeParse('2024-02-29').success).toBe(true);
    expect(CalendarDate.safeParse('2023-02-29').success).toBe(false);
    expect(CalendarDate.safeParse('1900-02-29').success).toBe(false);
    expect(CalendarDate.safeParse('2000-02-29').success).toBe(true);
    expect(CalendarDate.safeParse('2022-04-31').success).toBe(false);
    expect(CalendarDate.safeParse('2022-13-01').success).toBe(false);
    expect(CalendarDate.safeParse('2022-00-10').success).toBe(false);
    expect(CalendarDate.safeParse('2022-01-00').success).toBe(false);
    expect(CalendarDate.safeParse('1799-12-31').success).toBe(false);
  });
});

const anyDay = fc.integer({ min: epochDayOf(0, 1, 1), max: epochDayOf(9999, 12, 31) });
const textOfDay = (n: number) => Temporal.PlainDate.from('1970-01-01').add({ days: n }).toString();
const temporalOffset = (date: string, offset: Record<string, number>): string => {
  try {
    return fromPlainDate(Temporal.PlainDate.from(date).add(offset, { overflow: 'constrain' }));
  } catch (e) {
    return `throws ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
};
const ours = (date: string, offset: Record<string, number>): string => {
  try {
    return addOffset(date as CalendarDate, offset as Offset);
  } catch (e) {
    return `throws ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
};

describe('calendar arithmetic agrees with Temporal', () => {
  it('epoch days both ways, on any four-digit date', () => {
    fc.assert(
      fc.property(anyDay, (n) => {
        const t = textOfDay(n);
        const c = civilOfEpochDay(n);
        expect(formatDate(c.year, c.month, c.day)).toBe(t);
        expect(epochDayOf(c.year, c.month, c.day)).toBe(n);
        expect(daysBetween('1970-01-01' as CalendarDate, t as CalendarDate)).toBe(n);
      }),
      { numRuns: 20_000 },
    );
  });

  it('addOffset by days, months or years, past the four-digit years too', () => {
    const amount = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.integer({ min: -100_000, max: 100_000 }),
    );
    const unit = fc.constantFrom('days', 'months', 'years');
    fc.assert(
      fc.property(anyDay, unit, amount, (n, u, a) => {
        const date = textOfDay(n);
        expect(ours(date, { [u]: a })).toBe(temporalOffset(date, { [u]: a }));
      }),
      { numRuns: 20_000 },
    );
    for (const [date, offset] of [
      ['2023-01-31', { months: 1 }],
      ['2024-02-29', { years: 1 }],
      ['9999-12-31', { days: 1 }],
      ['0000-01-01', { days: -1 }],
      ['2024-02-29', { days: 1.5 }],
    ] as const) {
      expect(ours(date, offset)).toBe(temporalOffset(date, offset));
    }
    expect(addDays('2022-12-31' as CalendarDate, 1)).toBe('2023-01-01');
  });

  it('addDays on any four-digit date, past the four-digit years too', () => {
    const days = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.integer({ min: -4_000_000, max: 4_000_000 }),
      fc.double({ min: -10, max: 10, noNaN: true }),
    );
    let beyond = 0;
    fc.assert(
      fc.property(anyDay, days, (n, d) => {
        const date = textOfDay(n);
        const ourDays = (() => {
          try {
            return addDays(date as CalendarDate, d);
          } catch (e) {
            return `throws ${(e as Error).constructor.name}: ${(e as Error).message}`;
          }
        })();
        const expected = temporalOffset(date, { days: d });
        if (expected.startsWith('throws')) beyond++;
        expect(ourDays).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
    expect(beyond).toBeGreaterThan(100); // the years past 9999 and before 0000 are asked about
  });

  it('plainEpochDay: the epoch day of a real YYYY-MM-DD text, NaN for any other text', () => {
    // Dates, then texts one edit away from one: a character replaced, dropped or added.
    const near = fc
      .tuple(
        anyDay.map(textOfDay),
        fc.nat({ max: 10 }),
        fc.constantFrom('replace', 'drop', 'add', 'none'),
        fc.constantFrom('0', '9', '-', '/', ' ', '+', 'a', '\u0660', '\uff11', '\n', ':'),
      )
      .map(([t, i, edit, c]) =>
        edit === 'replace'
          ? t.slice(0, i) + c + t.slice(i + 1)
          : edit === 'drop'
            ? t.slice(0, i) + t.slice(i + 1)
            : edit === 'add'
              ? t.slice(0, i) + c + t.slice(i)
              : t,
      );
    const digits = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
      )
      .map(([y, m, d]) => text(y, m, d));
    let real = 0;
    fc.assert(
      fc.property(fc.oneof(near, digits, fc.string({ maxLength: 12 })), (s) => {
        const valid = DATE_PATTERN.test(s) && isRealDate(s);
        if (valid) real++;
        expect(plainEpochDay(s)).toBe(
          valid
            ? Temporal.PlainDate.from('1970-01-01').until(Temporal.PlainDate.from(s)).days
            : Number.NaN,
        );
      }),
      { numRuns: 20_000 },
    );
    expect(real).toBeGreaterThan(2_000); // both answers are exercised
    expect(real).toBeLessThan(18_000);
  });
});

/** The recurrence rule as Temporal computes it (the previous implementation). */
const temporalNth = (first: string, months: number) =>
  Temporal.PlainDate.from(first).add({ months }, { overflow: 'constrain' });
const temporalIsRecurrenceDate = (
  key: string,
  first: string,
  every: Every,
  last: string | undefined,
): boolean => {
  if (!CalendarDate.safeParse(key).success) return false;
  if (key < first || (last !== undefined && key > last)) return false;
  const a = Temporal.PlainDate.from(first);
  const b = Temporal.PlainDate.from(key);
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  const step = 'months' in every ? every.months : every.years * 12;
  return months % step === 0 && temporalNth(first, months).equals(b);
};

describe('recurrences agree with Temporal', () => {
  const date = fc
    .integer({ min: epochDayOf(1800, 1, 1), max: epochDayOf(2999, 12, 31) })
    .map(textOfDay);
  const every = fc.oneof(
    fc.integer({ min: 1, max: 30 }).map((months) => ({ months })),
    fc.integer({ min: 1, max: 5 }).map((years) => ({ years })),
  );
  it('isRecurrenceDate', () => {
    const monthEnd = fc
      .tuple(fc.integer({ min: 1800, max: 2999 }), fc.integer({ min: 1, max: 12 }))
      .map(([y, m]) => text(y, m, daysInMonth(y, m)));
    const key = fc.oneof(
      date,
      monthEnd,
      fc.constantFrom('once', '', '2023-02-30', '1799-12-31', '3000-01-31'),
    );
    fc.assert(
      fc.property(date, every, key, fc.option(date, { nil: undefined }), (first, e, k, last) => {
        expect(
          isRecurrenceDate(k, first as CalendarDate, e, last as CalendarDate | undefined),
        ).toBe(temporalIsRecurrenceDate(k, first, e, last));
      }),
      { numRuns: 20_000 },
    );
  });
  it('recurrenceDates', () => {
    fc.assert(
      fc.property(date, every, date, (first, e, last) => {
        const step = 'months' in e ? e.months : e.years * 12;
        const expected: string[] = [];
        for (let n = 0; ; n++) {
          const d = temporalNth(first, n * step);
          if (d.year > 9999 || Temporal.PlainDate.compare(d, Temporal.PlainDate.from(last)) > 0)
            break;
          expected.push(d.toString());
        }
        expect([...recurrenceDates(first as CalendarDate, e, last as CalendarDate)]).toEqual(
          expected,
        );
      }),
      { numRuns: 500 },
    );
    expect([...recurrenceDates('9990-01-31' as CalendarDate, { years: 3 })]).toEqual([
      '9990-01-31',
      '9993-01-31',
      '9996-01-31',
      '9999-01-31',
    ]);
  });
});

describe('weekdays and years agree with Temporal', () => {
  it('dayOfWeek and yearOf on any four-digit date', () => {
    fc.assert(
      fc.property(anyDay, (n) => {
        const t = textOfDay(n);
        const p = Temporal.PlainDate.from(t);
        expect(dayOfWeek(t as CalendarDate)).toBe(p.dayOfWeek);
        expect(yearOf(t as CalendarDate)).toBe(p.year);
      }),
      { numRuns: 20_000 },
    );
  });
});

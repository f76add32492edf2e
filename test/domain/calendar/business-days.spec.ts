import { describe, expect, it } from 'vitest';
import { addDays, deadline, isBusinessDay, rollForward } from '../../../domain/calendar/index.js';
import { d } from './support.js';

const ROLL = { rollForward: true } as const;
const NO_ROLL = { rollForward: false } as const;

const known: readonly (readonly [string, string, string])[] = [
  ['a Tuesday stays', '2022-11-22', '2022-11-22'],
  ['Saturday rolls to Monday', '2022-11-26', '2022-11-28'],
  ['Thanksgiving rolls to Friday', '2022-11-24', '2022-11-25'],
  ['Juneteenth 2020 (before it was a holiday) stays', '2020-06-19', '2020-06-19'],
  ['Juneteenth 2022 observed rolls', '2022-06-20', '2022-06-21'],
  ['New Year 2022 observed 2021-12-31 rolls past the weekend', '2021-12-31', '2022-01-03'],
  ['Saturday before Labor Day rolls to Tuesday', '2022-09-03', '2022-09-06'],
];

describe('business days and deadlines', () => {
  it('a 180-day deadline from 2022-05-26 lands on Tuesday 2022-11-22', () => {
    expect(deadline(addDays(d('2022-05-26'), 180), ROLL)).toBe('2022-11-22');
  });

  it.each(known)('%s (%s -> %s)', (_what, nominal, rolled) => {
    expect(rollForward(d(nominal))).toBe(rolled);
    expect(deadline(d(nominal), ROLL)).toBe(rolled);
    expect(isBusinessDay(d(nominal))).toBe(nominal === rolled);
  });

  it.each(known)('with roll-forward off, %s is left as %s', (_what, nominal) => {
    expect(deadline(d(nominal), NO_ROLL)).toBe(nominal);
  });
});

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_WITHIN_DAYS,
  parseCivilDate,
  parseDuration,
  parseInstant,
  parseOccurrenceRef,
  resolveStore,
} from '../../src/cli/args.js';
import { CliError } from '../../src/cli/errors.js';

describe('parseDuration', () => {
  it.each([
    ['90d', 90],
    ['1d', 1],
    ['12w', 84],
    ['1w', 7],
    [' 30d ', 30],
  ])('%s is %i days', (text, days) => {
    expect(parseDuration(text)).toBe(days);
  });

  it.each([
    '',
    '90',
    'd',
    '0d',
    '0w',
    '6m',
    '1y',
    '-3d',
    '1.5d',
    '90 d',
    '90D',
    `${MAX_WITHIN_DAYS + 1}d`,
    '9999999d',
  ])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(CliError);
  });

  it('says what it expects', () => {
    expect(() => parseDuration('6m')).toThrow(/90d or 12w/);
  });
});

describe('parseCivilDate', () => {
  it('accepts a real date', () => expect(parseCivilDate('2024-02-29')).toBe('2024-02-29'));
  it.each([
    '2023-02-29',
    '2022-04-31',
    '2022-13-01',
    '2022-1-5',
    '20220105',
    '2022-01-05T00:00:00Z',
    'today',
  ])('refuses %j', (text) => {
    expect(() => parseCivilDate(text)).toThrow(CliError);
  });
  it('names the impossible date', () =>
    expect(() => parseCivilDate('2023-02-29')).toThrow(/2023-02-29 is not a date/));
});

describe('parseInstant', () => {
  it.each([
    ['2023-01-01T00:00:00Z', '2023-01-01T00:00:00.000Z'],
    ['2023-01-01T00:00:00.5Z', '2023-01-01T00:00:00.500Z'],
    ['2023-01-01T09:00+09:00', '2023-01-01T00:00:00.000Z'],
    ['2022-12-31T19:00:00-05:00', '2023-01-01T00:00:00.000Z'],
    ['2022-11-15', '2022-11-15T23:59:59.999Z'],
  ])('%s is %s', (text, iso) => expect(parseInstant(text)).toBe(iso));

  it('refuses a date that does not exist', () => {
    expect(() => parseInstant('2023-02-29')).toThrow(/2023-02-29 is not a date that exists/);
  });

  it.each(['2023-01-01T00:00:00', '2023-02-29T00:00:00Z', 'yesterday', ''])(
    'refuses %j (no zone, or not an instant)',
    (text) => {
      expect(() => parseInstant(text)).toThrow(/expected an instant with a time zone/);
    },
  );
});

describe('resolveStore', () => {
  const cwd = resolve('/srv/work');

  it('resolves the default and .db paths against the working folder', () => {
    expect(resolveStore('./decree.db', cwd)).toEqual({
      spec: `sqlite:${resolve(cwd, 'decree.db')}`,
      sqlitePath: resolve(cwd, 'decree.db'),
    });
    expect(resolveStore('data/x.sqlite', cwd).sqlitePath).toBe(resolve(cwd, 'data/x.sqlite'));
  });

  it('resolves sqlite:<path>, relative or absolute', () => {
    expect(resolveStore('sqlite:rel/store', cwd).spec).toBe(`sqlite:${resolve(cwd, 'rel/store')}`);
    expect(resolveStore(`sqlite:${resolve('/abs/s.db')}`, cwd).sqlitePath).toBe(
      resolve('/abs/s.db'),
    );
  });

  it('passes memory and EventStoreDB connection strings through', () => {
    expect(resolveStore('memory', cwd)).toEqual({ spec: 'memory' });
    expect(resolveStore('esdb://localhost:2113?tls=false', cwd)).toEqual({
      spec: 'esdb://localhost:2113?tls=false',
    });
  });

  it('refuses anything else with a hint', () => {
    expect(() => resolveStore('mystore', cwd)).toThrow(
      /unknown store "mystore": use memory, sqlite:<path>/,
    );
    expect(() => resolveStore('sqlite:', cwd)).toThrow(CliError);
  });
});

describe('parseOccurrenceRef', () => {
  it('splits at the first slash', () => {
    expect(parseOccurrenceRef('A-5-privacy-security-program/once')).toEqual({
      obligationId: 'A-5-privacy-security-program',
      key: 'once',
      id: 'A-5-privacy-security-program/once',
    });
    expect(parseOccurrenceRef('A-9/2023/05')).toMatchObject({
      obligationId: 'A-9',
      key: '2023/05',
    });
  });
  it.each(['A-5', '/once', 'A-5/', ''])('refuses %j', (text) =>
    expect(() => parseOccurrenceRef(text)).toThrow(/<obligationId>\/<key>/),
  );
});

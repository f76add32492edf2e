import { describe, expect, it } from 'vitest';
import { InvalidInput, OrderCommand, parseOrThrow, type FieldPath } from '../../../domain/index.js';
import { givenOrder } from '../../../src/testing/index.js';
import { command, recorded } from '../../support/order-builders.js';
import { filed } from '../../support/order-scenario.js';

const meta = {
  eventId: '00000000-0000-4000-8000-000000000001',
  effectiveOn: '2023-02-28',
  actor: { role: 'regulator', name: 'FTC' },
};
const terminate = { type: 'TerminateOrder', data: { reason: 'Set aside' }, meta };

/** Parses untrusted input and returns the InvalidInput it must raise. */
const refused = (input: unknown): InvalidInput => {
  try {
    parseOrThrow(OrderCommand, input, 'command');
  } catch (e) {
    if (e instanceof InvalidInput) return e;
    throw e;
  }
  throw new Error('the input was accepted');
};

const cases: readonly [string, unknown, FieldPath, RegExp][] = [
  [
    'a date that does not exist',
    { ...terminate, meta: { ...meta, effectiveOn: '2023-02-29' } },
    ['meta', 'effectiveOn'],
    /2023-02-29 is not a date that exists/,
  ],
  [
    'a date not written YYYY-MM-DD',
    { ...terminate, meta: { ...meta, effectiveOn: '28/02/2023' } },
    ['meta', 'effectiveOn'],
    /YYYY-MM-DD/,
  ],
  [
    'an unknown field in data',
    { ...terminate, data: { reason: 'x', extra: 1 } },
    ['data'],
    /unknown field "extra"; the fields here are /,
  ],
  [
    'an unknown field in meta',
    { ...terminate, meta: { ...meta, clock: 'now' } },
    ['meta'],
    /unknown field "clock"; the fields here are .*effectiveOn/,
  ],
  [
    'an unknown command type',
    { ...terminate, type: 'Terminate' },
    ['type'],
    /unknown command type; expected one of FileOrder, /,
  ],
  [
    'money as a fraction of a cent',
    {
      type: 'MakePayment',
      data: { paymentId: 'p', obligationId: 'o', amount: { amountMinor: 1.5, currency: 'USD' } },
      meta,
    },
    ['data', 'amount', 'amountMinor'],
    /whole number of minor units/,
  ],
  [
    'a currency that is not ISO 4217',
    {
      type: 'MakePayment',
      data: { paymentId: 'p', obligationId: 'o', amount: { amountMinor: 1, currency: 'XYZ' } },
      meta,
    },
    ['data', 'amount', 'currency'],
    /XYZ is not an ISO 4217 currency code/,
  ],
  [
    'an event id that is not a UUID',
    { ...terminate, meta: { ...meta, eventId: 'abc' } },
    ['meta', 'eventId'],
    /expected a UUID/,
  ],
  [
    'an empty reason',
    { ...terminate, data: { reason: '   ' } },
    ['data', 'reason'],
    /must not be empty/,
  ],
  [
    'an unknown actor role',
    { ...terminate, meta: { ...meta, actor: { role: 'ceo', name: 'x' } } },
    ['meta', 'actor', 'role'],
    /./,
  ],
  [
    'an obligation id with spaces',
    { type: 'WaiveObligation', data: { obligationId: 'a b', reason: 'x' }, meta },
    ['data', 'obligationId'],
    /obligation id is 1 to 128/,
  ],
  [
    'an unknown schedule kind',
    {
      type: 'ImposeObligation',
      data: { obligationId: 'o', title: 't', kind: 'report', schedule: { kind: 'weekly' } },
      meta,
    },
    ['data', 'schedule', 'kind'],
    /./,
  ],
];

describe('bad input at the boundary', () => {
  it.each(cases)('refuses %s, naming the field', (_, input, path, message) => {
    const e = refused(input);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(path);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/^invalid command: /);
  });

  it('lists every bad field, not only the first', () => {
    const e = refused({
      ...terminate,
      data: { reason: '' },
      meta: { ...meta, effectiveOn: '2023-02-29' },
    });
    expect(e.problems.map((p) => p.path)).toEqual([
      ['data', 'reason'],
      ['meta', 'effectiveOn'],
    ]);
    expect(e.message).toMatch(/and 1 more problem\)$/);
  });

  it('a valid command parses to itself', () => {
    const c = parseOrThrow(OrderCommand, terminate, 'command');
    expect(c).toEqual(terminate);
  });
});

describe('givenOrder reports mismatches as plain errors', () => {
  it('when other events are expected', () =>
    expect(() => givenOrder([]).when(filed).thenRecords([])).toThrow(
      /FileOrder: expected events \[\]/,
    ));
  it('when a refusal is expected but the command is accepted', () =>
    expect(() => givenOrder([]).when(filed).thenRejects('ORDER_ALREADY_FILED')).toThrow(
      /expected ORDER_ALREADY_FILED but it was accepted/,
    ));
  it('when the code or the path differs', () => {
    const again = command('FileOrder', { ...filed.data, title: 'Other' });
    expect(() =>
      givenOrder([recorded(filed)])
        .when(again)
        .thenRejects('ORDER_NOT_FILED'),
    ).toThrow(/refused with ORDER_ALREADY_FILED/);
    expect(() =>
      givenOrder([recorded(filed)])
        .when(again)
        .thenRejects('ORDER_ALREADY_FILED', ['data', 'title']),
    ).toThrow(/at "data.orderId", expected "data.title"/);
  });
});

import { describe, expect, it } from 'vitest';
import { ImportLine, lineProblems, parseLine } from '../../src/engine/ndjson.js';
import { readableIssue } from '../../domain/index.js';

// parseLine skips zod's copy of a line the schema plainly accepts; anything else must get zod's own answer.
const event = {
  stream: 'order-o-1',
  id: '841add2c-cf29-429c-849d-f87337d43c67',
  type: 'OrderFiled',
  schemaVersion: 1,
  data: { orderId: 'o-1', title: 'T', kind: 'administrative_order', forum: 'FTC' },
  metadata: { effectiveOn: '2010-06-24', actor: { role: 'regulator', name: 'FTC' } },
};

describe('parseLine on import lines', () => {
  it('decodes a plain line', () => {
    const parsed = parseLine(JSON.stringify(event), 1);
    expect(Array.isArray(parsed)).toBe(false);
    expect(parsed).toMatchObject({
      line: 1,
      orderId: 'o-1',
      event: { id: event.id, type: 'OrderFiled' },
    });
  });

  it.each([
    ['an unknown key', { ...event, extra: 1 }],
    [
      'a __proto__ key',
      JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(event).slice(1)}`) as unknown,
    ],
    ['a bad stream', { ...event, stream: 'orders-o-1' }],
    ['a stream that is no string', { ...event, stream: 7 }],
    ['an array', [event]],
    ['null', null],
    ['no id', Object.fromEntries(Object.entries(event).filter(([k]) => k !== 'id'))],
    [
      'no type, schemaVersion nor data',
      { stream: event.stream, id: event.id, metadata: event.metadata },
    ],
    ['nothing but a stream', { stream: event.stream }],
  ])("gives the schema's problems for %s", (_, value) => {
    const parsed = parseLine(JSON.stringify(value), 3);
    const zod = ImportLine.safeParse(value, { error: readableIssue });
    expect(zod.success).toBe(false);
    expect(parsed).toEqual(lineProblems(3, zod.error));
  });
});

describe('the problems a new user met, now said in plain words', () => {
  const imposed = {
    ...event,
    type: 'ObligationImposed',
    data: {
      obligationId: 'cert',
      title: 'Certification',
      kind: 'certification',
      schedule: { kind: 'once', dueOn: '2023-01-01' },
    },
  };
  const cases: [string, unknown, string, RegExp][] = [
    [
      'penaltyTiers for stipulatedPenalties',
      { ...imposed, data: { ...imposed.data, penaltyTiers: [] } },
      'data',
      /^unknown field "penaltyTiers"; did you mean "stipulatedPenalties"\? the fields here are stipulatedPenalties, /,
    ],
    [
      'every: { weeks: 2 }',
      {
        ...imposed,
        data: {
          ...imposed.data,
          schedule: { kind: 'recurring', every: { weeks: 2 }, start: { on: '2023-01-01' } },
        },
      },
      'data.schedule.every',
      /^expected \{ months: a whole number \} or \{ years: a whole number \}; unknown field "weeks"/,
    ],
    [
      'no schemaVersion',
      Object.fromEntries(Object.entries(event).filter(([k]) => k !== 'schemaVersion')),
      'schemaVersion',
      /^required: the version of the event's shape, 1$/,
    ],
    [
      'a missing title',
      { ...imposed, data: { ...imposed.data, title: undefined } },
      'data.title',
      /^required: text; The duty as the order names it/,
    ],
  ];
  it.each(cases)('%s', (_, value, path, message) => {
    const problems = parseLine(JSON.stringify(value), 7);
    expect(problems).toEqual([expect.objectContaining({ line: 7, path, code: 'INVALID_INPUT' })]);
    expect((problems as { message: string }[])[0]!.message).toMatch(message);
  });
});

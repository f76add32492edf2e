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

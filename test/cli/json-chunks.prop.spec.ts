// JSON output is written in pieces so that a document of any size can be printed; the pieces are
// exactly the text one JSON.stringify would give (the law), whatever the value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelope, jsonChunks, jsonChunksEach, toJson } from '../../src/cli/format/envelope.js';
import { fcParams } from '../projections/support.js';

/** Values JSON.stringify meets in envelopes, and the ones it treats specially: undefined, bigints, dates, empty containers. */
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(undefined, null, 0, '', 'line\nbreak', [], {}),
    fc.bigInt(),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('jsonChunks', () => {
  it('joins to exactly toJson(value), for any value and nesting', () => {
    let deep = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.array(valueArb, { maxLength: 4 }), { maxLength: 4 }), {
          maxLength: 4,
        }),
        valueArb,
        (nested, v) => {
          for (const x of [v, nested, { version: 1, data: { orders: nested, v } }]) {
            const chunks = [...jsonChunks(x)];
            expect(chunks.join('')).toBe(toJson(x));
            if (chunks.length > 3) deep += 1;
          }
        },
      ),
      fcParams(300),
    );
    expect(deep).toBeGreaterThan(300); // most documents are split, not written in one piece
  });

  it('jsonChunksEach, its items taken as they come, joins to toJson of the envelope holding them all', async () => {
    let split = 0;
    let none = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(valueArb, { maxLength: 6 }),
        fc.constantFrom('orders', 'lines'),
        async (items, key) => {
          const given = async function* () {
            for (const x of items) yield await Promise.resolve(x);
          };
          const when = { asOf: '2023-01-01' };
          let text = '';
          for await (const chunk of jsonChunksEach(
            envelope('status', when, { [key]: [] }),
            ['data', key],
            given(),
          ))
            text += chunk;
          expect(text).toBe(toJson(envelope('status', when, { [key]: items })));
          if (items.length === 0) none += 1;
          else if (items.some((x) => typeof x === 'object' && x !== null)) split += 1;
        },
      ),
      fcParams(200),
    );
    expect(split).toBeGreaterThan(50); // items that are containers, split as jsonChunks splits them
    expect(none).toBeGreaterThan(0); // and the empty array
  });
});

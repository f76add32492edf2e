import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../support/deep-freeze.js';
import { fcParams } from '../../projections/support.js';
import { objectMemo } from '../../../domain/shared/object-memo.js';

/** Objects and arrays of JSON values, as read models and events hold them. */
const containerArb = fc.oneof(
  fc.dictionary(fc.string(), fc.jsonValue(), { noNullPrototype: true }),
  fc.array(fc.jsonValue()),
) as fc.Arbitrary<object>;

describe('objectMemo', () => {
  it('answers what was set for the very object, and nothing for another or for a copy', () => {
    fc.assert(
      fc.property(containerArb, fc.anything(), (o, value) => {
        const memo = objectMemo<object, { value: unknown }>('test.memo');
        expect(memo.get(o)).toBeUndefined();
        const entry = { value };
        memo.set(o, entry);
        expect(memo.get(o)).toBe(entry);
        const copy = Array.isArray(o) ? [...(o as unknown[])] : { ...o };
        expect(memo.get(copy)).toBeUndefined(); // a copy starts without the memo
        expect(memo.get(structuredClone(o))).toBeUndefined();
        const other = objectMemo<object, number>('test.memo'); // same name, its own slot
        expect(other.get(o)).toBeUndefined();
        const replaced = { value: 'again' };
        memo.set(o, replaced);
        expect(memo.get(o)).toBe(replaced);
      }),
      fcParams(200),
    );
  });

  it('leaves the object as JSON, keys, spreads, clones and equality see it', () => {
    fc.assert(
      fc.property(containerArb, (o) => {
        const before = { json: JSON.stringify(o), clone: structuredClone(o) };
        const keys = Reflect.ownKeys(o).length;
        objectMemo<object, number>('test.hidden').set(o, 1);
        expect(JSON.stringify(o)).toBe(before.json);
        expect(Object.keys(o)).toEqual(Object.keys(before.clone));
        expect(Reflect.ownKeys(o)).toHaveLength(keys + 1); // the memo is there, as a symbol
        expect(o).toStrictEqual(before.clone);
        expect(structuredClone(o)).toStrictEqual(before.clone);
        expect(Array.isArray(o) ? [...(o as unknown[])] : { ...o }).toStrictEqual(before.clone);
      }),
      fcParams(200),
    );
  });

  it('keeps values of frozen or sealed objects beside them, leaving the objects untouched', () => {
    fc.assert(
      fc.property(
        containerArb,
        fc.constantFrom('freeze', 'seal', 'preventExtensions'),
        (o, how) => {
          const shut =
            how === 'freeze'
              ? deepFreeze(o)
              : how === 'seal'
                ? Object.seal(o)
                : Object.preventExtensions(o);
          const memo = objectMemo<object, string>('test.frozen');
          memo.set(shut, 'kept');
          expect(memo.get(shut)).toBe('kept');
          expect(Reflect.ownKeys(shut).some((k) => typeof k === 'symbol')).toBe(false);
          memo.set(shut, 'replaced');
          expect(memo.get(shut)).toBe('replaced');
        },
      ),
      fcParams(100),
    );
  });
});

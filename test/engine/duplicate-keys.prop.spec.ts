// Law: a JSON text repeats a key exactly when duplicateKey says so, and it names the key and where.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../../src/engine/duplicate-keys.js';
import { fcParams } from '../projections/support.js';

/** Keys that make the scan's life hard: quotes, backslashes, colons, spaces, unicode. */
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a\\', '"', '\\"', ':', '":', ' ', 'é', '__proto__', 'stream'),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 1 }),
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
})).object as fc.Arbitrary<Record<string, unknown>>;

describe('duplicate keys in a JSON line (law)', () => {
  it('a text written from an object repeats no key, whatever its keys and spacing', () => {
    fc.assert(
      fc.property(json, fc.constantFrom(undefined, 1, '\t'), (o, gap) => {
        const text = JSON.stringify(o, null, gap); // compact, or spaced as a hand-written line
        expect(duplicateKey(text, JSON.parse(text))).toBeUndefined();
      }),
      fcParams(300),
    );
  });

  it('a key written twice in one object is found, with the path of that object', () => {
    let nested = 0;
    fc.assert(
      fc.property(json, key, fc.jsonValue({ maxDepth: 1 }), fc.nat(), (o, k, v, pick) => {
        const objects: { path: (string | number)[]; obj: Record<string, unknown> }[] = [];
        const walk = (x: unknown, path: (string | number)[]) => {
          if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...path, i]));
          else if (typeof x === 'object' && x !== null) {
            objects.push({ path, obj: x as Record<string, unknown> });
            for (const [kk, y] of Object.entries(x)) walk(y, [...path, kk]);
          }
        };
        walk(o, []);
        const target = objects[pick % objects.length]!;
        if (target.path.length > 0) nested++;
        const marker = '"__dup_marker__":0';
        target.obj['__dup_marker__'] = 0;
        const twice = `${JSON.stringify(k)}:${JSON.stringify(v)},${JSON.stringify(k)} :${JSON.stringify(v)}`;
        const text = JSON.stringify(o).replace(marker, () => twice);
        delete target.obj['__dup_marker__'];
        const found = duplicateKey(text, JSON.parse(text));
        expect(found).toBeDefined();
        // The first repeat in reading order: ours, or an earlier object's own repeat of k with an existing key.
        if (!Object.hasOwn(target.obj, k)) expect(found).toEqual({ key: k, path: target.path });
      }),
      fcParams(300),
    );
    expect(nested).toBeGreaterThan(50);
  });
});

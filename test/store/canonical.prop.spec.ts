import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/store/canonical-json.js';
import {
  canonicalEventJson,
  canonicalEventText,
  hashEvent,
  hashEventText,
} from '../../src/store/hash-chain.js';

const runs = process.env.DECREE_DEEP === '1' ? 2000 : 300;
const json = fc.jsonValue();
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const event = fc.record({
  stream: text,
  streamRevision: fc.nat(),
  id: fc.uuid(),
  type: text,
  schemaVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  data: json,
  metadata: json,
  recordedAt: fc
    .date({
      min: new Date('1970-01-01T00:00:00.000Z'),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
});
const prevHash = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('canonical JSON', () => {
  it('canonicalJson prints exactly what the canonicalize package prints (property)', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }),
      { numRuns: runs },
    );
  });

  it('the hashed text assembled from canonical payload text equals canonicalize of the whole object (property)', () => {
    fc.assert(
      fc.property(event, prevHash, (e, prev) => {
        const assembled = {
          ...e,
          data: canonicalJson(e.data),
          metadata: canonicalJson(e.metadata),
        };
        expect(canonicalEventText(prev, assembled)).toBe(canonicalEventJson(prev, e));
        expect(hashEventText(prev, assembled)).toBe(hashEvent(prev, e));
      }),
      { numRuns: runs },
    );
  });

  it('canonicalJson reports the path of a non-JSON value, however deep', () => {
    const deep = { a: [0, { b: { c: [1, 2, Number.NaN] } }] };
    expect(() => canonicalJson(deep, ['events', 0, 'data'])).toThrow(
      expect.objectContaining({
        code: 'INVALID_EVENT',
        path: ['events', 0, 'data', 'a', 1, 'b', 'c', 2],
      }),
    );
    const cyclic: Record<string, unknown> = { x: 1 };
    cyclic.self = { back: cyclic };
    expect(() => canonicalJson(cyclic)).toThrow(
      expect.objectContaining({ path: ['self', 'back'] }),
    );
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"k":1},"b":[{"k":1}]}');
  });
});

// A record a fold copies to add to (`withEntry`) is built entry by entry in dictionary mode, and an
// object of a fixed shape it copies to set a member (`withMember`) key by key. Law, for both: the
// copy holds the entries of `{ ...record, [key]: value }`, the spread it replaces, in that spread's
// key order, for any keys (`__proto__`, integer-like, inherited names), new or already present,
// from records built by a literal or by earlier copies; and the record copied is left unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dictionaryRecord,
  setEntry,
  withEntry,
  withMember,
} from '../../../domain/shared/records.js';
import { fcParams } from '../../projections/support.js';

/** Keys as ids come: mostly fresh, with the names that behave differently as properties. */
const keyArb = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 4 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', '0', '1', '10', '01', '-1', '4294967295'),
);

/** Entries to build a record from, then one more to set on a copy (an existing key or not). */
const caseArb = fc
  .tuple(
    fc.array(fc.tuple(keyArb, fc.integer()), { maxLength: 30 }),
    fc.boolean(),
    fc.nat(),
    keyArb,
    fc.integer(),
  )
  .map(([entries, byCopies, pick, fresh, value]) => ({
    entries,
    byCopies,
    key: entries.length > 0 && pick % 2 === 0 ? entries[pick % entries.length]![0] : fresh,
    value,
  }));

/** A record's own entries, in its own key order, read as `JSON.stringify` and spreads read them. */
const entriesOf = (r: object) =>
  Reflect.ownKeys(r).map((k) => [k, Object.getOwnPropertyDescriptor(r, k)?.value] as const);

/** The two copies, each as a function of a record, a key and a value. */
const copyFunctions = [
  ['withEntry', withEntry],
  [
    'withMember',
    (r: Record<string, number>, key: string, value: number) => withMember(r, key, value),
  ],
] as const;

describe.each(copyFunctions)('%s', (_name, copyOf) => {
  it("holds the entries of a literal's spread with the key set, in the same order, and leaves its input alone", () => {
    let existing = 0;
    let copies = 0;
    fc.assert(
      fc.property(caseArb, ({ entries, byCopies, key, value }) => {
        // The record as a JSON parse or a literal leaves it, or as earlier copies leave it.
        let record: Record<string, number> = byCopies ? dictionaryRecord() : {};
        for (const [k, v] of entries)
          if (byCopies) record = copyOf(record, k, v);
          else setEntry(record, k, v);
        const before = entriesOf(record);
        if (Object.hasOwn(record, key)) existing++;
        if (byCopies) copies++;
        const copy = copyOf(record, key, value);
        expect(entriesOf(copy)).toEqual(entriesOf({ ...record, [key]: value }));
        expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
        expect(entriesOf(record)).toEqual(before);
      }),
      fcParams(200),
    );
    // Both kinds of key and of record come up often (counted over the runs).
    expect(existing).toBeGreaterThan(40);
    expect(copies).toBeGreaterThan(40);
  });
});

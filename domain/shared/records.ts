/**
 * Sets `record[key]` as an own, enumerable entry, as `JSON.parse` and a computed key in an object
 * literal define it: for every key, `__proto__` included (assigning `__proto__` would set the
 * record's prototype instead).
 */
export const setEntry = <V>(record: Record<string, V>, key: string, value: V): void => {
  if (key === '__proto__')
    Object.defineProperty(record, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  else record[key] = value;
};

/**
 * A new empty record in V8's dictionary mode: the two properties deleted first switch the object
 * to it, so each key goes into a hash table of its own instead of a hidden class made for it (a
 * record keyed by ids gets a class for every id never seen before, built one key at a time, and
 * the classes outlive the record). Keys keep their insertion order.
 */
export const dictionaryRecord = <V>(): Record<string, V> => {
  const record: Record<string, V> = { a: undefined as V, b: undefined as V };
  delete record.a;
  delete record.b;
  return record;
};

/**
 * A copy of `record` with `key` set, in dictionary mode (`dictionaryRecord`): the entries and key
 * order of `{ ...record, [key]: value }`, made entry by entry, which is faster than that spread at
 * every size and much faster for a record in dictionary mode already.
 */
export const withEntry = <V>(
  record: Readonly<Record<string, V>>,
  key: string,
  value: V,
): Record<string, V> => {
  const copy = dictionaryRecord<V>();
  for (const k of Object.keys(record)) setEntry(copy, k, record[k]!);
  setEntry(copy, key, value);
  return copy;
};

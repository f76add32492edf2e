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

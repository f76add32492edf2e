/** A memo of what is derived from immutable objects, keyed by the object itself (a `WeakMap`'s `get` and `set`). */
export interface ObjectMemo<K extends object, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
}

/**
 * A memo that keeps each value on its key object, under a hidden (non-enumerable) symbol property,
 * so that the value lives and dies with the object; frozen or sealed objects (events the memory
 * store froze) are kept in a `WeakMap` instead. JSON, spreads, `Object.keys` and equality checks
 * do not see the property, and a copy of the object starts without it.
 *
 * Why not a `WeakMap` for all: V8's young-generation collector keeps a weak map's entries whose
 * keys are young alive through the collection (and moves those whose values refer back to their
 * keys into the old generation). A query decodes a model, derives indexes from its objects and
 * drops them all; with weak maps, each collection copied the indexes of every query since the
 * last one (about 0.7 MB a collection in the bench's queries), which made the collections the
 * queries' slowest moments.
 */
export const objectMemo = <K extends object, V>(name: string): ObjectMemo<K, V> => {
  const slot = Symbol(name);
  const frozen = new WeakMap<K, V>();
  return {
    get: (key) => (Object.hasOwn(key, slot) ? (key as Record<symbol, V>)[slot] : frozen.get(key)),
    set: (key, value) => {
      if (Object.hasOwn(key, slot)) (key as Record<symbol, V>)[slot] = value;
      else if (Object.isExtensible(key))
        Object.defineProperty(key, slot, { value, writable: true, configurable: true });
      else frozen.set(key, value);
    },
  };
};

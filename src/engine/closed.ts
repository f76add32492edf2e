import { StoreUnavailable } from '../store/index.js';
import type { Engine } from './engine.types.js';

const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor as unknown;

/** The refusal every call on a closed engine gets. */
const closedError = () =>
  new StoreUnavailable('the engine is closed: open a new one with createEngine to go on');

const refusedIteration = (): AsyncIterableIterator<never> => {
  const it: AsyncIterableIterator<never> = {
    next: () => Promise.reject(closedError()),
    [Symbol.asyncIterator]: () => it,
  };
  return it;
};

/**
 * The engine with every call after `close()` refused with `StoreUnavailable` (`STORE_UNAVAILABLE`),
 * whatever the store: a method returning a promise rejects, an async generator throws on its first
 * step; `close()` itself may be called again and does nothing. Without this, a read model kept in a
 * closed database would fail with the driver's untyped error.
 */
export const refusingAfterClose = (engine: Engine): Engine => {
  let closed = false;
  const guarded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(engine)) {
    if (typeof value !== 'function') {
      Object.defineProperty(guarded, key, {
        get: () => (engine as unknown as Record<string, unknown>)[key],
        enumerable: true,
      });
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    guarded[key] =
      key === 'close'
        ? async () => {
            if (closed) return;
            closed = true;
            await fn.call(engine);
          }
        : Object.getPrototypeOf(fn).constructor === AsyncGeneratorFunction
          ? (...args: unknown[]) => (closed ? refusedIteration() : fn.apply(engine, args))
          : (...args: unknown[]) =>
              closed ? Promise.reject(closedError()) : fn.apply(engine, args);
  }
  return guarded as unknown as Engine;
};

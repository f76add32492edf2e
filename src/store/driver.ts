import { StoreDriverMissing } from './errors.js';

const missingPackage = (e: unknown, pkg: string): boolean =>
  e instanceof Error &&
  ((e as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' ||
    (e as { code?: unknown }).code === 'MODULE_NOT_FOUND') &&
  e.message.includes(`'${pkg}'`);

/**
 * Loads an adapter module whose driver is an optional peer dependency; when the driver package is
 * not installed, fails with `StoreDriverMissing` saying what to install (any other error as it is).
 * @example
 * const { openEventStoreDbStore } = await loadDriver('@eventstore/db-client', 'EventStoreDB', () => import('./eventstoredb-event-store.js'));
 */
export const loadDriver = async <M>(
  pkg: string,
  store: string,
  load: () => Promise<M>,
): Promise<M> => {
  try {
    return await load();
  } catch (e) {
    if (!missingPackage(e, pkg)) throw e;
    throw new StoreDriverMissing(
      'STORE_DRIVER_MISSING',
      `the ${store} store needs the optional package ${pkg}: install it next to Decree (npm install ${pkg})`,
    );
  }
};

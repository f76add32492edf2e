import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemoryEventStore,
  openSqliteEventStore,
  type CommonStoreOptions,
  type EventStore,
} from '../store/index.js';

/** A store for one test: `dispose` closes it and, for SQLite, deletes its temporary folder. */
export interface ThrowawayStore {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

/**
 * Opens an empty store of a kind for a test: in memory, or a SQLite file in a fresh folder under
 * the OS temp directory. `clock` stamps `recordedAt` (default: the system clock).
 * @example const { store, dispose } = await openThrowawayStore('sqlite'); try { … } finally { await dispose(); }
 */
export const openThrowawayStore = async (
  kind: 'memory' | 'sqlite',
  options: CommonStoreOptions = {},
): Promise<ThrowawayStore> => {
  if (kind === 'memory') {
    const store = createMemoryEventStore(options);
    return { store, dispose: () => store.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'decree-store-'));
  const store = await openSqliteEventStore(join(dir, 'events.db'), options);
  return {
    store,
    dispose: async () => {
      try {
        await store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};

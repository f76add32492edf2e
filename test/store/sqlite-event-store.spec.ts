import { eventStoreContract } from '../contracts/event-store.contract.js';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { removeDb, tempDbPath } from './support/temp-db.js';

eventStoreContract('sqlite', async (options) => {
  const path = tempDbPath();
  const store = await openSqliteEventStore(path, { ...options, pollIntervalMs: 20 });
  const read = store.db.prepare<[bigint], { data: string }>(
    'SELECT data FROM decree_events WHERE global_position = ?',
  );
  const write = store.db.prepare('UPDATE decree_events SET data = ? WHERE global_position = ?');
  const tamperData = async (position: bigint, edit: (json: string) => string): Promise<void> => {
    const row = read.get(position);
    if (row === undefined) throw new RangeError(`no event at ${position}`);
    write.run(edit(row.data), position);
  };
  return {
    store,
    dispose: async () => {
      await store.close();
      removeDb(path);
    },
    tamperData,
  };
});

import { afterAll, beforeAll, describe } from 'vitest';
import { eventStoreContract } from '../contracts/event-store.contract.js';
import { openPostgresEventStore } from '../../src/store/postgres-event-store.js';
import {
  createTestDatabase,
  createTestSchema,
  postgresAvailable,
  type TestDatabase,
} from './support/postgres.js';

const available = await postgresAvailable('postgres contract');

describe.skipIf(!available)('postgres', () => {
  // One fresh database for the file, dropped after; each case gets a fresh schema in it.
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  eventStoreContract('postgres', async (options) => {
    const url = db?.url ?? '';
    const schema = await createTestSchema(url);
    const store = await openPostgresEventStore(url, {
      ...options,
      schema,
      pollIntervalMs: 20,
      maxConnections: 2,
    });
    const tamperData = async (position: bigint, edit: (json: string) => string): Promise<void> => {
      const { rows } = await store.pool.query<{ data: string }>(
        'SELECT data FROM decree_events WHERE global_position = $1',
        [position.toString()],
      );
      const row = rows[0];
      if (row === undefined) throw new RangeError(`no event at ${position}`);
      await store.pool.query('UPDATE decree_events SET data = $1 WHERE global_position = $2', [
        edit(row.data),
        position.toString(),
      ]);
    };
    return { store, dispose: () => store.close(), tamperData };
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, evs } from '../contracts/contract-support.js';
import { eventStoreContract } from '../contracts/event-store.contract.js';
import { fcParams } from '../projections/support.js';
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

  // An append's first query writes the stream names and event ids it looks up into its text (a
  // query of several statements takes no parameters): any name must come back as itself.
  it('stream names of any characters (quotes, backslashes, SQL, astral code points) are found at their head, retried by id and read back', async () => {
    const schema = await createTestSchema(db?.url ?? '');
    const store = await openPostgresEventStore(db?.url ?? '', { schema, maxConnections: 2 });
    const tricky = fc.constantFrom(
      "'",
      "''",
      '\\',
      "\\'",
      "E'x",
      '$$',
      '$1',
      "'); DROP TABLE decree_events; --",
      '"',
      ' ',
      '😀',
      'ARRAY[]',
    );
    const nameArb = fc
      .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 })), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => parts.join(''));
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(nameArb, { minLength: 1, maxLength: 3 }), async (names) => {
          const streams = names.map((name) => `${n++}:${name}`); // each run's streams are new
          const first = streams.map((stream) => ({
            stream,
            events: evs(2),
            expectedRevision: 'no_stream' as const,
          }));
          await store.appendMany(first);
          // The head of each is found (else: a conflict, or revision 0 again) …
          const next = await store.appendMany(
            streams.map((stream) => ({ stream, events: evs(1), expectedRevision: 1 })),
          );
          expect(next.map((r) => r.firstRevision)).toEqual(streams.map(() => 2));
          // … and its events by id (an identical retry writes nothing).
          const again = await store.appendMany(first);
          expect(again.every((r) => r.retried === true)).toBe(true);
          for (const stream of streams) {
            const read = await collect(store.readStream(stream));
            expect(read.map((e) => [e.stream, e.streamRevision])).toEqual([
              [stream, 0],
              [stream, 1],
              [stream, 2],
            ]);
          }
        }),
        fcParams(40, 200),
      );
    } finally {
      await store.close();
    }
  });
});

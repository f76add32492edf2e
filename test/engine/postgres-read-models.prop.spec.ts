// The PostgreSQL read-model storage: model texts of any characters (JSON is all quotes and
// backslashes) come back from the database as they were written, however many a commit holds, each
// only over an older revision; the model column is compressed with lz4 where the server has it, and
// a role that may not set that leaves the column and the rest of its transaction as they were.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresReadModels } from '../../src/index.js';
import { compressModelsWith } from '../../src/engine/postgres-read-models.js';
import type { ModelWrite } from '../../src/engine/read-models.js';
import {
  openPostgresEventStore,
  type PostgresEventStore,
  type PostgresQueryable,
} from '../../src/store/postgres-event-store.js';
import { fcParams, TIMEOUT } from '../projections/support.js';
import {
  createTestDatabase,
  createTestSchema,
  postgresAvailable,
  type TestDatabase,
} from '../store/support/postgres.js';

const available = await postgresAvailable('postgres read-model storage');

/** Text as the database keeps it: well formed (no lone surrogate) and without NUL, as every JSON text of a model is. */
const storable = (s: string) => !/\p{Cs}/u.test(s) && !s.includes('\0');
const text = fc.string({ unit: 'binary', maxLength: 40 }).filter(storable);
/** A model text: JSON (quotes, backslashes, braces, commas) or any text at all. */
const value = fc.oneof(
  fc.jsonValue().map((j) => JSON.stringify(j)),
  text,
  fc.constantFrom('NULL', '{}', '{"a":"b\\"c"}', '\\', '"', ' '),
);
const write = fc.record({ key: text, value, revision: fc.integer({ min: -1, max: 5 }) });
/** Writes of distinct keys: a few, or more than one INSERT statement holds (500 rows). */
const writes = fc.oneof(
  fc.uniqueArray(write, { selector: (w) => w.key, maxLength: 8 }),
  fc.uniqueArray(write, { selector: (w) => w.key, minLength: 501, maxLength: 700 }),
);

const asWrites = (ws: readonly { key: string; value: string; revision: number }[]) =>
  new Map<string, ModelWrite>(ws.map((w) => [w.key, { value: w.value, revision: w.revision }]));

describe.skipIf(!available)('PostgreSQL read-model storage', () => {
  let db: TestDatabase | undefined;
  let store: PostgresEventStore | undefined;
  let schema = '';
  beforeAll(async () => {
    db = await createTestDatabase();
    schema = await createTestSchema(db.url);
    store = await openPostgresEventStore(db.url, { schema });
  });
  afterAll(async () => {
    await store?.close().catch(() => undefined);
    await db?.drop();
  });

  it(
    'gives back every model text as written, each key at its highest revision (the first written of equals), in the writer and in a new process',
    async () => {
      const s = store!;
      const writer = await createPostgresReadModels(s);
      let run = 0;
      let overOneStatement = 0;
      let kept = 0;
      let replaced = 0;
      await fc.assert(
        fc.asyncProperty(writes, writes, async (first, second) => {
          const projection = `p${run++}`;
          const at = (position: bigint) => ({ version: 1, position });
          expect(await writer.commit(projection, undefined, at(0n), asWrites(first))).toBe(true);
          expect(await writer.commit(projection, at(0n), at(1n), asWrites(second))).toBe(true);
          // The oracle: what each key should hold, worked out from the writes alone.
          const expected = new Map<string, { value: string; revision: number }>();
          for (const w of [...first, ...second]) {
            const had = expected.get(w.key);
            if (had === undefined || w.revision > had.revision) {
              if (had !== undefined) replaced++;
              expected.set(w.key, w);
            } else kept++;
          }
          if (first.length > 500 || second.length > 500) overOneStatement++;
          const reader = await createPostgresReadModels(s); // a new mirror, read from the database
          for (const models of [writer, reader]) {
            expect(models.keys(projection)).toEqual([...expected.keys()].sort());
            for (const [key, w] of expected) expect(models.get(projection, key)).toBe(w.value);
            expect(models.revisions!(projection)).toEqual(
              new Map([...expected].map(([k, w]) => [k, w.revision])),
            );
          }
        }),
        // Reported as found, not shrunk: shrinking hundreds of writes, each try a database round
        // trip, would outlast the test's time.
        { ...fcParams(12, 60), endOnFailure: true },
      );
      // The law fired where it matters: commits of more than one statement, keys kept and replaced.
      expect(overOneStatement).toBeGreaterThan(0);
      expect(kept).toBeGreaterThan(0);
      expect(replaced).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  /** The column's compression as `pg_attribute` names it ('' for the server's default). */
  const compression = async (c: pg.ClientBase): Promise<string> =>
    (
      await c.query<{ c: string }>(
        `SELECT attcompression AS c FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'value'`,
        [`${schema}.decree_read_models`],
      )
    ).rows[0]!.c;

  it('compresses model texts with lz4 where the server takes it; a role that may not alter the table leaves the column and the rest of its transaction as they were', async () => {
    const s = store!;
    await createPostgresReadModels(s);
    const c = new pg.Client({ connectionString: db!.url });
    await c.connect();
    const role = `decree_nonowner_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    try {
      // Whether this server takes lz4, asked independently of the code under test.
      const lz4 = await c
        .query(`BEGIN; SELECT set_config('default_toast_compression', 'lz4', true); ROLLBACK`)
        .then(
          () => true,
          async () => (await c.query('ROLLBACK'), false),
        );
      expect(await compression(c)).toBe(lz4 ? 'l' : '');
      // The rest with a method this server takes: lz4, else pglz.
      const [method, code] = lz4 ? ['lz4', 'l'] : ['pglz', 'p'];
      await c.query(
        `ALTER TABLE ${schema}.decree_read_models ALTER COLUMN value SET COMPRESSION DEFAULT`,
      );
      // A role that may write models but does not own the table tries it.
      await c.query(`CREATE ROLE ${role}`);
      await c.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
      await c.query(`GRANT SELECT, INSERT ON ${schema}.decree_read_models TO ${role}`);
      const insert = (q: PostgresQueryable, key: string) =>
        q.query(
          `INSERT INTO decree_read_models (projection, key, value, revision, seq) VALUES ('refused', $1, '{}', 0, 0)`,
          [key],
        );
      await s.transaction(async (q) => {
        await q.query(`SET LOCAL ROLE ${role}`);
        await insert(q, 'before');
        expect(await compressModelsWith(q, method)).toBe(false);
        await insert(q, 'after'); // the transaction goes on: only the attempt was undone
      });
      expect(await compression(c)).toBe('');
      const keys = await c.query<{ key: string }>(
        `SELECT key FROM ${schema}.decree_read_models WHERE projection = 'refused' ORDER BY key`,
      );
      expect(keys.rows.map((r) => r.key)).toEqual(['after', 'before']);
      // The owner may, and a second call finds it set; a method this code does not know is not tried.
      await s.transaction(async (q) => {
        expect(await compressModelsWith(q, method)).toBe(true);
        expect(await compressModelsWith(q, method)).toBe(true);
        expect(await compressModelsWith(q, 'zstd')).toBe(false);
      });
      expect(await compression(c)).toBe(code);
    } finally {
      await c.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await c.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await c.end();
    }
  });
});

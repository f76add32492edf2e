// The PostgreSQL store meeting bad connection strings, a bare database, a newer schema, and a server
// that drops its connections in the middle of an import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createEngine } from '../../src/engine/engine.js';
import { openEventStore } from '../../src/store/open-event-store.js';
import { openPostgresEventStore } from '../../src/store/postgres-event-store.js';
import { verifyStore } from '../../src/store/verify.js';
import { logLength } from '../../src/store/event-store.js';
import { generateOrder } from '../../bench/workload.js';
import { Rng } from '../../bench/rng.js';
import { rejection } from '../contracts/contract-support.js';
import {
  createTestDatabase,
  createTestSchema,
  postgresAvailable,
  type TestDatabase,
} from './support/postgres.js';

const available = await postgresAvailable('postgres faults');

const event = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'T',
  schemaVersion: 1,
  data: { n },
  metadata: {},
});

const withUrl = (url: string, edit: (u: URL) => void): string => {
  const u = new URL(url);
  edit(u);
  return u.toString();
};

/** Import lines of `orders` generated orders (about `each` events apiece), as the benchmarks make them. */
const importLines = (orders: number, each: number): string[] => {
  const rng = new Rng(11);
  const lines: string[] = [];
  for (let i = 0; i < orders; i++) {
    const o = generateOrder(rng, i, each);
    const stream = `order-${o.summary.orderId}`;
    for (const e of o.events) lines.push(JSON.stringify({ stream, ...e }));
  }
  return lines;
};

describe.skipIf(!available)('postgres faults', () => {
  let db: TestDatabase | undefined;
  const url = (): string => db?.url ?? '';
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a server that does not answer, an unknown role and a missing database are STORE_UNAVAILABLE', async () => {
    const specs = [
      'postgres://postgres@127.0.0.1:1/decree',
      withUrl(url(), (u) => (u.username = 'decree_no_such_role')),
      withUrl(url(), (u) => (u.pathname = '/decree_no_such_database')),
    ];
    for (const spec of specs) {
      const e = await rejection(openEventStore(spec, { connectTimeoutMs: 2000 }));
      expect(e).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    }
  });

  it('a database without the schema gets it on first use, versioned; opening again migrates nothing', async () => {
    const schema = await createTestSchema(url());
    const opened = await Promise.all(
      [1, 2, 3].map(() => openPostgresEventStore(url(), { schema })),
    );
    await opened[0]?.append('s', [event(1)], { expectedRevision: 'no_stream' });
    const { rows } = await opened[0]!.pool.query<{ version: number }>(
      'SELECT version FROM decree_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual([1]);
    await Promise.all(opened.map((s) => s.close()));
    const again = await openPostgresEventStore(url(), { schema });
    expect(await logLength(again)).toBe(1n);
    await again.pool.query('INSERT INTO decree_migrations (version) VALUES (99)');
    await again.close();
    expect(await rejection(openPostgresEventStore(url(), { schema }))).toMatchObject({
      code: 'UNSUPPORTED_STORE_SCHEMA',
    });
  });

  it('connections terminated mid-import: STORE_UNAVAILABLE, whole transactions only, the re-run completes it', async () => {
    const schema = await createTestSchema(url());
    const spec = withUrl(url(), (u) => u.searchParams.set('options', `-c search_path=${schema}`));
    const lines = importLines(40, 300);
    const engine = await createEngine({ store: spec });
    let written = 0;
    const admin = new pg.Client({ connectionString: url() });
    await admin.connect();
    try {
      let settled = false;
      const importing = engine.importNdjson(lines).then(
        () => undefined,
        (e: unknown) => e,
      );
      void importing.finally(() => (settled = true));
      // Once the first transaction has committed, drop every other connection to the database, and
      // keep dropping them (a connection the pool opens afresh too) until the import gives up.
      for (;;) {
        const { rows } = await admin.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${schema}.decree_events`,
        );
        if (Number(rows[0]?.n) > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      while (!settled) {
        await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        await new Promise((r) => setTimeout(r, 10));
      }
      // The store's STORE_UNAVAILABLE, reported by the import with how much it wrote before it.
      const failure = await importing;
      expect(failure).toMatchObject({
        code: 'IMPORT_PARTLY_WRITTEN',
        details: { cause: 'STORE_UNAVAILABLE' },
      });
      await engine.close();
      const { rows } = await admin.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${schema}.decree_events`,
      );
      written = Number(rows[0]?.n);
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(lines.length);
      // How much it wrote, when the connection that counts was not dropped too.
      const said = (failure as { details: { written?: number } }).details.written;
      expect(said === undefined || said === written).toBe(true);
    } finally {
      await admin.end();
    }
    const rerun = await createEngine({ store: spec });
    try {
      const store = rerun.store;
      // Every order is written whole or not at all, and the chain holds.
      expect(await verifyStore(store)).toMatchObject({ ok: true });
      const report = await rerun.importNdjson(lines);
      expect(report).toMatchObject({ appended: lines.length - written, duplicates: written });
      expect(await logLength(store)).toBe(BigInt(lines.length));
      expect(await verifyStore(store)).toMatchObject({ ok: true, events: lines.length });
    } finally {
      await rerun.close();
    }
  }, 120_000);
});

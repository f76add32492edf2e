// Eight processes recording commands on the same two orders of one PostgreSQL database at once,
// through the engine: nothing lost, nothing duplicated, and every conflict either retried or
// reported to its caller as a typed CONCURRENCY_CONFLICT.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, verifyStore } from '../../src/index.js';
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from '../store/support/postgres.js';

const WRITERS = 8;
const EACH = 24;
const ORDERS = ['hot-0', 'hot-1'];
const child = fileURLToPath(new URL('./support/hot-writer.ts', import.meta.url));
const available = await postgresAvailable('postgres hot orders');

const run = (spec: string, worker: number): Promise<{ recorded: number; errors: string[] }> =>
  new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', child, spec, String(worker), String(EACH)],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOT_ORDERS: '2' } },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { recorded: number; errors: string[] })
        : reject(new Error(err)),
    );
  });

describe.skipIf(!available)('hot orders on PostgreSQL', () => {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it(`${WRITERS} processes x ${EACH} commands on two orders: 0 lost, 0 duplicated, conflicts typed, a follower ends with the models of a fresh runner`, async () => {
    const spec = db?.url ?? '';
    const setup = await createEngine({ store: spec });
    for (const orderId of ORDERS)
      await setup.execute(orderId, {
        type: 'FileOrder',
        data: { orderId, title: 'Hot', kind: 'consent_decree', forum: 'D.D.C.' },
        meta: { effectiveOn: '2024-01-01', actor: { role: 'court', name: 'D.D.C.' } },
      });
    await setup.close();
    // A runner that follows the log while the writers write (another host's), caught up again and again.
    const watcher = await createEngine({ store: spec });
    let writing = true;
    const watching = (async () => {
      while (writing) await watcher.statusAll({ asOf: '2024-06-01' });
    })();
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, w) => run(spec, w)),
    ).finally(() => (writing = false));
    await watching;
    const errors = results.flatMap((r) => r.errors);
    // A command that ran out of retries is the caller's to retry, and says so by its code.
    for (const e of errors) expect(e).toMatch(/^CONCURRENCY_CONFLICT: /);
    const recorded = results.reduce((n, r) => n + r.recorded, 0);
    expect(recorded + errors.length).toBe(WRITERS * EACH);
    const engine = await createEngine({ store: spec });
    try {
      const statements: string[] = [];
      for (const orderId of ORDERS)
        for await (const e of engine.store.readStream(`order-${orderId}`)) {
          const id = (e.data as { statementId?: string }).statementId;
          if (id !== undefined) statements.push(id);
        }
      const lost = recorded - new Set(statements).size;
      const duplicated = statements.length - new Set(statements).size;
      console.info(
        `postgres hot orders: ${recorded} recorded, ${errors.length} typed conflicts, ${lost} lost, ${duplicated} duplicated`,
      );
      expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
      expect(statements).toHaveLength(recorded);
      expect(await verifyStore(engine.store)).toMatchObject({
        ok: true,
        events: ORDERS.length + recorded,
      });
      // The runner that followed the writes ends with the models of one freshly built from the log.
      const q = { asOf: '2024-06-01' };
      const fresh = await engine.statusAll(q);
      expect(fresh).toHaveLength(ORDERS.length);
      expect(await watcher.statusAll(q)).toEqual(fresh);
    } finally {
      await engine.close();
      await watcher.close();
    }
  }, 240_000);
});

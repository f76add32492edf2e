// Eight processes recording commands on one order of one SQLite file at once: every command lands
// exactly once, and no writer sees a conflict or a locked database (they are retried with jittered
// backoff while the order is contended).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createEngine, verifyStore } from '../../src/index.js';
import { tempDb } from './support/logs.js';

const WRITERS = 8;
const EACH = 40;
const child = fileURLToPath(new URL('./support/hot-writer.ts', import.meta.url));

const run = (path: string, worker: number): Promise<{ recorded: number; errors: string[] }> =>
  new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', child, path, String(worker), String(EACH)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
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

describe('a hot order', () => {
  it(`${WRITERS} processes x ${EACH} commands on one order: all recorded once, no conflict surfaces`, async () => {
    const file = tempDb();
    onTestFinished(file.remove);
    const setup = await createEngine({ store: `sqlite:${file.path}` });
    await setup.execute('hot', {
      type: 'FileOrder',
      data: { orderId: 'hot', title: 'Hot', kind: 'consent_decree', forum: 'D.D.C.' },
      meta: { effectiveOn: '2024-01-01', actor: { role: 'court', name: 'D.D.C.' } },
    });
    await setup.close();
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, w) => run(file.path, w)));
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.reduce((n, r) => n + r.recorded, 0)).toBe(WRITERS * EACH);
    const engine = await createEngine({ store: `sqlite:${file.path}` });
    const ids = new Set<string>();
    let events = 0;
    for await (const e of engine.store.readStream('order-hot')) {
      events++;
      ids.add((e.data as { statementId?: string }).statementId ?? 'filing');
    }
    expect([events, ids.size]).toEqual([1 + WRITERS * EACH, 1 + WRITERS * EACH]);
    expect(await verifyStore(engine.store)).toMatchObject({ ok: true });
    await engine.close();
  }, 240_000);
});

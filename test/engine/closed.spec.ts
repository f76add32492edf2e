import { ContainerModule, Container } from 'inversify';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/index.js';
import { decreeModule, TOKENS } from '../../src/inversify.js';
import { tempDb } from './support/logs.js';

const db = tempDb();
afterAll(() => db.remove());

const ORDER = 'us-v-twitter-2022';
const EXAMPLE = new URL('../../examples/twitter-2022.ndjson', import.meta.url).pathname;

/** Every call of the engine's public surface, with arguments that would succeed on an open engine. */
const everyCall = (e: Engine): Record<string, () => Promise<unknown>> => ({
  status: () => e.status(ORDER, { asOf: '2023-01-01' }),
  statusAll: () => e.statusAll({ asOf: '2023-01-01' }),
  orders: () => e.orders(),
  timeline: () => e.timeline(ORDER, { from: '2022-05-26', to: '2023-01-01' }),
  deadlines: () => e.deadlines({ asOf: '2023-01-01', withinDays: 30 }),
  ledger: () => e.ledger(ORDER, { asOf: '2023-01-01' }),
  exposure: () => e.exposure(ORDER, { asOf: '2023-01-01' }),
  docket: () => e.docket(ORDER, { asOf: '2023-01-01' }),
  history: () => e.history(ORDER, 'civil-penalty', { asOf: '2023-01-01' }),
  replay: () => e.replay(),
  verify: () => e.verify(),
  importNdjsonFile: () => e.importNdjsonFile(EXAMPLE, { backfill: true }),
  changes: () => e.changes({ from: '2022-05-26', to: '2023-06-01' }),
  calendar: () => e.calendar({ asOf: '2023-01-01' }),
  watch: async () => {
    for await (const c of e.watch({ since: '2023-01-01' })) void c;
  },
  exportNdjson: async () => {
    for await (const line of e.exportNdjson()) void line;
  },
});

describe.each([
  ['memory', 'memory'],
  ['sqlite', `sqlite:${db.path}`],
])('a closed engine on the %s store', (_kind, spec) => {
  it('refuses every call with STORE_UNAVAILABLE, and a second close is harmless', async () => {
    const engine = await createEngine({ store: spec });
    await engine.importNdjsonFile(EXAMPLE, { backfill: true });
    const calls = everyCall(engine);
    // Every method of the engine is in the table (a new one must be added to it).
    const methods = Object.keys(engine).filter(
      (k) => typeof (engine as unknown as Record<string, unknown>)[k] === 'function',
    );
    expect(
      methods.filter(
        (m) =>
          !(m in calls) &&
          m !== 'close' &&
          m !== 'execute' &&
          m !== 'importNdjson' &&
          m !== 'explain',
      ),
    ).toEqual([]);
    await engine.status(ORDER, { asOf: '2023-01-01' }); // open: answers
    await engine.close();
    for (const [name, call] of Object.entries({
      ...calls,
      execute: () => engine.execute(ORDER, { type: 'FileOrder', data: {}, meta: {} } as never),
      importNdjson: () => engine.importNdjson([]),
      explain: () => engine.explain(ORDER, 'x', {}),
    })) {
      await expect(call(), name).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        name: 'StoreUnavailable',
      });
    }
    await expect(engine.close()).resolves.toBeUndefined();
  });
});

describe('the inversify module', () => {
  it.each(['unloadAsync', 'unbindAllAsync'] as const)(
    'on SQLite: %s closes the engine and the store, and later calls are typed refusals',
    async (teardown) => {
      const container = new Container();
      const module: ContainerModule = decreeModule({ store: `sqlite:${db.path}` });
      await container.load(module);
      const engine = await container.getAsync<Engine>(TOKENS.Engine);
      expect((await engine.status(ORDER, { asOf: '2023-01-01' })).orderId).toBe(ORDER);
      if (teardown === 'unloadAsync') await container.unloadAsync(module);
      else await container.unbindAllAsync();
      await expect(engine.status(ORDER, { asOf: '2023-01-01' })).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
      });
      await expect(engine.store.readAll()[Symbol.asyncIterator]().next()).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
      });
    },
  );
});

// A command sent again with the same event id is harmless (README): it records nothing, also when
// another engine on the same store recorded it meanwhile at a later revision than this engine last
// read, with other facts of the order recorded in between. The store then finds the id stored where
// this engine would not have put it (EVENT_ID_REUSED from the store); the engine decides again on
// what was recorded, where the command is already in effect. Content that differs is still refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, openEventStore, type EventStore } from '../../src/index.js';
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from '../store/support/postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-retry-elsewhere-'));
let db: TestDatabase | undefined;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});
const pgAvailable = await postgresAvailable('retry elsewhere on postgres');

const court = { role: 'court', name: 'D.D.C.' } as const;
const company = { role: 'company', name: 'Acme' } as const;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const payment = (n: number, amountMinor = 1_000) => ({
  type: 'MakePayment' as const,
  data: { paymentId: `p-${n}`, obligationId: 'fee', amount: { amountMinor, currency: 'USD' } },
  meta: { eventId: id(100 + n), effectiveOn: '2024-02-01', actor: company },
});

const stores: [string, () => Promise<string>][] = [
  ['a SQLite file', () => Promise.resolve(`sqlite:${join(dir, 'decree.db')}`)],
  ...(pgAvailable
    ? ([
        [
          'PostgreSQL',
          async () => {
            db = await createTestDatabase();
            return db.url;
          },
        ],
      ] as [string, () => Promise<string>][])
    : []),
];

/**
 * `store` whose next append by this engine first lets `meanwhile` run: another engine recording on
 * the order between this engine's read of it and its append (a race made deterministic).
 */
const racing = (store: EventStore, meanwhile: () => Promise<void>) => {
  let pending: (() => Promise<void>) | undefined;
  const intercept =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const run = pending;
      pending = undefined;
      if (run) await run();
      return f(...args);
    };
  const wrapped = new Proxy(store, {
    get: (target, key, receiver) => {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === 'append' || key === 'appendMany')
        return intercept((value as (...a: unknown[]) => Promise<unknown>).bind(target));
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, arm: () => (pending = meanwhile) };
};

describe.each(stores)('on %s', (_, open) => {
  it('a command recorded meanwhile by another engine, after another fact, records nothing the second time', async () => {
    const spec = await open();
    const b = await createEngine({ store: spec });
    const shared = await openEventStore(spec);
    // Engine b records two payments after a has read the order and before its append of the second.
    const race = racing(shared, async () => {
      await b.execute('acme', payment(1));
      await b.execute('acme', payment(2));
    });
    const a = await createEngine({ store: race.store });
    try {
      await a.execute('acme', {
        type: 'FileOrder',
        data: { orderId: 'acme', title: 'Acme', kind: 'consent_decree', forum: 'D.D.C.' },
        meta: { eventId: id(1), effectiveOn: '2024-01-01', actor: court },
      });
      await a.execute('acme', {
        type: 'ImposeObligation',
        data: {
          obligationId: 'fee',
          title: 'Fee',
          kind: 'payment',
          amount: { amountMinor: 100_000, currency: 'USD' },
          schedule: { kind: 'once', dueOn: '2024-03-01' },
        },
        meta: { eventId: id(2), effectiveOn: '2024-01-01', actor: court },
      });
      race.arm();
      const again = await a.execute('acme', payment(2));
      expect(again.events).toEqual([]);
      // The same id with other content is still refused, naming the event id.
      await expect(a.execute('acme', payment(2, 999))).rejects.toMatchObject({
        code: 'EVENT_ID_REUSED',
      });
      const stream: string[] = [];
      for await (const e of shared.readStream('order-acme')) stream.push(e.type);
      expect(stream).toEqual(['OrderFiled', 'ObligationImposed', 'PaymentMade', 'PaymentMade']);
    } finally {
      await a.close();
      await b.close();
      await shared.close();
    }
  });
});

// Read models in the PostgreSQL database, committed with their checkpoint: a replay SIGKILLed
// between batches resumes in a new process without applying an event twice; two processes racing
// end with the models of one run; a new engine on the database answers from the stored models
// without reading the log again; another process's commits reach a runner's mirror.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEngine,
  createPostgresReadModels,
  orderProjection,
  ProjectionRunner,
} from '../../src/index.js';
import {
  openPostgresEventStore,
  type PostgresEventStore,
} from '../../src/store/postgres-event-store.js';
import {
  createTestDatabase,
  createTestSchema,
  postgresAvailable,
  type TestDatabase,
} from '../store/support/postgres.js';
import {
  appendAll,
  bigLog,
  countingStore,
  modelsOf,
  readAllEvents,
  referenceModels,
  tickingClock,
} from './support/logs.js';
import { replayChild } from './support/replay.js';

const available = await postgresAvailable('postgres read models');

describe.skipIf(!available)('read models in PostgreSQL', () => {
  let db: TestDatabase | undefined;
  const opened: PostgresEventStore[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => undefined);
    await db?.drop();
  });

  /** A store in a schema of its own (so each case has its own log and models), and the URL a child process opens it by. */
  const fresh = async (): Promise<{ store: PostgresEventStore; url: string }> => {
    const schema = await createTestSchema(db!.url);
    const url = new URL(db!.url);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const store = await openPostgresEventStore(url.toString(), { clock: tickingClock() });
    opened.push(store);
    return { store, url: url.toString() };
  };

  /** A runner whose models are those stored (no catch-up) as the stored form compares. */
  const storedModels = async (store: PostgresEventStore) =>
    modelsOf(new ProjectionRunner(store, await createPostgresReadModels(store)));

  it('crash between batches: a replay SIGKILLed partway resumes in a new process, each event applied once', async () => {
    const { store, url } = await fresh();
    await appendAll(store, bigLog(12));
    const events = await readAllEvents(store);
    const killed = await replayChild(url, 5, 2, Math.floor(events.length / 3));
    expect(killed.killed).toBe(true);
    const models = await createPostgresReadModels(store);
    // The checkpoint moves only when a catch-up is done, but the batches committed before the kill are kept.
    expect(models.checkpoint(orderProjection.name)?.position).toBeUndefined();
    const written = models.keys(orderProjection.name).length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(new Set(events.map((e) => e.stream)).size);
    const resumed = await replayChild(url, 5, 0);
    expect(resumed.done).toBe(events.length);
    const after = await storedModels(store);
    expect(after).toEqual(await referenceModels(store));
    for (const [orderId, m] of Object.entries(after) as [string, { revision: number }][])
      expect(m.revision).toBe(events.filter((e) => e.stream === `order-${orderId}`).length - 1);
    await models.refresh!();
    expect(models.checkpoint(orderProjection.name)?.position).toBe(events.at(-1)!.globalPosition);
  }, 120_000);

  it('two processes racing on one database end with the models of a single run', async () => {
    const { store, url } = await fresh();
    await appendAll(store, bigLog(8));
    const total = (await readAllEvents(store)).length;
    const [a, b] = await Promise.all([replayChild(url, 3, 0), replayChild(url, 5, 0)]);
    expect(a.done! + b.done!).toBe(total);
    expect(await storedModels(store)).toEqual(await referenceModels(store));
  }, 120_000);

  it('lists the streams changed after a position as a read of the log finds them, and a replay reads each stream once and never the whole log', async () => {
    const { store } = await fresh();
    await appendAll(store, bigLog(6));
    const log = await readAllEvents(store);
    const models = await createPostgresReadModels(store);
    const last = log[log.length - 1]!.globalPosition;
    for (const after of [undefined, 0n, last / 2n, last - last / 10n, last - 3n, last, last + 5n]) {
      // The oracle: the log as the store's port reads it, filtered here.
      const tail = log.filter((e) => after === undefined || e.globalPosition > after);
      const counts = new Map<string, number>();
      for (const e of tail) counts.set(e.stream, (counts.get(e.stream) ?? 0) + 1);
      const changes = await models.changes!(after);
      expect(changes.streams).toEqual([...counts.keys()].sort());
      expect(changes.events).toBe(tail.length);
      expect(changes.upTo).toBe(tail.length > 0 ? last : after);
    }
    const counting = countingStore(store);
    const runner = new ProjectionRunner(counting.store, models);
    expect(await runner.rebuild()).toBe(log.length);
    expect(counting.yielded('readAll')).toBe(0);
    expect(counting.yielded('readStream')).toBe(log.length);
    expect(await storedModels(store)).toEqual(await referenceModels(store));
  }, 120_000);

  it('a new engine answers from the stored models, reading nothing of the log; a runner takes what another process commits from the database', async () => {
    const { store, url } = await fresh();
    const first = await createEngine({ store });
    await first.importNdjsonFile(
      new URL('../../examples/twitter-2022.ndjson', import.meta.url).pathname,
      {
        backfill: true,
      },
    );
    const expected = await first.status('ftc-c4316', { asOf: '2024-06-01' });
    const other = await openPostgresEventStore(url, { clock: tickingClock() });
    opened.push(other);
    const counting = countingStore(other);
    const runner = new ProjectionRunner(counting.store, await createPostgresReadModels(other));
    expect(await runner.catchUp()).toBe(0);
    expect(counting.yielded('readAll')).toBe(0);
    expect(runner.orderIds()).toEqual(['ftc-c4316', 'us-v-twitter-2022']);
    const second = await createEngine({ store: other });
    expect(await second.status('ftc-c4316', { asOf: '2024-06-01' })).toEqual(expected);
    // A fact recorded through the first engine reaches the runner of the second process's store.
    const before = runner.model('us-v-twitter-2022')!.revision;
    await first.execute('us-v-twitter-2022', {
      type: 'IssuePublicStatement',
      data: { statementId: 'conference-2024-06', summary: 'Status conference held' },
      meta: { effectiveOn: '2024-06-03', actor: { role: 'company', name: 'Twitter, Inc.' } },
    });
    await first.status('us-v-twitter-2022'); // the first engine's runner commits the new model and checkpoint
    counting.reset();
    // The runner takes them from the database (refresh) instead of reading and folding the log again.
    expect(await runner.catchUp()).toBe(0);
    expect(counting.yielded()).toBe(0);
    expect(runner.model('us-v-twitter-2022')!.revision).toBe(before + 1);
  }, 120_000);
});

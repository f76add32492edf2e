// The PostgreSQL store's subscriptions following appends made through other connections: each append
// transaction notifies the schema's channel, and a store with subscriptions listens on it with one
// connection of its own, reopened when the server drops it and closed with the last subscription.
// The followers poll every 10 minutes, so within these tests only a notification brings them news.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import {
  openPostgresEventStore,
  type PostgresEventStore,
} from '../../src/store/postgres-event-store.js';
import { appendChannel } from '../../src/store/postgres-schema.js';
import type { RecordedEvent, Subscription } from '../../src/store/event-store.js';
import { ev } from '../contracts/contract-support.js';
import {
  createTestDatabase,
  createTestSchema,
  postgresAvailable,
  type TestDatabase,
} from './support/postgres.js';

const available = await postgresAvailable('postgres live subscriptions');

/** A safety poll that never fires within a test. */
const TEN_MINUTES = 600_000;

/** Resolves once `check` holds, checking every 20 ms; fails after `timeoutMs` saying what it waited for. */
const waitFor = async (
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The events a running subscription has delivered, and how its iteration ended. */
interface Follower {
  readonly events: RecordedEvent[];
  readonly ended: Promise<unknown>;
}

const follow = (sub: Subscription): Follower => {
  const events: RecordedEvent[] = [];
  const ended = (async () => {
    for await (const e of sub) events.push(e);
    return 'ended';
  })().catch((e: unknown) => e);
  return { events, ended };
};

describe.skipIf(!available)('postgres live subscriptions', () => {
  let db: TestDatabase | undefined;
  let admin: pg.Client | undefined;
  const url = (): string => db?.url ?? '';
  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new pg.Client({ connectionString: url() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  /** Backends of this database idle after running `LISTEN` on `channel`. */
  const listening = async (channel: string): Promise<number[]> => {
    const { rows } = await (admin as pg.Client).query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle'
         AND query ILIKE 'LISTEN%' AND query LIKE '%' || $1 || '%' ORDER BY pid`,
      [pg.escapeIdentifier(channel)],
    );
    return rows.map((r) => r.pid);
  };
  /** Waits until exactly one backend listens on `channel`, other than `not`, and returns its pid. */
  const oneListener = async (channel: string, not?: number): Promise<number> => {
    let pids: number[] = [];
    await waitFor(`one backend listening on ${channel}`, async () => {
      pids = await listening(channel);
      return pids.length === 1 && pids[0] !== not;
    });
    // Let the store see its LISTEN's answer, read once and settle into the 10-minute safety poll.
    await new Promise((r) => setTimeout(r, 250));
    return pids[0] as number;
  };
  const open = async (
    spec: string,
    options: Parameters<typeof openPostgresEventStore>[1] = {},
  ): Promise<PostgresEventStore> => {
    const store = await openPostgresEventStore(spec, options);
    onTestFinished(() => store.close());
    return store;
  };
  const inSearchPath = (schema: string): string => {
    const u = new URL(url());
    u.searchParams.set('options', `-c search_path=${schema}`);
    return u.toString();
  };

  const setups: readonly {
    readonly name: string;
    /** The store spec and options, the schema they select, and the channel expected for it. */
    readonly make: () => Promise<{
      spec: string;
      options: { schema?: string };
      schema: string;
      channel: string;
    }>;
  }[] = [
    {
      name: 'a schema given as an option',
      make: async () => {
        const schema = await createTestSchema(url());
        return { spec: url(), options: { schema }, schema, channel: `decree_appends_${schema}` };
      },
    },
    {
      name: 'the default schema, public',
      make: async () => ({ spec: url(), options: {}, schema: 'public', channel: 'decree_appends' }),
    },
    {
      name: 'a 63-character schema in the connection string',
      make: async () => {
        const schema = `l${randomUUID().replaceAll('-', '')}`.padEnd(63, 'x');
        await (admin as pg.Client).query(`CREATE SCHEMA ${schema}`);
        // Clipped to the 63 bytes PostgreSQL keeps of a channel name.
        const channel = `decree_appends_${schema}`.slice(0, 63);
        return { spec: inSearchPath(schema), options: {}, schema, channel };
      },
    },
  ];
  for (const setup of setups) {
    it(`a subscription follows another store's appends by notification alone (${setup.name})`, async () => {
      const { spec, options, schema, channel } = await setup.make();
      expect(appendChannel(schema)).toBe(channel);
      const writer = await open(spec, options);
      const follower = await open(spec, { ...options, pollIntervalMs: TEN_MINUTES });
      await writer.append('s', [ev({ n: 0 }), ev({ n: 1 })], { expectedRevision: 'no_stream' });
      expect(await listening(channel)).toEqual([]); // no subscription, no listening connection
      const sub = follower.subscribe();
      const f = follow(sub);
      await waitFor('the catch-up', () => f.events.length === 2);
      await oneListener(channel);
      for (let n = 2; n < 5; n++) {
        await writer.append('s', [ev({ n })], { expectedRevision: n - 1 });
        await waitFor(`event ${n}`, () => f.events.length === n + 1);
      }
      expect(f.events.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
      await sub.stop();
      expect(await f.ended).toBe('ended');
    });
  }

  it('one notification per append transaction, with its last position; none for a refused append or another transaction', async () => {
    const schema = await createTestSchema(url());
    const other = await createTestSchema(url());
    const store = await open(url(), { schema });
    const copy = await open(url(), { schema: other });
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    onTestFinished(() => client.end());
    const heard: string[] = [];
    client.on('notification', (n) => heard.push(`${n.channel} ${n.payload ?? ''}`));
    await client.query(`LISTEN ${pg.escapeIdentifier(appendChannel(schema))}`);
    await client.query(`LISTEN ${pg.escapeIdentifier(appendChannel(other))}`);
    await store.appendMany([
      { stream: 'a', events: [ev(), ev()], expectedRevision: 'no_stream' },
      { stream: 'b', events: [ev()], expectedRevision: 'no_stream' },
    ]);
    await expect(store.append('a', [ev()], { expectedRevision: 'no_stream' })).rejects.toThrow();
    await store.transaction(async (c) => {
      await c.query('SELECT 1 FROM decree_head FOR UPDATE');
    });
    await store.append('a', [ev()], { expectedRevision: 1 });
    const events: RecordedEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    await copy.appendRecorded(events);
    await waitFor('both channels', () => heard.length >= 3);
    expect(heard).toEqual([
      `decree_appends_${schema} 2`,
      `decree_appends_${schema} 3`,
      `decree_appends_${other} 3`,
    ]);
  });

  it('a store holds one listening connection while it has subscriptions, and releases it with the last', async () => {
    const schema = await createTestSchema(url());
    const channel = appendChannel(schema);
    const store = await open(url(), { schema, pollIntervalMs: TEN_MINUTES });
    const writer = await open(url(), { schema });
    const first = store.subscribe();
    const second = store.subscribe();
    const f1 = follow(first);
    const f2 = follow(second);
    await oneListener(channel);
    await writer.append('s', [ev()], { expectedRevision: 'no_stream' });
    await waitFor('the event on both', () => f1.events.length === 1 && f2.events.length === 1);
    await first.stop();
    expect(await listening(channel)).toHaveLength(1);
    await second.stop();
    await Promise.all([f1.ended, f2.ended]);
    await waitFor(
      'the listening connection to close',
      async () => (await listening(channel)).length === 0,
    );
    const third = follow(store.subscribe());
    await oneListener(channel);
    await writer.append('s', [ev()], { expectedRevision: 0 });
    await waitFor('both events on a new subscription', () => third.events.length === 2);
  });

  it('a listening connection the server terminates is reopened; appends meanwhile still arrive', async () => {
    const schema = await createTestSchema(url());
    const channel = appendChannel(schema);
    const store = await open(url(), { schema, pollIntervalMs: TEN_MINUTES });
    const writer = await open(url(), { schema });
    const f = follow(store.subscribe());
    let pid = await oneListener(channel);
    let n = 0;
    for (let round = 0; round < 3; round++) {
      await (admin as pg.Client).query('SELECT pg_terminate_backend($1)', [pid]);
      // Appended while no connection listens: found by the frequent polls of the outage or by the
      // read that follows the new LISTEN.
      await writer.append('s', [ev({ n })], { expectedRevision: n === 0 ? 'no_stream' : n - 1 });
      n++;
      await waitFor(`event ${n - 1} during the outage`, () => f.events.length === n);
      pid = await oneListener(channel, pid);
      await writer.append('s', [ev({ n })], { expectedRevision: n - 1 });
      n++;
      await waitFor(`event ${n - 1} after reconnecting`, () => f.events.length === n);
    }
    expect(f.events.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('every connection dropped again and again for a while: the subscription reads again and goes on', async () => {
    const schema = await createTestSchema(url());
    const channel = appendChannel(schema);
    const store = await open(url(), { schema, pollIntervalMs: TEN_MINUTES });
    const f = follow(store.subscribe());
    await oneListener(channel);
    const append = async (n: number) => {
      const writer = await openPostgresEventStore(url(), { schema });
      try {
        await writer.append('s', [ev({ n })], { expectedRevision: n === 0 ? 'no_stream' : n - 1 });
      } finally {
        await writer.close();
      }
    };
    await append(0);
    await waitFor('event 0', () => f.events.length === 1);
    // For two seconds every other backend of the database is terminated every 10 ms: the pool's
    // connections and the listening one, and each opened meanwhile, so that reads fail.
    const until = Date.now() + 2_000;
    while (Date.now() < until) {
      await (admin as pg.Client).query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await new Promise((r) => setTimeout(r, 10));
    }
    await append(1);
    await waitFor('event 1 after the outage', () => f.events.length === 2);
    expect(f.events.map((e) => (e.data as { n: number }).n)).toEqual([0, 1]);
    await store.close();
    expect(await f.ended).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('closing a store with running subscriptions ends them and its listening connection', async () => {
    const schema = await createTestSchema(url());
    const channel = appendChannel(schema);
    const store = await openPostgresEventStore(url(), { schema, pollIntervalMs: TEN_MINUTES });
    const followers = [follow(store.subscribe()), follow(store.subscribe())];
    store.subscribe(); // never iterated nor stopped: only close() lets go of it
    await oneListener(channel);
    await store.close();
    for (const f of followers) expect(await f.ended).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await waitFor(
      'the listening connection to close',
      async () => (await listening(channel)).length === 0,
    );
    // A subscription on the closed store opens no connection and fails on its first read.
    const late = follow(store.subscribe());
    expect(await late.ended).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await listening(channel)).toEqual([]);
  });

  it('closing a store at once, while its first read and its listening connection are under way, ends them', async () => {
    const schema = await createTestSchema(url());
    const channel = appendChannel(schema);
    for (let round = 0; round < 5; round++) {
      const store = await openPostgresEventStore(url(), { schema, pollIntervalMs: TEN_MINUTES });
      const f = follow(store.subscribe());
      if (round > 0) await new Promise((r) => setTimeout(r, round * 3));
      await store.close();
      expect(await f.ended).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    }
    await waitFor('no listening connection', async () => (await listening(channel)).length === 0);
  });

  it('a process that closes its stores with a subscription running exits by itself', async () => {
    const schema = await createTestSchema(url());
    const script = fileURLToPath(new URL('./support/postgres-listen-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, url(), schema], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const code = await exited;
    clearTimeout(killer);
    expect({ code, out: out.trim().split('\n'), err }).toEqual({
      code: 0,
      out: ['received', 'done'],
      err: '',
    });
  });
});

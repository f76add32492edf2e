// Logs of several orders for the runner and engine specs: reachable histories from the decider,
// relabelled so that orders and event ids never collide, interleaved as appends to their streams.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import {
  createMemoryReadModels,
  createSqliteReadModels,
  openSqliteEventStore,
  OrderId,
  orderStream,
  ProjectionRunner,
  type EventStore,
  type NewEvent,
  type OrderEvent,
  type OrderModel,
  type ReadStreamOptions,
  type RecordedEvent,
  type SqliteEventStore,
} from '../../../src/index.js';
import { orderHistoryArb } from '../../../src/testing/index.js';
import { RecordedTimes } from '../../../src/engine/importer.js';
import type { ImportReport } from '../../../src/engine/engine.types.js';
import type { LineIndexParts } from '../../../src/engine/import-by-order.js';
import { lastEvent } from '../../../src/store/index.js';

/** One append: events for one order stream. */
export interface Append {
  readonly stream: string;
  readonly events: readonly NewEvent[];
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A history's events for order number `k`: the order renamed `order-k`, every event id made unique to it. */
export const relabel = (events: readonly OrderEvent[], k: number): OrderEvent[] => {
  const ids = new Map(events.map((e, j) => [e.id, `${hex(k, 8)}-0000-4000-8000-${hex(j, 12)}`]));
  return events.map((e): OrderEvent => {
    const id = ids.get(e.id)!;
    if (e.type === 'OrderFiled')
      return { ...e, id, data: { ...e.data, orderId: OrderId.parse(`order-${k}`) } };
    if (e.type === 'EntryRetracted')
      return { ...e, id, data: { ...e.data, eventId: ids.get(e.data.eventId) ?? e.data.eventId } };
    return { ...e, id };
  });
};

const toNew = (e: OrderEvent): NewEvent => ({
  id: e.id,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data,
  metadata: e.metadata,
});

/** Interleaves the orders' events as appends of 1–4 events, the order and the sizes drawn from `picks`. */
export const interleave = (
  orders: readonly (readonly OrderEvent[])[],
  picks: readonly number[],
): Append[] => {
  const queues = orders
    .map((events, k) => ({ stream: orderStream(`order-${k}`), events: [...events] }))
    .filter((q) => q.events.length > 0);
  const out: Append[] = [];
  for (let i = 0; queues.some((q) => q.events.length > 0); i++) {
    const open = queues.filter((q) => q.events.length > 0);
    const pick = picks[i % Math.max(picks.length, 1)] ?? 0;
    const q = open[pick % open.length]!;
    out.push({ stream: q.stream, events: q.events.splice(0, 1 + ((pick >> 4) % 4)).map(toNew) });
  }
  return out;
};

/** Logs of 1–`maxOrders` orders, interleaved. */
export const multiOrderLogArb = (maxOrders = 3, maxCommands = 25): fc.Arbitrary<Append[]> =>
  fc
    .tuple(
      fc.array(orderHistoryArb({ minCommands: 3, maxCommands }), {
        minLength: 1,
        maxLength: maxOrders,
      }),
      fc.array(fc.nat({ max: 1 << 10 }), { minLength: 1, maxLength: 50 }),
    )
    .map(([histories, picks]) =>
      interleave(
        histories.map((h, k) => relabel(h.events, k)),
        picks,
      ),
    )
    .filter((appends) => appends.length > 0);

/** Appends everything, in order. */
export const appendAll = async (store: EventStore, appends: readonly Append[]): Promise<void> => {
  for (const a of appends) await store.append(a.stream, a.events, { expectedRevision: 'any' });
};

/** A clock that moves one second (by default) at every reading, from 2030-01-01. */
export const tickingClock = (stepMs = 1000): (() => Date) => {
  let t = Date.parse('2030-01-01T00:00:00.000Z');
  return () => new Date((t += stepMs));
};

/** A fresh database path under the OS temp directory, and its removal (with WAL and SHM). */
export const tempDb = (): { path: string; remove: () => void } => {
  const path = join(tmpdir(), `decree-runner-${randomUUID()}.db`);
  return {
    path,
    remove: () => ['', '-wal', '-shm'].forEach((s) => rmSync(path + s, { force: true })),
  };
};

/** Every event of the global log. */
export const readAllEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const r of store.readAll()) out.push(r);
  return out;
};

/** A read model in its stored form, parsed (so a model decoded from storage compares equal to one built in memory). */
export const stored = (m: OrderModel | undefined): unknown =>
  m === undefined ? undefined : JSON.parse(JSON.stringify(m));

/** Every order's read model, in stored form, from a runner. */
export const modelsOf = (runner: ProjectionRunner): Record<string, unknown> =>
  Object.fromEntries(runner.orderIds().map((id) => [id, stored(runner.model(id))]));

/** The reference: every read model from one uninterrupted pass, in memory. */
export const referenceModels = async (store: EventStore): Promise<Record<string, unknown>> => {
  const runner = new ProjectionRunner(store, createMemoryReadModels(), { batchSize: 1_000_000 });
  await runner.catchUp();
  return modelsOf(runner);
};

/** `store` with its `readStream` replaced by `read`, which gets the store's own (bound); everything else passes through. */
export const withReadStream = <S extends EventStore>(
  store: S,
  read: (
    own: EventStore['readStream'],
    stream: string,
    options?: ReadStreamOptions,
  ) => AsyncIterable<RecordedEvent>,
): S =>
  new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      return prop === 'readStream'
        ? (stream: string, options?: ReadStreamOptions) =>
            read(bound as EventStore['readStream'], stream, options)
        : bound;
    },
  });

/** A store whose reads count the events they yield (readAll and readStream, together or apart); everything else passes through. */
export const countingStore = <S extends EventStore>(
  store: S,
): { store: S; yielded: (read?: 'readAll' | 'readStream') => number; reset: () => void } => {
  const n = { readAll: 0, readStream: 0 };
  const counted = (
    read: (...args: never[]) => AsyncIterable<RecordedEvent>,
    which: keyof typeof n,
  ) =>
    async function* (...args: never[]) {
      for await (const r of read(...args)) {
        n[which]++;
        yield r;
      }
    };
  const proxy = new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: never[]) => unknown).bind(target);
      return prop === 'readAll' || prop === 'readStream'
        ? counted(bound as (...args: never[]) => AsyncIterable<RecordedEvent>, prop)
        : bound;
    },
  });
  return {
    store: proxy,
    yielded: (read) => (read ? n[read] : n.readAll + n.readStream),
    reset: () => {
      n.readAll = 0;
      n.readStream = 0;
    },
  };
};

/** A SQLite file for a test: `open` opens a connection to it (all sharing one ticking clock, so recordedAt never goes back). */
export interface SqliteFile {
  readonly path: string;
  /** Opens a connection (with the store's page size for reads, and read-only, when given). */
  open(options?: {
    readonly pageSize?: number;
    readonly readOnly?: boolean;
  }): Promise<SqliteEventStore>;
  /** Closes every connection opened and removes the file. */
  dispose(): Promise<void>;
}

/** Makes SQLite files under the OS temp directory; `disposeAll` removes those not disposed yet (call it in afterAll). */
export const sqliteFiles = (): { file: () => SqliteFile; disposeAll: () => Promise<void> } => {
  const live = new Set<SqliteFile>();
  const file = (): SqliteFile => {
    const { path, remove } = tempDb();
    const clock = tickingClock();
    const opened: SqliteEventStore[] = [];
    const f: SqliteFile = {
      path,
      open: async (options = {}) => {
        const s = await openSqliteEventStore(path, { clock, ...options });
        opened.push(s);
        return s;
      },
      dispose: async () => {
        for (const s of opened) await s.close().catch(() => undefined);
        remove();
        live.delete(f);
      },
    };
    live.add(f);
    return f;
  };
  return {
    file,
    disposeAll: async () => {
      for (const f of [...live]) await f.dispose();
    },
  };
};

/** A runner of the order projection with its read models in the SQLite file of `store`, reading the log from `reads`. */
export const runnerOn = (
  store: SqliteEventStore,
  batchSize: number,
  reads: EventStore = store,
): ProjectionRunner => new ProjectionRunner(reads, createSqliteReadModels(store), { batchSize });

/** A log of many orders (about 20 events each), the same at every run. */
export const bigLog = (orders: number): Append[] => {
  const [histories] = fc.sample(
    fc.array(orderHistoryArb({ minCommands: 20, maxCommands: 30 }), {
      minLength: orders,
      maxLength: orders,
    }),
    { seed: 20_261_127, numRuns: 1 },
  );
  return interleave(
    histories!.map((h, k) => relabel(h.events, k)),
    [3, 17, 5, 40, 2, 33, 9],
  );
};

/** Every stored read model and checkpoint of a SQLite file, as rows, with the models table's DDL. */
export const storedReadModels = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return {
      ddl: db
        .prepare<[], { sql: string }>(
          "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'decree_read_models'",
        )
        .get()!.sql,
      models: db
        .prepare(
          'SELECT projection, key, value, revision FROM decree_read_models ORDER BY projection, key',
        )
        .all(),
      checkpoints: db.prepare('SELECT * FROM decree_checkpoints ORDER BY projection').all(),
    };
  } finally {
    db.close();
  }
};

/** An import report as two imports of the same file are compared: each rejected line by number, with its text. */
export const comparableReport = (r: ImportReport) => ({
  ...r,
  rejectedLines: [...r.rejectedLines].map(([n, raw]) => [n, Buffer.from(raw).toString('utf8')]),
});

/** The clock ("now") of the backfills' checks in the import tests. */
export const BACKFILL_NOW = '2026-01-01T00:00:00.000Z';

/** A backfill's checks against `store` now (its last recorded instant, BACKFILL_NOW); none for a plain import. */
export const backfillTimesOf = async (store: EventStore, backfill: boolean) =>
  backfill ? new RecordedTimes((await lastEvent(store))?.recordedAt, BACKFILL_NOW) : undefined;

/**
 * Each line that is a JSON object, with `recordedAt` added to its text as written (its escapes
 * kept): `at(i)` for line i, by default a second after the line before it from 2024-01-01.
 */
export const withRecordedAt = (
  lines: readonly string[],
  at: (i: number) => string = secondsAfter2024,
): string[] =>
  lines.map((line, i) =>
    line.startsWith('{"') && line.endsWith('}')
      ? `${line.slice(0, -1)},"recordedAt":"${at(i)}"}`
      : line,
  );

/** `i` seconds after 2024-01-01 (less `earlyMs`), as a recorded time. */
export const secondsAfter2024 = (i: number, earlyMs = 0): string =>
  new Date(Date.parse('2024-01-01T00:00:00.000Z') + i * 1000 - earlyMs).toISOString();

/** Everything a first read's index holds (`LineIndexParts`), as plain arrays of its lines, to compare two. */
export const plainIndex = (x: LineIndexParts) => {
  const lines = (a: ArrayLike<number>) => Array.from(a).slice(1, x.count + 1);
  return {
    count: x.count,
    offset: lines(x.offset),
    length: lines(x.length),
    sum: lines(x.sum),
    order: lines(x.order),
    key: lines(x.key),
    hasId: lines(x.hasId),
    orderIds: [...x.orderIds],
  };
};

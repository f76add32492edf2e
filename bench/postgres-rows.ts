// The PostgreSQL store's rows: import, replay and single command through the engine, each against
// a raw baseline on the same server in the same run (batched INSERT of the same rows, a paged read
// with JSON.parse, one-row transactions). Runs in a database of its own, dropped after.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createEngine, type Engine } from '../src/engine/index.js';
import { openPostgresEventStore } from '../src/store/postgres-event-store.js';
import { figure, median, timed, type RowResult } from './harness.js';
import { commandsFor, type RowContext } from './rows.js';
import { Rng } from './rng.js';
import type { Workload } from './workload.js';

const ADMIN_URL =
  process.env.DECREE_PG_URL !== undefined && process.env.DECREE_PG_URL !== ''
    ? process.env.DECREE_PG_URL
    : 'postgres://postgres@127.0.0.1:5432/postgres';
const COLUMNS =
  'global_position, stream, stream_revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash';
const PLACEHOLDER_HASH = 'f'.repeat(64);
const PER_TRANSACTION = 10_000;
const n = (x: number) => x.toLocaleString('en-US');
const seconds = (ms: number) => ms / 1000;

const withClient = async <T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
};

/** A store spec for `schema` of the database at `url`. */
const inSchema = (url: string, schema: string): string => {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
};

/** A fresh schema holding Decree's empty tables (created by the adapter itself). */
const freshSchema = async (url: string, label: string): Promise<string> => {
  const schema = `${label}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await withClient(url, (c) => c.query(`CREATE SCHEMA ${schema}`));
  await (await openPostgresEventStore(url, { schema })).close();
  return schema;
};

type Row = unknown[];

/** Inserts `rows` (columns in COLUMNS order) into `schema` with one statement. */
const insertRows = (c: pg.Client, schema: string, rows: readonly Row[]) =>
  c.query(
    `INSERT INTO ${schema}.decree_events (${COLUMNS}) SELECT * FROM unnest($1::bigint[], $2::text[],
       $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
    Array.from({ length: 11 }, (_, k) => rows.map((r) => r[k])),
  );

/** Import baseline: the same file, JSON.parse per line, the same rows in the same table, 10,000 per transaction (no validation, no hashing). */
const rawImport = async (url: string, schema: string, ndjsonPath: string): Promise<number> =>
  withClient(url, async (c) => {
    const revisions = new Map<string, number>();
    const recordedAt = new Date().toISOString();
    let batch: Row[] = [];
    let position = 0;
    const flush = async () => {
      await c.query('BEGIN');
      await insertRows(c, schema, batch);
      await c.query('COMMIT');
      batch = [];
    };
    const rl = createInterface({ input: createReadStream(ndjsonPath), crlfDelay: Infinity });
    for await (const line of rl) {
      if (line.length === 0) continue;
      const e = JSON.parse(line) as {
        stream: string;
        id: string;
        type: string;
        schemaVersion: number;
        data: unknown;
        metadata: unknown;
      };
      const revision = (revisions.get(e.stream) ?? -1) + 1;
      revisions.set(e.stream, revision);
      batch.push([
        position++,
        e.stream,
        revision,
        e.id,
        e.type,
        e.schemaVersion,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        recordedAt,
        PLACEHOLDER_HASH,
        PLACEHOLDER_HASH,
      ]);
      if (batch.length >= PER_TRANSACTION) await flush();
    }
    if (batch.length > 0) await flush();
    return position;
  });

/** Replay baseline: every row in global order, 5,000 per query, payloads parsed, a trivial fold. */
const rawReplay = async (url: string, schema: string): Promise<number> =>
  withClient(url, async (c) => {
    let after = -1;
    let count = 0;
    const perStream = new Map<string, number>();
    for (;;) {
      const { rows } = await c.query<{ p: string; stream: string; data: string }>(
        `SELECT global_position AS p, stream, data, metadata FROM ${schema}.decree_events WHERE global_position > $1 ORDER BY global_position LIMIT 5000`,
        [after],
      );
      for (const r of rows) {
        JSON.parse(r.data);
        perStream.set(r.stream, (perStream.get(r.stream) ?? 0) + 1);
      }
      count += rows.length;
      const last = rows[rows.length - 1];
      if (last === undefined) return count;
      after = Number(last.p);
    }
  });

/** Single-command baseline: one row per transaction, appended after the log's last position. */
const rawSingleRows = async (url: string, schema: string, rows: readonly Row[]): Promise<void> =>
  withClient(url, async (c) => {
    for (const r of rows) {
      await c.query('BEGIN');
      const { rows: head } = await c.query<{ next: string }>(
        `SELECT COALESCE(max(global_position), -1) + 1 AS next FROM ${schema}.decree_events`,
      );
      await c.query(
        `INSERT INTO ${schema}.decree_events (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [head[0]?.next, ...r.slice(1)],
      );
      await c.query('COMMIT');
    }
  });

const ratioRow = (
  ctx: RowContext,
  r: { name: string; size: string; d: number[]; b: number[]; note: string },
): RowResult => ({
  name: r.name,
  size: r.size,
  decree: figure(r.d.map(seconds), 's'),
  baseline: figure(r.b.map(seconds), 's'),
  ratioDefinition: 'baseline time / Decree time',
  ratio: median(r.b) / median(r.d),
  target: 'report the ratio',
  met: undefined,
  notes: [...(ctx.scaleNote ? [ctx.scaleNote] : []), r.note],
});

/** Runs Decree and the baseline alternately, `runs` times each. */
const alternate = async (
  ctx: RowContext,
  label: string,
  decree: () => Promise<number>,
  baseline: () => Promise<number>,
) => {
  const d: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ctx.runs; i++)
    for (const isDecree of i % 2 === 0 ? [true, false] : [false, true]) {
      const ms = await (isDecree ? decree() : baseline());
      (isDecree ? d : b).push(ms);
      ctx.log(
        `${label} run ${i + 1}/${ctx.runs}: ${isDecree ? 'Decree' : 'baseline'} ${ms.toFixed(0)} ms`,
      );
    }
  return { d, b };
};

/**
 * The PostgreSQL rows (import, replay, single command), or none with one line logged when no
 * server answers at DECREE_PG_URL (default the local one).
 */
export const postgresRows = async (
  w: Workload,
  commands: number,
  ctx: RowContext,
): Promise<RowResult[]> => {
  const db = `decree_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  try {
    await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${db}`));
  } catch (e) {
    ctx.log(
      `postgres rows: skipped: no PostgreSQL server answers at DECREE_PG_URL (${(e as Error).message})`,
    );
    return [];
  }
  const url = (() => {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${db}`;
    return u.toString();
  })();
  try {
    const size = `${n(w.events)} events, ${n(w.orders.length)} orders`;
    let decreeSchema = '';
    let rawSchema = '';
    const imp = await alternate(
      ctx,
      'postgres import',
      async () => {
        decreeSchema = await freshSchema(url, 'imp');
        const engine = await createEngine({ store: inSchema(url, decreeSchema) });
        const { ms, result } = await timed(() => engine.importNdjsonFile(w.ndjsonPath));
        await engine.close();
        if (result.appended !== w.events)
          throw new Error(`postgres import appended ${result.appended}/${w.events}`);
        return ms;
      },
      async () => {
        rawSchema = await freshSchema(url, 'raw');
        const { ms, result } = await timed(() => rawImport(url, rawSchema, w.ndjsonPath));
        if (result !== w.events) throw new Error(`raw postgres import wrote ${result}`);
        return ms;
      },
    );
    const rep = await alternate(
      ctx,
      'postgres replay',
      async () => {
        const engine = await createEngine({ store: inSchema(url, decreeSchema) });
        const { ms, result } = await timed(() => engine.replay());
        await engine.close();
        if (result.events !== w.events) throw new Error(`postgres replay: ${result.events}`);
        return ms;
      },
      async () => (await timed(() => rawReplay(url, rawSchema))).ms,
    );
    let run = 0;
    let rawRun = 0;
    const cmd = await alternate(
      ctx,
      'postgres single command',
      async () => {
        const cmds = commandsFor(w.orders, commands, 2000 + run++);
        const engine: Engine = await createEngine({ store: inSchema(url, decreeSchema) });
        await engine.orders(); // read models caught up first: a running service's engine
        const { ms } = await timed(async () => {
          for (const c of cmds) await engine.execute(c.orderId, c.command);
        });
        await engine.close();
        return ms;
      },
      async () => {
        const rng = new Rng(91 + rawRun);
        const rows = commandsFor(w.orders, commands, 6000 + rawRun++).map((c) => [
          0,
          `order-${c.orderId}`,
          1_000_000 + rng.int(0, 1_000_000_000),
          rng.uuid(),
          c.command.type,
          1,
          JSON.stringify(c.command.data),
          JSON.stringify(c.command.meta),
          new Date().toISOString(),
          PLACEHOLDER_HASH,
          PLACEHOLDER_HASH,
        ]);
        return (await timed(() => rawSingleRows(url, rawSchema, rows))).ms;
      },
    );
    return [
      ratioRow(ctx, {
        name: 'postgres import',
        size,
        ...imp,
        note: 'importNdjsonFile into a fresh schema on the local PostgreSQL server vs the same file JSON.parsed and inserted raw into the same table (unnest arrays, 10,000 rows per transaction; no validation, no hashing)',
      }),
      ratioRow(ctx, {
        name: 'postgres replay',
        size,
        ...rep,
        note: 'engine.replay() in this process (read models in the database, mirrored in memory) vs a paged read of every row in global order with JSON.parse',
      }),
      ratioRow(ctx, {
        name: 'postgres single command',
        size: `${n(commands)} commands on ${n(w.orders.length)} orders`,
        ...cmd,
        note: 'engine.execute, one command per transaction, on an engine whose read models are caught up vs one-row transactions (max position + 1, INSERT, COMMIT) into the same table',
      }),
    ];
  } finally {
    await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  }
};

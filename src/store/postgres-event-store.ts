import { userInfo } from 'node:os';
import { EVENT_COLUMNS, recordedOfRow, type EventRow } from './stored-row.js';
import pg from 'pg';
import type { ClientConfig, Notification, Pool, PoolClient } from 'pg';
import type {
  AppendBatch,
  AppendResult,
  CommonStoreOptions,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from './event-store.js';
import { DEFAULT_PAGE_SIZE } from './event-store.js';
import { InvalidEvent, StoreUnavailable } from './errors.js';
import {
  checkAllRead,
  checkStreamRead,
  checkSubscribe,
  checkRestore,
  planAppend,
  type StoredRow,
  type StreamHead,
} from './append-rules.js';
import { validateAll } from './sync-append.js';
import { assertRecorded, type CanonicalPayloads } from './validate.js';
import { createPollingSubscription } from './polling-subscription.js';
import { appendChannel, migratePostgres } from './postgres-schema.js';

/** Options of the PostgreSQL adapter. */
export interface PostgresEventStoreOptions extends CommonStoreOptions {
  /** The PostgreSQL schema that holds Decree's tables (default: the connection's `search_path`, usually `public`). */
  readonly schema?: string;
  /** How long to wait for a connection before `StoreUnavailable` (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /** The most connections the adapter's pool opens (default 4). */
  readonly maxConnections?: number;
  /**
   * The safety poll: how often a caught-up subscription reads while it listens for appends (default
   * 1000 ms); while the listening connection is down it polls at least every 50 ms.
   */
  readonly pollIntervalMs?: number;
}

/**
 * Parameterised queries on a connection or the pool: the part of `pg` this adapter's callers see
 * (its declarations need no `@types/pg` in the consumer's project).
 */
export interface PostgresQueryable {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ readonly rows: R[] }>;
}

/** The PostgreSQL event store; `pool` queries the same database (read models, checkpoints, tests). */
export interface PostgresEventStore extends EventStore {
  readonly kind: 'postgres';
  readonly pool: PostgresQueryable;
  /** Runs `fn` in one transaction on one connection of the pool (committed when it resolves). */
  transaction<T>(fn: (client: PostgresQueryable) => Promise<T>): Promise<T>;
}

/** `pg`'s pool or client seen as a `PostgresQueryable`. */
const queryable = (c: Pool | PoolClient): PostgresQueryable => ({
  query: async <R extends object>(sql: string, params: readonly unknown[] = []) => ({
    rows: (await c.query<R>(sql, [...params])).rows,
  }),
});

type Row = EventRow<string>;
const COLUMNS = EVENT_COLUMNS;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** SQLSTATE classes and Node socket codes that mean "the server cannot be used right now". */
const UNAVAILABLE_STATE = /^(08|28|53|57P|3D000|58)/;
const UNAVAILABLE_NODE =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EPIPE|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENOENT)$/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;

/**
 * The connection string with the operating-system user in it when neither it nor PGUSER names a
 * role, as libpq does (`pg` would send an empty user name).
 */
const withDefaultUser = (connectionString: string): string => {
  if (process.env.PGUSER !== undefined && process.env.PGUSER !== '') return connectionString;
  try {
    const url = new URL(connectionString);
    if (url.username !== '' || url.searchParams.has('user')) return connectionString;
    url.username = encodeURIComponent(userInfo().username);
    return url.toString();
  } catch {
    return connectionString; // not a URL: pg reports what is wrong with it
  }
};

/** A driver error that means "the store cannot be used right now" as `StoreUnavailable`; any other error as it is. */
const mapError = (e: unknown): unknown => {
  if (!(e instanceof Error) || e instanceof StoreUnavailable) return e;
  const code = (e as { code?: unknown }).code;
  const unavailable =
    (typeof code === 'string' && (UNAVAILABLE_STATE.test(code) || UNAVAILABLE_NODE.test(code))) ||
    UNAVAILABLE_MESSAGE.test(e.message) ||
    (e instanceof AggregateError && e.errors.some((x) => mapError(x) instanceof StoreUnavailable));
  return unavailable ? new StoreUnavailable(`PostgreSQL: ${e.message || String(code)}`, e) : e;
};

const toRecorded = recordedOfRow;

/** The global head as an append or restore found it, its row locked until the transaction ends. */
interface LockedHead {
  readonly next: bigint;
  readonly lastRecordedAt: string | undefined;
}

/**
 * How every append and restore transaction begins: BEGIN and the lock on the head row, sent as one
 * query (one round trip). The lock is a statement of its own, before anything else is read: a
 * statement that waited for it would still read with the snapshot it started with, from before the
 * commit of the writer it waited for.
 */
const BEGIN_LOCKING_HEAD =
  'BEGIN; SELECT next_position, last_recorded_at FROM decree_head FOR UPDATE';

/** The head row from the results of `BEGIN_LOCKING_HEAD` (the second statement's). */
const lockedHead = (began: readonly pg.QueryResult[]): LockedHead => {
  const row = began[1]?.rows[0] as
    { next_position: string; last_recorded_at: string | null } | undefined;
  if (row === undefined) throw new StoreUnavailable('PostgreSQL: the decree_head row is missing');
  return { next: BigInt(row.next_position), lastRecordedAt: row.last_recorded_at ?? undefined };
};

/** A text array written into a statement: each element an escaped literal (`E'…'` where it holds a backslash). */
const textArray = (values: readonly string[]): string =>
  `ARRAY[${values.map((v) => pg.escapeLiteral(v)).join(',')}]::text[]`;

/**
 * How an append or restore begins once it knows what it writes, in one query (one round trip):
 * `BEGIN_LOCKING_HEAD`, then, holding the head (a statement of its own, so with a snapshot taken
 * after the lock was granted), the stored events among `ids` and the last event of each of
 * `streams` that has any (one index scan per stream). A query of several statements takes no
 * parameters, so the ids and streams are written in as escaped literals.
 */
const beginLockingHeadAndLookingUp = (ids: readonly string[], streams: readonly string[]) =>
  `${BEGIN_LOCKING_HEAD};
   SELECT false AS last, ${COLUMNS} FROM decree_events WHERE id = ANY(${textArray(ids)})
   UNION ALL
   SELECT true, h.* FROM unnest(${textArray([...new Set(streams)])}) AS s(stream)
     CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM decree_events e
       WHERE e.stream = s.stream ORDER BY stream_revision DESC LIMIT 1) h`;

/** What `beginLockingHeadAndLookingUp` found (its third statement's rows): the stored events by id, the stream heads by stream. */
const lookedUp = (
  began: readonly pg.QueryResult[],
): { found: Map<string, RecordedEvent>; heads: Map<string, StreamHead> } => {
  const found = new Map<string, RecordedEvent>();
  const heads = new Map<string, StreamHead>();
  for (const r of (began[2]?.rows ?? []) as (Row & { last: boolean })[])
    if (r.last) heads.set(r.stream, { revision: r.stream_revision, hash: r.hash });
    else found.set(r.id, toRecorded(r));
  return { found, heads };
};

/**
 * Inserts rows (columns passed as arrays), moves the head past them and notifies `channel` of the
 * last position, in one statement: PostgreSQL delivers the notification when the transaction
 * commits, and never when it rolls back.
 */
const insertRows = async (
  c: PoolClient,
  rows: readonly StoredRow[],
  channel: string,
): Promise<void> => {
  const last = rows[rows.length - 1];
  if (last === undefined) return;
  await c.query(
    `WITH inserted AS (
       INSERT INTO decree_events (${COLUMNS})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[],
           $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
     ), head AS (
       UPDATE decree_head SET next_position = $12, last_recorded_at = $13 RETURNING 1
     )
     SELECT pg_notify($14, $15) FROM head`,
    [
      rows.map((r) => r.globalPosition.toString()),
      rows.map((r) => r.stream),
      rows.map((r) => r.streamRevision),
      rows.map((r) => r.id),
      rows.map((r) => r.type),
      rows.map((r) => r.schemaVersion),
      rows.map((r) => r.data),
      rows.map((r) => r.metadata),
      rows.map((r) => r.recordedAt),
      rows.map((r) => r.prevHash),
      rows.map((r) => r.hash),
      (last.globalPosition + 1n).toString(),
      last.recordedAt,
      channel,
      last.globalPosition.toString(),
    ],
  );
};

/** The append channel of the schema `c` uses (the first existing one of its `search_path`). */
const channelOf = async (c: PoolClient): Promise<string> => {
  const { rows } = await c.query<{ schema: string }>('SELECT current_schema() AS schema');
  return appendChannel(rows[0]?.schema ?? 'public');
};

/** The safety poll while listening, by default. */
const LISTENING_POLL_MS = 1000;
/** The longest a caught-up subscription sleeps while the listening connection is down. */
const FALLBACK_POLL_MS = 50;
/** The first and the longest wait before the listening connection is opened again. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5000;

/** The one listening connection of a store, opened while it has subscriptions. */
interface AppendListener {
  /** Whether `LISTEN` is in effect on a live connection. */
  readonly listening: () => boolean;
  /** Opens the connection when `on` (unless open or waiting to reopen), closes it when not. */
  readonly want: (on: boolean) => void;
  /** Closes the connection for good; resolves once its socket is closed. */
  readonly close: () => Promise<void>;
}

/**
 * A dedicated client (not the pool's: it stays checked out) that runs `LISTEN channel` and calls
 * `wake` on each notification. When the connection fails or ends, `wake` lets the subscriptions
 * read at once and fall back to frequent polling, and the client is reopened after a backoff
 * (100 ms doubling to 5 s); once `LISTEN` is in effect again, `wake` covers the appends in between.
 */
const listenForAppends = (
  config: ClientConfig,
  channel: string,
  wake: () => void,
): AppendListener => {
  let client: pg.Client | undefined; // opening or listening
  let listening = false;
  let wanted = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const ending = new Set<Promise<void>>();
  const release = (c: pg.Client): void => {
    const ended: Promise<void> = c
      .end()
      .catch(() => undefined)
      .finally(() => ending.delete(ended));
    ending.add(ended);
  };
  const open = (): void => {
    if (!wanted || client !== undefined || retry !== undefined) return;
    const c = new pg.Client(config);
    client = c;
    const lost = (): void => {
      if (client !== c) return;
      client = undefined;
      const was = listening;
      listening = false;
      release(c);
      if (was) wake();
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** failures++);
      retry = setTimeout(() => {
        retry = undefined;
        open();
      }, delay);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n: Notification) => {
      if (n.channel === channel) wake();
    });
    c.connect()
      .then(() => c.query(`LISTEN ${pg.escapeIdentifier(channel)}`))
      .then(() => {
        if (client !== c) return;
        listening = true;
        failures = 0;
        wake();
      }, lost);
  };
  const shut = (): void => {
    clearTimeout(retry);
    retry = undefined;
    const c = client;
    client = undefined;
    listening = false;
    if (c !== undefined) release(c);
  };
  return {
    listening: () => listening,
    want: (on) => {
      wanted = on;
      if (on) open();
      else shut();
    },
    close: async () => {
      wanted = false;
      shut();
      await Promise.all([...ending]);
    },
  };
};

/**
 * `planAppend` of `valid` (the batches before the first bad one) on a PostgreSQL transaction begun
 * by `beginLockingHeadAndLookingUp`, on the stream heads and stored ids that query read for the
 * whole call, then its rows inserted: as `appendBatches` (sync-append.ts) does on SQLite.
 */
const appendInTransaction = async (
  c: PoolClient,
  began: readonly pg.QueryResult[],
  valid: readonly AppendBatch[],
  payloads: readonly CanonicalPayloads[][],
  bad: { at: number; error: unknown } | undefined,
  pathOf: (k: number) => (string | number)[],
  clock: () => Date,
  channel: string,
): Promise<{ fresh: boolean; results: AppendResult[] }> => {
  const head = lockedHead(began);
  const { found, heads } = lookedUp(began);
  const { rows, results } = planAppend(
    valid,
    payloads,
    {
      found,
      head: (stream) => heads.get(stream),
      nextPosition: () => head.next,
      lastRecordedAt: head.lastRecordedAt,
    },
    clock,
    pathOf,
  );
  if (bad !== undefined) throw bad.error;
  await insertRows(c, rows, channel);
  return { fresh: rows.length > 0, results };
};

/**
 * Opens (creating the schema on first use) a PostgreSQL event store on `pg`'s connection pool.
 *
 * Global order: every append and restore transaction first locks the one row of `decree_head`
 * (`SELECT … FOR UPDATE`), which holds the next global position and the last `recordedAt`. Writers
 * therefore take positions one transaction at a time and commit in position order, so positions run
 * 0, 1, 2, … with no gap (a rolled-back append takes none, unlike a sequence) and a reader never
 * sees a position before every smaller one is visible: the single-writer technique, chosen over
 * Marten's and Emmett's transaction-id visibility filter because it keeps the log dense like
 * SQLite's (`logLength`, `verify`'s gap check) at the cost of serialising appends, which take a
 * few milliseconds each. The row is per schema, so stores in different schemas do not contend.
 *
 * Live subscriptions: each append transaction, in the statement that moves the head, calls
 * `pg_notify` once with its last position on the schema's channel (`appendChannel`:
 * `decree_appends`, or `decree_appends_<schema>` outside `public`); PostgreSQL delivers it on
 * commit only. While the store has subscriptions it holds one more connection, outside the pool,
 * that runs `LISTEN` on that channel, and every notification wakes every subscription, which then
 * reads the new events. Subscriptions still poll as a safety net (`pollIntervalMs`, default 1 s),
 * every 50 ms while the listening connection is down, and this process's own appends wake them at
 * once. A lost listening connection is reopened after a backoff (100 ms doubling to 5 s); it is
 * closed when the last subscription stops and by `close()`.
 * @example
 * const store = await openPostgresEventStore('postgres://postgres@localhost/decree');
 */
export const openPostgresEventStore = async (
  connectionString: string,
  options: PostgresEventStoreOptions = {},
): Promise<PostgresEventStore> => {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
    throw new InvalidEvent(
      'INVALID_EVENT',
      `schema must be a plain identifier (letters, digits, _), not ${JSON.stringify(options.schema)}`,
      ['schema'],
    );
  const clock = options.clock ?? (() => new Date());
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  const connection: ClientConfig = {
    connectionString: withDefaultUser(connectionString),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  };
  const pool = new pg.Pool({ ...connection, max: options.maxConnections ?? 4 });
  // A server that drops an idle connection (restart, pg_terminate_backend) must not crash the process:
  // the pool discards that client, and the next call opens another or reports STORE_UNAVAILABLE.
  pool.on('error', () => undefined);
  let closed = false;
  // Rejected by close(): a read still waiting then fails at once instead of waiting on a pool that
  // has ended (pg-pool drops the requests still queued for a connection when it ends).
  let closing: (e: Error) => void = () => undefined;
  const whenClosed = new Promise<never>((_, reject) => (closing = reject));
  whenClosed.catch(() => undefined);
  const listeners = new Set<() => void>();
  const guarded = new WeakSet<PoolClient>();

  const connect = async (): Promise<PoolClient> => {
    if (closed) throw new StoreUnavailable('the postgres event store is closed');
    try {
      const client = await pool.connect();
      // A checked-out connection the server drops between two statements emits 'error': the
      // statement that follows fails and reports it, so the event itself must not crash the process.
      if (!guarded.has(client)) {
        guarded.add(client);
        client.on('error', () => undefined);
      }
      return client;
    } catch (e) {
      throw mapError(e);
    }
  };
  const query = async <R extends object>(sql: string, params: unknown[]): Promise<R[]> => {
    if (closed) throw new StoreUnavailable('the postgres event store is closed');
    try {
      return (await Promise.race([pool.query<R>(sql, params), whenClosed])).rows;
    } catch (e) {
      throw mapError(e);
    }
  };
  /** Runs `fn` in one transaction on one connection, begun by `begin` (BEGIN, maybe with more statements, whose results `fn` gets). */
  const transaction = async <T>(
    fn: (c: PoolClient, began: readonly pg.QueryResult[]) => Promise<T>,
    begin = 'BEGIN',
  ): Promise<T> => {
    const client = await connect();
    let broken: Error | undefined;
    try {
      // Several statements in one query give one result each.
      const began = (await client.query(begin)) as pg.QueryResult | pg.QueryResult[];
      const out = await fn(client, Array.isArray(began) ? began : [began]);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch (r) {
        broken = r instanceof Error ? r : new Error(String(r));
      }
      throw mapError(e);
    } finally {
      // A connection whose rollback failed is not given back to the pool.
      client.release(broken);
    }
  };
  const wake = (): void => [...listeners].forEach((l) => l());

  const setup = await connect();
  let channel: string;
  try {
    await migratePostgres(setup);
    channel = await channelOf(setup);
    setup.release();
  } catch (e) {
    setup.release(e instanceof Error ? e : true);
    await pool.end().catch(() => undefined);
    throw mapError(e);
  }
  // TCP keepalive, so that a listening connection lost without a word from the server is noticed.
  const listener = listenForAppends(
    { ...connection, keepAlive: true, keepAliveInitialDelayMillis: 10_000 },
    channel,
    wake,
  );
  const safetyPollMs = options.pollIntervalMs ?? LISTENING_POLL_MS;

  const appendMany = async (
    batches: readonly AppendBatch[],
    pathOf: (k: number) => (string | number)[],
  ): Promise<AppendResult[]> => {
    const { payloads, bad } = validateAll(batches, pathOf);
    if (bad?.at === 0) throw bad.error;
    if (closed) throw new StoreUnavailable('the postgres event store is closed');
    if (batches.length === 0) return [];
    const valid = batches.slice(0, bad?.at ?? batches.length);
    const outcome = await transaction(
      (c, began) => appendInTransaction(c, began, valid, payloads, bad, pathOf, clock, channel),
      beginLockingHeadAndLookingUp(
        valid.flatMap((b) => b.events.map((e) => e.id)),
        valid.map((b) => b.stream),
      ),
    );
    if (outcome.fresh) wake();
    return outcome.results;
  };

  const appendRecorded = async (events: readonly RecordedEvent[]): Promise<void> => {
    const payloads = assertRecorded(events);
    if (closed) throw new StoreUnavailable('the postgres event store is closed');
    if (events.length === 0) return;
    await transaction(
      async (c, began) => {
        const head = lockedHead(began);
        const { found, heads } = lookedUp(began);
        checkRestore(events, payloads, {
          head: (s) => heads.get(s),
          isStored: (id) => found.has(id),
          lastRecordedAt: head.lastRecordedAt,
          firstPosition: head.next,
        });
        await insertRows(
          c,
          events.map((e, i) => ({
            ...e,
            ...(payloads[i] as CanonicalPayloads),
            globalPosition: head.next + BigInt(i),
          })),
          channel,
        );
      },
      beginLockingHeadAndLookingUp(
        events.map((e) => e.id),
        events.map((e) => e.stream),
      ),
    );
    wake();
  };

  const readAllPage = async (
    direction: 'forwards' | 'backwards',
    after: bigint | undefined,
    limit: number,
  ): Promise<RecordedEvent[]> =>
    (direction === 'forwards'
      ? await query<Row>(
          `SELECT ${COLUMNS} FROM decree_events WHERE global_position > $1 ORDER BY global_position ASC LIMIT $2`,
          [(after ?? -1n).toString(), limit],
        )
      : await query<Row>(
          `SELECT ${COLUMNS} FROM decree_events WHERE ($1::bigint IS NULL OR global_position < $1) ORDER BY global_position DESC LIMIT $2`,
          [after === undefined ? null : after.toString(), limit],
        )
    ).map(toRecorded);

  const MAX_REVISION = 2147483647;
  /**
   * Up to `limit` events of the stream from revision `from`, those recorded after `recordedBy` left
   * out (compared byte by byte, whatever the database's collation). Forwards, such a page looks at
   * `limit` revisions at most (revisions are contiguous), so a read past the last one recorded by
   * then stops at that page.
   */
  const readStreamPage = async (
    stream: string,
    forwards: boolean,
    from: number,
    limit: number,
    recordedBy: string | undefined,
  ): Promise<RecordedEvent[]> => {
    const at = Math.min(from, MAX_REVISION);
    const rows =
      recordedBy === undefined
        ? await query<Row>(
            forwards
              ? `SELECT ${COLUMNS} FROM decree_events WHERE stream = $1 AND stream_revision >= $2 ORDER BY stream_revision ASC LIMIT $3`
              : `SELECT ${COLUMNS} FROM decree_events WHERE stream = $1 AND stream_revision <= $2 ORDER BY stream_revision DESC LIMIT $3`,
            [stream, at, limit],
          )
        : forwards
          ? await query<Row>(
              `SELECT ${COLUMNS} FROM decree_events WHERE stream = $1 AND stream_revision BETWEEN $2 AND $3 AND recorded_at <= $4 COLLATE "C" ORDER BY stream_revision ASC`,
              [stream, at, Math.min(at + limit - 1, MAX_REVISION), recordedBy],
            )
          : await query<Row>(
              `SELECT ${COLUMNS} FROM decree_events WHERE stream = $1 AND stream_revision <= $2 AND recorded_at <= $3 COLLATE "C" ORDER BY stream_revision DESC LIMIT $4`,
              [stream, at, recordedBy, limit],
            );
    return rows.map(toRecorded);
  };

  async function* readStream(
    stream: string,
    opts: ReadStreamOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    checkStreamRead(opts);
    const forwards = (opts.direction ?? 'forwards') === 'forwards';
    let remaining = opts.limit ?? Number.POSITIVE_INFINITY;
    let from = opts.fromRevision ?? (forwards ? 0 : MAX_REVISION);
    while (remaining > 0 && from >= 0) {
      const want = Math.min(pageSize, remaining);
      const page = await readStreamPage(stream, forwards, from, want, opts.recordedBy);
      for (const e of page) yield e;
      const last = page[page.length - 1];
      if (last === undefined || page.length < want) return;
      remaining -= page.length;
      from = forwards ? last.streamRevision + 1 : last.streamRevision - 1;
    }
  }

  async function* readAll(opts: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    checkAllRead(opts);
    const direction = opts.direction ?? 'forwards';
    let remaining = opts.limit ?? Number.POSITIVE_INFINITY;
    let after = opts.after;
    while (remaining > 0) {
      const want = Math.min(pageSize, remaining);
      const page = await readAllPage(direction, after, want);
      for (const e of page) yield e;
      const last = page[page.length - 1];
      if (last === undefined || page.length < want) return;
      remaining -= page.length;
      after = last.globalPosition;
    }
  }

  return {
    kind: 'postgres',
    pool: {
      query: async <R extends object>(sql: string, params: readonly unknown[] = []) => ({
        rows: await query<R>(sql, [...params]),
      }),
    },
    transaction: async (fn) => {
      if (closed) throw new StoreUnavailable('the postgres event store is closed');
      return transaction((c) => fn(queryable(c)));
    },
    append: async (stream, events, { expectedRevision }) =>
      (await appendMany([{ stream, events, expectedRevision }], () => []))[0] as AppendResult,
    appendMany: (batches) => appendMany(batches, (k) => ['batches', k]),
    appendRecorded,
    streamsOf: async (ids) => {
      if (closed) throw new StoreUnavailable('the postgres event store is closed');
      const rows = await query<{ id: string; stream: string }>(
        'SELECT id, stream FROM decree_events WHERE id = ANY($1::text[])',
        [[...ids]],
      );
      return new Map(rows.map((r) => [r.id, r.stream] as const));
    },
    readStream,
    readAll,
    subscribe: (opts = {}) => {
      checkSubscribe(opts);
      return createPollingSubscription(
        {
          readPage: (after, limit) => readAllPage('forwards', after, limit),
          onAppend: (l) => {
            listeners.add(l);
            if (!closed) listener.want(true);
            return () => {
              if (listeners.delete(l) && listeners.size === 0) listener.want(false);
            };
          },
          pageSize,
          // A read on a connection the server dropped (a restart, pg_terminate_backend) fails once
          // the pool hands it out; the next read opens another. Not once the store is closed.
          retryable: (e) => !closed && e instanceof StoreUnavailable,
          // Read before each sleep: the safety poll while listening, frequent polls while not.
          get pollMs() {
            return listener.listening() ? safetyPollMs : Math.min(safetyPollMs, FALLBACK_POLL_MS);
          },
        },
        opts.after,
      );
    },
    close: async () => {
      if (closed) return;
      closed = true;
      closing(new StoreUnavailable('the postgres event store is closed'));
      const released = listener.close();
      wake();
      await Promise.all([released, pool.end().catch(() => undefined)]);
    },
  };
};

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { storedBy, type AppendBatch, type EventStore } from './event-store.js';
import type { AppendPipeline } from './append-pipeline.js';
import { buildRows, checkExpected, recordedAtFor, type StreamHead } from './append-rules.js';
import type { CanonicalPayloads } from './validate.js';
import { validateAll, type AppendContext } from './sync-append.js';

/** What the SQLite adapter gives its append pipeline. */
export interface SqlitePipelineSource {
  /** The database file (absolute), opened again by the writer thread. */
  readonly path: string;
  readonly busyTimeoutMs: number;
  /** The `synchronous` pragma statement the store uses. */
  readonly synchronous: string;
  /** The context the store's own appends run in: its backend on this thread (heads and positions are read there) and its clock. */
  readonly context: AppendContext;
  /** The store itself: calls the writer thread refused are made again through its `appendMany`. */
  readonly store: EventStore;
  /** Maps a driver error of the writer thread (message and SQLite code) to the store's error. */
  readonly mapError: (e: Error & { code?: string }) => unknown;
}

/**
 * The queue of calls for the writer thread (the one it is writing included) takes another call
 * while it holds fewer than PIPELINE_QUEUED_CALLS calls or fewer events than this; else the call
 * waits for the oldest to be written. The writer thread answers nothing while it commits (with its
 * fsync, about a quarter of a second for 40,000 rows), so a queue of many calls keeps the caller
 * validating and hashing the next ones meanwhile: measured on the bench's workload, a queue of
 * 16,000 events (32 of the import's calls) gave write phases of 15.2 to 16.6 s against 18.0 to
 * 20.3 s for a queue of 4 calls (four alternated imports each), and a peak RSS about 45 MB higher.
 */
export const PIPELINE_QUEUED_EVENTS = 16_000;

/** The queue takes this many calls whatever their size (see PIPELINE_QUEUED_EVENTS). */
export const PIPELINE_QUEUED_CALLS = 4;

/**
 * The writer thread commits once its open transaction holds this many rows, or when no further
 * call has come for PIPELINE_IDLE_COMMIT_MS, or when the pipeline is finished. Each transaction
 * rewrites every page of the `id` index it touched (ids are random), so 40,000 rows a transaction
 * write far less than ten of 4,000: measured on the bench's workload, a million raw inserts took
 * 17.8 s of inserting and committing at 40,000 rows a transaction against 29.8 s at 4,000 (18.0 s
 * at 200,000).
 */
export const PIPELINE_TRANSACTION_ROWS = 40_000;

/**
 * How long the writer thread keeps its transaction open waiting for the next call (ms). It never
 * waits longer: a writer on the caller's own thread that waits for the lock (better-sqlite3 waits
 * synchronously) blocks the caller, which then sends nothing until it has the lock.
 */
export const PIPELINE_IDLE_COMMIT_MS = 50;

// The writer thread: plain JavaScript (no build step), one connection of its own. Each message is
// one call, written under a savepoint that first checks the log still ends where the rows were
// chained after (no other writer appended since), so every head the rows were chained on is still
// current. Calls that come within PIPELINE_IDLE_COMMIT_MS of the previous one go into the same
// transaction, up to PIPELINE_TRANSACTION_ROWS rows; 'commit' (the pipeline is finished) commits
// at once. A call is answered once its rows are in the open transaction; each commit is announced
// with how many calls it made durable. After a refusal or a failure it commits the calls before it
// and refuses everything after, so nothing is written out of order.
const WRITER = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma(workerData.synchronous);
// A bulk writer's indexes: a 64 MiB page cache (SQLite's default is 2 MiB) and a checkpoint every ~40 MB of log, not every 4 MB.
db.pragma('cache_size = -65536');
db.pragma('wal_autocheckpoint = 10000');
// Each call's savepoint journals the first change of every page it touches (most are pages of the
// random id index): kept in memory, not spilled to a temporary file past 64 KiB, and dropped when
// the savepoint is released (a 500-row call's journal is a few MB).
db.pragma('temp_store = MEMORY');
const next = db.prepare('SELECT COALESCE(MAX(global_position), -1) + 1 FROM decree_events').pluck();
const insert = db.prepare('INSERT INTO decree_events (global_position, stream, stream_revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
// Inside the open transaction, a savepoint: a call that fails leaves the calls before it in place.
const write = db.transaction((rows, expectedNext) => {
  if (next.get() !== expectedNext) return false;
  for (const r of rows) insert.run(...r);
  return true;
});
const idle = new Int32Array(new SharedArrayBuffer(4)); // only ever slept on
let refusing = false;
let calls = 0; // calls in the open transaction
let rows = 0;
// What a failure's message carries: the driver's code and message.
const why = (e) => ({ code: e && e.code, message: String(e && e.message) });
const commit = () => {
  if (!db.inTransaction) return;
  const made = calls;
  calls = 0;
  rows = 0;
  try {
    db.exec('COMMIT');
    if (made > 0) parentPort.postMessage({ committed: made });
  } catch (e) {
    refusing = true;
    if (db.inTransaction) db.exec('ROLLBACK');
    if (made > 0) parentPort.postMessage({ lost: made, ...why(e) });
  }
};
const one = (m) => {
  if (refusing) return parentPort.postMessage({ outcome: 'refused' });
  let written;
  try {
    if (!db.inTransaction) db.exec('BEGIN IMMEDIATE');
    written = write(m.rows, m.next);
  } catch (e) {
    refusing = true;
    // The calls before it stay written; if SQLite rolled their transaction back, they are lost.
    if (db.inTransaction) commit();
    else if (calls > 0) parentPort.postMessage({ lost: calls, ...why(e) });
    calls = 0;
    rows = 0;
    return parentPort.postMessage({ outcome: 'failed', ...why(e) });
  }
  if (!written) {
    refusing = true;
    commit(); // the calls before it
    return parentPort.postMessage({ outcome: 'refused' });
  }
  calls++;
  rows += m.rows.length;
  parentPort.postMessage({ outcome: 'written' });
  if (rows >= workerData.transactionRows) commit();
};
// The next message, waiting up to the idle time (in steps of 1 ms) while a transaction is open.
const nextMessage = () => {
  let waiting = receiveMessageOnPort(parentPort);
  for (let ms = 0; waiting === undefined && calls > 0 && ms < workerData.idleCommitMs; ms++) {
    Atomics.wait(idle, 0, 0, 1);
    waiting = receiveMessageOnPort(parentPort);
  }
  return waiting;
};
parentPort.on('message', (first) => {
  for (let m = first; ; ) {
    if (m === null) { commit(); db.close(); parentPort.close(); return; }
    if (m === 'commit') commit();
    else one(m);
    const waiting = nextMessage();
    if (waiting === undefined) break;
    m = waiting.message;
  }
  commit();
});
`;

type Outcome =
  | { readonly outcome: 'written' | 'refused' }
  | { readonly outcome: 'failed'; readonly code?: string; readonly message: string };

/** That a commit made `committed` calls durable, or lost `lost` of them with their transaction. */
type CommitMessage =
  | { readonly committed: number }
  | { readonly lost: number; readonly code?: string; readonly message: string };

/** What the writer thread posts: a call's outcome, or a commit's. */
type WriterMessage = Outcome | CommitMessage;

interface Queued {
  readonly batches: readonly AppendBatch[];
  /** How many events the call holds, and at least one (so that calls of none are bounded too). */
  readonly weight: number;
  readonly reply: Promise<Outcome>;
}

/** How many events some batches hold. */
const eventsIn = (batches: readonly AppendBatch[]): number =>
  batches.reduce((n, b) => n + b.events.length, 0);

/** A call's rows as chained: the log must end at `start` when they are written, and ends at `end` after. */
interface Chained {
  readonly values: RowValues[];
  readonly start: bigint;
  readonly end: bigint;
  readonly heads: ReadonlyMap<string, StreamHead>;
  /** The last instant the rows record (undefined only for a call of no events). */
  readonly recordedAt: string | undefined;
}

/** A row as the writer thread binds it, in column order. */
type RowValues = [
  number,
  string,
  number,
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  string,
];

/**
 * The SQLite adapter's append pipeline: each call is validated and hash-chained on the caller's
 * thread (from the heads it wrote itself, else the stored ones) and written by a thread of its
 * own with a connection of its own, so the next call's parsing, validation and hashing overlap
 * this one's inserts and fsync (two cores instead of one). Calls that follow each other closely
 * share the writer thread's transaction (up to PIPELINE_TRANSACTION_ROWS rows), so a bulk writer
 * pays one commit for many calls; other writers wait for one such transaction at most. When
 * another writer appended in between (the log no longer ends where the rows were chained after)
 * or the store refuses a row (an id stored already), that call and every later one are made
 * again through `appendMany`, in order, and the pipeline goes on that way: the outcome, errors
 * included, is that of `appendMany`.
 */
export class SqliteAppendPipeline implements AppendPipeline {
  readonly #source: SqlitePipelineSource;
  #worker: Worker | undefined;
  /** Replies not yet received, oldest first (the writer thread answers in order). */
  readonly #replies: ((o: Outcome) => void)[] = [];
  #queue: Queued[] = [];
  /** The head of every stream this pipeline chained rows onto. */
  readonly #heads = new Map<string, StreamHead>();
  #next: bigint | undefined;
  #lastRecordedAt: string | undefined;
  #sequential = false;
  #gone: Extract<Outcome, { outcome: 'failed' }> | undefined;
  /** How many events the calls settled so far stored (identical retries of stored events count none). */
  #stored = 0;
  /** Calls the writer thread wrote into its open transaction, not yet committed. */
  #uncommitted = 0;
  /** Waiting for every written call to be committed. */
  #committing: (() => void)[] = [];
  /** Why calls the writer thread had written were not committed (their transaction failed). */
  #lost: unknown;

  constructor(source: SqlitePipelineSource) {
    this.#source = source;
  }

  async append(batches: readonly AppendBatch[]): Promise<void> {
    while (
      this.#queue.length >= PIPELINE_QUEUED_CALLS &&
      this.#queuedEvents() >= PIPELINE_QUEUED_EVENTS
    )
      await this.#settleOldest();
    if (this.#sequential) {
      await this.#appendMany(batches);
      return;
    }
    if (batches.length === 0) return;
    let rows: Chained;
    try {
      const { payloads, bad } = validateAll(batches, (k) => ['batches', k]);
      if (bad !== undefined) throw bad.error;
      rows = this.#chain(batches, payloads);
    } catch {
      // A call the pipeline cannot write as it stands (a bad event, a conflict, or a retry of stored
      // events, which appendMany answers before checking revisions): appendMany decides it, after
      // the calls before it, and throws its error if it has one.
      await this.finish();
      await this.#appendMany(batches);
      this.#heads.clear(); // it may have written some batches: the next call reads the store's heads again
      this.#next = undefined;
      this.#lastRecordedAt = undefined;
      return;
    }
    for (const [stream, head] of rows.heads) this.#heads.set(stream, head);
    this.#next = rows.end;
    this.#lastRecordedAt = rows.recordedAt ?? this.#lastRecordedAt;
    this.#queue.push({
      batches,
      weight: Math.max(1, eventsIn(batches)),
      reply: this.#send(rows.values, Number(rows.start)),
    });
  }

  /** How many events the queued calls hold. */
  #queuedEvents(): number {
    let n = 0;
    for (const q of this.#queue) n += q.weight;
    return n;
  }

  async finish(): Promise<number> {
    if (this.#queue.length > 0 || this.#uncommitted > 0) this.#worker?.postMessage('commit');
    while (this.#queue.length > 0) await this.#settleOldest();
    while (this.#uncommitted > 0 && this.#gone === undefined)
      await new Promise<void>((resolve) => this.#committing.push(resolve));
    this.#throwIfLost();
    return this.#stored;
  }

  /** Throws why written calls were lost, if they were. */
  #throwIfLost(): void {
    if (this.#lost !== undefined) throw this.#lost;
    if (this.#uncommitted > 0 && this.#gone !== undefined) throw this.#failure(this.#gone);
  }

  /** The store's error for a failure the writer thread reported. */
  #failure(o: { readonly code?: string | undefined; readonly message: string }): unknown {
    return this.#source.mapError(
      Object.assign(new Error(o.message), o.code === undefined ? {} : { code: o.code }),
    );
  }

  /** One call made through the store's `appendMany`, counting what it stored. */
  async #appendMany(batches: readonly AppendBatch[]): Promise<void> {
    this.#stored += storedBy(await this.#source.store.appendMany(batches));
  }

  async close(): Promise<void> {
    await Promise.all(this.#queue.map((q) => q.reply));
    this.#queue = [];
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker === undefined || this.#gone !== undefined) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref(); // until its connection is closed
    worker.postMessage(null);
    await exited;
  }

  /** The call's rows, chained after the heads this pipeline wrote (else the stored ones); nothing is noted until they are queued. */
  #chain(batches: readonly AppendBatch[], payloads: readonly CanonicalPayloads[][]): Chained {
    const b = this.#source.context.backend();
    const heads = new Map<string, StreamHead>();
    const headOf = (stream: string) =>
      heads.get(stream) ?? this.#heads.get(stream) ?? b.streamHead(stream);
    const clock = this.#source.context.clock;
    let lastAt = this.#lastRecordedAt ?? b.lastRecordedAt();
    let stamp: string | undefined;
    const start = this.#next ?? b.nextPosition();
    let end = start;
    const values: RowValues[] = [];
    batches.forEach(({ stream, events, expectedRevision, recordedAt: stated }, k) => {
      const head = headOf(stream);
      checkExpected(stream, expectedRevision, head);
      // One clock stamp for the call; a backfilled batch brings its own instant, in order.
      const recordedAt =
        stated === undefined
          ? (stamp ??= recordedAtFor(undefined, clock, lastAt))
          : recordedAtFor(stated, clock, lastAt, ['batches', k, 'recordedAt']);
      lastAt = recordedAt;
      for (const r of buildRows(
        stream,
        events,
        payloads[k] as CanonicalPayloads[],
        head,
        end,
        recordedAt,
      )) {
        values.push([
          Number(r.globalPosition),
          r.stream,
          r.streamRevision,
          r.id,
          r.type,
          r.schemaVersion,
          r.data,
          r.metadata,
          r.recordedAt,
          r.prevHash,
          r.hash,
        ]);
        heads.set(stream, { revision: r.streamRevision, hash: r.hash });
      }
      end += BigInt(events.length);
    });
    return { values, start, end, heads, recordedAt: lastAt };
  }

  #send(rows: readonly RowValues[], next: number): Promise<Outcome> {
    if (this.#gone !== undefined) return Promise.resolve(this.#gone);
    const reply = new Promise<Outcome>((resolve) => this.#replies.push(resolve));
    const worker = this.#writer();
    worker.ref(); // while a reply is awaited, the thread keeps the process alive; idle, it does not
    worker.postMessage({ rows, next });
    return reply;
  }

  #writer(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const { path, busyTimeoutMs, synchronous } = this.#source;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WRITER, {
      eval: true,
      workerData: {
        driver,
        path,
        busyTimeoutMs,
        synchronous,
        transactionRows: PIPELINE_TRANSACTION_ROWS,
        idleCommitMs: PIPELINE_IDLE_COMMIT_MS,
      },
    });
    worker.on('message', (m: WriterMessage) => {
      if ('committed' in m || 'lost' in m) this.#committed(m);
      else {
        if (m.outcome === 'written') this.#uncommitted++;
        this.#replies.shift()?.(m);
      }
      if (this.#replies.length === 0 && this.#uncommitted === 0) worker.unref();
    });
    const die = (message: string) => {
      this.#gone ??= { outcome: 'failed', message };
      for (const answer of this.#replies.splice(0)) answer(this.#gone);
      for (const wake of this.#committing.splice(0)) wake();
    };
    worker.on('error', (e) => die(`the SQLite writer thread failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (this.#replies.length > 0) die(`the SQLite writer thread exited (${code})`);
    });
    this.#worker = worker;
    return worker;
  }

  /** A commit of the writer thread: its calls are durable (and readers are told), or were lost with their transaction. */
  #committed(m: CommitMessage): void {
    if ('committed' in m) {
      this.#uncommitted -= m.committed;
      this.#source.context.backend().notifyAppend();
    } else {
      this.#uncommitted -= m.lost;
      this.#lost ??= this.#failure(m);
    }
    if (this.#uncommitted === 0) for (const wake of this.#committing.splice(0)) wake();
  }

  /** Waits for the oldest queued call; when it was refused, makes it and every later call again through `appendMany`. */
  async #settleOldest(): Promise<void> {
    const oldest = this.#queue[0] as Queued;
    const o = await oldest.reply;
    this.#throwIfLost();
    if (o.outcome === 'written') {
      this.#queue.shift();
      this.#stored += eventsIn(oldest.batches);
      return;
    }
    if (o.outcome === 'failed' && !/^SQLITE_CONSTRAINT/.test(o.code ?? '')) {
      this.#queue.shift();
      throw this.#failure(o);
    }
    // Refused (the writer thread wrote nothing of it, nor of any later call): appendMany decides each, in order.
    this.#sequential = true;
    const again = this.#queue;
    this.#queue = [];
    for (const q of again) {
      await q.reply;
      await this.#appendMany(q.batches);
    }
  }
}

// The import of a regular file, order by order (see importFileByOrder): its first read, the rule
// across orders, the check of each order, which worker threads share (check-worker.ts), and a
// backfill's recorded times.
import { statSync } from 'node:fs';
import type { ResourceLimits } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { orderStream } from '../../domain/index.js';
import type { ImportOptions, ImportReport, LineProblem } from './engine.types.js';
import {
  admitLine,
  blank,
  changedWhileImported,
  Collector,
  EventIds,
  freshLines,
  lineKeys,
  loadOrder,
  LOOKUP_WINDOW,
  PARSE_AGAIN,
  progressEvery,
  storedElsewhere,
  type RecordedTimes,
  type StoredTime,
  VERBATIM,
  writeInOrder,
  writing,
  written,
  type Pending,
} from './importer.js';
import {
  FileLines,
  LARGE_READS,
  lineStartAfterMiddle,
  ndjsonFileLines,
  ndjsonFileLinesAt,
  type ByteRange,
} from './ndjson-file.js';
import { ImportLine, isVerbatim, parseLine, type ParsedLine } from './ndjson.js';
import type { OrderWriter } from './order-writer.js';
import { CheckPool, type IndexedRange } from './check-threads.js';

/** `LineIndex.order` of a blank line, and of a line whose order its text does not name. */
const BLANK = -2;
const NO_ORDER = -1;
/** In a backfill's check, a line its order admits that is recorded already (`Checked.fresh`), until its time is checked. */
const DUPLICATE = 3;
/** How many lines one read of `importFileByOrder`'s check takes in at most. */
const READ_BATCH = 2_000;

/** A 32-bit hash of an event id: lines of two orders whose ids hash alike are checked against each other. */
const idKey = (id: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
};

/** A typed array's constructor. */
type Shareable<A> = (new (buffer: SharedArrayBuffer) => A) & { readonly BYTES_PER_ELEMENT: number };

/** A typed array of `size` zeros in memory that worker threads can share. */
const shared = <A>(Kind: Shareable<A>, size: number): A =>
  new Kind(new SharedArrayBuffer(size * Kind.BYTES_PER_ELEMENT));

/**
 * What the first read of `importFileByOrder` keeps of each line (by line number): where it is, how
 * long, its CRC-32, its order and a hash of its event id, a few numbers a line and never the line.
 */
export class LineIndex {
  count = 0;
  offset = shared(Float64Array, 1024);
  length = shared(Uint32Array, 1024);
  sum = shared(Uint32Array, 1024);
  /** The index of the line's order in `orderIds`, or BLANK, or NO_ORDER. */
  order = shared(Int32Array, 1024);
  /** `idKey` of the line's event id; 0 in `hasId` when its text gives none. */
  key = shared(Int32Array, 1024);
  hasId = shared(Uint8Array, 1024);
  readonly orderIds: string[] = [];
  readonly #orderIndex = new Map<string, number>();

  /** Notes the next line; its order and id come later (`keys`). */
  add(offset: number, raw: Uint8Array): number {
    const n = ++this.count;
    if (n >= this.offset.length) this.#grow();
    this.offset[n] = offset;
    this.length[n] = raw.length;
    this.sum[n] = crc32(raw);
    return n;
  }

  /** Notes line `n`'s order and event id. */
  keys(n: number, orderId: string | undefined, id: string | undefined): void {
    const k = orderId === undefined ? NO_ORDER : this.#indexOf(orderId);
    this.order[n] = k;
    if (id !== undefined && k >= 0) {
      this.key[n] = idKey(id);
      this.hasId[n] = 1;
    }
  }

  /** What this index holds, as a worker thread posts it (its typed arrays in shared memory, not copied). */
  parts(): LineIndexParts {
    const { count, offset, length, sum, order, key, hasId, orderIds } = this;
    return { count, offset, length, sum, order, key, hasId, orderIds };
  }

  /**
   * Adds the lines of the part of the file that follows this index's (`other`, numbered from 1
   * there) after its own: the index one read of both parts in turn makes. Its orders keep their
   * order of first appearance, after this index's.
   */
  append(other: LineIndexParts): void {
    const base = this.count;
    const n = base + other.count;
    while (n >= this.offset.length) this.#grow();
    const lines = (a: Float64Array | Uint32Array | Int32Array | Uint8Array) =>
      a.subarray(1, other.count + 1);
    this.offset.set(lines(other.offset), base + 1);
    this.length.set(lines(other.length), base + 1);
    this.sum.set(lines(other.sum), base + 1);
    this.key.set(lines(other.key), base + 1);
    this.hasId.set(lines(other.hasId), base + 1);
    const mapped = other.orderIds.map((id) => this.#indexOf(id));
    for (let i = 1; i <= other.count; i++) {
      const k = other.order[i]!;
      this.order[base + i] = k < 0 ? k : mapped[k]!;
    }
    this.count = n;
  }

  #indexOf(orderId: string): number {
    let k = this.#orderIndex.get(orderId);
    if (k === undefined) {
      k = this.orderIds.push(orderId) - 1;
      this.#orderIndex.set(orderId, k);
    }
    return k;
  }

  /** The lines of each order, in file order: `lines` from `from[k]` to `from[k + 1]` are order k's (the last slot: lines of no order). */
  byOrder(): { lines: Uint32Array; from: Uint32Array } {
    const orders = this.orderIds.length;
    const from = shared(Uint32Array, orders + 2);
    const slot = (n: number) => (this.order[n]! === NO_ORDER ? orders : this.order[n]!);
    for (let n = 1; n <= this.count; n++) if (this.order[n] !== BLANK) from[slot(n) + 1]! += 1;
    for (let k = 1; k < from.length; k++) from[k]! += from[k - 1]!;
    const next = from.slice();
    const lines = shared(Uint32Array, from[orders + 1]!);
    for (let n = 1; n <= this.count; n++) if (this.order[n] !== BLANK) lines[next[slot(n)]!++] = n;
    return { lines, from };
  }

  /** Each line's place, checksum and event id hash (in shared memory: worker threads read them as they are). */
  places(): LinePlaces {
    return {
      offset: this.offset,
      length: this.length,
      sum: this.sum,
      key: this.key,
      order: this.order,
    };
  }

  #grow(): void {
    const size = this.offset.length * 2;
    const grown = <A extends Float64Array | Uint32Array | Int32Array | Uint8Array>(a: A): A => {
      const b = shared(a.constructor as Shareable<A>, size);
      b.set(a);
      return b;
    };
    this.offset = grown(this.offset);
    this.length = grown(this.length);
    this.sum = grown(this.sum);
    this.order = grown(this.order);
    this.key = grown(this.key);
    this.hasId = grown(this.hasId);
  }
}

/** A `LineIndex`'s lines and orders, as a worker thread posts them. */
export type LineIndexParts = Pick<
  LineIndex,
  'count' | 'offset' | 'length' | 'sum' | 'order' | 'key' | 'hasId' | 'orderIds'
>;

/**
 * Where the check may run on worker threads: the store's SQLite file (each worker opens it), how
 * many threads, from how many lines of the file on (`THREADED_CHECK_MIN_LINES` by default), and
 * from how many bytes of file on the workers start with the import, one of them reading the
 * second half of the file while the calling thread reads the first (`SPLIT_READ_MIN_BYTES`).
 */
export interface CheckThreads {
  readonly db: string;
  readonly threads: number;
  readonly fromLines: number;
  readonly splitFromBytes: number;
  /** Each worker's heap limits (`CHECK_WORKER_LIMITS` by default). */
  readonly limits?: ResourceLimits;
  /** Called with the workers' exit codes once they have all exited (0: stopped between orders, not terminated). */
  readonly onStopped?: (exitCodes: readonly number[]) => void;
}

/**
 * Below this many lines a file is checked on the calling thread. Each worker loads the engine and
 * warms up its own compiled code, which a small file does not repay: measured on the bench's
 * workload, two workers checked 50,000 lines 0.6 s slower than the calling thread, 200,000 lines
 * in about the same time, and a million lines in 14 to 16 s against 21 to 25 s.
 */
export const THREADED_CHECK_MIN_LINES = 250_000;

/**
 * From this size on, a file's first read is shared: the check's workers start with the import,
 * and one reads the second half of the file while the calling thread reads the first (the
 * workers are then ready for the check). A worker takes about half a second to load the engine
 * and open the store, about what reading 96 MiB of lines takes. On the bench's 518 MB workload, a
 * read that finds each line's order, id and checksum took 1.95 s in two halves (the worker's
 * start included) against 2.75 to 2.98 s in one.
 */
export const SPLIT_READ_MIN_BYTES = 192 * 1024 * 1024;

/**
 * Imports new facts from a file in memory bounded by its largest order rather than by the file,
 * however its orders' lines interleave; same report, same all-or-nothing answer on bad input, same
 * idempotence as `importFacts`. A first read notes where each line is, its order, its event id
 * and its checksum, and looks up which ids other orders already store. The one rule that spans
 * orders (an event id names one fact in one order: the first line with an id keeps it) is then
 * settled for the few lines whose ids two orders share, in file order. The check proper goes
 * order by order, reading each order's lines from their places, with only that order's state in
 * memory. In a backfill (`times`), the recorded times of the lines the orders admitted are then
 * checked in file order (`checkTimes`), the one rule of a backfill that spans orders. A last read
 * writes the new lines in file order through the store's append pipeline (`writeInOrder`). The
 * file must not change while it is imported: a line whose bytes differ from the first read's
 * stops the import.
 * Given `threads`, a file of `threads.fromLines` lines or more is checked on worker threads
 * (`CheckPool`); from `threads.splitFromBytes` bytes of file on, the workers start with the
 * import and one of them takes half of the first read.
 */
export const importFileByOrder = async (
  writer: OrderWriter,
  path: string,
  options: ImportOptions = {},
  threads?: CheckThreads,
  times?: RecordedTimes,
): Promise<ImportReport> => {
  const backfill = times !== undefined;
  const size = statSync(path).size;
  const pool =
    threads !== undefined && threads.threads >= 2 && size >= threads.splitFromBytes
      ? new CheckPool(threads)
      : undefined;
  let file: FileLines | undefined;
  try {
    const { index, stored } = await indexLines(path, size, writer, backfill, pool);
    file = new FileLines(path);
    const job: CheckJob = {
      places: index.places(),
      ...(backfill ? { backfill: { at: shared(Float64Array, index.count + 1) } } : {}),
      orderIds: index.orderIds,
      byOrder: index.byOrder(),
      across: { clashes: sharedIds(index, stored, file, backfill), stored },
    };
    const check = await checkAll(
      writer,
      { path, job, count: index.count, file, options },
      threads,
      pool,
    );
    if (times) await checkTimes(writer, job, index.count, file, check, times);
    const { duplicates, fresh } = check;
    const c = collected(index.count, check.rejected);
    if (c.problems.length > 0 && !options.skipInvalid) return c.report(0, duplicates, false);
    const sent = fresh.reduce((a, v) => a + (v === 0 ? 0 : 1), 0);
    writing(options, sent);
    const lines = freshLines(ndjsonFileLines(path, LARGE_READS), { fresh, sums: index.sum, times });
    const appended = await writeInOrder(writer, lines, check.start, options);
    return written(c, duplicates, sent, appended);
  } finally {
    file?.close();
    await pool?.close();
  }
};

/**
 * The check of every order: on the workers of `pool` (started with the import) or of a new pool
 * when the file has lines enough for threads, else on this thread, as also when the workers fail.
 * The workers have ended when it returns.
 */
const checkAll = async (
  writer: OrderWriter,
  c: {
    path: string;
    job: CheckJob;
    count: number;
    file: FileLines;
    options: ImportOptions;
  },
  threads: CheckThreads | undefined,
  pool: CheckPool | undefined,
): Promise<Checked> => {
  const threaded = threads !== undefined && threads.threads >= 2 && c.count >= threads.fromLines;
  if (!threaded) await pool?.close(); // started for a large file of fewer lines than take threads
  const workers = threaded ? (pool ?? new CheckPool(threads)) : undefined;
  return (
    (await workers?.check(c.path, c.job, c.count, c.options)) ??
    (await checkByOrder(writer, c.job, c.count, c.file, c.options))
  );
};

/** Which stream stores each of `ids` (those stored at all), one lookup for many ids. */
export type StreamsOf = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/**
 * The first read of a part of the file (the whole file without `range`): each line's place,
 * order and id, numbered from 1 there, and the ids stored in another order than their line's,
 * looked up with `streamsOf` (none when the log is empty: no id is stored anywhere).
 */
export const indexRange = async (
  path: string,
  range: ByteRange | undefined,
  backfill: boolean,
  streamsOf: StreamsOf | undefined,
): Promise<{ index: LineIndex; stored: Map<string, string> }> => {
  const index = new LineIndex();
  const stored = new Map<string, string>();
  let window: { id: string; stream: string }[] = [];
  const lookUp = async () => {
    if (window.length === 0) return;
    const found = await streamsOf!(window.map((w) => w.id));
    for (const { id, stream } of window) {
      const at = found.get(id);
      if (at !== undefined && at !== stream) stored.set(id, at); // in its own order, admission finds it
    }
    window = [];
  };
  for await (const { bytes, offset } of ndjsonFileLinesAt(path, LARGE_READS, range)) {
    const n = index.add(offset, bytes);
    if (blank(bytes)) {
      index.order[n] = BLANK;
      continue;
    }
    const { orderId, id } = lineKeys(bytes, n, backfill);
    index.keys(n, orderId, id);
    if (orderId !== undefined && id !== undefined && streamsOf !== undefined)
      window.push({ id, stream: orderStream(orderId) });
    if (window.length >= LOOKUP_WINDOW) await lookUp();
  }
  await lookUp();
  return { index, stored };
};

/**
 * The first read of `importFileByOrder`: every line's place, order and id, and the ids stored in
 * another order than their line's. Given a pool of check workers (a large file), one of them reads
 * the second half of the file while this thread reads the first; if it fails, this thread reads
 * that half too. Either way the index is the one a single read makes.
 */
const indexLines = async (
  path: string,
  size: number,
  writer: OrderWriter,
  backfill: boolean,
  pool: CheckPool | undefined,
): Promise<{ index: LineIndex; stored: Map<string, string> }> => {
  const empty = (await writer.logLength()) === 0n; // no id is stored anywhere: nothing to look up
  const streamsOf: StreamsOf | undefined = empty ? undefined : (ids) => writer.streamsOf(ids);
  const cut = pool === undefined ? undefined : lineStartAfterMiddle(path, size);
  if (pool === undefined || cut === undefined)
    return indexRange(path, undefined, backfill, streamsOf);
  const second: ByteRange = { start: cut, end: size };
  const theirs = pool.index({ path, range: second, backfill, lookUp: !empty });
  const whole = await indexRange(path, { start: 0, end: cut }, backfill, streamsOf);
  const here = async (): Promise<IndexedRange> => {
    const { index, stored } = await indexRange(path, second, backfill, streamsOf);
    return { parts: index.parts(), stored };
  };
  const rest = (await theirs) ?? (await here());
  whole.index.append(rest.parts);
  for (const [id, stream] of rest.stored) whole.stored.set(id, stream);
  return whole;
};

/**
 * The lines the rule across orders refuses, with their problems: the lines whose id hash another
 * order's line shares (rare, and a superset of the lines that share an id), parsed and checked by
 * `EventIds` in file order. Every other line's id is its order's alone in the file, so only the
 * store can hold it elsewhere (`storedElsewhere`, which `EventIds` checks first too).
 */
const sharedIds = (
  index: LineIndex,
  stored: ReadonlyMap<string, string>,
  file: FileLines,
  backfill: boolean,
): Map<number, LineProblem[]> => {
  const firstOrder = new Map<number, number>();
  const shared = new Set<number>();
  for (let n = 1; n <= index.count; n++) {
    if (index.hasId[n] === 0) continue;
    const k = index.key[n]!;
    const first = firstOrder.get(k);
    if (first === undefined) firstOrder.set(k, index.order[n]!);
    else if (first !== index.order[n]) shared.add(k);
  }
  firstOrder.clear();
  const lines: number[] = [];
  for (let n = 1; n <= index.count; n++)
    if (index.hasId[n] === 1 && shared.has(index.key[n]!)) lines.push(n);
  const ids = new EventIds();
  const verdicts = new Map<number, LineProblem[]>();
  for (const [n, raw] of readLines(index, lines, file)) {
    const parsed = parseLine(raw, n, ImportLine, backfill);
    if (Array.isArray(parsed)) continue;
    const problems = ids.check(parsed, stored.get(parsed.event.id));
    if (problems.length > 0) verdicts.set(n, problems);
  }
  return verdicts;
};

/** Lines `lines` (ascending numbers) read again from their places, each checked against its first read's CRC. */
function* readLines(
  index: LinePlaces,
  lines: ArrayLike<number>,
  file: FileLines,
): Generator<[number, Buffer]> {
  for (let i = 0; i < lines.length; i += READ_BATCH) {
    const batch = Array.from(
      { length: Math.min(READ_BATCH, lines.length - i) },
      (_, j) => lines[i + j]!,
    );
    const bytes = file.read(batch.map((n) => [index.offset[n]!, index.length[n]!]));
    for (let j = 0; j < batch.length; j++) {
      const n = batch[j]!;
      if (bytes[j]!.length !== index.length[n] || crc32(bytes[j]!) !== index.sum[n])
        throw changedWhileImported();
      yield [n, bytes[j]!];
    }
  }
}

/** Each line's place, checksum, event id hash and order, by line number (shared with the check's worker threads). */
export type LinePlaces = Pick<LineIndex, 'offset' | 'length' | 'sum' | 'key' | 'order'>;

/** What checking any order needs (structured-cloneable: a worker thread gets it as it is, the typed arrays shared). */
export interface CheckJob {
  readonly places: LinePlaces;
  /** In a backfill, where each admitted line's recorded time goes (milliseconds, by line number; shared). */
  readonly backfill?: { readonly at: Float64Array };
  readonly orderIds: readonly string[];
  /** The lines of each order (`LineIndex.byOrder`): slot `orderIds.length` holds the lines of no order. */
  readonly byOrder: { readonly lines: Uint32Array; readonly from: Uint32Array };
  /** How the rule across orders answers: the lines it refuses (settled in file order), and the ids stored in another order. */
  readonly across: {
    readonly clashes: ReadonlyMap<number, LineProblem[]>;
    readonly stored: ReadonlyMap<string, string>;
  };
}

/** What the check of one order found: its revision as stored, how many of its lines are recorded already, its bad lines. */
export interface OrderChecked {
  readonly revision: number;
  readonly duplicates: number;
  readonly rejected: (readonly [line: number, raw: Uint8Array, problems: LineProblem[]])[];
}

/**
 * Checks the lines of order `k` (the slot after the last order: the lines of no order, which never
 * parse) in file order against its state as stored, with only that state in memory, and marks
 * each new line in `fresh` (VERBATIM or PARSE_AGAIN) by its number.
 */
export const checkOrder = async (
  writer: OrderWriter,
  job: CheckJob,
  k: number,
  file: FileLines,
  fresh: Uint8Array,
  onLine?: () => void,
): Promise<OrderChecked> => {
  const orderId = job.orderIds[k];
  const order = orderId === undefined ? undefined : await loadOrder(writer, undefined, orderId);
  const { lines, from } = job.byOrder;
  let duplicates = 0;
  const rejected: OrderChecked['rejected'] = [];
  for (const [n, raw] of readLines(job.places, lines.subarray(from[k], from[k + 1]), file)) {
    onLine?.();
    const verdict = checkLine(order, orderId, parseLine(raw, n, ImportLine, !!job.backfill), job);
    if (verdict === 'duplicate') duplicates++;
    else if (Array.isArray(verdict))
      rejected.push([n, Buffer.from(raw), verdict]); // a copy: the view holds its whole read
    else fresh[n] = verdict;
  }
  if (orderId !== undefined) writer.forget(orderId);
  return { revision: order?.start.revision ?? -1, duplicates, rejected };
};

/** What the whole check found, ready for the write phase. */
export interface Checked {
  /** Each bad line's bytes and problems, by its number. */
  readonly rejected: Map<number, readonly [raw: Uint8Array, problems: LineProblem[]]>;
  duplicates: number;
  /** At each line's number: VERBATIM or PARSE_AGAIN for a line to write (in a backfill, until its time is checked, DUPLICATE for a line recorded already), else 0. */
  readonly fresh: Uint8Array;
  /** Each order's revision in the store when it was checked. */
  readonly start: Map<string, number>;
}

/** An empty `Checked` of a file of `count` lines, its `fresh` in `buffer` when given (shared with worker threads). */
export const checkedOf = (count: number, buffer?: SharedArrayBuffer): Checked => {
  const fresh = buffer ? new Uint8Array(buffer) : new Uint8Array(count + 1);
  return { rejected: new Map(), duplicates: 0, fresh, start: new Map() };
};

/** Adds what the check of order `k` found to the whole check's. */
export const tally = (into: Checked, job: CheckJob, k: number, r: OrderChecked): void => {
  const orderId = job.orderIds[k];
  if (orderId !== undefined) into.start.set(orderId, r.revision);
  into.duplicates += r.duplicates;
  for (const [n, raw, problems] of r.rejected) into.rejected.set(n, [raw, problems]);
};

/** The check's findings as a report's: the bad lines and their problems in file order. */
const collected = (count: number, rejected: Checked['rejected']): Collector => {
  const c = new Collector();
  c.lines = count;
  for (const n of [...rejected.keys()].sort((a, b) => a - b)) {
    const [raw, problems] = rejected.get(n)!;
    c.reject(n, raw, problems);
  }
  return c;
};

/**
 * A backfill's recorded times, checked in file order once every order is checked: each line its
 * order admitted (new or recorded already) goes through `RecordedTimes` as the line-after-line
 * import takes it. A line refused there changes what its order admits after it, so from there on
 * that order's lines are checked again one by one as the scan reaches them, against its state
 * folded anew without the refused line (held until its last line). A valid backfill refuses none
 * and holds no state; the scan reads each line's bytes again only for such an order.
 */
const checkTimes = async (
  writer: OrderWriter,
  job: CheckJob,
  count: number,
  file: FileLines,
  into: Checked,
  times: RecordedTimes,
): Promise<void> => {
  const { at } = job.backfill!;
  const { fresh } = into;
  const repeats = await repeatsOf(writer, job, file, fresh);
  const again = new Map<number, { readonly order: Pending; readonly last: number }>();
  for (let n = 1; n <= count; n++) {
    const k = job.places.order[n]!;
    const mine = again.get(k);
    if (mine !== undefined) {
      checkAgain(job, n, mine.order, file, into, times, recordedBefore(repeats, n, fresh, at));
      if (n === mine.last) {
        again.delete(k);
        writer.forget(job.orderIds[k]!);
      }
      continue;
    }
    const v = fresh[n];
    if (v !== VERBATIM && v !== PARSE_AGAIN && v !== DUPLICATE) continue;
    const recordedAt = new Date(at[n]!).toISOString();
    const problems = times.check(
      { line: n, recordedAt },
      v !== DUPLICATE,
      recordedBefore(repeats, n, fresh, at),
    );
    if (problems.length === 0) continue;
    fresh[n] = 0;
    for (const [, raw] of readLines(job.places, [n], file))
      into.rejected.set(n, [Buffer.from(raw), problems]);
    const state = await refolded(writer, job, k, n, file, into);
    if (state.last > n) again.set(k, state);
    else writer.forget(job.orderIds[k]!);
  }
  for (let n = 1; n <= count; n++)
    if (fresh[n] === DUPLICATE) {
      into.duplicates++;
      fresh[n] = 0;
    }
};

/**
 * The lines of a backfill that repeat an event, by line number: `stored`, those that repeat an
 * event the store holds (DUPLICATE) and state another time than it was recorded at, with that
 * event's id and stored time (each order with such a line has its stream read once; a store that
 * was empty has none to read); `copies`, those that repeat an earlier line of their order in the
 * file, with the event's id and those earlier lines (found by their ids' hashes, then read).
 */
interface Repeats {
  readonly stored: ReadonlyMap<number, StoredTime>;
  readonly copies: ReadonlyMap<number, Copy>;
}

/** The `Repeats` of a backfill's file once its orders are checked (`fresh`: the check's verdicts). */
const repeatsOf = async (
  writer: OrderWriter,
  job: CheckJob,
  file: FileLines,
  fresh: Uint8Array,
): Promise<Repeats> => {
  const r = { stored: new Map<number, StoredTime>(), copies: new Map<number, Copy>() };
  const holds = (await writer.logLength()) !== 0n;
  const { lines, from } = job.byOrder;
  for (let k = 0; k + 1 < from.length; k++) {
    const own = lines.subarray(from[k], from[k + 1]);
    copiesIn(job.places, own, file, r.copies);
    const repeated = holds ? own.filter((n) => fresh[n] === DUPLICATE) : [];
    if (repeated.length > 0)
      storedDiffering(job, repeated, await writer.recordedTimes(job.orderIds[k]!), file, r.stored);
  }
  return r;
};

/** A line repeating earlier lines of its order: the event's id and those lines. */
interface Copy {
  readonly id: string;
  readonly earlier: number[];
}

/** Into `copies`, the lines of one order (`own`) that repeat an earlier line's event id. */
const copiesIn = (
  places: LinePlaces,
  own: Uint32Array,
  file: FileLines,
  copies: Map<number, Copy>,
): void => {
  const linesOf = new Map<string, number[]>();
  for (const [n, raw] of readLines(places, sharingKeys(places.key, own), file)) {
    const { id } = lineKeys(raw, n, true);
    if (id === undefined) continue;
    const earlier = linesOf.get(id);
    if (earlier === undefined) {
      linesOf.set(id, [n]);
      continue;
    }
    copies.set(n, { id, earlier: [...earlier] });
    earlier.push(n);
  }
};

/** Into `stored`, the lines among `repeated` that state another time than the store's `times` (by event id) give their event. */
const storedDiffering = (
  job: CheckJob,
  repeated: ArrayLike<number>,
  times: ReadonlyMap<string, string>,
  file: FileLines,
  stored: Map<number, StoredTime>,
): void => {
  const { at } = job.backfill!;
  for (const [n, raw] of readLines(job.places, repeated, file)) {
    const { id } = lineKeys(raw, n, true);
    const storedAt = id === undefined ? undefined : times.get(id);
    if (id !== undefined && storedAt !== undefined && Date.parse(storedAt) !== at[n])
      stored.set(n, { id, at: storedAt });
  }
};

/** The lines of `own` whose id hash another of them shares (ascending, as `own` is). */
const sharingKeys = (key: Int32Array, own: Uint32Array): Uint32Array => {
  const seen = new Map<number, number>();
  for (const n of own) seen.set(key[n]!, (seen.get(key[n]!) ?? 0) + 1);
  return own.filter((n) => seen.get(key[n]!)! > 1);
};

/**
 * The time line `n` of a backfill must state when it repeats an event, as the check stands: the
 * store's, or that of the earlier line of its order the check took (`fresh`) with the same id.
 */
const recordedBefore = (
  r: Repeats,
  n: number,
  fresh: Uint8Array,
  at: Float64Array,
): StoredTime | undefined => {
  const stored = r.stored.get(n);
  if (stored !== undefined) return stored;
  const copy = r.copies.get(n);
  const m = copy?.earlier.find((l) => fresh[l] === VERBATIM || fresh[l] === PARSE_AGAIN);
  return m === undefined
    ? undefined
    : { id: copy!.id, at: new Date(at[m]!).toISOString(), line: m };
};

/**
 * Order `k`'s state up to line `n` (which its recorded time refused), folded anew from its lines
 * before `n` that it admitted, and its last line; what the check found of its lines after `n` is
 * forgotten (the scan checks them again).
 */
const refolded = async (
  writer: OrderWriter,
  job: CheckJob,
  k: number,
  n: number,
  file: FileLines,
  into: Checked,
): Promise<{ order: Pending; last: number }> => {
  const order = await loadOrder(writer, undefined, job.orderIds[k]!);
  const { lines, from } = job.byOrder;
  const own = lines.subarray(from[k], from[k + 1]);
  const admitted = [...own].filter((m) => m < n && into.fresh[m] !== 0);
  for (const [m, raw] of readLines(job.places, admitted, file)) {
    const parsed = parseLine(raw, m, ImportLine, true);
    if (!Array.isArray(parsed)) admitLine(order, parsed, undefined);
    order.events.length = 0;
  }
  for (const m of own)
    if (m > n) {
      into.fresh[m] = 0;
      into.rejected.delete(m);
    }
  return { order, last: own[own.length - 1]! };
};

/** Line `n`, checked again against its order's state, its recorded time included. */
const checkAgain = (
  job: CheckJob,
  n: number,
  order: Pending,
  file: FileLines,
  into: Checked,
  times: RecordedTimes,
  stored: StoredTime | undefined,
): void => {
  for (const [, raw] of readLines(job.places, [n], file)) {
    const k = job.places.order[n]!;
    const verdict = checkLine(order, job.orderIds[k], parseLine(raw, n, ImportLine, true), job, {
      times,
      stored,
    });
    if (verdict === 'duplicate') into.duplicates++;
    else if (Array.isArray(verdict)) into.rejected.set(n, [Buffer.from(raw), verdict]);
    else into.fresh[n] = verdict;
  }
};

/** The check of `importFileByOrder` on the calling thread: order by order, then the lines of no order. */
const checkByOrder = async (
  writer: OrderWriter,
  job: CheckJob,
  count: number,
  file: FileLines,
  options: ImportOptions,
): Promise<Checked> => {
  const into = checkedOf(count);
  let checked = 0;
  const onLine = () => progressEvery(options, ++checked, count);
  for (let k = 0; k + 1 < job.byOrder.from.length; k++)
    tally(into, job, k, await checkOrder(writer, job, k, file, into.fresh, onLine));
  progressEvery(options, count, count);
  return into;
};

/** What the rule across orders says of a parsed line of order `orderId` (settled before the check, or the store's answer). */
const acrossOrders = (
  parsed: ParsedLine,
  orderId: string | undefined,
  job: CheckJob,
): LineProblem[] => {
  const n = parsed.line;
  if (parsed.orderId !== orderId || idKey(parsed.event.id) !== job.places.key[n])
    throw new Error(`line ${n}: its order or event id was misread from its text (a bug)`);
  const { clashes, stored } = job.across;
  return clashes.get(n) ?? storedElsewhere(parsed, stored.get(parsed.event.id));
};

/**
 * A parsed line of `checkByOrder` against its order (`orderId`'s, or none for the lines of no
 * order, which never parse): its problems, or whether it is new (and how to write it) or recorded
 * (in a backfill, DUPLICATE, and its recorded time noted, unless `recorded.times` checks it here,
 * with `recorded.stored`: when the store recorded its event, if it did).
 */
const checkLine = (
  order: Pending | undefined,
  orderId: string | undefined,
  parsed: ParsedLine | LineProblem[],
  job: CheckJob,
  recorded?: { readonly times: RecordedTimes; readonly stored: StoredTime | undefined },
): LineProblem[] | 'duplicate' | typeof VERBATIM | typeof PARSE_AGAIN | typeof DUPLICATE => {
  if (Array.isArray(parsed)) return parsed;
  const n = parsed.line;
  const { backfill } = job;
  const times = recorded?.times;
  const clash = acrossOrders(parsed, orderId, job);
  const verdict = clash.length > 0 ? clash : admitLine(order!, parsed, times, recorded?.stored);
  order!.events.length = 0; // the last read writes the line again from the file
  if (Array.isArray(verdict)) return verdict;
  // A backfill's admitted line waits for its recorded time to be checked (`checkTimes`), unless
  // `times` checked it here; a line recorded already is counted then.
  const waiting = backfill !== undefined && times === undefined;
  // Noted again when checked again: a later line repeating this one states its time.
  if (backfill !== undefined) backfill.at[n] = Date.parse(parsed.recordedAt!);
  if (verdict === 'duplicate') return waiting ? DUPLICATE : verdict;
  return isVerbatim(parsed) && parsed.recordedAt === undefined ? VERBATIM : PARSE_AGAIN;
};

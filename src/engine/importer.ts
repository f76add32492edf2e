import {
  admit,
  DecreeError,
  isDecreeError,
  evolveInto,
  orderDraft,
  orderIdOfStream,
  orderStream,
  type Admission,
  type OrderDraft,
  type OrderEvent,
  type OrderState,
} from '../../domain/index.js';
import {
  lastEvent,
  restoreFaultOf,
  RestoreRefused,
  type AppendPipeline,
  type EventStore,
  type RecordedEvent,
} from '../store/index.js';
import type { ImportOptions, ImportReport, LineProblem } from './engine.types.js';
import { crc32 } from 'node:zlib';
import {
  decodeLine,
  ExportLine,
  ImportLine,
  isOrderStream,
  lineProblems,
  parseLine,
  recordedOfLine,
  reparseAcceptedLine,
  type ParsedLine,
} from './ndjson.js';
import type { CheckedBatch, OrderWriter } from './order-writer.js';

type Lines = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** An order being checked: its state as stored, its state after the lines admitted so far, and their events. */
export interface Pending {
  readonly start: { readonly state: OrderState; readonly revision: number };
  /** The import keeps only an order's latest state: its fold may update what it made in place. */
  readonly draft: OrderDraft;
  state: OrderState;
  readonly events: OrderEvent[];
}

/** Whether a line holds only blanks (a blank line is skipped, not refused). */
export const blank = (l: Uint8Array | string) =>
  typeof l === 'string' ? l.trim() === '' : l.every((b) => b === 32 || b === 9 || b === 13);
/** How many events the line-after-line import writes in one store transaction. */
const WRITE_CHUNK = 4_000;
/**
 * How many events go in one call of the append pipeline (one recorded instant each): the store
 * groups calls into transactions of its own size (on SQLite, PIPELINE_TRANSACTION_ROWS). Small
 * calls keep little alive while they wait: a call of 4,000 parsed events outlived young-generation
 * collections, and copying it made them about half the write phase's garbage collection.
 */
const PIPELINE_CALL = 500;
/** How many lines' ids are looked up in the store at once while checking. */
export const LOOKUP_WINDOW = 500;
/** How the write phase reads a line the check found new (0: a line it skips): as it is… */
export const VERBATIM = 1;
/** …or parsed and validated again (the schema changed what it read: trimmed, upcast). */
export const PARSE_AGAIN = 2;

/**
 * A backfill's recorded times, checked line by line in file order: each line's `recordedAt` is no
 * earlier than the line before it and not after the clock; a line not yet recorded is also no
 * earlier than the store's last recorded instant (history is added after what the store holds).
 */
export class RecordedTimes {
  #last: { readonly at: string; readonly line: number } | undefined;
  readonly #storeLast: string | undefined;
  readonly #now: string;
  constructor(storeLast: string | undefined, now: string) {
    this.#storeLast = storeLast;
    this.#now = now;
  }

  /**
   * The problems of a parsed backfill line's `recordedAt` (`fresh`: not recorded yet). A line that
   * repeats an event (`stored`: that event's id and the time it was recorded at, by the store or
   * by an earlier line of the file) must state that time: an event has one recorded time, and a
   * file that says otherwise would be counted as imported while the answers "as known at" keep
   * the other (and, imported again, be refused for it). Stating it, the line is a duplicate
   * wherever it stands: the lines that add facts must follow one another in time, not it.
   */
  check(
    parsed: Pick<ParsedLine, 'line' | 'recordedAt'>,
    fresh: boolean,
    stored?: StoredTime,
  ): LineProblem[] {
    const at = parsed.recordedAt;
    if (at === undefined) return [];
    const problem = (code: string, message: string): LineProblem[] => [
      { line: parsed.line, code, path: 'recordedAt', message },
    ];
    if (!fresh && stored !== undefined && Date.parse(stored.at) !== Date.parse(at))
      return problem(
        'RECORDED_AT_DIFFERS',
        `event ${stored.id} is ${stored.line === undefined ? 'recorded already' : `recorded by line ${stored.line}`}, at ${stored.at}; this line says ${at}: an event has one recorded time (state ${stored.at}, or leave the line out)`,
      );
    // A line repeating an event at its recorded time adds nothing: it is no fact learned now, so the
    // order of times (what the file adds, in the order it was learned) neither judges nor moves on it.
    // Files that overlap (two exports of the same log, concatenated) import without editing.
    if (!fresh) return [];
    if (this.#last !== undefined && at < this.#last.at)
      return problem(
        'RECORDED_AT_OUT_OF_ORDER',
        `recordedAt ${at} is before line ${this.#last.line}'s ${this.#last.at}: a backfill lists facts in the order they were learned`,
      );
    if (at > this.#now)
      return problem(
        'RECORDED_AT_IN_FUTURE',
        `recordedAt ${at} is after now (${this.#now}): a fact cannot be learned in the future`,
      );
    if (this.#storeLast !== undefined && at < this.#storeLast)
      return problem(
        'RECORDED_AT_OUT_OF_ORDER',
        `recordedAt ${at} is before the store's last recorded instant ${this.#storeLast}: a backfill adds history after what the store holds (load older history into a new store first)`,
      );
    this.#last = { at, line: parsed.line };
    return [];
  }
}

/** An event recorded already: its id and when it was recorded (`recordedAt`), by the store or (`line`) by an earlier line of the file. */
export interface StoredTime {
  readonly id: string;
  readonly at: string;
  readonly line?: number;
}

/**
 * The recorded times of the events a backfill's lines may repeat: an order's stream, read at the
 * first of its lines whose id the store holds there (at its first line, where the store cannot say).
 */
export class StoredTimes {
  readonly #writer: OrderWriter;
  readonly #byOrder = new Map<string, Promise<Map<string, string>>>();
  constructor(writer: OrderWriter) {
    this.#writer = writer;
  }

  /** When the store recorded the line's event, if it holds it in the line's order (`where`: the stream `streamsOf` found its id in). */
  async of(parsed: ParsedLine, where: string | undefined): Promise<StoredTime | undefined> {
    if (this.#writer.findsIds && where !== orderStream(parsed.orderId)) return undefined;
    let times = this.#byOrder.get(parsed.orderId);
    if (times === undefined) {
      times = this.#writer.recordedTimes(parsed.orderId);
      this.#byOrder.set(parsed.orderId, times);
    }
    const at = (await times).get(parsed.event.id);
    return at === undefined ? undefined : { id: parsed.event.id, at };
  }
}

/** The checks of a backfill into `store` now (its last recorded instant, the clock). */
export const backfillTimes = async (
  store: EventStore,
  clock: () => Date,
): Promise<RecordedTimes> => {
  return new RecordedTimes((await lastEvent(store))?.recordedAt, clock().toISOString());
};

/** A line whose event id is already stored in another order's stream (`stream`: where it is stored, if anywhere). */
export const storedElsewhere = (parsed: ParsedLine, stream: string | undefined): LineProblem[] =>
  stream !== undefined && stream !== orderStream(parsed.orderId)
    ? [
        {
          line: parsed.line,
          code: 'EVENT_ID_REUSED',
          path: 'id',
          message: `event id ${parsed.event.id} is already recorded in ${stream}: an event id names one fact in one order (use a new id)`,
        },
      ]
    : [];

/**
 * Event ids across orders: an event id names one fact in one order. A line whose id is already
 * stored in another order, or is the id of an earlier line of another order in the same file, is
 * refused while checking (before its order's state takes it in), where the store would refuse it
 * only when writing.
 */
export class EventIds {
  readonly #first = new Map<string, { readonly line: number; readonly orderId: string }>();

  /**
   * The problems of a parsed line's event id (none when it is free, or its own order's), given
   * the stream that already stores that id, if any.
   */
  check(parsed: ParsedLine, stream: string | undefined): LineProblem[] {
    const stored = storedElsewhere(parsed, stream);
    if (stored.length > 0) return stored;
    const id = parsed.event.id;
    const first = this.#first.get(id);
    if (first === undefined) this.#first.set(id, { line: parsed.line, orderId: parsed.orderId });
    else if (first.orderId !== parsed.orderId)
      return [
        {
          line: parsed.line,
          code: 'EVENT_ID_REUSED',
          path: 'id',
          message: `event id ${id} is also the id of line ${first.line} (order ${first.orderId}): an event id names one fact in one order (use a new id)`,
        },
      ];
    return [];
  }
}

/** What a check found: each bad line's problems and bytes, and how many lines it read. */
export class Collector {
  readonly problems: LineProblem[] = [];
  readonly rejected = new Map<number, Uint8Array | string>();
  lines = 0;
  reject(line: number, raw: Uint8Array | string, problems: readonly LineProblem[]) {
    this.problems.push(...problems);
    this.rejected.set(line, raw);
  }
  report(appended: number, duplicates: number, written: boolean): ImportReport {
    return {
      lines: this.lines,
      appended,
      duplicates,
      problems: this.problems,
      rejectedLines: this.rejected,
      written,
    };
  }
}

/**
 * Imports new facts: every line is parsed and checked against its order's rules, in file order,
 * before anything is written. With any bad line (and no `skipInvalid`) nothing is written; lines
 * already recorded are counted as duplicates and skipped, so importing a file twice adds nothing.
 */
export const importFacts = async (
  writer: OrderWriter,
  lines: Lines,
  options: ImportOptions = {},
  times?: RecordedTimes,
): Promise<ImportReport> => {
  const c = new Collector();
  const orders = new Map<string, Pending>();
  /** The new events in file order: a backfill's recorded times rise from line to line, so it writes them in that order. */
  const inOrder: Fresh[] = [];
  const ids = new EventIds();
  // A backfill's line may repeat an event the store holds, or an earlier line of the file took
  // (`taken`): the time it states must be the one recorded.
  const storedTimes =
    times !== undefined && (await writer.logLength()) !== 0n ? new StoredTimes(writer) : undefined;
  const taken = new Map<string, StoredTime>();
  let duplicates = 0;
  /** Parsed lines waiting for one lookup of where their ids are stored (a round trip per window, not per line). */
  let window: { n: number; raw: Uint8Array | string; parsed: ReturnType<typeof parseLine> }[] = [];
  const checkWindow = async () => {
    const stored = await writer.streamsOf(
      window.flatMap(({ parsed }) => (Array.isArray(parsed) ? [] : [parsed.event.id])),
    );
    for (const { n, raw, parsed } of window) {
      if (Array.isArray(parsed)) {
        c.reject(n, raw, parsed);
        continue;
      }
      const order = orders.get(parsed.orderId) ?? (await loadOrder(writer, orders, parsed.orderId));
      const where = stored.get(parsed.event.id);
      const clash = ids.check(parsed, where);
      const known = (await storedTimes?.of(parsed, where)) ?? taken.get(parsed.event.id);
      const verdict = clash.length > 0 ? clash : admitLine(order, parsed, times, known);
      if (verdict === 'duplicate') duplicates++;
      else if (verdict === 'new') {
        inOrder.push(parsed);
        if (times !== undefined)
          taken.set(parsed.event.id, { id: parsed.event.id, at: parsed.recordedAt!, line: n });
      } else c.reject(n, raw, verdict);
    }
    window = [];
  };
  for await (const raw of lines) {
    const n = ++c.lines;
    if (blank(raw)) continue;
    window.push({ n, raw, parsed: parseLine(raw, n, ImportLine, times !== undefined) });
    if (window.length >= LOOKUP_WINDOW) await checkWindow();
    progressEvery(options, n);
  }
  await checkWindow();
  if (c.problems.length > 0 && !options.skipInvalid) return c.report(0, duplicates, false);
  const appended = await writeChecked(writer, orders, inOrder, options, times);
  return written(c, duplicates, inOrder.length, appended);
};

/**
 * The report of a write phase that handed `sent` new events to the store, of which it stored
 * `appended`: the rest were stored meanwhile by another writer (a concurrent import of the same
 * lines), so they are duplicates already recorded, not this process's appends.
 */
export const written = (
  c: Collector,
  duplicates: number,
  sent: number,
  appended: number,
): ImportReport => c.report(appended, duplicates + sent - appended, appended > 0);

/** The write phase of `importFacts`: order by order, or (a backfill) in file order. */
const writeChecked = (
  writer: OrderWriter,
  orders: ReadonlyMap<string, Pending>,
  inOrder: readonly Fresh[],
  options: ImportOptions,
  times: RecordedTimes | undefined,
): Promise<number> => {
  writing(options, times === undefined ? pendingEvents(orders) : inOrder.length);
  return times === undefined
    ? writeAdmitted(writer, orders, options)
    : writeInOrder(writer, inOrder, startRevisions(orders), options);
};

/** Reports the check's progress every 1,000 lines (with the file's line count, when it was read twice). */
export const progressEvery = (options: ImportOptions, n: number, total?: number): void => {
  if (n % 1000 === 0 || n === total)
    options.onProgress?.({ phase: 'validate', done: n, ...(total === undefined ? {} : { total }) });
};

/** How many new events the orders hold, ready to write. */
const pendingEvents = (orders: ReadonlyMap<string, Pending>): number =>
  [...orders.values()].reduce((a, o) => a + o.events.length, 0);

/** Says the write phase begins, with how many events it will hand to the store. */
export const writing = (options: ImportOptions, total: number): void =>
  options.onProgress?.({ phase: 'write', done: 0, total });

/** Each order's revision in the store when its first line was checked. */
const startRevisions = (orders: ReadonlyMap<string, Pending>): Map<string, number> =>
  new Map([...orders].map(([id, o]) => [id, o.start.revision]));

/** A new event to write, with the order it goes to and (in a backfill) when it was learned. */
interface Fresh {
  readonly orderId: string;
  readonly event: OrderEvent;
  readonly recordedAt?: string;
}

/** An order's state and revision as stored, the starting point of its lines (kept in `orders`, when given). */
export const loadOrder = async (
  writer: OrderWriter,
  orders: Map<string, Pending> | undefined,
  orderId: string,
): Promise<Pending> => {
  const start = await writer.load(orderId);
  const order = { start, draft: orderDraft(), state: start.state, events: [] };
  orders?.set(orderId, order);
  return order;
};

/** Checks one parsed line against its order's state so far (and, in a backfill, its recorded time; `stored`: when the store recorded its event, if it did). */
export const admitLine = (
  order: Pending,
  parsed: ParsedLine,
  times: RecordedTimes | undefined,
  stored?: StoredTime,
): Admission | LineProblem[] => {
  let verdict: Admission;
  try {
    verdict = admit(order.state, parsed.event);
  } catch (e) {
    return lineProblems(parsed.line, e);
  }
  const when = times?.check(parsed, verdict !== 'duplicate', stored) ?? [];
  if (when.length > 0) return when;
  if (verdict === 'duplicate') return 'duplicate';
  order.state = evolveInto(order.draft, order.state, parsed.event);
  order.events.push(parsed.event);
  return 'new';
};

/**
 * Appends every admitted event in store transactions of about WRITE_CHUNK events, many orders per
 * transaction (one fsync each, not one per order). Each order's events go in file order at the
 * exact revision they were checked against. A crash or a concurrent writer between transactions
 * can leave an import partly written; importing the same file again completes it, adding nothing twice.
 */
const writeAdmitted = (
  writer: OrderWriter,
  orders: ReadonlyMap<string, Pending>,
  options: ImportOptions,
): Promise<number> =>
  reportingPartialWrites(writer, () => writeOrderByOrder(writer, orders, options));

/** `writeAdmitted`'s transactions, order by order. */
const writeOrderByOrder = async (
  writer: OrderWriter,
  orders: ReadonlyMap<string, Pending>,
  options: ImportOptions,
): Promise<number> => {
  let appended = 0;
  let written = 0;
  let batch: Parameters<OrderWriter['appendAdmitted']>[0][number][] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    appended += await writer.appendAdmitted(batch);
    written += size;
    options.onProgress?.({ phase: 'write', done: written });
    batch = [];
    size = 0;
  };
  for (const [orderId, o] of orders) {
    if (o.events.length === 0) continue;
    batch.push({ orderId, revision: o.start.revision, events: o.events, state: o.state });
    size += o.events.length;
    if (size >= WRITE_CHUNK) await flush();
  }
  await flush();
  return appended;
};

/** The file's lines differ between two reads; `writing` says whether some lines may be recorded already. */
export const changedWhileImported = (writing = false) =>
  new DecreeError(
    'IMPORT_SOURCE_CHANGED',
    writing
      ? 'the file changed while its lines were being written: the lines written before stay recorded; import the file again to add only what is missing'
      : 'the file changed while it was being checked (its lines differ between two reads); nothing was written, import it again',
    ['file'],
  );

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// The needles as bytes: a string needle is encoded again on every search of a buffer.
const ID_KEY_BYTES = Buffer.from('"id"');
const ESCAPE_BYTES = Buffer.from('\\u');

/** Whether a character code is JSON whitespace (space, tab, LF, CR). */
const jsonSpace = (c: number | undefined): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * A line's event id read from its text without parsing it, when the text says it plainly: the
 * only `"id"` in the line, followed by a colon and a lower-case UUID in quotes (JSON whitespace
 * allowed between), and no `\u` escape anywhere (which could spell a key or an id otherwise). A
 * quote inside a string is escaped, so a plain `"id"` is a key. Any other line is left to
 * `lineKeys`, which parses it. Bytes are searched as they are (a string as its UTF-8), never
 * decoded whole.
 */
const plainEventId = (raw: Uint8Array | string): string | undefined => {
  const text =
    typeof raw === 'string'
      ? Buffer.from(raw)
      : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (text.includes(ESCAPE_BYTES)) return undefined;
  const key = text.indexOf(ID_KEY_BYTES);
  if (key < 0 || text.includes(ID_KEY_BYTES, key + ID_KEY_BYTES.length)) return undefined;
  let i = key + ID_KEY_BYTES.length;
  while (jsonSpace(text[i])) i++;
  if (text[i++] !== 58) return undefined; // :
  while (jsonSpace(text[i])) i++;
  if (text[i] !== 34 || text[i + 37] !== 34) return undefined; // the quotes around 36 bytes
  const id = text.toString('latin1', i + 1, i + 37);
  return UUID.test(id) ? id : undefined;
};

/**
 * The order and event id of line `n`, as its parse would give them when it parses: from the text
 * alone when it says them plainly, else from parsing it (rare: escapes, a second `"id"` key). A line
 * that does not parse may give either or neither; the check refuses it anyway.
 */
export const lineKeys = (
  raw: Uint8Array | string,
  n: number,
  backfill: boolean,
): { orderId?: string | undefined; id?: string | undefined } => {
  const id = plainEventId(raw);
  if (id !== undefined) return { orderId: orderIdOfLine(raw), id };
  const parsed = parseLine(raw, n, ImportLine, backfill);
  return Array.isArray(parsed)
    ? { orderId: orderIdOfLine(raw) }
    : { orderId: parsed.orderId, id: parsed.event.id };
};

const orderIdOfLine = (raw: Uint8Array | string): string | undefined =>
  quickOrderId(raw) ?? parsedOrderId(raw);

const LINE_START = '{"stream":"order-';
const LINE_START_BYTES = Buffer.from(LINE_START);
const STREAM_KEY = '"stream":';
const STREAM_KEY_BYTES = Buffer.from(STREAM_KEY);

/**
 * The order of a line that begins `{"stream":"order-<id>"` and has no other `"stream":` anywhere
 * (so no duplicate or nested key can make a parser read another), from its bytes without parsing
 * it; undefined sends the line to the parser. An id the stream pattern refuses (escapes,
 * non-ASCII) is left to the parser too.
 */
const quickOrderId = (raw: Uint8Array | string): string | undefined => {
  let id: string | undefined;
  if (typeof raw === 'string') {
    const end = raw.startsWith(LINE_START) ? raw.indexOf('"', LINE_START.length) : -1;
    if (end >= 0 && !raw.includes(STREAM_KEY, end)) id = raw.slice(LINE_START.length, end);
  } else {
    const b = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const end =
      b.length > LINE_START_BYTES.length &&
      b.compare(LINE_START_BYTES, 0, LINE_START_BYTES.length, 0, LINE_START_BYTES.length) === 0
        ? b.indexOf(34, LINE_START_BYTES.length)
        : -1;
    if (end >= 0 && !b.includes(STREAM_KEY_BYTES, end))
      id = b.toString('latin1', LINE_START_BYTES.length, end);
  }
  return id !== undefined && isOrderStream(`order-${id}`) ? id : undefined;
};

const parsedOrderId = (raw: Uint8Array | string): string | undefined => {
  try {
    const json: unknown = JSON.parse(decodeLine(raw));
    const stream =
      typeof json === 'object' && json !== null ? (json as { stream?: unknown }).stream : undefined;
    return typeof stream === 'string' ? orderIdOfStream(stream) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The lines `check` found new, in file order, each read again from the file: a line whose bytes
 * match the CRC taken when it was checked is not validated again. `fresh` says how to read each
 * line by its number (VERBATIM, PARSE_AGAIN, or 0 to skip it), `sums` each line's CRC-32, and
 * `times` whether the file is a backfill.
 */
export async function* freshLines(
  lines: Lines,
  check: {
    readonly fresh: Uint8Array;
    readonly sums: Uint32Array;
    readonly times: RecordedTimes | undefined;
  },
): AsyncGenerator<Fresh> {
  const { fresh, sums } = check;
  const backfill = check.times !== undefined;
  let n = 0;
  for await (const raw of lines) {
    if (++n >= fresh.length) throw changedWhileImported(true);
    const how = fresh[n];
    if (how !== VERBATIM && how !== PARSE_AGAIN) continue;
    if (crc32(raw) !== sums[n]) throw changedWhileImported(true);
    yield how === VERBATIM ? reparseAcceptedLine(raw) : parsedAgain(raw, n, backfill);
  }
  if (n !== fresh.length - 1) throw changedWhileImported(true);
}

/**
 * Writes new events in the order given, each order's at the revisions they were checked against
 * (`start`: each order's revision before its first line), in calls of PIPELINE_CALL events
 * through the store's append pipeline: on SQLite the next calls are read, parsed and hashed while
 * earlier ones are inserted on another thread, many calls to a transaction. A backfilled event is recorded
 * at its stated instant.
 */
export const writeInOrder = async (
  writer: OrderWriter,
  events: AsyncIterable<Fresh> | Iterable<Fresh>,
  start: ReadonlyMap<string, number>,
  options: ImportOptions,
): Promise<number> =>
  reportingPartialWrites(writer, async () => {
    const pipe = writer.checkedPipeline();
    try {
      await writeThrough(pipe, events, start, options);
      return await pipe.finish();
    } finally {
      await pipe.close();
    }
  });

/**
 * Runs a write phase; if it fails (everything the store checks was checked before, so only a
 * concurrent writer or an unusable store can make it fail), says how many events were written
 * before the failure and that importing the same file again completes it: lines already
 * recorded are skipped, the rest are checked again against what is now stored.
 */
const reportingPartialWrites = async (
  writer: OrderWriter,
  write: () => Promise<number>,
): Promise<number> => {
  const before = await writer.logLength();
  try {
    return await write();
  } catch (e) {
    if (isDecreeError(e) && e.code === 'IMPORT_SOURCE_CHANGED') throw e;
    const after = await writer.logLength().catch(() => undefined);
    const written =
      before !== undefined && after !== undefined ? Number(after - before) : undefined;
    const cause = e instanceof Error ? e.message : String(e);
    throw new DecreeError(
      'IMPORT_PARTLY_WRITTEN',
      `the import failed while writing (${cause})${written === undefined ? '; some lines may be recorded' : written === 0 ? '; nothing was written' : `; ${written} event${written === 1 ? ' was' : 's were'} written before it (possibly with another writer's)`}: import the same file again to add only what is missing`,
      isDecreeError(e) ? e.path : [],
      { written, cause: isDecreeError(e) ? e.code : undefined },
    );
  }
};

/** `writeInOrder` through a pipeline; the caller finishes the pipeline (which counts what was stored). */
const writeThrough = async (
  pipe: AppendPipeline<CheckedBatch>,
  events: AsyncIterable<Fresh> | Iterable<Fresh>,
  start: ReadonlyMap<string, number>,
  options: ImportOptions,
): Promise<void> => {
  const revision = new Map(start);
  let appended = 0;
  let batches: { orderId: string; revision: number; events: OrderEvent[]; recordedAt?: string }[] =
    [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    await pipe.append(batches);
    appended += size;
    options.onProgress?.({ phase: 'write', done: appended });
    batches = [];
    size = 0;
  };
  for await (const { orderId, event, recordedAt } of events) {
    const at = revision.get(orderId);
    if (at === undefined) throw changedWhileImported(true);
    const last = batches[batches.length - 1];
    if (last?.orderId === orderId && last.recordedAt === recordedAt) last.events.push(event);
    else
      batches.push({
        orderId,
        revision: at,
        events: [event],
        ...(recordedAt === undefined ? {} : { recordedAt }),
      });
    revision.set(orderId, at + 1);
    if (++size >= PIPELINE_CALL) await flush();
  }
  await flush();
};

/** A line the check accepted, parsed and validated again (its schema changes what it reads). */
const parsedAgain = (raw: Uint8Array | string, n: number, backfill: boolean): ParsedLine => {
  const parsed = parseLine(raw, n, ImportLine, backfill);
  if (Array.isArray(parsed)) throw changedWhileImported(true);
  return parsed;
};

/**
 * A store's refusal of a restore named by the export's lines (`lineOf[i]` is the 1-based line of
 * the batch's event `i`, blank lines counted, as an editor shows them); any other error as it is.
 */
const byLine = (e: unknown, lineOf: readonly number[]): unknown => {
  const fault = restoreFaultOf(e);
  if (fault === undefined) return e;
  const at = (i: number) => `line ${lineOf[i] ?? '?'}`;
  return new RestoreRefused(
    fault,
    { at, unit: 'line' },
    {
      line: lineOf[fault.index],
      ...(fault.related === undefined ? {} : { relatedLine: lineOf[fault.related] }),
    },
  );
};

/**
 * Restores an export verbatim into an empty store; the store checks every position, revision, link
 * and hash and writes all or nothing; a refusal names the first line out of place.
 */
export const restoreExport = async (
  store: EventStore,
  lines: Lines,
  options: ImportOptions = {},
): Promise<ImportReport> => {
  if (options.backfill)
    throw new DecreeError(
      'INVALID_OPTIONS',
      'a restore keeps the recorded times and hashes of an export; a backfill states recorded times for new facts: use one or the other',
      ['backfill'],
    );
  const c = new Collector();
  const events: RecordedEvent[] = [];
  const lineOf: number[] = [];
  for await (const raw of lines) {
    const n = ++c.lines;
    if (blank(raw)) continue;
    const parsed = parseLine(raw, n, ExportLine);
    if (Array.isArray(parsed)) c.reject(n, raw, parsed);
    else {
      events.push(recordedOfLine(parsed.raw as Parameters<typeof recordedOfLine>[0]));
      lineOf.push(n);
    }
    progressEvery(options, n);
  }
  if (c.problems.length > 0) return c.report(0, 0, false);
  for await (const _ of store.readAll({ limit: 1 })) {
    throw new DecreeError(
      'STORE_NOT_EMPTY',
      'restore loads an export into an empty store; this store already holds events (use a new --store)',
      ['store'],
    );
  }
  writing(options, events.length);
  const restored = options.renumber
    ? events.map((e, i) => ({ ...e, globalPosition: BigInt(i) }))
    : events;
  await store.appendRecorded(restored).catch((e: unknown) => {
    throw byLine(e, lineOf);
  });
  options.onProgress?.({ phase: 'write', done: events.length, total: events.length });
  return c.report(events.length, 0, events.length > 0);
};

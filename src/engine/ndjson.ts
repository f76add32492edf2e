import { z } from 'zod';
import {
  formatPath,
  isDecreeError,
  orderIdOfStream,
  problemsOf,
  readableIssue,
  upcastOrderEvent,
  type InputProblem,
  type OrderEvent,
} from '../../domain/index.js';
import type { RecordedEvent } from '../store/index.js';
import { assertNewEvent } from '../store/validate.js';
import type { LineProblem } from './engine.types.js';
import { duplicateKey } from './duplicate-keys.js';

const ORDER_STREAM = /^order-[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const LINE_KEYS = ['stream', 'id', 'type', 'schemaVersion', 'data', 'metadata'] as const;
const IMPORT_KEYS: ReadonlySet<string> = new Set([...LINE_KEYS, 'recordedAt']);

/** Whether `stream` names an order the way an import line must (`order-<orderId>`). */
export const isOrderStream = (stream: string): boolean => ORDER_STREAM.test(stream);

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Whether a line's text escapes a surrogate (`\uD800`); `includes` first, as nearly no line has any `\u` escape. */
const escapesSurrogate = (text: string): boolean =>
  text.includes('\\u') && SURROGATE_ESCAPE.test(text);

/** Parses plainly first (the fast path); only a refused value is parsed again for messages in words. */
const parseReadably = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => {
  const plain = schema.safeParse(value);
  return plain.success ? plain.data : schema.parse(value, { error: readableIssue });
};

/** A field every line has, checked in detail by the event's own schema. */
const required = (what: string) =>
  z.custom<unknown>((v) => v !== undefined, { error: `required: ${what}` });

/** One NDJSON line of new facts: an event envelope plus the stream (`order-<orderId>`) it belongs to. */
export const ImportLine = z.strictObject({
  stream: z.string().regex(ORDER_STREAM, { error: 'expected an order stream, "order-<orderId>"' }),
  id: required("the event's id, a lower-case UUID"),
  type: required('the event type, e.g. "ObligationImposed"'),
  schemaVersion: required("the version of the event's shape, 1"),
  data: required('an object: what the event records'),
  metadata: required('an object: { effectiveOn, actor: { role, name }, source?, assumed? }'),
  recordedAt: z.iso
    .datetime({
      precision: 3,
      error: 'expected a UTC instant with milliseconds, e.g. 2022-05-26T17:00:00.000Z',
    })
    .optional(),
});

/** One NDJSON line of an export: a recorded event with its place, time and hashes. */
export const ExportLine = ImportLine.extend({
  streamRevision: z.int().min(0),
  globalPosition: z
    .string()
    .regex(/^\d+$/, { error: 'expected the global position as a decimal string' }),
  recordedAt: z.iso.datetime({
    precision: 3,
    error: 'expected a UTC instant with milliseconds, e.g. 2022-05-26T17:00:00.000Z',
  }),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A parsed line: the order it addresses and the decoded event. */
export interface ParsedLine {
  readonly line: number;
  readonly orderId: string;
  readonly event: OrderEvent;
  /** The instant a backfill line says the fact was learned. */
  readonly recordedAt?: string;
  readonly raw: z.infer<typeof ImportLine>;
}

const problem = (line: number, code: string, p: InputProblem): LineProblem => ({
  line,
  code,
  path: formatPath(p.path),
  message: p.message,
});

/** Turns any error thrown while checking a line into line problems. */
export const lineProblems = (line: number, e: unknown): LineProblem[] => {
  if (e instanceof z.ZodError) return problemsOf(e).map((p) => problem(line, 'INVALID_INPUT', p));
  if (isDecreeError(e)) return [problem(line, e.code, { path: e.path, message: e.message })];
  // Only a line nested thousands of levels deep exhausts the stack while it is read and checked.
  if (e instanceof RangeError && /call stack/i.test(e.message))
    return [
      problem(line, 'INVALID_INPUT', {
        path: [],
        message:
          'the line nests objects or lists too deeply to be read (no event nests more than a few levels)',
      }),
    ];
  throw e;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a line's bytes as UTF-8, refusing invalid sequences instead of replacing them. */
export const decodeLine = (bytes: Uint8Array | string): string => {
  if (typeof bytes === 'string') return bytes;
  try {
    return utf8.decode(bytes);
  } catch {
    throw new z.ZodError([
      { code: 'custom', path: [], message: 'the line is not valid UTF-8', input: bytes },
    ]);
  }
};

const parseJson = (text: string): unknown => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new z.ZodError([
      {
        code: 'custom',
        path: [],
        message: `not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        input: text,
      },
    ]);
  }
  const repeated = duplicateKey(text, json);
  if (repeated !== undefined)
    throw new z.ZodError([
      {
        code: 'custom',
        path: repeated.path,
        message: `the key "${repeated.key}" appears twice in this object: readers disagree on which value counts, so the line is refused (keep one)`,
        input: text,
      },
    ]);
  return json;
};

/**
 * The parsed JSON of a line when `ImportLine` plainly accepts it (an object with exactly its keys,
 * and an order stream), without building zod's copy; undefined sends the line to the schema (and its issues).
 */
const plainImportLine = (json: unknown): z.infer<typeof ImportLine> | undefined => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  for (const key in json) if (!IMPORT_KEYS.has(key)) return undefined;
  for (const key of LINE_KEYS) if (!(key in json)) return undefined; // a missing key gets the schema's own problem
  const stream = (json as { stream?: unknown }).stream;
  return typeof stream === 'string' && ORDER_STREAM.test(stream)
    ? (json as z.infer<typeof ImportLine>)
    : undefined;
};

/**
 * Parses and decodes one line (schema only: the order's rules are checked later, in sequence). An
 * import line states `recordedAt` only in a backfill (`backfill`), which must state it on every
 * line and marks each event `backfilled` (inside its hash).
 */
export const parseLine = (
  bytes: Uint8Array | string,
  line: number,
  schema: typeof ImportLine | typeof ExportLine = ImportLine,
  backfill = false,
): ParsedLine | LineProblem[] => {
  try {
    const text = decodeLine(bytes);
    const json = parseJson(text);
    const raw =
      (schema === ImportLine ? plainImportLine(json) : undefined) ?? parseReadably(schema, json);
    const upcast = upcastOrderEvent(raw as Parameters<typeof upcastOrderEvent>[0]);
    const orderId = orderIdOfStream(raw.stream)!;
    const misplaced =
      schema === ImportLine ? backfillProblem(upcast, raw, line, backfill) : undefined;
    if (misplaced !== undefined) return [misplaced];
    const event = backfill ? markBackfilled(upcast) : upcast;
    // A \uD800-style escape may decode to a lone surrogate, which no store can hold: refused here,
    // in the check, so a file that has one writes nothing (the store would refuse it mid-write).
    if (escapesSurrogate(text)) assertNewEvent(event, []);
    const elsewhere = streamMismatch(event, orderId, raw.stream, line);
    if (elsewhere !== undefined) return [elsewhere];
    return raw.recordedAt === undefined
      ? { line, orderId, event, raw }
      : { line, orderId, event, raw, recordedAt: raw.recordedAt };
  } catch (e) {
    return lineProblems(line, e);
  }
};

/** An OrderFiled naming another order than its stream's. */
const streamMismatch = (
  event: OrderEvent,
  orderId: string,
  stream: string,
  line: number,
): LineProblem | undefined =>
  event.type === 'OrderFiled' && event.data.orderId !== orderId
    ? {
        line,
        code: 'INVALID_INPUT',
        path: 'data.orderId',
        message: `the order filed ("${event.data.orderId}") must match the stream "${stream}"`,
      }
    : undefined;

/** A `recordedAt` or a `backfilled` mark where the import does not take them, or a backfill line without its `recordedAt`. */
const backfillProblem = (
  event: OrderEvent,
  raw: z.infer<typeof ImportLine>,
  line: number,
  backfill: boolean,
): LineProblem | undefined => {
  if (backfill && raw.recordedAt === undefined)
    return {
      line,
      code: 'RECORDED_AT_REQUIRED',
      path: 'recordedAt',
      message:
        'a backfill states when each fact was learned: add "recordedAt" (a UTC instant such as 2022-05-26T17:00:00.000Z) to this line',
    };
  if (!backfill && raw.recordedAt !== undefined)
    return {
      line,
      code: 'BACKFILL_ONLY',
      path: 'recordedAt',
      message:
        'recordedAt states when a fact was learned and is taken only by a backfill: run `decree import --backfill` (library: { backfill: true }), or drop the field to record the fact now',
    };
  if (!backfill && event.metadata.backfilled !== undefined)
    return {
      line,
      code: 'BACKFILL_ONLY',
      path: 'metadata.backfilled',
      message:
        'metadata.backfilled is set by `decree import --backfill`, never written by hand: drop it',
    };
  return undefined;
};

/** The event marked as backfilled: its recorded time was stated by the importer, not observed. */
const markBackfilled = (event: OrderEvent): OrderEvent =>
  event.metadata.backfilled === true
    ? event
    : ({ ...event, metadata: { ...event.metadata, backfilled: true } } as OrderEvent);

/**
 * Whether a parsed line's event is its JSON as written: not upcast, nothing trimmed by the schema.
 * Only such a line may be read again with `reparseAcceptedLine`.
 */
export const isVerbatim = (parsed: ParsedLine): boolean =>
  parsed.event.schemaVersion === parsed.raw.schemaVersion &&
  sameJson(parsed.event.data, parsed.raw.data) &&
  sameJson(parsed.event.metadata, parsed.raw.metadata);

/** Whether two parsed JSON values are equal (key order aside); a lean walk, as this runs for every line imported. */
const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    if (!Object.hasOwn(y, k) || !sameJson(x[k], y[k])) return false;
    keys++;
  }
  for (const _ in y) keys--;
  return keys === 0;
};

/**
 * A line `parseLine` accepted before as verbatim (`isVerbatim`; the very same bytes, which the
 * caller has checked): its order and event, parsed as JSON but not validated again.
 */
export const reparseAcceptedLine = (
  bytes: Uint8Array | string,
): { readonly orderId: string; readonly event: OrderEvent } => {
  const raw = JSON.parse(decodeLine(bytes)) as {
    stream: string;
    id: string;
    type: string;
    schemaVersion: number;
    data: unknown;
    metadata: unknown;
  };
  return {
    orderId: orderIdOfStream(raw.stream)!,
    event: {
      id: raw.id,
      type: raw.type,
      schemaVersion: raw.schemaVersion,
      data: raw.data,
      metadata: raw.metadata,
    } as OrderEvent,
  };
};

/** The NDJSON line of a recorded event: fixed key order, global position as a decimal string. */
export const exportLine = (r: RecordedEvent): string =>
  JSON.stringify({
    stream: r.stream,
    streamRevision: r.streamRevision,
    globalPosition: String(r.globalPosition),
    recordedAt: r.recordedAt,
    id: r.id,
    type: r.type,
    schemaVersion: r.schemaVersion,
    data: r.data,
    metadata: r.metadata,
    prevHash: r.prevHash,
    hash: r.hash,
  });

/** The recorded event an export line stands for. */
export const recordedOfLine = (raw: z.infer<typeof ExportLine>): RecordedEvent => ({
  stream: raw.stream,
  streamRevision: raw.streamRevision,
  globalPosition: BigInt(raw.globalPosition),
  recordedAt: raw.recordedAt,
  id: raw.id as string,
  type: raw.type as string,
  schemaVersion: raw.schemaVersion as number,
  data: raw.data,
  metadata: raw.metadata,
  prevHash: raw.prevHash,
  hash: raw.hash,
});

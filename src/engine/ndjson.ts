import { z } from 'zod';
import {
  formatPath,
  isDecreeError,
  orderIdOfStream,
  problemsOf,
  upcastOrderEvent,
  type InputProblem,
  type OrderEvent,
} from '../../domain/index.js';
import type { RecordedEvent } from '../store/index.js';
import type { LineProblem } from './engine.types.js';

const ORDER_STREAM = /^order-[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const IMPORT_KEYS = new Set(['stream', 'id', 'type', 'schemaVersion', 'data', 'metadata']);

/** Whether `stream` names an order the way an import line must (`order-<orderId>`). */
export const isOrderStream = (stream: string): boolean => ORDER_STREAM.test(stream);

/** One NDJSON line of new facts: an event envelope plus the stream (`order-<orderId>`) it belongs to. */
export const ImportLine = z.strictObject({
  stream: z.string().regex(ORDER_STREAM, { error: 'expected an order stream, "order-<orderId>"' }),
  id: z.unknown(),
  type: z.unknown(),
  schemaVersion: z.unknown(),
  data: z.unknown(),
  metadata: z.unknown(),
});

/** One NDJSON line of an export: a recorded event with its place, time and hashes. */
export const ExportLine = ImportLine.extend({
  streamRevision: z.int().min(0),
  globalPosition: z
    .string()
    .regex(/^\d+$/, { error: 'expected the global position as a decimal string' }),
  recordedAt: z.iso.datetime({ precision: 3 }),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A parsed line: the order it addresses and the decoded event. */
export interface ParsedLine {
  readonly line: number;
  readonly orderId: string;
  readonly event: OrderEvent;
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
  try {
    return JSON.parse(text);
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
};

/**
 * The parsed JSON of a line when `ImportLine` plainly accepts it (an object with exactly its keys,
 * and an order stream), without building zod's copy; undefined sends the line to the schema (and its issues).
 */
const plainImportLine = (json: unknown): z.infer<typeof ImportLine> | undefined => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  for (const key in json) if (!IMPORT_KEYS.has(key)) return undefined;
  for (const key of IMPORT_KEYS) if (!(key in json)) return undefined; // a missing key gets zod's own problem
  const stream = (json as { stream?: unknown }).stream;
  return typeof stream === 'string' && ORDER_STREAM.test(stream)
    ? (json as z.infer<typeof ImportLine>)
    : undefined;
};

/** Parses and decodes one line (schema only: the order's rules are checked later, in sequence). */
export const parseLine = (
  bytes: Uint8Array | string,
  line: number,
  schema: typeof ImportLine | typeof ExportLine = ImportLine,
): ParsedLine | LineProblem[] => {
  try {
    const json = parseJson(decodeLine(bytes));
    const raw = (schema === ImportLine ? plainImportLine(json) : undefined) ?? schema.parse(json);
    const event = upcastOrderEvent(raw as Parameters<typeof upcastOrderEvent>[0]);
    const orderId = orderIdOfStream(raw.stream)!;
    if (event.type === 'OrderFiled' && event.data.orderId !== orderId) {
      return [
        {
          line,
          code: 'INVALID_INPUT',
          path: 'data.orderId',
          message: `the order filed ("${event.data.orderId}") must match the stream "${raw.stream}"`,
        },
      ];
    }
    return { line, orderId, event, raw };
  } catch (e) {
    return lineProblems(line, e);
  }
};

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

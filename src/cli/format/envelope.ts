import { formatPath } from '../../../domain/shared/errors.js';
/** The JSON output format's version; bumped only on a breaking change to any `data` shape. */
export const JSON_VERSION = 1;

/**
 * The top-level shape of every `--format json` output (one JSON document on stdout):
 * `{ "version": 1, "command": "status", "asOf": "2023-01-01" | null, "knownAt": "…Z" | null, "data": … }`.
 * `asOf`/`knownAt` are null for commands that do not take them (import, replay, verify).
 */
export interface JsonEnvelope<T> {
  readonly version: typeof JSON_VERSION;
  readonly command: string;
  readonly asOf: string | null;
  readonly knownAt: string | null;
  readonly data: T;
}

/** Wraps a command's data in the envelope. */
export const envelope = <T>(
  command: string,
  when: { readonly asOf?: string | undefined; readonly knownAt?: string | undefined },
  data: T,
): JsonEnvelope<T> => ({
  version: JSON_VERSION,
  command,
  asOf: when.asOf ?? null,
  knownAt: when.knownAt ?? null,
  data,
});

const bigintsAsText = (_k: string, v: unknown): unknown =>
  typeof v === 'bigint' ? v.toString() : v;

/** Serialises an envelope as pretty JSON with a final newline; bigints become decimal strings. */
export const toJson = (value: unknown): string => `${JSON.stringify(value, bigintsAsText, 2)}\n`;

/** How deep `jsonChunks` splits containers before it stringifies what is below in one piece. */
const CHUNK_DEPTH = 4;

/** A value as `JSON.stringify` sees it: `toJSON` applied, then the replacer. */
const prepared = (key: string, v: unknown): unknown => {
  const j =
    typeof (v as { toJSON?: unknown } | null)?.toJSON === 'function'
      ? (v as { toJSON: (k: string) => unknown }).toJSON(key)
      : v;
  return bigintsAsText(key, j);
};

const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * `toJson(value)` in pieces, the same text exactly, so that a document larger than the longest
 * string the runtime can build (hundreds of megabytes: `status` of every order of a large store)
 * is written a piece at a time. Containers are split `CHUNK_DEPTH` levels down.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  const top = prepared('', value);
  if (omitted(top))
    yield String(JSON.stringify(top)); // as toJson prints it: "undefined"
  else yield* chunksOf(top, '', 0);
  yield '\n';
}

/** Stands for the items of `jsonChunksEach`'s array while the rest of the document is laid out (a control character: no answer's text holds it unescaped). */
const SLOT = '\u0000decree:items\u0000';

/**
 * `jsonChunks` of `value` whose array at `path` (keys from the top, the array itself empty in
 * `value`) holds `items`, taken one at a time as they come: the same text exactly, without ever
 * holding them all (a listing of every order of a large store).
 */
export async function* jsonChunksEach(
  value: object,
  path: readonly string[],
  items: AsyncIterable<unknown>,
): AsyncGenerator<string> {
  const text = [...jsonChunks(withSlot(value, path))].join('');
  const slot = text.indexOf(JSON.stringify(SLOT));
  const before = text.slice(0, slot); // ends with `[`, a newline and the items' indentation
  const inner = before.slice(before.lastIndexOf('\n') + 1);
  const depth = path.length + 1;
  let n = 0;
  for await (const item of items) {
    yield n === 0 ? before : `,\n${inner}`;
    const v = prepared(String(n), item);
    yield* chunksOf(omitted(v) ? null : v, inner, depth);
    n += 1;
  }
  const after = text.slice(slot + JSON.stringify(SLOT).length); // a newline, the array's indentation, `]`
  // No item: `[]`, as `jsonChunks` prints an empty array.
  yield n > 0
    ? after
    : `${before.slice(0, before.length - inner.length - 2)}[]${after.slice(after.indexOf(']') + 1)}`;
}

/** `value` with the array at `path` holding the slot alone. */
const withSlot = (value: object, path: readonly string[]): unknown => {
  const [key, ...rest] = path;
  if (key === undefined) return [SLOT];
  return { ...value, [key]: withSlot((value as Record<string, object>)[key]!, rest) };
};

function* chunksOf(v: unknown, indent: string, depth: number): Generator<string> {
  if (depth >= CHUNK_DEPTH || typeof v !== 'object' || v === null) {
    // Nested lines take the indentation of where the value sits (JSON.stringify escapes newlines in strings).
    const text = JSON.stringify(v, bigintsAsText, 2) ?? 'null';
    yield indent === '' ? text : text.split('\n').join(`\n${indent}`);
  } else if (Array.isArray(v)) {
    yield* arrayChunks(v, indent, depth);
  } else {
    yield* objectChunks(v as Record<string, unknown>, indent, depth);
  }
}

function* arrayChunks(v: readonly unknown[], indent: string, depth: number): Generator<string> {
  if (v.length === 0) return yield '[]';
  const inner = `${indent}  `;
  yield '[';
  for (let i = 0; i < v.length; i++) {
    const item = prepared(String(i), v[i]);
    yield `${i === 0 ? '' : ','}\n${inner}`;
    yield* chunksOf(omitted(item) ? null : item, inner, depth + 1);
  }
  yield `\n${indent}]`;
}

function* objectChunks(
  v: Readonly<Record<string, unknown>>,
  indent: string,
  depth: number,
): Generator<string> {
  const entries = Object.keys(v)
    .map((k) => [k, prepared(k, v[k])] as const)
    .filter(([, x]) => !omitted(x));
  if (entries.length === 0) return yield '{}';
  const inner = `${indent}  `;
  yield '{';
  for (const [i, [k, x]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(k)}: `;
    yield* chunksOf(x, inner, depth + 1);
  }
  yield `\n${indent}}`;
}

/**
 * What `--format json` prints on stdout when a command fails (stderr has the error line): the
 * envelope with `data: null` and `error: { code, path, message, details }`, so a script reading
 * stdout gets one JSON document. (A listing, which prints as it goes, that fails after its
 * first megabyte was written leaves that document unfinished instead: the exit code says so.)
 */
export const errorEnvelope = (
  command: string,
  e: unknown,
): JsonEnvelope<null> & { readonly error: Readonly<Record<string, unknown>> } => {
  const typed = e as { code?: unknown; path?: unknown; details?: unknown };
  return {
    ...envelope(command, {}, null),
    error: {
      code:
        typeof typed.code === 'string'
          ? typed.code
          : (e as Error | undefined)?.name === 'CliError'
            ? (e as { exitCode?: number }).exitCode === 3
              ? 'INTEGRITY_FAILURE'
              : 'USAGE'
            : 'UNEXPECTED',
      path: Array.isArray(typed.path) ? formatPath(typed.path as (string | number)[]) : '',
      message: e instanceof Error ? e.message : String(e),
      ...(typeof typed.details === 'object' && typed.details !== null
        ? { details: typed.details }
        : {}),
    },
  };
};

/** The outputs a JSON document was already written to (a command that reports, then fails). */
const answered = new WeakSet<object>();

/** Notes that `out` received a command's JSON document. */
export const markJsonWritten = (out: object): void => void answered.add(out);

/** Whether `out` already received a command's JSON document (then no error envelope follows it). */
export const jsonWritten = (out: object): boolean => answered.has(out);

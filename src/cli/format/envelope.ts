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

/** Serialises an envelope as pretty JSON with a final newline; bigints become decimal strings. */
export const toJson = (value: unknown): string =>
  `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;

/**
 * What `--format json` prints on stdout when a command fails (stderr has the error line): the
 * envelope with `data: null` and `error: { code, path, message, details }`, so a script reading
 * stdout always gets one JSON document.
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

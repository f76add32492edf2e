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

import { formatPath, isDecreeError } from '../../domain/shared/errors.js';
import { visible } from './format/text.js';

/** The exit codes of `decree`. */
export const EXIT = {
  ok: 0,
  /** `status` found an order `non_compliant`. */
  nonCompliant: 1,
  /** Bad usage or bad input (including an import with bad lines). */
  usage: 2,
  /** A hash chain does not verify. */
  integrity: 3,
  /** Anything unexpected: the store could not be used, or a bug. */
  internal: 4,
} as const;

/** An error the CLI itself raises about its arguments or files, with the exit code to use. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The exit code for an error thrown while running a command: Decree errors are input errors except integrity (3) and an unusable store (4). */
export const exitCodeOf = (e: unknown): number => {
  if (e instanceof CliError) return e.exitCode;
  if (!isDecreeError(e)) return EXIT.internal;
  if (e.code === 'INTEGRITY_VIOLATION') return EXIT.integrity;
  if (e.code === 'STORE_UNAVAILABLE') return EXIT.internal;
  return EXIT.usage;
};

/** The one line printed on stderr for an error: `decree: <message>`, with code and field path for Decree errors. */
export const errorLine = (e: unknown): string => visible(rawErrorLine(e));

const rawErrorLine = (e: unknown): string => {
  if (e instanceof CliError) return `decree: ${e.message}`;
  if (isDecreeError(e)) {
    const where = formatPath(e.path);
    return `decree: ${where ? `${where}: ` : ''}${e.message} [${e.code}]`;
  }
  const message = e instanceof Error ? e.message : String(e);
  return `decree: unexpected error: ${message.split('\n')[0] ?? ''} (run with --debug for details)`;
};

/** What `--debug` adds after the error line: the stack (and the cause's), when there is one. */
export const debugDetail = (e: unknown): string => {
  if (!(e instanceof Error)) return '';
  const cause = e.cause instanceof Error ? `\ncaused by: ${e.cause.stack ?? e.cause.message}` : '';
  return `${e.stack ?? ''}${cause}`;
};

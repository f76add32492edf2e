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

const FILE_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EEXIST: 'it already exists',
  EROFS: 'the file system is read-only',
};

/**
 * A file named on the command line that could not be opened, read or written (an output in a
 * folder that does not exist, say), as a usage error that names it and says why (exit 2), not an
 * unexpected one; undefined for any other error.
 */
export const fileProblem = (e: unknown): CliError | undefined => {
  if (!(e instanceof Error) || isDecreeError(e)) return undefined;
  const { code, path, syscall } = e as NodeJS.ErrnoException;
  const why = typeof code === 'string' ? FILE_REASONS[code] : undefined;
  if (why === undefined || typeof path !== 'string') return undefined;
  const act = syscall === 'mkdir' ? 'create the folder' : syscall === 'open' ? 'open' : syscall;
  return new CliError(`cannot ${act ?? 'use'} ${path}: ${why} (${code})`);
};

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

import type { Readable, Writable } from 'node:stream';
import { Temporal } from 'temporal-polyfill';
import type { Engine, EngineOptions } from '../engine/engine.types.js';

/** The edges the CLI talks to: output streams, the terminal, the working folder and the clock. */
export interface CliIo {
  /** Standard input (`import -`); absent where a caller gives none. */
  readonly stdin?: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  readonly stderrIsTTY: boolean;
  /** The width tables are laid out for: the terminal's, else `COLUMNS`; undefined when neither is known. */
  readonly columns?: number | undefined;
  /** The folder relative paths (`--store`, files) are resolved against. */
  readonly cwd: string;
  /** Today's civil date, `YYYY-MM-DD`, the default `--as-of`. */
  readonly today: () => string;
  /** The current instant (report timestamps). */
  readonly now: () => Date;
}

/** Opens an engine; injected so tests can substitute one. */
export type OpenEngine = (options: EngineOptions) => Promise<Engine>;

/** Everything a command needs besides its arguments. */
export interface CliContext {
  readonly io: CliIo;
  readonly openEngine: OpenEngine;
  /** Whether `--debug` was given (stack traces on errors). */
  readonly debug: boolean;
}

/** Whether an error is a closed pipe on output (`decree export | head`), which is not a failure. */
export const isBrokenPipe = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
};

/** The real process's streams, folder and clock; a reader closing stdout early is ignored, not a crash. */
export const processIo = (): CliIo => {
  process.stdout.on('error', (e) => {
    if (!isBrokenPipe(e)) throw e;
  });
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.isTTY
      ? process.stdout.columns
      : Number(process.env['COLUMNS']) || undefined,
    cwd: process.cwd(),
    today: () => Temporal.Now.plainDateISO().toString(),
    now: () => new Date(),
  };
};

/** Writes text to a stream and waits for it to drain when its buffer is full. */
export const write = async (out: Writable, text: string): Promise<void> => {
  if (out.destroyed)
    throw Object.assign(new Error('output closed'), { code: 'ERR_STREAM_DESTROYED' });
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (e?: Error) => {
      out.off('drain', done);
      out.off('error', done);
      if (e) reject(e);
      else resolve();
    };
    out.once('drain', () => done());
    out.once('error', done);
  });
};

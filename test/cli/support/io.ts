import { Writable } from 'node:stream';
import type { CliIo } from '../../../src/cli/context.js';

/** A writable that keeps everything written to it. */
export class Capture extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(
    chunk: Buffer | string,
    _enc: BufferEncoding,
    done: (e?: Error | null) => void,
  ): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  /** Everything written, as UTF-8 text. */
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** An in-memory `CliIo` for calling `main()` in-process, with captured stdout and stderr. */
export const memoryIo = (
  options: { cwd?: string; today?: string; tty?: boolean } = {},
): CliIo & { stdout: Capture; stderr: Capture } => ({
  stdout: new Capture(),
  stderr: new Capture(),
  stderrIsTTY: options.tty ?? false,
  cwd: options.cwd ?? process.cwd(),
  today: () => options.today ?? '2023-01-01',
  now: () => new Date('2023-01-02T03:04:05.000Z'),
});

/** `process.argv` as the launcher would see it for `decree ...args`. */
export const argv = (...args: string[]): string[] => ['node', 'decree', ...args];

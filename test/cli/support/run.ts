import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from './build.js';

/** The Twitter example log shipped with the package. */
export const EXAMPLE = join(ROOT, 'examples', 'twitter-2022.ndjson');

/** What a run of the real binary did. */
export interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `node bin/decree.js ...args` in `cwd`, stdout and stderr piped (so never a TTY). */
export const decree = (cwd: string, ...args: string[]): Ran => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** A digest of a SQLite store's bytes on disk: the file and its WAL (each `absent` when missing). */
export const hashStore = (db: string): string =>
  ['', '-wal']
    .map((suffix) => {
      const p = `${db}${suffix}`;
      return `${suffix || 'db'}:${existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent'}`;
    })
    .join(' ');

/** Whether stderr shows a stack trace (a crash rather than a clear error line). */
export const hasStack = (stderr: string): boolean =>
  /\n\s+at .+[(:]\d+/.test(stderr) || /^(Type|Range|Reference|Syntax)Error/m.test(stderr);

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
/** The launcher the package installs as `decree`. */
export const BIN = join(ROOT, 'bin', 'decree.js');
const BUILT = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SOURCES = ['src', 'domain', 'projections'].map((d) => join(ROOT, d));

const newestSource = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return Math.max(max, newestSource(p));
    return e.name.endsWith('.ts') ? Math.max(max, statSync(p).mtimeMs) : max;
  }, 0);

const isFresh = (): boolean =>
  existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...SOURCES.map(newestSource));

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes a cross-process lock (a directory), so parallel test files never build at the same time. */
const withLock = (fn: () => void): void => {
  const lock = join(
    tmpdir(),
    `decree-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`,
  );
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
};

let checked = false;

/**
 * Runs `npm run build` once per test process, only when dist/ is missing or older than the
 * sources. Type errors in files being edited elsewhere do not stop tsc from emitting, so the
 * build counts as done when the CLI's entry point was written.
 */
export const ensureBuilt = (): void => {
  if (checked) return;
  withLock(() => {
    if (isFresh()) return;
    try {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      if (!existsSync(BUILT)) throw e;
    }
  });
  checked = true;
};

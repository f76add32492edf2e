// A read-only store (an archive copy: a file and folder this process cannot write) answers every
// query exactly as the writable original does, says so once on stderr, writes nothing in or beside
// it, and refuses writes with STORE_READ_ONLY. Run through the real binary as a user who cannot
// write the archive: root writes through any permission bit, so as root the binary runs as nobody
// under `setpriv` where nobody can read this checkout, else the archive is also made immutable
// (`chattr +i`, which binds root too).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from './support/build.js';
import { decree, EXAMPLE, hashStore, type Ran } from './support/run.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'decree-read-only-'));
const archive = join(dir, 'archive');

const DROP = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];

/** Whether nobody can run the binary from this checkout (a checkout under a private folder cannot be). */
const nobodyCanRun = (): boolean =>
  spawnSync(DROP[0]!, [
    ...DROP.slice(1),
    process.execPath,
    '-e',
    'require("fs").accessSync(process.argv[1], require("fs").constants.R_OK)',
    BIN,
  ]).status === 0;

/** How root is kept from writing the archive: by running as nobody, or by immutable files. */
const asNobody = asRoot && nobodyCanRun();
const immutable = asRoot && !asNobody;

/** Makes a file or folder read-only for this test's runs (immutable too when root runs them). */
const lockDown = (path: string, mode: number): void => {
  chmodSync(path, mode);
  if (immutable) execFileSync('chattr', ['+i', path]); // fails where the file system has no such flag: a failure, not a skip
};

/** Undoes `lockDown` so the files can be removed. */
const unlock = (path: string, mode: number): void => {
  if (immutable) execFileSync('chattr', ['-i', path]);
  chmodSync(path, mode);
};

/** Runs the binary in `cwd` as a user who cannot write the archive. */
const unprivileged = (cwd: string, ...args: string[]): Ran => {
  const command = asNobody
    ? [...DROP, process.execPath, BIN, ...args]
    : [process.execPath, BIN, ...args];
  const r = spawnSync(command[0]!, command.slice(1), {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** The archive folder's entries with a digest of each, to show nothing was written in or beside the store. */
const folderState = (): string =>
  readdirSync(archive)
    .sort()
    .map((f) => `${f} ${hashStore(join(archive, f))}`)
    .join('\n');

const NOTICE =
  'decree: store.db is read-only: answering from its log with read models in memory; nothing is written\n';

/** The queries compared, each as `--format json` so the whole answer is compared. */
const QUERIES: readonly (readonly string[])[] = [
  ['status', '--as-of', '2024-06-01'],
  ['status', '--as-of', '2023-03-01', '--known-at', '2023-01-01T00:00:00Z'],
  ['deadlines', '--as-of', '2023-01-01'],
  ['exposure', '--as-of', '2024-06-01'],
  ['ledger', '--order', 'us-v-twitter-2022'],
  ['docket', '--order', 'ftc-c4316', '--as-of', '2024-06-01'],
  ['timeline', '--order', 'ftc-c4316', '--from', '2022-05-01', '--to', '2023-12-31'],
  ['changes', '--from', '2022-05-01', '--to', '2023-12-31'],
  ['verify'],
];

beforeAll(() => {
  ensureBuilt();
  chmodSync(dir, 0o755); // the unprivileged user must reach the folder
  const made = decree(dir, 'import', EXAMPLE, '--backfill', '--store', 'live.db');
  expect(made.code, made.err).toBe(0);
  // Queried once, so the original holds read models and a checkpoint the archive copy carries too.
  expect(decree(dir, 'status', '--store', 'live.db', '--as-of', '2024-06-01').code).not.toBe(4);
  mkdirSync(archive);
  copyFileSync(join(dir, 'live.db'), join(archive, 'store.db'));
  lockDown(join(archive, 'store.db'), 0o444);
  lockDown(archive, 0o555);
}, 120_000);

afterAll(() => {
  unlock(archive, 0o755);
  unlock(join(archive, 'store.db'), 0o644);
  rmSync(dir, { recursive: true, force: true });
});

describe('a read-only store answers queries and writes nothing', () => {
  it('every query answers as on the writable original, with one notice on stderr, and leaves the folder as it was', () => {
    const before = folderState();
    let asserted = 0;
    for (const query of QUERIES) {
      const original = decree(dir, ...query, '--store', 'live.db', '--format', 'json');
      const copy = unprivileged(archive, ...query, '--store', 'store.db', '--format', 'json');
      expect(copy.err, query.join(' ')).toBe(NOTICE);
      expect(copy.code, query.join(' ')).toBe(original.code);
      const data = (out: string) => (JSON.parse(out) as { data: Record<string, unknown> }).data;
      const { readModels, ...chain } = data(original.out);
      if (query[0] === 'verify') {
        // The archive's answers come from its log alone, so only the original's read models are audited.
        expect(readModels).toMatchObject({ problems: [] });
        expect(data(copy.out)).toEqual({ ...chain, intact: true });
      } else expect(data(copy.out), query.join(' ')).toEqual(data(original.out));
      asserted++;
    }
    expect(asserted).toBe(QUERIES.length);
    expect(folderState()).toBe(before);
  });

  it('the table output is the same too (status), the notice on stderr only', () => {
    const original = decree(dir, 'status', '--as-of', '2024-06-01', '--store', 'live.db');
    const copy = unprivileged(archive, 'status', '--as-of', '2024-06-01', '--store', 'store.db');
    expect(copy.out).toBe(original.out);
    expect(copy.out).toContain('ftc-c4316');
    expect(copy.err).toBe(NOTICE);
  });

  it('an import into it is refused with STORE_READ_ONLY before anything is read or written', () => {
    const before = folderState();
    const r = unprivileged(archive, 'import', EXAMPLE, '--store', 'store.db', '--format', 'json');
    expect(r.code).toBe(2);
    const envelope = JSON.parse(r.out) as { data: unknown; error: { code: string; path: unknown } };
    expect(envelope.data).toBeNull();
    expect(envelope.error.code).toBe('STORE_READ_ONLY');
    expect(envelope.error.path).toBe('store');
    expect(folderState()).toBe(before);
  });

  it('a new store in a folder it cannot write is refused with STORE_READ_ONLY, and nothing is created', () => {
    const r = unprivileged(archive, 'import', EXAMPLE, '--backfill', '--store', 'new.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /cannot create the store .*new\.db: this process cannot write its folder/,
    );
    expect(r.err).toMatch(/\[STORE_READ_ONLY\]$/m);
    expect(existsSync(join(archive, 'new.db'))).toBe(false);
  });

  it('a copy whose write-ahead log holds commits not yet in the file is refused rather than answered from an older state', () => {
    const wal = join(dir, 'wal');
    mkdirSync(wal);
    chmodSync(wal, 0o755);
    copyFileSync(join(dir, 'live.db'), join(wal, 'store.db'));
    // A writer that keeps its commits in the log (no checkpoint), copied while it is open: file and -wal, no -shm.
    const writer = new Database(join(wal, 'store.db'));
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec("INSERT INTO decree_meta (key, value) VALUES ('note', 'in the log only')");
    const held = join(dir, 'wal-copy');
    mkdirSync(held);
    copyFileSync(join(wal, 'store.db'), join(held, 'store.db'));
    copyFileSync(join(wal, 'store.db-wal'), join(held, 'store.db-wal'));
    writer.close();
    lockDown(held, 0o555);
    try {
      const r = unprivileged(held, 'status', '--store', 'store.db');
      expect(r.code).toBe(4);
      expect(r.err).toMatch(/write-ahead log .*store\.db-wal holds commits/);
      expect(r.err).toMatch(/\[STORE_UNAVAILABLE\]$/m);
    } finally {
      unlock(held, 0o755);
    }
  });
});

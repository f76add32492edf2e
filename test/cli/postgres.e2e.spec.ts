// The real binary (node bin/decree.js, built to dist/) on a PostgreSQL store: the example imported
// as a backfill, its status read back by another process, the import re-run adding nothing, the
// chains verified; an unreachable server is one clear STORE_UNAVAILABLE line, not a stack trace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './support/build.js';
import { decree, EXAMPLE, hasStack } from './support/run.js';
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from '../store/support/postgres.js';

const available = await postgresAvailable('postgres CLI');

describe.skipIf(!available)('decree --store postgres://', () => {
  const dir = mkdtempSync(join(tmpdir(), 'decree-pg-e2e-'));
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the example, reports its status from another process, re-imports nothing, verifies', () => {
    const store = db?.url ?? '';
    const imported = decree(dir, 'import', '--backfill', EXAMPLE, '--store', store);
    expect(imported.err).toBe('');
    expect(imported.out).toContain('34 events appended');
    const status = decree(dir, 'status', '--as-of', '2022-06-01', '--store', store);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/us-v-twitter-2022/);
    const again = decree(dir, 'import', '--backfill', EXAMPLE, '--store', store);
    expect(again.out).toContain('0 events appended, 34 duplicates');
    const verified = decree(dir, 'verify', '--store', store);
    expect(verified.out).toContain('34 events');
    expect(verified.code).toBe(0);
  });

  it('a server that does not answer is one STORE_UNAVAILABLE line', () => {
    const r = decree(dir, 'status', '--store', 'postgres://postgres@127.0.0.1:1/decree');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('STORE_UNAVAILABLE');
    expect(hasStack(r.err)).toBe(false);
  });
});

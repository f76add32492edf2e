// Tampering a SQLite store by hand, through the real binary (node bin/decree.js, built to dist/):
// what the per-stream hash chains alone could not see (a truncated stream, a deleted stream, an
// amount edited and its stream re-hashed, an event forged into the sealed part of the log, an
// edited read model, a checkpoint moved ahead) is seen by `verify --seal` or by the next query.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent } from '../../src/store/hash-chain.js';
import { BIN, ensureBuilt } from './support/build.js';
import { decree, EXAMPLE } from './support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-tamper-e2e-'));
const run = (...args: string[]) => decree(dir, ...args);
const example = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');
const N = example.length; // 34 events: positions 0..33
const FIRST = 20; // the first seal covers the first 20 events
const US = 'order-us-v-twitter-2022';

interface Row {
  global_position: number;
  stream: string;
  stream_revision: number;
  id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** Runs `fn` on a copy of the sealed store, `<name>.db`, opened with better-sqlite3. */
const tampered = (name: string, fn: (db: Database.Database) => void): string => {
  const file = `${name}.db`;
  copyFileSync(join(dir, 'sealed.db'), join(dir, file));
  const db = new Database(join(dir, file));
  try {
    fn(db);
  } finally {
    db.close();
  }
  return file;
};

/** Recomputes a stream's hash chain from its first event, as a forger who can run Decree's own code would. */
const rehash = (db: Database.Database, stream: string): void => {
  const rows = db
    .prepare<[string], Row>('SELECT * FROM decree_events WHERE stream = ? ORDER BY stream_revision')
    .all(stream);
  const update = db.prepare(
    'UPDATE decree_events SET prev_hash = ?, hash = ? WHERE global_position = ?',
  );
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const hash = hashEvent(prev, {
      stream: r.stream,
      streamRevision: r.stream_revision,
      id: r.id,
      type: r.type,
      schemaVersion: r.schema_version,
      data: JSON.parse(r.data) as unknown,
      metadata: JSON.parse(r.metadata) as unknown,
      recordedAt: r.recorded_at,
    });
    update.run(prev, hash, r.global_position);
    prev = hash;
  }
};

/** Edits the civil penalty's payment (global position 7) to a tenth of its amount, hashes left as they were. */
const tenthOfThePenalty = (db: Database.Database): void => {
  const row = db
    .prepare<[], { data: string }>('SELECT data FROM decree_events WHERE global_position = 7')
    .get()!;
  const data = JSON.parse(row.data) as { amount: { amountMinor: number } };
  data.amount.amountMinor = 1_500_000_000;
  db.prepare('UPDATE decree_events SET data = ? WHERE global_position = 7').run(canonicalize(data));
};

const verifySealed = (store: string, ...more: string[]) =>
  run(
    'verify',
    '--store',
    store,
    '--seal',
    'decree.seals.ndjson',
    '--public-key',
    'seal.pub.pem',
    ...more,
  );

const firstDocument = (out: string): string => out.slice(0, out.indexOf('\n}\n') + 2);

/** The `verify --format json` envelope (the first JSON document on stdout: an error envelope may follow it). */
const json = (store: string) =>
  JSON.parse(firstDocument(verifySealed(store, '--format', 'json').out)) as {
    data: {
      ok: boolean;
      intact: boolean;
      firstBreak?: { reason: string; expected: string; found: string; stream: string };
      seals: { checked: { line: number; ok: boolean; reason?: string }[] };
      readModels: { problems: { reason: string; key?: string }[] };
    };
  };

const spawnDecree = (args: string[], env: NodeJS.ProcessEnv) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(() => {
  ensureBuilt();
  writeFileSync(join(dir, 'first.ndjson'), `${example.slice(0, FIRST).join('\n')}\n`);
  expect(run('import', '--backfill', 'first.ndjson', '--store', 'sealed.db').code).toBe(0);
  expect(run('keygen', '--out', 'seal').code).toBe(0);
  expect(run('seal', '--key', 'seal.pem', '--store', 'sealed.db').code).toBe(0);
  // The store before the rest was imported, its read models built at position FIRST - 1.
  expect(run('status', '--store', 'sealed.db', '--as-of', '2023-01-01').code).toBe(0);
  copyFileSync(join(dir, 'sealed.db'), join(dir, 'early.db'));
  expect(run('import', '--backfill', EXAMPLE, '--store', 'sealed.db').code).toBe(0);
  expect(run('status', '--store', 'sealed.db', '--as-of', '2023-01-01').code).toBe(0);
  // The second seal, with the key in the environment.
  const r = decree(dir, 'seal', '--store', 'sealed.db');
  expect(r.code).toBe(2); // no key given
  const env = { ...process.env, DECREE_SEAL_KEY: readFileSync(join(dir, 'seal.pem'), 'utf8') };
  const withEnv = spawnDecree(['seal', '--store', 'sealed.db'], env);
  expect([withEnv.code, withEnv.err]).toEqual([0, '']);
  expect(withEnv.out).toMatch(new RegExp(`^sealed ${N} events: log head [0-9a-f]{64}\\n`));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seals and read models hold the store to what it was (tampered by hand)', () => {
  it('an untouched store with a seal file of two seals verifies, pinned to the public key', () => {
    const seals = readFileSync(join(dir, 'decree.seals.ndjson'), 'utf8').trimEnd().split('\n');
    expect(seals.map((l) => (JSON.parse(l) as { logLength: number }).logLength)).toEqual([
      FIRST,
      N,
    ]);
    const r = verifySealed('sealed.db');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toMatch(
      new RegExp(
        `^ok: every hash chain verifies \\(2 streams, ${N} events\\)\\n` +
          `seal line 1 \\(${FIRST} events, sealed [^)]+\\): ok\\n` +
          `seal line 2 \\(${N} events, sealed [^)]+\\): ok\\n` +
          `ok: 2 seals of decree.seals.ndjson hold: the last seal covers the whole log \\(${N} events\\)\\n` +
          `log: ${N} events, head [0-9a-f]{64}\\n$`,
      ),
    );
    const unpinned = run('verify', '--store', 'sealed.db', '--seal', 'decree.seals.ndjson');
    expect(unpinned.code).toBe(0);
    expect(unpinned.out).toContain('not independently pinned');
    expect(json('sealed.db').data).toMatchObject({ ok: true, intact: true });
  });

  it('the tail of a stream deleted: a hole in the positions, the last seal truncated, a model ahead of its stream', () => {
    const store = tampered('stream-tail', (db) =>
      db.prepare('DELETE FROM decree_events WHERE stream = ? AND stream_revision >= 5').run(US),
    );
    const r = verifySealed(store);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(
      /^BROKEN: events missing at global positions 31\.\.32 \(deleted\), before stream order-ftc-c4316 at revision 26 \(global position 33\)\n/,
    );
    expect(r.out).toMatch(
      /seal line 2 \(34 events, [^)]+\): BROKEN: truncated: the log has 32 events/,
    );
    expect(r.out).toContain(
      'model ahead of stream: the read model of order us-v-twitter-2022 reflects revision 6, but its stream ends at revision 4',
    );
    expect(r.err).toBe(
      'decree: integrity failure: events missing at global positions 31..32 (deleted), before stream order-ftc-c4316 at revision 26\n',
    );
  });

  it('the tail of the log cut: the seal sees the log shorter; queries and a plain replay refuse, leaving the evidence, until replay --force', () => {
    const store = tampered('log-tail', (db) =>
      db.prepare('DELETE FROM decree_events WHERE global_position >= 33').run(),
    );
    const d = json(store).data;
    expect(d.ok).toBe(true); // every chain and position still in order
    expect(d.seals.checked.map((c) => [c.line, c.ok, c.reason])).toEqual([
      [1, true, undefined],
      [2, false, 'truncated'],
    ]);
    expect(d.readModels.problems.map((p) => p.reason)).toContain('checkpoint_beyond_log');
    const r = verifySealed(store);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(
      /^decree: integrity failure: seal at line 2 of decree.seals.ndjson \(34 events, sealed [^)]+\) does not hold: truncated: the log has 33 events, the seal covers 34\n$/,
    );
    const status = run('status', '--store', store, '--as-of', '2023-01-01');
    expect([status.code, status.out]).toEqual([3, '']);
    expect(status.err).toMatch(
      /^decree: the event log no longer holds what the read models were built from: their checkpoint is at global position 33, but the log has no event there \(its last is at 32\)\. .*decree replay --force .*\[INTEGRITY_VIOLATION\]\n$/,
    );
    // The evidence stays: verify still finds the checkpoint beyond the log.
    expect(json(store).data.readModels.problems.map((p) => p.reason)).toContain(
      'checkpoint_beyond_log',
    );
    const replay = run('replay', '--store', store);
    expect(replay.code).toBe(3);
    expect(replay.err).toMatch(
      /^decree: integrity failure: read models: checkpoint beyond log: .*; nothing was rebuilt .*decree replay --force/,
    );
    expect(json(store).data.readModels.problems.map((p) => p.reason)).toContain(
      'checkpoint_beyond_log',
    );
    expect(run('replay', '--force', '--store', store).code).toBe(0);
    expect(run('status', '--store', store, '--as-of', '2023-01-01').code).toBe(0);
    expect(run('verify', '--store', store).code).toBe(0); // the log as it now is; only the seal knew it longer
  });

  it('a whole stream deleted: the hole names the positions missing; both seals fail', () => {
    const store = tampered('no-stream', (db) =>
      db.prepare('DELETE FROM decree_events WHERE stream = ?').run(US),
    );
    const d = json(store).data;
    expect(d.firstBreak).toMatchObject({ reason: 'position_gap', expected: '5', found: '9' });
    expect(d.seals.checked.map((c) => c.reason)).toEqual(['rewritten', 'truncated']);
    expect(d.readModels.problems).toContainEqual(
      expect.objectContaining({ reason: 'model_ahead_of_stream', key: 'us-v-twitter-2022' }),
    );
    const r = verifySealed(store);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^BROKEN: events missing at global positions 5\.\.8 \(deleted\)/);
  });

  it('an amount edited without re-hashing: replay refuses at the break and rebuilds nothing; --force rebuilds from the log as it is', () => {
    const store = tampered('edited', tenthOfThePenalty);
    const honest = run('ledger', '--store', 'sealed.db', '--as-of', '2023-01-01');
    expect(honest.code).toBe(0);
    const replay = run('replay', '--store', store);
    expect(replay.code).toBe(3);
    expect(replay.err).toMatch(
      /^decree: integrity failure: .*order-us-v-twitter-2022.*; nothing was rebuilt \(the read models and their checkpoint stay as evidence\): decree replay --force/,
    );
    // Nothing rebuilt: the models still answer as they were built, before the edit.
    expect(run('ledger', '--store', store, '--as-of', '2023-01-01').out).toBe(honest.out);
    expect(run('replay', '--force', '--store', store).code).toBe(0);
    const forced = run('ledger', '--store', store, '--as-of', '2023-01-01');
    expect(forced.out).not.toBe(honest.out);
    expect(forced.out).toContain('15,000,000');
  });

  it('an amount edited and its stream re-hashed: every chain verifies, but both seals are rewritten, and the read model differs', () => {
    const store = tampered('rehashed', (db) => {
      tenthOfThePenalty(db);
      rehash(db, US);
    });
    const plain = run('verify', '--store', store, '--no-models');
    // The chains alone cannot tell, nor the hash at the checkpoint (an event of the other stream); its log head can.
    expect(plain.out).toMatch(
      new RegExp(
        `^ok: every hash chain verifies \\(2 streams, ${N} events\\)\\nBROKEN: read models disagree with the log \\(checkpoint at global position 33\\):\\n  log rewritten: `,
      ),
    );
    expect(plain.code).toBe(3);
    const d = json(store).data;
    expect(d.ok).toBe(true);
    expect(d.seals.checked.map((c) => [c.ok, c.reason])).toEqual([
      [false, 'rewritten'],
      [false, 'rewritten'],
    ]);
    expect(d.readModels.problems.map((p) => [p.reason, p.key])).toEqual([
      ['log_rewritten', undefined],
      ['model_differs', 'us-v-twitter-2022'],
    ]);
    const r = verifySealed(store);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(
      /seal line 1 \(20 events, [^)]+\): BROKEN: rewritten: the log head after 20 events is [0-9a-f]{64}, the seal says [0-9a-f]{64}/,
    );
    expect(r.err).toMatch(/^decree: integrity failure: seal at line 1 .* does not hold: rewritten/);
  });

  it('an event forged into the sealed part of the log (later events moved up one position): the seals are rewritten', () => {
    const store = tampered('forged', (db) => {
      db.prepare(
        'UPDATE decree_events SET global_position = global_position + 1000 WHERE global_position >= 10',
      ).run();
      db.prepare(
        'UPDATE decree_events SET global_position = global_position - 999 WHERE global_position >= 1000',
      ).run();
      const forged = {
        stream: 'audit-notes',
        streamRevision: 0,
        id: '5b1c9a4e-9f0e-4c4e-9d2a-3f1f7d0b8c11',
        type: 'Note',
        schemaVersion: 1,
        data: { note: 'nothing to see' },
        metadata: {},
        recordedAt: '2022-05-26T23:59:00.000Z',
      };
      db.prepare('INSERT INTO decree_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        10,
        forged.stream,
        0,
        forged.id,
        forged.type,
        1,
        canonicalize(forged.data),
        '{}',
        forged.recordedAt,
        GENESIS_HASH,
        hashEvent(GENESIS_HASH, forged),
      );
    });
    const d = json(store).data;
    expect(d.ok).toBe(true); // a valid new stream, positions 0..34 without a hole
    expect(d.seals.checked.map((c) => c.reason)).toEqual(['rewritten', 'rewritten']);
    expect(d.readModels.problems.map((p) => p.reason)).toContain('checkpoint_moved');
    expect(verifySealed(store).code).toBe(3);
  });

  it('a read model edited: verify names the order whose model differs from its replayed stream', () => {
    const store = tampered('model-edited', (db) => {
      const { value } = db
        .prepare<[string], { value: string }>('SELECT value FROM decree_read_models WHERE key = ?')
        .get('us-v-twitter-2022')!;
      db.prepare('UPDATE decree_read_models SET value = ? WHERE key = ?').run(
        value.replaceAll('"amountMinor":15000000000', '"amountMinor":1500000000'),
        'us-v-twitter-2022',
      );
    });
    const r = verifySealed(store);
    expect(r.code).toBe(3);
    expect(r.out).toContain('seal line 2');
    expect(r.out).toContain(
      'model differs: the stored read model of order us-v-twitter-2022 differs from its stream replayed up to revision 6',
    );
    expect(r.err).toBe(
      'decree: integrity failure: read models: model differs: the stored read model of order us-v-twitter-2022 differs from its stream replayed up to revision 6\n',
    );
  });

  it('a checkpoint moved ahead over later imports: verify names it, the next query refuses instead of hiding them, replay --force rebuilds', () => {
    // early.db: read models built over the first 20 events; then the rest imported, then the checkpoint moved to the end.
    copyFileSync(join(dir, 'early.db'), join(dir, 'ahead.db'));
    expect(run('import', '--backfill', EXAMPLE, '--store', 'ahead.db').code).toBe(0);
    const db = new Database(join(dir, 'ahead.db'));
    db.prepare("UPDATE decree_checkpoints SET position = '33' WHERE projection = 'order'").run();
    db.close();
    const r = run('verify', '--store', 'ahead.db');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(
      /^decree: integrity failure: read models: checkpoint moved: the event at the checkpoint's global position 33 has hash [0-9a-f]{64}, the read models recorded [0-9a-f]{64}/,
    );
    const honest = run('status', '--store', 'sealed.db', '--as-of', '2023-01-01');
    const status = run('status', '--store', 'ahead.db', '--as-of', '2023-01-01');
    expect([status.code, status.out]).toEqual([3, '']);
    expect(status.err).toMatch(
      /^decree: the event log no longer holds what the read models were built from: the event at global position 33 \(stream order-ftc-c4316, revision 26\) is not the one they were built from/,
    );
    expect(run('replay', '--store', 'ahead.db').code).toBe(3);
    expect(run('replay', '--force', '--store', 'ahead.db').code).toBe(0);
    const again = run('status', '--store', 'ahead.db', '--as-of', '2023-01-01');
    expect([again.code, again.out, again.err]).toEqual([0, honest.out, '']);
    expect(run('verify', '--store', 'ahead.db').code).toBe(0);
  });

  it('a seal file holding no seal fails; one whose last seal covers less than the log says how many events no seal covers', () => {
    writeFileSync(join(dir, 'empty.seals.ndjson'), '');
    const empty = run('verify', '--store', 'sealed.db', '--seal', 'empty.seals.ndjson');
    expect(empty.code).toBe(3);
    expect(empty.out).toContain('BROKEN: empty.seals.ndjson holds no seal: nothing was checked');
    expect(empty.err).toBe(
      'decree: integrity failure: empty.seals.ndjson holds no seal: nothing was checked against a seal\n',
    );
    const first = readFileSync(join(dir, 'decree.seals.ndjson'), 'utf8').split('\n')[0]!;
    writeFileSync(join(dir, 'first.seals.ndjson'), `${first}\n`);
    const partial = run('verify', '--store', 'sealed.db', '--seal', 'first.seals.ndjson');
    expect(partial.code).toBe(0);
    expect(partial.out).toContain(
      `ok: 1 seal of first.seals.ndjson holds: the log extends what was sealed; its last ${N - FIRST} events (after the first ${FIRST}) are covered by no seal`,
    );
  });

  it('an event written around the rules (the company waiving its own duty, chained correctly): only verify --rules names it', () => {
    const store = tampered('forged-waiver', (db) => {
      const last = db
        .prepare<[], Row>(
          "SELECT * FROM decree_events WHERE stream = 'order-ftc-c4316' ORDER BY stream_revision DESC LIMIT 1",
        )
        .get()!;
      const forged = {
        stream: last.stream,
        streamRevision: last.stream_revision + 1,
        id: '00000000-0000-4000-8000-0000000000f0',
        type: 'ObligationWaived',
        schemaVersion: 1,
        data: { obligationId: 'A-9-annual-certification', reason: 'No longer needed' },
        metadata: {
          effectiveOn: '2026-01-01',
          actor: { role: 'company', name: 'Twitter, Inc.' },
        },
        recordedAt: '2026-06-01T00:00:00.000Z',
      };
      db.prepare(
        'INSERT INTO decree_events (global_position, stream, stream_revision, id, type, schema_version, data, metadata, recorded_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        N,
        forged.stream,
        forged.streamRevision,
        forged.id,
        forged.type,
        1,
        canonicalize(forged.data),
        canonicalize(forged.metadata),
        forged.recordedAt,
        last.hash,
        hashEvent(last.hash, forged),
      );
    });
    // The chains hold and the seals hold (the event comes after the last one): nothing else can tell.
    const plain = verifySealed(store);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('its last 1 event (after the first 34) is covered by no seal');
    const r = run('verify', '--store', store, '--rules');
    expect(r.code).toBe(3);
    expect(r.out).toContain(
      `BROKEN: the order's rules would not record 1 event of ${N + 1}:\n  stream order-ftc-c4316 revision 27 (global position ${N}, ObligationWaived 00000000-0000-4000-8000-0000000000f0): ACTOR_NOT_PERMITTED: `,
    );
    expect(r.err).toMatch(
      /^decree: integrity failure: rules: stream order-ftc-c4316 revision 27 .*ACTOR_NOT_PERMITTED/,
    );
    // The untouched store: every event recorded by the rules.
    const honest = run('verify', '--store', 'sealed.db', '--rules');
    expect(honest.code).toBe(0);
    expect(honest.out).toContain(
      `ok: the order's rules record every event (${N} events of 2 streams decided again)`,
    );
  });

  it('seal refuses to seal a log that no longer extends the seal file', () => {
    const store = tampered('reseal', (db) =>
      db.prepare('DELETE FROM decree_events WHERE global_position >= 30').run(),
    );
    copyFileSync(join(dir, 'decree.seals.ndjson'), join(dir, 'reseal.seals.ndjson'));
    const r = run('seal', '--key', 'seal.pem', '--store', store, '--out', 'reseal.seals.ndjson');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/the seal at line 2 of reseal.seals.ndjson does not hold \(truncated/);
    expect(readFileSync(join(dir, 'reseal.seals.ndjson'), 'utf8')).toBe(
      readFileSync(join(dir, 'decree.seals.ndjson'), 'utf8'),
    );
  });
});

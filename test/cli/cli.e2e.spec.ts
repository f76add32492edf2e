import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './support/build.js';
import { decree, EXAMPLE, hashStore, hasStack } from './support/run.js';

// End to end through the real binary (node bin/decree.js, built to dist/) on SQLite files in a
// temp folder, in order: each step uses the store the previous steps left.
const dir = mkdtempSync(join(tmpdir(), 'decree-cli-e2e-'));
const run = (...args: string[]) => decree(dir, ...args);
const example = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');
const N = example.length;

beforeAll(() => {
  ensureBuilt();
  copyFileSync(EXAMPLE, join(dir, 'twitter.ndjson'));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decree, end to end on a SQLite file', () => {
  it('imports the example into ./decree.db by default, and adds nothing the second time', () => {
    // The example states when each fact became public: a backfill.
    const plain = run('import', 'twitter.ndjson');
    expect(plain.code).toBe(2);
    expect(plain.err).toMatch(
      /^line 1: recordedAt: .*decree import --backfill.* \[BACKFILL_ONLY\]$/m,
    );
    const first = run('import', 'twitter.ndjson', '--backfill');
    expect([first.code, first.err]).toEqual([0, '']);
    expect(first.out).toBe(
      `twitter.ndjson: backfilled ${N} lines: ${N} events appended, 0 duplicates already recorded\n`,
    );
    expect(existsSync(join(dir, 'decree.db'))).toBe(true);
    const again = run('import', 'twitter.ndjson', '--backfill', '--format', 'json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({
      version: 1,
      command: 'import',
      data: { lines: N, appended: 0, duplicates: N, refused: false },
    });
  });

  it('status exits 0 on the example (a partial record: no evidence of the program is no finding), and 1 on the same record declared complete', () => {
    const before = run('status', '--as-of', '2022-11-22', '--order', 'ftc-c4316');
    expect(before.out).toMatch(/A-5-privacy-security-program\/once\s+due_soon\s+2022-11-22/);
    const r = run('status', '--as-of', '2022-11-23');
    expect(r.code).toBe(0);
    expect(r.out).toContain('order ftc-c4316: UNVERIFIED as of 2022-11-23');
    expect(r.out).toMatch(/A-5-privacy-security-program\/once\s+unverified\s+2022-11-22/);
    expect(r.out).toContain('2 orders: 1 unverified, 1 compliant');
    expect(r.out).toContain('A-10-corporate-change-notice/musk-acquisition  '); // ids whole, never cut to fit
    expect(r.out.split('\n').every((l) => l.length <= 100)).toBe(true);
    writeFileSync(
      join(dir, 'complete.ndjson'),
      `${example.map((l) => l.replace('"evidenceRecord":"partial"', '"evidenceRecord":"complete"')).join('\n')}\n`,
    );
    expect(run('import', 'complete.ndjson', '--backfill', '--store', 'complete.db').code).toBe(0);
    const c = run('status', '--as-of', '2022-11-23', '--store', 'complete.db');
    expect(c.code).toBe(1);
    expect(c.out).toContain('order ftc-c4316: NON_COMPLIANT as of 2022-11-23');
    expect(c.out).toMatch(/A-5-privacy-security-program\/once\s+overdue\s+2022-11-22\s+1d/);
    const ended = run(
      'status',
      '--as-of',
      '2042-06-01',
      '--order',
      'ftc-c4316',
      '--store',
      'complete.db',
    );
    expect(ended.code).toBe(1); // expired, its defaults still outstanding: never hidden behind the end
    expect(ended.out).toMatch(
      /^order ftc-c4316: EXPIRED as of 2042-06-01 \(ended 2042-05-26; \d+ items outstanding\)$/m,
    );
    // One end in two words: the day it ended, and the last day of its term (not a second end date).
    expect(ended.out).toContain('term ran through 2042-05-25');
    expect(ended.out).not.toContain('term ended');
  });

  it('status --order us-v-twitter-2022 exits 0; JSON has the envelope', () => {
    const r = run(
      'status',
      '--order',
      'us-v-twitter-2022',
      '--as-of',
      '2023-01-01',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      version: 1,
      command: 'status',
      asOf: '2023-01-01',
      knownAt: null,
      data: {
        orders: [
          {
            orderId: 'us-v-twitter-2022',
            status: 'compliant',
            occurrences: [{ id: 'S-1-civil-penalty/once', status: 'satisfied' }],
          },
        ],
      },
    });
  });

  it('--known-at before anything was recorded knows no orders', () => {
    const all = run('status', '--known-at', '2000-01-01T00:00:00Z', '--format', 'json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toMatchObject({
      knownAt: '2000-01-01T00:00:00.000Z',
      data: { orders: [] },
    });
    const deadlines = run('deadlines', '--known-at', '2000-01-01T00:00:00Z');
    expect([deadlines.code, deadlines.out]).toEqual([
      0,
      expect.stringMatching(/^no open deadlines within 90 days of \d{4}-\d{2}-\d{2}\n$/),
    ]);
    const one = run('docket', '--order', 'ftc-c4316', '--known-at', '2000-01-01T00:00:00Z');
    expect([one.code, one.err]).toEqual([
      2,
      'decree: orderId: order "ftc-c4316" is in this store, but nothing of it had been recorded by the instant asked about (ask as known at a later instant, or leave --known-at out) [ORDER_NOT_FOUND]\n',
    ]);
  });

  it('--known-at a date answers with what the public record held by the end of that day, and says it rests on backfilled facts', () => {
    const then = run(
      'status',
      '--order',
      'ftc-c4316',
      '--as-of',
      '2022-12-20',
      '--known-at',
      '2022-11-15',
    );
    expect(then.code).toBe(0);
    expect(then.out).not.toContain('ftc-demand-2022-11-10');
    expect(then.out).toMatch(
      /known at 2022-11-15T23:59:59\.999Z: rests on \d+ backfilled facts, whose recorded times were stated/,
    );
    const later = run(
      'status',
      '--order',
      'ftc-c4316',
      '--as-of',
      '2022-12-20',
      '--known-at',
      '2023-03-09',
    );
    expect(later.out).toMatch(/ftc-demand-2022-11-10\/once\s+unverified/);
    const now = run('status', '--order', 'ftc-c4316', '--as-of', '2022-12-20');
    expect(now.out).not.toContain('backfilled'); // without --known-at, everything recorded counts
  });

  it('timeline, deadlines, exposure, ledger, docket, explain', () => {
    const timeline = run(
      'timeline',
      '--order',
      'ftc-c4316',
      '--from',
      '2022-05-26',
      '--as-of',
      '2023-01-01',
    );
    expect(timeline.code).toBe(0);
    expect(timeline.out).toMatch(/^2022-11-11\s+unverified$/m);
    expect(timeline.out).toMatch(
      /^A-5-privacy-security-program\/once\s+2022-05-26\s+upcoming\s+2022-11-22$/m,
    );
    expect(timeline.out).toMatch(/^\s+2022-11-23\s+unverified\s+2022-11-22$/m);
    const deadlines = run('deadlines', '--within', '12w', '--as-of', '2022-10-01');
    expect(deadlines.out).toMatch(
      /^2022-11-22\s+ftc-c4316\s+A-5-privacy-security-program\/once\s+upcoming\s+in 52d$/m,
    );
    const rolled = run(
      'deadlines',
      '--within',
      '90d',
      '--as-of',
      '2024-04-01',
      '--order',
      'ftc-c4316',
    );
    expect(rolled.out.replace(/\n\s+/g, ' ')).toContain(
      'A-9-annual-certification/2024-05-26: nominally 2024-05-26; 2024-05-26 Sunday; 2024-05-27 Memorial Day (federal holiday): 16 C.F.R. 4.3(a)',
    );
    const exposure = run(
      'exposure',
      '--order',
      'ftc-c4316',
      '--as-of',
      '2022-11-23',
      '--store',
      'complete.db',
    );
    expect(exposure.err).toBe('');
    expect(exposure.out).toMatch(
      /A-5-privacy-security-program\/once\s+statutory\s+2022-11-23\s+2022-11-23\s+1\s+USD 46,517.00/,
    );
    expect(exposure.out).toContain('not a prediction');
    expect(run('exposure', '--order', 'ftc-c4316', '--as-of', '2022-11-23').out).toContain(
      'nothing accrued',
    ); // the partial record accrues nothing
    const ledger = run('ledger', '--order', 'us-v-twitter-2022', '--as-of', '2023-01-01');
    expect(ledger.out).toMatch(/^USD\s+USD 150,000,000.00\s+USD 150,000,000.00\s+USD 0.00$/m);
    // Paid the day the order was filed, the day before its entry: a credit, nothing imposed yet.
    const early = run('ledger', '--order', 'us-v-twitter-2022', '--as-of', '2022-05-25');
    expect(early.out).toMatch(/^USD\s+USD 0.00\s+USD 150,000,000.00\s+USD -150,000,000.00$/m);
    expect(early.out).toContain(
      'order not entered by 2022-05-25: nothing imposed yet; what was paid is a credit',
    );
    const docket = run('docket', '--order', 'us-v-twitter-2022', '--as-of', '2023-01-01');
    expect(docket.out).toMatch(/^2022-05-25\s+response\s+Twitter, Inc.\s+payment of USD 150/m);
    const explain = run(
      'explain',
      'A-5-privacy-security-program/once',
      '--order',
      'ftc-c4316',
      '--as-of',
      '2023-01-01',
    );
    expect(explain.out).toContain('status:       unverified');
    expect(explain.out).toContain(
      'No evidence recorded; not a finding (the evidence record is partial).',
    );
    expect(explain.out).toContain(
      '  2022-05-26  FTC (regulator)  Obligation imposed  [2022 Order]',
    );
    expect(explain.out).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const r of [timeline, deadlines, exposure, ledger, docket, explain])
      expect([r.code, r.err]).toEqual([0, '']);
  });

  it('report --html writes one self-contained page', () => {
    const r = run('report', '--html', 'report.html', '--as-of', '2023-01-01');
    expect([r.code, r.out]).toEqual([0, 'wrote report.html (2 orders)\n']);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('ftc-c4316');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });

  it('replay rebuilds the projections, with no progress bar on a pipe', () => {
    const r = run('replay');
    expect([r.code, r.out, r.err]).toEqual([0, `replayed ${N} events into 2 orders\n`, '']);
  });

  it('export then import --restore into an empty store reproduces the file byte-for-byte', () => {
    expect(run('export', '--out', 'export.ndjson').code).toBe(0);
    const exported = readFileSync(join(dir, 'export.ndjson'));
    expect(run('export').out).toBe(exported.toString('utf8'));
    expect(exported.toString('utf8').trimEnd().split('\n')).toHaveLength(N);
    const restored = run('import', 'export.ndjson', '--restore', '--store', 'restored.db');
    expect([restored.code, restored.out]).toEqual([
      0,
      `export.ndjson: restored ${N} lines: ${N} events appended, 0 duplicates already recorded\n`,
    ]);
    expect(run('export', '--out', 'export-2.ndjson', '--store', 'sqlite:restored.db').code).toBe(0);
    expect(readFileSync(join(dir, 'export-2.ndjson')).equals(exported)).toBe(true);
    const twice = run('import', 'export.ndjson', '--restore', '--store', 'restored.db');
    expect([twice.code, twice.err]).toEqual([
      2,
      'decree: store: restore loads an export into an empty store; this store already holds events (use a new --store) [STORE_NOT_EMPTY]\n',
    ]);
  });

  it('restore refuses an export whose chain does not verify (exit 3) and creates no store', () => {
    const lines = readFileSync(join(dir, 'export.ndjson'), 'utf8').split('\n');
    lines[3] = (lines[3] ?? '').replace('"Provision II"', '"Provision 2"');
    writeFileSync(join(dir, 'tampered-export.ndjson'), lines.join('\n'));
    const r = run('import', 'tampered-export.ndjson', '--restore', '--store', 'refused.db');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(
      /^decree: line 4 \(event [0-9a-f-]{36}, stream "order-ftc-c4316" revision 3\): its hash does not match its content \[INTEGRITY_VIOLATION\]\n$/,
    );
    expect(existsSync(join(dir, 'refused.db'))).toBe(false);
  });

  it('verify exits 0, and 3 naming the stream and revision once one byte of an event is changed', () => {
    const ok = run('verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      new RegExp(
        `^ok: every hash chain verifies \\(2 streams, ${N} events\\)\\nnote: consistent hash chains cannot show .* \\(--public-key\\)\\n$`,
      ),
    );
    copyFileSync(join(dir, 'decree.db'), join(dir, 'tampered.db'));
    const db = new Database(join(dir, 'tampered.db'));
    const row = db
      .prepare(
        'SELECT global_position, stream, stream_revision, data FROM decree_events WHERE stream_revision = 5 AND stream = ?',
      )
      .get('order-ftc-c4316') as { global_position: number; data: string };
    const i = row.data.indexOf('Order modified');
    db.prepare('UPDATE decree_events SET data = ? WHERE global_position = ?').run(
      `${row.data.slice(0, i)}o${row.data.slice(i + 1)}`,
      row.global_position,
    );
    db.close();
    const r = run('verify', '--store', 'tampered.db');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^BROKEN: hash mismatch in stream order-ftc-c4316 at revision 5 /);
    expect(r.err).toBe(
      'decree: integrity failure: hash mismatch in stream order-ftc-c4316 at revision 5\n',
    );
    expect(
      JSON.parse(run('verify', '--store', 'tampered.db', '--format', 'json').out),
    ).toMatchObject({
      data: {
        ok: false,
        firstBreak: { stream: 'order-ftc-c4316', revision: 5, reason: 'hash_mismatch' },
      },
    });
  });

  const badFile = () => {
    const lines = [...example];
    lines[2] = (lines[2] ?? '').slice(0, 40); // truncated JSON
    lines[6] = (lines[6] ?? '').replace(/"effectiveOn":"[^"]+"/, '"effectiveOn":"2023-02-29"'); // impossible date
    lines[20] = (lines[20] ?? '').replace(/"type":"[A-Za-z]+"/, '"type":"OrderRepealedByMagic"'); // unknown type
    writeFileSync(join(dir, 'bad.ndjson'), `${lines.join('\n')}\n`);
    return [3, 7, 21];
  };

  it('an import with bad lines exits 2, names every line, and leaves the store byte-for-byte unchanged', () => {
    const bad = badFile();
    const before = hashStore(join(dir, 'decree.db'));
    const r = run('import', 'bad.ndjson', '--backfill');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    for (const n of bad) expect(r.err).toMatch(new RegExp(`^line ${n}: .+ \\[[A-Z_]+\\]$`, 'm'));
    expect(r.err).toMatch(
      /^line 7: metadata\.effectiveOn: 2023-02-29 is not a date that exists in the calendar \[INVALID_INPUT\]$/m,
    );
    expect(r.err).toMatch(
      new RegExp(`^decree: bad\\.ndjson: \\d+ bad lines of ${N}; nothing was imported`, 'm'),
    );
    expect(hasStack(r.err)).toBe(false);
    expect(hashStore(join(dir, 'decree.db'))).toBe(before);
    expect(existsSync(join(dir, 'bad.ndjson.rejects.ndjson'))).toBe(false);
  });

  it('--skip-invalid writes the good lines and puts the bad ones in the reject file', () => {
    const bad = badFile();
    const r = run('import', 'bad.ndjson', '--backfill', '--skip-invalid', '--store', 'partial.db');
    expect(r.code).toBe(0);
    const rejects = readFileSync(join(dir, 'bad.ndjson.rejects.ndjson'), 'utf8')
      .trimEnd()
      .split('\n');
    const input = readFileSync(join(dir, 'bad.ndjson'), 'utf8').split('\n');
    for (const n of bad) expect(rejects).toContain(input[n - 1]);
    expect(r.out).toMatch(
      new RegExp(
        `backfilled ${N - rejects.length} of ${N} lines: ${N - rejects.length} events appended`,
      ),
    );
    expect(r.out).toContain(
      `${rejects.length} bad lines skipped, written to bad.ndjson.rejects.ndjson`,
    );
    expect(run('export', '--store', 'partial.db').out.trimEnd().split('\n')).toHaveLength(
      N - rejects.length,
    );
    const custom = run(
      'import',
      'bad.ndjson',
      '--backfill',
      '--skip-invalid',
      '--reject-file',
      'rejects/../custom.ndjson',
      '--store',
      'partial-2.db',
    );
    expect(custom.code).toBe(0);
    expect(readFileSync(join(dir, 'custom.ndjson'), 'utf8').trimEnd().split('\n')).toEqual(rejects);
  });

  it('read commands refuse a store file that is not there, and create none', () => {
    const r = run('status', '--store', 'nothing-here.db');
    expect([r.code, r.err]).toEqual([
      2,
      'decree: no store at nothing-here.db (import an event log first: decree import <file.ndjson> --store nothing-here.db)\n',
    ]);
    expect(existsSync(join(dir, 'nothing-here.db'))).toBe(false);
  });

  it("refuses another application's database or a file that is no database, and leaves it as it was", () => {
    const other = join(dir, 'crm.db');
    const db = new Database(other);
    db.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('Ada')");
    db.close();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'meeting notes, not a database\n'.repeat(200));
    for (const [file, says] of [
      ['crm.db', /crm\.db is a SQLite database of another application \(it holds customers\)/],
      ['sqlite:notes.txt', /notes\.txt is not a SQLite database/],
    ] as const) {
      const path = join(dir, file.replace('sqlite:', ''));
      const before = hashStore(path);
      for (const args of [['status'], ['verify'], ['import', 'twitter.ndjson', '--backfill']]) {
        const r = run(...args, '--store', file);
        expect([r.code, r.out], `${args.join(' ')} ${file}`).toEqual([2, '']);
        expect(r.err).toMatch(says);
        expect(r.err).toMatch(/\[NOT_A_DECREE_STORE\]/);
      }
      expect(hashStore(path)).toBe(before);
    }
  });

  it('a store in a folder that does not exist is a usage error, and creates nothing', () => {
    const r = run('import', 'twitter.ndjson', '--backfill', '--store', 'no-such-folder/x.db');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'decree: no folder no-such-folder for the store no-such-folder/x.db (create the folder first, or name a store in an existing one)\n',
    );
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('--format json prints the envelope with the error on every failure, and exits with its code', () => {
    const r = run('status', '--store', 'nothing-here.db', '--format', 'json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({
      version: 1,
      command: 'status',
      data: null,
      error: { code: 'USAGE', message: expect.stringMatching(/^no store at nothing-here\.db/) },
    });
    const foreign = run('verify', '--store', 'crm.db', '--format', 'json');
    expect(foreign.code).toBe(2);
    expect(JSON.parse(foreign.out)).toMatchObject({
      command: 'verify',
      error: { code: 'NOT_A_DECREE_STORE', path: 'store' },
    });
  });
});

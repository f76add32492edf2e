import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DecreeError } from '../../domain/shared/errors.js';
import { IntegrityViolation, StoreUnavailable } from '../../src/store/errors.js';
import { argv, memoryIo } from './support/io.js';
import { fakeEngine } from './support/fake-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-cli-main-'));
const db = join(dir, 'decree.db');
writeFileSync(db, ''); // read commands refuse a store file that is not there
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[], fail: Parameters<typeof fakeEngine>[0] = {}) => {
  const io = memoryIo({ cwd: dir });
  const fake = fakeEngine(fail);
  const code = await main(argv(...args), { io, openEngine: fake.open });
  return { code, out: io.stdout.text, err: io.stderr.text, log: fake.log };
};

const COMMANDS = [
  'import',
  'export',
  'replay',
  'status',
  'timeline',
  'deadlines',
  'changes',
  'calendar',
  'digest',
  'exposure',
  'ledger',
  'docket',
  'explain',
  'verify',
  'report',
];

describe('help', () => {
  it.each(COMMANDS)('%s --help has an Examples: section and exits 0', async (command) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: decree ${command}`);
    expect(r.out).toMatch(/Examples:\n {2}\$ decree /);
  });

  it('lists every command and the exit codes at the top level', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toMatch(new RegExp(`^ {2}${c}\\b`, 'm'));
    expect(r.out).toContain(
      'Exit codes: 0 ok, 1 status found an order in default (non_compliant, or ended with an item',
    );
    expect(r.out).toContain('unverified is not a default), 2 usage or input error');
  });

  it('prints the version', async () => {
    const r = await run(['--version']);
    expect([r.code, r.out.trim()]).toEqual([0, expect.stringMatching(/^\d+\.\d+\.\d+/)]);
  });
});

describe('usage errors exit 2 with one line on stderr and no engine opened', () => {
  it.each([
    [['bogus'], /^decree: unknown command 'bogus'/],
    [[], /Usage: decree/],
    [
      ['status', '--as-of', '2023-02-29'],
      /^decree: option '--as-of <date>' argument '2023-02-29' is invalid\. 2023-02-29 is not a date that exists/,
    ],
    [['status', '--as-of', '01/02/2023'], /expected a civil date written YYYY-MM-DD/],
    [
      ['status', '--known-at', '2023-01-01T00:00:00'],
      /--known-at <instant>.*expected an instant with a time zone/,
    ],
    [['status', '--format', 'xml'], /Allowed choices are table, json/],
    [['status', '--nope'], /^decree: unknown option '--nope'/],
    [
      ['deadlines', '--within', '6m'],
      /--within <duration>.*expected a duration such as 90d or 12w/,
    ],
    [['explain'], /missing required argument 'occurrence'/],
    [['explain', 'no-slash'], /^decree: expected an occurrence written <obligationId>\/<key>/],
    [['report'], /required option '--html <file>' not specified/],
    [['status', '--store', 'nowhere'], /^decree: unknown store "nowhere"/],
    [
      ['status', '--store', 'missing.db'],
      /^decree: no store at missing.db \(import an event log first/,
    ],
    [['import', 'no-such-file.ndjson'], /^decree: cannot read .*no-such-file.ndjson: no such file/],
    [['status', 'extra'], /too many arguments/],
    [
      ['import', 'x.ndjson', '--reject-file', 'bad.ndjson'],
      /^decree: --reject-file names where --skip-invalid writes the lines it skips/,
    ],
    [
      ['import', 'x.ndjson', '--restore', '--skip-invalid'],
      /^decree: --restore loads an export whole or not at all/,
    ],
    [
      ['verify', '--public-key', 'seal.pub.pem'],
      /^decree: --public-key pins the key the seals of a seal file must be signed with/,
    ],
  ])('%j', async (args, message) => {
    const r = await run([
      ...args,
      ...(args.includes('--store') || args[0] === 'bogus' || args.length === 0
        ? []
        : ['--store', db]),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.log.opened).toEqual([]);
  });
});

describe('--format json on a usage error', () => {
  it('prints the error envelope on stdout too, whoever found the error (commander or the command)', async () => {
    for (const args of [
      ['status', '--as-of', 'bad'],
      ['status', '--order', 'nope'],
    ]) {
      const r = await run([...args, '--store', db, '--format', 'json']);
      expect([args, r.code]).toEqual([args, 2]);
      expect(JSON.parse(r.out)).toMatchObject({
        version: 1,
        command: 'status',
        data: null,
        error: { code: 'USAGE', message: expect.any(String) },
      });
    }
  });
  it('names the command wherever the options stand, and none when no command is named', async () => {
    const named = await run(['--format', 'json', 'status', '--store', db]);
    expect(named.code).toBe(2);
    expect(JSON.parse(named.out)).toMatchObject({ command: 'status', error: { code: 'USAGE' } });
    const none = await run(['--format', 'json', '--store', db]);
    expect(none.code).toBe(2);
    expect(JSON.parse(none.out)).toMatchObject({ command: '', error: { code: 'USAGE' } });
  });
  it('help and version print no envelope', async () => {
    const r = await run(['status', '--help', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: decree status');
    expect(r.out).not.toContain('"error"');
  });
});

describe('shared flags reach the engine', () => {
  it('defaults: ./decree.db resolved against the working folder, today as --as-of, every order', async () => {
    const r = await run(['status']);
    expect(r.log.opened).toEqual([{ store: `sqlite:${resolve(dir, 'decree.db')}` }]);
    expect(r.log.calls).toContainEqual(['status', 'ftc-c4316', { asOf: '2023-01-01' }]);
    expect(r.log.calls).toContainEqual(['status', 'us-v-twitter-2022', { asOf: '2023-01-01' }]);
    expect(r.log.closed).toBe(1);
  });

  it('--as-of, --known-at (normalised to UTC ms), --order', async () => {
    const r = await run([
      'ledger',
      '--store',
      db,
      '--as-of',
      '2022-06-01',
      '--known-at',
      '2022-06-01T09:00+09:00',
      '--order',
      'us-v-twitter-2022',
    ]);
    expect(r.code).toBe(0);
    expect(r.log.calls.filter(([m]) => m === 'ledger')).toEqual([
      ['ledger', 'us-v-twitter-2022', { asOf: '2022-06-01', knownAt: '2022-06-01T00:00:00.000Z' }],
    ]);
  });

  it('--within in days or weeks, default 90d; one question across orders, or about --order', async () => {
    const all = (await run(['deadlines', '--store', db])).log.calls.filter(
      ([m]) => m === 'deadlines',
    );
    expect(all).toEqual([['deadlines', { asOf: '2023-01-01', withinDays: 90 }]]);
    expect(
      (await run(['deadlines', '--store', db, '--within', '12w', '--order', 'ftc-c4316'])).log
        .calls,
    ).toContainEqual(['deadlines', { asOf: '2023-01-01', withinDays: 84, orderId: 'ftc-c4316' }]);
  });

  it('timeline runs to --as-of unless --to is given', async () => {
    expect(
      (await run(['timeline', '--store', db, '--order', 'ftc-c4316', '--as-of', '2022-12-01'])).log
        .calls,
    ).toContainEqual(['timeline', 'ftc-c4316', { to: '2022-12-01' }]);
    expect(
      (
        await run([
          'timeline',
          '--store',
          db,
          '--order',
          'ftc-c4316',
          '--from',
          '2022-01-01',
          '--to',
          '2022-02-01',
        ])
      ).log.calls,
    ).toContainEqual(['timeline', 'ftc-c4316', { from: '2022-01-01', to: '2022-02-01' }]);
  });

  it('an unknown --order is a usage error listing the orders', async () => {
    const r = await run(['docket', '--store', db, '--order', 'nope']);
    expect([r.code, r.err]).toEqual([
      2,
      'decree: no order "nope" in the store (orders: ftc-c4316, us-v-twitter-2022)\n',
    ]);
  });

  it('explain needs --order when there are several orders', async () => {
    const r = await run(['explain', 'A-5/once', '--store', db]);
    expect(r.err).toMatch(
      /which order\? use --order <id> \(orders: ftc-c4316, us-v-twitter-2022\)/,
    );
    const ok = await run(['explain', 'A-5/once', '--store', db, '--order', 'ftc-c4316']);
    expect(ok.log.calls).toContainEqual([
      'explain',
      'ftc-c4316',
      'A-5/once',
      { asOf: '2023-01-01' },
    ]);
  });
});

describe('a file the command cannot open is a usage error naming it (exit 2), never an unexpected one', () => {
  const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/no/such/x'"), {
    code: 'ENOENT',
    path: '/no/such/x',
    syscall: 'open',
  });
  it('says which file and why, on stderr and in the JSON envelope', async () => {
    const r = await run(['status', '--store', db], { status: missing });
    expect([r.code, r.err]).toEqual([
      2,
      'decree: cannot open /no/such/x: no such file or folder (ENOENT)\n',
    ]);
    const json = await run(['status', '--store', db, '--format', 'json'], { status: missing });
    expect(JSON.parse(json.out)).toMatchObject({
      error: { code: 'USAGE', message: 'cannot open /no/such/x: no such file or folder (ENOENT)' },
    });
  });
  it('any other error without a path stays unexpected (exit 4)', async () => {
    const r = await run(['status', '--store', db], {
      status: Object.assign(new Error('boom'), { code: 'ENOENT' }),
    });
    expect([r.code, r.err]).toEqual([
      4,
      'decree: unexpected error: boom (run with --debug for details)\n',
    ]);
  });
});

describe('exit codes and output', () => {
  it('status exits 1 when an order is non_compliant, 0 for a compliant one', async () => {
    expect((await run(['status', '--store', db])).code).toBe(1);
    expect((await run(['status', '--store', db, '--order', 'us-v-twitter-2022'])).code).toBe(0);
  });

  it('--format json prints one envelope', async () => {
    const r = await run([
      'status',
      '--store',
      db,
      '--format',
      'json',
      '--known-at',
      '2023-01-01T00:00:00Z',
    ]);
    expect(JSON.parse(r.out)).toMatchObject({
      version: 1,
      command: 'status',
      asOf: '2023-01-01',
      knownAt: '2023-01-01T00:00:00.000Z',
      data: { orders: [{ orderId: 'ftc-c4316' }, { orderId: 'us-v-twitter-2022' }] },
    });
    expect(r.code).toBe(1);
  });

  it.each([
    ['timeline', { orders: [{ orderId: 'ftc-c4316' }, { orderId: 'us-v-twitter-2022' }] }],
    ['deadlines', { withinDays: 90, deadlines: [{ orderId: 'ftc-c4316' }] }],
    [
      'exposure',
      {
        orders: [
          {
            orderId: 'ftc-c4316',
            totals: [
              {
                basis: 'statutory',
                currency: 'USD',
                amount: { amountMinor: 186_068_000, currency: 'USD' },
                rows: 1,
              },
            ],
          },
          { orderId: 'us-v-twitter-2022' },
        ],
      },
    ],
    [
      'ledger',
      {
        orders: [
          { orderId: 'ftc-c4316', lines: [{ currency: 'USD' }] },
          { orderId: 'us-v-twitter-2022' },
        ],
      },
    ],
    [
      'docket',
      {
        orders: [
          { orderId: 'ftc-c4316', entries: [{ eventId: 'e-9' }] },
          { orderId: 'us-v-twitter-2022' },
        ],
      },
    ],
    ['replay', { events: 26, orders: 2 }],
    ['verify', { ok: true, streams: 2, events: 26 }],
  ])('%s --format json', async (command, data) => {
    const r = await run([command, '--store', db, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ version: 1, command, data });
  });

  it('a Decree error is one line with its path and code; a stack only with --debug', async () => {
    const error = new DecreeError(
      'OCCURRENCE_NOT_FOUND',
      'order "ftc-c4316" has no occurrence "x/y"',
      ['occurrenceId'],
    );
    const r = await run(['explain', 'x/y', '--store', db, '--order', 'ftc-c4316'], {
      explain: error,
    });
    expect([r.code, r.err]).toEqual([
      2,
      'decree: occurrenceId: order "ftc-c4316" has no occurrence "x/y" [OCCURRENCE_NOT_FOUND]\n',
    ]);
    const d = await run(['explain', 'x/y', '--store', db, '--order', 'ftc-c4316', '--debug'], {
      explain: error,
    });
    expect(d.err).toMatch(/^decree: occurrenceId: .*\n.*DecreeError.*\n\s+at /);
    expect(d.log.closed).toBe(1);
  });

  it('integrity errors exit 3, an unusable store or a bug exits 4 without a stack', async () => {
    expect(
      (
        await run(['status', '--store', db], {
          orders: new IntegrityViolation('order-a', 3, 'x', 'y'),
        })
      ).code,
    ).toBe(3);
    const busy = await run(['status', '--store', db], {
      orders: new StoreUnavailable('SQLite: database is locked'),
    });
    expect([busy.code, busy.err]).toEqual([
      4,
      'decree: SQLite: database is locked [STORE_UNAVAILABLE]\n',
    ]);
    const bug = await run(['status', '--store', db], { orders: new TypeError('x is undefined') });
    expect([bug.code, bug.err]).toEqual([
      4,
      'decree: unexpected error: x is undefined (run with --debug for details)\n',
    ]);
  });

  it('a reader closing the output early (decree export | head) is not an error', async () => {
    const io = memoryIo({ cwd: dir });
    io.stdout.destroy();
    expect(await main(argv('ledger', '--store', db), { io, openEngine: fakeEngine().open })).toBe(
      0,
    );
    expect(io.stderr.text).toBe('');
  });

  it('a verify break exits 3 and names the stream and revision', async () => {
    const fake = fakeEngine();
    const io = memoryIo({ cwd: dir });
    const open: typeof fake.open = async (o) =>
      Object.assign(await fake.open(o), {
        verify: () =>
          Promise.resolve({
            ok: false,
            streams: 1,
            events: 2,
            firstBreak: {
              stream: 'order-a',
              revision: 2,
              globalPosition: 2n,
              expected: 'e',
              found: 'f',
              reason: 'hash_mismatch',
            },
          }),
      });
    expect(await main(argv('verify', '--store', db), { io, openEngine: open })).toBe(3);
    expect(io.stdout.text).toMatch(/^BROKEN: hash mismatch in stream order-a at revision 2/);
    expect(io.stderr.text).toBe(
      'decree: integrity failure: hash mismatch in stream order-a at revision 2\n',
    );
  });
});

// A regulator's check of an export it received: `decree import --restore` of a file tampered by
// hand (a line dropped, moved, repeated or edited) is an integrity failure (exit 3) that names the
// 1-based line of the file as an editor shows it, the event, and what is wrong, and writes nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { argv, memoryIo } from './support/io.js';
import { EXAMPLE } from './support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-restore-tamper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (...args: string[]) => {
  const io = memoryIo({ cwd: dir, today: '2023-06-01' });
  const code = await main(argv(...args), { io });
  return { code, out: io.stdout.text, err: io.stderr.text };
};

interface Line {
  stream: string;
  streamRevision: number;
  globalPosition: string;
  recordedAt: string;
  id: string;
  prevHash: string;
  hash: string;
}

/** The export of the example, one string a line (line n is `lines[n - 1]`). */
let lines: string[] = [];
const at = (n: number): Line => JSON.parse(lines[n - 1] ?? '') as Line;
/** Line n with some fields changed, written as `decree export` writes it. */
const edited = (n: number, change: Partial<Line>): string =>
  JSON.stringify({ ...at(n), ...change });
/** The lines with positions numbered 0, 1, 2, … again, as a forger hiding a hole would. */
const renumbered = (ls: readonly string[]): string[] =>
  ls.map((l, i) => JSON.stringify({ ...(JSON.parse(l) as Line), globalPosition: String(i) }));
/** How a refusal names line n of the original export. */
const named = (n: number, line = n): string => {
  const e = at(n);
  return `line ${line} (event ${e.id}, stream "${e.stream}" revision ${e.streamRevision})`;
};
const later = (instant: string, ms: number): string =>
  new Date(Date.parse(instant) + ms).toISOString();

const TARGET = 'target.db';
const eventsIn = async (file: string): Promise<number> => {
  const store = await openSqliteEventStore(join(dir, file));
  try {
    let n = 0;
    for await (const _ of store.readAll()) n++;
    return n;
  } finally {
    await store.close();
  }
};

beforeAll(async () => {
  expect((await cli('import', '--backfill', EXAMPLE, '--store', 'source.db')).code).toBe(0);
  expect((await cli('export', '--store', 'source.db', '--out', 'export.ndjson')).code).toBe(0);
  lines = readFileSync(join(dir, 'export.ndjson'), 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(34);
  // An empty store made beforehand: a refused restore leaves it, so what it holds can be counted.
  await (await openSqliteEventStore(join(dir, TARGET))).close();
});

/** The layout the cases rely on: the example's two streams interleave so. */
it('the export interleaves two streams as the cases below assume', () => {
  expect([at(12), at(13)].map((e) => [e.stream, e.streamRevision])).toEqual([
    ['order-ftc-c4316', 7],
    ['order-ftc-c4316', 8],
  ]);
  expect([at(31), at(32), at(33), at(34)].map((e) => [e.stream, e.globalPosition])).toEqual([
    ['order-ftc-c4316', '30'],
    ['order-us-v-twitter-2022', '31'],
    ['order-us-v-twitter-2022', '32'], // the last event of its stream
    ['order-ftc-c4316', '33'],
  ]);
  expect(at(32).recordedAt).toBe(at(31).recordedAt);
});

describe('import --restore refuses a tampered export as an integrity failure naming the line', () => {
  const swap = (ls: readonly string[], a: number, b: number): string[] =>
    ls.map((l, i) => (i === a - 1 ? ls[b - 1] : i === b - 1 ? ls[a - 1] : l) ?? '');
  const cases: [string, () => string, () => string][] = [
    [
      // The chains of both streams still hold: only the positions (…31, 33) show the hole.
      "a stream's last line dropped",
      () => [...lines.slice(0, 32), ...lines.slice(33)].join('\n'),
      () =>
        `${named(34, 33)}: position 32 expected, found 33: a line is missing before it, or the lines are out of order`,
    ],
    [
      'a position changed alone',
      () => lines.map((l, i) => (i === 30 ? edited(31, { globalPosition: '999' }) : l)).join('\n'),
      () =>
        `${named(31)}: position 30 expected, found 999: a line is missing before it, or the lines are out of order`,
    ],
    [
      "a stream's middle line dropped",
      () => [...lines.slice(0, 11), ...lines.slice(12)].join('\n'),
      () =>
        `${named(13, 12)}: position 11 expected, found 12: a line is missing before it, or the lines are out of order`,
    ],
    [
      'two lines of one stream swapped',
      () => swap(lines, 12, 13).join('\n'),
      () =>
        `${named(13, 12)}: position 11 expected, found 12: a line is missing before it, or the lines are out of order`,
    ],
    [
      'two lines of different streams swapped',
      () => swap(lines, 33, 34).join('\n'),
      () =>
        `${named(34, 33)}: position 32 expected, found 33: a line is missing before it, or the lines are out of order`,
    ],
    [
      'a line repeated',
      () => [...lines.slice(0, 10), lines[9], ...lines.slice(10)].join('\n'),
      () => `${named(10, 11)}: it repeats the event id of line 10: each event is recorded once`,
    ],
    [
      // Later than the next line by 1 ms: the line edited is named, not the next one as out of order.
      'a recorded time edited by 1 ms',
      () =>
        lines
          .map((l, i) => (i === 30 ? edited(31, { recordedAt: later(at(31).recordedAt, 1) }) : l))
          .join('\n'),
      () => `${named(31)}: its hash does not match its content`,
    ],
    [
      'a recorded time edited by a day',
      () =>
        lines
          .map((l, i) =>
            i === 29 ? edited(30, { recordedAt: later(at(30).recordedAt, 86_400_000) }) : l,
          )
          .join('\n'),
      () => `${named(30)}: its hash does not match its content`,
    ],
    [
      'a payload edited',
      () =>
        lines
          .map((l, i) => (i === 3 ? l.replace('"Provision II"', '"Provision 2"') : l))
          .join('\n'),
      () => `${named(4)}: its hash does not match its content`,
    ],
    [
      // Revisions, then recorded times, still name what positions would have.
      "a stream's middle line dropped, positions renumbered",
      () => renumbered([...lines.slice(0, 11), ...lines.slice(12)]).join('\n'),
      () =>
        `${named(13, 12)}: revision 7 expected after line 11, found 8: a line of the stream is missing before it, or its lines are out of order`,
    ],
    [
      'lines of different streams swapped, positions renumbered',
      () => renumbered(swap(lines, 26, 27)).join('\n'),
      () =>
        `${named(26, 27)}: recorded at ${at(26).recordedAt}, before line 26 (${at(27).recordedAt}): recorded times never decrease, so the lines are out of order`,
    ],
    [
      'a link edited',
      () =>
        lines.map((l, i) => (i === 12 ? edited(13, { prevHash: '0'.repeat(64) }) : l)).join('\n'),
      () =>
        `${named(13)}: its prevHash is not the hash of line 12, the stream's previous event: the chain is broken here`,
    ],
    [
      // Lines are counted as an editor counts them: blank lines too, a CR before each LF not.
      'a payload edited, in a file with blank lines and CRLF line ends',
      () =>
        ['', '', ...lines.map((l, i) => (i === 3 ? l.replace('"Provision II"', '"P2"') : l))].join(
          '\r\n',
        ),
      () => `${named(4, 6)}: its hash does not match its content`,
    ],
  ];

  it.each(cases)('%s', async (name, content, message) => {
    const file = `${name.replace(/\W+/g, '-')}.ndjson`;
    writeFileSync(join(dir, file), `${content()}\n`);
    const r = await cli('import', file, '--restore', '--store', TARGET);
    expect([r.code, r.out, r.err]).toEqual([3, '', `decree: ${message()} [INTEGRITY_VIOLATION]\n`]);
    expect(await eventsIn(TARGET)).toBe(0);
    // Into a store the restore would create: none is left behind.
    const fresh = `fresh-${file}.db`;
    expect((await cli('import', file, '--restore', '--store', fresh)).code).toBe(3);
    expect(existsSync(join(dir, fresh))).toBe(false);
  });

  it('the untouched export still restores into the store every refusal left empty', async () => {
    const r = await cli('import', 'export.ndjson', '--restore', '--store', TARGET);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(await eventsIn(TARGET)).toBe(34);
    expect((await cli('verify', '--store', TARGET)).code).toBe(0);
  });
});

describe('an export whose positions are another store kind’s offsets (EventStoreDB)', () => {
  /** The export with positions as an EventStoreDB store gives them: offsets, growing, with holes. */
  const offsets = () =>
    lines.map((l, i) =>
      JSON.stringify({ ...(JSON.parse(l) as Line), globalPosition: String(1000 + i * 137) }),
    );

  it('is refused at its first line as it is, and restores numbered 0, 1, 2, … with --renumber', async () => {
    writeFileSync(join(dir, 'offsets.ndjson'), `${offsets().join('\n')}\n`);
    const plain = await cli('import', 'offsets.ndjson', '--restore', '--store', 'offsets.db');
    expect(plain.code).toBe(3);
    expect(plain.err).toContain(`${named(1)}: position 0 expected, found 1000`);
    const r = await cli(
      'import',
      'offsets.ndjson',
      '--restore',
      '--renumber',
      '--store',
      'offsets.db',
    );
    expect([r.code, r.err]).toEqual([0, '']);
    expect(await eventsIn('offsets.db')).toBe(34);
    expect((await cli('verify', '--store', 'offsets.db')).code).toBe(0);
    // Renumbered, the log is the source's exactly: its export is the original export.
    expect((await cli('export', '--store', 'offsets.db', '--out', 'again.ndjson')).code).toBe(0);
    expect(readFileSync(join(dir, 'again.ndjson'), 'utf8')).toBe(`${lines.join('\n')}\n`);
  });

  it('refuses --renumber without --restore, writing nothing', async () => {
    const r = await cli('import', EXAMPLE, '--renumber', '--store', 'never.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^decree: --renumber numbers the positions of an export being restored/);
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
  });
});

// Listing commands as a spreadsheet, a narrow terminal and a pipe see them: CSV rows that agree
// with the JSON envelope, ids never cut at any width, `import -` from standard input, and options
// that mean nothing for a command refused before anything is opened or written.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { argv, memoryIo } from './support/io.js';
import { EXAMPLE } from './support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-listing-'));
const store = join(dir, 'decree.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (args: string[], extra: { columns?: number; stdin?: Readable } = {}) => {
  const io = { ...memoryIo({ cwd: dir, today: '2023-06-01' }), ...extra };
  const code = await main(argv(...args), { io });
  return { code, out: io.stdout.text, err: io.stderr.text };
};

/** An RFC 4180 reader written for this test (quoted fields, doubled quotes, CRLF): independent of the writer. */
const readCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  const field = /("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n|$)/y;
  while (field.lastIndex < text.length) {
    const m = field.exec(text);
    if (m === null)
      throw new Error(
        `not CSV at ${field.lastIndex}: ${text.slice(field.lastIndex, field.lastIndex + 20)}`,
      );
    const raw = m[1]!;
    row.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] !== ',') {
      rows.push(row);
      row = [];
    }
  }
  return rows;
};

const asRecords = (text: string) => {
  const [header, ...rows] = readCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
};

beforeAll(async () => {
  expect((await cli(['import', '--backfill', EXAMPLE, '--store', store])).code).toBe(0);
});

describe('--format csv', () => {
  const when = ['--as-of', '2023-06-01', '--store', store];

  it('status: one row per occurrence, the same ids and statuses as the JSON envelope', async () => {
    const json = JSON.parse((await cli(['status', ...when, '--format', 'json'])).out) as {
      data: { orders: { orderId: string; occurrences: { id: string; status: string }[] }[] };
    };
    const rows = asRecords((await cli(['status', ...when, '--format', 'csv'])).out);
    const expected = json.data.orders.flatMap((o) =>
      o.occurrences.map((x) => [o.orderId, x.id, x.status].join('|')),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(rows.map((r) => [r['order_id'], r['occurrence_id'], r['status']].join('|'))).toEqual(
      expected,
    );
  });

  it('deadlines, exposure, docket: as many rows as the JSON lists, text with commas and quotes kept whole', async () => {
    for (const [command, pick] of [
      ['deadlines', (d: Record<string, unknown[]>) => d['deadlines']!],
      [
        'exposure',
        (d: { orders: { exposures: unknown[] }[] }) => d.orders.flatMap((o) => o.exposures),
      ],
      ['docket', (d: { orders: { entries: unknown[] }[] }) => d.orders.flatMap((o) => o.entries)],
    ] as const) {
      const extra = command === 'deadlines' ? ['--within', '400d'] : [];
      const json = JSON.parse(
        (await cli([command, ...when, ...extra, '--format', 'json'])).out,
      ) as { data: never };
      const csv = (await cli([command, ...when, ...extra, '--format', 'csv'])).out;
      expect(asRecords(csv), command).toHaveLength(
        (pick as (d: never) => unknown[])(json.data).length,
      );
    }
    const docket = asRecords((await cli(['docket', ...when, '--format', 'csv'])).out);
    const json = JSON.parse((await cli(['docket', ...when, '--format', 'json'])).out) as {
      data: { orders: { entries: { summary: string }[] }[] };
    };
    const summaries = json.data.orders.flatMap((o) => o.entries.map((e) => e.summary));
    expect(summaries.some((s) => s.includes(','))).toBe(true); // the case that needs quoting occurs
    expect(docket.map((r) => r['summary'])).toEqual(summaries);
  });

  it('ledger: amounts as exact decimals a spreadsheet reads, equal to the minor units', async () => {
    const json = JSON.parse((await cli(['ledger', ...when, '--format', 'json'])).out) as {
      data: {
        orders: { lines: { currency: string; imposedMinor: number; paidMinor: number }[] }[];
      };
    };
    const lines = json.data.orders.flatMap((o) => o.lines);
    const rows = asRecords((await cli(['ledger', ...when, '--format', 'csv'])).out);
    expect(
      rows.map((r) => [
        r['currency'],
        Math.round(Number(r['imposed']) * 100),
        Math.round(Number(r['paid']) * 100),
      ]),
    ).toEqual(lines.map((l) => [l.currency, l.imposedMinor, l.paidMinor]));
  });

  it('is refused where a command has no listing', async () => {
    const r = await cli(['timeline', ...when, '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/argument 'csv' is invalid/);
  });
});

describe('widths', () => {
  it('lays tables out for the terminal, wraps text but never cuts an occurrence id; --wide does not wrap', async () => {
    const json = JSON.parse(
      (await cli(['deadlines', '--within', '400d', '--store', store, '--format', 'json'])).out,
    ) as {
      data: { deadlines: { id: string }[] };
    };
    const ids = json.data.deadlines.map((d) => d.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const columns of [40, 60, 100]) {
      const out = (await cli(['deadlines', '--within', '400d', '--store', store], { columns })).out;
      for (const id of ids) expect(out, `${id} at ${columns} columns`).toContain(id);
    }
    const narrow = (
      await cli(['docket', '--order', 'us-v-twitter-2022', '--store', store], { columns: 60 })
    ).out;
    const wide = (
      await cli(['docket', '--order', 'us-v-twitter-2022', '--store', store, '--wide'], {
        columns: 60,
      })
    ).out;
    expect(narrow.split('\n').every((l) => l.length <= 60)).toBe(true);
    expect(wide.split('\n').some((l) => l.length > 60)).toBe(true);
    expect(wide.split('\n').length).toBeLessThan(narrow.split('\n').length);
    const words = (t: string) => t.replace(/\s+/g, ' ').split(' ').sort();
    expect(words(narrow)).toEqual(words(wide)); // wrapping moves words, never drops one
  });
});

describe('import - (standard input)', () => {
  it('round-trips export | import - --restore into another store, byte for byte', async () => {
    const exported = (await cli(['export', '--store', store])).out;
    const copy = join(dir, 'copy.db');
    const r = await cli(['import', '-', '--restore', '--store', copy], {
      stdin: Readable.from([exported.slice(0, 1000), exported.slice(1000)]),
    });
    expect([r.code, r.err]).toEqual([0, '']);
    expect((await cli(['export', '--store', copy])).out).toBe(exported);
  });

  it('refuses a bad line from standard input and writes nothing, with the reject file named for stdin', async () => {
    const target = join(dir, 'from-stdin.db');
    const r = await cli(['import', '-', '--backfill', '--store', target], {
      stdin: Readable.from(['{"stream":"order-x","id":"not-a-uuid"}\n']),
    });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^line 1: /m);
    expect(existsSync(target)).toBe(false);
  });
});

describe('options that mean nothing are refused', () => {
  it.each([
    [['status', '--store', 'memory'], /--store memory keeps nothing/],
    [['import', EXAMPLE, '--backfill', '--store', 'memory'], /--store memory keeps nothing/],
    [['export', '--format', 'json'], /unknown option '--format'/],
    [
      ['timeline', '--from', '2023-01-01', '--to', '2022-01-01'],
      /from \(2023-01-01\) is after to \(2022-01-01\)/,
    ],
  ])('decree %j', async (args, message) => {
    const before = readFileSync(store);
    const r = await cli([...args, ...(args.includes('--store') ? [] : ['--store', store])]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(readFileSync(store).equals(before)).toBe(true); // nothing written
  });
});

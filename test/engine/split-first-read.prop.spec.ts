// The first read of a large file is shared (import-by-order.ts, indexLines): a check worker reads
// the file's second half while the calling thread reads the first, and the two indexes are joined.
// Laws: the lines of two byte ranges that meet at a line's start are the lines of the whole file,
// in any read size; the index of the first part with the second's appended is the index of one
// read (every line's place, length, checksum, order and id hash, the orders in order of first
// appearance), and so are the ids stored elsewhere; the middle cut starts the line after the
// file's middle. The import through worker threads that share the read is compared with the
// calling thread's in check-threads.spec.ts.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { indexRange } from '../../src/engine/import-by-order.js';
import { lineStartAfterMiddle, ndjsonFileLinesAt } from '../../src/engine/ndjson-file.js';
import { fcParams, TIMEOUT } from '../projections/support.js';
import { plainIndex } from './support/logs.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-split-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IDS = ['0b0e5d3c-5c55-4f7a-9a39-000000000001', '0b0e5d3c-5c55-4f7a-9a39-000000000002'];

/** A line as an import file may hold it: plain, spelled so that only the parser finds its id, without an id or an order, or not JSON at all. */
const lineArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ order: fc.nat({ max: 5 }), id: fc.oneof(fc.uuid(), fc.constantFrom(...IDS)) })
      .chain(({ order, id }) =>
        fc.constantFrom(
          `{"stream":"order-o${order}","id":"${id}","type":"PaymentMade","schemaVersion":1,"data":{},"metadata":{}}`,
          `{ "stream": "order-o${order}", "id": "${id}", "type": "PaymentMade", "schemaVersion": 1, "data": {}, "metadata": {} }`,
          `{"stream":"order-o${order}","\\u0069d":"${id}","type":"PaymentMade","schemaVersion":1,"data":{},"metadata":{}}`,
          `{"stream":"order-o${order}","type":"PaymentMade"}`,
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '   ',
      'not json',
      '{"id":"0b0e5d3c-5c55-4f7a-9a39-000000000001"}',
    ),
  },
);

const fileArb = fc.record({
  lines: fc.array(lineArb, { maxLength: 60, size: 'medium' }),
  crlf: fc.boolean(),
  lastNewline: fc.boolean(),
  cut: fc.nat(),
  readSize: fc.integer({ min: 1, max: 97 }),
});

type File = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

let files = 0;
const write = (f: File) => {
  const path = join(dir, `f${files++}.ndjson`);
  const eol = f.crlf ? '\r\n' : '\n';
  writeFileSync(path, f.lines.join(eol) + (f.lastNewline && f.lines.length > 0 ? eol : ''));
  return { path, size: statSync(path).size };
};

/** The offsets where a line starts, the file's end excluded (a cut there leaves nothing after it). */
const lineStarts = (path: string, size: number): number[] => {
  const bytes = readFileSync(path);
  const starts = [0];
  for (let i = bytes.indexOf(10); i !== -1 && i + 1 < size; i = bytes.indexOf(10, i + 1))
    starts.push(i + 1);
  return starts;
};

/** The file and a line start to cut it at. */
const cutFile = (f: File) => {
  const { path, size } = write(f);
  const starts = lineStarts(path, size);
  return { path, size, cut: starts[f.cut % starts.length]! };
};

const collect = async (it: AsyncIterable<{ bytes: Buffer; offset: number }>) => {
  const out: { text: string; offset: number }[] = [];
  for await (const { bytes, offset } of it) out.push({ text: bytes.toString('latin1'), offset });
  return out;
};

/** A store that holds IDS[0] in order o9 (another order than any line's) and IDS[1] in order o0. */
const streamsOf = async (ids: readonly string[]): Promise<Map<string, string>> => {
  const found = new Map<string, string>();
  for (const id of ids) {
    if (id === IDS[0]) found.set(id, 'order-o9');
    if (id === IDS[1]) found.set(id, 'order-o0');
  }
  return found;
};

describe('the first read in two parts', () => {
  it(
    'reads the lines of two ranges that meet at a line start as the lines of the whole file, in any read size',
    async () => {
      let split = 0;
      await fc.assert(
        fc.asyncProperty(fileArb, async (f) => {
          const { path, size, cut } = cutFile(f);
          const whole = await collect(ndjsonFileLinesAt(path, f.readSize));
          const parts = [
            ...(await collect(ndjsonFileLinesAt(path, f.readSize, { start: 0, end: cut }))),
            ...(await collect(ndjsonFileLinesAt(path, f.readSize, { start: cut, end: size }))),
          ];
          if (cut > 0 && whole.length > 2) split++;
          expect(parts).toEqual(whole);
        }),
        fcParams(150, 2000),
      );
      expect(split).toBeGreaterThan(50); // most runs cut inside the file
    },
    TIMEOUT,
  );

  it(
    'joins the indexes of the two parts into the index of one read, and their ids stored elsewhere',
    async () => {
      let remapped = 0;
      await fc.assert(
        fc.asyncProperty(fileArb, fc.boolean(), async (f, backfill) => {
          const { path, size, cut } = cutFile(f);
          const whole = await indexRange(path, undefined, backfill, streamsOf);
          const first = await indexRange(path, { start: 0, end: cut }, backfill, streamsOf);
          const second = await indexRange(path, { start: cut, end: size }, backfill, streamsOf);
          // Counted: the second part names orders the first named (kept at their index) and new ones (numbered after).
          const known = new Set(first.index.orderIds);
          const theirs = second.index.orderIds;
          if (theirs.some((id) => known.has(id)) && theirs.some((id) => !known.has(id))) remapped++;
          first.index.append(second.index.parts());
          for (const [id, stream] of second.stored) first.stored.set(id, stream);
          expect(plainIndex(first.index)).toEqual(plainIndex(whole.index));
          expect(first.stored).toEqual(whole.stored);
        }),
        fcParams(150, 2000),
      );
      expect(remapped).toBeGreaterThan(40);
    },
    TIMEOUT,
  );

  it('cuts at the start of the line after the middle', () => {
    fc.assert(
      fc.property(fileArb, (f) => {
        const { path, size } = write(f);
        const cut = lineStartAfterMiddle(path, size);
        const bytes = readFileSync(path);
        const lf = bytes.indexOf(10, Math.floor(size / 2));
        expect(cut).toBe(lf === -1 || lf + 1 >= size ? undefined : lf + 1);
      }),
      fcParams(150, 2000),
    );
  });

  it('finds the line after the middle past reads of its own size (a long line across the middle)', () => {
    const path = join(dir, 'long.ndjson');
    const long = 'x'.repeat(300_000); // several of lineStartAfterMiddle's 64 KiB reads
    for (const [text, cut] of [
      [`a\n${long}\nb\n`, long.length + 3],
      [`a\n${long}\n`, undefined], // the LF after the middle ends the file: nothing follows
      [`a\n${long}`, undefined],
    ] as const) {
      writeFileSync(path, text);
      expect(lineStartAfterMiddle(path, statSync(path).size)).toBe(cut);
    }
  });
});

// A file import reads the file three times to keep only the orders whose lines are still ahead in
// memory (importer.ts, importFactsFrom). Law: it answers exactly as the single-read import that
// keeps every line (importFacts) — same report, same events stored — on files that interleave
// orders, repeat lines, hold bad lines, with and without skipInvalid, onto an empty store or one
// that already holds part of the file. (Each stream gets the same events; the bounded import keeps
// the file's interleaving of orders in the global log.)
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, openEventStore, type Engine } from '../../src/index.js';
import { importFactsFrom, RecordedTimes } from '../../src/engine/importer.js';
import { OrderWriter } from '../../src/engine/order-writer.js';
import { fcParams, TIMEOUT } from '../projections/support.js';
import { multiOrderLogArb, readAllEvents, relabel, tempDb } from './support/logs.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { orderStream } from '../../domain/index.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-import-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileArb = fc.record({
  appends: multiOrderLogArb(4, 15),
  repeats: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), // a line copied to a later place: a duplicate
  bad: fc.array(fc.tuple(fc.nat(), fc.constantFrom('{"stream":', '{}', 'not json', '   ')), {
    maxLength: 2,
  }), // bad (or blank) lines put in
  // Lines whose text the first read cannot take its order from at a glance (it must fall back to
  // parsing them), or whose event is not their JSON as written (the write must validate them again).
  reshaped: fc.array(
    fc.tuple(
      fc.nat(),
      fc.constantFrom('stream-last', 'stream-twice', 'nested-stream', 'escaped-id', 'padded-name'),
    ),
    { maxLength: 3 },
  ),
  preloaded: fc.nat(), // lines already imported before the file
  skipInvalid: fc.boolean(),
});

/** The same event line written another way (see `reshaped`); the last three make the line invalid or name another order's stream first. */
const reshape = (line: string, how: string, other: string): string => {
  const { stream, ...rest } = JSON.parse(line) as { stream: string };
  switch (how) {
    case 'stream-last':
      return JSON.stringify({ ...rest, stream });
    case 'stream-twice':
      return `{"stream":${JSON.stringify(other)},${line.slice(1)}`; // JSON.parse keeps the last: the line's own stream
    case 'padded-name':
      return line.replace('"name":"', '"name":"  '); // the schema trims it: what is stored is not the line's text
    case 'nested-stream':
      return `${line.slice(0, -1)},"note":{"stream":${JSON.stringify(other)}}}`; // an unknown key: a bad line
    default:
      return line.replace(
        /^\{"stream":"order-(.)/,
        (_m, c: string) => `{"stream":"order-\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
  }
};

/** A line of the file as a plain event line to import beforehand ([] for a bad line). */
const eventLine = (line: string): string[] => {
  try {
    const json = JSON.parse(line) as { stream?: unknown; note?: unknown } | null;
    return typeof json?.stream === 'string' && json.note === undefined
      ? [JSON.stringify(json)]
      : [];
  } catch {
    return [];
  }
};

/** The events stored, stream by stream (the global interleaving may differ: the bounded import writes in file order, the other order by order). */
const stored = async (e: Engine) =>
  (await readAllEvents(e.store))
    .map(({ stream, streamRevision, id, type, data, metadata }) => ({
      stream,
      streamRevision,
      id,
      type,
      data,
      metadata,
    }))
    .sort((x, y) =>
      x.stream === y.stream ? x.streamRevision - y.streamRevision : x.stream < y.stream ? -1 : 1,
    );

describe('file import in bounded memory', () => {
  it(
    'answers as the import that keeps every line: same report, same events stored',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fileArb,
          async ({ appends, repeats, bad, reshaped, preloaded, skipInvalid }) => {
            const lines = appends.flatMap((a) =>
              a.events.map((e) => JSON.stringify({ stream: a.stream, ...e })),
            );
            for (const [at, how] of reshaped)
              lines[at % lines.length] = reshape(
                lines[at % lines.length]!,
                how,
                appends[(at + 1) % appends.length]!.stream,
              );
            for (const [from, to] of repeats)
              lines.splice(
                Math.min(lines.length, (from % lines.length) + 1 + (to % 3)),
                0,
                lines[from % lines.length]!,
              );
            for (const [at, text] of bad) lines.splice(at % (lines.length + 1), 0, text);
            const pre = lines.slice(0, preloaded % (lines.length + 1)).flatMap(eventLine);
            const path = join(dir, `f${n++}.ndjson`);
            writeFileSync(path, `${lines.join('\n')}\n`);
            const [kept, bounded] = [
              await createEngine({ store: 'memory' }),
              await createEngine({ store: 'memory' }),
            ];
            // A reshaped line may be bad (and a later line then refers to what it would have imposed): skipped alike in both.
            const [p1, p2] = [
              await kept.importNdjson(pre, { skipInvalid: true }),
              await bounded.importNdjson(pre, { skipInvalid: true }),
            ];
            expect(p2.problems).toEqual(p1.problems);
            const a = await kept.importNdjson(
              lines.map((l) => Buffer.from(l)),
              { skipInvalid },
            );
            const b = await bounded.importNdjsonFile(path, { skipInvalid });
            expect({ ...b, rejectedLines: [...b.rejectedLines.keys()] }).toEqual({
              ...a,
              rejectedLines: [...a.rejectedLines.keys()],
            });
            expect(await stored(bounded)).toEqual(await stored(kept));
            rmSync(path);
          },
        ),
        fcParams(40, 400),
      );
    },
    TIMEOUT,
  );

  it('a line that changes between the check and the write is caught by its checksum: IMPORT_SOURCE_CHANGED, and this small file wrote nothing', async () => {
    const lines = readFileSync(
      fileURLToPath(new URL('../../examples/twitter-2022.ndjson', import.meta.url)),
      'utf8',
    )
      .split('\n')
      .filter((l) => l !== '');
    const at = Math.floor(lines.length / 2);
    // Still a valid line of the same order, same length of file: only its text differs (a longer source).
    const changed = lines.map((l, i) =>
      i === at ? l.replace('"source":"', '"source":"(edited) ') : l,
    );
    expect(changed[at]).not.toBe(lines[at]);
    const store = await openEventStore('memory');
    let reads = 0;
    const read = () => (++reads < 3 ? lines : changed).map((l) => Buffer.from(l));
    // The example states its recorded times: checked as a backfill.
    const times = new RecordedTimes(undefined, '2026-12-01T00:00:00.000Z');
    const error = await importFactsFrom(new OrderWriter(store), read, {}, times).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(reads).toBe(3);
    expect(error).toMatchObject({ code: 'IMPORT_SOURCE_CHANGED', path: ['file'] });
    expect((error as Error).message).toMatch(/written before stay recorded/);
    expect(await readAllEvents(store)).toEqual([]);
  });

  it(
    'on SQLite, a file of several write chunks (written through the append pipeline) stores what the import that keeps every line stores, and verifies',
    async () => {
      // About 25,000 events of 600 orders, round-robin across orders so every chunk spans hundreds of streams.
      const histories = fc
        .sample(orderHistoryArb({ minCommands: 30, maxCommands: 60 }), { numRuns: 600, seed: 77 })
        .map((h, k) => relabel(h.events, k));
      const lines: string[] = [];
      for (let i = 0; histories.some((h) => i < h.length); i++) {
        histories.forEach((h, k) => {
          if (i < h.length)
            lines.push(JSON.stringify({ stream: orderStream(`order-${k}`), ...h[i]! }));
        });
      }
      expect(lines.length).toBeGreaterThan(2 * 10_000);
      const path = join(dir, 'chunks.ndjson');
      writeFileSync(path, `${lines.join('\n')}\n`);
      const db = tempDb();
      try {
        const [kept, piped] = [
          await createEngine({ store: 'memory' }),
          await createEngine({ store: `sqlite:${db.path}` }),
        ];
        const a = await kept.importNdjson(lines.map((l) => Buffer.from(l)));
        const b = await piped.importNdjsonFile(path);
        expect(b.appended).toBe(lines.length);
        expect({ ...b, rejectedLines: [...b.rejectedLines.keys()] }).toEqual({
          ...a,
          rejectedLines: [...a.rejectedLines.keys()],
        });
        expect(await stored(piped)).toEqual(await stored(kept));
        expect((await piped.verify()).ok).toBe(true);
        expect(await piped.importNdjsonFile(path)).toMatchObject({
          appended: 0,
          duplicates: lines.length,
        }); // idempotent
        await piped.close();
      } finally {
        db.remove();
      }
    },
    TIMEOUT,
  );

  it('a named pipe, which can be read only once, is imported in one read', async () => {
    const fifo = join(dir, 'lines.fifo');
    execFileSync('mkfifo', [fifo]);
    const lines = readFileSync(
      fileURLToPath(new URL('../../examples/twitter-2022.ndjson', import.meta.url)),
    );
    const writer = new Promise<void>((done, fail) => {
      const w = createWriteStream(fifo);
      w.on('error', fail);
      w.end(lines, () => done());
    });
    const engine = await createEngine({ store: 'memory' });
    const [report] = await Promise.all([engine.importNdjsonFile(fifo, { backfill: true }), writer]);
    expect(report.problems).toEqual([]);
    expect(report.appended).toBe(report.lines);
    expect(report.appended).toBeGreaterThan(0);
  });
});

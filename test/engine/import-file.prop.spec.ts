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
import { createEngine, type Engine } from '../../src/index.js';
import { fcParams, TIMEOUT } from '../projections/support.js';
import { multiOrderLogArb, readAllEvents } from './support/logs.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-import-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileArb = fc.record({
  appends: multiOrderLogArb(4, 15),
  repeats: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), // a line copied to a later place: a duplicate
  bad: fc.array(fc.tuple(fc.nat(), fc.constantFrom('{"stream":', '{}', 'not json', '   ')), { maxLength: 2 }), // bad (or blank) lines put in
  preloaded: fc.nat(), // lines already imported before the file
  skipInvalid: fc.boolean(),
});

/** The events stored, stream by stream (the global interleaving may differ: the bounded import writes in file order, the other order by order). */
const stored = async (e: Engine) => (await readAllEvents(e.store))
  .map(({ stream, streamRevision, id, type, data, metadata }) => ({ stream, streamRevision, id, type, data, metadata }))
  .sort((x, y) => (x.stream === y.stream ? x.streamRevision - y.streamRevision : x.stream < y.stream ? -1 : 1));

describe('file import in bounded memory', () => {
  it('answers as the import that keeps every line: same report, same events stored', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(fileArb, async ({ appends, repeats, bad, preloaded, skipInvalid }) => {
      const lines = appends.flatMap((a) => a.events.map((e) => JSON.stringify({ stream: a.stream, ...e })));
      for (const [from, to] of repeats) lines.splice(Math.min(lines.length, (from % lines.length) + 1 + (to % 3)), 0, lines[from % lines.length]!);
      for (const [at, text] of bad) lines.splice(at % (lines.length + 1), 0, text);
      const pre = lines.slice(0, preloaded % (lines.length + 1)).filter((l) => l.startsWith('{"stream":"order-'));
      const path = join(dir, `f${n++}.ndjson`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      const [kept, bounded] = [await createEngine({ store: 'memory' }), await createEngine({ store: 'memory' })];
      for (const e of [kept, bounded]) expect((await e.importNdjson(pre)).problems).toEqual([]);
      const a = await kept.importNdjson(lines.map((l) => Buffer.from(l)), { skipInvalid });
      const b = await bounded.importNdjsonFile(path, { skipInvalid });
      expect({ ...b, rejectedLines: [...b.rejectedLines.keys()] }).toEqual({ ...a, rejectedLines: [...a.rejectedLines.keys()] });
      expect(await stored(bounded)).toEqual(await stored(kept));
      rmSync(path);
    }), fcParams(40, 400));
  }, TIMEOUT);

  it('a named pipe, which can be read only once, is imported in one read', async () => {
    const fifo = join(dir, 'lines.fifo');
    execFileSync('mkfifo', [fifo]);
    const lines = readFileSync(fileURLToPath(new URL('../../examples/twitter-2022.ndjson', import.meta.url)));
    const writer = new Promise<void>((done, fail) => { const w = createWriteStream(fifo); w.on('error', fail); w.end(lines, () => done()); });
    const engine = await createEngine({ store: 'memory' });
    const [report] = await Promise.all([engine.importNdjsonFile(fifo), writer]);
    expect(report.problems).toEqual([]);
    expect(report.appended).toBe(report.lines);
    expect(report.appended).toBeGreaterThan(0);
  });
});


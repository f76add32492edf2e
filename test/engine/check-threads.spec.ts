// An import's check on worker threads (check-threads.ts): each worker opens the store and the file
// itself and checks whole orders, taken from a counter the workers share. Same report, same events
// stored as the check on the calling thread, on a file whose orders interleave, with bad lines, an
// event id another order used first, and a store that already holds part of the file, also as a
// backfill (whose recorded times the calling thread checks after); a worker that fails leaves the
// whole check to the calling thread. Also with the first read shared: the workers start with the
// import and one reads the file's second half (the calling thread reads it when they fail, and
// checks alone a file of too few lines for threads, and when a worker runs out of memory). A
// worker reads part of a file as the calling thread does; an onProgress that throws stops a
// threaded check as it stops the calling thread's.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { orderStream } from '../../domain/index.js';
import { CheckPool } from '../../src/engine/check-threads.js';
import { importFileByOrder, indexRange } from '../../src/engine/import-by-order.js';
import { importFacts } from '../../src/engine/importer.js';
import { OrderWriter } from '../../src/engine/order-writer.js';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { TIMEOUT } from '../projections/support.js';
import {
  backfillTimesOf,
  comparableReport,
  readAllEvents,
  relabel,
  secondsAfter2024,
  plainIndex,
  tempDb,
  withRecordedAt,
} from './support/logs.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-check-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An order writer that counts the orders the calling thread loads to check. */
class Counting extends OrderWriter {
  loads = 0;
  override load(orderId: string) {
    this.loads++;
    return super.load(orderId);
  }
}

/** 300 orders' lines dealt round-robin, with bad lines, and a line moved into another order before its own. */
const fileLines = (): string[] => {
  const histories = fc
    .sample(orderHistoryArb({ minCommands: 30, maxCommands: 60 }), { numRuns: 300, seed: 41 })
    .map((h, k) => relabel(h.events, k));
  const lines: string[] = [];
  for (let i = 0; histories.some((h) => i < h.length); i++)
    histories.forEach((h, k) => {
      if (i < h.length) lines.push(JSON.stringify({ stream: orderStream(`order-${k}`), ...h[i]! }));
    });
  const moved = JSON.parse(lines[4_500]!) as { stream: string };
  lines.splice(2_000, 0, JSON.stringify({ ...moved, stream: orderStream('order-7') }));
  lines.splice(6_000, 0, 'not json', '{"stream":"order-3"}');
  return lines;
};

/** The lines with a backfill's recorded times: a second apart, but line 5,000's a day early (refused, and its order checked again). */
const backfilled = (lines: string[]): string[] =>
  withRecordedAt(lines, (i) => secondsAfter2024(i, i === 5_000 ? 86_400_000 : 0));

describe('the check on worker threads', () => {
  it.each([false, true])(
    'finds what the calling thread finds (same report, same events stored); a worker that fails leaves it to the calling thread (backfill: %s)',
    async (backfill) => {
      const lines = backfill ? backfilled(fileLines()) : fileLines();
      expect(lines.length).toBeGreaterThan(10_000); // enough for the threads below
      const path = join(dir, 'lines.ndjson');
      writeFileSync(path, `${lines.join('\n')}\n`);
      const pre = lines.slice(0, 4_000).filter((_, i) => i % 3 === 0);
      type How =
        | 'calling'
        | 'threads'
        | 'failing'
        | 'split'
        | 'split, failing'
        | 'split, few lines'
        | 'out of memory';
      const run = async (how: How) => {
        const db = tempDb();
        const store = await openSqliteEventStore(db.path);
        try {
          await importFacts(
            new OrderWriter(store),
            pre,
            { skipInvalid: true },
            await backfillTimesOf(store, backfill),
          );
          const writer = new Counting(store);
          const stopped: (readonly number[])[] = [];
          const threads =
            how === 'calling'
              ? undefined
              : {
                  onStopped: (codes: readonly number[]) => stopped.push(codes),
                  db:
                    how === 'failing' || how === 'split, failing'
                      ? join(dir, 'missing', 'x.db')
                      : db.path,
                  threads: 2,
                  // The file's 11,000 lines or so take threads (by default, from 250,000), but for
                  // 'few lines' (a file large enough to share its read, too few lines for threads).
                  fromLines: how === 'split, few lines' ? 1_000_000 : 10_000,
                  // Split: the workers start with the import and one reads the file's second half.
                  splitFromBytes: how.startsWith('split') || how === 'out of memory' ? 0 : Infinity,
                  // Out of memory: a heap too small for a worker, which runs out as it loads
                  // (ERR_WORKER_OUT_OF_MEMORY).
                  ...(how === 'out of memory' ? { limits: { maxOldGenerationSizeMb: 4 } } : {}),
                };
          const report = await importFileByOrder(
            writer,
            path,
            { skipInvalid: true },
            threads,
            await backfillTimesOf(store, backfill),
          );
          const events = (await readAllEvents(store)).map(({ stream, streamRevision, id }) => ({
            stream,
            streamRevision,
            id,
          }));
          return { report: comparableReport(report), events, loads: writer.loads, stopped };
        } finally {
          await store.close();
          db.remove();
        }
      };
      const calling = await run('calling');
      const threads = await run('threads');
      const failing = await run('failing');
      expect(calling.report.problems.map((p) => p.code)).toEqual(
        expect.arrayContaining([
          'INVALID_INPUT',
          'EVENT_ID_REUSED',
          ...(backfill ? ['RECORDED_AT_OUT_OF_ORDER'] : []),
        ]),
      );
      expect(calling.report.duplicates).toBeGreaterThan(0);
      // Each pool stopped once, its workers exiting on their own (a terminated worker exits with 1).
      expect(threads.stopped).toEqual([[0, 0]]);
      expect(failing.stopped).toEqual([[0, 0]]);
      expect(threads.report).toEqual(calling.report);
      expect(threads.events).toEqual(calling.events);
      // The workers loaded every order, not this thread, which folds again each order with a line
      // refused for its recorded time (before the store's last, or before the line before it).
      const refolded = new Set(
        calling.report.problems
          .filter((p) => p.code.startsWith('RECORDED_AT'))
          .map((p) => (JSON.parse(lines[p.line - 1]!) as { stream: string }).stream),
      );
      expect(refolded.size > 0).toBe(backfill);
      expect(threads.loads).toBe(refolded.size);
      expect(failing.report).toEqual(calling.report);
      expect(failing.events).toEqual(calling.events);
      expect(failing.loads).toBe(301 + refolded.size); // the 300 orders, order 3 of the bad line, and again
      // The first read shared with a worker: the same index, so the same check; and when the
      // workers cannot open the store, this thread reads the second half too and checks alone.
      // Once: a backfill reads the file alike (split-first-read.prop.spec).
      if (!backfill) {
        expect(await run('split')).toEqual(threads);
        const splitFailing = await run('split, failing');
        expect(splitFailing).toEqual({ ...failing, stopped: [[0]] }); // the one worker started with the import
        const fewLines = await run('split, few lines');
        expect(fewLines).toEqual({ ...calling, stopped: [[0]] });
        const outOfMemory = await run('out of memory');
        expect(outOfMemory.stopped).toHaveLength(1);
        expect(outOfMemory.stopped[0]![0]).not.toBe(0); // it died of its heap limit, before any stop
        expect(outOfMemory).toEqual({ ...failing, stopped: outOfMemory.stopped });
      }
    },
    TIMEOUT,
  );

  it('a worker reads part of the file as this thread would (the lines, and the ids stored in another order); a pool whose workers failed answers undefined', async () => {
    const lines = fileLines().slice(0, 3_000);
    const path = join(dir, 'part.ndjson');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const db = tempDb();
    const store = await openSqliteEventStore(db.path);
    try {
      const filed = await importFacts(new OrderWriter(store), [lines[0]!], {}); // one id stored, in its own order
      expect(filed.appended).toBe(1);
      const moved = JSON.parse(lines[0]!) as { stream: string };
      const other = JSON.stringify({ ...moved, stream: orderStream('order-elsewhere') });
      writeFileSync(path, `${[...lines, other].join('\n')}\n`); // the same id in another order: stored elsewhere
      const start = lines.slice(0, 10).join('\n').length + 1; // a line's start
      const part = { start, end: statSync(path).size };
      const writer = new OrderWriter(store);
      const here = await indexRange(path, part, false, (ids) => writer.streamsOf(ids));
      const threads = { db: db.path, threads: 2, fromLines: 0, splitFromBytes: 0 };
      const pool = new CheckPool(threads);
      const there = await pool.index({ path, range: part, backfill: false, lookUp: true });
      expect(await pool.close()).toEqual([0]); // stopped after its read, not terminated
      expect(there?.parts.count).toBe(lines.length - 10 + 1);
      expect(plainIndex(there!.parts)).toEqual(plainIndex(here.index.parts()));
      expect(there!.stored).toEqual(here.stored);
      expect(there!.stored.size).toBe(1);
      const broken = new CheckPool({ ...threads, db: join(dir, 'missing', 'x.db') });
      expect(await broken.index({ path, range: part, backfill: false, lookUp: false })).toBe(
        undefined,
      );
      expect(await broken.close()).toEqual([0]);
    } finally {
      await store.close();
      db.remove();
    }
  });

  it('an onProgress that throws during the check stops the import with its error, nothing written, as on the calling thread', async () => {
    const path = join(dir, 'progress.ndjson');
    writeFileSync(path, `${fileLines().join('\n')}\n`);
    const stop = new Error('stop at 2,000 lines');
    const stopped: (readonly number[])[] = [];
    const attempt = async (threaded: boolean) => {
      const db = tempDb();
      const store = await openSqliteEventStore(db.path);
      try {
        const threads = {
          db: db.path,
          threads: 2,
          fromLines: 10_000,
          splitFromBytes: 0,
          onStopped: (codes: readonly number[]) => stopped.push(codes),
        };
        const error = await importFileByOrder(
          new OrderWriter(store),
          path,
          {
            onProgress: (p) => {
              if (p.phase === 'validate' && p.done >= 2_000) throw stop;
            },
          },
          threaded ? threads : undefined,
        ).then(
          () => undefined,
          (e: unknown) => e,
        );
        return { error, stored: (await readAllEvents(store)).length };
      } finally {
        await store.close();
        db.remove();
      }
    };
    expect(await attempt(false)).toEqual({ error: stop, stored: 0 });
    expect(await attempt(true)).toEqual({ error: stop, stored: 0 });
    // The workers were stopped mid-check: each finished its order in hand and exited on its own.
    expect(stopped).toEqual([[0, 0]]);
  });
});

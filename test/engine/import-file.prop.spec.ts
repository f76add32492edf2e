// A file import never holds the whole file: a regular file is checked order by order, reading
// each order's lines from where the first read found them (import-by-order.ts, importFileByOrder);
// a backfill's recorded times are then checked in file order. Law: it answers exactly as the
// single-read import that keeps every line (importFacts) — same report, same events stored — on
// files that interleave orders, repeat lines, reuse an event id in another order (before or after
// its first use), hold bad lines, spell ids so the first read must parse to find them, state
// recorded times out of order, in the future or, on a line repeating a stored event or an earlier
// line, other than the one recorded (a backfill), with and without skipInvalid, onto an empty store
// or one that already holds part of the file. (Each stream gets the same events; the
// bounded import keeps the file's interleaving of orders in the global log.)
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, openEventStore, type EventStore } from '../../src/index.js';
import { importFacts, RecordedTimes } from '../../src/engine/importer.js';
import { importFileByOrder } from '../../src/engine/import-by-order.js';
import { OrderWriter } from '../../src/engine/order-writer.js';
import { fcParams, TIMEOUT } from '../projections/support.js';
import {
  BACKFILL_NOW,
  backfillTimesOf,
  comparableReport,
  multiOrderLogArb,
  readAllEvents,
  relabel,
  secondsAfter2024,
  tempDb,
  withRecordedAt,
} from './support/logs.js';
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
      fc.constantFrom(
        'stream-last',
        'stream-twice',
        'nested-stream',
        'escaped-stream',
        'escaped-event-id',
        'id-named',
        'padded-name',
      ),
    ),
    { maxLength: 3 },
  ),
  // A line copied into another order's stream, anywhere in the file: its event id then names facts
  // in two orders, and the first line with it (or the store, when preloaded) keeps it.
  moved: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 2 }),
  preloaded: fc.nat(), // lines already imported before the file
  skipInvalid: fc.boolean(),
  // A backfill: every line states when its fact was learned, a second after the line before it,
  // but for a few stated a day too early (out of order) or after now (in the future).
  backfill: fc.boolean(),
  early: fc.array(fc.nat(), { maxLength: 2 }),
  future: fc.array(fc.nat(), { maxLength: 1 }),
  // Whether a copy further on states the time of the line it copies (a duplicate wherever it
  // stands) or its own (refused for restating it).
  copiesKeepTime: fc.boolean(),
});

/**
 * Each line with its recorded time: a second after the line before it, but a day early at `early`,
 * or after now at `future`; a line that repeats the line right before it states that line's time,
 * and a copy further on the time of the line it copies when `copiesKeepTime` (a duplicate, though
 * earlier than the line before it), else its own (which the backfill refuses).
 */
const withTimes = (
  lines: string[],
  early: number[],
  future: number[],
  copiesKeepTime: boolean,
): string[] => {
  const times: string[] = [];
  lines.forEach((line, i) =>
    times.push(
      i > 0 && line === lines[i - 1]
        ? times[i - 1]!
        : copiesKeepTime && lines.indexOf(line) < i
          ? times[lines.indexOf(line)]!
          : future.some((f) => f % lines.length === i)
            ? '2027-06-01T00:00:00.000Z'
            : secondsAfter2024(i, early.some((e) => e % lines.length === i) ? 86_400_000 : 0),
    ),
  );
  return withRecordedAt(lines, (i) => times[i]!);
};

/** The same event line written another way (see `reshaped`); `stream-twice` and `nested-stream` make the line invalid or name another order's stream first. */
const reshape = (line: string, how: string, other: string): string => {
  const { stream, ...rest } = JSON.parse(line) as { stream: string };
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  switch (how) {
    case 'stream-last':
      return JSON.stringify({ ...rest, stream });
    case 'stream-twice':
      return `{"stream":${JSON.stringify(other)},${line.slice(1)}`; // JSON.parse keeps the last: the line's own stream
    case 'padded-name':
      return line.replace('"name":"', '"name":"  '); // the schema trims it: what is stored is not the line's text
    case 'id-named':
      return line.replace(/"name":"[^"]*"/, '"name":"id"'); // a second "id" in the text, as a value
    case 'nested-stream':
      return `${line.slice(0, -1)},"note":{"stream":${JSON.stringify(other)}}}`; // an unknown key: a bad line
    case 'escaped-event-id':
      return line.replace(/"id":"(.)/, (_m, c: string) => `"id":"${escape(c)}`);
    default:
      return line.replace(
        /^\{"stream":"order-(.)/,
        (_m, c: string) => `{"stream":"order-${escape(c)}`,
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

/** The events stored, stream by stream (the global interleaving may differ: the bounded imports write in file order, the other order by order). */
const stored = async (store: EventStore) =>
  (await readAllEvents(store))
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

/** How many runs of the bounded-import law reached each rule (see `tally`). */
interface Seen {
  idReused: number;
  parsedFirst: number;
  timeRefused: number;
  timeRestated: number;
  copyRestated: number;
  copyKept: number;
  copyFarKept: number;
}

/** Counts the rules a run's problems show; `backfilled`: the file's lines, in a backfill. */
const tally = (
  seen: Seen,
  problems: readonly { line: number; code: string; message: string }[],
  backfilled: readonly string[] | undefined,
): void => {
  if (problems.some((p) => p.code === 'EVENT_ID_REUSED')) seen.idReused++;
  if (problems.some((p) => p.code.startsWith('RECORDED_AT'))) seen.timeRefused++;
  // A repeated copy of a preloaded line, or a copy further on in the file, states its own time.
  if (problems.some((p) => p.code === 'RECORDED_AT_DIFFERS')) seen.timeRestated++;
  if (problems.some((p) => / recorded by line /.test(p.message))) seen.copyRestated++;
  // A copy right after its line states the same time: not refused for it.
  const copyKept = (l: string, i: number, lines: readonly string[]) =>
    l === lines[i - 1] && !problems.some((p) => p.line === i + 1);
  if (backfilled?.some(copyKept)) seen.copyKept++;
  // A copy further on, stating its line's time (earlier than the line before it): a duplicate.
  const copyFarKept = (l: string, i: number, lines: readonly string[]) =>
    l !== lines[i - 1] &&
    lines.indexOf(l) < i - 1 &&
    !problems.some((p) => p.line === i + 1 || p.line === lines.indexOf(l) + 1);
  if (backfilled?.some(copyFarKept)) seen.copyFarKept++;
};

describe('file import in bounded memory', () => {
  it(
    'answers as the import that keeps every line: same report, same events stored',
    async () => {
      let n = 0;
      const seen: Seen = {
        idReused: 0,
        parsedFirst: 0,
        timeRefused: 0,
        timeRestated: 0,
        copyRestated: 0,
        copyKept: 0,
        copyFarKept: 0,
      };
      await fc.assert(
        fc.asyncProperty(
          fileArb,
          async ({
            appends,
            repeats,
            moved,
            bad,
            reshaped,
            preloaded,
            skipInvalid,
            backfill,
            early,
            future,
            copiesKeepTime,
          }) => {
            let lines = appends.flatMap((a) =>
              a.events.map((e) => JSON.stringify({ stream: a.stream, ...e })),
            );
            for (const [at, how] of reshaped) {
              const k = at % lines.length;
              lines[k] = reshape(lines[k]!, how, appends[(at + 1) % appends.length]!.stream);
              if (/escaped-event-id|id-named/.test(how)) seen.parsedFirst++;
            }
            for (const [from, to, into] of moved) {
              const line = JSON.parse(lines[from % lines.length]!) as { stream: string };
              const other = appends[into % appends.length]!.stream;
              if (other !== line.stream)
                lines.splice(
                  to % (lines.length + 1),
                  0,
                  JSON.stringify({ ...line, stream: other }),
                );
            }
            for (const [from, to] of repeats)
              lines.splice(
                Math.min(lines.length, (from % lines.length) + 1 + (to % 3)),
                0,
                lines[from % lines.length]!,
              );
            for (const [at, text] of bad) lines.splice(at % (lines.length + 1), 0, text);
            if (backfill) lines = withTimes(lines, early, future, copiesKeepTime);
            const pre = lines.slice(0, preloaded % (lines.length + 1)).flatMap(eventLine);
            const path = join(dir, `f${n++}.ndjson`);
            writeFileSync(path, `${lines.join('\n')}\n`);
            const [kept, byOrder] = await Promise.all([0, 1].map(() => openEventStore('memory')));
            // A reshaped line may be bad (and a later line then refers to what it would have imposed): skipped alike in both.
            const preloads = await Promise.all(
              [kept!, byOrder!].map(async (s) =>
                importFacts(
                  new OrderWriter(s),
                  pre,
                  { skipInvalid: true },
                  await backfillTimesOf(s, backfill),
                ),
              ),
            );
            expect(preloads[1]!.problems).toEqual(preloads[0]!.problems);
            const bytes = lines.map((l) => Buffer.from(l));
            const options = { skipInvalid };
            const a = await importFacts(
              new OrderWriter(kept!),
              bytes,
              options,
              await backfillTimesOf(kept!, backfill),
            );
            const b = await importFileByOrder(
              new OrderWriter(byOrder!),
              path,
              options,
              undefined,
              await backfillTimesOf(byOrder!, backfill),
            );
            tally(seen, a.problems, backfill ? lines : undefined);
            expect(comparableReport(b)).toEqual(comparableReport(a));
            expect(await stored(byOrder!)).toEqual(await stored(kept!));
            rmSync(path);
          },
        ),
        fcParams(90, 900),
      );
      // The cases that reach the rules the first read settles, not just lines in their own order.
      expect(seen.idReused).toBeGreaterThanOrEqual(6);
      expect(seen.parsedFirst).toBeGreaterThanOrEqual(10);
      expect(seen.timeRefused).toBeGreaterThanOrEqual(6);
      expect(seen.timeRestated).toBeGreaterThanOrEqual(4);
      expect(seen.copyRestated).toBeGreaterThanOrEqual(3);
      expect(seen.copyKept).toBeGreaterThanOrEqual(3);
      expect(seen.copyFarKept).toBeGreaterThanOrEqual(3);
    },
    TIMEOUT,
  );

  /** An order writer that counts the orders whose states it holds for the import (loaded, not yet forgotten). */
  class Watched extends OrderWriter {
    readonly open = new Set<string>();
    most = 0;
    /** Runs once, when the first order is loaded (the first read of the file is over). */
    onFirstLoad: (() => void) | undefined;
    /** Runs once, when the write phase opens its pipeline. */
    onWrite: (() => void) | undefined;
    override load(orderId: string) {
      this.onFirstLoad?.();
      this.onFirstLoad = undefined;
      this.open.add(orderId);
      this.most = Math.max(this.most, this.open.size);
      return super.load(orderId);
    }
    override forget(orderId: string) {
      this.open.delete(orderId);
      super.forget(orderId);
    }
    override checkedPipeline() {
      this.onWrite?.();
      this.onWrite = undefined;
      return super.checkedPipeline();
    }
  }

  /** The lines of `orders` small orders dealt round-robin: every order's lines span the whole file. */
  const roundRobin = (orders: number, seed: number): string[] => {
    const histories = fc
      .sample(orderHistoryArb({ minCommands: 5, maxCommands: 15 }), { numRuns: orders, seed })
      .map((h, k) => relabel(h.events, k));
    const lines: string[] = [];
    for (let i = 0; histories.some((h) => i < h.length); i++)
      histories.forEach((h, k) => {
        if (i < h.length)
          lines.push(JSON.stringify({ stream: orderStream(`order-${k}`), ...h[i]! }));
      });
    return lines;
  };

  it('checks a file whose orders interleave holding one order at a time; the import that keeps every line holds every order', async () => {
    const lines = roundRobin(40, 5);
    const path = join(dir, 'round-robin.ndjson');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const byOrder = new Watched(await openEventStore('memory'));
    const kept = new Watched(await openEventStore('memory'));
    const a = await importFileByOrder(byOrder, path);
    const b = await importFacts(
      kept,
      lines.map((l) => Buffer.from(l)),
    );
    expect(a.appended).toBe(lines.length);
    expect(comparableReport(a)).toEqual(comparableReport(b));
    expect(byOrder.most).toBe(1);
    expect(kept.most).toBe(40);
  });

  it('a line that changes after the first read stops the order-by-order import: IMPORT_SOURCE_CHANGED, nothing written; during the write, the error says what stays recorded', async () => {
    const lines = roundRobin(6, 9);
    const at = lines.length - 3; // a line of the last orders, read after the first order's
    const changed = lines.map((l, i) => (i === at ? l.replace('"name":"', '"name":"X') : l));
    expect(changed[at]!.length).toBe(lines[at]!.length + 1);
    const path = join(dir, 'changing.ndjson');
    const run = async (when: 'check' | 'write') => {
      writeFileSync(path, `${lines.join('\n')}\n`);
      const store = await openEventStore('memory');
      const writer = new Watched(store);
      const change = () => writeFileSync(path, `${changed.join('\n')}\n`);
      if (when === 'check') writer.onFirstLoad = change;
      else writer.onWrite = change;
      const error = await importFileByOrder(writer, path).then(
        () => undefined,
        (e: unknown) => e,
      );
      return { error, events: await readAllEvents(store) };
    };
    const check = await run('check');
    expect(check.error).toMatchObject({ code: 'IMPORT_SOURCE_CHANGED', path: ['file'] });
    expect((check.error as Error).message).toMatch(/nothing was written/);
    expect(check.events).toEqual([]);
    const write = await run('write');
    expect(write.error).toMatchObject({ code: 'IMPORT_SOURCE_CHANGED', path: ['file'] });
    expect((write.error as Error).message).toMatch(/written before stay recorded/);
    expect(write.events).toEqual([]); // fewer lines than one write chunk: none went before the changed one
  });

  it('a backfill line refused for its recorded time does not count in its order: a later line it would have blocked is taken, as the import that keeps every line takes it', async () => {
    const line = (order: string, n: number, type: string, data: object, recordedAt: string) =>
      JSON.stringify({
        stream: `order-${order}`,
        id: `0000000${n}-0000-4000-8000-000000000000`,
        type,
        schemaVersion: 1,
        data,
        metadata: {
          effectiveOn: '2024-01-02',
          actor: { role: 'regulator', name: 'Federal Trade Commission' },
        },
        recordedAt,
      });
    const filing = (order: string) => ({
      orderId: order,
      title: 'T',
      kind: 'consent_decree',
      forum: 'D.D.C.',
    });
    const imposing = (title: string) => ({
      obligationId: 'assessment',
      title,
      kind: 'assessment',
      schedule: { kind: 'once', dueOn: '2024-06-03' },
      requiresAcceptance: false,
    });
    const at = (s: number) => `2024-01-02T00:00:0${s}.000Z`;
    const lines = [
      line('x', 1, 'OrderFiled', filing('x'), at(1)),
      line('y', 2, 'OrderFiled', filing('y'), at(5)),
      line('x', 3, 'ObligationImposed', imposing('A'), at(3)), // before line 2's: refused
      line('x', 4, 'ObligationImposed', imposing('B'), at(6)), // the same obligation: taken only because line 3 was not
    ];
    const path = join(dir, 'refused-time.ndjson');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const [kept, byOrder] = await Promise.all([0, 1].map(() => openEventStore('memory')));
    const options = { skipInvalid: true };
    const a = await importFacts(
      new OrderWriter(kept!),
      lines.map((l) => Buffer.from(l)),
      options,
      new RecordedTimes(undefined, BACKFILL_NOW),
    );
    const b = await importFileByOrder(
      new OrderWriter(byOrder!),
      path,
      options,
      undefined,
      new RecordedTimes(undefined, BACKFILL_NOW),
    );
    expect(a.problems.map((p) => [p.line, p.code])).toEqual([[3, 'RECORDED_AT_OUT_OF_ORDER']]);
    expect(a.appended).toBe(3);
    expect(comparableReport(b)).toEqual(comparableReport(a));
    expect(await stored(byOrder!)).toEqual(await stored(kept!));
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
        expect(await stored(piped.store)).toEqual(await stored(kept.store));
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

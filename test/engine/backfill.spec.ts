// Backfill (design.md section 4): history moved in with the instants it was learned, every rule checked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, verifyStore, type Engine, type ImportReport } from '../../src/index.js';

const CLOCK = () => new Date('2026-01-01T00:00:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'decree-backfill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const court = { role: 'court', name: 'N.D. Cal.' };
const company = { role: 'company', name: 'Acme' };

/** One import line of order `acme`, effective `on`, learned at `at` (omitted: no recordedAt). */
const line = (
  type: string,
  data: Record<string, unknown>,
  on: string,
  at: string | undefined,
  actor = court,
  extra: Record<string, unknown> = {},
) =>
  JSON.stringify({
    stream: 'order-acme',
    id: id(),
    type,
    schemaVersion: 1,
    data,
    metadata: { effectiveOn: on, actor, ...extra },
    ...(at === undefined ? {} : { recordedAt: at }),
  });

/** A small history: filed and entered in May 2022, a report due 2022-06-30 filed 2022-06-20 but made public on 2022-07-05. */
const history = () => [
  line(
    'OrderFiled',
    { orderId: 'acme', title: 'U.S. v. Acme', kind: 'stipulated_order', forum: 'N.D. Cal.' },
    '2022-05-25',
    '2022-05-25T20:00:00.000Z',
  ),
  line('OrderEntered', {}, '2022-05-26', '2022-05-26T18:00:00.000Z'),
  line(
    'ObligationImposed',
    {
      obligationId: 'report',
      title: 'Compliance report',
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2022-06-30' },
    },
    '2022-05-26',
    '2022-05-26T18:00:00.000Z',
  ),
  line(
    'SubmissionFiled',
    { submissionId: 's-1', obligationId: 'report', title: 'Report' },
    '2022-06-20',
    '2022-07-05T16:00:00.000Z',
    company,
  ),
];

/** A later filing, learned 2022-07-21 (after every line of `history`). */
const later = line(
  'SubmissionFiled',
  { submissionId: 's-2', obligationId: 'report', title: 'Report, supplemented' },
  '2022-07-20',
  '2022-07-21T16:00:00.000Z',
  company,
);

const engineWith = async (): Promise<Engine> => createEngine({ store: 'memory', clock: CLOCK });

const count = async (engine: Engine): Promise<number> => {
  let k = 0;
  for await (const _ of engine.store.readAll()) k++;
  return k;
};

describe('import --backfill', () => {
  it('records each fact at the instant it states, marked backfilled inside its hash', async () => {
    const engine = await engineWith();
    const report = await engine.importNdjson(history(), { backfill: true });
    expect(report).toMatchObject({ appended: 4, problems: [] });
    const all = [];
    for await (const e of engine.store.readAll()) all.push(e);
    expect(all.map((e) => e.recordedAt)).toEqual([
      '2022-05-25T20:00:00.000Z',
      '2022-05-26T18:00:00.000Z',
      '2022-05-26T18:00:00.000Z',
      '2022-07-05T16:00:00.000Z',
    ]);
    expect(all.every((e) => (e.metadata as { backfilled?: unknown }).backfilled === true)).toBe(
      true,
    );
    expect(await verifyStore(engine.store)).toMatchObject({ ok: true, events: 4 });
    await engine.close();
  });

  it('answers as known at an instant with what was learned by then, and says it rests on backfilled facts', async () => {
    const engine = await engineWith();
    await engine.importNdjson(history(), { backfill: true });
    const before = await engine.status('acme', {
      asOf: '2022-07-01',
      knownAt: '2022-07-01T00:00:00.000Z',
    });
    expect(before.occurrences.map((o) => o.status)).toEqual(['overdue']);
    expect(before.backfilled).toBe(3);
    const after = await engine.status('acme', {
      asOf: '2022-07-01',
      knownAt: '2022-07-06T00:00:00.000Z',
    });
    expect(after.occurrences.map((o) => [o.status, o.satisfiedOn])).toEqual([
      ['satisfied', '2022-06-20'],
    ]);
    expect(after.backfilled).toBe(4);
    // Asked about 2022-06-01, the filing learned later (effective 06-20) changes no status, but
    // the answer as known at 07-01 still rests on the three facts known then, not four.
    const early = await engine.status('acme', {
      asOf: '2022-06-01',
      knownAt: '2022-07-01T00:00:00.000Z',
    });
    expect(early.backfilled).toBe(3);
    // Before the order was learned of, it was not known at all: the error says it is in the store
    // (unlike an order the store does not hold), for every query that reads it.
    const unknownThen = { asOf: '2022-05-01', knownAt: '2022-05-01T00:00:00.000Z' };
    const notYet =
      'order "acme" is in this store, but nothing of it had been recorded by the instant asked about (ask as known at a later instant, or leave --known-at out)';
    for (const query of [
      () => engine.status('acme', unknownThen),
      () => engine.docket('acme', unknownThen),
      () => engine.timeline('acme', unknownThen),
      () => engine.exposure('acme', unknownThen),
    ])
      await expect(query()).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND', message: notYet });
    await expect(engine.status('nobody', unknownThen)).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
      message: 'no order "nobody" in this store (file it first, or check --store)',
    });
    // Instants beyond four-digit years: after the year 9999 everything is known, before the year 0
    // nothing (as text, `+010000-…` sorts before every recorded time).
    const now = await engine.status('acme', { asOf: '2022-07-01' });
    for (const later of ['+010000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'])
      expect(await engine.status('acme', { asOf: '2022-07-01', knownAt: later })).toEqual(now);
    await expect(
      engine.status('acme', { asOf: '2022-07-01', knownAt: '-000001-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    await engine.close();
  });

  it('is idempotent: the same file again adds nothing', async () => {
    const engine = await engineWith();
    await engine.importNdjson(history(), { backfill: true });
    const again = await engine.importNdjson(
      history().map((l) => l),
      { backfill: true },
    );
    expect(again).toMatchObject({ appended: 0, problems: [] });
    await engine.close();
  });

  it('writes a file import (SQLite, pipelined) at the stated instants too', async () => {
    const file = join(dir, 'history.ndjson');
    writeFileSync(file, `${history().join('\n')}\n`);
    const engine = await createEngine({ store: join(dir, 'file.db'), clock: CLOCK });
    expect(await engine.importNdjsonFile(file, { backfill: true })).toMatchObject({
      appended: 4,
      problems: [],
    });
    const times = [];
    for await (const e of engine.store.readAll()) times.push(e.recordedAt);
    expect(times[3]).toBe('2022-07-05T16:00:00.000Z');
    expect(await verifyStore(engine.store)).toMatchObject({ ok: true });
    await engine.close();
  });

  const refused: [string, () => string[], number, string, string][] = [
    [
      'a recorded time earlier than the line before',
      () => {
        const h = history();
        return [h[0]!, h[1]!.replace('2022-05-26T18:00:00.000Z', '2022-05-24T00:00:00.000Z')];
      },
      2,
      'recordedAt',
      'RECORDED_AT_OUT_OF_ORDER',
    ],
    [
      'a recorded time in the future',
      () => {
        const h = history();
        return [h[0]!.replace('2022-05-25T20:00:00.000Z', '2026-01-02T00:00:00.000Z')];
      },
      1,
      'recordedAt',
      'RECORDED_AT_IN_FUTURE',
    ],
    [
      'a line without its recorded time',
      () => [
        line(
          'OrderFiled',
          { orderId: 'acme', title: 'T', kind: 'stipulated_order', forum: 'F' },
          '2022-05-25',
          undefined,
        ),
      ],
      1,
      'recordedAt',
      'RECORDED_AT_REQUIRED',
    ],
    [
      "a rule of the order (a filing for a duty never imposed), checked in the file's order",
      () => {
        const h = history();
        return [h[0]!, h[1]!, h[3]!];
      },
      3,
      'data.obligationId',
      'OBLIGATION_NOT_FOUND',
    ],
  ];
  it.each(refused)(
    'refuses %s, naming the line, and writes nothing',
    async (_, lines, at, path, code) => {
      const engine = await engineWith();
      const report = await engine.importNdjson(lines(), { backfill: true });
      expect(report.problems).toContainEqual(expect.objectContaining({ line: at, path, code }));
      expect(report.written).toBe(false);
      expect(await count(engine)).toBe(0);
      await engine.close();
    },
  );

  it("refuses history older than the store's last recorded instant, and writes nothing", async () => {
    const engine = await engineWith();
    await engine.importNdjson(history().slice(0, 2), { backfill: true });
    const other = history()
      .slice(2)
      .map((l) => l.replace('2022-05-26T18:00:00.000Z', '2022-05-20T00:00:00.000Z'));
    const report = await engine.importNdjson(other, { backfill: true });
    expect(report.problems[0]).toMatchObject({
      line: 1,
      code: 'RECORDED_AT_OUT_OF_ORDER',
      path: 'recordedAt',
    });
    expect(report.problems[0]!.message).toMatch(/store's last recorded instant/);
    expect(await count(engine)).toBe(2);
    await engine.close();
  });

  // A line that repeats a stored event (same id, same content) is recorded already; the time it
  // states is part of that record. Both import paths: lines in memory, and a file checked order by order.
  type Importer = (engine: Engine, lines: string[], skipInvalid?: true) => Promise<ImportReport>;
  const importers: [string, Importer][] = [
    [
      'lines',
      (engine, lines, skipInvalid) =>
        engine.importNdjson(lines, { backfill: true, ...(skipInvalid && { skipInvalid }) }),
    ],
    [
      'a file',
      (engine, lines, skipInvalid) => {
        const file = join(dir, `repeat-${++n}.ndjson`);
        writeFileSync(file, `${lines.join('\n')}\n`);
        return engine.importNdjsonFile(file, {
          backfill: true,
          ...(skipInvalid && { skipInvalid }),
        });
      },
    ],
  ];
  describe.each(importers)('a line repeating a stored event (%s)', (_, importLines) => {
    const stored = history();
    const withStored = async () => {
      const engine = await createEngine({ store: join(dir, `repeat-${++n}.db`), clock: CLOCK });
      expect(await importLines(engine, stored)).toMatchObject({ appended: 4, problems: [] });
      return engine;
    };

    it('is a duplicate when it states the time the event was recorded at', async () => {
      const engine = await withStored();
      expect(await importLines(engine, [...stored, later])).toMatchObject({
        appended: 1,
        duplicates: 4,
        problems: [],
      });
      await engine.close();
    });

    it('is refused when it states another time, naming the stored one, and nothing is written', async () => {
      const engine = await withStored();
      const moved = stored.map((l, i) =>
        i === 1 || i === 2 ? l.replace('2022-05-26T18:00:00.000Z', '2022-05-26T19:00:00.000Z') : l,
      );
      const report = await importLines(engine, [...moved, later]);
      expect(report.problems.map((p) => [p.line, p.code, p.path])).toEqual([
        [2, 'RECORDED_AT_DIFFERS', 'recordedAt'],
        [3, 'RECORDED_AT_DIFFERS', 'recordedAt'],
      ]);
      expect(report.problems[0]!.message).toContain(
        `is recorded already, at 2022-05-26T18:00:00.000Z; this line says 2022-05-26T19:00:00.000Z`,
      );
      expect(report).toMatchObject({ written: false, appended: 0 });
      expect(await count(engine)).toBe(4);
      await engine.close();
    });
  });

  describe.each(importers)(
    'a line repeating an earlier line of its file (%s)',
    (_, importLines) => {
      const h = history();
      const fresh = () => createEngine({ store: join(dir, `copy-${++n}.db`), clock: CLOCK });

      it('adds nothing when it states the same time, and the file imported again adds nothing', async () => {
        const engine = await fresh();
        const file = [...h.slice(0, 3), h[2]!, h[3]!];
        expect(await importLines(engine, file)).toMatchObject({
          appended: 4,
          duplicates: 1,
          problems: [],
        });
        expect(await importLines(engine, file)).toMatchObject({
          appended: 0,
          duplicates: 5,
          problems: [],
        });
        await engine.close();
      });

      it('is a duplicate wherever it stands: two overlapping exports, concatenated, import whole, and the next new line follows the last one taken', async () => {
        const engine = await fresh();
        // Lines 1-4, then an export of lines 2-4 and one new line: lines 5 to 7 repeat lines 2 to 4, whose
        // times (from 2022-05-26) are earlier than line 4's (2022-07-05).
        const overlapping = [...h, ...h.slice(1), later];
        expect(await importLines(engine, overlapping)).toMatchObject({
          appended: 5,
          duplicates: 3,
          problems: [],
        });
        expect(await importLines(engine, overlapping)).toMatchObject({
          appended: 0,
          duplicates: 8,
          problems: [],
        });
        // A new line is held to the last line that added a fact (4), not to a repeat after it (5).
        const other = await fresh();
        const between = later.replace('2022-07-21T16:00:00.000Z', '2022-06-01T00:00:00.000Z');
        const report = await importLines(other, [...h, h[1]!, between]);
        expect(report.problems.map((p) => [p.line, p.code])).toEqual([
          [6, 'RECORDED_AT_OUT_OF_ORDER'],
        ]);
        expect(report.problems[0]!.message).toContain("before line 4's 2022-07-05T16:00:00.000Z");
        expect(report).toMatchObject({ written: false, appended: 0 });
        expect(await count(other)).toBe(0);
        await engine.close();
        await other.close();
      });

      it('is refused when it states another time, naming the line that recorded it, and nothing is written', async () => {
        const engine = await fresh();
        const restated = h[2]!.replace('2022-05-26T18:00:00.000Z', '2022-07-06T00:00:00.000Z');
        const report = await importLines(engine, [...h, restated]);
        expect(report.problems.map((p) => [p.line, p.code, p.path])).toEqual([
          [5, 'RECORDED_AT_DIFFERS', 'recordedAt'],
        ]);
        expect(report.problems[0]!.message).toContain(
          'is recorded by line 3, at 2022-05-26T18:00:00.000Z; this line says 2022-07-06T00:00:00.000Z',
        );
        expect(report).toMatchObject({ written: false, appended: 0 });
        expect(await count(engine)).toBe(0);
        await engine.close();
      });

      it('is measured against the copy taken when the first was refused for its time', async () => {
        const engine = await fresh();
        const filing = line(
          'SubmissionFiled',
          { submissionId: 's-9', obligationId: 'report', title: 'Report' },
          '2022-06-20',
          '2022-05-20T00:00:00.000Z', // before line 3's: refused
          company,
        );
        const at = (t: string) => filing.replace('2022-05-20T00:00:00.000Z', t);
        const lines = [...h.slice(0, 3), filing, at('2022-07-06T00:00:00.000Z')];
        const report = await importLines(engine, [...lines, at('2022-07-07T00:00:00.000Z')], true);
        expect(report.problems.map((p) => [p.line, p.code])).toEqual([
          [4, 'RECORDED_AT_OUT_OF_ORDER'],
          [6, 'RECORDED_AT_DIFFERS'],
        ]);
        expect(report.problems[1]!.message).toContain('recorded by line 5, at 2022-07-06');
        expect(report.appended).toBe(4);
        // Again, the last copy made right: the store holds line 5's event, which line 4 restates.
        const again = await importLines(engine, [...lines, at('2022-07-06T00:00:00.000Z')]);
        expect(again.problems.map((p) => [p.line, p.code])).toEqual([[4, 'RECORDED_AT_DIFFERS']]);
        await engine.close();
      });

      it('is measured against a line taken only once an earlier line was refused for its time', async () => {
        const engine = await fresh();
        // Line 4 ends the order, so line 5's new duty is refused, until line 4 is refused for its time.
        const ended = line(
          'OrderTerminated',
          { reason: 'vacated' },
          '2022-06-01',
          '2022-05-20T00:00:00.000Z',
        );
        const duty = line(
          'ObligationImposed',
          {
            obligationId: 'extra',
            title: 'Extra report',
            kind: 'report',
            schedule: { kind: 'once', dueOn: '2022-09-30' },
          },
          '2022-07-01',
          '2022-07-06T00:00:00.000Z',
        );
        const copy = duty.replace('2022-07-06T00:00:00.000Z', '2022-07-07T00:00:00.000Z');
        const report = await importLines(engine, [...h.slice(0, 3), ended, duty, copy], true);
        expect(report.problems.map((p) => [p.line, p.code])).toEqual([
          [4, 'RECORDED_AT_OUT_OF_ORDER'],
          [6, 'RECORDED_AT_DIFFERS'],
        ]);
        expect(report.problems[1]!.message).toContain(
          'recorded by line 5, at 2022-07-06T00:00:00.000Z;',
        );
        expect(report.appended).toBe(4);
        await engine.close();
      });
    },
  );

  it('counts a backfilled retraction among the facts an answer rests on, whether or not another retraction follows', async () => {
    const engine = await engineWith();
    const idOf = (l: string) => (JSON.parse(l) as { id: string }).id;
    const second = line(
      'SubmissionFiled',
      { submissionId: 's-2', obligationId: 'report', title: 'Report, again' },
      '2022-06-21',
      '2022-07-06T16:00:00.000Z',
      company,
    );
    const incident = line(
      'IncidentDiscovered',
      { incidentId: 'inc-1', summary: 'Misreported' },
      '2022-07-01',
      '2022-07-08T16:00:00.000Z',
      company,
    );
    const retraction = (target: string, at: string) =>
      line(
        'EntryRetracted',
        { eventId: idOf(target), reason: 'entered in error' },
        '2022-07-09',
        at,
      );
    await engine.importNdjson(
      [
        ...history(),
        second,
        retraction(second, '2022-07-07T16:00:00.000Z'),
        incident,
        retraction(incident, '2022-07-09T16:00:00.000Z'),
      ],
      { backfill: true },
    );
    const backfilledAt = async (knownAt: string) =>
      (await engine.status('acme', { asOf: '2022-07-10', knownAt })).backfilled;
    // Filed, entered, the duty and the first report, then: the second report; its retraction in
    // its place; the incident besides; the incident's retraction in the incident's place. A
    // retraction is a fact the answer rests on from the moment it is folded, not only once a
    // later retraction rebuilds the state.
    expect(
      await Promise.all(
        [
          '2022-07-06T00:00:00.000Z',
          '2022-07-06T20:00:00.000Z',
          '2022-07-07T20:00:00.000Z',
          '2022-07-08T20:00:00.000Z',
          '2022-07-09T20:00:00.000Z',
        ].map(backfilledAt),
      ),
    ).toEqual([4, 5, 5, 6, 6]);
    // The read model (nothing recorded later) gives what the fold as known now gives.
    expect((await engine.status('acme', { asOf: '2022-07-10' })).backfilled).toBe(6);
    await engine.close();
  });

  it('without --backfill, refuses a recordedAt and a hand-written backfilled mark', async () => {
    const engine = await engineWith();
    const plain = history()[0]!;
    const withMark = line(
      'OrderFiled',
      { orderId: 'acme', title: 'T', kind: 'stipulated_order', forum: 'F' },
      '2022-05-25',
      undefined,
      court,
      { backfilled: true },
    );
    const report = await engine.importNdjson([plain, withMark]);
    expect(report.problems.map((p) => [p.line, p.code, p.path])).toEqual([
      [1, 'BACKFILL_ONLY', 'recordedAt'],
      [2, 'BACKFILL_ONLY', 'metadata.backfilled'],
    ]);
    expect(await count(engine)).toBe(0);
    await engine.close();
  });

  it('a restore and a backfill do not mix', async () => {
    const engine = await engineWith();
    await expect(
      engine.importNdjson(history(), { backfill: true, restore: true }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await engine.close();
  });
});

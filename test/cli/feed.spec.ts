// `decree changes`, `decree calendar` and `deadlines --owner` (issue 19), in-process on a SQLite
// file holding the bundled Twitter example. The calendar is read back with ical.js, an independent
// RFC 5545 parser.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type CalendarDate } from '../../domain/index.js';
import { main } from '../../src/cli/main.js';
import { createEngine } from '../../src/index.js';
import type { StatusChange } from '../../src/index.js';
import { argv, memoryIo } from './support/io.js';
import { EXAMPLE, hashStore } from './support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-feed-'));
const db = join(dir, 'decree.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (...args: string[]) => {
  const io = memoryIo({ cwd: dir, today: '2023-01-01' });
  const code = await main(argv(...args, '--store', db), {
    io,
    openEngine: (o) => createEngine(o),
  });
  return { code, out: io.stdout.text, err: io.stderr.text };
};

beforeAll(async () => {
  const engine = await createEngine({ store: `sqlite:${db}` });
  await engine.importNdjsonFile(EXAMPLE, { backfill: true });
  await engine.close();
}, 60_000);

describe('decree changes', () => {
  const year = { from: '2022-05-26', to: '2023-06-01' };

  it('lists every status change of the example in that year, each agreeing with status the day before and the day of', async () => {
    const r = await run('changes', '--from', year.from, '--to', year.to, '--format', 'json');
    expect([r.code, r.err]).toEqual([0, '']);
    const changes = (JSON.parse(r.out) as { data: { changes: StatusChange[] } }).data.changes;
    // Day by day through the engine's status, independently of the change points.
    const engine = await createEngine({ store: `sqlite:${db}` });
    const found: string[] = [];
    let prev = await engine.statusAll({ asOf: addDays(year.from as CalendarDate, -1) });
    for (let d = year.from as CalendarDate; d < year.to; d = addDays(d, 1)) {
      const now = await engine.statusAll({ asOf: d });
      for (const a of now) {
        const was = prev.find((p) => p.orderId === a.orderId);
        if (was?.status !== a.status) found.push(`${d} ${a.orderId} (order) ${a.status}`);
        const before = new Map(was?.occurrences.map((o) => [o.id, o.status]));
        for (const o of a.occurrences)
          if ((before.get(o.id) ?? 'absent') !== o.status)
            found.push(`${d} ${a.orderId} ${o.id} ${o.status}`);
      }
      prev = now;
    }
    await engine.close();
    expect(
      changes.map((c) => `${c.on} ${c.orderId} ${c.occurrenceId ?? '(order)'} ${c.to}`).sort(),
    ).toEqual(found.sort());
    expect(changes.length).toBeGreaterThan(20);
    expect(changes.every((c) => c.because.length > 0)).toBe(true);
  }, 120_000);

  it('gives each change its cause: the fact of the day, or the date alone', async () => {
    const r = await run('changes', '--from', year.from, '--to', year.to, '--format', 'json');
    const changes = (JSON.parse(r.out) as { data: { changes: StatusChange[] } }).data.changes;
    const find = (on: string, what: string) =>
      changes.find((c) => c.on === on && (c.occurrenceId ?? '(order)') === what);
    // The user notice was posted 2022-06-22 (the order's notice, a SubmissionFiled): met that day.
    expect(find('2022-06-22', 'A-4-user-notice/once')).toMatchObject({
      from: 'due_soon',
      to: 'satisfied',
      cause: 'fact',
      because: [{ type: 'SubmissionFiled', effectiveOn: '2022-06-22' }],
    });
    // The acquisition closed 2022-10-27: the 14-day notice of a change in corporate structure is due from then.
    expect(find('2022-10-27', 'A-10-corporate-change-notice/musk-acquisition')).toMatchObject({
      from: 'absent',
      to: 'due_soon',
      cause: 'fact',
      because: [{ type: 'CorporateChangeOccurred' }],
    });
    // The program deadline of 2022-11-22 passed with no evidence in a partial record: unverified, by the date alone.
    expect(find('2022-11-23', 'A-5-privacy-security-program/once')).toMatchObject({
      from: 'due_soon',
      to: 'unverified',
      cause: 'time',
      because: [{ type: 'ObligationImposed' }],
    });
    const table = await run('changes', '--from', year.from, '--to', year.to);
    expect(table.out).toContain(
      '2022-06-22  ftc-c4316 A-4-user-notice/once: due_soon -> satisfied\n            because SubmissionFiled 2022-06-22 (Twitter, Inc.)',
    );
    expect(table.out).toContain(
      '2022-11-23  ftc-c4316 A-5-privacy-security-program/once: due_soon -> unverified\n            by the date: no evidence recorded; not a finding',
    );
    expect(table.out.split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('refuses a range that ends before it starts, with a typed error naming the field', async () => {
    const r = await run(
      'changes',
      '--from',
      '2023-01-01',
      '--to',
      '2022-01-01',
      '--format',
      'json',
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ error: { code: 'INVALID_QUERY', path: 'to' } });
    expect(r.err).toMatch(/to \(2022-01-01\) is before from \(2023-01-01\)/);
  });
});

/** The events of an .ics file, read back by ical.js. */
const eventsOf = (file: string) => {
  const cal = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      start: e.startDate.toString(),
      isDate: e.startDate.isDate,
      summary: e.summary,
      status: v.getFirstPropertyValue('status') as string | null,
      sequence: Number(v.getFirstPropertyValue('sequence')),
      description: e.description,
      alarms: v
        .getAllSubcomponents('valarm')
        .map((a) => String(a.getFirstPropertyValue('trigger'))),
    };
  });
};

describe('decree calendar', () => {
  const window = ['--from', '2022-05-26', '--to', '2023-06-01', '--as-of', '2023-01-01'];

  it('writes one all-day event per occurrence in the window, dated its deadline, with the rule and alarms', async () => {
    const r = await run('calendar', '--ics', 'a.ics', ...window);
    expect([r.code, r.err]).toEqual([0, '']);
    const engine = await createEngine({ store: `sqlite:${db}` });
    const entries = await engine.calendar({
      from: '2022-05-26',
      to: '2023-06-01',
      asOf: '2023-01-01',
    });
    await engine.close();
    const events = eventsOf(join(dir, 'a.ics'));
    expect(events).toHaveLength(entries.length);
    expect(events.length).toBeGreaterThanOrEqual(6);
    expect(events.map((e) => e.start).sort()).toEqual(entries.map((e) => e.dueOn).sort());
    expect(events.every((e) => e.isDate && e.start >= '2022-05-26' && e.start < '2023-06-01')).toBe(
      true,
    );
    const notice = events.find((e) => e.uid === 'ftc-c4316/ftc-demand-2022-11-10/once@decree');
    // 16 C.F.R. 4.3(a): the demand of 2022-11-10, 30 days, counted from the first business day after.
    expect(notice?.start).toBe('2022-12-13');
    expect(notice?.description).toContain('16 C.F.R. 4.3(a)');
    expect(notice?.description).toContain('Order: In the Matter of Twitter');
    expect(notice?.alarms).toEqual(['-P30D', '-P7D', '-P1D']);
    expect(r.out).toMatch(
      /^wrote a\.ics: \d+ deadlines from 2022-05-26 to 2023-06-01 \(exclusive\), alarms 30d, 7d, 1d before each\n$/,
    );
  });

  it('keeps each occurrence under the same UID across two exports (a re-import updates, not duplicates)', async () => {
    await run('calendar', '--ics', 'b.ics', ...window, '--alarms', '14,3');
    await run(
      'calendar',
      '--ics',
      'c.ics',
      '--from',
      '2022-01-01',
      '--to',
      '2024-01-01',
      '--as-of',
      '2023-06-01',
    );
    const b = eventsOf(join(dir, 'b.ics'));
    const c = eventsOf(join(dir, 'c.ics'));
    expect(new Set(b.map((e) => e.uid)).size).toBe(b.length);
    expect(b.map((e) => e.uid).every((uid) => c.some((x) => x.uid === uid))).toBe(true);
    expect(b.find((e) => e.summary.startsWith('Due: '))?.alarms).toEqual(['-P14D', '-P3D']);
  });

  it('marks what is no longer due as cancelled and what was met as met, neither with alarms', async () => {
    // The example, with the FTC order terminated effective 2030-01-02: its reports due after that
    // are waived (the order ended), exported cancelled under their UIDs; as of 2023-06-01 the DOJ
    // order's penalty was paid (met).
    const store = join(dir, 'terminated.db');
    const engine = await createEngine({ store: `sqlite:${store}` });
    await engine.importNdjsonFile(EXAMPLE, { backfill: true });
    await engine.execute('ftc-c4316', {
      type: 'TerminateOrder',
      data: { reason: 'Terminated on petition' },
      meta: { effectiveOn: '2030-01-02', actor: { role: 'regulator', name: 'FTC' } },
    });
    await engine.close();
    const calendar = async (file: string, from: string, to: string, asOf: string) => {
      const io = memoryIo({ cwd: dir, today: '2023-01-01' });
      const args = ['calendar', '--ics', file, '--from', from, '--to', to, '--as-of', asOf];
      expect(
        await main(argv(...args, '--store', store), { io, openEngine: (o) => createEngine(o) }),
      ).toBe(0);
      return eventsOf(join(dir, file));
    };
    const met = await calendar('met.ics', '2022-05-26', '2022-12-01', '2023-06-01');
    const ended = await calendar('ended.ics', '2030-01-03', '2032-01-01', '2031-01-01');
    expect(met.some((e) => e.summary.startsWith('Met: '))).toBe(true);
    expect(ended.length).toBeGreaterThan(0);
    for (const e of [...met, ...ended]) {
      const due = e.summary.startsWith('Due: ');
      const gone = e.summary.startsWith('Not due (');
      const done = /^(Met|Filed, awaiting acceptance): /.test(e.summary);
      expect([e.uid, due || gone || done]).toEqual([e.uid, true]);
      expect([e.uid, e.status]).toEqual([e.uid, gone ? 'CANCELLED' : null]);
      expect([e.uid, e.alarms.length > 0]).toEqual([e.uid, due]);
    }
    expect(ended.every((e) => e.summary.startsWith('Not due (waived): '))).toBe(true);
  });

  it('exports a deadline a retraction took away cancelled under its UID, every sequence kept or raised', async () => {
    // The example with the acquisition of 2022-10-27 retracted: the 14-day notice it triggered is
    // no longer due. A calendar that imported the export before holds it: the new export cancels it.
    const store = join(dir, 'retracted.db');
    const engine = await createEngine({ store: `sqlite:${store}` });
    await engine.importNdjsonFile(EXAMPLE, { backfill: true });
    await engine.close();
    const calendar = async (file: string) => {
      const io = memoryIo({ cwd: dir, today: '2023-01-01' });
      const code = await main(argv('calendar', '--ics', file, ...window, '--store', store), {
        io,
        openEngine: (o) => createEngine(o),
      });
      return { code, out: io.stdout.text, events: eventsOf(join(dir, file)) };
    };
    const before = await calendar('before-retraction.ics');
    const again = await createEngine({ store: `sqlite:${store}` });
    await again.execute('ftc-c4316', {
      type: 'RetractEntry',
      data: { eventId: '26fb8d1b-6dc0-45ec-9807-ce793a019ffd', reason: 'Recorded in error' },
      meta: { effectiveOn: '2022-12-01', actor: { role: 'regulator', name: 'FTC' } },
    });
    await again.close();
    const after = await calendar('after-retraction.ics');
    const uid = 'ftc-c4316/A-10-corporate-change-notice/musk-acquisition@decree';
    const was = before.events.find((e) => e.uid === uid);
    const now = after.events.find((e) => e.uid === uid);
    expect([was?.status, was?.summary.startsWith('Due: ')]).toEqual([null, true]);
    expect(now).toMatchObject({ start: was!.start, status: 'CANCELLED', alarms: [] });
    expect(now!.summary).toMatch(/^Not due \(retracted\): Sworn compliance notice/);
    expect(now!.sequence).toBeGreaterThan(was!.sequence);
    for (const e of before.events)
      expect([e.uid, after.events.find((x) => x.uid === e.uid)!.sequence >= e.sequence]).toEqual([
        e.uid,
        true,
      ]);
    expect(after.out).toMatch(
      /^wrote after-retraction\.ics: \d+ deadlines \(1 taken away by a retraction, cancelled\) from 2022-05-26 /,
    );
  });

  it('--alarms none writes events without alarms, and says so', async () => {
    const r = await run('calendar', '--ics', 'quiet.ics', ...window, '--alarms', 'none');
    expect([r.code, r.out]).toEqual([
      0,
      expect.stringMatching(
        /^wrote quiet\.ics: \d+ deadlines from 2022-05-26 to 2023-06-01 \(exclusive\), no alarms\n$/,
      ),
    ]);
    expect(eventsOf(join(dir, 'quiet.ics')).every((e) => e.alarms.length === 0)).toBe(true);
  });

  it('refuses bad lead times and writes no file', async () => {
    const r = await run('calendar', '--ics', 'bad.ics', '--alarms', '30,soon');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--alarms takes whole days');
    expect(existsSync(join(dir, 'bad.ics'))).toBe(false);
  });

  it('a file in a folder that does not exist is a usage error naming it (exit 2), and writes nothing', async () => {
    const r = await run('calendar', '--ics', 'no-such-folder/a.ics', ...window);
    expect([r.code, r.err]).toEqual([
      2,
      `decree: cannot open ${join(dir, 'no-such-folder', 'a.ics')}: no such file or folder (ENOENT)\n`,
    ]);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});

describe('owners on the command line', () => {
  it('deadlines --owner lists what a person owns or backs up; a bad assignment is refused and writes nothing', async () => {
    const engine = await createEngine({ store: `sqlite:${db}` });
    await engine.execute('ftc-c4316', {
      type: 'AssignObligation',
      data: {
        obligationId: 'A-9-annual-certification',
        owner: { name: 'Jane Roe', email: 'jane.roe@example.com' },
        backup: { name: 'John Doe', email: 'john.doe@example.com' },
      },
      meta: { effectiveOn: '2022-06-01', actor: { role: 'company', name: 'Twitter, Inc.' } },
    });
    await engine.close();
    const mine = await run(
      'deadlines',
      '--as-of',
      '2023-05-01',
      '--within',
      '30d',
      '--owner',
      'JANE.ROE@example.com',
    );
    expect(mine.code).toBe(0);
    expect(mine.out).toMatch(/open deadlines owned by JANE\.ROE@example\.com within 30 days/);
    expect(mine.out).toMatch(/A-9-annual-certification\/2023-05-26 .*Jane Roe \(John Doe\)/);
    expect(mine.out).not.toContain('A-7-independent-assessments');
    const backup = await run(
      'deadlines',
      '--as-of',
      '2023-05-01',
      '--within',
      '30d',
      '--owner',
      'john doe',
      '--format',
      'json',
    );
    expect(JSON.parse(backup.out).data.deadlines.map((d: { id: string }) => d.id)).toEqual([
      'A-9-annual-certification/2023-05-26',
    ]);
    const status = await run('status', '--as-of', '2023-05-01', '--order', 'ftc-c4316');
    expect(status.out).toMatch(/A-9-annual-certification\/2023-05-26.*owner Jane Roe/);

    const before = hashStore(db);
    const again = await createEngine({ store: `sqlite:${db}` });
    await expect(
      again.execute('ftc-c4316', {
        type: 'AssignObligation',
        data: {
          obligationId: 'A-9-annual-certification',
          owner: { name: 'Jane Roe', email: 'jane.roe@example.com' },
          backup: { name: 'Jane', email: 'Jane.Roe@example.com' },
        },
        meta: { effectiveOn: '2022-07-01', actor: { role: 'company', name: 'Twitter, Inc.' } },
      }),
    ).rejects.toMatchObject({ code: 'BACKUP_IS_OWNER', path: ['data', 'backup', 'email'] });
    await again.close();
    expect(hashStore(db)).toBe(before);
  });
});

describe('decree digest', () => {
  it('prints the digest as text, JSON or HTML; a since after the digest date is a usage error', async () => {
    const text = await run('digest', '--as-of', '2023-05-01', '--since', '2022-11-01');
    expect([text.code, text.err]).toEqual([0, '']);
    expect(text.out).toContain('Jane Roe <jane.roe@example.com>');
    expect(text.out).toContain('  Went overdue, unverified or breached after 2022-11-01:');
    const json = await run('digest', '--as-of', '2023-05-01', '--within', '4w', '--format', 'json');
    expect(JSON.parse(json.out)).toMatchObject({
      command: 'digest',
      asOf: '2023-05-01',
      data: { withinDays: 28, since: '2023-04-24' },
    });
    const html = await run('digest', '--as-of', '2023-05-01', '--format', 'html');
    expect(html.out).toMatch(/^<!doctype html>/);
    const bad = await run(
      'digest',
      '--as-of',
      '2023-05-01',
      '--since',
      '2023-06-01',
      '--format',
      'json',
    );
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out)).toMatchObject({ error: { code: 'INVALID_QUERY', path: 'since' } });
  });
});

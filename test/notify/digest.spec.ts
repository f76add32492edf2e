// Digests (issue 19): per owner, what is due soon, what went overdue since the last digest (the
// `since` date, by default 7 days before), pending allegations and unverified items.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, digestHtml, digestOf, digestText, type Engine } from '../../src/index.js';

const EXAMPLE = new URL('../../examples/twitter-2022.ndjson', import.meta.url).pathname;
const company = { role: 'company', name: 'Twitter, Inc.' } as const;
const ftc = { role: 'regulator', name: 'FTC' } as const;
const jane = { name: 'Jane Roe <b>CPO</b>', email: 'jane.roe@example.com' };

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ store: 'memory' });
  await engine.importNdjsonFile(EXAMPLE, { backfill: true });
  await engine.execute('ftc-c4316', {
    type: 'AssignObligation',
    data: { obligationId: 'A-9-annual-certification', owner: jane },
    meta: { effectiveOn: '2023-01-02', actor: company },
  });
  await engine.execute('ftc-c4316', {
    type: 'AllegeViolation',
    data: {
      violationId: 'ads-2023',
      obligationId: 'A-2-no-ads-from-security-data',
      summary: 'Phone numbers used for ads again',
    },
    meta: { effectiveOn: '2023-04-03', actor: ftc },
  });
  // A small order on a complete record: its report, unfiled, goes overdue the day after it is due.
  const order = 'acme-2023';
  await engine.execute(order, {
    type: 'FileOrder',
    data: {
      orderId: order,
      title: 'Acme consent decree',
      kind: 'consent_decree',
      forum: 'D. Del.',
    },
    meta: { effectiveOn: '2023-01-02', actor: ftc },
  });
  await engine.execute(order, {
    type: 'EnterOrder',
    data: {},
    meta: { effectiveOn: '2023-01-03', actor: { role: 'court', name: 'D. Del.' } },
  });
  await engine.execute(order, {
    type: 'ImposeObligation',
    data: {
      obligationId: 'report',
      title: 'Compliance report',
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2023-04-26' },
    },
    meta: { effectiveOn: '2023-01-03', actor: { role: 'court', name: 'D. Del.' } },
  });
});
afterAll(() => engine.close());

const ids = (items: readonly { occurrenceId: string }[]) => items.map((i) => i.occurrenceId);

describe('digestOf', () => {
  it('groups per owner, the unassigned last, each with its sections', async () => {
    const d = await digestOf(engine, { asOf: '2023-05-01', withinDays: 30 });
    expect(d.since).toBe('2023-04-24'); // default: a week before
    expect(d.groups.map((g) => g.owner?.email)).toEqual(['jane.roe@example.com', undefined]);
    const [mine, rest] = d.groups;
    expect(ids(mine!.dueSoon)).toEqual(['A-9-annual-certification/2023-05-26']);
    expect(mine!.wentOverdue).toEqual([]);
    expect(ids(rest!.dueSoon)).toEqual(['A-7-independent-assessments/2023-05-26']);
    // Due 2023-04-26 on a complete record, nothing filed: overdue from 04-27, after the last digest.
    expect(rest!.wentOverdue.map((i) => [i.on, i.occurrenceId, i.status])).toEqual([
      ['2023-04-27', 'report/once', 'overdue'],
    ]);
    expect(rest!.pendingAllegations.map((i) => [i.occurrenceId, i.allegation.violationId])).toEqual(
      [['A-2-no-ads-from-security-data/ongoing', 'ads-2023']],
    );
    expect(ids(rest!.unverified)).toEqual([
      'A-10-corporate-change-notice/musk-acquisition',
      'A-5-privacy-security-program/once',
      'ftc-demand-2022-11-10/once',
    ]);
  });

  it('reports what went overdue after `since` only', async () => {
    const later = await digestOf(engine, {
      asOf: '2023-05-01',
      withinDays: 30,
      since: '2023-04-27',
    });
    expect(later.groups.flatMap((g) => g.wentOverdue)).toEqual([]);
    const longer = await digestOf(engine, {
      asOf: '2023-05-01',
      withinDays: 30,
      since: '2022-11-01',
    });
    expect(longer.groups.flatMap((g) => ids(g.wentOverdue))).toEqual([
      'A-10-corporate-change-notice/musk-acquisition',
      'A-5-privacy-security-program/once',
      'ftc-demand-2022-11-10/once',
      'report/once',
    ]);
  });

  it("keeps one owner's items with --owner, by name or e-mail in any case", async () => {
    for (const who of ['JANE.ROE@EXAMPLE.COM', 'jane roe <b>cpo</b>']) {
      const d = await digestOf(engine, { asOf: '2023-05-01', withinDays: 30, owner: who });
      expect(d.groups).toHaveLength(1);
      expect(ids(d.groups[0]!.dueSoon)).toEqual(['A-9-annual-certification/2023-05-26']);
    }
  });

  it("reports a finding made after `since` about conduct that began before it, on the finding's date, once", async () => {
    // A prohibition alleged violated 2023-04-03 and found so effective 2023-06-10, the conduct from
    // 2023-04-03: breached from then (design.md 6.2), so the feed dates the change 2023-04-03. The
    // news came on 2023-06-10: the digest of 2023-06-12 (the last one 2023-06-05) says so.
    const e = await createEngine({ store: 'memory' });
    try {
      const court = { role: 'court', name: 'D. Del.' } as const;
      const run = (
        type: string,
        data: Record<string, unknown>,
        on: string,
        actor: typeof court | typeof ftc = court,
      ) => e.execute('ban-2023', { type, data, meta: { effectiveOn: on, actor } } as never);
      await run(
        'FileOrder',
        { orderId: 'ban-2023', title: 'Ban', kind: 'consent_decree', forum: 'D. Del.' },
        '2023-01-02',
        ftc,
      );
      await run('EnterOrder', {}, '2023-01-03');
      await run(
        'ImposeObligation',
        {
          obligationId: 'ban',
          title: 'No ads from security data',
          kind: 'prohibition',
          schedule: { kind: 'ongoing' },
        },
        '2023-01-03',
      );
      await run(
        'AllegeViolation',
        { violationId: 'v', obligationId: 'ban', summary: 'Ads' },
        '2023-04-03',
        ftc,
      );
      const before = await digestOf(e, { asOf: '2023-06-09', withinDays: 30, since: '2023-06-02' });
      expect(before.groups.flatMap((g) => g.wentOverdue)).toEqual([]);
      expect(before.groups.flatMap((g) => ids(g.pendingAllegations))).toEqual(['ban/ongoing']);
      await run(
        'FindViolation',
        {
          violationId: 'v',
          obligationId: 'ban',
          summary: 'Ads proved',
          period: { from: '2023-04-03' },
        },
        '2023-06-10',
      );
      const d = await digestOf(e, { asOf: '2023-06-12', withinDays: 30, since: '2023-06-05' });
      expect(
        d.groups.flatMap((g) => g.wentOverdue.map((i) => [i.on, i.occurrenceId, i.status])),
      ).toEqual([['2023-06-10', 'ban/ongoing', 'breached']]);
      expect(d.groups.flatMap((g) => g.pendingAllegations)).toEqual([]);
      // A window that holds the conduct's start: the feed's change alone, on that day.
      const wide = await digestOf(e, { asOf: '2023-06-12', withinDays: 30, since: '2023-04-01' });
      expect(wide.groups.flatMap((g) => g.wentOverdue.map((i) => [i.on, i.occurrenceId]))).toEqual([
        ['2023-04-03', 'ban/ongoing'],
      ]);
      // The digest of a week later has nothing new.
      const next = await digestOf(e, { asOf: '2023-06-19', withinDays: 30, since: '2023-06-12' });
      expect(next.groups.flatMap((g) => g.wentOverdue)).toEqual([]);
    } finally {
      await e.close();
    }
  });

  it('refuses a since after the digest date, naming the field', async () =>
    expect(
      digestOf(engine, { asOf: '2023-05-01', withinDays: 30, since: '2023-06-01' }),
    ).rejects.toMatchObject({ code: 'INVALID_QUERY', path: ['since'] }));
});

describe('rendering', () => {
  it('as text, one block per owner with its non-empty sections', async () => {
    const text = digestText(await digestOf(engine, { asOf: '2023-05-01', withinDays: 30 }));
    expect(text[0]).toBe(
      'Digest as of 2023-05-01: due within 30 days, and what went overdue after 2023-04-24',
    );
    expect(text).toContain('Jane Roe <b>CPO</b> <jane.roe@example.com>');
    expect(text).toContain('  Went overdue, unverified or breached after 2023-04-24:');
    expect(text).toContain('    2023-04-27  acme-2023  report/once  overdue  due 2023-04-26');
  });

  it('as HTML, every text escaped', async () => {
    const html = digestHtml(await digestOf(engine, { asOf: '2023-05-01', withinDays: 30 }));
    expect(html).toContain(
      '<h2>Jane Roe &#60;b&#62;CPO&#60;/b&#62; &#60;jane.roe@example.com&#62;</h2>',
    );
    expect(html).not.toContain('<b>');
    expect(html).toContain('<td>Phone numbers used for ads again'.replace('<td>', '<td>FTC: '));
  });
});

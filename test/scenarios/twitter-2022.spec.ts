// The Twitter case (shared/cases/twitter-2011-2022.md) replayed from examples/twitter-2022.ndjson.
// Every value the sources did not give is marked in the log's `metadata.assumed`; the comments
// here say, obligation by obligation, why each status is what it is.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type OrderAnswer } from '../../src/index.js';

const EXAMPLE = new URL('../../examples/twitter-2022.ndjson', import.meta.url);
const lines = readFileSync(EXAMPLE, 'utf8').trim().split('\n');
const FTC = 'ftc-c4316';
const COURT = 'us-v-twitter-2022';

// The example states when each fact became public (`recordedAt`): it is imported as a backfill.
const open = async (log: readonly string[]): Promise<Engine> => {
  const engine = await createEngine({
    store: 'memory',
    clock: () => new Date('2026-12-01T00:00:00.000Z'),
  });
  const report = await engine.importNdjson(log, { backfill: true });
  expect(report.problems).toEqual([]);
  return engine;
};
const statuses = (a: OrderAnswer) => Object.fromEntries(a.occurrences.map((o) => [o.id, o.status]));
const late = (a: OrderAnswer, id: string) => a.occurrences.find((o) => o.id === id)?.daysLate;

describe('Twitter 2022, as recorded (a record rebuilt from public sources: evidence record partial)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open(lines);
  });

  it("2022-05-25, the day the complaint is filed: the 2011 order is in force, DOJ's allegation is pending, the court order is filed but not entered", async () => {
    const ftc = await engine.status(FTC, { asOf: '2022-05-25' });
    // An allegation is not a finding: Provision I stays in force, the allegation is listed beside it, the order is at risk.
    expect(statuses(ftc)).toEqual({
      '2011-I-no-misrepresentation/ongoing': 'in_force',
      '2011-II-security-program/ongoing': 'in_force',
    });
    expect(ftc.occurrences[0]?.allegations).toMatchObject([
      { violationId: 'us-v-twitter-counts-5-7', on: '2022-05-25', actor: 'DOJ' },
    ]);
    expect(ftc.status).toBe('at_risk');
    // The stipulated order binds no one before entry: no occurrence; its penalty is imposed by the entry itself (05-26).
    const court = await engine.status(COURT, { asOf: '2022-05-25' });
    expect(court).toMatchObject({ status: 'pending_entry', occurrences: [], pendingEntry: [] });
    // Twitter said it had paid that day: the ledger shows the money before the duty exists.
    expect(await engine.ledger(COURT, { asOf: '2022-05-25' })).toMatchObject([
      { currency: 'USD', imposedMinor: 0, paidMinor: 15_000_000_000 },
    ]);
  });

  it('2022-05-26, entry and modification: the penalty is already met, the 2011 provisions are superseded, the allegation is resolved without admission', async () => {
    const court = await engine.status(COURT, { asOf: '2022-05-26' });
    // Due 7 days after entry (assumed): 2022-06-02; paid on 05-25, on time; the answer carries the assumptions behind it.
    expect(court.occurrences).toMatchObject([
      {
        id: 'S-1-civil-penalty/once',
        dueOn: '2022-06-02',
        status: 'satisfied',
        satisfiedOn: '2022-05-25',
      },
    ]);
    expect(court.occurrences[0]?.assumed.map((a) => a.field)).toEqual([
      'schedule',
      'effectiveOn',
      'obligationId',
    ]);
    expect(court.status).toBe('compliant');
    const ftc = await engine.status(FTC, { asOf: '2022-05-26' });
    const s = statuses(ftc);
    expect(s['2011-I-no-misrepresentation/ongoing']).toBe('superseded');
    expect(
      ftc.occurrences.find((o) => o.id === '2011-I-no-misrepresentation/ongoing'),
    ).toMatchObject({ successor: { obligationId: 'A-1-no-misrepresentation' }, allegations: [] });
    expect(s['A-2-no-ads-from-security-data/ongoing']).toBe('in_force'); // a ban in force, no violation found: never "satisfied"
    expect(s['A-5-maintain-program/ongoing']).toBe('in_force');
    expect(s['A-4-user-notice/once']).toBe('upcoming'); // due 2022-06-27 (06-25 is a Saturday): 32 days away
    expect(ftc.status).toBe('compliant');
  });

  it('2022-11-23: no evidence of the program or of the change-of-control notice is recorded: unverified, not overdue; the demand letter is due soon under 16 C.F.R. 4.3(a)', async () => {
    const ftc = await engine.status(FTC, { asOf: '2022-11-23' });
    expect(ftc.status).toBe('unverified');
    const s = statuses(ftc);
    expect(s['A-4-user-notice/once']).toBe('satisfied'); // posted 2022-06-22, before 06-27
    expect(s['A-5-privacy-security-program/once']).toBe('unverified');
    expect(s['A-10-corporate-change-notice/musk-acquisition']).toBe('unverified');
    expect(late(ftc, 'A-5-privacy-security-program/once')).toBeUndefined(); // not a finding: no days late
    // The demand of Thursday 2022-11-10 with 30 days (assumed): 4.3(a) starts on Monday 11-14 (11-11 was Veterans Day): due 12-13.
    expect(ftc.occurrences.find((o) => o.id === 'ftc-demand-2022-11-10/once')).toMatchObject({
      status: 'due_soon',
      dueOn: '2022-12-13',
    });
    expect((await engine.status(COURT, { asOf: '2022-11-23' })).status).toBe('compliant');
  });

  it("2023-11-16: the court's ruling denying X Corp.'s motion is on record and decides nothing about the duties", async () => {
    const docket = await engine.docket(COURT, { asOf: '2023-11-16' });
    expect(docket.at(-1)).toMatchObject({
      type: 'MotionDecided',
      side: 'oversight',
      effectiveOn: '2023-11-16',
    });
    expect((await engine.status(COURT, { asOf: '2023-11-16' })).status).toBe('compliant');
  });

  it("2026-07-02, the comment deadline on X Corp.'s petition: a petition changes no duty; every certification since 2023 is unverified, none overdue", async () => {
    const ftc = await engine.status(FTC, { asOf: '2026-07-02' });
    expect(ftc.status).toBe('unverified');
    const s = statuses(ftc);
    expect(
      Object.entries(s)
        .filter(([k]) => k.startsWith('A-9-annual-certification/'))
        .sort(),
    ).toEqual([
      ['A-9-annual-certification/2023-05-26', 'unverified'],
      ['A-9-annual-certification/2024-05-26', 'unverified'],
      ['A-9-annual-certification/2025-05-26', 'unverified'],
      ['A-9-annual-certification/2026-05-26', 'unverified'],
    ]);
    expect(Object.values(s)).not.toContain('overdue');
    const cert2024 = ftc.occurrences.find((o) => o.id === 'A-9-annual-certification/2024-05-26');
    expect(cert2024?.dueOn).toBe('2024-05-28'); // Sunday, then Memorial Day
    expect(cert2024?.reasons[0]).toBe(
      'due 2024-05-28 (rolled from 2024-05-26: Sunday; Memorial Day (federal holiday); 16 C.F.R. 4.3(a))',
    );
    expect(await engine.exposure(FTC, { asOf: '2026-07-02' })).toEqual([]); // silence is not a default: nothing accrues
  });

  it('after the term (2042-05-25) the order reads expired, its outstanding items counted, never hidden', async () => {
    const ftc = await engine.status(FTC, { asOf: '2042-06-01' });
    expect(ftc).toMatchObject({ status: 'expired', endedOn: '2042-05-26' });
    expect(ftc.outstanding).toBe(
      ftc.occurrences.filter(
        (o) => o.status === 'unverified' || o.status === 'overdue' || o.status === 'breached',
      ).length,
    );
    expect(ftc.outstanding).toBeGreaterThan(30);
  });

  it('explains each answer with the events that decided it and the facts considered', async () => {
    const { answer, events } = await engine.explain(FTC, 'A-4-user-notice/once', {
      asOf: '2022-07-01',
    });
    expect(answer.status).toBe('satisfied');
    expect(events.map((e) => e.type)).toEqual(['ObligationImposed', 'SubmissionFiled']);
    const provision = await engine.explain(FTC, '2011-I-no-misrepresentation/ongoing', {
      asOf: '2022-05-25',
    });
    expect(provision.considered.map((e) => e.type)).toEqual(['ViolationAlleged']);
  });
});

describe('Twitter 2022, as the public record stood (known at)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open(lines);
  });

  it("on 2022-11-15 the FTC's demand of 2022-11-10 was not yet public; by 2023-03-09 it was", async () => {
    const asOf = '2022-12-20';
    const then = await engine.status(FTC, { asOf, knownAt: '2022-11-15T23:59:59.999Z' });
    expect(Object.keys(statuses(then))).not.toContain('ftc-demand-2022-11-10/once');
    expect(then.backfilled).toBeGreaterThan(0);
    const later = await engine.status(FTC, { asOf, knownAt: '2023-03-09T00:00:00.000Z' });
    expect(statuses(later)['ftc-demand-2022-11-10/once']).toBe('unverified');
    expect(later.backfilled).toBe(then.backfilled! + 1);
  });

  it('before the complaint was filed, the court order was unknown; on filing day it was pending entry; once entered, the payment stated on filing day meets the penalty', async () => {
    await expect(
      engine.status(COURT, { asOf: '2022-05-24', knownAt: '2022-05-24T23:59:59.999Z' }),
    ).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const filed = await engine.status(COURT, {
      asOf: '2022-06-03',
      knownAt: '2022-05-25T23:59:59.999Z',
    });
    expect(filed.status).toBe('pending_entry');
    const entered = await engine.status(COURT, {
      asOf: '2022-06-03',
      knownAt: '2022-05-27T00:00:00.000Z',
    });
    expect(statuses(entered)).toEqual({ 'S-1-civil-penalty/once': 'satisfied' });
  });
});

describe('Twitter 2022, had the FTC kept a complete record (every filing recorded, none found)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open(
      lines.map((l) => l.replace('"evidenceRecord":"partial"', '"evidenceRecord":"complete"')),
    );
  });

  it("missing evidence is overdue, and exposure is the statutory ceiling at the rate in force on the date asked, within five years, stopping at the term's end", async () => {
    const program = async (asOf: string) =>
      (await engine.exposure(FTC, { asOf })).find(
        (r) => r.occurrenceId === 'A-5-privacy-security-program/once',
      )!;
    expect((await engine.status(FTC, { asOf: '2022-11-23' })).status).toBe('non_compliant');
    // Due 2022-11-22: one day on 11-23 at USD 46,517 (87 FR 1070).
    expect(await program('2022-11-23')).toMatchObject({
      basis: 'statutory',
      days: 1,
      amount: { amountMinor: 4_651_700, currency: 'USD' },
      citation: expect.stringContaining('15 U.S.C. 45(l)'),
    });
    // On 2025-06-01: 922 days late (2022-11-23 .. 2025-06-01), every one at the 2025 rate, USD 53,088.
    expect(await program('2025-06-01')).toMatchObject({
      days: 922,
      daysCounted: 922,
      amount: { amountMinor: 922 * 5_308_800 },
    });
    // On 2030-01-01 only the days after 2025-01-01 count (28 U.S.C. 2462): 1,826 of 2,597.
    expect(await program('2030-01-01')).toMatchObject({ days: 2_597, daysCounted: 1_826 });
    // After the term's last day (2042-05-25) nothing more accrues: the days stop at the end.
    const ended = await program('2043-01-01');
    expect(ended.through).toBe('2042-05-25');
    expect((await program('2044-01-01')).days).toBe(ended.days);
  });
});

describe('Twitter 2022, had the penalty never been paid', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open(lines.filter((l) => !l.includes('"type":"PaymentMade"')));
  });

  it('is unverified (no payment recorded in a partial record) from the day after its due date (2022-06-02)', async () => {
    const timeline = await engine.timeline(COURT, { from: '2022-05-26', to: '2022-12-31' });
    const penalty = timeline.occurrences['S-1-civil-penalty/once']!.segments.map((s) => [
      s.from,
      s.value.status,
    ]);
    expect(penalty).toEqual([
      ['2022-05-26', 'due_soon'],
      ['2022-06-03', 'unverified'],
    ]);
    expect((await engine.status(COURT, { asOf: '2022-06-02' })).status).toBe('at_risk');
    expect((await engine.status(COURT, { asOf: '2022-06-03' })).status).toBe('unverified');
  });

  it('lists no money owed while the record is silent; on a complete record the USD 150 million judgment is unpaid money, not a statutory penalty, citing its basis', async () => {
    // Unverified is no default (design.md 6.2): a partial record without the payment does not say
    // the money is unpaid, so no principal and no interest accrue in the exposure.
    expect(await engine.exposure(COURT, { asOf: '2023-06-01' })).toEqual([]);
    // Kept complete, the record's silence is the company's default: the judgment is owed.
    const complete = await open(
      lines
        .filter((l) => !l.includes('"type":"PaymentMade"'))
        .map((l) =>
          l.includes('"type":"OrderFiled"') && l.includes(`"orderId":"${COURT}"`)
            ? l.replace('"evidenceRecord":"partial"', '"evidenceRecord":"complete"')
            : l,
        ),
    );
    expect((await complete.status(COURT, { asOf: '2023-06-01' })).status).toBe('non_compliant');
    const rows = await complete.exposure(COURT, { asOf: '2023-06-01' });
    await complete.close();
    expect(rows).toMatchObject([
      {
        occurrenceId: 'S-1-civil-penalty/once',
        basis: 'unpaid',
        amount: { amountMinor: 15_000_000_000, currency: 'USD' },
        principal: { amountMinor: 15_000_000_000 },
      },
    ]);
    expect(rows[0]?.citation).toContain('28 U.S.C. 1961');
  });
});

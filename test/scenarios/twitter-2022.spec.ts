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

const open = async (log: readonly string[]): Promise<Engine> => {
  const engine = await createEngine({ store: 'memory' });
  const report = await engine.importNdjson(log);
  expect(report.problems).toEqual([]);
  return engine;
};
const statuses = (a: OrderAnswer) => Object.fromEntries(a.occurrences.map((o) => [o.id, o.status]));
const late = (a: OrderAnswer, id: string) => a.occurrences.find((o) => o.id === id)?.daysLate;

describe('Twitter 2022, as recorded', () => {
  let engine: Engine;
  beforeAll(async () => { engine = await open(lines); });

  it('2022-05-25, the day the complaint is filed: the 2011 order is in force and nothing of 2022 is due yet', async () => {
    const ftc = await engine.status(FTC, { asOf: '2022-05-25' });
    // DOJ alleges a violation of Provision I that day; an allegation is not a finding, so no breach.
    expect(statuses(ftc)).toEqual({ '2011-I-no-misrepresentation/ongoing': 'satisfied', '2011-II-security-program/ongoing': 'satisfied' });
    expect(ftc.status).toBe('compliant');
    // The stipulated order is filed but not entered: its penalty is imposed by entry on 05-26.
    const court = await engine.status(COURT, { asOf: '2022-05-25' });
    expect(court.occurrences).toEqual([]);
    // Twitter said it had paid that day: the ledger shows the money before the duty exists.
    expect(await engine.ledger(COURT, { asOf: '2022-05-25' })).toMatchObject([{ currency: 'USD', imposedMinor: 0, paidMinor: 15_000_000_000 }]);
  });

  it('2022-05-26, entry: the penalty is already met; the new duties start their clocks', async () => {
    const court = await engine.status(COURT, { asOf: '2022-05-26' });
    // Due 7 days after entry (assumed): 2022-06-02; paid on 05-25, on time.
    expect(court.occurrences).toMatchObject([{ id: 'S-1-civil-penalty/once', dueOn: '2022-06-02', status: 'satisfied', satisfiedOn: '2022-05-25' }]);
    expect(court.status).toBe('compliant');
    const ftc = statuses(await engine.status(FTC, { asOf: '2022-05-26' }));
    expect(ftc['A-2-no-ads-from-security-data/ongoing']).toBe('satisfied'); // a ban in force, no violation found
    expect(ftc['A-4-user-notice/once']).toBe('upcoming'); // due 2022-06-27 (06-25 is a Saturday): 32 days away
    expect(ftc['A-5-privacy-security-program/once']).toBe('upcoming'); // due 2022-11-22
  });

  it('2022-11-23: the program and the change-of-control notice are overdue; the demand letter is due soon', async () => {
    const ftc = await engine.status(FTC, { asOf: '2022-11-23' });
    expect(ftc.status).toBe('non_compliant');
    const s = statuses(ftc);
    expect(s['A-4-user-notice/once']).toBe('satisfied'); // posted 2022-06-22, before 06-27
    // No evidence of the program is recorded (whether it was established is not public): overdue from 11-23.
    expect(s['A-5-privacy-security-program/once']).toBe('overdue');
    expect(late(ftc, 'A-5-privacy-security-program/once')).toBe(1);
    // The Musk closing (2022-10-27) triggered the 14-day notice, due 2022-11-10; no filing is recorded.
    expect(s['A-10-corporate-change-notice/musk-acquisition']).toBe('overdue');
    expect(late(ftc, 'A-10-corporate-change-notice/musk-acquisition')).toBe(13);
    // The first demand letter (2022-11-10) asked for answers by 12-10 (assumed), a Saturday: due 12-12.
    expect(s['ftc-demand-2022-11-10/once']).toBe('due_soon');
    expect((await engine.status(COURT, { asOf: '2022-11-23' })).status).toBe('compliant');
  });

  it('2023-06-01: the first annual certification and assessment (assumed due 2023-05-26) are overdue too', async () => {
    const ftc = await engine.status(FTC, { asOf: '2023-06-01' });
    const s = statuses(ftc);
    expect(s['A-9-annual-certification/2023-05-26']).toBe('overdue');
    expect(s['A-7-independent-assessments/2023-05-26']).toBe('overdue');
    expect(late(ftc, 'A-9-annual-certification/2023-05-26')).toBe(6);
    expect(s['ftc-demand-2022-11-10/once']).toBe('overdue');
    expect(s['A-4-user-notice/once']).toBe('satisfied'); // met on time stays met
  });

  it('2026-07-02, the comment deadline on X Corp.\'s petition: a petition changes no duty; the order runs to 2042', async () => {
    const ftc = await engine.status(FTC, { asOf: '2026-07-02' });
    expect(ftc.status).toBe('non_compliant');
    const s = statuses(ftc);
    expect(Object.keys(s).filter((k) => k.startsWith('A-9-annual-certification/')).sort()).toEqual([
      'A-9-annual-certification/2023-05-26', 'A-9-annual-certification/2024-05-26', 'A-9-annual-certification/2025-05-26', 'A-9-annual-certification/2026-05-26',
    ]);
    expect(ftc.occurrences.find((o) => o.id === 'A-9-annual-certification/2024-05-26')?.dueOn).toBe('2024-05-28'); // Sunday, then Memorial Day
    const docket = await engine.docket(FTC, { asOf: '2026-07-02' });
    expect(docket.at(-1)).toMatchObject({ type: 'PetitionFiled', side: 'response', actor: { name: 'X Corp.' } });
    expect((await engine.status(COURT, { asOf: '2026-07-02' })).status).toBe('compliant');
  });

  it('explains each answer with the events that decided it', async () => {
    const { answer, events } = await engine.explain(FTC, 'A-4-user-notice/once', { asOf: '2022-07-01' });
    expect(answer.status).toBe('satisfied');
    expect(events.map((e) => e.type)).toEqual(['ObligationImposed', 'SubmissionFiled']);
  });
});

describe('Twitter 2022, had the penalty never been paid', () => {
  let engine: Engine;
  beforeAll(async () => { engine = await open(lines.filter((l) => !l.includes('"type":"PaymentMade"'))); });

  it('is overdue from the day after its due date (2022-06-02)', async () => {
    const timeline = await engine.timeline(COURT, { from: '2022-05-26', to: '2022-12-31' });
    const penalty = timeline.occurrences['S-1-civil-penalty/once']!.segments.map((s) => [s.from, s.value.status]);
    expect(penalty).toEqual([['2022-05-26', 'due_soon'], ['2022-06-03', 'overdue']]);
    expect((await engine.status(COURT, { asOf: '2022-06-02' })).status).toBe('at_risk');
    expect((await engine.status(COURT, { asOf: '2022-06-03' })).status).toBe('non_compliant');
  });

  it('accrues exposure by the per-day statutory maximum in force each day, labelled a maximum', async () => {
    const on = async (asOf: string) => (await engine.exposure(COURT, { asOf }))[0]!;
    const first = await on('2022-06-03');
    expect(first).toMatchObject({ days: 1, basis: 'statutory_maximum', label: 'maximum', maximum: { amountMinor: 4_651_700, currency: 'USD' } });
    // Each further day adds that day's maximum: USD 46,517 in 2022, 50,120 from 2023-01-11.
    expect((await on('2022-11-24')).maximum.amountMinor - (await on('2022-11-23')).maximum.amountMinor).toBe(4_651_700);
    expect((await on('2023-06-02')).maximum.amountMinor - (await on('2023-06-01')).maximum.amountMinor).toBe(5_012_000);
    // 2022-06-03 .. 2023-01-10 is 222 days at 46,517; 2023-01-11 .. 2023-06-01 is 142 days at 50,120.
    expect(await on('2023-06-01')).toMatchObject({ days: 364, maximum: { amountMinor: (222 * 46_517 + 142 * 50_120) * 100 } });
  });
});

// Worked examples of accrued exposure (design.md 6.4), each figure computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  evolveOrder,
  exposureOf,
  exposureTotals,
  orderStatusOn,
  orderTimeline,
  postJudgmentInterest,
  type CalendarDate,
  type Exposure,
  type OrderCommand,
  type OrderState,
} from '../../src/index.js';
import { ACTORS, command, record, recorded } from '../support/order-builders.js';

const on = (d: string) => d as CalendarDate;
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const dollars = (n: number) => usd(n * 100);
const orderOf = (kind: string, ...commands: OrderCommand[]): OrderState =>
  record([
    command(
      'FileOrder',
      {
        orderId: `o-${kind}`,
        title: 'Order',
        kind,
        forum: kind === 'administrative_order' ? 'FTC' : 'N.D. Cal.',
      },
      { on: '2022-05-25' },
    ),
    command('EnterOrder', { termEndsOn: '2042-05-26' }, { on: '2022-05-26', by: ACTORS.court }),
    ...commands,
  ]).state;
const impose = (obligationId: string, extra: Record<string, unknown>) =>
  command(
    'ImposeObligation',
    {
      obligationId,
      title: `Duty ${obligationId}`,
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2023-09-29' },
      ...extra,
    },
    { on: '2022-05-26' },
  );
const TIERS = [
  { fromDay: 1, toDay: 10, perDay: dollars(500) },
  { fromDay: 11, toDay: 20, perDay: dollars(2_000) },
  { fromDay: 21, perDay: dollars(4_000) },
];
/** An FTC administrative order's prohibition found breached 2024-06-03, then `later`. */
const banFound = (violationId: string, ...later: OrderCommand[]): OrderState =>
  orderOf(
    'administrative_order',
    impose('ban', { kind: 'prohibition', schedule: { kind: 'ongoing' } }),
    command(
      'FindViolation',
      { violationId, obligationId: 'ban', summary: 'Ads from security data' },
      { on: '2024-06-03' },
    ),
    ...later,
  );
/** Each row's cause, span and amount. */
const spans = (rows: readonly Exposure[]) =>
  rows.map((r) => [r.cause, r.since, r.through, r.amount?.amountMinor]);
/** The same, of the exposure on `d`. */
const spansOn = (t: OrderState, d: string) => spans(exposureOf(t, on(d)));
/** The report's deadline extended by the court to `newDueOn`, effective `date`. */
const extendReport = (newDueOn: string, date: string) =>
  command(
    'ExtendDeadline',
    { obligationId: 'report', newDueOn, reason: 'Granted late' },
    { on: date, by: ACTORS.court },
  );
/**
 * A report due 5 days after entry, entered 2023-09-24 (due Friday 09-29); extended to 2023-10-06
 * effective `extendedOn`; the entry retracted (entered in error) and the order entered again
 * effective Wednesday 2023-10-18.
 */
const enteredAgain = (extendedOn: string, tiers?: typeof TIERS): OrderState => {
  const entered = command('EnterOrder', {}, { on: '2023-09-24', by: ACTORS.court });
  return record([
    command(
      'FileOrder',
      { orderId: 'o-moved', title: 'Order', kind: 'stipulated_order', forum: 'N.D. Cal.' },
      { on: '2023-09-01' },
    ),
    command(
      'ImposeObligation',
      {
        obligationId: 'report',
        title: 'Report',
        kind: 'report',
        schedule: { kind: 'after', anchor: { kind: 'order_entry' }, offset: { days: 5 } },
        ...(tiers ? { stipulatedPenalties: tiers } : {}),
      },
      { on: '2023-09-01' },
    ),
    entered,
    extendReport('2023-10-06', extendedOn),
    command(
      'RetractEntry',
      { eventId: entered.meta.eventId, reason: 'Entered in error' },
      { on: '2023-10-25', by: ACTORS.court },
    ),
    command('EnterOrder', {}, { on: '2023-10-18', by: ACTORS.court }),
  ]).state;
};
/** The report filed on `date` (submission `id`). */
const fileReport = (date: string, id = 'late') =>
  command(
    'FileSubmission',
    { submissionId: id, obligationId: 'report', title: 'Report' },
    { on: date, by: ACTORS.x },
  );
/** The report due Friday 2023-09-29 under TIERS (Section IX) on a stipulated order, then `later`. */
const tieredReport = (...later: OrderCommand[]): OrderState =>
  orderOf(
    'stipulated_order',
    impose('report', { stipulatedPenalties: TIERS, clause: 'Section IX' }),
    ...later,
  );
const amounts = (rows: readonly Exposure[]) =>
  rows.map((r) => [r.basis, r.days, r.amount?.amountMinor]);

describe('stipulated tiers accrue through a late filing and never vanish', () => {
  // Due Friday 2023-09-29; filed 2023-10-27, 28 days late: 10 × 500 + 10 × 2,000 + 8 × 4,000 = USD 57,000.
  const s = tieredReport(fileReport('2023-10-27'));

  it('USD 53,000 on 2023-10-26 (27 days: 5,000 + 20,000 + 7 × 4,000), USD 57,000 on 2023-10-27 and on every later date', () => {
    expect(amounts(exposureOf(s, on('2023-10-26')))).toEqual([
      ['stipulated', 27, dollars(53_000).amountMinor],
    ]);
    for (const d of ['2023-10-27', '2024-01-01', '2030-06-01'])
      expect(amounts(exposureOf(s, on(d)))).toEqual([
        ['stipulated', 28, dollars(57_000).amountMinor],
      ]);
    expect(exposureOf(s, on('2023-10-27'))[0]).toMatchObject({
      since: '2023-09-30',
      through: '2023-10-27',
      citation: 'stipulated penalties, Section IX',
      cause: 'late',
    });
  });

  it('an extension granted after the deadline keeps the days late before it; the new deadline counts afresh', () => {
    // Due Friday 2023-09-29; extended effective 2023-10-10 to Thursday 2023-11-30; nothing filed.
    // On 2023-12-05: 09-30 … 10-09 accrued before the extension (10 × 500 = USD 5,000) and 12-01 …
    // 12-05 after the new deadline, a new count (5 × 500 = USD 2,500).
    const extended = tieredReport(extendReport('2023-11-30', '2023-10-10'));
    const rows = exposureOf(extended, on('2023-12-05'));
    expect(spans(rows)).toEqual([
      ['late', '2023-09-30', '2023-10-09', dollars(5_000).amountMinor],
      ['late', '2023-12-01', '2023-12-05', dollars(2_500).amountMinor],
    ]);
    expect(rows[0]?.notes).toEqual([
      'accrued before the deadline was extended effective 2023-10-10',
    ]);
  });

  it('an extension granted after the filing, to a deadline already past, prices each day late once: the days before it under the deadline they were late to', () => {
    // Due Friday 2023-09-29, filed 2023-10-20 (21 days late); extended effective 2023-10-25 to
    // Friday 2023-10-06. The new deadline governs from 10-25, after the filing: 09-30 … 10-20
    // stay priced under the old one, days 1..21 (10 × 500 + 10 × 2,000 + 4,000 = USD 29,000), and
    // 10-07 … 10-20 are not priced again under the new one.
    const extended = tieredReport(
      fileReport('2023-10-20'),
      extendReport('2023-10-06', '2023-10-25'),
    );
    for (const d of ['2023-10-25', '2023-12-05'])
      expect(spansOn(extended, d)).toEqual([
        ['late', '2023-09-30', '2023-10-20', dollars(29_000).amountMinor],
      ]);
  });

  it('an extension after a waiver revives nothing: the days before it stop at the waiver', () => {
    // Due Friday 2023-09-29; the obligation waived effective 2023-10-05, unmet (6 days late:
    // USD 3,000, kept); extended effective 2023-10-20 to 2023-11-30. The days 10-06 … 10-19 were
    // excused when they came: not priced under the deadline the extension replaced.
    const waived = tieredReport(
      command('WaiveObligation', { obligationId: 'report', reason: 'Moot' }, { on: '2023-10-05' }),
      extendReport('2023-11-30', '2023-10-20'),
    );
    expect(spansOn(waived, '2023-12-05')).toEqual([
      ['late', '2023-09-30', '2023-10-05', dollars(3_000).amountMinor],
    ]);
  });

  it('on a partial evidence record, an extension granted late prices no day the record never proved late', () => {
    // The same report on a record rebuilt from public sources (evidenceRecord: partial): nothing
    // filed, nothing rejected, so it reads unverified and accrues nothing (silence is no default),
    // also the days before an extension effective 2023-10-10.
    const silent = orderOf(
      'stipulated_order',
      impose('report', { stipulatedPenalties: TIERS, evidenceRecord: 'partial' }),
      extendReport('2023-11-30', '2023-10-10'),
    );
    expect(orderStatusOn(silent, on('2023-12-05')).occurrences[0]?.status).toBe('unverified');
    expect(exposureOf(silent, on('2023-12-05'))).toEqual([]);
  });

  it('a deadline counts no day before the extension that set it, also when a later change moved the deadline it replaced', () => {
    // A report due 5 days after entry: entered 2023-09-24, due Friday 09-29. Extended effective
    // 2023-10-20 to 2023-10-06 (granted late, to a date already past). Then the entry is retracted
    // (entered in error) and the order entered effective 2023-10-18: the scheduled deadline is now
    // Monday 10-23, after the extension, which still sets 10-06, a day before the duty bound: held
    // to the entry, Wednesday 10-18, as any deadline is (design.md 6.3). On 2023-10-30 the report is
    // 12 days late to the deadline in force (as the answer says), not 24 from 10-06, before the order
    // was entered; and the days before 10-20 were late, if at all, to the deadline then in force:
    // priced from 10-20, 11 days (10 × 500 + 2,000 = USD 7,000), not from 10-07 (24 days,
    // USD 41,000).
    const s = enteredAgain('2023-10-20', TIERS);
    expect(orderStatusOn(s, on('2023-10-30')).occurrences[0]).toMatchObject({
      dueOn: '2023-10-18',
      daysLate: 12,
    });
    expect(spansOn(s, '2023-10-30')).toEqual([
      ['late', '2023-10-20', '2023-10-30', dollars(7_000).amountMinor],
    ]);
  });

  it('an extension granted before the order was entered again is held to that entry, in the status and in the timeline', () => {
    // As above, but the extension (to 2023-10-06) takes effect on 2023-10-10, before the entry of
    // Wednesday 10-18 that replaced the retracted one: the deadline in force is 10-18, due_soon that
    // day and overdue from 10-19, every day and in the timeline's segments alike.
    const s = enteredAgain('2023-10-10');
    const daily = ['2023-10-18', '2023-10-19', '2023-10-30'].map((d) => {
      const o = orderStatusOn(s, on(d)).occurrences[0];
      return [d, o?.status, o?.dueOn, o?.daysLate];
    });
    expect(daily).toEqual([
      ['2023-10-18', 'due_soon', '2023-10-18', undefined],
      ['2023-10-19', 'overdue', '2023-10-18', 1],
      ['2023-10-30', 'overdue', '2023-10-18', 12],
    ]);
    expect(orderStatusOn(s, on('2023-10-30')).occurrences[0]?.reasons[0]).toBe(
      'due 2023-10-18 (extended effective 2023-10-10 to 2023-10-06, before the duty bound on 2023-10-18: due that day)',
    );
    const tl = orderTimeline(s, on('2023-09-01'), on('2023-11-30'));
    expect(tl.occurrences['report/once']?.segments.map((g) => [g.from, g.value.status])).toEqual([
      ['2023-09-01', 'absent'],
      ['2023-10-18', 'due_soon'],
      ['2023-10-19', 'overdue'],
    ]);
  });

  it('nothing accrues on the deadline itself', () =>
    expect(exposureOf(s, on('2023-09-29'))).toEqual([]));
});

describe('a finding about days already late continues their count: one continuing violation', () => {
  // Due Friday 2023-09-29, never filed. Found effective 2023-10-20 (day 21 late), about conduct from
  // 2023-10-10 (day 11). As known before the finding, on 2023-10-19 the late row counts days 1..20:
  // 10 × 500 + 10 × 2,000 = USD 25,000. The finding speaks from the conduct's start (design.md 6.2,
  // 6.4): with it, the late row keeps days 1..10 (09-30 … 10-09, USD 5,000) and the breach row
  // prices 10-10 on as days 11.. (on 10-19: 10 × 2,000 = USD 20,000, the same USD 25,000; on 10-20:
  // 10 × 2,000 + 4,000 = USD 24,000, USD 29,000 in all, one day more at the third tier). Counting the
  // breach's days from 1 again (7,000) would price the failure at USD 12,000 on the day it was
  // found, less than had accrued the day before.
  const finding = command(
    'FindViolation',
    {
      violationId: 'v-late',
      obligationId: 'report',
      summary: 'The report was not filed',
      period: { from: '2023-10-10' },
    },
    { on: '2023-10-20' },
  );
  const s = tieredReport(finding);
  // The same finding cured 2023-10-25 while the report is still missing.
  const cured = tieredReport(
    finding,
    command(
      'CureViolation',
      { violationId: 'v-late', summary: 'Cured' },
      { on: '2023-10-25', by: ACTORS.x },
    ),
  );
  const total = (t: OrderState, d: string) =>
    exposureOf(t, on(d)).reduce((sum, r) => sum + (r.amount?.amountMinor ?? 0), 0);

  it('USD 25,000 on 2023-10-19, as known before the finding and with it (5,000 late and 20,000 found); on 2023-10-20 USD 5,000 late and USD 24,000 found, the breach counting from day 11', () => {
    expect(amounts(exposureOf(tieredReport(), on('2023-10-19')))).toEqual([
      ['stipulated', 20, dollars(25_000).amountMinor],
    ]);
    expect(spansOn(s, '2023-10-19')).toEqual([
      ['late', '2023-09-30', '2023-10-09', dollars(5_000).amountMinor],
      ['breach', '2023-10-10', '2023-10-19', dollars(20_000).amountMinor],
    ]);
    const rows = exposureOf(s, on('2023-10-20'));
    expect(amounts(rows)).toEqual([
      ['stipulated', 10, dollars(5_000).amountMinor],
      ['stipulated', 11, dollars(24_000).amountMinor],
    ]);
    expect(rows[1]).toMatchObject({ cause: 'breach', since: '2023-10-10', through: '2023-10-20' });
    expect(rows[1]?.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('its days from day 11')]),
    );
  });

  it('cured while the report is still missing: the days late resume the count and no day is priced twice', () => {
    // On 2023-10-30 (31 days late): late 09-30 … 10-09 (days 1..10, USD 5,000), late again 10-25 …
    // 10-30 (days 26..31: 6 × 4,000 = USD 24,000), found 10-10 … 10-24 (days 11..25: 10 × 2,000 + 5 ×
    // 4,000 = USD 40,000): USD 69,000, what 31 days late come to, each day priced once.
    const rows = exposureOf(cured, on('2023-10-30'));
    expect(spans(rows)).toEqual([
      ['late', '2023-09-30', '2023-10-09', dollars(5_000).amountMinor],
      ['late', '2023-10-25', '2023-10-30', dollars(24_000).amountMinor],
      ['breach', '2023-10-10', '2023-10-24', dollars(40_000).amountMinor],
    ]);
    expect(rows.reduce((n, r) => n + r.days, 0)).toBe(31);
  });

  it('a second finding, about the days just before the first and learned later, leaves the first counting from day 11', () => {
    // On 2023-10-26 (27 days late): late 09-30 … 10-09 (USD 5,000), found 10-10 … 10-26 (days
    // 11..27: 10 × 2,000 + 7 × 4,000 = USD 48,000): USD 53,000. A finding effective 2023-10-27
    // about 10-08 and 10-09 is a second violation, but those days were late and the lateness is one
    // continuing violation: late 09-30 … 10-07 (days 1..8, USD 4,000), the second finding days 9 and
    // 10 (USD 1,000), the first days 11..28 (10 × 2,000 + 8 × 4,000 = USD 52,000): USD 57,000, what
    // 28 days late come to. Restarting the first finding's count at day 1 would price it at
    // USD 21,000 and the total at USD 26,000, less than had accrued the day before.
    const twice = tieredReport(
      finding,
      command(
        'FindViolation',
        {
          violationId: 'v-earlier',
          obligationId: 'report',
          summary: 'The report was not filed, two days before',
          period: { from: '2023-10-08', to: '2023-10-09' },
        },
        { on: '2023-10-27' },
      ),
    );
    expect(total(twice, '2023-10-26')).toBe(dollars(53_000).amountMinor);
    expect(spansOn(twice, '2023-10-27')).toEqual([
      ['late', '2023-09-30', '2023-10-07', dollars(4_000).amountMinor],
      ['breach', '2023-10-08', '2023-10-09', dollars(1_000).amountMinor],
      ['breach', '2023-10-10', '2023-10-27', dollars(52_000).amountMinor],
    ]);
  });

  it('the total accrued never falls from one day to the next across the finding and its cure', () => {
    const days = Array.from({ length: 31 }, (_, i) => `2023-10-${String(i + 1).padStart(2, '0')}`);
    for (const t of [s, cured])
      for (let i = 1; i < days.length; i++)
        expect([days[i], total(t, days[i]!) >= total(t, days[i - 1]!)]).toEqual([days[i], true]);
  });
});

describe('statutory ceiling (FTC administrative orders): rate on asOf, five-year window', () => {
  // A prohibition found breached 2024-06-03, cured 2024-06-17: violation days 06-03 … 06-16, 14 days.
  const cure = command(
    'CureViolation',
    { violationId: 'v-1', summary: 'Stopped' },
    { on: '2024-06-17', by: ACTORS.x },
  );
  const s = banFound('v-1', cure);
  const row = (d: string) => exposureOf(s, on(d))[0];

  it('a prohibition has no deadline to be late for, whatever an extension of it says: only its finding is priced', () => {
    // The prohibition in force from entry (2022-05-26) is made a duty 30 days after an incident on
    // 2024-04-01 (not retroactively: its ongoing occurrence stays, breached), and that occurrence is
    // then "extended" effective 2024-05-01 to 2024-04-15. The decider now refuses such an extension
    // (EXTENSION_NOT_APPLICABLE); a log recorded before it may hold one, folded here as recorded:
    // no day before it is late, only the finding's 14 days are priced.
    const amended = banFound(
      'v-1',
      cure,
      command(
        'AmendObligation',
        {
          obligationId: 'ban',
          changes: {
            schedule: {
              kind: 'after',
              anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
              offset: { days: 30 },
            },
          },
        },
        { on: '2024-04-01' },
      ),
    );
    const extended = evolveOrder(
      amended,
      recorded(
        command(
          'ExtendDeadline',
          { obligationId: 'ban', occurrence: 'ongoing', newDueOn: '2024-04-15', reason: 'Relief' },
          { on: '2024-05-01', by: ACTORS.court },
        ),
      ),
    );
    expect(spansOn(extended, '2024-06-17')).toEqual([
      ['breach', '2024-06-03', '2024-06-16', dollars(724_416).amountMinor],
    ]);
  });

  it('USD 724,416 on 2024-06-17 (14 × 51,744, 89 FR 1445) and USD 743,232 in 2025 (14 × 53,088, the rate in force on the date asked)', () => {
    expect(row('2024-06-17')).toMatchObject({
      basis: 'statutory',
      days: 14,
      daysCounted: 14,
      amount: dollars(724_416),
      rate: { source: '89 FR 1445 (2024)' },
      since: '2024-06-03',
      through: '2024-06-16',
    });
    expect(row('2025-06-01')).toMatchObject({
      days: 14,
      amount: dollars(743_232),
      rate: { source: '90 FR 5580 (2025)' },
    });
    expect(row('2024-06-17')?.label).toContain('not a prediction');
  });

  it('accrues day by day while not cured: 7 days on 2024-06-09', () =>
    expect(row('2024-06-09')).toMatchObject({ days: 7, amount: dollars(7 * 51_744) }));

  it('counts only days within the five years before the date asked (28 U.S.C. 2462)', () => {
    // On 2029-06-10 the window starts 2024-06-11: days 06-11 … 06-16, 6 of the 14, at the last rate in the table (2025).
    expect(row('2029-06-10')).toMatchObject({
      days: 14,
      daysCounted: 6,
      amount: dollars(6 * 53_088),
    });
    expect(row('2029-06-10')?.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining('fall outside the five-year window'),
        expect.stringContaining('later inflation adjustments are missing'),
      ]),
    );
    expect(row('2029-06-17')).toMatchObject({ daysCounted: 0, amount: dollars(0) });
  });

  it("a finding with a period counts from the conduct's start; the order's end stops accrual", () => {
    const t = orderOf(
      'administrative_order',
      impose('ban', { kind: 'prohibition', schedule: { kind: 'ongoing' } }),
      command(
        'FindViolation',
        { violationId: 'v-2', obligationId: 'ban', summary: 'x', period: { from: '2024-05-01' } },
        { on: '2024-06-03' },
      ),
      command('TerminateOrder', { reason: 'Terminated' }, { on: '2024-06-10', by: ACTORS.ftc }),
    );
    // 2024-05-01 through the termination's date 2024-06-10: 41 days; nothing after the end.
    expect(exposureOf(t, on('2024-12-01'))[0]).toMatchObject({
      since: '2024-05-01',
      through: '2024-06-10',
      days: 41,
      amount: dollars(41 * 51_744),
    });
  });
});

describe('conduct before the duty bound violates no duty of the order (design.md 6.3)', () => {
  // A ban imposed by modification effective 2023-01-02 on an order entered 2022-05-26; a finding
  // effective 2023-03-01 about conduct from 2022-10-01: the days before 2023-01-02 violated no
  // duty of this order, so the breach counts from 2023-01-02: 59 days to 2023-03-01.
  const banFrom0102 = (extra: Record<string, unknown> = {}) =>
    command(
      'ImposeObligation',
      {
        obligationId: 'ban',
        title: 'Ban',
        kind: 'prohibition',
        schedule: { kind: 'ongoing' },
        ...extra,
      },
      { on: '2023-01-02' },
    );
  const lateBan = banFrom0102({ stipulatedPenalties: TIERS });
  const finding = (period: Record<string, string>) =>
    command(
      'FindViolation',
      { violationId: 'v-early', obligationId: 'ban', summary: 'Ads from security data', period },
      { on: '2023-03-01' },
    );

  it('a finding whose conduct began earlier is priced from the day the duty bound, and says so', () => {
    const s = orderOf('stipulated_order', lateBan, finding({ from: '2022-10-01' }));
    const rows = exposureOf(s, on('2023-03-01'));
    // 59 days: 10 × 500 + 10 × 2,000 + 39 × 4,000 = USD 181,000.
    expect(spans(rows)).toEqual([
      ['breach', '2023-01-02', '2023-03-01', dollars(181_000).amountMinor],
    ]);
    expect(rows[0]!.notes).toContain(
      'the conduct found from 2022-10-01 came before the duty bound on 2023-01-02: only its days from then violate it',
    );
    // The order names no clause for the tiers: the row cites them as the obligation's.
    expect(rows[0]!.citation).toBe('stipulated penalties, the tiers of obligation ban');
    // The same on a statutory basis: 59 days, not 152.
    const ftc = orderOf('administrative_order', banFrom0102(), finding({ from: '2022-10-01' }));
    expect(exposureOf(ftc, on('2023-03-01'))).toMatchObject([
      { basis: 'statutory', since: '2023-01-02', days: 59 },
    ]);
  });

  it('a finding whose conduct ended before the duty bound is refused, and nothing is recorded', () => {
    expect(() =>
      orderOf('stipulated_order', lateBan, finding({ from: '2022-10-01', to: '2022-12-31' })),
    ).toThrow(
      expect.objectContaining({ code: 'VIOLATION_BEFORE_DUTY', path: ['data', 'period', 'to'] }),
    );
  });
});

describe('a superseded obligation: nothing accrues under it from the supersession (design.md 6.1)', () => {
  // The prohibition found breached 2024-06-03 and superseded by a 2024-06-10 order that restates
  // it: violation days 06-03 … 06-09 under it, 7 × USD 51,744 (89 FR 1445) = USD 362,208, on any
  // later date in 2024; a violation of the successor is a finding under the successor.
  const s = banFound(
    'v-3',
    command(
      'SupersedeObligation',
      {
        obligationId: 'ban',
        successor: { orderId: 'o-2024' },
        summary: 'Restated in the 2024 order',
      },
      { on: '2024-06-10', by: ACTORS.ftc },
    ),
  );

  it('USD 362,208 for 7 days on 2024-06-09 and on every later date in 2024, the row citing the supersession', () => {
    for (const d of ['2024-06-09', '2024-06-10', '2024-12-31'])
      expect([d, exposureOf(s, on(d))]).toMatchObject([
        d,
        [
          {
            cause: 'breach',
            since: '2024-06-03',
            through: '2024-06-09',
            days: 7,
            amount: dollars(362_208),
          },
        ],
      ]);
    expect(exposureOf(s, on('2024-12-31'))[0]?.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('superseded effective 2024-06-10')]),
    );
  });
});

describe('a late filing after the supersession of its obligation: days late priced to the supersession', () => {
  // Report due Friday 2023-09-29; the obligation superseded effective 2023-10-09; the report filed
  // 2023-10-27 (28 days after the deadline; its days late stop at the supersession, as its answer
  // says). Nothing accrues under the obligation after its supersession: days 09-30 … 10-09,
  // 10 × 500 = USD 5,000 (not 57,000).
  const s = tieredReport(
    command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
      { on: '2023-10-09', by: ACTORS.court },
    ),
    fileReport('2023-10-27'),
  );

  it('USD 5,000 for 10 days on 2023-10-27 and later, the row citing the supersession', () => {
    expect(orderStatusOn(s, on('2023-11-01')).occurrences[0]).toMatchObject({
      status: 'satisfied_late',
      satisfiedOn: '2023-10-27',
      daysLate: 10,
      lateThrough: '2023-10-09',
    });
    for (const d of ['2023-10-27', '2024-01-01'])
      expect([d, amounts(exposureOf(s, on(d)))]).toEqual([
        d,
        [['stipulated', 10, dollars(5_000).amountMinor]],
      ]);
    expect(exposureOf(s, on('2023-10-27'))[0]?.notes).toEqual([
      'nothing accrues under the obligation after its supersession effective 2023-10-09',
    ]);
  });
});

describe('a report filed late, then extended to a deadline past its supersession: the days before the extension run to the filing', () => {
  // Due Friday 2023-09-29, filed 2023-10-05 (6 days late: 6 × 500 = USD 3,000); extended effective
  // 2023-10-10 to Thursday 2023-11-30; the obligation superseded effective 2023-11-15, before the
  // new deadline, so the occurrence reads superseded from then. The days late under the replaced
  // deadline ran to the filing, whatever the status says later: USD 3,000 on every date from the
  // filing, not the 10 days to the extension (USD 5,000).
  const s = tieredReport(
    fileReport('2023-10-05'),
    extendReport('2023-11-30', '2023-10-10'),
    command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
      { on: '2023-11-15', by: ACTORS.court },
    ),
  );

  it('USD 3,000 for 09-30 … 10-05 before and after the supersession', () => {
    expect(orderStatusOn(s, on('2023-11-20')).occurrences[0]?.status).toBe('superseded');
    for (const d of ['2023-10-20', '2023-11-15', '2024-06-01'])
      expect([d, spansOn(s, d)]).toEqual([
        d,
        [['late', '2023-09-30', '2023-10-05', dollars(3_000).amountMinor]],
      ]);
  });
});

describe('a waiver that releases what accrued releases the days of a report filed late before it', () => {
  // Report due Friday 2023-09-29, filed 2023-10-04 (5 days late: 5 × 500 = USD 2,500); the
  // obligation waived effective 2023-10-20. Without a release the 5 days stay priced; with
  // `releasesAccrued` they go, as they would had the report never been filed (waived, 21 days late,
  // all released): filing late never leaves more exposure than not filing.
  const filed = fileReport('2023-10-04');
  const waiver = (extra: Record<string, unknown> = {}, date = '2023-10-20') =>
    command(
      'WaiveObligation',
      { obligationId: 'report', reason: 'Program restated', ...extra },
      { on: date },
    );

  it('USD 2,500 for 5 days without a release, nothing with one, and the report stays satisfied_late', () => {
    const d = on('2023-11-01');
    expect(amounts(exposureOf(tieredReport(filed, waiver()), d))).toEqual([
      ['stipulated', 5, dollars(2_500).amountMinor],
    ]);
    const releasing = tieredReport(filed, waiver({ releasesAccrued: true }));
    expect(orderStatusOn(releasing, d).occurrences[0]).toMatchObject({
      status: 'satisfied_late',
      daysLate: 5,
    });
    expect(exposureOf(releasing, d)).toEqual([]);
    expect(exposureOf(tieredReport(waiver({ releasesAccrued: true })), d)).toEqual([]);
    // Before the waiver, the 5 days are priced either way.
    expect(amounts(exposureOf(releasing, on('2023-10-19')))).toEqual([
      ['stipulated', 5, dollars(2_500).amountMinor],
    ]);
  });

  it('and the days before an extension granted late, for a report then filed on time', () => {
    // Extended effective 2023-10-05 to 2023-10-31, filed 2023-10-16 (on time under the extension),
    // waived effective 2023-11-05: 09-30 … 10-04 accrued before the extension (5 × 500 = USD
    // 2,500), released by the waiver that says so.
    const extended = extendReport('2023-10-31', '2023-10-05');
    const onTime = fileReport('2023-10-16', 'on-time');
    const d = on('2023-11-10');
    expect(
      amounts(exposureOf(tieredReport(extended, onTime, waiver({}, '2023-11-05')), d)),
    ).toEqual([['stipulated', 5, dollars(2_500).amountMinor]]);
    const releasing = tieredReport(
      extended,
      onTime,
      waiver({ releasesAccrued: true }, '2023-11-05'),
    );
    expect(orderStatusOn(releasing, d).occurrences[0]).toMatchObject({ status: 'satisfied' });
    expect(exposureOf(releasing, d)).toEqual([]);
  });
});

describe('a waiver stops a breach and releases days late, a finding or not (design.md 6.1)', () => {
  // Report due Friday 2023-09-29 under TIERS; waived effective 2023-10-20 (the obligation, or the
  // occurrence by name); a violation found effective 2023-11-01 about conduct from 2023-10-05 (no
  // end, not cured). Days late run to the waiver (W − D = 21); the breach stops the day before it:
  // late 09-30 … 10-04 (5 × 500 = USD 2,500), the breach 10-05 … 10-19 continuing their count
  // (days 6 … 10 at 500, 11 … 20 at 2,000: USD 22,500) and the waiver's day late again (day 21,
  // USD 4,000), on every later date: a waiver of the occurrence stops the breach as one of the
  // obligation does. A waiver that releases what accrued releases the days late, not the
  // finding's: 10-05 … 10-19 alone, counted from day 1 (10 × 500 + 5 × 2,000 = USD 15,000).
  const waivers = {
    obligation: { obligationId: 'report', reason: 'Program restated' },
    occurrence: { obligationId: 'report', occurrence: 'once', reason: 'Program restated' },
  };
  const found = command(
    'FindViolation',
    {
      violationId: 'v',
      obligationId: 'report',
      summary: 'Report withheld',
      period: { from: '2023-10-05' },
    },
    { on: '2023-11-01', by: ACTORS.court },
  );
  const waivedThenFound = (data: Record<string, unknown>) =>
    tieredReport(command('WaiveObligation', data, { on: '2023-10-20', by: ACTORS.court }), found);

  it.each(Object.entries(waivers))(
    'waived by its %s: USD 2,500 and 4,000 late and USD 22,500 found through 2023-10-19, on every later date',
    (_, waiver) => {
      for (const d of ['2023-11-01', '2024-06-01'])
        expect([d, spansOn(waivedThenFound(waiver), d)]).toEqual([
          d,
          [
            ['late', '2023-09-30', '2023-10-04', dollars(2_500).amountMinor],
            ['late', '2023-10-20', '2023-10-20', dollars(4_000).amountMinor],
            ['breach', '2023-10-05', '2023-10-19', dollars(22_500).amountMinor],
          ],
        ]);
    },
  );

  it.each(Object.entries(waivers))(
    "waived by its %s, releasing what accrued: the finding's days alone, USD 15,000",
    (_, waiver) => {
      const releasing = command(
        'WaiveObligation',
        { ...waiver, releasesAccrued: true },
        { on: '2023-10-20', by: ACTORS.court },
      );
      expect(spansOn(tieredReport(releasing, found), '2024-06-01')).toEqual([
        ['breach', '2023-10-05', '2023-10-19', dollars(15_000).amountMinor],
      ]);
      // Without the finding, the release leaves nothing.
      expect(exposureOf(tieredReport(releasing), on('2024-06-01'))).toEqual([]);
    },
  );
});

describe('a partial evidence record: silence is no default, a finding is (design.md 6.2)', () => {
  // The report's record is partial (rebuilt from public sources): nothing shows it was filed by
  // Friday 2023-09-29, which is no default. A finding effective 2023-10-20 about conduct from
  // 2023-10-10 is the regulator's word, from the conduct's start: on 2023-10-30 its 21 days (10-10 …
  // 10-30) are priced, as days 1..21 (10 × 500 + 10 × 2,000 + 4,000 = USD 29,000), and no day before
  // it is late.
  const partial = impose('report', {
    stipulatedPenalties: TIERS,
    clause: 'Section IX',
    evidenceRecord: 'partial',
  });
  const finding = command(
    'FindViolation',
    {
      violationId: 'v-p',
      obligationId: 'report',
      summary: 'The report was not filed',
      period: { from: '2023-10-10' },
    },
    { on: '2023-10-20' },
  );
  const s = orderOf('stipulated_order', partial, finding);

  it('unverified and nothing accrued before the conduct found; from it only its days, and no days late', () => {
    expect(orderStatusOn(s, on('2023-10-09')).occurrences[0]).toMatchObject({
      status: 'unverified',
    });
    expect(exposureOf(s, on('2023-10-09'))).toEqual([]);
    // On 2023-10-19, before the finding's date: as known before it, unverified; with it, breached.
    expect(
      orderStatusOn(orderOf('stipulated_order', partial), on('2023-10-19')).occurrences[0],
    ).toMatchObject({
      status: 'unverified',
    });
    expect(orderStatusOn(s, on('2023-10-19')).occurrences[0]).toMatchObject({
      status: 'breached',
      reasons: expect.arrayContaining([
        'violation found effective 2023-10-20 (the conduct from 2023-10-10), not cured',
      ]),
    });
    expect(spansOn(s, '2023-10-19')).toEqual([
      ['breach', '2023-10-10', '2023-10-19', dollars(5_000).amountMinor], // days 1..10 × 500
    ]);
    const o = orderStatusOn(s, on('2023-10-30')).occurrences[0];
    expect(o).toMatchObject({ status: 'breached', lateThrough: '2023-09-29' });
    expect(o?.daysLate).toBeUndefined();
    expect(spansOn(s, '2023-10-30')).toEqual([
      ['breach', '2023-10-10', '2023-10-30', dollars(29_000).amountMinor],
    ]);
  });

  it('waived after its deadline while unverified: no day late, nothing priced, with or without a finding', () => {
    // Waived effective 2023-10-20, nothing filed: on a complete record 21 days late (USD 29,000);
    // on this partial one it was unverified until the waiver, so none.
    const waiver = command(
      'WaiveObligation',
      { obligationId: 'report', reason: 'Released' },
      { on: '2023-10-20', by: ACTORS.court },
    );
    const plainWaived = orderOf('stipulated_order', partial, waiver);
    const o = orderStatusOn(plainWaived, on('2023-11-01')).occurrences[0];
    expect(o).toMatchObject({ status: 'waived' });
    expect(o?.daysLate).toBeUndefined();
    expect(exposureOf(plainWaived, on('2023-11-01'))).toEqual([]);
    // With the finding (conduct from 10-10), waived 10-25: breached, its days to the day before
    // the waiver alone (10-10 … 10-24, days 1..15: 10 × 500 + 5 × 2,000 = USD 15,000), none late.
    const found = orderOf(
      'stipulated_order',
      partial,
      finding,
      command(
        'WaiveObligation',
        { obligationId: 'report', reason: 'Released' },
        { on: '2023-10-25', by: ACTORS.court },
      ),
    );
    const b = orderStatusOn(found, on('2023-11-01')).occurrences[0];
    expect(b).toMatchObject({ status: 'breached', lateThrough: '2023-09-29' });
    expect(b?.daysLate).toBeUndefined();
    expect(spansOn(found, '2023-11-01')).toEqual([
      ['breach', '2023-10-10', '2023-10-24', dollars(15_000).amountMinor],
    ]);
  });
});

describe('court orders without tiers: contempt, listed and not quantified', () => {
  it('a late report under a stipulated court order shows its days, no amount', () => {
    const s = orderOf('stipulated_order', impose('report', {}));
    expect(exposureOf(s, on('2023-10-09'))).toMatchObject([
      { basis: 'contempt', days: 10, since: '2023-09-30', through: '2023-10-09' },
    ]);
    expect(exposureOf(s, on('2023-10-09'))[0]?.amount).toBeUndefined();
  });
});

describe('unpaid money: outstanding amount plus post-judgment interest (28 U.S.C. 1961)', () => {
  const judgment = (extra: Record<string, unknown>) =>
    impose('penalty', {
      kind: 'payment',
      amount: dollars(1_000_000),
      schedule: { kind: 'once', dueOn: '2023-06-30' },
      ...extra,
    });
  /** The whole judgment paid 2023-07-10, ten days after its deadline. */
  const paidIn0710 = command(
    'MakePayment',
    { paymentId: 'p', obligationId: 'penalty', amount: dollars(1_000_000) },
    { on: '2023-07-10', by: ACTORS.x },
  );
  /** The judgment at 5 % a year, then `before`, its deadline extended effective 2023-07-31 to `newDueOn`. */
  const extendedOn0731 = (newDueOn: string, ...before: OrderCommand[]) =>
    orderOf(
      'stipulated_order',
      judgment({ interest: { annualRateBasisPoints: 500 } }),
      ...before,
      command(
        'ExtendDeadline',
        { obligationId: 'penalty', newDueOn, reason: 'Hardship' },
        { on: '2023-07-31', by: ACTORS.court },
      ),
    );

  it('interest over a year boundary, compounded on the anniversary and rounded to the cent', () => {
    // 5.00 %: 2023-07-01 … 2024-06-30 is 366 days: 100,000,000 × 0.05 × 366 / 365 = 5,013,698.63 → 5,013,699 cents, added on 2024-06-30;
    // 2024-07-01 … 2024-07-10, 10 days on 105,013,699: × 0.05 × 10 / 365 = 143,854.38 → 143,854. Interest 5,157,553 cents.
    const s = orderOf('stipulated_order', judgment({ interest: { annualRateBasisPoints: 500 } }));
    expect(exposureOf(s, on('2024-07-10'))).toMatchObject([
      {
        basis: 'unpaid',
        principal: dollars(1_000_000),
        interest: usd(5_157_553),
        amount: usd(100_000_000 + 5_157_553),
      },
    ]);
    expect(
      postJudgmentInterest(
        100_000_000n,
        on('2023-06-30'),
        on('2024-07-10'),
        { annualRateBasisPoints: 500 },
        [],
      ),
    ).toBe(5_157_553n);
  });

  it('on a partial record, silence owes nothing (unverified is no default); a late payment on file proves its days of interest', () => {
    const partial = judgment({
      interest: { annualRateBasisPoints: 500 },
      evidenceRecord: 'partial',
    });
    const silent = orderOf('stipulated_order', partial);
    expect(orderStatusOn(silent, on('2024-07-10')).occurrences[0]).toMatchObject({
      status: 'unverified',
    });
    expect(exposureOf(silent, on('2024-07-10'))).toEqual([]);
    // Paid 2023-07-10, ten days after the deadline: the record proves the 10 days' interest
    // (2023-07-01 … 07-10, to the date of payment: USD 1,369.86), which the payment paid first, as
    // on a complete record: USD 1,369.86 of principal is left, earning interest from 07-11 (figures
    // in the next case).
    const paidLate = orderOf('stipulated_order', partial, paidIn0710);
    expect(exposureOf(paidLate, on('2024-01-01'))).toMatchObject([
      { basis: 'unpaid', principal: usd(136_986), interest: usd(3_284) },
    ]);
  });

  /** The judgment at 5 % a year (with `interest`), paid `cents` on `date`. */
  const paidOn = (date: string, cents: number, interest: Record<string, unknown> = {}) =>
    orderOf(
      'stipulated_order',
      judgment({ interest: { annualRateBasisPoints: 500, ...interest } }),
      command(
        'MakePayment',
        { paymentId: 'p', obligationId: 'penalty', amount: usd(cents) },
        { on: date, by: ACTORS.x },
      ),
    );
  const PRINCIPAL_FIRST = { paymentApplication: 'principal_first' } as const;

  it('a payment stops interest on what it pays, never erasing interest already accrued; no rate stated, no interest', () => {
    const paid = (interest: Record<string, unknown>, cents = 100_000_000) =>
      paidOn('2023-07-10', cents, interest);
    // Interest runs to the date of payment (28 U.S.C. 1961(a)): 2023-07-01 … 2023-07-10, 10 days:
    // 100,000,000 × 0.05 × 10 / 365 = 136,986.30 → 136,986 cents. The USD 1,000,000 paid 07-10 goes
    // to that interest first (the United States rule), then 99,863,014 to the principal: 136,986
    // cents of principal are left, and earn interest from 07-11 through 2024-01-01 (21 + 31 + 30 +
    // 31 + 30 + 31 + 1 = 175 days): 136,986 × 0.05 × 175 / 365 = 3,283.90 → 3,284 cents. The row
    // counts every day interest ran: 10 + 175 = 185.
    expect(exposureOf(paid({}), on('2024-01-01'))).toMatchObject([
      {
        basis: 'unpaid',
        principal: usd(136_986),
        interest: usd(3_284),
        amount: usd(136_986 + 3_284),
        since: '2023-07-01',
        through: '2024-01-01',
        days: 185,
        notes: expect.arrayContaining([
          'USD 1,369.86 of the payments went to the interest accrued to their dates before the principal (the United States rule, Story v. Livingston, 38 U.S. (13 Pet.) 359, 371 (1839)): the interest shown is what remains unpaid',
        ]),
      },
    ]);
    // Applied to the principal first, the payment clears it: the 10 days' interest alone is owed,
    // and the row counts those 10 days, through the day of the payment, not to the date asked.
    expect(exposureOf(paid(PRINCIPAL_FIRST), on('2024-01-01'))).toEqual([
      expect.objectContaining({
        principal: usd(0),
        interest: usd(136_986),
        since: '2023-07-01',
        through: '2023-07-10',
        days: 10,
      }),
    ]);
    // Paid with its interest (USD 1,000,000 and 1,369.86 on 07-10, what the exposure asked on
    // 07-10 quotes): nothing is owed, not the interest again, either way; nor when USD 2,000 more
    // than that is paid (a credit).
    expect(
      exposureOf(
        orderOf('stipulated_order', judgment({ interest: { annualRateBasisPoints: 500 } })),
        on('2023-07-10'),
      ),
    ).toMatchObject([{ amount: usd(100_136_986) }]);
    for (const application of ['interest_first', 'principal_first'])
      for (const cents of [100_136_986, 100_336_986])
        expect([
          application,
          cents,
          exposureOf(paid({ paymentApplication: application }, cents), on('2024-01-01')),
        ]).toEqual([application, cents, []]);
    // USD 1,000 more than the principal (100,100,000 cents): interest first, 136,986 to the
    // interest and 99,963,014 to the principal, leaving 36,986 cents of principal, which earn
    // 36,986 × 0.05 × 175 / 365 = 886.65 → 887 cents to 2024-01-01. Principal first, the principal
    // is paid and the USD 1,000 beyond it goes to the interest: USD 369.86 of it remains, and
    // nothing more runs.
    expect(exposureOf(paid({}, 100_100_000), on('2024-01-01'))).toMatchObject([
      { principal: usd(36_986), interest: usd(887), through: '2024-01-01' },
    ]);
    expect(exposureOf(paid(PRINCIPAL_FIRST, 100_100_000), on('2024-01-01'))).toMatchObject([
      {
        principal: usd(0),
        interest: usd(36_986),
        through: '2023-07-10',
        notes: expect.arrayContaining([
          'USD 1,000.00 paid beyond the principal went to the interest accrued (the order applies payments to the principal first): the interest shown is what remains unpaid',
        ]),
      },
    ]);
    const bare = orderOf('stipulated_order', judgment({}));
    expect(exposureOf(bare, on('2024-07-10'))).toMatchObject([
      { basis: 'unpaid', amount: dollars(1_000_000), interest: usd(0) },
    ]);
  });

  it('a partial payment goes to the interest accrued to its date, then to the principal (the United States rule), or to the principal first where the order says so', () => {
    // USD 1,000,000 due 2023-06-30 at 5 %; USD 250,000 paid 2023-10-09, after 101 days of interest
    // (07-01 … 10-09, to the date of payment: 31 + 31 + 30 + 9): 100,000,000 × 0.05 × 101 / 365 =
    // 1,383,561.64 → 1,383,562 cents (USD 13,835.62) go to the interest, 23,616,438 to the
    // principal: 76,383,562 cents left. To 2023-12-31, 83 days more (10-10 … 12-31: 22 + 30 + 31):
    // 76,383,562 × 0.05 × 83 / 365 = 868,470.52 → 868,471 cents, all unpaid. The row's days:
    // 07-01 … 12-31, 184.
    expect(exposureOf(paidOn('2023-10-09', 25_000_000), on('2023-12-31'))).toMatchObject([
      {
        principal: usd(76_383_562),
        interest: usd(868_471),
        amount: usd(76_383_562 + 868_471),
        since: '2023-07-01',
        through: '2023-12-31',
        days: 184,
        notes: expect.arrayContaining([
          'USD 13,835.62 of the payments went to the interest accrued to their dates before the principal (the United States rule, Story v. Livingston, 38 U.S. (13 Pet.) 359, 371 (1839)): the interest shown is what remains unpaid',
        ]),
      },
    ]);
    // Principal first: 75,000,000 cents of principal left, and the interest runs on unrounded: 101
    // days on 100,000,000 and 83 on 75,000,000, (10,100,000,000 + 6,225,000,000) × 0.05 / 365 =
    // 2,236,301.37 → 2,236,301 cents, none of it paid. USD 772,363.01 owed, USD 157.32 less than
    // interest first (the interest on the USD 13,835.62 that then went to the principal).
    const principalFirst = exposureOf(
      paidOn('2023-10-09', 25_000_000, PRINCIPAL_FIRST),
      on('2023-12-31'),
    );
    expect(principalFirst).toMatchObject([
      { principal: usd(75_000_000), interest: usd(2_236_301), days: 184 },
    ]);
    expect(principalFirst[0]?.notes.join(' ')).not.toContain('went to the interest');
    // The interest accrued in all, paid or not: 1,383,562 + 868,471 = 2,252,033 cents interest
    // first; 2,236,301 principal first.
    const payment = [{ on: on('2023-10-09'), minor: 25_000_000n }];
    for (const [interest, accrued] of [
      [{}, 2_252_033n],
      [PRINCIPAL_FIRST, 2_236_301n],
    ] as const)
      expect(
        postJudgmentInterest(
          100_000_000n,
          on('2023-06-30'),
          on('2023-12-31'),
          { annualRateBasisPoints: 500, ...interest },
          payment,
        ),
      ).toBe(accrued);
    // A payment smaller than the interest accrued: USD 10,000 on 10-09 pays 1,000,000 of the
    // 1,383,562 cents, leaves 383,562 unpaid, which earn nothing before the anniversary (the
    // surplus of interest is not added to the principal), and the principal whole: 100,000,000 ×
    // 0.05 × 83 / 365 = 1,136,986.30 → 1,136,986 cents more, 1,520,548 cents of interest owed.
    expect(exposureOf(paidOn('2023-10-09', 1_000_000), on('2023-12-31'))).toMatchObject([
      { principal: dollars(1_000_000), interest: usd(1_520_548), days: 184 },
    ]);
  });

  it('across an anniversary, interest compounded into the balance earns interest, is reported as interest and is paid before the principal', () => {
    // As in the year-boundary case: 2023-07-01 … 2024-06-30 earns 5,013,699 cents, compounded on
    // 2024-06-30 (the balance is 105,013,699); 07-01 … 07-11 (to the date of payment) earns
    // 105,013,699 × 0.05 × 11 / 365 = 158,239.82 → 158,240 cents, rounded when USD 100,000 is paid
    // 2024-07-11. The payment goes to those 158,240 cents, then to the 5,013,699 compounded, then
    // 4,828,061 to the principal: 95,171,939 cents left, the whole balance. 07-12 … 07-20, 9 days:
    // 95,171,939 × 0.05 × 9 / 365 = 117,334.58 → 117,335 cents. Days: 366 + 20 = 386.
    expect(exposureOf(paidOn('2024-07-11', 10_000_000), on('2024-07-20'))).toMatchObject([
      {
        principal: usd(95_171_939),
        interest: usd(117_335),
        amount: usd(95_171_939 + 117_335),
        through: '2024-07-20',
        days: 386,
      },
    ]);
    // USD 20,000: 158,240 cents to the interest since the anniversary, 1,841,760 to the compounded
    // interest, whose 3,171,939 cents left still earn interest with the principal: 103,171,939 ×
    // 0.05 × 9 / 365 = 127,198.28 → 127,198 cents; 3,299,137 cents of interest owed.
    expect(exposureOf(paidOn('2024-07-11', 2_000_000), on('2024-07-20'))).toMatchObject([
      { principal: dollars(1_000_000), interest: usd(3_299_137) },
    ]);
    // Principal first, USD 100,000 leaves 90,000,000 cents of principal and the 5,013,699
    // compounded in the balance: 11 days on 105,013,699 and 9 on 95,013,699, 2,010,273,980 × 0.05
    // / 365 = 275,379.99 → 275,380 cents: 5,289,079 cents of interest, 95,289,079 owed in all
    // (195 cents less: 9 days' interest on the 158,240 cents interest first paid instead).
    expect(
      exposureOf(paidOn('2024-07-11', 10_000_000, PRINCIPAL_FIRST), on('2024-07-20')),
    ).toMatchObject([{ principal: usd(90_000_000), interest: usd(5_289_079) }]);
  });

  it('interest that ran before a late extension stays owed while the new deadline runs and after it passes', () => {
    // Due 2023-06-30, unpaid; the deadline extended effective 2023-07-31 to Friday 2023-12-29. By
    // 07-30: 30 days × 100,000,000 × 0.05 / 365 = 410,958.90 → 410,959 cents, owed from the
    // extension on (the principal is due again after 12-29). On 2024-01-08: that, plus 10 days on
    // the new deadline (136,986.30 → 136,986): 547,945 cents of interest beside the principal.
    const s = extendedOn0731('2023-12-29');
    expect(exposureOf(s, on('2023-07-30'))).toMatchObject([{ interest: usd(410_959) }]);
    for (const d of ['2023-07-31', '2023-12-29'])
      expect([d, exposureOf(s, on(d))]).toMatchObject([
        d,
        [
          {
            basis: 'unpaid',
            principal: usd(0),
            interest: usd(410_959),
            since: '2023-07-01',
            through: '2023-07-30',
          },
        ],
      ]);
    expect(exposureOf(s, on('2024-01-08'))).toMatchObject([
      {
        principal: dollars(1_000_000),
        interest: usd(547_945),
        amount: usd(100_000_000 + 547_945),
        since: '2023-12-30',
      },
    ]);
    // USD 1,000,000 paid 2023-12-15, before the new deadline: it goes first to the interest under
    // the replaced one (410,959 cents), then 99,589,041 to the principal, so 410,959 cents of
    // principal fall due after 12-29 and earn interest from 12-30 (on 12-29 nothing is owed: the
    // interest is paid, the principal not yet due again). On 2024-01-08, 10 days: 410,959
    // × 0.05 × 10 / 365 = 562.96 → 563 cents. On 2025-06-01: 2023-12-30 … 2024-12-29 is 366 days,
    // 410,959 × 0.05 × 366 / 365 = 20,604.25 → 20,604 cents, compounded on 2024-12-29; then
    // 2024-12-30 … 2025-06-01, 2 + 31 + 28 + 31 + 30 + 31 + 1 = 154 days on 431,563: × 0.05 × 154 /
    // 365 = 9,104.21 → 9,104 cents: 29,708 cents of interest over 366 + 154 = 520 days.
    const paidBefore = (interest: Record<string, unknown>) =>
      orderOf(
        'stipulated_order',
        judgment({ interest: { annualRateBasisPoints: 500, ...interest } }),
        command(
          'ExtendDeadline',
          { obligationId: 'penalty', newDueOn: '2023-12-29', reason: 'Hardship' },
          { on: '2023-07-31', by: ACTORS.court },
        ),
        command(
          'MakePayment',
          { paymentId: 'p', obligationId: 'penalty', amount: dollars(1_000_000) },
          { on: '2023-12-15', by: ACTORS.x },
        ),
      );
    expect(exposureOf(paidBefore({}), on('2023-12-29'))).toEqual([]);
    for (const [d, interest, days] of [
      ['2024-01-08', 563, 10],
      ['2025-06-01', 29_708, 520],
    ] as const)
      expect([d, exposureOf(paidBefore({}), on(d))]).toMatchObject([
        d,
        [
          {
            principal: usd(410_959),
            interest: usd(interest),
            since: '2023-12-30',
            through: d,
            days,
          },
        ],
      ]);
    // Applied to the principal first, the payment clears it: the interest under the replaced
    // deadline is still owed, and the row keeps its 30 days (07-01 … 07-30), however late it is
    // asked about.
    for (const d of ['2024-01-08', '2025-06-01'])
      expect([
        d,
        exposureOf(paidBefore({ paymentApplication: 'principal_first' }), on(d)),
      ]).toMatchObject([
        d,
        [
          {
            principal: usd(0),
            interest: usd(410_959),
            since: '2023-07-01',
            through: '2023-07-30',
            days: 30,
            notes: expect.arrayContaining([expect.stringMatching(/a year from 2023-07-01,/)]),
          },
        ],
      ]);
  });

  it('extended after the deadline to a date already past: each day of interest runs once, the new deadline from the extension on', () => {
    // Due 2023-06-30, unpaid; extended effective 2023-07-31 to 2023-07-10. 07-01 … 07-30 ran under
    // the old deadline (30 days: 410,958.90 → 410,959 cents); the new one governs from 07-31, so on
    // 2023-08-09 it adds 07-31 … 08-09 (10 days: 136,986.30 → 136,986), not 07-11 … 08-09 again:
    // 547,945 cents in all.
    const s = extendedOn0731('2023-07-10');
    expect(exposureOf(s, on('2023-08-09'))).toMatchObject([
      {
        basis: 'unpaid',
        principal: dollars(1_000_000),
        interest: usd(547_945),
        since: '2023-07-31',
        through: '2023-08-09',
        days: 10,
      },
    ]);
  });

  /** The judgment at 5 % a year, waived effective 2023-07-31 (with `extra`), then `later`. */
  const waivedOn0731 = (extra: Record<string, unknown>, ...later: OrderCommand[]) =>
    orderOf(
      'stipulated_order',
      judgment({ interest: { annualRateBasisPoints: 500 } }),
      command(
        'WaiveObligation',
        { obligationId: 'penalty', reason: 'Suspended', ...extra },
        { on: '2023-07-31', by: ACTORS.court },
      ),
      ...later,
    );

  it('waived once late: the principal is no longer owed, the interest that ran to the waiver stays unless released', () => {
    // Due 2023-06-30, unpaid; waived effective 2023-07-31 (31 days late, to the waiver as days late
    // count): 31 × 100,000,000 × 0.05 / 365 = 424,657.53 → 424,658 cents, owed on every later date.
    for (const d of ['2023-07-31', '2024-07-01'])
      expect([d, exposureOf(waivedOn0731({}), on(d))]).toMatchObject([
        d,
        [{ principal: usd(0), interest: usd(424_658), through: '2023-07-31', days: 31 }],
      ]);
    expect(exposureOf(waivedOn0731({ releasesAccrued: true }), on('2023-08-01'))).toEqual([]);
  });

  it('paid after a waiver: the payment goes to the interest that stays', () => {
    // Waived effective 2023-07-31, 424,658 cents of interest stay (above); USD 2,000 paid 08-15
    // goes to them, the principal being no longer owed: 224,658 cents remain, over the same 31 days.
    const paidLater = waivedOn0731(
      {},
      command(
        'MakePayment',
        { paymentId: 'p', obligationId: 'penalty', amount: dollars(2_000) },
        { on: '2023-08-15', by: ACTORS.x },
      ),
    );
    expect(exposureOf(paidLater, on('2023-09-01'))).toMatchObject([
      { principal: usd(0), interest: usd(224_658), through: '2023-07-31', days: 31 },
    ]);
  });

  it('waived once late, then found breached: a finding keeps the status, never the principal the waiver excused', () => {
    // As above, and a finding effective 2023-08-15 about the one day 2023-07-01: the occurrence
    // reads breached, 31 days late to the waiver, and the finding's day is its own row (contempt,
    // not quantified). The unpaid row is still the interest that ran to the waiver alone (USD
    // 4,246.58), or none when the waiver releases what accrued; never the USD 1,000,000 again with
    // interest running past the waiver.
    const foundAfter = (extra: Record<string, unknown>) =>
      waivedOn0731(
        extra,
        command(
          'FindViolation',
          {
            violationId: 'v',
            obligationId: 'penalty',
            summary: 'Not paid',
            period: { from: '2023-07-01', to: '2023-07-01' },
          },
          { on: '2023-08-15', by: ACTORS.court },
        ),
      );
    const d = on('2024-07-01');
    expect(orderStatusOn(foundAfter({}), d).occurrences[0]).toMatchObject({
      status: 'breached',
      daysLate: 31,
    });
    const breach = {
      basis: 'contempt',
      cause: 'breach',
      since: '2023-07-01',
      through: '2023-07-01',
    };
    expect(exposureOf(foundAfter({}), d)).toMatchObject([
      breach,
      { basis: 'unpaid', principal: usd(0), interest: usd(424_658), through: '2023-07-31' },
    ]);
    expect(exposureOf(foundAfter({ releasesAccrued: true }), d)).toMatchObject([breach]);
  });

  it('waived, then extended late: the interest under the replaced deadline runs to the waiver, and stays', () => {
    // Due 2023-06-30, unpaid; waived effective 2023-07-10; extended effective 2023-07-31. The
    // interest that ran on the first deadline runs to the waiver, 07-01 … 07-10: 10 × 100,000,000 ×
    // 0.05 / 365 = 136,986.30 → 136,986 cents, owed whatever the extension sets: a date already
    // past (07-05: waived 5 days late to it, nothing more) or a later one (09-29: waived before it
    // fell due, so nothing under it). Not 30 days to the extension, nor nothing at all.
    const waivedThenExtended = (newDueOn: string) =>
      extendedOn0731(
        newDueOn,
        command(
          'WaiveObligation',
          { obligationId: 'penalty', reason: 'Suspended' },
          { on: '2023-07-10', by: ACTORS.court },
        ),
      );
    for (const newDueOn of ['2023-07-05', '2023-09-29'])
      expect([newDueOn, exposureOf(waivedThenExtended(newDueOn), on('2023-10-15'))]).toMatchObject([
        newDueOn,
        [{ basis: 'unpaid', principal: usd(0), interest: usd(136_986) }],
      ]);
    expect(exposureOf(waivedThenExtended('2023-09-29'), on('2023-10-15'))[0]?.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('waived effective 2023-07-10')]),
    );
  });

  it("survives the order's end", () => {
    const s = orderOf(
      'stipulated_order',
      judgment({}),
      command('TerminateOrder', { reason: 'Ended' }, { on: '2024-01-01', by: ACTORS.court }),
    );
    expect(exposureOf(s, on('2025-01-01'))).toMatchObject([
      { basis: 'unpaid', through: '2025-01-01', amount: dollars(1_000_000) },
    ]);
  });
});

describe('totals', () => {
  it('are per basis and currency, never summed across bases; contempt rows are counted, not quantified', () => {
    const rows = [
      { basis: 'stipulated', amount: usd(100) },
      { basis: 'stipulated', amount: usd(50) },
      { basis: 'statutory', amount: usd(7) },
      { basis: 'stipulated', amount: { amountMinor: 3, currency: 'EUR' } },
      { basis: 'contempt' },
    ] as unknown as Exposure[];
    expect(exposureTotals(rows)).toEqual([
      { basis: 'stipulated', currency: 'USD', amount: usd(150), rows: 2 },
      { basis: 'statutory', currency: 'USD', amount: usd(7), rows: 1 },
      {
        basis: 'stipulated',
        currency: 'EUR',
        amount: { amountMinor: 3, currency: 'EUR' },
        rows: 1,
      },
      { basis: 'contempt', rows: 1 },
    ]);
  });

  it('a sum past 2^53 minor units is a typed MONEY_OVERFLOW, never a rounded float', () => {
    const big = [
      { basis: 'unpaid', amount: usd(Number.MAX_SAFE_INTEGER) },
      { basis: 'unpaid', amount: usd(1) },
    ] as unknown as Exposure[];
    expect(() => exposureTotals(big)).toThrow(expect.objectContaining({ code: 'MONEY_OVERFLOW' }));
  });
});

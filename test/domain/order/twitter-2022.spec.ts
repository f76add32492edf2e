import { describe, expect, it } from 'vitest';
import {
  addDays,
  currentDeadline,
  decideOrder,
  evolveOrder,
  initialOrderState,
  obligationOccurrences,
  satisfactionOf,
  type CalendarDate,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
} from '../../../domain/index.js';
import { ACTORS, command } from '../../support/order-builders.js';

// The facts and their sources are in the shared case note (cases/twitter-2011-2022.md). Every value
// the sources do not give is marked in `metadata.assumed` with a short note saying what was assumed.
// Two instruments, two streams: the FTC's administrative order C-4316 (2011, modified in 2022),
// which holds the privacy and security duties the FTC oversees, and the court's stipulated order in
// 3:22-cv-03070, which holds the civil penalty (the court held it could not modify the FTC's order).

const FTC_PR_2011 = 'FTC press release, 2011-03-11; complaint in 3:22-cv-03070 ¶1, ¶17';
const ftc = (on: string, more: { source?: string; assumed?: readonly string[] } = {}) => ({
  on,
  by: ACTORS.ftc,
  ...more,
});
const ENTRY_2022 = [
  'effective date of the 2022 modification assumed to be the court entry, 2022-05-26 (a June 6, 2022 date is also reported)',
];

const ftcOrder: readonly OrderCommand[] = [
  command(
    'FileOrder',
    {
      orderId: 'ftc-c-4316',
      title: 'In the Matter of Twitter, Inc., Decision and Order',
      kind: 'administrative_order',
      forum: 'Federal Trade Commission',
      docket: 'C-4316',
    },
    ftc('2011-03-11', {
      source: FTC_PR_2011,
      assumed: ['filing date taken to be the date the FTC finalized the order'],
    }),
  ),
  command(
    'EnterOrder',
    { termEndsOn: '2031-03-11' },
    ftc('2011-03-11', {
      source: FTC_PR_2011,
      assumed: ['term end day computed as 20 years from 2011-03-11'],
    }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'no-misrepresentation',
      title: 'No misrepresentation of privacy and security practices',
      kind: 'prohibition',
      schedule: { kind: 'ongoing' },
      clause: 'Provision I',
    },
    ftc('2011-03-11', { source: 'complaint ¶17' }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'security-program-2011',
      title: 'Comprehensive information security program',
      kind: 'program',
      schedule: { kind: 'ongoing' },
      clause: 'Provision II',
    },
    ftc('2011-03-11', {
      source: 'Hunton, 2011',
      assumed: ['no deadline found: modelled as maintained for the term'],
    }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'biennial-assessments',
      title: 'Independent assessment every other year for 10 years',
      kind: 'assessment',
      schedule: {
        kind: 'recurring',
        every: { years: 2 },
        start: { afterEntry: { days: 180 } },
        until: '2021-03-11',
      },
      clause: 'Provision III',
    },
    ftc('2011-03-11', {
      source: FTC_PR_2011,
      assumed: [
        'first assessment 180 days after entry assumed',
        'last day of the 10 years computed as 2021-03-11',
      ],
    }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'compliance-report-2011',
      title: 'Report describing compliance with the order',
      kind: 'report',
      schedule: { kind: 'after', anchor: { kind: 'order_entry' }, offset: { days: 180 } },
    },
    ftc('2011-03-11', { source: 'Hunton, 2011', assumed: ['due 180 days after entry assumed'] }),
  ),
  command(
    'ModifyOrder',
    {
      summary: 'Order modified on the stipulated settlement; obligations run to 2042',
      termEndsOn: '2042-05-26',
    },
    ftc('2022-05-26', {
      source: 'EFF et al. letter, 2026-07-02',
      assumed: [...ENTRY_2022, 'term end day in 2042 assumed (20 years from entry)'],
    }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'ad-use-ban',
      title: 'No ads from phone numbers and e-mail collected for security',
      kind: 'prohibition',
      schedule: { kind: 'ongoing' },
    },
    ftc('2022-05-26', { source: 'FTC press release, 2022-05-25', assumed: ENTRY_2022 }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'user-notice',
      title: 'Notice to users of the misuse and of privacy controls',
      kind: 'notice',
      schedule: { kind: 'once', dueOn: '2022-06-25' },
    },
    ftc('2022-05-26', {
      source: 'FTC press release, 2022-05-25',
      assumed: [...ENTRY_2022, 'deadline not found: 30 days after entry assumed'],
    }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'privacy-security-program',
      title: 'Comprehensive privacy and information security program',
      kind: 'program',
      schedule: { kind: 'once', dueOn: '2022-11-22' },
    },
    ftc('2022-05-26', { source: 'Cruz/Jordan letter (deadline 2022-11-22)', assumed: ENTRY_2022 }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'incident-reports',
      title: 'Report of each covered incident to the FTC',
      kind: 'report',
      schedule: {
        kind: 'after',
        anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
        offset: { days: 30 },
      },
    },
    ftc('2022-05-26', {
      source: 'FTC business blog, via detik.com',
      assumed: [...ENTRY_2022, 'the 30 days assumed to run from discovery'],
    }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'annual-certification',
      title: 'Annual certification of compliance by a senior officer',
      kind: 'certification',
      schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-05-26' } },
    },
    ftc('2022-05-26', {
      source: 'DOJ press release via Compliance Week',
      assumed: [...ENTRY_2022, 'first certification due one year after entry assumed'],
    }),
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'corporate-change-notice',
      title: 'Sworn compliance notice of a change in corporate structure',
      kind: 'notice',
      schedule: {
        kind: 'after',
        anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
        offset: { days: 14 },
      },
    },
    ftc('2022-05-26', { source: 'David Vladeck, quoted by CNN', assumed: ENTRY_2022 }),
  ),
  command(
    'FileSubmission',
    {
      submissionId: 'user-notice-2022-06-22',
      obligationId: 'user-notice',
      title: 'Notice posted in the Help Center and in timelines',
    },
    { on: '2022-06-22', by: ACTORS.twitter, source: 'SlashGear' },
  ),
  command(
    'RecordCorporateChange',
    {
      changeId: 'musk-acquisition',
      summary: 'Acquisition by Elon Musk closes; Twitter becomes part of X Holdings',
    },
    { on: '2022-10-27', by: ACTORS.twitter, source: 'CNN' },
  ),
  command(
    'DemandInformation',
    {
      demandId: 'ftc-demand-2022-11',
      summary: 'Demand letter on staff reductions and product security reviews',
      dueOn: '2022-12-12',
    },
    ftc('2022-11-10', {
      source:
        'House Weaponization Subcommittee interim report (letters from 2022-11-10 to 2023-01-18)',
      assumed: [
        'this letter dated 2022-11-10, the first day of the reported range',
        'response due 2022-12-12 assumed',
      ],
    }),
  ),
  command(
    'FilePetition',
    {
      petitionId: 'petition-2026',
      relief: 'set_aside',
      summary: 'Set aside the 2022 order, or modify it to end at the end of 2026',
    },
    {
      on: '2026-05-15',
      by: ACTORS.x,
      source: 'EFF',
      assumed: ['date per EFF; other reports say 2026-06-03'],
    },
  ),
];

const court: readonly OrderCommand[] = [
  command(
    'FileOrder',
    {
      orderId: 'us-v-twitter-3-22-cv-03070',
      title: 'Stipulated Order for Civil Penalty, Monetary Judgment, and Injunctive Relief',
      kind: 'stipulated_order',
      forum: 'U.S. District Court, N.D. Cal.',
      docket: '3:22-cv-03070-TSH',
    },
    { on: '2022-05-25', by: ACTORS.doj, source: 'docketalarm, Doc. 1' },
  ),
  command(
    'EnterOrder',
    {},
    { on: '2022-05-26', by: ACTORS.court, source: 'ECF No. 11; Hixson order (casetext)' },
  ),
  command(
    'ImposeObligation',
    {
      obligationId: 'civil-penalty',
      title: 'Civil penalty',
      kind: 'payment',
      amount: { amountMinor: 15_000_000_000, currency: 'USD' },
      schedule: { kind: 'after', anchor: { kind: 'order_entry' }, offset: { days: 7 } },
    },
    {
      on: '2022-05-26',
      by: ACTORS.court,
      source: 'DOJ/FTC press releases',
      assumed: ['payment deadline not found: 7 days after entry assumed'],
    },
  ),
  command(
    'IssuePublicStatement',
    {
      statementId: 'cpo-2022-05-25',
      summary: 'In reaching this settlement, we have paid a $150M USD penalty',
    },
    {
      on: '2022-05-25',
      by: { role: 'company', name: 'Twitter, Inc. (Damien Kieran, chief privacy officer)' },
      source: 'prothomalo',
    },
  ),
  command(
    'MakePayment',
    {
      paymentId: 'penalty-payment',
      obligationId: 'civil-penalty',
      amount: { amountMinor: 15_000_000_000, currency: 'USD' },
    },
    {
      on: '2022-05-25',
      by: ACTORS.twitter,
      source: 'CPO statement, 2022-05-25',
      assumed: ['paid on the day Twitter said it had paid'],
    },
  ),
];

/** Decides each command against the state so far and folds its events; every command must record exactly one event. */
const decideAll = (
  commands: readonly OrderCommand[],
): { events: OrderEvent[]; state: OrderState } => {
  let state = initialOrderState();
  const events: OrderEvent[] = [];
  for (const c of commands) {
    const recorded = decideOrder(c, state);
    expect(recorded, `${c.type} ${JSON.stringify(c.data)}`).toHaveLength(1);
    for (const e of recorded) {
      events.push(e);
      state = evolveOrder(state, e);
    }
  }
  return { events, state };
};

const dueDates = (s: OrderState, id: string, horizon: string) =>
  obligationOccurrences(s, id, horizon as CalendarDate).map((o) => [
    o.key,
    currentDeadline(s, id, o.key),
  ]);

describe('the Twitter case, as commands', () => {
  const ftcC4316 = decideAll(ftcOrder);
  const usVTwitter = decideAll(court);

  it('decides every fact without a refusal', () => {
    expect(ftcC4316.events).toHaveLength(ftcOrder.length);
    expect(usVTwitter.events).toHaveLength(court.length);
  });

  it('the FTC order, modified, runs to 2042 with its duties', () => {
    const s = ftcC4316.state;
    expect(s.phase).toBe('entered');
    expect(s.terms.at(-1)?.termEndsOn).toBe('2042-05-26');
    expect(Object.keys(s.obligations)).toEqual([
      'no-misrepresentation',
      'security-program-2011',
      'biennial-assessments',
      'compliance-report-2011',
      'ad-use-ban',
      'user-notice',
      'privacy-security-program',
      'incident-reports',
      'annual-certification',
      'corporate-change-notice',
      'ftc-demand-2022-11',
    ]);
  });

  it('the program is due 2022-11-22, 180 days after the court entered the stipulated order', () => {
    expect(currentDeadline(ftcC4316.state, 'privacy-security-program', 'once')).toBe('2022-11-22');
    expect(addDays('2022-05-26' as CalendarDate, 180)).toBe('2022-11-22');
  });

  it('the Musk closing on 2022-10-27 made the corporate-change notice due 2022-11-10', () =>
    expect(dueDates(ftcC4316.state, 'corporate-change-notice', '2042-05-26')).toEqual([
      ['musk-acquisition', '2022-11-10'],
    ]));

  it('no incident report is due: no covered incident is in the sources', () =>
    expect(dueDates(ftcC4316.state, 'incident-reports', '2042-05-26')).toEqual([]));

  it('annual certifications fall due each year, rolled past weekends and Memorial Day', () =>
    expect(dueDates(ftcC4316.state, 'annual-certification', '2025-12-31')).toEqual([
      ['2023-05-26', '2023-05-26'],
      ['2024-05-26', '2024-05-28'],
      ['2025-05-26', '2025-05-27'],
    ]));

  it('the 2011 assessments recur every other year for ten years, rolled to business days', () =>
    expect(dueDates(ftcC4316.state, 'biennial-assessments', '2042-05-26')).toEqual([
      ['2011-09-07', '2011-09-07'],
      ['2013-09-07', '2013-09-09'],
      ['2015-09-07', '2015-09-08'],
      ['2017-09-07', '2017-09-07'],
      ['2019-09-07', '2019-09-09'],
    ]));

  it('the user notice posted 2022-06-22 satisfies its duty on time', () =>
    expect(satisfactionOf(ftcC4316.state, 'user-notice', 'once')).toMatchObject({
      status: 'satisfied',
      on: '2022-06-22',
    }));

  it('the demand letter is a dated duty to answer', () => {
    expect(ftcC4316.state.obligations['ftc-demand-2022-11']?.origin).toBe('demand');
    expect(currentDeadline(ftcC4316.state, 'ftc-demand-2022-11', 'once')).toBe('2022-12-12');
  });

  it('the USD 150,000,000 penalty was paid before it fell due', () => {
    const s = usVTwitter.state;
    expect(currentDeadline(s, 'civil-penalty', 'once')).toBe('2022-06-02');
    expect(satisfactionOf(s, 'civil-penalty', 'once')).toMatchObject({
      status: 'satisfied',
      on: '2022-05-25',
    });
  });

  it('names the regulator, the court and the company on every fact', () => {
    const roles = new Set(
      [...ftcC4316.events, ...usVTwitter.events].map((e) => e.metadata.actor.role),
    );
    expect(roles).toEqual(new Set(['regulator', 'court', 'company']));
  });

  it('marks every assumed value', () => {
    const assumed = (events: readonly OrderEvent[]) =>
      events.filter((e) => (e.metadata.assumed ?? []).length > 0).map((e) => e.type);
    expect(assumed(usVTwitter.events)).toEqual(['ObligationImposed', 'PaymentMade']);
    expect(assumed(ftcC4316.events)).toEqual([
      'OrderFiled',
      'OrderEntered',
      'ObligationImposed',
      'ObligationImposed',
      'ObligationImposed',
      'OrderModified',
      ...Array<string>(6).fill('ObligationImposed'),
      'InformationDemanded',
      'PetitionFiled',
    ]);
  });
});

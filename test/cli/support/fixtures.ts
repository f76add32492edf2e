import type {
  DeadlineEntry,
  DocketEntry,
  Explanation,
  Exposure,
  LedgerLine,
  OccurrenceAnswer,
  OrderAnswer,
  OrderTimeline,
} from '../../../projections/index.js';

/** Casts plain test data to a projection type (branded dates and ids are plain strings here). */
const as = <T>(v: unknown): T => v as T;

/** An overdue occurrence, 40 days late. */
export const overdue: OccurrenceAnswer = as({
  id: 'A-5-privacy-security-program/once',
  obligationId: 'A-5-privacy-security-program',
  key: 'once',
  title: 'Establish a comprehensive privacy and information security program',
  kind: 'program',
  nominalDueOn: '2022-11-22',
  dueOn: '2022-11-22',
  status: 'overdue',
  daysLate: 40,
  reasons: ['due 2022-11-22', 'no satisfying evidence; overdue since 2022-11-23'],
  because: ['e-1'],
  allegations: [
    {
      violationId: 'v-1',
      on: '2022-12-01',
      eventId: 'e-7',
      actor: 'DOJ',
      summary: 'Program never established',
    },
  ],
  assumed: [
    {
      eventId: '3539c07a-afca-428c-849d-f87337d43c67',
      field: 'effectiveOn',
      note: 'date of the 2022 Order assumed',
    },
  ],
  sources: [{ eventId: '3539c07a-afca-428c-849d-f87337d43c67', source: 'Cruz/Jordan letter' }],
});

/** A satisfied payment occurrence. */
export const satisfied: OccurrenceAnswer = as({
  id: 'S-1-civil-penalty/once',
  obligationId: 'S-1-civil-penalty',
  key: 'once',
  title: 'Pay a civil penalty',
  kind: 'payment',
  nominalDueOn: '2022-06-02',
  dueOn: '2022-06-02',
  status: 'satisfied',
  satisfiedOn: '2022-05-25',
  reasons: ['due 2022-06-02'],
  because: ['e-2', 'e-3'],
  allegations: [],
  assumed: [],
  sources: [],
});

/** A non-compliant order. */
export const ftc: OrderAnswer = as({
  orderId: 'ftc-c4316',
  title: 'In the Matter of Twitter, Inc.: Decision and Order',
  asOf: '2023-01-01',
  status: 'non_compliant',
  occurrences: [overdue],
  reasons: ['A-5-privacy-security-program/once is overdue'],
});

/** A compliant order. */
export const doj: OrderAnswer = as({
  orderId: 'us-v-twitter-2022',
  title: 'Stipulated Order',
  asOf: '2023-01-01',
  status: 'compliant',
  occurrences: [satisfied],
  reasons: [],
});

/** How the overdue occurrence's deadline was computed (no roll). */
export const computation: Explanation['computation'] = as({
  schedule: 'once, due 2022-11-22',
  nominalDueOn: '2022-11-22',
  scheduledDueOn: '2022-11-22',
  skipped: [],
  rule: 'FRCP 6(a)(1)(C): a last day on a weekend or legal holiday rolls to the next business day',
});

/** A deadline coming up, rolled past a weekend. */
export const upcoming: DeadlineEntry = as({
  ...overdue,
  orderId: 'ftc-c4316',
  status: 'upcoming',
  daysLate: undefined,
  computation: {
    ...computation,
    nominalDueOn: '2022-11-20',
    skipped: [
      { date: '2022-11-20', why: 'Sunday' },
      { date: '2022-11-21', why: 'Saturday' },
    ],
  },
});

/** Statutory exposure of the overdue occurrence: 40 days at USD 46,517. */
export const exposure: Exposure = as({
  occurrenceId: overdue.id,
  obligationId: overdue.obligationId,
  status: 'overdue',
  basis: 'statutory',
  cause: 'late',
  days: 40,
  daysCounted: 40,
  since: '2022-11-23',
  through: '2023-01-01',
  amount: { amountMinor: 186_068_000, currency: 'USD' },
  label: 'statutory ceiling for one continuing violation; not a prediction',
  citation: '15 U.S.C. 45(l)',
  rate: {
    from: '2022-01-10',
    perDay: { amountMinor: 4_651_700, currency: 'USD' },
    source: '87 FR 1070 (2022)',
  },
  notes: [],
  because: ['e-1'],
});

/** The civil penalty, paid. */
export const ledgerLine: LedgerLine = {
  currency: 'USD',
  imposedMinor: 15_000_000_000,
  paidMinor: 15_000_000_000,
  outstandingMinor: 0,
  because: ['e-2'],
};

/** One docket entry, retracted. */
export const docketEntry: DocketEntry = as({
  eventId: 'e-9',
  effectiveOn: '2022-06-22',
  recordedAt: '2023-01-01T00:00:00.000Z',
  type: 'PublicStatementIssued',
  side: 'response',
  actor: { role: 'company', name: 'Twitter, Inc. (Office of the Chief Privacy Officer)' },
  summary: 'User notice posted in the Help Center',
  retracted: true,
});

/** A two-segment timeline. */
export const timeline: OrderTimeline = as({
  orderId: 'ftc-c4316',
  from: '2022-05-26',
  to: '2023-01-01',
  order: [
    { from: '2022-05-26', value: 'compliant' },
    { from: '2022-11-23', value: 'non_compliant' },
  ],
  occurrences: {
    [overdue.id]: {
      obligationId: overdue.obligationId,
      key: 'once',
      title: overdue.title,
      segments: [
        { from: '2022-05-26', value: { status: 'upcoming', dueOn: '2022-11-22' } },
        { from: '2022-11-23', value: { status: 'overdue', dueOn: '2022-11-22' } },
      ],
    },
  },
});

/** The explanation of the overdue occurrence. */
export const explanation: Explanation = as({
  answer: overdue,
  events: [
    {
      id: '3539c07a-afca-428c-849d-f87337d43c67',
      type: 'ObligationImposed',
      schemaVersion: 1,
      data: {
        obligationId: overdue.obligationId,
        title: overdue.title,
        kind: 'program',
        schedule: { kind: 'once', dueOn: '2022-11-22' },
        clause: 'Section V',
        clauseText: 'establish and implement a comprehensive privacy program',
      },
      metadata: {
        effectiveOn: '2022-05-26',
        actor: { role: 'regulator', name: 'FTC' },
        source: 'Cruz/Jordan letter',
      },
    },
  ],
  considered: [
    {
      id: 'b223d7b7-0286-4e4e-ac18-b2c89950771c',
      type: 'ViolationAlleged',
      schemaVersion: 1,
      data: {
        violationId: 'v-1',
        obligationId: overdue.obligationId,
        summary: 'Program never established',
      },
      metadata: {
        effectiveOn: '2022-12-01',
        actor: { role: 'regulator', name: 'DOJ' },
        source: 'complaint, Dkt. 1',
      },
    },
  ],
  computation,
  noEvidence: true,
});

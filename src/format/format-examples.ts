import type { OrderEventType } from '../../domain/index.js';

/**
 * The format reference's examples: one invented order ("Example Corp.", not a real case) whose
 * history uses every event type once or more, in an order the rules accept, so that the file they
 * make imports cleanly into an empty store (a test does it). Each event type's entry in
 * docs/format.md quotes its first line here.
 */
export const FORMAT_STORY_ORDER = 'example-2024';

const court = { role: 'court', name: 'U.S. District Court, N.D. Cal.' } as const;
const ftc = { role: 'regulator', name: 'FTC' } as const;
const company = { role: 'company', name: 'Example Corp.' } as const;
const assessor = { role: 'assessor', name: 'Independent Assessors LLP' } as const;

type Actor = typeof court | typeof ftc | typeof company | typeof assessor;
type Step = readonly [
  OrderEventType,
  string,
  Actor,
  Record<string, unknown>,
  Record<string, unknown>?,
];

const usd = (dollars: number) => ({ amountMinor: dollars * 100, currency: 'USD' });

const STEPS: readonly Step[] = [
  [
    'OrderFiled',
    '2024-03-01',
    court,
    {
      orderId: FORMAT_STORY_ORDER,
      title: 'United States v. Example Corp. (stipulated order)',
      kind: 'stipulated_order',
      forum: 'U.S. District Court, N.D. Cal.',
      docket: '5:24-cv-01234',
      dayCounting: { rule: 'frcp6' },
      warningDays: 30,
    },
    { source: 'Dkt. 1 (complaint and proposed stipulated order)' },
  ],
  ['OrderEntered', '2024-03-05', court, { termEndsOn: '2044-03-04' }, { source: 'Dkt. 9' }],
  [
    'ObligationImposed',
    '2024-03-05',
    court,
    {
      obligationId: 'civil-penalty',
      title: 'Civil penalty',
      kind: 'payment',
      schedule: { kind: 'once', dueOn: '2024-04-04' },
      amount: usd(5_000_000),
      interest: { annualRateBasisPoints: 484 },
      clause: 'Section II',
    },
  ],
  [
    'ObligationImposed',
    '2024-03-05',
    court,
    {
      obligationId: 'annual-certification',
      title: 'Annual compliance certification',
      kind: 'certification',
      schedule: { kind: 'recurring', every: { years: 1 }, start: { afterEntry: { years: 1 } } },
      stipulatedPenalties: [
        { fromDay: 1, toDay: 10, perDay: usd(500) },
        { fromDay: 11, perDay: usd(2_000) },
      ],
      clause: 'Section VIII',
      clauseText: 'Defendant shall submit a compliance certification each year.',
    },
  ],
  [
    'ObligationImposed',
    '2024-03-05',
    court,
    {
      obligationId: 'incident-report',
      title: 'Covered incident report',
      kind: 'report',
      schedule: {
        kind: 'after',
        anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
        offset: { days: 30 },
        condition: { measure: 'usersAffected', op: '>=', value: 250 },
      },
      clause: 'Section IX',
    },
  ],
  [
    'ObligationImposed',
    '2024-03-05',
    court,
    {
      obligationId: 'change-notice',
      title: 'Notice of a change in corporate structure',
      kind: 'notice',
      schedule: {
        kind: 'before',
        anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
        offset: { days: 30 },
      },
    },
  ],
  [
    'ObligationImposed',
    '2024-03-05',
    court,
    {
      obligationId: 'launch-review',
      title: 'Privacy review of a new product',
      kind: 'report',
      schedule: {
        kind: 'after',
        anchor: { kind: 'trigger', fact: 'ProductLaunched' },
        offset: { days: 14 },
      },
    },
  ],
  [
    'ObligationImposed',
    '2024-03-05',
    court,
    {
      obligationId: 'ad-ban',
      title: 'No use of security data for advertising',
      kind: 'prohibition',
      schedule: { kind: 'ongoing' },
    },
  ],
  [
    'ObligationImposed',
    '2024-03-05',
    court,
    {
      obligationId: 'privacy-program',
      title: 'Privacy program',
      kind: 'program',
      schedule: { kind: 'after', anchor: { kind: 'order_entry' }, offset: { days: 90 } },
    },
  ],
  [
    'ObligationImposed',
    '2024-03-05',
    court,
    {
      obligationId: 'assessment',
      title: 'Initial independent assessment',
      kind: 'assessment',
      schedule: { kind: 'once', dueOn: '2024-09-05' },
      requiresAcceptance: true,
    },
  ],
  [
    'PublicStatementIssued',
    '2024-03-06',
    company,
    {
      statementId: 'press-1',
      summary: 'Example Corp. comments on the settlement',
      url: 'https://example.com/news/settlement',
    },
  ],
  [
    'AssessorApproved',
    '2024-03-20',
    ftc,
    { assessor: 'Independent Assessors LLP', obligationId: 'assessment' },
  ],
  [
    'PaymentMade',
    '2024-04-01',
    company,
    {
      paymentId: 'wire-1',
      obligationId: 'civil-penalty',
      occurrence: 'once',
      amount: usd(5_000_000),
    },
  ],
  [
    'InformationDemanded',
    '2024-05-02',
    ftc,
    {
      demandId: 'demand-1',
      summary: 'Records of ad targeting inputs',
      respondWithin: { days: 30 },
    },
  ],
  [
    'ExtensionRequested',
    '2024-05-20',
    company,
    {
      requestId: 'ext-1',
      obligationId: 'demand-1',
      occurrence: 'once',
      requestedDueOn: '2024-06-14',
    },
  ],
  [
    'DeadlineExtended',
    '2024-05-22',
    ftc,
    {
      obligationId: 'demand-1',
      occurrence: 'once',
      newDueOn: '2024-06-14',
      reason: 'Granted as asked',
    },
  ],
  [
    'SubmissionFiled',
    '2024-06-03',
    company,
    {
      submissionId: 'program-doc',
      obligationId: 'privacy-program',
      occurrence: 'once',
      title: 'Privacy program documentation',
    },
  ],
  [
    'SubmissionFiled',
    '2024-06-10',
    company,
    {
      submissionId: 'demand-1-answer',
      obligationId: 'demand-1',
      occurrence: 'once',
      title: 'Answer to the demand',
    },
  ],
  [
    'IncidentDiscovered',
    '2024-07-01',
    company,
    {
      incidentId: 'incident-7',
      summary: 'Misconfigured storage bucket',
      usersAffected: 1200,
      measures: { recordsExposed: 5400 },
    },
  ],
  [
    'SubmissionFiled',
    '2024-07-25',
    company,
    {
      submissionId: 'incident-7-report',
      obligationId: 'incident-report',
      occurrence: 'incident-7',
      title: 'Incident report',
    },
  ],
  [
    'SubmissionFiled',
    '2024-09-03',
    assessor,
    {
      submissionId: 'assessment-1',
      obligationId: 'assessment',
      occurrence: 'once',
      title: 'Initial assessment',
    },
  ],
  [
    'SubmissionRejected',
    '2024-09-20',
    ftc,
    { submissionId: 'assessment-1', reason: 'Scope omits the ads systems' },
  ],
  [
    'SubmissionFiled',
    '2024-10-01',
    assessor,
    {
      submissionId: 'assessment-2',
      obligationId: 'assessment',
      occurrence: 'once',
      title: 'Initial assessment (revised)',
    },
  ],
  ['SubmissionAccepted', '2024-10-15', ftc, { submissionId: 'assessment-2' }],
  [
    'ProductLaunched',
    '2024-11-01',
    company,
    { productId: 'app-2', summary: 'Launch of the Example app 2.0' },
  ],
  [
    'ViolationAlleged',
    '2024-11-15',
    ftc,
    {
      violationId: 'ads-2024',
      obligationId: 'ad-ban',
      occurrence: 'ongoing',
      summary: 'Phone numbers used for ad targeting',
    },
  ],
  [
    'ViolationAlleged',
    '2024-11-15',
    ftc,
    {
      violationId: 'late-notice',
      obligationId: 'launch-review',
      occurrence: 'app-2',
      summary: 'Review not filed',
    },
  ],
  [
    'AllegationResolved',
    '2024-12-02',
    ftc,
    {
      violationId: 'late-notice',
      resolution: 'withdrawn',
      summary: 'The review was filed on time',
    },
  ],
  [
    'ClosureDeclared',
    '2025-01-09',
    court,
    { closedOn: '2025-01-09', reason: 'Executive order: a day of mourning for President Carter' },
  ],
  [
    'CorporateChangeOccurred',
    '2025-01-10',
    company,
    { changeId: 'merger-1', summary: 'Merger with Sample Inc. announced', occursOn: '2025-06-30' },
  ],
  [
    'ViolationFound',
    '2025-01-20',
    court,
    {
      violationId: 'ads-2024',
      obligationId: 'ad-ban',
      occurrence: 'ongoing',
      summary: 'Security data used for ads',
      period: { from: '2024-08-01', to: '2024-10-31' },
      count: 1,
    },
  ],
  [
    'PenaltyAssessed',
    '2025-02-01',
    court,
    {
      penaltyId: 'ads-penalty',
      amount: usd(250_000),
      dueOn: '2025-03-03',
      reason: 'Violation ads-2024',
    },
  ],
  [
    'ViolationCured',
    '2025-02-15',
    company,
    { violationId: 'ads-2024', summary: 'Targeting inputs removed' },
  ],
  [
    'SubmissionFiled',
    '2025-03-01',
    company,
    {
      submissionId: 'certification-2025',
      obligationId: 'annual-certification',
      occurrence: '2025-03-05',
      title: 'Certification 2025',
    },
  ],
  [
    'ObligationAmended',
    '2025-04-01',
    court,
    {
      obligationId: 'annual-certification',
      changes: {
        clauseText: 'Defendant shall submit a certification signed by its CEO each year.',
      },
    },
  ],
  [
    'ObligationWaived',
    '2025-04-15',
    ftc,
    {
      obligationId: 'launch-review',
      occurrence: 'app-2',
      reason: 'Review folded into the assessment',
    },
  ],
  [
    'ObligationImposed',
    '2025-05-01',
    court,
    {
      obligationId: 'privacy-program-2',
      title: 'Revised privacy program',
      kind: 'program',
      schedule: { kind: 'once', dueOn: '2025-08-01' },
    },
  ],
  [
    'ObligationSuperseded',
    '2025-05-01',
    court,
    {
      obligationId: 'privacy-program',
      successor: { obligationId: 'privacy-program-2' },
      summary: 'Replaced by the revised program',
    },
  ],
  [
    'ObligationAssigned',
    '2025-05-02',
    company,
    {
      obligationId: 'privacy-program-2',
      owner: { name: 'Dana Reyes, Chief Privacy Officer', email: 'dana.reyes@example.com' },
      backup: { name: 'Sam Okafor, Deputy General Counsel', email: 'sam.okafor@example.com' },
    },
  ],
  [
    'PetitionFiled',
    '2025-06-02',
    company,
    { petitionId: 'petition-1', relief: 'modify', summary: 'Petition to drop the launch reviews' },
  ],
  [
    'PetitionDecided',
    '2025-07-01',
    court,
    { petitionId: 'petition-1', ruling: 'denied', summary: 'Denied' },
  ],
  [
    'PetitionFiled',
    '2025-07-02',
    company,
    { petitionId: 'motion-3', relief: 'other', summary: 'Motion to seal the assessment' },
  ],
  [
    'MotionDecided',
    '2025-07-15',
    court,
    { motionId: 'motion-3', ruling: 'granted_in_part', summary: 'Motion to seal, granted in part' },
  ],
  [
    'OrderModified',
    '2025-09-01',
    court,
    {
      summary: 'The FTC counts days under 16 C.F.R. 4.3(a) from now on',
      dayCounting: { rule: 'ftc-4.3a' },
    },
  ],
  [
    'EntryRetracted',
    '2025-09-02',
    company,
    {
      eventId: '00000000-0000-4000-8000-00000000000b',
      reason: 'The statement was posted in error',
    },
  ],
  ['OrderTerminated', '2044-03-05', court, { reason: 'The term ended', kind: 'expired' }],
];

/** The story's lines as import lines, in order (event ids are fixed, so the file imports once). */
export const formatStory = (): readonly Record<string, unknown>[] =>
  STEPS.map(([type, effectiveOn, actor, data, extra], i) => ({
    stream: `order-${FORMAT_STORY_ORDER}`,
    id: `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    data,
    metadata: { effectiveOn, actor, ...extra },
  }));

// STORED SHAPES: never edit a schema in place once released. A change is a new schemaVersion
// with an upcaster (order.upcasters.ts) and a golden fixture of the old shape.
import { z } from 'zod';
import { Schedule, DayCounting, Offset } from '../schedule/schedule.schema.js';
import {
  CalendarDate,
  EventId,
  FactId,
  Money,
  ObligationId,
  OrderId,
  Text,
} from '../shared/primitives.js';
import { documented } from '../shared/documented.js';
import { EVENT_DOCS, EVENT_FIELD_DOCS, FIELD_DOCS } from './order.docs.js';
import { EventMetadata } from './order.metadata.js';

/** The kinds of duty an order imposes. */
export const ObligationKind = z.enum([
  'payment',
  'report',
  'certification',
  'assessment',
  'notice',
  'program',
  'prohibition',
  'cooperation',
  'recordkeeping',
]);
/** An obligation's kind. */
export type ObligationKind = z.infer<typeof ObligationKind>;

/** One stipulated-penalty tier: `perDay` for each day late from `fromDay` to `toDay` (inclusive, 1-based). */
export const PenaltyTier = z.strictObject(
  documented(
    { fromDay: z.int().min(1), toDay: z.int().min(1).optional(), perDay: Money },
    {
      fromDay:
        'The first day of violation this tier covers (1 = the day after the deadline; a finding about days late continues their count).',
      toDay: 'The last day late it covers (inclusive); omitted: every later day.',
      perDay: 'The penalty for each day in the tier: { amountMinor, currency }.',
    },
  ),
);
/** A stipulated-penalty tier. */
export type PenaltyTier = z.infer<typeof PenaltyTier>;

/**
 * How a partial payment of a judgment bearing interest is applied: to the interest accrued to its
 * date first, then to the principal (the United States rule, the default), or to the principal first.
 */
export const PaymentApplication = z.enum(['interest_first', 'principal_first']);
/** A payment application. */
export type PaymentApplication = z.infer<typeof PaymentApplication>;

/**
 * Post-judgment interest on a money judgment (28 U.S.C. 1961): the annual rate the judgment states,
 * in basis points (484 = 4.84 %), computed daily and compounded annually from the day after the
 * payment fell due, and how payments are applied to it.
 */
export const PostJudgmentInterest = z.strictObject(
  documented(
    {
      annualRateBasisPoints: z.int().min(0).max(100_000),
      paymentApplication: PaymentApplication.optional(),
    },
    {
      annualRateBasisPoints:
        'The annual rate the judgment states, in basis points (484 = 4.84 %): computed daily, compounded annually (28 U.S.C. 1961).',
      paymentApplication:
        '"interest_first" (the default): a payment goes to the interest accrued to its date, then to the principal (the United States rule: Story v. Livingston, 38 U.S. (13 Pet.) 359, 371 (1839); for debts owed the United States, 31 C.F.R. 901.9(f)); "principal_first": to the principal, then to the interest, where the order says so.',
    },
  ),
);
/** Post-judgment interest terms. */
export type PostJudgmentInterest = z.infer<typeof PostJudgmentInterest>;

/** The kinds of instrument Decree models. */
export const InstrumentKind = z.enum([
  'stipulated_order',
  'consent_decree',
  'administrative_order',
  'judgment',
  'other',
]);
/** An instrument's kind. */
export type InstrumentKind = z.infer<typeof InstrumentKind>;

const occurrence = z.string().min(1).max(128).optional();

/**
 * The day a change takes effect when it is recorded ahead of it (announced, agreed): the event's
 * own date is when it became known. A duty due "30 days before" the change counts back from it.
 */
const occursOn = CalendarDate.optional();

/** Numbers a triggering fact carries, by name, for an obligation's trigger `condition` (e.g. `{ "recordsExposed": 12000 }`). */
const measures = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), z.number().finite())
  .optional();

/**
 * Whether the order's evidence record is complete (the default: the company or the regulator
 * records every submission in Decree, so a missing filing is a default) or partial (a record
 * reconstructed from public sources: missing evidence reads `unverified`, never `overdue`).
 */
export const EvidenceRecord = z.enum(['complete', 'partial']);
/** An evidence record's completeness. */
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;

/** How an order ended (design.md 6.1): by order, by its term running out, set aside (void from the start), or replaced by another order. */
export const OrderEndKind = z.enum(['terminated', 'expired', 'vacated', 'superseded']);
/** How an order ended. */
export type OrderEndKind = z.infer<typeof OrderEndKind>;

/** The outcome of a petition or a motion. */
export const Ruling = z.enum(['granted', 'denied', 'granted_in_part']);
/** A ruling's outcome. */
export type Ruling = z.infer<typeof Ruling>;

/** How an allegation ended without a finding. */
export const AllegationResolution = z.enum([
  'withdrawn',
  'dismissed',
  'consent_judgment_without_admission',
]);
/** How an allegation ended. */
export type AllegationResolution = z.infer<typeof AllegationResolution>;

/** The period of conduct a finding covers: from its first day to its last (inclusive; open while it goes on). */
export const ViolationPeriod = z.strictObject(
  documented(
    { from: CalendarDate, to: CalendarDate.optional() },
    {
      from: 'The first day of the conduct, YYYY-MM-DD.',
      to: 'The last day of the conduct (inclusive); omitted while it goes on.',
    },
  ),
);
/** A violation's period. */
export type ViolationPeriod = z.infer<typeof ViolationPeriod>;

/** What replaces a superseded obligation or order: another order, another obligation, or both. */
export const Successor = z.strictObject(
  documented(
    { orderId: OrderId.optional(), obligationId: ObligationId.optional() },
    {
      orderId: 'The order that takes over (another stream).',
      obligationId: 'The obligation that takes over (in this order, or in `orderId`).',
    },
  ),
);
/** A successor. */
export type Successor = z.infer<typeof Successor>;

/** A person who answers for a duty: a name and an e-mail address (what calendars and digests reach). */
export const Person = z.strictObject(
  documented(
    { name: z.string().trim().min(1).max(200), email: z.email().max(254) },
    {
      name: 'The person\'s name, as the company names them (e.g. "Jane Roe, Chief Privacy Officer").',
      email: 'Where reminders and digests reach them, e.g. "jane.roe@example.com".',
    },
  ),
);
/** A person who answers for a duty. */
export type Person = z.infer<typeof Person>;

/** A change reaches back to occurrences due before its effective date only when it says so (an order whose text says so). */
const retroactive = z.boolean().optional();
const terms = {
  title: Text,
  kind: ObligationKind,
  schedule: Schedule,
  clause: z.string().min(1).max(200).optional(),
  clauseText: z.string().trim().min(1).max(4000).optional(),
  evidenceRecord: EvidenceRecord.optional(),
  amount: Money.optional(),
  stipulatedPenalties: z.array(PenaltyTier).max(20).optional(),
  requiresAcceptance: z.boolean().optional(),
  interest: PostJudgmentInterest.optional(),
};

/** The data shape of every event type: one zod schema each, unknown fields refused. */
export const eventData = {
  OrderFiled: {
    orderId: OrderId,
    title: Text,
    kind: InstrumentKind,
    forum: Text,
    docket: z.string().min(1).max(200).optional(),
    dayCounting: DayCounting.optional(),
    warningDays: z.int().min(0).max(365).optional(),
    evidenceRecord: EvidenceRecord.optional(),
  },
  OrderEntered: { termEndsOn: CalendarDate.optional() },
  OrderModified: {
    summary: Text,
    termEndsOn: CalendarDate.optional(),
    dayCounting: DayCounting.optional(),
    evidenceRecord: EvidenceRecord.optional(),
    retroactive,
  },
  OrderTerminated: { reason: Text, kind: OrderEndKind.optional(), successor: OrderId.optional() },
  ObligationImposed: { obligationId: ObligationId, ...terms },
  ObligationAmended: {
    obligationId: ObligationId,
    changes: z.strictObject(
      documented(
        {
          title: terms.title.optional(),
          schedule: Schedule.optional(),
          clause: terms.clause,
          clauseText: terms.clauseText,
          evidenceRecord: terms.evidenceRecord,
          amount: terms.amount,
          stipulatedPenalties: terms.stipulatedPenalties,
          requiresAcceptance: terms.requiresAcceptance,
          interest: terms.interest,
        },
        {
          title: FIELD_DOCS.title,
          schedule: `The new schedule. ${FIELD_DOCS.schedule}`,
          clause: FIELD_DOCS.clause,
          clauseText: FIELD_DOCS.clauseText,
          evidenceRecord: FIELD_DOCS.evidenceRecord,
          amount: 'The new amount a payment obligation requires.',
          stipulatedPenalties: FIELD_DOCS.stipulatedPenalties,
          requiresAcceptance: FIELD_DOCS.requiresAcceptance,
          interest: FIELD_DOCS.interest,
        },
      ),
    ),
    retroactive,
  },
  ObligationWaived: {
    obligationId: ObligationId,
    occurrence,
    reason: Text,
    retroactive,
    releasesAccrued: z.boolean().optional(),
  },
  ObligationSuperseded: { obligationId: ObligationId, successor: Successor, summary: Text },
  ObligationAssigned: {
    obligationId: ObligationId,
    occurrence,
    owner: Person,
    backup: Person.optional(),
  },
  InformationDemanded: {
    demandId: ObligationId,
    summary: Text,
    dueOn: CalendarDate.optional(),
    respondWithin: Offset.optional(),
  },
  DeadlineExtended: {
    obligationId: ObligationId,
    occurrence,
    newDueOn: CalendarDate,
    reason: Text.optional(),
  },
  SubmissionAccepted: { submissionId: FactId },
  SubmissionRejected: { submissionId: FactId, reason: Text },
  ViolationAlleged: { violationId: FactId, obligationId: ObligationId, occurrence, summary: Text },
  ViolationFound: {
    violationId: FactId,
    obligationId: ObligationId,
    occurrence,
    summary: Text,
    period: ViolationPeriod.optional(),
    count: z.int().min(1).max(1_000_000_000).optional(),
  },
  AllegationResolved: { violationId: FactId, resolution: AllegationResolution, summary: Text },
  PenaltyAssessed: { penaltyId: ObligationId, amount: Money, dueOn: CalendarDate, reason: Text },
  AssessorApproved: { assessor: Text, obligationId: ObligationId.optional() },
  PaymentMade: { paymentId: FactId, obligationId: ObligationId, occurrence, amount: Money },
  SubmissionFiled: { submissionId: FactId, obligationId: ObligationId, occurrence, title: Text },
  IncidentDiscovered: {
    incidentId: FactId,
    summary: Text,
    usersAffected: z.int().min(0).optional(),
    measures,
  },
  CorporateChangeOccurred: { changeId: FactId, summary: Text, measures, occursOn },
  ProductLaunched: { productId: FactId, summary: Text, measures, occursOn },
  ViolationCured: { violationId: FactId, summary: Text },
  ExtensionRequested: {
    requestId: FactId,
    obligationId: ObligationId,
    occurrence,
    requestedDueOn: CalendarDate,
  },
  PetitionFiled: {
    petitionId: FactId,
    relief: z.enum(['modify', 'terminate', 'set_aside', 'other']),
    summary: Text,
  },
  PetitionDecided: { petitionId: FactId, ruling: Ruling, summary: Text },
  MotionDecided: { motionId: FactId, ruling: Ruling, summary: Text },
  PublicStatementIssued: { statementId: FactId, summary: Text, url: z.url().optional() },
  ClosureDeclared: { closedOn: CalendarDate, through: CalendarDate.optional(), reason: Text },
  EntryRetracted: { eventId: EventId, reason: Text },
} as const;

/** Every event type name, in catalogue order. */
export type OrderEventType = keyof typeof eventData;
/** Every event type name, in catalogue order (derived from the schemas, not a second list). */
export const ORDER_EVENT_TYPES = Object.keys(eventData) as OrderEventType[];

// Every field of every event's data has a description (order.docs.ts): checked here at compile time.
type DataField = { [T in OrderEventType]: keyof (typeof eventData)[T] }[OrderEventType];
FIELD_DOCS satisfies Record<DataField, string>;

/** An event type's data fields, each with its description (the event's own wording first). */
const documentedData = <T extends OrderEventType>(type: T): (typeof eventData)[T] => {
  const own = EVENT_FIELD_DOCS[type] ?? {};
  const docs = Object.fromEntries(
    Object.keys(eventData[type]).map((k) => [k, own[k] ?? FIELD_DOCS[k as DataField]]),
  );
  return documented(eventData[type], docs as Record<keyof (typeof eventData)[T], string>);
};

const envelope = <T extends OrderEventType>(type: T) =>
  z
    .strictObject({
      id: EventId.describe(
        'A UUID, lower case: the idempotency key. Importing the same line twice records it once.',
      ),
      type: z.literal(type).describe(`The event type: "${type}".`),
      schemaVersion: z
        .literal(1, {
          error: `schemaVersion must be 1: the only version of ${type} this release reads`,
        })
        .describe("The version of this event's shape: 1."),
      data: z.strictObject(documentedData(type)).describe(`What the ${type} records.`),
      metadata: EventMetadata.describe(
        'When the fact takes effect, who did it and where it comes from.',
      ),
    })
    .describe(EVENT_DOCS[type]);

type Schemas = { [T in OrderEventType]: ReturnType<typeof envelope<T>> };
/** One zod schema per event type (envelope included). */
export const OrderEventSchemas = Object.fromEntries(
  ORDER_EVENT_TYPES.map((t) => [t, envelope(t)]),
) as unknown as Schemas;

/** Any order event: a discriminated union on `type`. */
export const OrderEvent = z.discriminatedUnion(
  'type',
  ORDER_EVENT_TYPES.map((t) => OrderEventSchemas[t]) as unknown as [
    Schemas[OrderEventType],
    ...Schemas[OrderEventType][],
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? `unknown event type; expected one of ${ORDER_EVENT_TYPES.join(', ')}`
        : undefined,
  },
);
/** Any order event. */
export type OrderEvent = { [T in OrderEventType]: z.infer<Schemas[T]> }[OrderEventType];
/** The order event of one type. */
export type OrderEventOf<T extends OrderEventType> = Extract<OrderEvent, { type: T }>;

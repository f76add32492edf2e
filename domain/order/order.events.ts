// STORED SHAPES: never edit a schema in place once released. A change is a new schemaVersion
// with an upcaster (order.upcasters.ts) and a golden fixture of the old shape.
import { z } from 'zod';
import { Schedule, DayCounting } from '../schedule/schedule.schema.js';
import { CalendarDate, EventId, FactId, Money, ObligationId, OrderId, Text } from '../shared/primitives.js';
import { EventMetadata } from './order.metadata.js';

/** The kinds of duty an order imposes. */
export const ObligationKind = z.enum([
  'payment', 'report', 'certification', 'assessment', 'notice', 'program', 'prohibition', 'cooperation', 'recordkeeping',
]);
/** An obligation's kind. */
export type ObligationKind = z.infer<typeof ObligationKind>;

/** One stipulated-penalty tier: `perDay` for each day late from `fromDay` to `toDay` (inclusive, 1-based). */
export const PenaltyTier = z.strictObject({
  fromDay: z.int().min(1),
  toDay: z.int().min(1).optional(),
  perDay: Money,
});
/** A stipulated-penalty tier. */
export type PenaltyTier = z.infer<typeof PenaltyTier>;

/** The kinds of instrument Decree models. */
export const InstrumentKind = z.enum(['stipulated_order', 'consent_decree', 'administrative_order', 'judgment', 'other']);

const occurrence = z.string().min(1).max(128).optional();
const terms = {
  title: Text,
  kind: ObligationKind,
  schedule: Schedule,
  clause: z.string().min(1).max(200).optional(),
  amount: Money.optional(),
  stipulatedPenalties: z.array(PenaltyTier).max(20).optional(),
  requiresAcceptance: z.boolean().optional(),
};

/** The data shape of every event type: one zod schema each, unknown fields refused. */
export const eventData = {
  OrderFiled: { orderId: OrderId, title: Text, kind: InstrumentKind, forum: Text, docket: z.string().min(1).max(200).optional(), dayCounting: DayCounting.optional(), warningDays: z.int().min(0).max(365).optional() },
  OrderEntered: { termEndsOn: CalendarDate.optional() },
  OrderModified: { summary: Text, termEndsOn: CalendarDate.optional(), dayCounting: DayCounting.optional() },
  OrderTerminated: { reason: Text },
  ObligationImposed: { obligationId: ObligationId, ...terms },
  ObligationAmended: { obligationId: ObligationId, changes: z.strictObject({ title: terms.title.optional(), schedule: Schedule.optional(), clause: terms.clause, amount: terms.amount, stipulatedPenalties: terms.stipulatedPenalties, requiresAcceptance: terms.requiresAcceptance }) },
  ObligationWaived: { obligationId: ObligationId, occurrence, reason: Text },
  InformationDemanded: { demandId: ObligationId, summary: Text, dueOn: CalendarDate },
  DeadlineExtended: { obligationId: ObligationId, occurrence, newDueOn: CalendarDate, reason: Text.optional() },
  SubmissionAccepted: { submissionId: FactId },
  SubmissionRejected: { submissionId: FactId, reason: Text },
  ViolationAlleged: { violationId: FactId, obligationId: ObligationId, occurrence, summary: Text },
  ViolationFound: { violationId: FactId, obligationId: ObligationId, occurrence, summary: Text },
  PenaltyAssessed: { penaltyId: ObligationId, amount: Money, dueOn: CalendarDate, reason: Text },
  AssessorApproved: { assessor: Text, obligationId: ObligationId.optional() },
  PaymentMade: { paymentId: FactId, obligationId: ObligationId, occurrence, amount: Money },
  SubmissionFiled: { submissionId: FactId, obligationId: ObligationId, occurrence, title: Text },
  IncidentDiscovered: { incidentId: FactId, summary: Text, usersAffected: z.int().min(0).optional() },
  CorporateChangeOccurred: { changeId: FactId, summary: Text },
  ViolationCured: { violationId: FactId, summary: Text },
  ExtensionRequested: { requestId: FactId, obligationId: ObligationId, occurrence, requestedDueOn: CalendarDate },
  PetitionFiled: { petitionId: FactId, relief: z.enum(['modify', 'terminate', 'set_aside', 'other']), summary: Text },
  PublicStatementIssued: { statementId: FactId, summary: Text, url: z.url().optional() },
  EntryRetracted: { eventId: EventId, reason: Text },
} as const;

/** Every event type name, in catalogue order. */
export type OrderEventType = keyof typeof eventData;
/** Every event type name, in catalogue order (derived from the schemas, not a second list). */
export const ORDER_EVENT_TYPES = Object.keys(eventData) as OrderEventType[];

const envelope = <T extends OrderEventType>(type: T) =>
  z.strictObject({
    id: EventId,
    type: z.literal(type),
    schemaVersion: z.literal(1, { error: `schemaVersion must be 1: the only version of ${type} this release reads` }),
    data: z.strictObject(eventData[type]),
    metadata: EventMetadata,
  });

type Schemas = { [T in OrderEventType]: ReturnType<typeof envelope<T>> };
/** One zod schema per event type (envelope included). */
export const OrderEventSchemas = Object.fromEntries(ORDER_EVENT_TYPES.map((t) => [t, envelope(t)])) as unknown as Schemas;

/** Any order event: a discriminated union on `type`. */
export const OrderEvent = z.discriminatedUnion(
  'type',
  ORDER_EVENT_TYPES.map((t) => OrderEventSchemas[t]) as unknown as [Schemas[OrderEventType], ...Schemas[OrderEventType][]],
  { error: (iss) => (iss.code === 'invalid_union' ? `unknown event type; expected one of ${ORDER_EVENT_TYPES.join(', ')}` : undefined) },
);
/** Any order event. */
export type OrderEvent = { [T in OrderEventType]: z.infer<Schemas[T]> }[OrderEventType];
/** The order event of one type. */
export type OrderEventOf<T extends OrderEventType> = Extract<OrderEvent, { type: T }>;

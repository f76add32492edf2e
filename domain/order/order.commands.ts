import { z } from 'zod';
import { EventId } from '../shared/primitives.js';
import { eventData, OrderEventSchemas, type OrderEventType } from './order.events.js';
import { EVENT_DOCS } from './order.docs.js';
import { EventMetadata } from './order.metadata.js';

/**
 * Each command asks to record one fact of the catalogue; the command names are the imperative
 * of the event they produce. This table is the only place the two vocabularies meet.
 */
export const COMMAND_EVENT = {
  FileOrder: 'OrderFiled',
  EnterOrder: 'OrderEntered',
  ModifyOrder: 'OrderModified',
  TerminateOrder: 'OrderTerminated',
  ImposeObligation: 'ObligationImposed',
  AmendObligation: 'ObligationAmended',
  WaiveObligation: 'ObligationWaived',
  SupersedeObligation: 'ObligationSuperseded',
  AssignObligation: 'ObligationAssigned',
  DemandInformation: 'InformationDemanded',
  ExtendDeadline: 'DeadlineExtended',
  AcceptSubmission: 'SubmissionAccepted',
  RejectSubmission: 'SubmissionRejected',
  AllegeViolation: 'ViolationAlleged',
  FindViolation: 'ViolationFound',
  ResolveAllegation: 'AllegationResolved',
  AssessPenalty: 'PenaltyAssessed',
  ApproveAssessor: 'AssessorApproved',
  MakePayment: 'PaymentMade',
  FileSubmission: 'SubmissionFiled',
  DiscoverIncident: 'IncidentDiscovered',
  RecordCorporateChange: 'CorporateChangeOccurred',
  LaunchProduct: 'ProductLaunched',
  CureViolation: 'ViolationCured',
  RequestExtension: 'ExtensionRequested',
  FilePetition: 'PetitionFiled',
  DecidePetition: 'PetitionDecided',
  DecideMotion: 'MotionDecided',
  IssuePublicStatement: 'PublicStatementIssued',
  DeclareClosure: 'ClosureDeclared',
  RetractEntry: 'EntryRetracted',
} as const satisfies Record<string, OrderEventType>;

/** Every command type. */
export type OrderCommandType = keyof typeof COMMAND_EVENT;
/** Every command type, in catalogue order. */
export const ORDER_COMMAND_TYPES = Object.keys(COMMAND_EVENT) as OrderCommandType[];

/** Command metadata: the envelope metadata of the fact to record, plus the id its event will carry. */
export const CommandMeta = EventMetadata.omit({ backfilled: true }).extend({
  eventId: EventId.describe(
    'The id the recorded event will carry (a UUID; generated when absent): the idempotency key of a retry.',
  ),
});
/** Command metadata. */
export type CommandMeta = z.infer<typeof CommandMeta>;

const command = <C extends OrderCommandType>(type: C) =>
  z
    .strictObject({
      type: z.literal(type).describe(`The command: "${type}".`),
      data: OrderEventSchemas[COMMAND_EVENT[type]].shape.data as z.ZodObject<
        (typeof eventData)[(typeof COMMAND_EVENT)[C]],
        z.core.$strict
      >,
      meta: CommandMeta.describe(
        'The metadata of the fact to record, and the id its event will carry (optional).',
      ),
    })
    .describe(`Records a ${COMMAND_EVENT[type]}: ${EVENT_DOCS[COMMAND_EVENT[type]]}`);

type CommandSchemas = { [C in OrderCommandType]: ReturnType<typeof command<C>> };
/** One zod schema per command (the CLI and the API parse untrusted input with these). */
export const OrderCommandSchemas = Object.fromEntries(
  ORDER_COMMAND_TYPES.map((c) => [c, command(c)]),
) as unknown as CommandSchemas;

/** Any order command: a discriminated union on `type`. */
export const OrderCommand = z.discriminatedUnion(
  'type',
  ORDER_COMMAND_TYPES.map((c) => OrderCommandSchemas[c]) as unknown as [
    CommandSchemas[OrderCommandType],
    ...CommandSchemas[OrderCommandType][],
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? `unknown command type; expected one of ${ORDER_COMMAND_TYPES.join(', ')}`
        : undefined,
  },
);
/** Any order command. */
export type OrderCommand = {
  [C in OrderCommandType]: z.infer<CommandSchemas[C]>;
}[OrderCommandType];
/** The command of one type. */
export type OrderCommandOf<C extends OrderCommandType> = Extract<OrderCommand, { type: C }>;

import {
  offsetWords,
  type ActorRole,
  type CalendarDate,
  type Offset,
  type OrderEvent,
  type OrderEventType,
} from '../../domain/index.js';
import type { RecordedOrderEvent } from '../compliance/known-at.js';
import { formatMoney } from '../exposure/money.js';

/** Which side of the case a docket entry belongs to. */
export type DocketSide = 'order' | 'obligation' | 'oversight' | 'response' | 'correction';

const SIDE: Record<OrderEventType, DocketSide> = {
  OrderFiled: 'order',
  OrderEntered: 'order',
  OrderModified: 'oversight',
  OrderTerminated: 'oversight',
  ObligationImposed: 'obligation',
  ObligationAmended: 'obligation',
  ObligationWaived: 'oversight',
  ObligationSuperseded: 'oversight',
  InformationDemanded: 'oversight',
  DeadlineExtended: 'oversight',
  SubmissionAccepted: 'oversight',
  SubmissionRejected: 'oversight',
  ViolationAlleged: 'oversight',
  ViolationFound: 'oversight',
  AllegationResolved: 'oversight',
  PenaltyAssessed: 'oversight',
  AssessorApproved: 'oversight',
  PaymentMade: 'response',
  SubmissionFiled: 'response',
  IncidentDiscovered: 'response',
  CorporateChangeOccurred: 'response',
  ProductLaunched: 'response',
  ViolationCured: 'response',
  ExtensionRequested: 'response',
  PetitionFiled: 'response',
  PublicStatementIssued: 'response',
  ObligationAssigned: 'response',
  PetitionDecided: 'oversight',
  MotionDecided: 'oversight',
  ClosureDeclared: 'oversight',
  EntryRetracted: 'correction',
};

const periodWords = (o: Offset | undefined): string =>
  o === undefined ? 'the period the order sets' : offsetWords(o);

/** One line of an order's docket: who did what, when it took effect and when it was recorded. */
export interface DocketEntry {
  readonly eventId: string;
  readonly effectiveOn: CalendarDate;
  readonly recordedAt: string;
  readonly type: OrderEventType;
  readonly side: DocketSide;
  readonly actor: { readonly role: ActorRole; readonly name: string };
  readonly summary: string;
  readonly source?: string;
  /** Set when a later retraction (known at the time asked about) removed this entry's effect. */
  readonly retracted?: boolean;
}

/** Money as a docket entry states it: exact, with the currency's own decimals. */
const money = formatMoney;

/** A one-line, plain-language summary of a fact. */
export const summarize = (e: OrderEvent): string => {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'OrderFiled':
      return `${e.data.title} filed (${e.data.forum}${e.data.docket ? `, ${e.data.docket}` : ''})`;
    case 'OrderEntered':
      return `order entered${e.data.termEndsOn ? `; term ends ${e.data.termEndsOn}` : ''}`;
    case 'ObligationImposed':
      return `${e.data.obligationId}: ${e.data.title}`;
    case 'PaymentMade':
      return `payment of ${money(e.data.amount)} toward ${e.data.obligationId}`;
    case 'PenaltyAssessed':
      return `penalty of ${money(e.data.amount)} assessed, due ${e.data.dueOn}`;
    case 'DeadlineExtended':
      return `${e.data.obligationId}${e.data.occurrence ? `/${e.data.occurrence}` : ''} extended to ${e.data.newDueOn}`;
    case 'InformationDemanded':
      return `${e.data.summary} (${e.data.dueOn !== undefined ? `answer due ${e.data.dueOn}` : `answer within ${periodWords(e.data.respondWithin)}`})`;
    case 'SubmissionFiled':
      return `${e.data.title} filed for ${e.data.obligationId}${e.data.occurrence ? `/${e.data.occurrence}` : ''}`;
    case 'EntryRetracted':
      return `entry ${e.data.eventId} retracted: ${e.data.reason}`;
    default:
      return String(d['summary'] ?? d['reason'] ?? d['assessor'] ?? d['submissionId'] ?? e.type);
  }
};

/**
 * The oversight docket of one order: every order, obligation, oversight and response fact in one
 * timeline, in effective-date order (recorded order within a day), as far as `asOf` and as known at
 * `knownAt` (a retraction marks its target only once it is known).
 */
export const docketOf = (
  log: readonly RecordedOrderEvent[],
  asOf?: CalendarDate,
  knownAt?: string,
): DocketEntry[] => {
  const known = log.filter((r) => knownAt === undefined || r.recordedAt <= knownAt);
  const retracted = new Set(
    known.flatMap((r) => (r.event.type === 'EntryRetracted' ? [r.event.data.eventId] : [])),
  );
  return known
    .filter((r) => asOf === undefined || r.event.metadata.effectiveOn <= asOf)
    .map((r, i) => ({ r, i }))
    .sort((a, b) =>
      a.r.event.metadata.effectiveOn < b.r.event.metadata.effectiveOn
        ? -1
        : a.r.event.metadata.effectiveOn > b.r.event.metadata.effectiveOn
          ? 1
          : a.i - b.i,
    )
    .map(({ r: { event: e, recordedAt } }) => ({
      eventId: e.id,
      effectiveOn: e.metadata.effectiveOn,
      recordedAt,
      type: e.type,
      side: SIDE[e.type],
      actor: e.metadata.actor,
      summary: summarize(e),
      ...(e.metadata.source !== undefined ? { source: e.metadata.source } : {}),
      ...(retracted.has(e.id) ? { retracted: true } : {}),
    }));
};

/** Whether a fact concerns one obligation: names it, or names its submission, violation or a retracted fact about it. */
export const concernsObligation = (
  log: readonly RecordedOrderEvent[],
  obligationId: string,
): ((e: OrderEvent) => boolean) => {
  const names = (e: OrderEvent) => {
    const d = e.data as Record<string, unknown>;
    return (
      d['obligationId'] === obligationId ||
      d['demandId'] === obligationId ||
      d['penaltyId'] === obligationId
    );
  };
  const direct = log.map((r) => r.event).filter(names);
  const submissions = new Set(
    direct.flatMap((e) => (e.type === 'SubmissionFiled' ? [e.data.submissionId] : [])),
  );
  const violations = new Set(
    direct.flatMap((e) =>
      e.type === 'ViolationAlleged' || e.type === 'ViolationFound' ? [e.data.violationId] : [],
    ),
  );
  const ids = new Set(direct.map((e) => e.id));
  return (e) =>
    names(e) ||
    ((e.type === 'SubmissionAccepted' || e.type === 'SubmissionRejected') &&
      submissions.has(e.data.submissionId)) ||
    (e.type === 'ViolationCured' && violations.has(e.data.violationId)) ||
    (e.type === 'EntryRetracted' && ids.has(e.data.eventId));
};

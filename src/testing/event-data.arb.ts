import fc from 'fast-check';
import { ORDER_EVENT_TYPES, type OrderEvent, type OrderEventOf, type OrderEventType } from '../../domain/index.js';
import { civilDateArb, eventIdArb, metadataArb, moneyArb, slugArb, textArb, type DateRange } from './primitives.arb.js';
import { dayCountingArb, penaltyTiersArb, scheduleArb } from './schedule.arb.js';

type DataOf<T extends OrderEventType> = OrderEventOf<T>['data'];
type DataArbs = { readonly [T in OrderEventType]: fc.Arbitrary<DataOf<T>> };

const rec = <T>(shape: { [K in keyof T]: fc.Arbitrary<T[K]> }, requiredKeys: readonly (keyof T)[]): fc.Arbitrary<T> =>
  fc.record(shape, { requiredKeys: requiredKeys as never, noNullPrototype: true }) as unknown as fc.Arbitrary<T>;

const occurrenceArb = () => fc.oneof(fc.constant('once'), civilDateArb(), slugArb('incident'));
const obligationIdArb = () => slugArb('obligation');

/**
 * One arbitrary per event type for its `data`, valid against the type's schema (optional keys are
 * omitted, never `undefined`). Values are independent: use `orderHistoryArb` for facts that fit together.
 */
export const eventDataArbs = (range: DateRange = {}): DataArbs => {
  const date = civilDateArb(range);
  const text = textArb();
  return {
    OrderFiled: rec({ orderId: slugArb('order'), title: text, kind: fc.constantFrom('stipulated_order', 'consent_decree', 'administrative_order', 'judgment', 'other'),
      forum: text, docket: slugArb('docket'), dayCounting: dayCountingArb(), warningDays: fc.integer({ min: 0, max: 365 }) }, ['orderId', 'title', 'kind', 'forum']),
    OrderEntered: rec({ termEndsOn: date }, []),
    OrderModified: rec({ summary: text, termEndsOn: date, dayCounting: dayCountingArb() }, ['summary']),
    OrderTerminated: rec({ reason: text }, ['reason']),
    ObligationImposed: rec({ obligationId: obligationIdArb(), title: text,
      kind: fc.constantFrom('payment', 'report', 'certification', 'assessment', 'notice', 'program', 'prohibition', 'cooperation', 'recordkeeping'),
      schedule: scheduleArb(range), clause: slugArb('section'), amount: moneyArb(), stipulatedPenalties: penaltyTiersArb(), requiresAcceptance: fc.boolean() },
    ['obligationId', 'title', 'kind', 'schedule']),
    ObligationAmended: rec({ obligationId: obligationIdArb(), changes: rec({ title: text, schedule: scheduleArb(range), clause: slugArb('section'), amount: moneyArb(),
      stipulatedPenalties: penaltyTiersArb(), requiresAcceptance: fc.boolean() }, []) }, ['obligationId', 'changes']),
    ObligationWaived: rec({ obligationId: obligationIdArb(), occurrence: occurrenceArb(), reason: text }, ['obligationId', 'reason']),
    InformationDemanded: rec({ demandId: slugArb('demand'), summary: text, dueOn: date }, ['demandId', 'summary', 'dueOn']),
    DeadlineExtended: rec({ obligationId: obligationIdArb(), occurrence: occurrenceArb(), newDueOn: date, reason: text }, ['obligationId', 'newDueOn']),
    SubmissionAccepted: rec({ submissionId: slugArb('submission') }, ['submissionId']),
    SubmissionRejected: rec({ submissionId: slugArb('submission'), reason: text }, ['submissionId', 'reason']),
    ViolationAlleged: rec({ violationId: slugArb('violation'), obligationId: obligationIdArb(), occurrence: occurrenceArb(), summary: text }, ['violationId', 'obligationId', 'summary']),
    ViolationFound: rec({ violationId: slugArb('violation'), obligationId: obligationIdArb(), occurrence: occurrenceArb(), summary: text }, ['violationId', 'obligationId', 'summary']),
    PenaltyAssessed: rec({ penaltyId: slugArb('penalty'), amount: moneyArb(), dueOn: date, reason: text }, ['penaltyId', 'amount', 'dueOn', 'reason']),
    AssessorApproved: rec({ assessor: fc.constantFrom('Ernst & Young LLP', 'Independent Assessor'), obligationId: obligationIdArb() }, ['assessor']),
    PaymentMade: rec({ paymentId: slugArb('payment'), obligationId: obligationIdArb(), occurrence: occurrenceArb(), amount: moneyArb() }, ['paymentId', 'obligationId', 'amount']),
    SubmissionFiled: rec({ submissionId: slugArb('submission'), obligationId: obligationIdArb(), occurrence: occurrenceArb(), title: text }, ['submissionId', 'obligationId', 'title']),
    IncidentDiscovered: rec({ incidentId: slugArb('incident'), summary: text, usersAffected: fc.nat({ max: 200_000_000 }) }, ['incidentId', 'summary']),
    CorporateChangeOccurred: rec({ changeId: slugArb('change'), summary: text }, ['changeId', 'summary']),
    ViolationCured: rec({ violationId: slugArb('violation'), summary: text }, ['violationId', 'summary']),
    ExtensionRequested: rec({ requestId: slugArb('request'), obligationId: obligationIdArb(), occurrence: occurrenceArb(), requestedDueOn: date }, ['requestId', 'obligationId', 'requestedDueOn']),
    PetitionFiled: rec({ petitionId: slugArb('petition'), relief: fc.constantFrom('modify', 'terminate', 'set_aside', 'other'), summary: text }, ['petitionId', 'relief', 'summary']),
    PublicStatementIssued: rec({ statementId: slugArb('statement'), summary: text, url: slugArb('post').map((p) => `https://example.org/${p}`) }, ['statementId', 'summary']),
    EntryRetracted: rec({ eventId: eventIdArb(), reason: text }, ['eventId', 'reason']),
  } as DataArbs;
};

/**
 * A single schema-valid event of the given type (any type by default), with envelope metadata.
 * Not necessarily reachable: for decoders, codecs and projections that must take any valid input.
 */
export const orderEventArb = (type?: OrderEventType, range: DateRange = {}): fc.Arbitrary<OrderEvent> => {
  const data = eventDataArbs(range);
  const typeArb = type === undefined ? fc.constantFrom(...ORDER_EVENT_TYPES) : fc.constant(type);
  return typeArb.chain((t) =>
    fc.record({ id: eventIdArb(), data: data[t] as fc.Arbitrary<unknown>, metadata: metadataArb(range) }, { noNullPrototype: true })
      .map(({ id, data: d, metadata }) => ({ id, type: t, schemaVersion: 1, data: d, metadata }) as OrderEvent),
  );
};

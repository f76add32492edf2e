import fc from 'fast-check';
import {
  addDays,
  ORDER_EVENT_TYPES,
  type OrderEvent,
  type OrderEventOf,
  type OrderEventType,
} from '../../domain/index.js';
import {
  civilDateArb,
  eventIdArb,
  metadataArb,
  moneyArb,
  personArb,
  slugArb,
  textArb,
  type DateRange,
} from './primitives.arb.js';
import { badOption, checkRange, rangeEnd } from './options.js';
import { dayCountingArb, offsetArb, penaltyTiersArb, scheduleArb } from './schedule.arb.js';

type DataOf<T extends OrderEventType> = OrderEventOf<T>['data'];
/** One arbitrary per event type for its `data`: what `eventDataArbs` returns. */
export type DataArbs = { readonly [T in OrderEventType]: fc.Arbitrary<DataOf<T>> };

const rec = <T>(
  shape: { [K in keyof T]: fc.Arbitrary<T[K]> },
  requiredKeys: readonly (keyof T)[],
): fc.Arbitrary<T> =>
  fc.record(shape, {
    requiredKeys: requiredKeys as never,
    noNullPrototype: true,
  }) as unknown as fc.Arbitrary<T>;

const occurrenceArb = (range: DateRange) =>
  fc.oneof(fc.constant('once'), civilDateArb(range), slugArb('incident'));
const obligationIdArb = () => slugArb('obligation');
const evidenceRecordArb = () => fc.constantFrom('complete', 'partial');
const clauseTextArb = () =>
  fc.array(textArb(), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('. '));
const interestArb = () =>
  fc.record(
    { annualRateBasisPoints: fc.integer({ min: 0, max: 2_000 }) },
    { noNullPrototype: true },
  );
const rulingArb = () => fc.constantFrom('granted', 'denied', 'granted_in_part');
const measuresArb = (names: readonly string[]) =>
  fc.dictionary(fc.constantFrom(...names), fc.integer({ min: 0, max: 1_000_000 }), {
    minKeys: 1,
    maxKeys: 2,
    noNullPrototype: true,
  });
/** A period of conduct: from a date, sometimes to one on or after it (not past the range's end). */
const periodArb = (range: DateRange) => {
  const end = rangeEnd(range);
  return fc
    .tuple(civilDateArb(range), fc.option(fc.integer({ min: 0, max: 730 }), { nil: undefined }))
    .map(([from, days]) => {
      if (days === undefined) return { from };
      const to = addDays(from, days);
      return { from, to: to > end ? end : to };
    });
};

/**
 * One arbitrary per event type for its `data`, valid against the type's schema (optional keys are
 * omitted, never `undefined`). Values are independent: use `orderHistoryArb` for facts that fit together.
 */
export const eventDataArbs = (range: DateRange = {}): DataArbs => {
  checkRange('eventDataArbs', range);
  const date = civilDateArb(range);
  const text = textArb();
  const arbs: Readonly<Record<OrderEventType, fc.Arbitrary<unknown>>> = {
    OrderFiled: rec(
      {
        orderId: slugArb('order'),
        title: text,
        kind: fc.constantFrom(
          'stipulated_order',
          'consent_decree',
          'administrative_order',
          'judgment',
          'other',
        ),
        // The FTC by name half the time: its administrative orders alone are priced at 15 U.S.C. 45(l).
        forum: fc.oneof(text, fc.constantFrom('FTC', 'Federal Trade Commission')),
        docket: slugArb('docket'),
        dayCounting: dayCountingArb(),
        warningDays: fc.integer({ min: 0, max: 365 }),
        evidenceRecord: evidenceRecordArb(),
      },
      ['orderId', 'title', 'kind', 'forum'],
    ),
    OrderEntered: rec({ termEndsOn: date }, []),
    OrderModified: rec(
      {
        summary: text,
        termEndsOn: date,
        dayCounting: dayCountingArb(),
        evidenceRecord: evidenceRecordArb(),
        retroactive: fc.boolean(),
      },
      ['summary'],
    ),
    OrderTerminated: rec(
      {
        reason: text,
        kind: fc.constantFrom('terminated', 'expired', 'vacated', 'superseded'),
        successor: slugArb('order'),
      },
      ['reason'],
    ),
    ObligationImposed: rec(
      {
        obligationId: obligationIdArb(),
        title: text,
        kind: fc.constantFrom(
          'payment',
          'report',
          'certification',
          'assessment',
          'notice',
          'program',
          'prohibition',
          'cooperation',
          'recordkeeping',
        ),
        schedule: scheduleArb(range),
        clause: slugArb('section'),
        clauseText: clauseTextArb(),
        evidenceRecord: evidenceRecordArb(),
        amount: moneyArb(),
        stipulatedPenalties: penaltyTiersArb(),
        requiresAcceptance: fc.boolean(),
        interest: interestArb(),
      },
      ['obligationId', 'title', 'kind', 'schedule'],
    ),
    ObligationAmended: rec(
      {
        obligationId: obligationIdArb(),
        changes: rec(
          {
            title: text,
            schedule: scheduleArb(range),
            clause: slugArb('section'),
            clauseText: clauseTextArb(),
            evidenceRecord: evidenceRecordArb(),
            amount: moneyArb(),
            stipulatedPenalties: penaltyTiersArb(),
            requiresAcceptance: fc.boolean(),
            interest: interestArb(),
          },
          [],
        ),
        retroactive: fc.boolean(),
      },
      ['obligationId', 'changes'],
    ),
    ObligationWaived: rec(
      {
        obligationId: obligationIdArb(),
        occurrence: occurrenceArb(range),
        reason: text,
        retroactive: fc.boolean(),
        releasesAccrued: fc.boolean(),
      },
      ['obligationId', 'reason'],
    ),
    ObligationSuperseded: rec(
      {
        obligationId: obligationIdArb(),
        successor: fc.oneof(
          rec({ orderId: slugArb('order'), obligationId: obligationIdArb() }, ['orderId']),
          rec({ orderId: slugArb('order'), obligationId: obligationIdArb() }, ['obligationId']),
        ),
        summary: text,
      },
      ['obligationId', 'successor', 'summary'],
    ),
    ObligationAssigned: rec(
      {
        obligationId: obligationIdArb(),
        occurrence: occurrenceArb(range),
        owner: personArb(),
        backup: personArb(),
      },
      ['obligationId', 'owner'],
    ),
    // A demand states a date or a period to answer within: one of the two (the other is refused, but still valid input).
    InformationDemanded: fc.oneof(
      rec({ demandId: slugArb('demand'), summary: text, dueOn: date }, [
        'demandId',
        'summary',
        'dueOn',
      ]),
      rec({ demandId: slugArb('demand'), summary: text, respondWithin: offsetArb() }, [
        'demandId',
        'summary',
        'respondWithin',
      ]),
    ),
    DeadlineExtended: rec(
      {
        obligationId: obligationIdArb(),
        occurrence: occurrenceArb(range),
        newDueOn: date,
        reason: text,
      },
      ['obligationId', 'newDueOn'],
    ),
    SubmissionAccepted: rec({ submissionId: slugArb('submission') }, ['submissionId']),
    SubmissionRejected: rec({ submissionId: slugArb('submission'), reason: text }, [
      'submissionId',
      'reason',
    ]),
    ViolationAlleged: rec(
      {
        violationId: slugArb('violation'),
        obligationId: obligationIdArb(),
        occurrence: occurrenceArb(range),
        summary: text,
      },
      ['violationId', 'obligationId', 'summary'],
    ),
    ViolationFound: rec(
      {
        violationId: slugArb('violation'),
        obligationId: obligationIdArb(),
        occurrence: occurrenceArb(range),
        summary: text,
        period: periodArb(range),
        count: fc.integer({ min: 1, max: 1_000 }),
      },
      ['violationId', 'obligationId', 'summary'],
    ),
    AllegationResolved: rec(
      {
        violationId: slugArb('violation'),
        resolution: fc.constantFrom('withdrawn', 'dismissed', 'consent_judgment_without_admission'),
        summary: text,
      },
      ['violationId', 'resolution', 'summary'],
    ),
    PenaltyAssessed: rec(
      { penaltyId: slugArb('penalty'), amount: moneyArb(), dueOn: date, reason: text },
      ['penaltyId', 'amount', 'dueOn', 'reason'],
    ),
    AssessorApproved: rec(
      {
        assessor: fc.constantFrom('Ernst & Young LLP', 'Independent Assessor'),
        obligationId: obligationIdArb(),
      },
      ['assessor'],
    ),
    PaymentMade: rec(
      {
        paymentId: slugArb('payment'),
        obligationId: obligationIdArb(),
        occurrence: occurrenceArb(range),
        amount: moneyArb(),
      },
      ['paymentId', 'obligationId', 'amount'],
    ),
    SubmissionFiled: rec(
      {
        submissionId: slugArb('submission'),
        obligationId: obligationIdArb(),
        occurrence: occurrenceArb(range),
        title: text,
      },
      ['submissionId', 'obligationId', 'title'],
    ),
    IncidentDiscovered: rec(
      {
        incidentId: slugArb('incident'),
        summary: text,
        usersAffected: fc.nat({ max: 200_000_000 }),
        measures: measuresArb(['recordsExposed', 'usersAffected']),
      },
      ['incidentId', 'summary'],
    ),
    ProductLaunched: rec(
      {
        productId: slugArb('product'),
        summary: text,
        measures: measuresArb(['usersReached']),
        occursOn: date,
      },
      ['productId', 'summary'],
    ),
    CorporateChangeOccurred: rec(
      {
        changeId: slugArb('change'),
        summary: text,
        measures: measuresArb(['votingSharePct', 'employees']),
        occursOn: date,
      },
      ['changeId', 'summary'],
    ),
    ViolationCured: rec({ violationId: slugArb('violation'), summary: text }, [
      'violationId',
      'summary',
    ]),
    ExtensionRequested: rec(
      {
        requestId: slugArb('request'),
        obligationId: obligationIdArb(),
        occurrence: occurrenceArb(range),
        requestedDueOn: date,
      },
      ['requestId', 'obligationId', 'requestedDueOn'],
    ),
    PetitionFiled: rec(
      {
        petitionId: slugArb('petition'),
        relief: fc.constantFrom('modify', 'terminate', 'set_aside', 'other'),
        summary: text,
      },
      ['petitionId', 'relief', 'summary'],
    ),
    PetitionDecided: rec({ petitionId: slugArb('petition'), ruling: rulingArb(), summary: text }, [
      'petitionId',
      'ruling',
      'summary',
    ]),
    MotionDecided: rec({ motionId: slugArb('petition'), ruling: rulingArb(), summary: text }, [
      'motionId',
      'ruling',
      'summary',
    ]),
    PublicStatementIssued: rec(
      {
        statementId: slugArb('statement'),
        summary: text,
        url: slugArb('post').map((p) => `https://example.org/${p}`),
      },
      ['statementId', 'summary'],
    ),
    ClosureDeclared: rec({ closedOn: date, through: date, reason: text }, ['closedOn', 'reason']),
    EntryRetracted: rec({ eventId: eventIdArb(), reason: text }, ['eventId', 'reason']),
  };
  return arbs as DataArbs;
};

/**
 * A single schema-valid event of the given type (any type by default), with envelope metadata,
 * every date in `range`. Not necessarily reachable: for decoders, codecs and projections that must
 * take any valid input.
 */
export function orderEventArb<T extends OrderEventType>(
  type: T,
  range?: DateRange,
): fc.Arbitrary<OrderEventOf<T>>;
/** An event of any type, every date in `range`. */
export function orderEventArb(type?: undefined, range?: DateRange): fc.Arbitrary<OrderEvent>;
export function orderEventArb(
  type?: OrderEventType,
  range: DateRange = {},
): fc.Arbitrary<OrderEvent> {
  if (type !== undefined && !ORDER_EVENT_TYPES.includes(type))
    badOption('orderEventArb', ['type'], type, 'an event type such as PaymentMade, or undefined');
  checkRange('orderEventArb', range);
  const data = eventDataArbs(range);
  const typeArb = type === undefined ? fc.constantFrom(...ORDER_EVENT_TYPES) : fc.constant(type);
  return typeArb.chain((t) =>
    fc
      .record(
        { id: eventIdArb(), data: data[t] as fc.Arbitrary<unknown>, metadata: metadataArb(range) },
        { noNullPrototype: true },
      )
      .map(
        ({ id, data: d, metadata }) =>
          ({ id, type: t, schemaVersion: 1, data: d, metadata }) as OrderEvent,
      ),
  );
}

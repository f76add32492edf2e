// The refusals of the order's rules, one case each: the order it is decided on, the command, and
// the code, path and message it is refused with (rules-mutants.spec.ts pins the messages).
import type {
  Actor,
  FieldPath,
  OrderCommand,
  OrderEvent,
  OrderRuleCode,
} from '../../../domain/index.js';
import { ACTORS, command, record } from '../../support/order-builders.js';
import {
  alleged,
  filed,
  halfPaid,
  reportFiled,
  scenario,
  waived2024,
} from '../../support/order-scenario.js';

/** One refusal: on `given`, `c` is refused with `code` at `path`, saying `message`. */
export interface Refusal {
  readonly name: string;
  readonly given: readonly OrderEvent[];
  readonly c: OrderCommand;
  readonly code: OrderRuleCode;
  readonly path: FieldPath;
  readonly message: string;
}

const base = scenario().events;
const court = { by: ACTORS.court };
const company = { by: ACTORS.twitter };
const then = (...cs: OrderCommand[]) => record(cs, scenario()).events;
const duty = (data: Record<string, unknown>) =>
  command('ImposeObligation', {
    obligationId: 'new-duty',
    title: 'New duty',
    kind: 'report',
    schedule: { kind: 'once', dueOn: '2023-01-31' },
    ...data,
  });
/** A duty due 30 days after the scenario's report is met (filed, and met once the FTC accepts it). */
export const followUp = duty({
  schedule: {
    kind: 'after',
    anchor: { kind: 'satisfaction', obligationId: 'report' },
    offset: { days: 30 },
  },
});
export const accept = command('AcceptSubmission', { submissionId: 'sub-1' }, { on: '2022-11-15' });
const reject = command(
  'RejectSubmission',
  { submissionId: 'sub-1', reason: 'Incomplete' },
  { on: '2022-11-15' },
);
const found = command(
  'FindViolation',
  { violationId: 'v-1', obligationId: 'ad-ban', summary: 'Found' },
  { on: '2022-10-01', ...court },
);
const resolve = command(
  'ResolveAllegation',
  { violationId: 'v-1', resolution: 'withdrawn', summary: 'Withdrawn' },
  { on: '2022-10-01', ...court },
);
const cure = command(
  'CureViolation',
  { violationId: 'v-1', summary: 'Ads stopped' },
  { on: '2022-10-01', ...company },
);
const petition = command(
  'FilePetition',
  { petitionId: 'pet-1', relief: 'modify', summary: 'Relief' },
  { on: '2023-07-13', ...company },
);
const granted = command(
  'DecidePetition',
  { petitionId: 'pet-1', ruling: 'granted_in_part', summary: 'In part' },
  { on: '2023-11-16', ...court },
);
const supersede = command(
  'SupersedeObligation',
  { obligationId: 'report', successor: { obligationId: 'report-2' }, summary: 'Restated' },
  { on: '2022-07-01', ...court },
);
/** The scenario's duties are imposed on 2022-05-26, the day after its filing. */
export const dayBeforeImposition = '2022-05-25';
const retract = command('RetractEntry', { eventId: halfPaid.meta.eventId, reason: 'Twice' });
const terminated = then(
  command('TerminateOrder', { reason: 'Vacated' }, { on: '2023-01-01', ...court }),
);
const extendReport = (newDueOn: string, by: Actor = ACTORS.ftc) =>
  command('ExtendDeadline', { obligationId: 'report', newDueOn }, { by });
const violation = (data: Record<string, unknown>, on = '2022-09-10') =>
  command('FindViolation', { violationId: 'v-5', summary: 'x', ...data }, { on, ...court });

/** The cases, without their messages (the spec states those). */
export const REFUSALS: readonly Omit<Refusal, 'message'>[] = [
  { name: 'before filing', given: [], c: reportFiled, code: 'ORDER_NOT_FILED', path: ['type'] },
  {
    name: 'a second order in the stream',
    given: base,
    c: command('FileOrder', { ...filed.data, orderId: 'other' }, { by: ACTORS.doj }),
    code: 'ORDER_ALREADY_FILED',
    path: ['data', 'orderId'],
  },
  {
    name: 'an event id reused with other content, same type',
    given: base,
    c: command('FileSubmission', { ...reportFiled.data, title: 'Other' }, { id: 9, ...company }),
    code: 'EVENT_ID_REUSED',
    path: ['meta', 'eventId'],
  },
  {
    name: 'an event id reused by another type',
    given: base,
    c: command('IssuePublicStatement', { statementId: 's', summary: 'x' }, { id: 9, ...company }),
    code: 'EVENT_ID_REUSED',
    path: ['meta', 'eventId'],
  },
  {
    name: 'an obligation id reused',
    given: base,
    c: duty({ obligationId: 'report' }),
    code: 'OBLIGATION_EXISTS',
    path: ['data', 'obligationId'],
  },
  {
    name: 'a submission id reused',
    given: base,
    c: command('FileSubmission', { ...reportFiled.data, title: 'Other' }, company),
    code: 'FACT_ID_REUSED',
    path: ['data', 'submissionId'],
  },
  {
    name: 'a second decision on a submission, as a named fact',
    given: then(accept),
    c: command('AcceptSubmission', { submissionId: 'sub-1' }, { on: '2022-11-16' }),
    code: 'SUBMISSION_ALREADY_DECIDED',
    path: ['data', 'submissionId'],
  },
  {
    name: 'accepted, then rejected',
    given: then(accept),
    c: reject,
    code: 'SUBMISSION_ALREADY_DECIDED',
    path: ['data', 'submissionId'],
  },
  {
    name: 'rejected, then accepted',
    given: then(reject),
    c: accept,
    code: 'SUBMISSION_ALREADY_DECIDED',
    path: ['data', 'submissionId'],
  },
  {
    name: 'a second ruling',
    given: then(petition, granted),
    c: command('DecideMotion', { motionId: 'pet-1', ruling: 'denied', summary: 'No' }, court),
    code: 'PETITION_ALREADY_DECIDED',
    path: ['data', 'motionId'],
  },
  {
    name: 'a second supersession',
    given: then(supersede),
    c: command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { orderId: 'o-2' }, summary: 'Again' },
      { on: '2022-08-01', ...court },
    ),
    code: 'ALREADY_SUPERSEDED',
    path: ['data', 'obligationId'],
  },
  {
    name: 'a second, different resolution',
    given: then(resolve),
    c: command(
      'ResolveAllegation',
      { violationId: 'v-1', resolution: 'dismissed', summary: 'Dismissed' },
      court,
    ),
    code: 'ALLEGATION_NOT_PENDING',
    path: ['data', 'violationId'],
  },
  {
    name: 'a new duty after termination',
    given: terminated,
    c: duty({}),
    code: 'ORDER_TERMINATED',
    path: ['type'],
  },
  {
    name: 'a new duty after the term',
    given: base,
    c: command(
      'DemandInformation',
      { demandId: 'cid-1', summary: 'x', dueOn: '2042-06-30' },
      { on: '2042-05-27' },
    ),
    code: 'ORDER_ENDED',
    path: ['meta', 'effectiveOn'],
  },
  {
    name: 'the company finding a violation',
    given: base,
    c: command('FindViolation', found.data, company),
    code: 'ACTOR_NOT_PERMITTED',
    path: ['meta', 'actor', 'role'],
  },
  {
    name: 'the company extending its deadline',
    given: base,
    c: extendReport('2022-12-01', ACTORS.twitter),
    code: 'EXTENSION_NOT_GRANTABLE',
    path: ['meta', 'actor', 'role'],
  },
  {
    name: 'an extension after the order ended',
    given: terminated,
    c: command(
      'ExtendDeadline',
      { obligationId: 'report', newDueOn: '2023-03-01' },
      { on: '2023-01-02', ...court },
    ),
    code: 'ORDER_ENDED',
    path: ['meta', 'effectiveOn'],
  },
  {
    name: 'a monitor extending a deadline',
    given: base,
    c: extendReport('2022-12-01', ACTORS.monitor),
    code: 'EXTENSION_NOT_GRANTABLE',
    path: ['meta', 'actor', 'role'],
  },
  {
    name: 'an obligation never imposed',
    given: base,
    c: command(
      'MakePayment',
      { ...halfPaid.data, paymentId: 'p-9', obligationId: 'ghost' },
      company,
    ),
    code: 'OBLIGATION_NOT_FOUND',
    path: ['data', 'obligationId'],
  },
  {
    name: 'a recurring duty without its occurrence',
    given: base,
    c: command(
      'FileSubmission',
      { submissionId: 'sub-9', obligationId: 'annual-cert', title: 'x' },
      company,
    ),
    code: 'OCCURRENCE_REQUIRED',
    path: ['data', 'occurrence'],
  },
  {
    name: 'a one-off duty under another key',
    given: base,
    c: command(
      'FileSubmission',
      { submissionId: 'sub-9', obligationId: 'report', occurrence: '2022-11-01', title: 'x' },
      company,
    ),
    code: 'OCCURRENCE_NOT_FOUND',
    path: ['data', 'occurrence'],
  },
  {
    name: 'a date the series never falls on',
    given: base,
    c: command(
      'FileSubmission',
      { submissionId: 'sub-9', obligationId: 'annual-cert', occurrence: '2023-05-27', title: 'x' },
      company,
    ),
    code: 'OCCURRENCE_NOT_FOUND',
    path: ['data', 'occurrence'],
  },
  {
    name: 'a payment obligation without an amount',
    given: base,
    c: duty({ kind: 'payment' }),
    code: 'PAYMENT_REQUIRES_AMOUNT',
    path: ['data', 'amount'],
  },
  {
    name: 'a zero amount',
    given: base,
    c: duty({ kind: 'payment', amount: { amountMinor: 0, currency: 'USD' } }),
    code: 'NON_POSITIVE_AMOUNT',
    path: ['data', 'amount', 'amountMinor'],
  },
  {
    name: 'a tier that ends before it starts',
    given: base,
    c: duty({
      stipulatedPenalties: [
        { fromDay: 1, toDay: 14, perDay: { amountMinor: 100, currency: 'USD' } },
        { fromDay: 15, toDay: 10, perDay: { amountMinor: 200, currency: 'USD' } },
      ],
    }),
    code: 'INVALID_PENALTY_TIERS',
    path: ['data', 'stipulatedPenalties', 1, 'toDay'],
  },
  {
    name: 'a tier of nothing a day',
    given: base,
    c: duty({
      stipulatedPenalties: [{ fromDay: 1, perDay: { amountMinor: 0, currency: 'USD' } }],
    }),
    code: 'NON_POSITIVE_AMOUNT',
    path: ['data', 'stipulatedPenalties', 0, 'perDay', 'amountMinor'],
  },
  {
    name: 'a waiver dated before the duty was imposed',
    given: base,
    c: command(
      'WaiveObligation',
      { obligationId: 'report', reason: 'Excused' },
      { on: dayBeforeImposition },
    ),
    code: 'EFFECTIVE_BEFORE_IMPOSITION',
    path: ['meta', 'effectiveOn'],
  },
  {
    name: 'an extension dated before the duty was imposed',
    given: base,
    c: command(
      'ExtendDeadline',
      { obligationId: 'report', newDueOn: '2022-12-01' },
      { on: dayBeforeImposition },
    ),
    code: 'EFFECTIVE_BEFORE_IMPOSITION',
    path: ['meta', 'effectiveOn'],
  },
  {
    name: 'a supersession dated before the duty was imposed',
    given: base,
    c: command('SupersedeObligation', supersede.data, { on: dayBeforeImposition, ...court }),
    code: 'EFFECTIVE_BEFORE_IMPOSITION',
    path: ['meta', 'effectiveOn'],
  },
  {
    name: 'a finding against a duty whose anchor is not met',
    given: then(followUp),
    c: command(
      'FindViolation',
      { violationId: 'v-9', obligationId: 'new-duty', summary: 'Not done' },
      court,
    ),
    code: 'OCCURRENCE_NOT_FOUND',
    path: ['data', 'obligationId'],
  },
  {
    name: 'an allegation naming the occurrence of a duty whose anchor is not met',
    given: then(followUp),
    c: command('AllegeViolation', {
      violationId: 'v-9',
      obligationId: 'new-duty',
      occurrence: 'once',
      summary: 'Not done',
    }),
    code: 'OCCURRENCE_NOT_FOUND',
    path: ['data', 'occurrence'],
  },
  {
    name: 'anchored on its own satisfaction',
    given: base,
    c: duty({
      schedule: {
        kind: 'after',
        anchor: { kind: 'satisfaction', obligationId: 'new-duty' },
        offset: { days: 30 },
      },
    }),
    code: 'INVALID_SCHEDULE',
    path: ['data', 'schedule', 'anchor', 'obligationId'],
  },
  {
    name: 'anchored on an obligation never imposed',
    given: base,
    c: duty({
      schedule: {
        kind: 'after',
        anchor: { kind: 'satisfaction', obligationId: 'ghost' },
        offset: { days: 30 },
      },
    }),
    code: 'OBLIGATION_NOT_FOUND',
    path: ['data', 'schedule', 'anchor', 'obligationId'],
  },
  {
    name: 'a condition on a deadline counted from entry',
    given: base,
    c: duty({
      schedule: {
        kind: 'after',
        anchor: { kind: 'order_entry' },
        offset: { days: 30 },
        condition: { measure: 'usersAffected', op: '>=', value: 250 },
      },
    }),
    code: 'INVALID_SCHEDULE',
    path: ['data', 'schedule', 'condition'],
  },
  {
    name: 'a recurrence that ends before it starts',
    given: base,
    c: duty({
      schedule: {
        kind: 'recurring',
        every: { years: 1 },
        start: { on: '2024-01-01' },
        until: '2023-12-31',
      },
    }),
    code: 'INVALID_SCHEDULE',
    path: ['data', 'schedule', 'until'],
  },
  {
    name: 'an amendment to a payment without an amount',
    given: base,
    c: command('AmendObligation', {
      obligationId: 'penalty',
      changes: { amount: { amountMinor: -1, currency: 'USD' } },
    }),
    code: 'NON_POSITIVE_AMOUNT',
    path: ['data', 'changes', 'amount', 'amountMinor'],
  },
  {
    name: 'a second entry',
    given: base,
    c: command('EnterOrder', {}, { on: '2022-06-01', ...court }),
    code: 'ORDER_ALREADY_ENTERED',
    path: ['meta', 'effectiveOn'],
  },
  {
    name: 'an extension of a prohibition',
    given: base,
    c: command('ExtendDeadline', { obligationId: 'ad-ban', newDueOn: '2022-12-01' }),
    code: 'EXTENSION_NOT_APPLICABLE',
    path: ['data', 'obligationId'],
  },
  {
    name: 'an extension that shortens',
    given: base,
    c: extendReport('2022-10-01'),
    code: 'EXTENSION_SHORTENS_DEADLINE',
    path: ['data', 'newDueOn'],
  },
  {
    name: 'an acceptance effective before the filing it accepts',
    given: base,
    c: command('AcceptSubmission', { submissionId: 'sub-1' }, { on: '2022-10-19' }),
    code: 'DECISION_BEFORE_FILING',
    path: ['meta', 'effectiveOn'],
  },
  {
    name: 'a decision on a submission never filed',
    given: base,
    c: command('RejectSubmission', { submissionId: 'sub-9', reason: 'x' }),
    code: 'SUBMISSION_NOT_FOUND',
    path: ['data', 'submissionId'],
  },
  {
    name: 'a finding against a waived occurrence',
    given: base,
    c: violation({ obligationId: 'annual-cert', occurrence: '2024-05-26' }, '2024-06-01'),
    code: 'VIOLATION_AGAINST_WAIVED',
    path: ['data', 'obligationId'],
  },
  {
    name: 'a finding whose period starts after the waiver',
    given: base,
    c: violation(
      {
        obligationId: 'annual-cert',
        occurrence: '2024-05-26',
        period: { from: waived2024.meta.effectiveOn },
      },
      '2024-06-01',
    ),
    code: 'VIOLATION_AGAINST_WAIVED',
    path: ['data', 'period', 'from'],
  },
  {
    name: 'a period that ends before it starts',
    given: base,
    c: violation({ obligationId: 'ad-ban', period: { from: '2022-08-01', to: '2022-07-31' } }),
    code: 'INVALID_PERIOD',
    path: ['data', 'period', 'to'],
  },
  {
    name: 'a period that ends before the duty bound (conduct before the order was entered)',
    given: base,
    c: violation({ obligationId: 'ad-ban', period: { from: '2022-01-01', to: '2022-05-25' } }),
    code: 'VIOLATION_BEFORE_DUTY',
    path: ['data', 'period', 'to'],
  },
  {
    name: 'a period after the term',
    given: terminated,
    c: violation({ obligationId: 'ad-ban', period: { from: '2023-01-02' } }, '2023-02-01'),
    code: 'VIOLATION_AFTER_END',
    path: ['data', 'period', 'from'],
  },
  {
    name: 'a violation id reused for another obligation',
    given: base,
    c: violation({ violationId: alleged.data.violationId, obligationId: 'report' }),
    code: 'FACT_ID_REUSED',
    path: ['data', 'violationId'],
  },
  {
    name: 'a closure that ends before it starts',
    given: base,
    c: command(
      'DeclareClosure',
      { closedOn: '2023-03-14', through: '2023-03-13', reason: 'x' },
      court,
    ),
    code: 'INVALID_PERIOD',
    path: ['data', 'through'],
  },
  {
    name: 'a demand with both a date and a period',
    given: base,
    c: command('DemandInformation', {
      demandId: 'cid-2',
      summary: 'x',
      dueOn: '2023-01-01',
      respondWithin: { days: 30 },
    }),
    code: 'INVALID_SCHEDULE',
    path: ['data', 'respondWithin'],
  },
  {
    name: 'a demand with neither',
    given: base,
    c: command('DemandInformation', { demandId: 'cid-3', summary: 'x' }),
    code: 'INVALID_SCHEDULE',
    path: ['data', 'dueOn'],
  },
  {
    name: 'a resolution of a violation never alleged',
    given: base,
    c: command(
      'ResolveAllegation',
      { violationId: 'v-9', resolution: 'dismissed', summary: 'x' },
      court,
    ),
    code: 'VIOLATION_NOT_FOUND',
    path: ['data', 'violationId'],
  },
  {
    name: 'a resolution of a finding never alleged',
    given: then(violation({ violationId: 'v-5', obligationId: 'report' })),
    c: command(
      'ResolveAllegation',
      { violationId: 'v-5', resolution: 'dismissed', summary: 'x' },
      court,
    ),
    code: 'ALLEGATION_NOT_PENDING',
    path: ['data', 'violationId'],
  },
  {
    name: 'a resolution of an allegation found',
    given: then(found),
    c: resolve,
    code: 'ALLEGATION_NOT_PENDING',
    path: ['data', 'violationId'],
  },
  {
    name: 'a resolution of an allegation cured',
    given: then(cure),
    c: resolve,
    code: 'ALLEGATION_NOT_PENDING',
    path: ['data', 'violationId'],
  },
  {
    name: 'a ruling on nothing filed',
    given: base,
    c: command('DecidePetition', { petitionId: 'pet-9', ruling: 'denied', summary: 'x' }, court),
    code: 'PETITION_NOT_FOUND',
    path: ['data', 'petitionId'],
  },
  {
    name: 'a ruling on no motion filed',
    given: base,
    c: command('DecideMotion', { motionId: 'mot-9', ruling: 'denied', summary: 'x' }, court),
    code: 'PETITION_NOT_FOUND',
    path: ['data', 'motionId'],
  },
  {
    name: 'a supersession naming no successor',
    given: base,
    c: command(
      'SupersedeObligation',
      { obligationId: 'report', successor: {}, summary: 'x' },
      court,
    ),
    code: 'INVALID_SUCCESSOR',
    path: ['data', 'successor'],
  },
  {
    name: 'a payment toward a report',
    given: base,
    c: command(
      'MakePayment',
      { ...halfPaid.data, paymentId: 'p-9', obligationId: 'report' },
      company,
    ),
    code: 'NOT_A_PAYMENT_OBLIGATION',
    path: ['data', 'obligationId'],
  },
  {
    name: 'a payment in another currency',
    given: base,
    c: command(
      'MakePayment',
      { paymentId: 'p-9', obligationId: 'penalty', amount: { amountMinor: 100, currency: 'EUR' } },
      company,
    ),
    code: 'CURRENCY_MISMATCH',
    path: ['data', 'amount', 'currency'],
  },
  {
    name: 'a submission toward a payment',
    given: base,
    c: command(
      'FileSubmission',
      { submissionId: 'sub-9', obligationId: 'penalty', title: 'x' },
      company,
    ),
    code: 'PAYMENT_OBLIGATION_NEEDS_PAYMENT',
    path: ['data', 'obligationId'],
  },
  {
    name: 'a cure of nothing',
    given: base,
    c: command('CureViolation', { violationId: 'v-9', summary: 'x' }, company),
    code: 'VIOLATION_NOT_FOUND',
    path: ['data', 'violationId'],
  },
  {
    name: 'a retraction of nothing',
    given: base,
    c: command('RetractEntry', { eventId: '00000000-0000-4000-8000-0000000fffff', reason: 'x' }),
    code: 'EVENT_NOT_FOUND',
    path: ['data', 'eventId'],
  },
  {
    name: 'a retraction retracted again',
    given: then(retract),
    c: command('RetractEntry', { eventId: halfPaid.meta.eventId, reason: 'Again' }),
    code: 'ALREADY_RETRACTED',
    path: ['data', 'eventId'],
  },
  {
    name: 'a retraction of the filing',
    given: base,
    c: command('RetractEntry', { eventId: filed.meta.eventId, reason: 'x' }),
    code: 'CANNOT_RETRACT',
    path: ['data', 'eventId'],
  },
  {
    name: 'a retraction of a retraction',
    given: then(retract),
    c: command('RetractEntry', { eventId: retract.meta.eventId, reason: 'x' }),
    code: 'CANNOT_RETRACT',
    path: ['data', 'eventId'],
  },
];

import type { FieldPath, OrderCommand, OrderEvent, OrderRuleCode } from '../../domain/index.js';
import { givenOrder } from '../../src/testing/index.js';
import { ACTORS, command, record, recorded } from './order-builders.js';

/**
 * A small order to decide against: filed 2022-05-25, entered 2022-05-26 to 2042, with one duty of
 * each schedule shape, an incident, a filed report, a payment and an alleged violation. Fixed ids 1–12.
 */
export const filed = command(
  'FileOrder',
  {
    orderId: 'us-v-twitter',
    title: 'Stipulated Order for Civil Penalty',
    kind: 'stipulated_order',
    forum: 'U.S. District Court, N.D. Cal.',
    docket: '3:22-cv-03070',
  },
  { id: 1, on: '2022-05-25', by: ACTORS.doj },
);
/** Entry of the scenario's order. */
export const entered = command(
  'EnterOrder',
  { termEndsOn: '2042-05-26' },
  { id: 2, on: '2022-05-26', by: ACTORS.court },
);
/** A one-off report due 2022-11-01 that the FTC must accept. */
export const report = command(
  'ImposeObligation',
  {
    obligationId: 'report',
    title: 'Compliance report',
    kind: 'report',
    schedule: { kind: 'once', dueOn: '2022-11-01' },
    requiresAcceptance: true,
  },
  { id: 3, on: '2022-05-26' },
);
/** The civil penalty: USD 150,000,000 due 2022-06-02. */
export const penalty = command(
  'ImposeObligation',
  {
    obligationId: 'penalty',
    title: 'Civil penalty',
    kind: 'payment',
    schedule: { kind: 'once', dueOn: '2022-06-02' },
    amount: { amountMinor: 15_000_000_000, currency: 'USD' },
  },
  { id: 4, on: '2022-05-26', by: ACTORS.court },
);
/** An ongoing prohibition. */
export const ban = command(
  'ImposeObligation',
  {
    obligationId: 'ad-ban',
    title: 'No ads from security data',
    kind: 'prohibition',
    schedule: { kind: 'ongoing' },
  },
  { id: 5, on: '2022-05-26' },
);
/** A yearly certification from 2023-05-26. */
export const annual = command(
  'ImposeObligation',
  {
    obligationId: 'annual-cert',
    title: 'Annual certification',
    kind: 'certification',
    schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-05-26' } },
  },
  { id: 6, on: '2022-05-26' },
);
/** Incident reports, 30 days after each incident discovered. */
export const incidentReport = command(
  'ImposeObligation',
  {
    obligationId: 'incident-report',
    title: 'Covered incident report',
    kind: 'report',
    schedule: {
      kind: 'after',
      anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
      offset: { days: 30 },
    },
  },
  { id: 7, on: '2022-05-26' },
);
/** An incident discovered 2022-07-01. */
export const incident = command(
  'DiscoverIncident',
  { incidentId: 'inc-1', summary: 'Credential stuffing', usersAffected: 5400 },
  { id: 8, on: '2022-07-01', by: ACTORS.twitter },
);
/** The company files the report. */
export const reportFiled = command(
  'FileSubmission',
  { submissionId: 'sub-1', obligationId: 'report', title: 'Compliance report 2022' },
  { id: 9, on: '2022-10-20', by: ACTORS.twitter },
);
/** A first payment of half the penalty. */
export const halfPaid = command(
  'MakePayment',
  {
    paymentId: 'pay-1',
    obligationId: 'penalty',
    amount: { amountMinor: 7_500_000_000, currency: 'USD' },
  },
  { id: 10, on: '2022-05-27', by: ACTORS.twitter },
);
/** The FTC alleges a breach of the ban. */
export const alleged = command(
  'AllegeViolation',
  { violationId: 'v-1', obligationId: 'ad-ban', summary: 'Phone numbers used for ads' },
  { id: 11, on: '2022-09-01' },
);
/** A waived occurrence of the annual certification. */
export const waived2024 = command(
  'WaiveObligation',
  {
    obligationId: 'annual-cert',
    occurrence: '2024-05-26',
    reason: 'Covered by 2025 certification',
  },
  { id: 12, on: '2023-12-01' },
);

/** Every command of the scenario, in order. */
export const SCENARIO = [
  filed,
  entered,
  report,
  penalty,
  ban,
  annual,
  incidentReport,
  incident,
  reportFiled,
  halfPaid,
  alleged,
  waived2024,
] as const;

/** The scenario's events and state. */
export const scenario = () => record(SCENARIO);

/** Accepted: exactly the command's event; twice: the same command on the new state records nothing. */
export const accepts = (given: readonly OrderEvent[], c: OrderCommand): void => {
  givenOrder(given)
    .when(c)
    .thenRecords([recorded(c)]);
  givenOrder([...given, recorded(c)])
    .when(c)
    .thenRecords([]);
};

/** Refused with this rule code and field path. */
export const rejects = (
  given: readonly OrderEvent[],
  c: OrderCommand,
  code: OrderRuleCode,
  path: FieldPath,
): void => {
  givenOrder(given).when(c).thenRejects(code, path);
};

// Who may record what (issue 16, item 7): every command × every actor role, on an order where the
// command is otherwise valid, so that the role alone decides. The verdicts are written out by hand
// from the design (design.md section 2: an oversight action is what DOJ, the FTC, a court, a
// monitor or an assessor does; a response is what the company does, and anyone may record it;
// README: a deadline is moved only by a regulator or a court, never granted by the company
// itself) and from who holds each power: the order, its duties, a finding, a penalty and a ruling
// are the court's or the issuing agency's acts, never a monitor's or an assessor's, who review and
// report (a demand, a decision on a submission, an allegation). Not read from the rules code, so
// that dropping a type from the set of oversight-only events, or letting another role extend a
// deadline or terminate the order, fails here.
import { describe, expect, it } from 'vitest';
import {
  ActorRole,
  AllegationResolution,
  admit,
  eventOf,
  ORDER_COMMAND_TYPES,
  type Actor,
  type OrderCommand,
  type OrderCommandType,
  type OrderEvent,
} from '../../../domain/index.js';
import { givenOrder } from '../../../src/testing/index.js';
import { ACTORS, command, record } from '../../support/order-builders.js';
import { accepts, filed, halfPaid, rejects, scenario } from '../../support/order-scenario.js';

type Role = ActorRole;
type Verdict = 'accepted' | 'ACTOR_NOT_PERMITTED' | 'EXTENSION_NOT_GRANTABLE';

const OK = 'accepted' as const;
/** The company records an oversight action as its own act, or a monitor or an assessor one of the court's or agency's. */
const NO = 'ACTOR_NOT_PERMITTED' as const;
/** Only a regulator or a court grants an extension (README: "an extension ... that the company grants itself" is refused). */
const NG = 'EXTENSION_NOT_GRANTABLE' as const;

/** One actor per role. */
const BY: Readonly<Record<Role, Actor>> = {
  regulator: ACTORS.ftc,
  court: ACTORS.court,
  company: ACTORS.twitter,
  assessor: ACTORS.ey,
  monitor: ACTORS.monitor,
};

/** The roles, in the order of the table's columns. */
const ROLES = ['regulator', 'court', 'company', 'assessor', 'monitor'] as const satisfies Role[];

/**
 * The expected verdict of every command for every role, columns in `ROLES` order:
 *                       regulator court company assessor monitor
 */
const TABLE: Readonly<
  Record<OrderCommandType, readonly [Verdict, Verdict, Verdict, Verdict, Verdict]>
> = {
  // The order itself. Filing is not an oversight act (README: side "order"); the company may be
  // the one who files a stipulated order. Entry, modification and termination are the court's or
  // agency's acts: never the company's, a monitor's or an assessor's.
  FileOrder: [OK, OK, OK, OK, OK],
  EnterOrder: [OK, OK, NO, NO, NO],
  ModifyOrder: [OK, OK, NO, NO, NO],
  TerminateOrder: [OK, OK, NO, NO, NO],
  // Duties: imposed, amended, waived and superseded by the court or agency alone.
  ImposeObligation: [OK, OK, NO, NO, NO],
  AmendObligation: [OK, OK, NO, NO, NO],
  WaiveObligation: [OK, OK, NO, NO, NO],
  SupersedeObligation: [OK, OK, NO, NO, NO],
  // Oversight actions (design.md section 2): a monitor or an assessor demands, reviews and alleges;
  // finding, penalties, rulings, approving an assessor and closures are the court's or agency's.
  DemandInformation: [OK, OK, NO, OK, OK],
  ExtendDeadline: [OK, OK, NG, NG, NG],
  AcceptSubmission: [OK, OK, NO, OK, OK],
  RejectSubmission: [OK, OK, NO, OK, OK],
  AllegeViolation: [OK, OK, NO, OK, OK],
  FindViolation: [OK, OK, NO, NO, NO],
  ResolveAllegation: [OK, OK, NO, OK, OK],
  AssessPenalty: [OK, OK, NO, NO, NO],
  ApproveAssessor: [OK, OK, NO, NO, NO],
  DecidePetition: [OK, OK, NO, NO, NO],
  DecideMotion: [OK, OK, NO, NO, NO],
  DeclareClosure: [OK, OK, NO, NO, NO],
  // Responses: what the company does, recorded by whoever learned of it.
  MakePayment: [OK, OK, OK, OK, OK],
  FileSubmission: [OK, OK, OK, OK, OK],
  DiscoverIncident: [OK, OK, OK, OK, OK],
  RecordCorporateChange: [OK, OK, OK, OK, OK],
  LaunchProduct: [OK, OK, OK, OK, OK],
  CureViolation: [OK, OK, OK, OK, OK],
  RequestExtension: [OK, OK, OK, OK, OK],
  FilePetition: [OK, OK, OK, OK, OK],
  IssuePublicStatement: [OK, OK, OK, OK, OK],
  // Who at the company answers for a duty: the company's act, recorded like its other acts.
  AssignObligation: [OK, OK, OK, OK, OK],
  // A correction of the record, not a legal act (design.md 6.1).
  RetractEntry: [OK, OK, OK, OK, OK],
};

const base = scenario().events;
const withPetition = record(
  [
    command(
      'FilePetition',
      { petitionId: 'pet-1', relief: 'modify', summary: 'Relief from the order' },
      { on: '2023-07-13', by: ACTORS.x },
    ),
  ],
  scenario(),
).events;

/** Each command on an order where it is valid, by the given actor: the role is the only thing that varies. */
const CASES: Readonly<
  Record<OrderCommandType, (by: Actor) => { given: readonly OrderEvent[]; c: OrderCommand }>
> = {
  FileOrder: (by) => ({ given: [], c: command('FileOrder', filed.data, { on: '2022-05-25', by }) }),
  EnterOrder: (by) => ({
    given: record([filed]).events,
    c: command('EnterOrder', { termEndsOn: '2042-05-26' }, { on: '2022-05-26', by }),
  }),
  ModifyOrder: (by) => ({
    given: base,
    c: command('ModifyOrder', { summary: 'Term extended', termEndsOn: '2042-12-31' }, { by }),
  }),
  TerminateOrder: (by) => ({
    given: base,
    c: command('TerminateOrder', { reason: 'Set aside' }, { on: '2026-12-31', by }),
  }),
  ImposeObligation: (by) => ({
    given: base,
    c: command(
      'ImposeObligation',
      {
        obligationId: 'new-duty',
        title: 'New duty',
        kind: 'report',
        schedule: { kind: 'once', dueOn: '2023-01-31' },
      },
      { by },
    ),
  }),
  AmendObligation: (by) => ({
    given: base,
    c: command(
      'AmendObligation',
      { obligationId: 'report', changes: { title: 'Initial compliance report' } },
      { by },
    ),
  }),
  WaiveObligation: (by) => ({
    given: base,
    c: command('WaiveObligation', { obligationId: 'report', reason: 'Superseded' }, { by }),
  }),
  SupersedeObligation: (by) => ({
    given: base,
    c: command(
      'SupersedeObligation',
      { obligationId: 'report', successor: { obligationId: 'report-2023' }, summary: 'Restated' },
      { by },
    ),
  }),
  AssignObligation: (by) => ({
    given: base,
    c: command(
      'AssignObligation',
      { obligationId: 'report', owner: { name: 'Jane Roe', email: 'jane.roe@example.com' } },
      { by },
    ),
  }),
  DemandInformation: (by) => ({
    given: base,
    c: command(
      'DemandInformation',
      { demandId: 'cid-1', summary: 'Documents', dueOn: '2022-12-12' },
      { on: '2022-11-10', by },
    ),
  }),
  ExtendDeadline: (by) => ({
    given: base,
    c: command('ExtendDeadline', { obligationId: 'report', newDueOn: '2022-12-01' }, { by }),
  }),
  AcceptSubmission: (by) => ({
    given: base,
    c: command('AcceptSubmission', { submissionId: 'sub-1' }, { on: '2022-11-15', by }),
  }),
  RejectSubmission: (by) => ({
    given: base,
    c: command(
      'RejectSubmission',
      { submissionId: 'sub-1', reason: 'Incomplete' },
      { on: '2022-11-15', by },
    ),
  }),
  AllegeViolation: (by) => ({
    given: base,
    c: command(
      'AllegeViolation',
      { violationId: 'v-2', obligationId: 'report', summary: 'Late' },
      { on: '2022-11-05', by },
    ),
  }),
  FindViolation: (by) => ({
    given: base,
    c: command(
      'FindViolation',
      { violationId: 'v-1', obligationId: 'ad-ban', summary: 'Phone numbers used for ads' },
      { on: '2022-10-01', by },
    ),
  }),
  ResolveAllegation: (by) => ({
    given: base,
    c: command(
      'ResolveAllegation',
      { violationId: 'v-1', resolution: 'withdrawn', summary: 'Withdrawn' },
      { on: '2022-10-01', by },
    ),
  }),
  AssessPenalty: (by) => ({
    given: base,
    c: command(
      'AssessPenalty',
      {
        penaltyId: 'pen-1',
        amount: { amountMinor: 4_651_700, currency: 'USD' },
        dueOn: '2023-01-31',
        reason: 'Late report',
      },
      { by },
    ),
  }),
  ApproveAssessor: (by) => ({
    given: base,
    c: command(
      'ApproveAssessor',
      { assessor: 'Ernst & Young LLP', obligationId: 'report' },
      { by },
    ),
  }),
  DecidePetition: (by) => ({
    given: withPetition,
    c: command(
      'DecidePetition',
      { petitionId: 'pet-1', ruling: 'denied', summary: 'Denied' },
      { on: '2023-11-16', by },
    ),
  }),
  DecideMotion: (by) => ({
    given: withPetition,
    c: command(
      'DecideMotion',
      { motionId: 'pet-1', ruling: 'granted_in_part', summary: 'Granted in part' },
      { on: '2023-11-16', by },
    ),
  }),
  DeclareClosure: (by) => ({
    given: base,
    c: command(
      'DeclareClosure',
      { closedOn: '2023-03-14', reason: "Clerk's office closed" },
      { by },
    ),
  }),
  MakePayment: (by) => ({
    given: base,
    c: command(
      'MakePayment',
      {
        paymentId: 'pay-2',
        obligationId: 'penalty',
        amount: { amountMinor: 7_500_000_000, currency: 'USD' },
      },
      { on: '2022-05-31', by },
    ),
  }),
  FileSubmission: (by) => ({
    given: base,
    c: command(
      'FileSubmission',
      {
        submissionId: 'sub-2',
        obligationId: 'annual-cert',
        occurrence: '2023-05-26',
        title: 'Certification 2023',
      },
      { on: '2023-05-20', by },
    ),
  }),
  DiscoverIncident: (by) => ({
    given: base,
    c: command('DiscoverIncident', { incidentId: 'inc-2', summary: 'API leak' }, { by }),
  }),
  RecordCorporateChange: (by) => ({
    given: base,
    c: command(
      'RecordCorporateChange',
      { changeId: 'musk-closing', summary: 'Acquisition by X Holdings closes' },
      { on: '2022-10-27', by },
    ),
  }),
  LaunchProduct: (by) => ({
    given: base,
    c: command('LaunchProduct', { productId: 'app-2', summary: 'New app' }, { by }),
  }),
  CureViolation: (by) => ({
    given: base,
    c: command(
      'CureViolation',
      { violationId: 'v-1', summary: 'Ad pipeline disconnected' },
      { on: '2022-10-01', by },
    ),
  }),
  RequestExtension: (by) => ({
    given: base,
    c: command(
      'RequestExtension',
      { requestId: 'req-1', obligationId: 'report', requestedDueOn: '2022-12-15' },
      { by },
    ),
  }),
  FilePetition: (by) => ({
    given: base,
    c: command(
      'FilePetition',
      { petitionId: 'pet-2', relief: 'terminate', summary: 'End the order' },
      { on: '2026-05-15', by },
    ),
  }),
  IssuePublicStatement: (by) => ({
    given: base,
    c: command(
      'IssuePublicStatement',
      { statementId: 'st-1', summary: 'We have paid the penalty' },
      { by },
    ),
  }),
  RetractEntry: (by) => ({
    given: base,
    c: command(
      'RetractEntry',
      { eventId: halfPaid.meta.eventId, reason: 'Entered twice by mistake' },
      { by },
    ),
  }),
};

describe('who may record what: the table', () => {
  it('covers every command and every role', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ORDER_COMMAND_TYPES].sort());
    expect(Object.keys(CASES).sort()).toEqual([...ORDER_COMMAND_TYPES].sort());
    expect([...ROLES].sort()).toEqual([...ActorRole.options].sort());
  });
});

const cells = ORDER_COMMAND_TYPES.flatMap((type) =>
  ROLES.map((role, i) => [type, role, TABLE[type][i] as Verdict] as const),
);

describe.each(ORDER_COMMAND_TYPES.map((t) => [t] as const))('%s', (type) => {
  it.each(cells.filter(([t]) => t === type).map(([, role, verdict]) => [role, verdict] as const))(
    'by the %s: %s',
    (role, verdict) => {
      const { given, c } = CASES[type](BY[role]);
      if (verdict === 'accepted') {
        accepts(given, c);
        // The NDJSON import reads admit's verdict itself, and writes only what is 'new'.
        expect(admit(givenOrder(given).state, eventOf(c))).toBe('new');
      } else rejects(given, c, verdict, ['meta', 'actor', 'role']);
    },
  );
});

/**
 * The ends of an allegation, by role, columns in `ROLES` order: whoever alleged may withdraw, but a
 * dismissal, or a consent judgment resolving it, disposes of the allegation, which only the court
 * or the issuing agency does.
 */
const RESOLUTIONS: Readonly<
  Record<AllegationResolution, readonly [Verdict, Verdict, Verdict, Verdict, Verdict]>
> = {
  withdrawn: [OK, OK, NO, OK, OK],
  dismissed: [OK, OK, NO, NO, NO],
  consent_judgment_without_admission: [OK, OK, NO, NO, NO],
};

describe('an allegation resolved', () => {
  it('covers every resolution', () => {
    expect(Object.keys(RESOLUTIONS).sort()).toEqual([...AllegationResolution.options].sort());
  });
  it.each(
    Object.entries(RESOLUTIONS).flatMap(([resolution, verdicts]) =>
      ROLES.map((role, i) => [resolution as AllegationResolution, role, verdicts[i]!] as const),
    ),
  )('as %s by the %s: %s', (resolution, role, verdict) => {
    const c = command(
      'ResolveAllegation',
      { violationId: 'v-1', resolution, summary: 'Resolved' },
      { on: '2022-10-01', by: BY[role] },
    );
    if (verdict === 'accepted') accepts(base, c);
    else rejects(base, c, verdict, ['meta', 'actor', 'role']);
  });
});

import { deadline } from '../calendar/business-days.js';
import { isRecurringKey, type RecurrenceContext } from '../schedule/occurrences.js';
import { DomainRuleViolation, type FieldPath } from '../shared/errors.js';
import type { CalendarDate, Money } from '../shared/primitives.js';
import type { Schedule } from '../schedule/schedule.schema.js';
import type { ObligationKind, OrderEvent, PenaltyTier } from './order.events.js';
import { factKeyOf, fingerprintOf, sameEvent, sameFact, seenEvent } from './order.evolve.js';
import { occurrenceSpecOf, scheduleContextOf } from './order.schedule-context.js';
import {
  latestOrderTerms,
  latestTerms,
  occurrenceId,
  ownEntry,
  defaultOccurrenceOn,
  singleOccurrenceKey,
  type ObligationState,
  type OrderState,
} from './order.state.js';

/** Every rule an order enforces, by code. */
export type OrderRuleCode =
  | 'ORDER_NOT_FILED'
  | 'EFFECTIVE_BEFORE_FILING'
  | 'EFFECTIVE_BEFORE_IMPOSITION'
  | 'ORDER_ALREADY_FILED'
  | 'ORDER_ALREADY_ENTERED'
  | 'ORDER_TERMINATED'
  | 'OBLIGATION_NOT_FOUND'
  | 'OBLIGATION_EXISTS'
  | 'OCCURRENCE_REQUIRED'
  | 'OCCURRENCE_NOT_FOUND'
  | 'PAYMENT_REQUIRES_AMOUNT'
  | 'NOT_A_PAYMENT_OBLIGATION'
  | 'PAYMENT_OBLIGATION_NEEDS_PAYMENT'
  | 'CURRENCY_MISMATCH'
  | 'NON_POSITIVE_AMOUNT'
  | 'EXTENSION_SHORTENS_DEADLINE'
  | 'EXTENSION_NOT_GRANTABLE'
  | 'EXTENSION_NOT_APPLICABLE'
  | 'ACTOR_NOT_PERMITTED'
  | 'VIOLATION_AGAINST_WAIVED'
  | 'VIOLATION_NOT_FOUND'
  | 'SUBMISSION_NOT_FOUND'
  | 'SUBMISSION_ALREADY_DECIDED'
  | 'DECISION_BEFORE_FILING'
  | 'FACT_ID_REUSED'
  | 'EVENT_ID_REUSED'
  | 'EVENT_NOT_FOUND'
  | 'ALREADY_RETRACTED'
  | 'CANNOT_RETRACT'
  | 'INVALID_SCHEDULE'
  | 'INVALID_PENALTY_TIERS'
  | 'ORDER_ENDED'
  | 'VIOLATION_AFTER_END'
  | 'VIOLATION_BEFORE_DUTY'
  | 'INVALID_PERIOD'
  | 'INVALID_SUCCESSOR'
  | 'ALLEGATION_NOT_PENDING'
  | 'PETITION_NOT_FOUND'
  | 'PETITION_ALREADY_DECIDED'
  | 'ALREADY_SUPERSEDED'
  | 'BACKUP_IS_OWNER';

/** Whether an admitted event is new, or the same fact already recorded (then nothing is written). */
export type Admission = 'new' | 'duplicate';

const fail = (
  code: OrderRuleCode,
  path: FieldPath,
  message: string,
  details: Record<string, unknown> = {},
): never => {
  throw new DomainRuleViolation(code, message, path, details);
};

const OVERSIGHT = new Set<OrderEvent['type']>([
  'OrderEntered',
  'ObligationImposed',
  'ObligationAmended',
  'OrderModified',
  'OrderTerminated',
  'ObligationWaived',
  'InformationDemanded',
  'DeadlineExtended',
  'SubmissionAccepted',
  'SubmissionRejected',
  'ViolationAlleged',
  'ViolationFound',
  'PenaltyAssessed',
  'AssessorApproved',
  'ObligationSuperseded',
  'AllegationResolved',
  'PetitionDecided',
  'MotionDecided',
  'ClosureDeclared',
]);
/**
 * Acts of the court or of the agency that issued the order alone: making, changing or ending the
 * order and its duties, excusing a duty, adjudicating a violation, assessing a penalty, ruling,
 * approving an assessor, declaring a closure. A monitor or an assessor reviews and reports: it may
 * demand information, decide on a submission, allege a violation (and withdraw an allegation), but
 * not record these as its own acts, nor dismiss an allegation (`admitReviewer`).
 */
const SOVEREIGN = new Set<OrderEvent['type']>([
  'OrderEntered',
  'OrderModified',
  'OrderTerminated',
  'ObligationImposed',
  'ObligationAmended',
  'ObligationWaived',
  'ObligationSuperseded',
  'ViolationFound',
  'PenaltyAssessed',
  'PetitionDecided',
  'MotionDecided',
  'AssessorApproved',
  'ClosureDeclared',
]);
/** Facts that add duties or change the order's terms: refused once the order has ended. Oversight about the term (a penalty, a finding) is not among them. */
const NEW_DUTIES = new Set<OrderEvent['type']>([
  'OrderEntered',
  'OrderModified',
  'ObligationImposed',
  'ObligationAmended',
  'InformationDemanded',
]);

const obligation = (
  s: OrderState,
  id: string,
  path: FieldPath = ['data', 'obligationId'],
): ObligationState =>
  ownEntry(s.obligations, id) ??
  fail('OBLIGATION_NOT_FOUND', path, `no obligation "${id}" has been imposed in this order`, {
    obligationId: id,
  });

/** What `scheduleContextOf(s)` says of entry and term, the only parts a recurrence reads (without building the whole context). */
const recurrenceContextOf = (s: OrderState): RecurrenceContext => ({
  enteredOn: s.entered?.on,
  termEndsOn: latestOrderTerms(s).termEndsOn,
});

/**
 * Resolves and checks the occurrence a fact dated `on` names; defaults to the only one of a one-off
 * or ongoing duty under the terms in force on that date (`defaultOccurrenceOn`).
 */
export const resolveOccurrence = (
  s: OrderState,
  o: ObligationState,
  given: string | undefined,
  on: CalendarDate,
): string => {
  if (given === undefined) {
    return (
      defaultOccurrenceOn(o, on) ??
      fail(
        'OCCURRENCE_REQUIRED',
        ['data', 'occurrence'],
        `obligation "${o.id}" recurs or is triggered under its terms in force on ${on}: name the occurrence (its nominal due date YYYY-MM-DD, or the triggering fact's id)`,
      )
    );
  }
  const schedule = latestTerms(o).schedule;
  const single = singleOccurrenceKey(schedule);
  if (given === single) return given;
  // An amended obligation keeps the occurrences due under its earlier terms (design.md 6.1): look them up by placement.
  const amended = o.amendments.length > 0;
  if (single !== undefined && !amended) {
    return fail(
      'OCCURRENCE_NOT_FOUND',
      ['data', 'occurrence'],
      `obligation "${o.id}" has a single occurrence ("${single}"); omit "occurrence"`,
    );
  }
  const exists =
    schedule.kind === 'recurring' && !amended
      ? isRecurringKey(schedule, recurrenceContextOf(s), given)
      : occurrenceSpecOf(s, o.id, given) !== undefined;
  return exists
    ? given
    : fail(
        'OCCURRENCE_NOT_FOUND',
        ['data', 'occurrence'],
        `obligation "${o.id}" has no occurrence "${given}" under its schedule`,
      );
};

/** The current deadline of an occurrence after every extension recorded, if it can be placed yet. */
export const currentDeadline = (
  s: OrderState,
  obligationId: string,
  key: string,
): CalendarDate | undefined => {
  const extensions = ownEntry(s.occurrences, occurrenceId(obligationId, key))?.extensions ?? [];
  const last = extensions[extensions.length - 1];
  if (last) return deadline(last.newDueOn, scheduleContextOf(s).counting);
  return occurrenceSpecOf(s, obligationId, key)?.dueOn;
};

const positive = (amountMinor: number, path: FieldPath) =>
  amountMinor > 0 ||
  fail('NON_POSITIVE_AMOUNT', path, `the amount must be positive (got ${amountMinor} minor units)`);

/** The parts of an obligation's terms that rules check. */
export interface CheckedTerms {
  readonly kind?: ObligationKind | undefined;
  readonly amount?: Money | undefined;
  readonly schedule?: Schedule | undefined;
  readonly stipulatedPenalties?: readonly PenaltyTier[] | undefined;
}

/** Checks the terms of a new or amended obligation: payments carry a positive amount, anchors exist, tiers are ordered. */
export const checkTerms = (s: OrderState, id: string, t: CheckedTerms, base: FieldPath): void => {
  if (t.kind === 'payment' && t.amount === undefined)
    fail(
      'PAYMENT_REQUIRES_AMOUNT',
      [...base, 'amount'],
      `payment obligation "${id}" needs an amount`,
    );
  if (t.amount) positive(t.amount.amountMinor, [...base, 'amount', 'amountMinor']);
  if (t.schedule) checkSchedule(s, id, t.schedule, [...base, 'schedule']);
  (t.stipulatedPenalties ?? []).forEach((tier, i) => {
    const at = [...base, 'stipulatedPenalties', i];
    if (tier.toDay !== undefined && tier.toDay < tier.fromDay)
      fail(
        'INVALID_PENALTY_TIERS',
        [...at, 'toDay'],
        `tier ${i + 1} ends (day ${tier.toDay}) before it starts (day ${tier.fromDay})`,
      );
    positive(tier.perDay.amountMinor, [...at, 'perDay', 'amountMinor']);
  });
};

const checkSchedule = (s: OrderState, id: string, sch: Schedule, at: FieldPath): void => {
  if (sch.kind === 'after' && sch.anchor.kind === 'satisfaction') {
    if (sch.anchor.obligationId === id)
      fail(
        'INVALID_SCHEDULE',
        [...at, 'anchor', 'obligationId'],
        `obligation "${id}" cannot be anchored on its own satisfaction`,
      );
    obligation(s, sch.anchor.obligationId, [...at, 'anchor', 'obligationId']);
  }
  if (sch.kind === 'after' && sch.condition !== undefined && sch.anchor.kind !== 'trigger') {
    fail(
      'INVALID_SCHEDULE',
      [...at, 'condition'],
      'a condition applies only to a schedule anchored on a triggering fact (IncidentDiscovered, CorporateChangeOccurred, ProductLaunched)',
    );
  }
  if (
    sch.kind === 'recurring' &&
    'on' in sch.start &&
    sch.until !== undefined &&
    sch.until < sch.start.on
  ) {
    fail(
      'INVALID_SCHEDULE',
      [...at, 'until'],
      `the recurrence ends (${sch.until}) before it starts (${sch.start.on})`,
    );
  }
};

const REUSE_CODE: Readonly<Record<string, OrderRuleCode>> = {
  order: 'ORDER_ALREADY_FILED',
  obligation: 'OBLIGATION_EXISTS',
  decision: 'SUBMISSION_ALREADY_DECIDED',
  ruling: 'PETITION_ALREADY_DECIDED',
  supersession: 'ALREADY_SUPERSEDED',
  resolution: 'ALLEGATION_NOT_PENDING',
};

/** Same event id or same named fact: 'duplicate' when the content is the same, a typed refusal otherwise. */
const admitIdentity = (s: OrderState, e: OrderEvent): Admission | undefined => {
  const same = sameEvent(s, e);
  if (same !== undefined) {
    if (same) return 'duplicate';
    const seen = seenEvent(s, e.id)!;
    return fail(
      'EVENT_ID_REUSED',
      ['id'],
      seen.type === e.type
        ? `event id ${e.id} is already recorded in this order with other content (data or metadata differ): an event id names one fact, recorded once; use a new id for a new fact, or retract the earlier one`
        : `event id ${e.id} is already used by another ${seen.type} fact in this order`,
    );
  }
  const prior = sameFact(s, e); // undefined for a type that names no fact, like factKeyOf
  const named = prior && factKeyOf(e);
  if (!named || prior === undefined) return undefined;
  if (fingerprintOf(prior) === fingerprintOf(e)) return 'duplicate';
  const [namespace = '', ...rest] = named.key.split(':');
  return fail(
    REUSE_CODE[namespace] ?? 'FACT_ID_REUSED',
    ['data', named.field],
    `"${rest.join(':')}" is already recorded in this order with different content; use a new id or retract the earlier entry`,
  );
};

/** No new duty once the order has ended (design.md 6.1): terminated, or taking effect after the term's last day. */
const admitNewDuty = (s: OrderState, e: OrderEvent): void => {
  if (s.phase === 'terminated')
    fail(
      'ORDER_TERMINATED',
      ['type'],
      `the order ended (${s.terminated?.kind ?? 'terminated'}) on ${s.terminated?.on}: no new duty (${e.type}) can be added; oversight about the term (a finding, a penalty) still can`,
    );
  const lastDay = latestOrderTerms(s).termEndsOn;
  if (e.type !== 'OrderModified' && lastDay !== undefined && e.metadata.effectiveOn > lastDay) {
    fail(
      'ORDER_ENDED',
      ['metadata', 'effectiveOn'],
      `the order's term ended on ${lastDay}: no new duty (${e.type}) can take effect on ${e.metadata.effectiveOn}`,
    );
  }
};

/** The generic checks every event passes first: id reuse, filing, termination, oversight roles. Returns 'duplicate' for a re-delivery. */
export const admitCommon = (s: OrderState, e: OrderEvent): Admission | undefined => {
  if (s.phase === 'none' && e.type !== 'OrderFiled' && !seenEvent(s, e.id))
    fail(
      'ORDER_NOT_FILED',
      ['type'],
      `nothing can be recorded for an order before it is filed (got ${e.type})`,
    );
  const identity = admitIdentity(s, e);
  if (identity) return identity;
  if (s.filed !== undefined && e.metadata.effectiveOn < s.filed.on)
    fail(
      'EFFECTIVE_BEFORE_FILING',
      ['metadata', 'effectiveOn'],
      `${e.type} takes effect on ${e.metadata.effectiveOn}, before the order was filed (${s.filed.on}): an order's facts take effect on or after its filing (conduct before it belongs in a finding's period)`,
    );
  if (NEW_DUTIES.has(e.type)) admitNewDuty(s, e);
  admitActor(e);
  return undefined;
};

/** Who may record the fact: no oversight act by the company, no act of the court or agency (a dismissal among them) by a monitor or an assessor. */
const admitActor = (e: OrderEvent): void => {
  const role = e.metadata.actor.role;
  if (OVERSIGHT.has(e.type) && role === 'company') {
    if (e.type === 'DeadlineExtended')
      fail(
        'EXTENSION_NOT_GRANTABLE',
        ['metadata', 'actor', 'role'],
        'the company cannot extend its own deadline: only a regulator or a court can (the company asks with ExtensionRequested)',
      );
    fail(
      'ACTOR_NOT_PERMITTED',
      ['metadata', 'actor', 'role'],
      `${e.type} is an oversight action: the company cannot record it as its own act (actor role must be regulator, court, monitor or assessor)`,
    );
  }
  if (role === 'monitor' || role === 'assessor') admitReviewer(e, role);
};

/**
 * A monitor's or an assessor's act: never one of the court's or the agency's; of the ends of an
 * allegation, a withdrawal alone (a dismissal, or a consent judgment, is the court's or the
 * agency's disposition of it).
 */
const admitReviewer = (e: OrderEvent, role: 'monitor' | 'assessor'): void => {
  if (SOVEREIGN.has(e.type))
    fail(
      'ACTOR_NOT_PERMITTED',
      ['metadata', 'actor', 'role'],
      `${e.type} is an act of the court or of the agency that issued the order: a ${role} cannot record it as its own (actor role must be regulator or court; a ${role} reports what it finds with ViolationAlleged)`,
    );
  if (e.type === 'AllegationResolved' && e.data.resolution !== 'withdrawn')
    fail(
      'ACTOR_NOT_PERMITTED',
      ['metadata', 'actor', 'role'],
      `an allegation resolved as "${e.data.resolution}" is the court's or the issuing agency's disposition: a ${role} may withdraw an allegation (resolution "withdrawn"), not dispose of one (actor role must be regulator or court)`,
    );
};

export { fail, obligation, positive };

import { deadline } from '../calendar/business-days.js';
import { offsetWords, type Offset } from '../schedule/schedule.schema.js';
import type { OrderEvent, OrderEventOf, Person, ViolationPeriod } from './order.events.js';
import type { CalendarDate } from '../shared/primitives.js';
import {
  dutyBindsOn,
  occurrenceSpecOf,
  placedOccurrenceOf,
  scheduleContextOf,
} from './order.schedule-context.js';
import { fingerprintOf, seenEvent } from './order.evolve.js';
import {
  admitCommon,
  checkTerms,
  currentDeadline,
  fail,
  obligation,
  positive,
  resolveOccurrence,
  type Admission,
} from './order.rules.js';
import {
  latestOrderTerms,
  latestTerms,
  occurrenceId,
  ownEntry,
  defaultOccurrenceOn,
  termsOn,
  type ObligationState,
  type ObligationTerms,
  type OrderState,
  violationEventFrom,
} from './order.state.js';

const entered = (s: OrderState, e: OrderEventOf<'OrderEntered'>): Admission => {
  if (!s.entered) return 'new';
  const entry = s.terms.find((t) => t.eventId === s.entered?.eventId);
  return seenEvent(s, s.entered.eventId)?.fingerprint === fingerprintOf(e)
    ? 'duplicate'
    : fail(
        'ORDER_ALREADY_ENTERED',
        ['metadata', 'effectiveOn'],
        `the order was already entered on ${s.entered.on}${entry?.termEndsOn ? ` with its term ending ${entry.termEndsOn}` : ''}; record a modification instead`,
      );
};

const amended = (s: OrderState, e: OrderEventOf<'ObligationAmended'>): Admission => {
  const o = obligation(s, e.data.obligationId);
  checkTerms(
    s,
    o.id,
    {
      ...latestTerms(o),
      ...Object.fromEntries(Object.entries(e.data.changes).filter(([, v]) => v !== undefined)),
    },
    ['data', 'changes'],
  );
  return 'new';
};

/**
 * A waiver, an extension or a supersession acts on a duty that exists: it takes effect on or after
 * the duty's imposition (an order's own duties from their imposition at filing or entry; a duty
 * added by a modification, a demand or a penalty from its own date). One dated earlier would
 * record the duty excused, moved or replaced before it existed; a waiver that reaches back to the
 * imposition says `retroactive: true`.
 */
const notBeforeImposition = (
  o: ObligationState,
  e: OrderEventOf<'ObligationWaived' | 'DeadlineExtended' | 'ObligationSuperseded'>,
): void => {
  if (e.metadata.effectiveOn >= o.on) return;
  const act =
    e.type === 'ObligationWaived'
      ? 'waived'
      : e.type === 'DeadlineExtended'
        ? 'given more time'
        : 'superseded';
  fail(
    'EFFECTIVE_BEFORE_IMPOSITION',
    ['metadata', 'effectiveOn'],
    `"${o.id}" was imposed effective ${o.on}: it cannot be ${act} effective ${e.metadata.effectiveOn}, before it existed (give the date the ${e.type} took effect, on or after ${o.on}${e.type === 'ObligationWaived' ? '; a waiver that reaches back to the imposition says retroactive: true' : ''})`,
  );
};

const waived = (s: OrderState, e: OrderEventOf<'ObligationWaived'>): Admission => {
  const o = obligation(s, e.data.obligationId);
  notBeforeImposition(o, e);
  if (e.data.occurrence === undefined) return o.waived ? 'duplicate' : 'new';
  const key = resolveOccurrence(s, o, e.data.occurrence, e.metadata.effectiveOn);
  return ownEntry(s.occurrences, occurrenceId(o.id, key))?.waived ? 'duplicate' : 'new';
};

/**
 * The order's last day in force as recorded: a termination's date or the term's last day, the
 * earlier (a termination recorded after the term ran out ends nothing later); none while neither.
 */
const orderLastDay = (s: OrderState): CalendarDate | undefined => {
  const [first] = [s.terminated?.on, latestOrderTerms(s).termEndsOn]
    .filter((d): d is CalendarDate => d !== undefined)
    .sort();
  return first;
};

/**
 * An extension takes effect while the order is in force, by its last day (a termination's date, or
 * the term's last day): once it has ended, what was unmet then keeps its days late, frozen at the
 * end (design.md 6.1), and no deadline under it moves. A payment, a money judgment that survives the
 * end, can still be given more time.
 */
const extendedInForce = (
  s: OrderState,
  o: ObligationState,
  e: OrderEventOf<'DeadlineExtended'>,
): void => {
  const lastDay = orderLastDay(s);
  if (lastDay === undefined || e.metadata.effectiveOn <= lastDay) return;
  if (latestTerms(o).kind === 'payment') return;
  fail(
    'ORDER_ENDED',
    ['metadata', 'effectiveOn'],
    `the order ended ${s.terminated?.on === lastDay ? `(${s.terminated.kind}) effective ${lastDay}` : `with its term on ${lastDay}`}: "${o.id}" cannot be given more time effective ${e.metadata.effectiveOn} (what was unmet then keeps its days late, frozen at the end; only a payment, which survives the end, can still be extended)`,
  );
};

const extended = (s: OrderState, e: OrderEventOf<'DeadlineExtended'>): Admission => {
  if (e.metadata.actor.role !== 'regulator' && e.metadata.actor.role !== 'court') {
    fail(
      'EXTENSION_NOT_GRANTABLE',
      ['metadata', 'actor', 'role'],
      `only a regulator or a court can extend a deadline (got ${e.metadata.actor.role})`,
    );
  }
  const o = obligation(s, e.data.obligationId);
  notBeforeImposition(o, e);
  extendedInForce(s, o, e);
  // An ongoing prohibition on the extension's date has no deadline; an occurrence due under earlier
  // terms keeps its own, whatever an amendment effective later makes of the duty (changes govern forward).
  const then = termsOn(o, e.metadata.effectiveOn) ?? o.terms;
  const named = e.data.occurrence;
  if (
    then.schedule.kind === 'ongoing' &&
    (o.amendments.length === 0 || named === undefined || named === 'ongoing')
  )
    fail(
      'EXTENSION_NOT_APPLICABLE',
      ['data', 'obligationId'],
      `"${o.id}" is an ongoing prohibition: it has no deadline to extend`,
    );
  const key = resolveOccurrence(s, o, e.data.occurrence, e.metadata.effectiveOn);
  // Amended from a prohibition (not retroactively), the duty keeps its ongoing occurrence: still no deadline.
  if (key === 'ongoing')
    fail(
      'EXTENSION_NOT_APPLICABLE',
      ['data', 'occurrence'],
      `occurrence "ongoing" of "${o.id}" is the prohibition it was before its amendment: it has no deadline to extend`,
    );
  const current =
    currentDeadline(s, o.id, key) ??
    fail(
      'OCCURRENCE_NOT_FOUND',
      ['data', 'occurrence'],
      `occurrence "${key}" of "${o.id}" has no deadline yet (its anchor has not happened)`,
    );
  // Compare deadlines, not nominal dates: the current one is rolled to a business day, so the same extension re-recorded must compare equal.
  const wanted = deadline(e.data.newDueOn, scheduleContextOf(s).counting);
  if (wanted < current)
    fail(
      'EXTENSION_SHORTENS_DEADLINE',
      ['data', 'newDueOn'],
      `${e.data.newDueOn} is earlier than the current deadline ${current}: an extension cannot shorten it`,
      { current },
    );
  return wanted === current ? 'duplicate' : 'new';
};

const decided = (
  s: OrderState,
  e: OrderEventOf<'SubmissionAccepted' | 'SubmissionRejected'>,
): Admission => {
  const sub =
    ownEntry(s.submissions, e.data.submissionId) ??
    fail(
      'SUBMISSION_NOT_FOUND',
      ['data', 'submissionId'],
      `no submission "${e.data.submissionId}" has been filed in this order`,
    );
  if (sub.decision)
    fail(
      'SUBMISSION_ALREADY_DECIDED',
      ['data', 'submissionId'],
      `submission "${e.data.submissionId}" was already ${sub.decision.accepted ? 'accepted' : 'rejected'} on ${sub.decision.on}`,
    );
  if (e.metadata.effectiveOn < sub.on)
    fail(
      'DECISION_BEFORE_FILING',
      ['metadata', 'effectiveOn'],
      `submission "${e.data.submissionId}" was filed effective ${sub.on}: it cannot be ${e.type === 'SubmissionAccepted' ? 'accepted' : 'rejected'} effective ${e.metadata.effectiveOn}, before it was filed (give the date of the decision, on or after ${sub.on})`,
      { filedOn: sub.on },
    );
  return 'new';
};

/** When the conduct a violation concerns began: the finding's `period.from`, else the allegation's date, else the event's own date. */
const conductFrom = (
  s: OrderState,
  e: OrderEventOf<'ViolationAlleged' | 'ViolationFound'>,
): string =>
  (e.type === 'ViolationFound' ? e.data.period?.from : undefined) ??
  ownEntry(s.violations, e.data.violationId)?.alleged?.on ??
  e.metadata.effectiveOn;

/** A waiver excuses compliance from its date on; a finding about conduct before it stands (design.md 6.1). */
const notWaived = (
  s: OrderState,
  o: ObligationState,
  key: string,
  e: OrderEventOf<'ViolationAlleged' | 'ViolationFound'>,
): void => {
  const from = conductFrom(s, e);
  const waiver = [o.waived, ownEntry(s.occurrences, occurrenceId(o.id, key))?.waived].find(
    (w) => w !== undefined && w.on <= from,
  );
  if (!waiver) return;
  fail(
    'VIOLATION_AGAINST_WAIVED',
    e.type === 'ViolationFound' && e.data.period
      ? ['data', 'period', 'from']
      : ['data', 'obligationId'],
    `"${o.id}" was waived effective ${waiver.on}: conduct from ${from} cannot violate it (for conduct before the waiver, give the finding's period.from)`,
  );
};

/**
 * A finding's period runs forward, starts within the order's term and does not end before the duty
 * bound (imposed, and the order entered): conduct before then violated no duty of this order. A
 * period that only begins earlier is taken; its days count from the day the duty bound.
 */
const periodWithinTerm = (
  s: OrderState,
  o: ObligationState,
  period: ViolationPeriod | undefined,
): void => {
  if (!period) return;
  if (period.to !== undefined && period.to < period.from)
    fail(
      'INVALID_PERIOD',
      ['data', 'period', 'to'],
      `the period ends (${period.to}) before it starts (${period.from})`,
    );
  const binds = dutyBindsOn(s, o, undefined);
  if (period.to !== undefined && period.to < binds)
    fail(
      'VIOLATION_BEFORE_DUTY',
      ['data', 'period', 'to'],
      `"${o.id}" binds from ${binds} (imposed ${o.on}${s.entered ? `, the order entered ${s.entered.on}` : ', the order not entered'}): conduct through ${period.to} came before it and violated no duty of this order (a finding under it covers conduct from ${binds} on)`,
      { bindsOn: binds },
    );
  const end = orderLastDay(s);
  if (end !== undefined && period.from > end)
    fail(
      'VIOLATION_AFTER_END',
      ['data', 'period', 'from'],
      `the order ended on ${end}: conduct from ${period.from} is outside its term`,
    );
};

/**
 * The anchor an occurrence of a duty counted from another's being met still awaits (that duty, and
 * the period after it), when nothing recorded meets the other duty yet: the occurrence does not
 * exist then (design.md 6.1: a duty exists once its anchor does), as a triggered duty's does not
 * for an incident that never happened. Undefined for any other occurrence.
 */
export const awaitedAnchor = (
  s: OrderState,
  o: ObligationState,
  key: string,
): { readonly obligationId: string; readonly offset: Offset } | undefined => {
  const schedule = latestTerms(o).schedule;
  if (schedule.kind !== 'after' || schedule.anchor.kind !== 'satisfaction') return undefined;
  return occurrenceSpecOf(s, o.id, key) === undefined
    ? { obligationId: schedule.anchor.obligationId, offset: schedule.offset }
    : undefined;
};

/** No conduct can violate an occurrence that does not exist yet (`awaitedAnchor`). */
const placed = (
  s: OrderState,
  o: ObligationState,
  key: string,
  e: OrderEventOf<'ViolationAlleged' | 'ViolationFound'>,
): void => {
  const anchor = awaitedAnchor(s, o, key);
  if (!anchor) return;
  fail(
    'OCCURRENCE_NOT_FOUND',
    e.data.occurrence === undefined ? ['data', 'obligationId'] : ['data', 'occurrence'],
    `"${o.id}" is due ${offsetWords(anchor.offset)} after "${anchor.obligationId}" is met, which nothing recorded meets yet: it has no occurrence, so no conduct can violate it yet (record what meets "${anchor.obligationId}" first)`,
  );
};

const violation = (
  s: OrderState,
  e: OrderEventOf<'ViolationAlleged' | 'ViolationFound'>,
): Admission => {
  const o = obligation(s, e.data.obligationId);
  // Naming none: the occurrence of the terms in force when the conduct began (`violationEventFrom`).
  const key = resolveOccurrence(s, o, e.data.occurrence, violationEventFrom(e));
  placed(s, o, key, e);
  notWaived(s, o, key, e);
  periodWithinTerm(s, o, e.type === 'ViolationFound' ? e.data.period : undefined);
  // A later event of a violation concerns the occurrence its first one named (the fold reads it so).
  const prior = ownEntry(s.violations, e.data.violationId);
  if (prior?.obligationId && (prior.obligationId !== o.id || prior.occurrence !== key))
    fail(
      'FACT_ID_REUSED',
      ['data', 'violationId'],
      `violation "${e.data.violationId}" concerns "${prior.obligationId}/${prior.occurrence}"${
        e.data.occurrence === undefined && prior.obligationId === o.id
          ? `; naming no occurrence, this one goes to "${key}", that of the terms in force on ${violationEventFrom(e)}: name "${prior.occurrence}" if it is the same conduct, else record it under a violation id of its own`
          : ''
      }`,
    );
  return 'new';
};

const closureDeclared = (e: OrderEventOf<'ClosureDeclared'>): Admission => {
  if (e.data.through !== undefined && e.data.through < e.data.closedOn)
    fail(
      'INVALID_PERIOD',
      ['data', 'through'],
      `the closure ends (${e.data.through}) before it starts (${e.data.closedOn})`,
    );
  return 'new';
};

const demand = (e: OrderEventOf<'InformationDemanded'>): Admission => {
  const { dueOn, respondWithin } = e.data;
  if ((dueOn === undefined) === (respondWithin === undefined)) {
    fail(
      'INVALID_SCHEDULE',
      ['data', dueOn === undefined ? 'dueOn' : 'respondWithin'],
      "a demand states either the date to answer by (dueOn) or the period to answer within (respondWithin, counted by the order's rule), not both or neither",
    );
  }
  return 'new';
};

const resolved = (s: OrderState, e: OrderEventOf<'AllegationResolved'>): Admission => {
  const v =
    ownEntry(s.violations, e.data.violationId) ??
    fail(
      'VIOLATION_NOT_FOUND',
      ['data', 'violationId'],
      `no violation "${e.data.violationId}" has been alleged`,
    );
  if (!v.alleged || v.found || v.resolved || v.cured) {
    const why = !v.alleged
      ? 'was never alleged'
      : v.found
        ? `was found on ${v.found.on}`
        : v.resolved
          ? `was already resolved on ${v.resolved.on}`
          : `was cured on ${v.cured?.on ?? ''}`;
    fail(
      'ALLEGATION_NOT_PENDING',
      ['data', 'violationId'],
      `violation "${e.data.violationId}" ${why}: there is no pending allegation to resolve`,
    );
  }
  return 'new';
};

const ruled = (s: OrderState, e: OrderEventOf<'PetitionDecided' | 'MotionDecided'>): Admission => {
  const [id, field] =
    e.type === 'PetitionDecided'
      ? [e.data.petitionId, 'petitionId']
      : [e.data.motionId, 'motionId'];
  const p =
    ownEntry(s.petitions, id) ??
    fail(
      'PETITION_NOT_FOUND',
      ['data', field],
      `no petition or motion "${id}" has been filed in this order (record it with PetitionFiled first)`,
    );
  if (p.ruling)
    fail(
      'PETITION_ALREADY_DECIDED',
      ['data', field],
      `"${id}" was already ${p.ruling.ruling.replace(/_/g, ' ')} on ${p.ruling.on}`,
    );
  return 'new';
};

const supersede = (s: OrderState, e: OrderEventOf<'ObligationSuperseded'>): Admission => {
  const o = obligation(s, e.data.obligationId);
  notBeforeImposition(o, e);
  if (o.superseded)
    fail(
      'ALREADY_SUPERSEDED',
      ['data', 'obligationId'],
      `"${o.id}" was already superseded on ${o.superseded.on}`,
    );
  if (e.data.successor.orderId === undefined && e.data.successor.obligationId === undefined)
    fail(
      'INVALID_SUCCESSOR',
      ['data', 'successor'],
      'name the successor: an orderId, an obligationId, or both',
    );
  return 'new';
};

/**
 * An assignment names who at the company answers for a duty (the 2011 and 2022 Twitter orders have
 * it designate the employees responsible for its programs): a company act, recorded like its other
 * acts by whoever learned of it. A backup is someone else; the same assignment again records nothing.
 */
const assignment = (s: OrderState, e: OrderEventOf<'ObligationAssigned'>): Admission => {
  const o = obligation(s, e.data.obligationId);
  const key =
    e.data.occurrence === undefined
      ? undefined
      : resolveOccurrence(s, o, e.data.occurrence, e.metadata.effectiveOn);
  const { owner, backup } = e.data;
  if (backup !== undefined && backup.email.toLowerCase() === owner.email.toLowerCase())
    fail(
      'BACKUP_IS_OWNER',
      ['data', 'backup', 'email'],
      `the backup (${backup.email}) is the owner: name someone else, or leave the backup out`,
    );
  const same = s.assignments.some(
    (a) =>
      a.obligationId === o.id &&
      a.occurrence === key &&
      a.on === e.metadata.effectiveOn &&
      samePerson(a.owner, owner) &&
      (a.backup === undefined
        ? backup === undefined
        : backup !== undefined && samePerson(a.backup, backup)),
  );
  return same ? 'duplicate' : 'new';
};

const samePerson = (a: Person, b: Person): boolean =>
  a.name === b.name && a.email.toLowerCase() === b.email.toLowerCase();

/**
 * The terms a fact about one occurrence of `o` dated `on` is checked against: those that govern the
 * occurrence it names (naming none, the one the terms in force on its date give), as an amendment
 * governs only what falls due from its date (design.md 6.1); the terms in force on that date when
 * the occurrence cannot be placed. Never amended: its terms.
 */
const termsFor = (
  s: OrderState,
  o: ObligationState,
  occurrence: string | undefined,
  on: CalendarDate,
): ObligationTerms => {
  if (o.amendments.length === 0) return o.terms;
  const key = occurrence ?? defaultOccurrenceOn(o, on);
  const placed = key === undefined ? undefined : placedOccurrenceOf(s, o.id, key);
  return placed?.terms ?? termsOn(o, on) ?? latestTerms(o);
};

const payment = (s: OrderState, e: OrderEventOf<'PaymentMade'>): Admission => {
  const o = obligation(s, e.data.obligationId);
  const terms = termsFor(s, o, e.data.occurrence, e.metadata.effectiveOn);
  if (terms.kind !== 'payment' || !terms.amount)
    fail(
      'NOT_A_PAYMENT_OBLIGATION',
      ['data', 'obligationId'],
      `"${o.id}" is a ${terms.kind} obligation, not a payment`,
    );
  if (terms.amount && terms.amount.currency !== e.data.amount.currency) {
    fail(
      'CURRENCY_MISMATCH',
      ['data', 'amount', 'currency'],
      `"${o.id}" is owed in ${terms.amount.currency}; a payment in ${e.data.amount.currency} cannot count toward it`,
    );
  }
  positive(e.data.amount.amountMinor, ['data', 'amount', 'amountMinor']);
  resolveOccurrence(s, o, e.data.occurrence, e.metadata.effectiveOn);
  return 'new';
};

const evidenceFor = (
  s: OrderState,
  e: OrderEventOf<'SubmissionFiled' | 'ExtensionRequested'>,
): Admission => {
  const o = obligation(s, e.data.obligationId);
  if (e.type === 'SubmissionFiled' && latestTerms(o).kind === 'payment')
    fail(
      'PAYMENT_OBLIGATION_NEEDS_PAYMENT',
      ['data', 'obligationId'],
      `"${o.id}" is a payment: record a PaymentMade, not a submission`,
    );
  resolveOccurrence(s, o, e.data.occurrence, e.metadata.effectiveOn);
  return 'new';
};

const retracted = (s: OrderState, e: OrderEventOf<'EntryRetracted'>): Admission => {
  const target =
    seenEvent(s, e.data.eventId) ??
    fail('EVENT_NOT_FOUND', ['data', 'eventId'], `no event ${e.data.eventId} exists in this order`);
  if (target.retracted)
    fail('ALREADY_RETRACTED', ['data', 'eventId'], `event ${e.data.eventId} was already retracted`);
  if (target.type === 'EntryRetracted' || target.type === 'OrderFiled')
    fail(
      'CANNOT_RETRACT',
      ['data', 'eventId'],
      `a ${target.type} cannot be retracted; record a correcting fact instead`,
    );
  return 'new';
};

const specific = (s: OrderState, e: OrderEvent): Admission => {
  switch (e.type) {
    case 'OrderEntered':
      return entered(s, e);
    case 'OrderTerminated':
      return s.terminated ? 'duplicate' : 'new';
    case 'ObligationImposed':
      checkTerms(s, e.data.obligationId, e.data, ['data']);
      return 'new';
    case 'ObligationAmended':
      return amended(s, e);
    case 'ObligationWaived':
      return waived(s, e);
    case 'PenaltyAssessed':
      positive(e.data.amount.amountMinor, ['data', 'amount', 'amountMinor']);
      return 'new';
    case 'DeadlineExtended':
      return extended(s, e);
    case 'SubmissionAccepted':
    case 'SubmissionRejected':
      return decided(s, e);
    case 'ViolationAlleged':
    case 'ViolationFound':
      return violation(s, e);
    case 'AllegationResolved':
      return resolved(s, e);
    case 'PetitionDecided':
    case 'MotionDecided':
      return ruled(s, e);
    case 'ObligationSuperseded':
      return supersede(s, e);
    case 'ObligationAssigned':
      return assignment(s, e);
    case 'ViolationCured':
      return ownEntry(s.violations, e.data.violationId)
        ? 'new'
        : fail(
            'VIOLATION_NOT_FOUND',
            ['data', 'violationId'],
            `no violation "${e.data.violationId}" has been alleged or found`,
          );
    case 'AssessorApproved':
      if (e.data.obligationId !== undefined) obligation(s, e.data.obligationId);
      return 'new';
    case 'PaymentMade':
      return payment(s, e);
    case 'SubmissionFiled':
    case 'ExtensionRequested':
      return evidenceFor(s, e);
    case 'EntryRetracted':
      return retracted(s, e);
    case 'OrderFiled':
      return s.phase === 'none'
        ? 'new'
        : fail(
            'ORDER_ALREADY_FILED',
            ['data', 'orderId'],
            `this stream already holds order "${s.orderId}": file "${e.data.orderId}" in its own stream`,
          );
    case 'ClosureDeclared':
      return closureDeclared(e);
    case 'InformationDemanded':
      return demand(e);
    case 'OrderModified':
    case 'IncidentDiscovered':
    case 'CorporateChangeOccurred':
    case 'ProductLaunched':
    case 'PetitionFiled':
    case 'PublicStatementIssued':
      return 'new';
  }
};

/**
 * Decides whether a fact may be recorded in an order in state `s`: 'new' (record it), 'duplicate'
 * (the same fact is already recorded: record nothing), or a thrown `DomainRuleViolation` with a
 * code, the path of the offending field (relative to the event) and a message a person can act on.
 * The decider and the NDJSON import both use it, so the rules live in one place.
 */
export const admit = (s: OrderState, e: OrderEvent): Admission =>
  admitCommon(s, e) ?? specific(s, e);

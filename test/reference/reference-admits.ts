/**
 * The reference model's own reading of which facts an order takes (design.md 6.1 and section 4), for
 * the rules of version 2: no new duty after the order's end while oversight about the term is still
 * taken, allegations resolved only while pending, rulings only on petitions filed and not decided,
 * supersession of obligations that exist, from their imposition on, and were not superseded,
 * findings against a waiver only for conduct before it, oversight never by the company, and the
 * order, its duties, findings, penalties, rulings and the disposition of an allegation (but its
 * withdrawal) never by a monitor or an assessor. It
 * answers 'unknown' wherever another rule could decide first (a repeated id or fact, an occurrence
 * to resolve, an amount to check): the comparison checks the engine only where the model commits.
 */
import type { OrderEvent, OrderEventOf } from '../../domain/index.js';
import { liveLog, ofType, type RecordedFact } from './reference-facts.js';

/** The model's verdict on a new event. */
export type ModelVerdict = 'accepted' | { readonly refused: string } | 'unknown';

const NEW_DUTIES = new Set([
  'OrderEntered',
  'OrderModified',
  'ObligationImposed',
  'ObligationAmended',
  'InformationDemanded',
]);
const OVERSIGHT = new Set([
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
/** What only the court or the issuing agency does: the order and its duties, findings, penalties, rulings, an assessor's approval, closures. */
const COURT_OR_AGENCY = new Set([
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
/** The v2 facts the model judges beyond the generic rules. */
const JUDGED = new Set([
  'AllegationResolved',
  'PetitionDecided',
  'MotionDecided',
  'ObligationSuperseded',
  'PenaltyAssessed',
  'ViolationFound',
  ...NEW_DUTIES,
]);

type Ev<T extends OrderEvent['type']> = OrderEventOf<T>;
const refused = (code: string): ModelVerdict => ({ refused: code });

/** Whether anything in the log already names what `e` names (its id, or the same fact): another rule then decides first. */
const repeats = (log: readonly OrderEvent[], e: OrderEvent): boolean => {
  if (log.some((x) => x.id === e.id)) return true;
  const name = (x: OrderEvent): string | undefined => {
    const d = x.data as Record<string, unknown>;
    const k = [
      'obligationId',
      'penaltyId',
      'demandId',
      'violationId',
      'petitionId',
      'motionId',
    ].find((f) => typeof d[f] === 'string');
    if (k === undefined) return undefined;
    // A duty's id is one name whatever created the duty (imposed, demanded, a penalty assessed);
    // so is a ruling's, on a petition or a motion.
    const duty = ['ObligationImposed', 'InformationDemanded', 'PenaltyAssessed'].includes(x.type);
    const ruling = x.type === 'PetitionDecided' || x.type === 'MotionDecided';
    return `${duty ? 'duty' : ruling ? 'ruling' : x.type}:${String(d[k])}`;
  };
  const mine = name(e);
  return mine !== undefined && log.some((x) => name(x) === mine);
};

const resolution = (log: readonly OrderEvent[], e: Ev<'AllegationResolved'>): ModelVerdict => {
  const about = ofType(
    log,
    'ViolationAlleged',
    'ViolationFound',
    'ViolationCured',
    'AllegationResolved',
  ).filter((x) => x.data.violationId === e.data.violationId);
  if (about.length === 0) return refused('VIOLATION_NOT_FOUND');
  return about.some((x) => x.type === 'ViolationAlleged') &&
    about.every((x) => x.type === 'ViolationAlleged')
    ? 'accepted'
    : refused('ALLEGATION_NOT_PENDING');
};

const ruling = (log: readonly OrderEvent[], id: string): ModelVerdict => {
  if (!ofType(log, 'PetitionFiled').some((p) => p.data.petitionId === id))
    return refused('PETITION_NOT_FOUND');
  const decided = ofType(log, 'PetitionDecided', 'MotionDecided').some(
    (r) => (r.type === 'PetitionDecided' ? r.data.petitionId : r.data.motionId) === id,
  );
  return decided ? refused('PETITION_ALREADY_DECIDED') : 'accepted';
};

/** The event that imposed obligation `id` (a duty, a demand or a penalty), if any. */
const imposition = (log: readonly OrderEvent[], id: string): OrderEvent | undefined =>
  log.find(
    (x) =>
      (x.type === 'ObligationImposed' && x.data.obligationId === id) ||
      (x.type === 'InformationDemanded' && x.data.demandId === id) ||
      (x.type === 'PenaltyAssessed' && x.data.penaltyId === id),
  );

/** A finding the model reads alone: of a one-off or ongoing duty never amended, naming no occurrence and no period, on an order not ended. */
const simpleFinding = (log: readonly OrderEvent[], e: Ev<'ViolationFound'>): boolean => {
  const duty = ofType(log, 'ObligationImposed').find(
    (x) => x.data.obligationId === e.data.obligationId,
  );
  const simple =
    duty !== undefined &&
    ['once', 'ongoing'].includes(duty.data.schedule.kind) &&
    !ofType(log, 'ObligationAmended').some((a) => a.data.obligationId === e.data.obligationId);
  return (
    simple &&
    e.data.occurrence === undefined &&
    e.data.period === undefined &&
    !log.some((x) => x.type === 'OrderTerminated')
  );
};

/** A finding naming no occurrence of a one-off or ongoing duty: refused when its conduct starts on or after a waiver of the whole obligation. */
const finding = (log: readonly OrderEvent[], e: Ev<'ViolationFound'>): ModelVerdict => {
  if (!simpleFinding(log, e)) return 'unknown';
  const allegation = ofType(log, 'ViolationAlleged').find(
    (a) => a.data.violationId === e.data.violationId,
  );
  if (
    allegation &&
    (allegation.data.obligationId !== e.data.obligationId ||
      allegation.data.occurrence !== undefined)
  )
    return 'unknown';
  const from = allegation?.metadata.effectiveOn ?? e.metadata.effectiveOn;
  const waiver = ofType(log, 'ObligationWaived').find(
    (w) => w.data.obligationId === e.data.obligationId && w.data.occurrence === undefined,
  );
  if (
    log.some(
      (x) =>
        x.type === 'ObligationWaived' &&
        x.data.obligationId === e.data.obligationId &&
        x.data.occurrence !== undefined,
    )
  )
    return 'unknown';
  return waiver && waiver.metadata.effectiveOn <= from
    ? refused('VIOLATION_AGAINST_WAIVED')
    : 'accepted';
};

const specific = (log: readonly OrderEvent[], e: OrderEvent): ModelVerdict => {
  switch (e.type) {
    case 'AllegationResolved':
      return resolution(log, e);
    case 'PetitionDecided':
      return ruling(log, e.data.petitionId);
    case 'MotionDecided':
      return ruling(log, e.data.motionId);
    case 'ObligationSuperseded': {
      const duty = imposition(log, e.data.obligationId);
      if (!duty) return refused('OBLIGATION_NOT_FOUND');
      // Nothing is superseded before it was imposed.
      if (e.metadata.effectiveOn < duty.metadata.effectiveOn)
        return refused('EFFECTIVE_BEFORE_IMPOSITION');
      if (
        ofType(log, 'ObligationSuperseded').some((x) => x.data.obligationId === e.data.obligationId)
      )
        return refused('ALREADY_SUPERSEDED');
      return e.data.successor.orderId === undefined && e.data.successor.obligationId === undefined
        ? refused('INVALID_SUCCESSOR')
        : 'accepted';
    }
    case 'PenaltyAssessed':
      return e.data.amount.amountMinor > 0 ? 'accepted' : 'unknown';
    case 'ViolationFound':
      return finding(log, e);
    default:
      return 'unknown';
  }
};

/** Whether the order takes `e` after the facts recorded so far (all of them known), by the model's own reading. */
export const referenceAdmits = (facts: readonly RecordedFact[], e: OrderEvent): ModelVerdict => {
  const log = liveLog(facts, undefined);
  if (!JUDGED.has(e.type) || facts.some((f) => f.event.id === e.id) || repeats(log, e))
    return 'unknown';
  const filing = log.find((x) => x.type === 'OrderFiled');
  if (!filing) return refused('ORDER_NOT_FILED');
  // Nothing takes effect before the order was filed (its filing names the order).
  if (e.metadata.effectiveOn < filing.metadata.effectiveOn)
    return refused('EFFECTIVE_BEFORE_FILING');
  // The end of an order is a state of the record (it was terminated), whatever the termination's effective date.
  if (NEW_DUTIES.has(e.type) && log.some((x) => x.type === 'OrderTerminated'))
    return refused('ORDER_TERMINATED');
  if (NEW_DUTIES.has(e.type)) return 'unknown'; // the term's end and the duty's own rules decide next
  return withoutPower(e) ? refused('ACTOR_NOT_PERMITTED') : specific(log, e);
};

/**
 * Whether `e` is recorded by someone without the power: oversight by the company, or the court's or
 * agency's act by a monitor or an assessor (who may withdraw an allegation, never dismiss one).
 */
const withoutPower = (e: OrderEvent): boolean => {
  const role = e.metadata.actor.role;
  if (OVERSIGHT.has(e.type) && role === 'company') return true;
  if (role !== 'monitor' && role !== 'assessor') return false;
  if (e.type === 'AllegationResolved') return e.data.resolution !== 'withdrawn';
  return COURT_OR_AGENCY.has(e.type);
};

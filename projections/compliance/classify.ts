import {
  addDays,
  countingFor,
  daysBetween,
  dutyBindsOn,
  maxDate,
  minDate,
  obligationContext,
  occurrenceId,
  ownEntry,
  placeByPeriods,
  evidenceRecordFor,
  extendedDeadline,
  findingFrom,
  satisfactionOf,
  scheduleContextOf,
  type CalendarDate,
  type Dated,
  type Finding,
  type ObligationState,
  type ObligationTerms,
  type OccurrenceFacts,
  type OccurrenceSpec,
  type OrderFacts,
  type Satisfaction,
  type Waiver,
} from '../../domain/index.js';
import type { OccurrenceAnswer, OccurrenceStatus } from './compliance.types.js';
import { citationsOf, pendingAllegations } from './citations.js';
import { ruleCitation, skippedDays } from './roll-reasons.js';
import {
  obligationSpecs,
  triggerEventIds,
  triggerKey,
  violationsByOccurrence,
} from './occurrence-index.js';
import { orderEndOn, type OrderEnd } from './order-end.js';
import { ownerOf } from './owners.js';

const visible =
  (asOf: CalendarDate) =>
  (d: Dated | undefined): d is Dated =>
    d !== undefined && d.on <= asOf;

/** An occurrence that exists on a date: the obligation, the terms that govern it, and where its schedule places it. */
export interface PlacedOccurrence {
  readonly obligation: ObligationState;
  readonly terms: ObligationTerms;
  readonly spec: OccurrenceSpec;
}

/** Whether the order was entered by `asOf`: before, no duty binds (design.md 6.3), also once it has ended. */
export const enteredBy = (s: OrderFacts, asOf: CalendarDate): boolean =>
  s.entered !== undefined && s.entered.on <= asOf;

/**
 * The occurrences that exist on `asOf`: of every obligation imposed by then, placed under the
 * periods of its terms in force then (design.md 6.1: an occurrence keeps the terms it was due
 * under), as far ahead as the warning window (so that `due_soon` ones are listed); none while the
 * order is not entered, even when it ended before it was (nothing ever bound).
 */
export const occurrencesOn = (
  s: OrderFacts,
  asOf: CalendarDate,
  warningDays: number,
): PlacedOccurrence[] => {
  if (!enteredBy(s, asOf)) return [];
  const horizon = addDays(asOf, warningDays);
  const placed: PlacedOccurrence[] = [];
  const ctx = scheduleContextOf(s, asOf);
  for (const obligation of Object.values(s.obligations)) {
    if (obligation.on > asOf) continue;
    for (const p of placedOf(s, obligation, ctx, asOf, horizon)) placed.push(p);
  }
  return placed;
};

/** One obligation's occurrences placed on `asOf`, as far ahead as `horizon`. */
const placedOf = (
  s: OrderFacts,
  obligation: ObligationState,
  ctx: ReturnType<typeof scheduleContextOf>,
  asOf: CalendarDate,
  horizon: CalendarDate,
): PlacedOccurrence[] => {
  const own = obligationContext(ctx, s, obligation, asOf);
  return placeByPeriods(s, obligation, asOf, (schedule) =>
    obligationSpecs(obligation, schedule, own, horizon),
  ).map(({ spec, terms }) => ({ obligation, terms, spec }));
};

/** The occurrences of one obligation that `occurrencesOn` places on `asOf` (none before its imposition). */
export const obligationOccurrencesOn = (
  s: OrderFacts,
  obligation: ObligationState,
  asOf: CalendarDate,
  warningDays: number,
): PlacedOccurrence[] =>
  obligation.on > asOf || !enteredBy(s, asOf)
    ? []
    : placedOf(s, obligation, scheduleContextOf(s, asOf), asOf, addDays(asOf, warningDays));

/** The one occurrence `<obligationId>/<key>` as `occurrencesOn` places it on `asOf`, or undefined when it does not exist then. */
export const placedOccurrenceOn = (
  s: OrderFacts,
  id: string,
  asOf: CalendarDate,
  warningDays: number,
): PlacedOccurrence | undefined => {
  const slash = id.indexOf('/');
  const obligation = ownEntry(s.obligations, id.slice(0, slash));
  if (!obligation) return undefined;
  const key = id.slice(slash + 1);
  return obligationOccurrencesOn(s, obligation, asOf, warningDays).find((p) => p.spec.key === key);
};

/** An extension as the occurrence's facts keep it: its date, event and the date it extends to. */
type Extension = Dated & { readonly newDueOn: CalendarDate };

const extensionOn = (
  facts: OccurrenceFacts | undefined,
  asOf: CalendarDate,
): (Dated & { newDueOn: CalendarDate }) | undefined => {
  let last: (Dated & { newDueOn: CalendarDate }) | undefined;
  for (const x of facts?.extensions ?? []) if (x.on <= asOf) last = x;
  return last;
};

const deadlineFrom = (
  s: OrderFacts,
  p: PlacedOccurrence,
  facts: OccurrenceFacts | undefined,
  asOf: CalendarDate,
): { dueOn: CalendarDate; extension?: Extension } => {
  const last = extensionOn(facts, asOf);
  if (!last) return { dueOn: p.spec.dueOn };
  return {
    dueOn: extendedDeadline(s, p.obligation, p.spec, last.newDueOn, asOf),
    extension: last,
  };
};

/** The deadline in force on `asOf`: the latest extension effective by then (rolled like any deadline), else the schedule's. */
export const deadlineOn = (
  s: OrderFacts,
  p: PlacedOccurrence,
  asOf: CalendarDate,
): { dueOn: CalendarDate; extension?: Extension } =>
  deadlineFrom(s, p, ownEntry(s.occurrences, occurrenceId(p.obligation.id, p.spec.key)), asOf);

/**
 * A violation found against the occurrence whose conduct began by `asOf` (`findingFrom`: design.md
 * 6.2, breached from the violation's start), not cured by then: the finding, of several the one
 * whose conduct began first (then the earlier found, then by event id), whatever order they were
 * recorded in.
 */
const breachOf = (s: OrderFacts, id: string, asOf: CalendarDate): Finding | undefined => {
  const seen = visible(asOf);
  let first: Finding | undefined;
  for (const v of violationsByOccurrence(s).get(id) ?? []) {
    if (!v.found || findingFrom(v.found) > asOf || seen(v.cured)) continue;
    if (first === undefined || earlierFinding(v.found, first)) first = v.found;
  }
  return first;
};

/** Whether finding `a` comes before `b`: its conduct began first, else it was found first, else by event id. */
const earlierFinding = (a: Finding, b: Finding): boolean => {
  const [x, y] = [findingFrom(a), findingFrom(b)];
  if (x !== y) return x < y;
  return a.on !== b.on ? a.on < b.on : a.eventId < b.eventId;
};

/** `satisfactionOf` under the occurrence's own terms; nothing for an occurrence with no facts recorded against it (most of them). */
const satisfactionFrom = (
  s: OrderFacts,
  p: PlacedOccurrence,
  facts: OccurrenceFacts | undefined,
  asOf: CalendarDate,
  acceptedBy?: CalendarDate,
): Satisfaction | undefined =>
  facts === undefined
    ? undefined
    : satisfactionOf(s, p.obligation.id, p.spec.key, asOf, p.terms, acceptedBy);

type Verdict = {
  status: OccurrenceStatus;
  satisfiedOn?: CalendarDate;
  daysLate?: number;
  lateThrough?: CalendarDate;
  foundOn?: CalendarDate;
  reasons: string[];
  because: readonly string[];
  successor?: OccurrenceAnswer['successor'];
  /** A waiver's verdict on an occurrence filed by its date and awaiting acceptance then: the filing's date (never part of the answer). */
  filedOn?: CalendarDate;
};

/** What the judgement of one occurrence reads, gathered once. */
interface Case {
  readonly s: OrderFacts;
  readonly p: PlacedOccurrence;
  readonly id: string;
  readonly facts: OccurrenceFacts | undefined;
  readonly dueOn: CalendarDate;
  readonly asOf: CalendarDate;
  readonly end: OrderEnd | undefined;
}

const isPayment = (c: Case) => c.p.terms.kind === 'payment';
const ongoing = (c: Case) => c.p.terms.schedule.kind === 'ongoing';

/** The last day days late run to: `asOf`, capped at the order's end (except for a payment, which survives it) and at a supersession. */
const lateUntil = (c: Case): CalendarDate => {
  let until = c.asOf;
  if (c.end && !isPayment(c)) until = minDate(until, c.end.lastDay);
  const sup = c.p.obligation.superseded;
  if (sup && sup.on <= c.asOf) until = minDate(until, sup.on);
  return until;
};

const withLate = (
  v: Verdict,
  late: number,
  through?: CalendarDate,
  asOf?: CalendarDate,
): Verdict => {
  if (late > 0) v.daysLate = late;
  if (late > 0 && through !== undefined && asOf !== undefined && through < asOf)
    v.lateThrough = through;
  return v;
};

/** A breach: days late still run as design.md 6.2 counts them, to the satisfying evidence or to the day late days stop. */
const breached = (c: Case, breach: Finding): Verdict => {
  const from = findingFrom(breach);
  const conduct = from === breach.on ? '' : ` (the conduct from ${from})`;
  const v: Verdict = {
    status: 'breached',
    foundOn: breach.on,
    reasons: [`violation found effective ${breach.on}${conduct}, not cured`],
    because: [breach.eventId],
  };
  if (ongoing(c)) return v;
  // A waiver that excuses the occurrence stops its days late as it would without the finding.
  const excused = waived(c);
  if (excused) {
    // A filing that stood when it was waived still says when it was filed (and stopped the days).
    if (excused.filedOn !== undefined) v.satisfiedOn = excused.filedOn;
    withLate(v, excused.daysLate ?? 0, excused.lateThrough, c.asOf);
    // Excused before it was late (a waiver effective by its deadline): no days late ever ran, which
    // the answer says by their stopping on the deadline itself (else a reader of the change points
    // would count them as running, as for any breach without evidence).
    if (v.daysLate === undefined && c.dueOn < c.asOf) v.lateThrough = c.dueOn;
    return v;
  }
  const sat = satisfactionFrom(c.s, c.p, c.facts, c.asOf);
  if (sat) {
    // Timeliness by the earliest filing that still stands, accepted or awaiting a decision, as for
    // an occurrence without a finding: its acceptance later confirms the days, never shortens them.
    v.satisfiedOn = sat.on;
    // A deadline that came when the duty no longer bound (superseded, or after the order's end, as
    // the status would say without the finding) never ran late: evidence after it makes it no later.
    if ((superseded(c) ?? ended(c)) !== undefined) {
      if (c.dueOn < c.asOf) v.lateThrough = c.dueOn;
      return v;
    }
    return lateToEvidence(c, v, sat.on);
  }
  return unevidencedBreach(c, v);
};

/** A breach without satisfying evidence: days late run to the day they stop, or none ran. */
const unevidencedBreach = (c: Case, v: Verdict): Verdict => {
  // A partial record's silence is no default (design.md 6.2): the finding's days are the breach's,
  // and no day is late without a rejection on file; no day late ran, said as for an excused breach.
  if (unverifiable(c)) {
    if (c.dueOn < c.asOf) v.lateThrough = c.dueOn;
    return v;
  }
  const until = lateUntil(c);
  withLate(v, daysBetween(c.dueOn, until), until, c.asOf);
  // Stopped by the deadline (a supersession or the order's end came first): no day late ever ran,
  // which the answer says as for an excused breach, by their stopping on the deadline itself.
  if (v.daysLate === undefined && until < c.asOf && c.dueOn < c.asOf) v.lateThrough = c.dueOn;
  return v;
};

/**
 * Met by evidence: timeliness by its date, its days late to it, or to the day they stopped before
 * it (`lateUntil`: the order's end, a supersession): a filing after the end makes the occurrence no
 * later than it was when the order ended (design.md 6.1, days late frozen at the end).
 */
const evidenced = (c: Case, sat: Satisfaction): Verdict => {
  const status =
    sat.status === 'submitted' ? 'submitted' : sat.on > c.dueOn ? 'satisfied_late' : 'satisfied';
  const reasons = [
    sat.status === 'satisfied' && sat.metOn !== undefined
      ? `satisfied by evidence effective ${sat.metOn}; timeliness judged by an earlier filing effective ${sat.on}, awaiting acceptance`
      : `${sat.status === 'submitted' ? 'submitted, awaiting acceptance,' : 'satisfied by evidence'} effective ${sat.on}`,
  ];
  return lateToEvidence(c, { status, satisfiedOn: sat.on, reasons, because: sat.because }, sat.on);
};

/**
 * Days late of evidence effective `filedOn`: to it, or to the day they stopped before it
 * (`lateThrough`; the deadline itself when they stopped there, the order ending on it: no day late
 * ran, said as for an overdue occurrence).
 */
const lateToEvidence = (c: Case, v: Verdict, filedOn: CalendarDate): Verdict => {
  const through = minDate(filedOn, lateUntil(c));
  if (through >= filedOn) return withLate(v, daysBetween(c.dueOn, filedOn));
  withLate(v, daysBetween(c.dueOn, through), through, filedOn);
  if (v.daysLate === undefined) v.lateThrough = c.dueOn;
  return v;
};

const NO_WAIVERS: readonly Waiver[] = [];

/**
 * The waivers in force on `asOf` of this occurrence (its obligation's and its own), in the order they
 * govern: a retroactive one first, else by date (on a tie the obligation's).
 */
const waiversOf = (c: Case): readonly Waiver[] => {
  if (c.p.obligation.waived === undefined && c.facts?.waived === undefined) return NO_WAIVERS; // most
  const seen = visible(c.asOf);
  const all = [c.p.obligation.waived, c.facts?.waived].filter(
    (w): w is Waiver => w !== undefined && seen(w),
  );
  const rank = (w: Waiver) => `${w.retroactive === true ? 0 : 1}${w.on}`;
  return all.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
};

/**
 * A waiver effective W (design.md 6.1): an occurrence due on or after W, or any with `retroactive`,
 * is waived; one due before W and met by W keeps its status (undefined here); one unmet at W is
 * waived from W on, its days late (W − D) kept. Of two waivers the first that excuses the
 * occurrence governs (a later one never makes late what an earlier one excused); one that finds it
 * met leaves it to the other.
 */
const waived = (c: Case): Verdict | undefined => {
  for (const w of waiversOf(c)) {
    const v = waivedBy(c, w);
    if (v) return v;
  }
  return undefined;
};

/** `waived` by one waiver (a breach's days late too: the finding keeps the status, the waiver stops the days). */
const waivedBy = (c: Case, w: Waiver): Verdict | undefined => {
  const reasons = [`waived effective ${w.on}${w.retroactive === true ? ' (retroactive)' : ''}`];
  if (w.retroactive === true || ongoing(c) || c.dueOn >= w.on)
    return { status: 'waived', reasons, because: [w.eventId] };
  // Met by W: evidence effective by W, not rejected by the date asked (a rejection after W says it
  // never counted), accepted by then if it must be.
  const met = satisfactionFrom(c.s, c.p, c.facts, w.on, c.asOf);
  if (met?.status === 'satisfied') return undefined;
  // Unverified until the waiver on a partial record (no rejection on file): no day was late (a
  // filing awaiting acceptance then is evidence of the days it was late, finding or not).
  if (met === undefined && unverifiable(c))
    return {
      status: 'waived',
      reasons: [
        ...reasons,
        partialRecord(c)
          ? 'unmet when waived; not a default (the evidence record is partial)'
          : 'unmet when waived; not a default (whether the duty arose is unknown)',
      ],
      because: [w.eventId],
    };
  return lateToWaiver(c, w, reasons, met);
};

/**
 * Waived, late to W, or (filed by W and awaiting acceptance then) late only to the filing:
 * timeliness by the evidence's own date.
 */
const lateToWaiver = (
  c: Case,
  w: Waiver,
  reasons: readonly string[],
  pending: Satisfaction | undefined,
): Verdict => {
  const through = minDate(pending?.on ?? w.on, lateUntil(c));
  const v = withLate(
    {
      status: 'waived',
      reasons: [
        ...reasons,
        pending
          ? `filed ${pending.on}, awaiting acceptance, when waived`
          : `unmet when waived: late since ${addDays(c.dueOn, 1)}`,
      ],
      because: pending ? [w.eventId, ...pending.because] : [w.eventId],
      ...(pending ? { filedOn: pending.on } : {}),
    },
    daysBetween(c.dueOn, through),
    through,
    addDays(through, 1),
  );
  // Stopped on the deadline before the waiver (the order ended on it): no day late ran, said as for overdue.
  if (v.daysLate === undefined && pending === undefined && through < w.on) v.lateThrough = c.dueOn;
  return v;
};

/** Superseded: the obligation from its supersession (what falls due on or after it), or the whole order after its end. */
const superseded = (c: Case): Verdict | undefined => {
  const sup = c.p.obligation.superseded;
  if (sup && sup.on <= c.asOf && (ongoing(c) || c.dueOn >= sup.on)) {
    return {
      status: 'superseded',
      reasons: [`superseded effective ${sup.on}`],
      because: [sup.eventId],
      successor: sup.successor,
    };
  }
  return undefined;
};

/**
 * After the order's end: void when vacated; an ongoing duty, or an occurrence due after the last
 * day, no longer binds: waived (or superseded, by a superseding order). A payment survives (a money
 * judgment), but not an installment of a recurring payment due after the last day: a recurrence
 * runs only until the order's term ends (design.md 4), and a termination ends it.
 */
const ended = (c: Case): Verdict | undefined => {
  const e = c.end;
  if (!e) return undefined;
  const because = e.eventId !== undefined ? [e.eventId] : [];
  if (e.kind === 'vacated')
    return {
      status: 'void',
      reasons: [`order vacated effective ${e.on}: void from the start`],
      because,
    };
  if (!ongoing(c) && c.dueOn <= e.lastDay) return undefined;
  if (isPayment(c) && c.p.terms.schedule.kind !== 'recurring') return undefined;
  if (e.kind === 'superseded')
    return {
      status: 'superseded',
      reasons: [`order superseded effective ${e.on}`],
      because,
      ...(e.successor !== undefined ? { successor: { orderId: e.successor } } : {}),
    };
  return {
    status: 'waived',
    reasons: [
      ongoing(c)
        ? `order ended (${e.reason}): the duty no longer binds`
        : `order ended (${e.reason}) before this fell due`,
    ],
    because,
  };
};

/** What reading an occurrence's evidence record takes. */
type RecordOf = Pick<Case, 's' | 'p' | 'facts' | 'asOf'>;

/** The obligation's evidence record, else the order's that governs its scheduled deadline (changes govern forward). */
const partialRecord = (c: RecordOf): boolean =>
  c.p.terms.evidenceRecord === 'partial' ||
  (c.p.terms.evidenceRecord === undefined &&
    evidenceRecordFor(c.s, c.p.spec.dueOn, c.asOf) === 'partial');

/**
 * Whether silence here is no default (design.md 6.2), there being no rejection on file: a partial
 * evidence record, or a duty calendared as a precaution (its trigger lacks the measure its
 * condition reads, so nothing on record says the duty arose: design.md 6.1).
 */
const unverifiable = (c: RecordOf): boolean =>
  (partialRecord(c) || c.p.spec.note !== undefined) && rejectionOf(c) === undefined;

/**
 * Whether nothing on file proves an occurrence late on `asOf`: a partial evidence record (its
 * obligation's, else the order's) or a duty calendared as a precaution, no rejection of a filing
 * for it, and no evidence (design.md 6.2: silence is no default, so its days late accrue nothing,
 * also under a deadline an extension replaced).
 */
export const silentRecord = (s: OrderFacts, p: PlacedOccurrence, asOf: CalendarDate): boolean => {
  const facts = ownEntry(s.occurrences, occurrenceId(p.obligation.id, p.spec.key));
  return unverifiable({ s, p, facts, asOf }) && satisfactionFrom(s, p, facts, asOf) === undefined;
};

/** A rejection effective by `asOf` of a submission filed for this occurrence: the regulator's own word that it is unmet. */
const rejectionOf = (c: RecordOf): string | undefined => {
  for (const e of c.facts?.evidence ?? []) {
    const d = e.kind === 'submission' ? ownEntry(c.s.submissions, e.factId)?.decision : undefined;
    if (d && !d.accepted && d.on <= c.asOf) return d.eventId;
  }
  return undefined;
};

const NONE: readonly string[] = [];

const unmet = (c: Case, warningDays: number): Verdict => {
  const late = daysBetween(c.dueOn, c.asOf);
  // A partial record's silence is no default (design.md 6.2); a rejection on file is the regulator's word that the duty is unmet.
  if (late > 0 && unverifiable(c)) {
    return {
      status: 'unverified',
      reasons: [
        partialRecord(c)
          ? 'no evidence recorded; not a finding (the evidence record is partial)'
          : 'no evidence recorded; not a default: the record does not show the condition met, so whether the duty arose is unknown',
      ],
      because: NONE,
    };
  }
  if (late > 0) {
    const until = lateUntil(c);
    const v = withLate(
      {
        status: 'overdue',
        reasons: [`no satisfying evidence; overdue since ${addDays(c.dueOn, 1)}`],
        because: NONE,
      },
      daysBetween(c.dueOn, until),
      until,
      c.asOf,
    );
    // Stopped on the deadline (the order ended on it): no day late ran, said as for a breach.
    if (v.daysLate === undefined && until < c.asOf) v.lateThrough = c.dueOn;
    return v;
  }
  if (-late <= warningDays)
    return {
      status: 'due_soon',
      reasons: [`due in ${-late} day${late === -1 ? '' : 's'}`],
      because: NONE,
    };
  return { status: 'upcoming', reasons: [], because: NONE };
};

const judge = (c: Case, warningDays: number): Verdict => {
  const end = ended(c);
  if (end?.status === 'void') return end;
  const breach = breachOf(c.s, c.id, c.asOf);
  if (breach) return breached(c, breach);
  // Never due (after the order's end) before excused: a waiver cannot make late what the end already waived.
  const gone = superseded(c) ?? end ?? waived(c);
  if (gone) return gone;
  if (ongoing(c))
    return { status: 'in_force', reasons: ['in force; no violation found'], because: NONE };
  const sat = satisfactionFrom(c.s, c.p, c.facts, c.asOf);
  return sat ? evidenced(c, sat) : unmet(c, warningDays);
};

const addUnique = (into: string[], ids: readonly string[]): void => {
  for (const id of ids) if (!into.includes(id)) into.push(id);
};

/** The events behind an answer, each once, in the order cited: imposition, amendments by then, trigger, extension, verdict. */
const becauseOf = (
  s: OrderFacts,
  p: PlacedOccurrence,
  asOf: CalendarDate,
  extension: Dated | undefined,
  verdict: readonly string[],
): string[] => {
  const ids = [p.obligation.eventId];
  for (const a of p.obligation.amendments)
    if (a.on <= asOf && !ids.includes(a.eventId)) ids.push(a.eventId);
  if (p.spec.triggerId !== undefined && p.spec.triggerFact !== undefined)
    addUnique(
      ids,
      triggerEventIds(s).get(triggerKey(p.spec.triggerFact, p.spec.triggerId)) ?? NONE,
    );
  if (extension && !ids.includes(extension.eventId)) ids.push(extension.eventId);
  addUnique(ids, verdict);
  return ids;
};

/** "due 2024-05-28 (rolled from 2024-05-26: Sunday; Memorial Day (federal holiday); FRCP 6(a)(1)(C))": the deadline and the rule that moved it. */
const dueReasonOf = (
  s: OrderFacts,
  p: PlacedOccurrence,
  dueOn: CalendarDate,
  extension: Extension | undefined,
  asOf: CalendarDate,
): string => {
  if (extension) {
    // Held to the day the duty bound (`extendedDeadline`): an extension to a day before it says so.
    const binds = dutyBindsOn(s, p.obligation, asOf);
    const arises = maxDate(p.spec.arisesOn ?? binds, binds);
    return extension.newDueOn < arises
      ? `due ${dueOn} (extended effective ${extension.on} to ${extension.newDueOn}, before the duty bound on ${arises}: due that day${dueOn === arises ? '' : `, rolled to ${dueOn}`})`
      : `due ${dueOn} (extended effective ${extension.on})`;
  }
  if (p.spec.dueOnArising === true) return arisingReasonOf(s, p, dueOn, asOf);
  if (p.spec.dueOn === p.spec.nominalDueOn) return `due ${dueOn}`;
  const why = skippedDays(s, p.spec.nominalDueOn, p.spec.dueOn)
    .map((d) => d.why)
    .join('; ');
  const rule =
    ruleCitation(countingFor(s, p.spec.nominalDueOn, asOf), p.spec.backward === true).split(
      ':',
    )[0] ?? '';
  return `due ${dueOn} (rolled ${p.spec.backward === true ? 'back ' : ''}from ${p.spec.nominalDueOn}: ${why}; ${rule})`;
};

/**
 * "due 2011-03-01 (2011-02-10, counted back from chg-1, is before the duty arose on 2011-03-01, when
 * it bound and chg-1 was known: due that day)", or "due 2025-03-03 (2024-01-02 is before the duty
 * bound on 2025-03-03, …)": a duty cannot fall due before it binds (imposed, the order entered),
 * nor a notice before its change is known.
 */
const arisingReasonOf = (
  s: OrderFacts,
  p: PlacedOccurrence,
  dueOn: CalendarDate,
  asOf: CalendarDate,
): string => {
  const arises = p.spec.arisesOn ?? dueOn;
  const rolled =
    p.spec.dueOn === arises
      ? ''
      : `, rolled to ${p.spec.dueOn}: ${skippedDays(s, arises, p.spec.dueOn)
          .map((d) => d.why)
          .join(
            '; ',
          )}; ${ruleCitation(countingFor(s, p.spec.nominalDueOn, asOf), false).split(':')[0] ?? ''}`;
  if (p.spec.backward !== true || p.spec.triggerId === undefined)
    return `due ${dueOn} (${p.spec.nominalDueOn} is before the duty bound on ${arises}, imposed and the order entered: due that day${rolled})`;
  const trigger = p.spec.triggerId;
  return `due ${dueOn} (${p.spec.nominalDueOn}, counted back from ${trigger}, is before the duty arose on ${arises}, when it bound and ${trigger} was known: due that day${rolled})`;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The judgement of one placed occurrence on `asOf`: its id, the deadline in force (and the extension behind it), the verdict. */
const judged = (s: OrderFacts, p: PlacedOccurrence, asOf: CalendarDate, warningDays: number) => {
  const id = occurrenceId(p.obligation.id, p.spec.key);
  const facts = ownEntry(s.occurrences, id);
  const { dueOn, extension } = deadlineFrom(s, p, facts, asOf);
  const v = judge({ s, p, id, facts, dueOn, asOf, end: orderEndOn(s, asOf) }, warningDays);
  return { id, dueOn, extension, v };
};

/** The status of one placed occurrence on `asOf`, with its reasons, the events behind them, pending allegations, assumed inputs and sources. */
export const classifyOccurrence = (
  s: OrderFacts,
  p: PlacedOccurrence,
  asOf: CalendarDate,
  warningDays: number,
): OccurrenceAnswer => {
  const { id, dueOn, extension, v } = judged(s, p, asOf, warningDays);
  // Built field by field (no spreads, which are slow here), in the order the answer has always had.
  const answer = {
    id,
    obligationId: p.obligation.id,
    key: p.spec.key,
    title: p.terms.title,
    kind: p.terms.kind,
    nominalDueOn: p.spec.nominalDueOn,
    dueOn,
    status: v.status,
  } as Mutable<OccurrenceAnswer>;
  if (v.satisfiedOn !== undefined) answer.satisfiedOn = v.satisfiedOn;
  if (v.daysLate !== undefined) answer.daysLate = v.daysLate;
  if (v.lateThrough !== undefined) answer.lateThrough = v.lateThrough;
  if (v.foundOn !== undefined) answer.foundOn = v.foundOn;
  const due = dueReasonOf(s, p, dueOn, extension, asOf);
  answer.reasons =
    p.spec.note !== undefined ? [due, p.spec.note, ...v.reasons] : [due, ...v.reasons];
  answer.because = becauseOf(s, p, asOf, extension, v.because);
  const cited = citationsOf(s, id, answer.because, asOf);
  answer.allegations = cited.allegations;
  answer.assumed = cited.assumed;
  answer.sources = cited.sources;
  if (v.successor !== undefined) answer.successor = v.successor;
  if (s.assignments.length > 0) {
    const owner = ownerOf(
      s,
      { obligationId: p.obligation.id, key: p.spec.key, scheduledDueOn: p.spec.dueOn },
      asOf,
    );
    if (owner !== undefined) answer.owner = owner;
  }
  return answer;
};

/** What status over time keeps of an occurrence's answer on a date: its status, deadline, evidence date, when days late stopped, and how many allegations are pending. */
export interface OccurrencePointAnswer {
  readonly id: string;
  readonly obligationId: string;
  readonly key: string;
  readonly title: string;
  readonly status: OccurrenceStatus;
  readonly dueOn: CalendarDate;
  readonly satisfiedOn?: CalendarDate;
  readonly lateThrough?: CalendarDate;
  readonly pendingAllegations: number;
}

/**
 * `classifyOccurrence` reduced to what status over time keeps (the same judgement, without the
 * reasons, deciding events, citations and owner that only an answer on one date shows).
 */
export const occurrencePointOn = (
  s: OrderFacts,
  p: PlacedOccurrence,
  asOf: CalendarDate,
  warningDays: number,
): OccurrencePointAnswer => {
  const { id, dueOn, v } = judged(s, p, asOf, warningDays);
  const point = {
    id,
    obligationId: p.obligation.id,
    key: p.spec.key,
    title: p.terms.title,
    status: v.status,
    dueOn,
    pendingAllegations: violationsByOccurrence(s).has(id)
      ? pendingAllegations(s, id, asOf).length
      : 0,
  } as Mutable<OccurrencePointAnswer>;
  if (v.satisfiedOn !== undefined) point.satisfiedOn = v.satisfiedOn;
  if (v.lateThrough !== undefined) point.lateThrough = v.lateThrough;
  return point;
};

/**
 * A reference model of Decree's compliance status, written from design.md §6 and nothing else
 * of the engine's status code: for ONE query date it reads the raw log of one order and applies
 * each rule directly. No change points, no incremental state, no fold: every answer is computed
 * from scratch by filtering the log. It does not import `projections/`, `order.evolve.ts` or
 * `order.satisfaction.ts`. It reuses, on purpose, only pure calendar and schedule primitives
 * (`deadline`, `addDays`, `daysBetween` from `domain/calendar` and `occurrences()` from
 * `domain/schedule/occurrences.ts`): re-deriving the federal holiday table or month-end recurrence
 * would test nothing new, and both have their own unit and property tests.
 *
 * Choices where design.md is silent or ambiguous (each matches what the engine documents in its
 * TSDoc or shows through its public API; this list is the engine's de-facto spec):
 *  1. Knowledge. An event counts when `recordedAt <= knownAt` (instants compared as ISO strings).
 *     A retraction counts from its own recording, whatever its effective date: once known, the
 *     event it names is dropped as if never recorded (`stateKnownAt` TSDoc). An order with no
 *     known `OrderFiled` is unknown (the engine throws `UnknownOrder`).
 *  2. Which occurrences are listed on `asOf`: those of every obligation (imposed, demanded or
 *     assessed) effective on or before `asOf`, placed by the terms in effect on `asOf` and the
 *     schedule context of `asOf` (entry, triggers and order terms effective by then), with
 *     recurrences generated up to `asOf + warningDays` (nominal dates; "as far ahead as the
 *     warning window", `occurrencesOn` TSDoc). Waived ones stay listed, as `waived`.
 *  3. Order terms on `asOf` (term end, day counting): the filing's, then each entry and
 *     modification effective by `asOf`, in effective-date order (ties: log order), each
 *     overriding only what it states; before any of them is effective, the filing's.
 *     Roll-forward is the default (design.md §5).
 *  4. An `InformationDemanded` is a `cooperation` duty due once on `dueOn`; a `PenaltyAssessed` is
 *     a payment duty due once on `dueOn` for its amount. Neither requires acceptance.
 *  5. A fact that omits `occurrence` names the obligation's single occurrence (`once`, or
 *     `ongoing` for a prohibition) under the obligation's terms with every amendment *recorded
 *     before the fact* (and still known) applied in effective-date order: that is what the fact
 *     meant when it was recorded.
 *  6. Amendments: the terms in effect on `asOf` are the imposed terms with every amendment
 *     effective by `asOf` applied in effective-date order (ties: log order), each overriding
 *     only the fields it states; an
 *     obligation exists from its imposition's effective date, whatever its amendments say.
 *  7. An ongoing prohibition has one occurrence, `ongoing`, due on the order's entry (never
 *     rolled), or on its own imposition when imposed after entry (`occurrences.ts` TSDoc and
 *     `obligationOccurrences`). It needs no evidence: from that date it is `satisfied` unless
 *     breached or waived; it never goes overdue or due_soon.
 *  8. Extensions: of the occurrence's extensions effective on or before `asOf`, the furthest
 *     `newDueOn` (rolled by the order's day counting on `asOf`) is the deadline. Extensions only
 *     ever extend (the decider refuses a shorter one), so this is also the last one recorded; it
 *     is NOT the one with the latest effective date: a later-recorded, further extension that is
 *     backdated still wins (found by this test; the engine's reading, and the only one that never
 *     shortens a deadline).
 *  9. Precedence, most decisive first: waived > breached > satisfied / satisfied_late >
 *     submitted > overdue > due_soon > upcoming. A waiver forgives even a violation found
 *     before it (the engine; design.md gives no order).
 * 10. Waived: a waiver of the obligation (no occurrence) or of this occurrence, effective by
 *     `asOf`, whatever its date relative to D; or the order's termination effective by `asOf` and
 *     before D (design.md: "the order terminated, before D"; debts already due stay due).
 * 11. Evidence. Payments (payment duties only): those in the obligation's currency (terms on
 *     `asOf`), effective by `asOf`, summed in date order; satisfied on the date of the payment that
 *     brings the total to the amount. Submissions: effective by `asOf`; a decision counts when
 *     effective by `asOf`; a rejected one is ignored; an accepted one, or any one when acceptance
 *     is not required, satisfies on its own date (the earliest such); otherwise a pending one when
 *     acceptance is required makes it `submitted`. Timeliness is the evidence's date against D.
 * 12. Breached: a `ViolationFound` against the occurrence effective by `asOf` whose violation id
 *     has no `ViolationCured` effective by `asOf`. Allegations alone change nothing.
 * 13. daysLate: (satisfying evidence's date, or `asOf` while none) − D, reported only when
 *     positive; never for `waived` nor for a prohibition. A `submitted` occurrence counts its
 *     filing's date (timeliness is the evidence's date, not the acceptance's); a `breached` one
 *     with only a pending submission counts `asOf` (a pending filing is not satisfying evidence).
 * 14. Satisfaction anchors ("N days after X is satisfied") use X's satisfaction date per rule 11
 *     as of `asOf` (submitted does not count), for X's single occurrence, or the first of a
 *     recurrence; when X has neither (a triggered duty, or a recurrence not started), the
 *     evidence recorded under `once` counts, so a duty met once and then amended into a
 *     triggered one still anchors (the engine's; design.md says nothing; questionable).
 * 15. Order: terminated when a termination is effective by `asOf` or `asOf` is after the term's
 *     last day; otherwise non_compliant / at_risk / compliant from the occurrences (design.md §6).

 *
 * Where the engine departs from design.md (judged in the report of issue 6 and pinned in
 * engine-deviations.spec.ts), `EngineDeviations` switches make the model follow the engine, so
 * that the model-based test keeps checking everything else; the default model is design.md.
 */
import {
  addDays, daysBetween, deadline, occurrences,
  type CalendarDate, type DayCounting, type OrderEvent, type OrderEventOf, type Schedule, type ScheduleContext, type TriggerFact,
} from '../../domain/index.js';

/** One event as the store recorded it. */
export interface RecordedFact {
  readonly event: OrderEvent;
  readonly recordedAt: string;
}

export type ModelOccurrenceStatus = 'upcoming' | 'due_soon' | 'submitted' | 'satisfied' | 'satisfied_late' | 'overdue' | 'breached' | 'waived';
export type ModelOrderStatus = 'compliant' | 'at_risk' | 'non_compliant' | 'terminated';

export interface ModelOccurrence {
  readonly id: string;
  readonly status: ModelOccurrenceStatus;
  readonly dueOn: CalendarDate;
  readonly daysLate?: number;
}

export interface ModelAnswer {
  readonly status: ModelOrderStatus;
  readonly occurrences: readonly ModelOccurrence[];
}

export interface ModelQuery {
  readonly asOf: CalendarDate;
  readonly knownAt?: string;
  readonly warningDays?: number;
}

/**
 * Where the engine is judged to depart from design.md (see the report), the model can be told to
 * follow the engine instead, so that the property keeps checking everything else. Each switch is
 * off by default: the default model is design.md.
 */
export interface EngineDeviations {
  /** The engine reported no `daysLate` for a `breached` occurrence (bug 2, fixed in de2e432). */
  readonly noDaysLateWhenBreached?: boolean;
  /** The engine waived an occurrence when the order was terminated on D itself, not only before D (bug 3, fixed in de2e432). */
  readonly terminationOnDueDateWaives?: boolean;
  /** The engine listed an obligation before its imposition when an amendment of it was effective earlier (bug 4, fixed in de2e432). */
  readonly earlyAmendmentImposes?: boolean;
  /**
   * The engine keeps each amendment / modification as a snapshot of all terms recorded before it,
   * and takes on `asOf` the last recorded snapshot effective by then: a backdated change thus
   * carries fields that another change only made effective later. Obligation amendments: bug 5,
   * fixed in de2e432.
   */
  readonly snapshotVersions?: boolean;
  /** The same snapshot reading for the order's terms (term end, day counting): bug 7, open. */
  readonly snapshotOrderTerms?: boolean;
  /**
   * The engine forgets a cure recorded before any live allegation or finding of its violation
   * (which happens when the allegation the cure answered is retracted and a finding came later).
   * Bug 6, open.
   */
  readonly orphanCuresForgotten?: boolean;
}

interface Terms {
  readonly kind: string;
  readonly schedule: Schedule;
  readonly amount?: { readonly amountMinor: number; readonly currency: string } | undefined;
  readonly requiresAcceptance: boolean;
}

interface Duty {
  readonly id: string;
  readonly on: CalendarDate;
  readonly base: Terms;
}

/** What every rule reads: the known, live log (retractions applied) and the query. */
interface World {
  readonly deviations: EngineDeviations;
  readonly log: readonly OrderEvent[];
  readonly asOf: CalendarDate;
  readonly warningDays: number;
  readonly counting: DayCounting;
}

type Ev<T extends OrderEvent['type']> = OrderEventOf<T>;

const DEFAULT_WARNING_DAYS = 30;
const ROLL: DayCounting = { rollForward: true };

const ofType = <T extends OrderEvent['type']>(log: readonly OrderEvent[], ...types: T[]): Ev<T>[] =>
  log.filter((e): e is Ev<T> => (types as string[]).includes(e.type));
const by = (w: World) => (e: OrderEvent) => e.metadata.effectiveOn <= w.asOf;
const byDate = <T extends OrderEvent>(xs: readonly T[]): T[] =>
  xs.map((e, i) => ({ e, i })).sort((a, b) => (a.e.metadata.effectiveOn < b.e.metadata.effectiveOn ? -1 : a.e.metadata.effectiveOn > b.e.metadata.effectiveOn ? 1 : a.i - b.i)).map((x) => x.e);

/** Rule 1: the events known at `knownAt`, minus those retracted by a known retraction, and minus the retractions. */
export const liveLog = (facts: readonly RecordedFact[], knownAt: string | undefined): OrderEvent[] => {
  const seen = new Set<string>();
  const known = facts.filter((f) => (knownAt === undefined || f.recordedAt <= knownAt) && !seen.has(f.event.id) && seen.add(f.event.id)).map((f) => f.event);
  const retracted = new Set(ofType(known, 'EntryRetracted').map((e) => e.data.eventId));
  return known.filter((e) => e.type !== 'EntryRetracted' && !retracted.has(e.id));
};

/** Rule 3: term end and day counting in effect on `asOf`. */
const orderTerms = (log: readonly OrderEvent[], asOf: CalendarDate, snapshots = false): { termEndsOn?: CalendarDate; counting: DayCounting } => {
  const all = ofType(log, 'OrderFiled', 'OrderEntered', 'OrderModified');
  const last = snapshots ? all.findLastIndex((e) => e.metadata.effectiveOn <= asOf) : -1;
  const effective = snapshots ? all.slice(0, Math.max(last, 0) + 1) : byDate(all.filter((e) => e.type === 'OrderFiled' || e.metadata.effectiveOn <= asOf));
  let termEndsOn: CalendarDate | undefined;
  let counting = ROLL;
  for (const e of effective) {
    if ('termEndsOn' in e.data && e.data.termEndsOn !== undefined) termEndsOn = e.data.termEndsOn;
    if ('dayCounting' in e.data && e.data.dayCounting !== undefined) counting = e.data.dayCounting;
  }
  return { ...(termEndsOn === undefined ? {} : { termEndsOn }), counting };
};

/** Rule 4: every duty the order holds (whatever its date), with its terms as first stated. */
const duties = (log: readonly OrderEvent[]): Duty[] => {
  const out = new Map<string, Duty>();
  for (const e of ofType(log, 'ObligationImposed', 'InformationDemanded', 'PenaltyAssessed')) {
    const on = e.metadata.effectiveOn;
    const d: Duty = e.type === 'ObligationImposed'
      ? { id: e.data.obligationId, on, base: { kind: e.data.kind, schedule: e.data.schedule, amount: e.data.amount, requiresAcceptance: e.data.requiresAcceptance ?? false } }
      : e.type === 'InformationDemanded'
        ? { id: e.data.demandId, on, base: { kind: 'cooperation', schedule: { kind: 'once', dueOn: e.data.dueOn }, requiresAcceptance: false } }
        : { id: e.data.penaltyId, on, base: { kind: 'payment', schedule: { kind: 'once', dueOn: e.data.dueOn }, amount: e.data.amount, requiresAcceptance: false } };
    if (!out.has(d.id)) out.set(d.id, d);
  }
  return [...out.values()];
};

const applyChanges = (t: Terms, e: Ev<'ObligationAmended'>): Terms => {
  const c = e.data.changes;
  return {
    ...t,
    ...(c.schedule !== undefined ? { schedule: c.schedule } : {}),
    ...(c.amount !== undefined ? { amount: c.amount } : {}),
    ...(c.requiresAcceptance !== undefined ? { requiresAcceptance: c.requiresAcceptance } : {}),
  };
};

/** Rule 6: a duty's terms with the amendments selected by `keep`, in effective-date order (ties: log order). */
const termsWith = (log: readonly OrderEvent[], d: Duty, keep: (e: OrderEvent) => boolean): Terms =>
  byDate(ofType(log, 'ObligationAmended').filter((e) => e.data.obligationId === d.id && keep(e))).reduce(applyChanges, d.base);

/** Rule 6: a duty's terms in effect on `asOf` (see `EngineDeviations.snapshotVersions` for the engine's). */
const termsOn = (w: World, d: Duty): Terms => {
  if (!w.deviations.snapshotVersions) return termsWith(w.log, d, by(w));
  const amendments = ofType(w.log, 'ObligationAmended').filter((e) => e.data.obligationId === d.id);
  const last = amendments.findLastIndex(by(w));
  return amendments.slice(0, last + 1).reduce(applyChanges, d.base);
};

const amendedBy = (log: readonly OrderEvent[], d: Duty, asOf: CalendarDate): boolean =>
  ofType(log, 'ObligationAmended').some((e) => e.data.obligationId === d.id && e.metadata.effectiveOn <= asOf);

const singleKey = (s: Schedule): string | undefined =>
  s.kind === 'ongoing' ? 'ongoing' : s.kind === 'once' || (s.kind === 'after' && s.anchor.kind !== 'trigger') ? 'once' : undefined;

/** Rule 5: the occurrence key a fact names, defaulting by the terms recorded before it. */
const keyOf = (log: readonly OrderEvent[], ds: readonly Duty[], e: OrderEvent & { data: { obligationId: string; occurrence?: string | undefined } }): string => {
  if (e.data.occurrence !== undefined) return e.data.occurrence;
  const d = ds.find((x) => x.id === e.data.obligationId);
  if (!d) return 'once';
  const at = log.indexOf(e);
  return singleKey(termsWith(log, d, (a) => log.indexOf(a) < at).schedule) ?? 'once';
};

/** The evidence-bearing events aimed at one occurrence. */
const aimedAt = <T extends 'PaymentMade' | 'SubmissionFiled' | 'DeadlineExtended' | 'ViolationFound'>(w: World, ds: readonly Duty[], type: T, id: string, key: string): Ev<T>[] =>
  ofType(w.log, type).filter((e) => {
    const aimed = e as Ev<'PaymentMade' | 'SubmissionFiled' | 'DeadlineExtended' | 'ViolationFound'>;
    return aimed.data.obligationId === id && keyOf(w.log, ds, aimed) === key;
  });

type Evidence = { readonly kind: 'satisfied' | 'submitted'; readonly on: CalendarDate } | undefined;

const paid = (w: World, ds: readonly Duty[], d: Duty, key: string, t: Terms): Evidence => {
  if (!t.amount) return undefined;
  let total = 0;
  for (const p of byDate(aimedAt(w, ds, 'PaymentMade', d.id, key).filter(by(w)))) {
    if (p.data.amount.currency !== t.amount.currency) continue;
    total += p.data.amount.amountMinor;
    if (total >= t.amount.amountMinor) return { kind: 'satisfied', on: p.metadata.effectiveOn };
  }
  return undefined;
};

const decisionOf = (w: World, submissionId: string): 'accepted' | 'rejected' | undefined => {
  const d = byDate(ofType(w.log, 'SubmissionAccepted', 'SubmissionRejected').filter((e) => e.data.submissionId === submissionId).filter(by(w)))[0];
  return d === undefined ? undefined : d.type === 'SubmissionAccepted' ? 'accepted' : 'rejected';
};

const filed = (w: World, ds: readonly Duty[], d: Duty, key: string, t: Terms): Evidence => {
  let pending: Evidence;
  for (const s of byDate(aimedAt(w, ds, 'SubmissionFiled', d.id, key).filter(by(w)))) {
    const decision = decisionOf(w, s.data.submissionId);
    if (decision === 'rejected') continue;
    if (decision === 'accepted' || !t.requiresAcceptance) return { kind: 'satisfied', on: s.metadata.effectiveOn };
    pending ??= { kind: 'submitted', on: s.metadata.effectiveOn };
  }
  return pending;
};

/** Rule 11: the evidence for one occurrence as of `asOf`. */
const evidenceFor = (w: World, ds: readonly Duty[], d: Duty, key: string, t: Terms): Evidence =>
  t.kind === 'payment' ? paid(w, ds, d, key, t) : filed(w, ds, d, key, t);

/** Rules 2, 7 and 14: the schedule context of `asOf`. */
const contextOf = (w: World, ds: readonly Duty[], termEndsOn: CalendarDate | undefined): ScheduleContext => {
  const entered = ofType(w.log, 'OrderEntered').filter(by(w))[0];
  const ctx: ScheduleContext = {
    ...(entered ? { enteredOn: entered.metadata.effectiveOn } : {}),
    ...(termEndsOn === undefined ? {} : { termEndsOn }),
    counting: w.counting,
    satisfiedOn: (obligationId) => {
      const other = ds.find((x) => x.id === obligationId && x.on <= w.asOf);
      if (!other) return undefined;
      const t = termsOn(w, other);
      const first = t.schedule.kind === 'recurring' ? occurrences(t.schedule, ctx, w.asOf)[0]?.key : undefined;
      const ev = evidenceFor(w, ds, other, singleKey(t.schedule) ?? first ?? 'once', t);
      return ev?.kind === 'satisfied' ? ev.on : undefined;
    },
    triggers: (fact: TriggerFact) => byDate(ofType(w.log, fact).filter(by(w)))
      .map((e) => ({ id: e.type === 'IncidentDiscovered' ? e.data.incidentId : e.data.changeId, on: e.metadata.effectiveOn })),
  };
  return ctx;
};

/** Rule 8: the deadline in force on `asOf`. */
const deadlineOf = (w: World, ds: readonly Duty[], d: Duty, key: string, scheduled: CalendarDate): CalendarDate => {
  const granted = aimedAt(w, ds, 'DeadlineExtended', d.id, key).filter(by(w)).map((e) => deadline(e.data.newDueOn, w.counting)).sort();
  return granted.at(-1) ?? scheduled;
};

/** Rule 10. */
const isWaived = (w: World, d: Duty, key: string, due: CalendarDate): boolean => {
  const waiver = ofType(w.log, 'ObligationWaived').filter(by(w))
    .some((e) => e.data.obligationId === d.id && (e.data.occurrence === undefined || e.data.occurrence === key));
  const ended = ofType(w.log, 'OrderTerminated').filter(by(w)).some((e) => e.metadata.effectiveOn < due || (w.deviations.terminationOnDueDateWaives === true && e.metadata.effectiveOn === due));
  return waiver || ended;
};

/** Rule 12. */
const isBreached = (w: World, ds: readonly Duty[], d: Duty, key: string): boolean => {
  const claims = ofType(w.log, 'ViolationAlleged', 'ViolationFound');
  const heard = (c: Ev<'ViolationCured'>) => !w.deviations.orphanCuresForgotten
    || claims.some((v) => v.data.violationId === c.data.violationId && w.log.indexOf(v) < w.log.indexOf(c));
  const cured = new Set(ofType(w.log, 'ViolationCured').filter(by(w)).filter(heard).map((e) => e.data.violationId));
  return aimedAt(w, ds, 'ViolationFound', d.id, key).filter(by(w)).some((e) => !cured.has(e.data.violationId));
};

const timeStatus = (w: World, due: CalendarDate): ModelOccurrenceStatus => {
  const until = daysBetween(w.asOf, due);
  return until < 0 ? 'overdue' : until <= w.warningDays ? 'due_soon' : 'upcoming';
};

/** Rule 9: one occurrence's status and rule 13: its days late. */
const classify = (w: World, ds: readonly Duty[], d: Duty, t: Terms, key: string, scheduled: CalendarDate): ModelOccurrence => {
  const due = deadlineOf(w, ds, d, key, scheduled);
  const id = `${d.id}/${key}`;
  if (isWaived(w, d, key, due)) return { id, status: 'waived', dueOn: due };
  if (isBreached(w, ds, d, key)) return w.deviations.noDaysLateWhenBreached ? { id, status: 'breached', dueOn: due } : late(w, { id, status: 'breached', dueOn: due }, t, evidenceFor(w, ds, d, key, t));
  if (t.schedule.kind === 'ongoing') return { id, status: 'satisfied', dueOn: due };
  const ev = evidenceFor(w, ds, d, key, t);
  const status = ev?.kind === 'submitted' ? 'submitted' : ev ? (ev.on <= due ? 'satisfied' : 'satisfied_late') : timeStatus(w, due);
  return late(w, { id, status, dueOn: due }, t, ev);
};

const late = (w: World, o: ModelOccurrence, t: Terms, ev: Evidence): ModelOccurrence => {
  if (t.schedule.kind === 'ongoing') return o;
  const counted = ev?.kind === 'satisfied' || o.status === 'submitted' ? ev : undefined;
  const n = daysBetween(o.dueOn, counted?.on ?? w.asOf);
  return n > 0 ? { ...o, daysLate: n } : o;
};

/** Rule 15. */
const rollUp = (ended: boolean, os: readonly ModelOccurrence[]): ModelOrderStatus => {
  if (ended) return 'terminated';
  if (os.some((o) => o.status === 'overdue' || o.status === 'breached')) return 'non_compliant';
  if (os.some((o) => o.status === 'due_soon' || o.status === 'submitted')) return 'at_risk';
  return 'compliant';
};

/**
 * The order's status and every occurrence's on `q.asOf`, as known at `q.knownAt`, straight from
 * the recorded log; `undefined` when no filing of the order is known (the engine: `UnknownOrder`).
 */
export const referenceStatus = (facts: readonly RecordedFact[], q: ModelQuery, deviations: EngineDeviations = {}): ModelAnswer | undefined => {
  const log = liveLog(facts, q.knownAt);
  const filing = ofType(log, 'OrderFiled')[0];
  if (!filing) return undefined;
  const { termEndsOn, counting } = orderTerms(log, q.asOf, deviations.snapshotOrderTerms);
  const w: World = { deviations, log, asOf: q.asOf, counting, warningDays: q.warningDays ?? filing.data.warningDays ?? DEFAULT_WARNING_DAYS };
  const ds = duties(log);
  const ctx = contextOf(w, ds, termEndsOn);
  const horizon = addDays(q.asOf, w.warningDays);
  const answers: ModelOccurrence[] = [];
  for (const d of ds.filter((x) => x.on <= q.asOf || (deviations.earlyAmendmentImposes === true && amendedBy(log, x, q.asOf)))) {
    const t = termsOn(w, d);
    for (const spec of occurrences(t.schedule, ctx, horizon)) {
      const scheduled = t.schedule.kind === 'ongoing' && spec.dueOn < d.on ? d.on : spec.dueOn;
      answers.push(classify(w, ds, d, t, spec.key, scheduled));
    }
  }
  const terminated = ofType(log, 'OrderTerminated').some(by(w));
  const ended = terminated || (termEndsOn !== undefined && q.asOf > termEndsOn);
  return { status: rollUp(ended, answers), occurrences: answers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
};

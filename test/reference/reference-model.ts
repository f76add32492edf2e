/**
 * A reference model of Decree's compliance status, version 2 (design.md section 6, docs/compliance.md),
 * written from those texts and nothing of the engine's: for ONE query date it reads the raw log of
 * one order and applies each rule directly, by filtering the log. It imports only TYPES from the
 * engine; its calendar is its own (reference-calendar.ts: day arithmetic, the holiday library's
 * dates, the closures, the rolls), and so are its schedules, its evidence rules and its verdicts.
 * test/reference/independence.spec.ts checks its imports.
 *
 * Choices where the texts leave room (each numbered; the engine must agree):
 *  1. Knowledge: an event counts when recorded at or before `knownAt`; a known retraction drops its target.
 *  2. Order terms on `asOf`: the filing's, then entry and modifications effective by then in effective-date
 *     order (ties: log order). Day counting for a deadline nominally due N: the filing's, retroactive
 *     changes, and changes effective on or before N; the latest effective wins (ties: log order). A period
 *     from an event is counted by the rule for the event's date, its last day rolled by the rule for that day.
 *  3. Duties: ObligationImposed; InformationDemanded (a cooperation duty by `dueOn`, or within
 *     `respondWithin` of the demand counted by the rule); PenaltyAssessed (a payment by `dueOn`).
 *  4. Terms periods: the terms as imposed from the imposition; each amendment effective by `asOf`
 *     starts a period on its date (retroactive ones, and those effective on or before the
 *     imposition, change every period). A scheduled deadline before the day the duty binds (the
 *     later of its imposition and the entry) is that day, rolled forward; so is an extended one.
 *     An occurrence belongs to the period its scheduled deadline falls in; the first period also
 *     keeps what falls before it; a key placed earlier stands (also one a finding holds past its
 *     period, against a period starting after its deadline).
 *     An ongoing duty is one occurrence, from max(entry, imposition, its period's start).
 *  5. Triggers count from the imposition, within the term, not after a termination (a duty due ahead
 *     of the fact also when the fact was announced while the order was in force and the deadline
 *     fell by the end, of the term or by termination), and when their measure meets the condition
 *     (a missing measure counts); a change known ahead counts from `occursOn`. A deadline counted
 *     back to before the latest of the imposition, the entry and the day the fact became known is
 *     due that day, rolled forward.
 *  6. Verdict, most decisive first: void (vacated), breached (found, from the violation's start:
 *     the finding's period.from, else its date; not cured), superseded (the obligation from its
 *     date, for what falls due then or is ongoing), ended (after the order's end an ongoing duty
 *     or one due after the last day is waived, or superseded; payments
 *     survive, but not a recurring payment's installments due after the last day), waived (due on or after the waiver, ongoing, or retroactive; one due before it
 *     and met by it keeps its status; unmet: waived, late to the waiver; of an occurrence's two
 *     waivers, a retroactive one governs, else the first effective that excuses it: one it was met
 *     at leaves it to the next), in_force (ongoing),
 *     evidence (satisfied, satisfied_late, submitted), unverified (partial record, no rejection on
 *     file) or overdue, due_soon, upcoming.
 *  7. Days late run to the evidence, else to `asOf`, capped at the order's last day (not for
 *     payments) and at a supersession (evidence after either makes it no later); a breached
 *     occurrence that a waiver excuses has the days late the waiver leaves it.
 *  8. Order: pending_entry (no entry by `asOf`: no occurrence listed; ended before its entry, the
 *     end's kind and no occurrence either), the end's kind with the count
 *     of overdue, unverified and breached items, else non_compliant, unverified, at_risk (due soon,
 *     submitted, or an allegation pending against a listed occurrence), compliant.
 *
 * `EngineDeviations` switches make the model follow the engine where it is judged to depart from
 * the texts; none is on: every departure found so far is fixed.
 */
import type { CalendarDate, OrderEvent, OrderEventOf } from '../../domain/index.js';

type Ev<T extends OrderEvent['type']> = OrderEventOf<T>;
import {
  between,
  periodEnd,
  plusDays,
  plusPeriod,
  roll,
  ruleOf,
  type Period,
  type Rule,
} from './reference-calendar.js';
import {
  evidenceOf,
  imposedSchedule,
  keyOf,
  liveLog,
  ofType,
  pendingAllegation,
  rejected,
  type Duty,
  type RecordedFact,
  type Terms,
} from './reference-facts.js';

export { liveLog, type RecordedFact } from './reference-facts.js';

export type ModelOccurrenceStatus =
  | 'upcoming'
  | 'due_soon'
  | 'submitted'
  | 'satisfied'
  | 'satisfied_late'
  | 'in_force'
  | 'unverified'
  | 'overdue'
  | 'breached'
  | 'waived'
  | 'superseded'
  | 'void';
export type ModelOrderStatus =
  | 'pending_entry'
  | 'compliant'
  | 'at_risk'
  | 'unverified'
  | 'non_compliant'
  | 'terminated'
  | 'expired'
  | 'vacated'
  | 'superseded';

export interface ModelOccurrence {
  readonly id: string;
  readonly status: ModelOccurrenceStatus;
  readonly dueOn: CalendarDate;
  readonly daysLate?: number;
  /** The terms that govern it and its key (what the exposure model prices by); not compared as such. */
  readonly terms?: Terms;
  readonly key?: string;
  readonly obligationId?: string;
  readonly scheduledDueOn?: string;
  /** The owner's e-mail (`ObligationAssigned`), when someone answers for it on the date asked. */
  readonly owner?: string;
  /** Its deadlines in turn, the scheduled one and each extension's with the day it took effect (the last is `dueOn`); for exposure. */
  readonly deadlines?: readonly { readonly dueOn: string; readonly from?: string }[];
  /** The date of the evidence that stands on the date asked (a filing awaiting a decision included); for exposure. */
  readonly evidenceOn?: string;
  /** Whether its silence is no default (a partial record, no evidence and no rejection on file); for exposure. */
  readonly silent?: boolean;
}

export interface ModelAnswer {
  readonly status: ModelOrderStatus;
  readonly occurrences: readonly ModelOccurrence[];
  readonly outstanding?: number;
}

export interface ModelQuery {
  readonly asOf: CalendarDate;
  readonly knownAt?: string;
  readonly warningDays?: number;
}

/** Switches for departures of the engine from the texts (none on by default). */
export type EngineDeviations = Readonly<Record<string, boolean>>;

/** What every rule reads. */
interface World {
  readonly log: readonly OrderEvent[];
  readonly asOf: string;
  readonly horizon: string;
  readonly warningDays: number;
  readonly closed: ReadonlySet<string>;
  readonly termEndsOn: string | undefined;
  readonly entered: string | undefined;
  readonly end: { readonly kind: string; readonly lastDay: string } | undefined;
  /** Retroactive amendments effective by this date rewrite a duty's terms from the start (default `asOf`). */
  readonly retroactiveBy?: string;
}

const eff = (e: OrderEvent) => e.metadata.effectiveOn as string;
const byEff = <T extends OrderEvent>(xs: readonly T[]): T[] =>
  xs
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (eff(a.e) < eff(b.e) ? -1 : eff(a.e) > eff(b.e) ? 1 : a.i - b.i))
    .map((x) => x.e);

type OrderChange = OrderEventOf<'OrderFiled' | 'OrderEntered' | 'OrderModified'>;
const orderChanges = (log: readonly OrderEvent[], asOf: string): OrderChange[] =>
  byEff(
    ofType(log, 'OrderFiled', 'OrderEntered', 'OrderModified').filter(
      (e) => e.type === 'OrderFiled' || eff(e) <= asOf,
    ),
  );

/**
 * Rule 2: the value a filing or modification sets (`pick`) that governs what falls due on `date`:
 * a modification's from its date on, or back to the filing when it says `retroactive`; the
 * latest such.
 */
const governingTerm = <T>(
  w: World,
  date: string,
  pick: (e: Ev<'OrderFiled' | 'OrderModified'>) => T | undefined,
): T | undefined => {
  let best: { when: string; value: T } | undefined;
  ofType(w.log, 'OrderFiled', 'OrderModified').forEach((e) => {
    const value = pick(e);
    if (value === undefined || (e.type === 'OrderModified' && eff(e) > w.asOf)) return;
    const retro = e.type === 'OrderFiled' || e.data.retroactive === true;
    if (!retro && eff(e) > date) return;
    const when = retro ? '' : eff(e);
    if (best === undefined || when >= best.when) best = { when, value };
  });
  return best?.value;
};

/** Rule 2: the day-counting rule for a deadline nominally due `nominal`. */
const ruleFor = (w: World, nominal: string): Rule =>
  governingTerm(w, nominal, (e) => e.data.dayCounting && ruleOf(e.data.dayCounting)) ?? 'frcp6';

/** Rule 2 for the evidence record: whether the one that governs an occurrence scheduled for `due` is partial. */
const partialFor = (w: World, due: string): boolean =>
  governingTerm(w, due, (e) => e.data.evidenceRecord) === 'partial';

/** Rule 4: the periods of a duty's terms. */
const periods = (w: World, d: Duty): { from: string; terms: Terms }[] => {
  const amendments = byEff(
    ofType(w.log, 'ObligationAmended').filter(
      (a) =>
        a.data.obligationId === d.id &&
        (eff(a) <= w.asOf ||
          (a.data.retroactive === true && eff(a) <= (w.retroactiveBy ?? w.asOf))),
    ),
  );
  const starts = [
    d.on,
    ...new Set(amendments.filter((a) => a.data.retroactive !== true && eff(a) > d.on).map(eff)),
  ];
  return starts.map((from) => ({
    from,
    terms: amendments
      .filter((a) => a.data.retroactive === true || eff(a) <= from)
      .reduce(applyChanges, d.base),
  }));
};

const applyChanges = (t: Terms, a: OrderEventOf<'ObligationAmended'>): Terms => {
  const c = a.data.changes;
  const pick = <K extends keyof Terms>(k: K, v: Terms[K] | undefined) =>
    v === undefined ? {} : { [k]: v };
  return {
    ...t,
    ...pick('schedule', c.schedule),
    ...pick('amount', c.amount),
    ...pick('requiresAcceptance', c.requiresAcceptance),
    ...pick('evidenceRecord', c.evidenceRecord),
    ...pick('tiers', c.stipulatedPenalties),
    // Interest terms are replaced whole: a rate stated without an application applies payments interest first.
    ...(c.interest === undefined
      ? {}
      : {
          interestBp: c.interest.annualRateBasisPoints,
          principalFirst: c.interest.paymentApplication === 'principal_first',
        }),
  };
};

interface Spec {
  readonly key: string;
  readonly nominal: string;
  readonly backward: boolean;
  readonly ongoing: boolean;
  readonly trigger?: string;
  /** Counted back from a fact: the latest of the imposition, the entry and the day the fact became known. */
  readonly arises?: string;
  /** Its trigger lacks the measure the condition reads: calendared as a precaution, its silence no default. */
  readonly unknown?: boolean;
}

type Trigger = Ev<'IncidentDiscovered' | 'CorporateChangeOccurred' | 'ProductLaunched'>;

/** A trigger's id, the day it counts from, and the numbers it carries. */
const triggerOf = (e: Trigger) => ({
  id:
    e.type === 'IncidentDiscovered'
      ? e.data.incidentId
      : e.type === 'ProductLaunched'
        ? e.data.productId
        : e.data.changeId,
  on: (e.type !== 'IncidentDiscovered' ? e.data.occursOn : undefined) ?? eff(e),
  measures: {
    ...e.data.measures,
    ...(e.type === 'IncidentDiscovered' && e.data.usersAffected !== undefined
      ? { usersAffected: e.data.usersAffected }
      : {}),
  } as Record<string, number>,
});

/** Rule 5: the order in force on a day: within the term, not after a termination. */
const inForce = (w: World, day: string): boolean =>
  (w.termEndsOn === undefined || day <= w.termEndsOn) &&
  (w.end === undefined || day <= w.end.lastDay);

/**
 * Rule 5: from the imposition, in force; a duty due ahead of the fact (`due`, its deadline) also
 * when the fact was announced (`known`) while in force and the deadline fell by the end.
 */
const inReach = (w: World, d: Duty, on: string, known: string, due?: string): boolean =>
  on >= d.on && (inForce(w, on) || (due !== undefined && inForce(w, known) && inForce(w, due)));

/** Whether a trigger lacks the measure the condition reads. */
const unmeasured = (condition: Terms['condition'], measures: Record<string, number>): boolean =>
  condition !== undefined && measures[condition.measure] === undefined;

/** Rule 5: a missing measure counts (calendared as a precaution). */
const meets = (condition: Terms['condition'], measures: Record<string, number>): boolean =>
  !condition ||
  measures[condition.measure] === undefined ||
  compare(measures[condition.measure]!, condition.op, condition.value);

/** Rule 5: the triggers of a fact that count for a duty. */
const triggersFor = (
  w: World,
  d: Duty,
  fact: string,
  condition: Terms['condition'],
  ahead?: Period,
): { id: string; on: string; known: string; unknown: boolean }[] => {
  const seen = new Set<string>();
  const out: { id: string; on: string; known: string; unknown: boolean }[] = [];
  for (const e of byEff(
    ofType(w.log, 'IncidentDiscovered', 'CorporateChangeOccurred', 'ProductLaunched').filter(
      (x) => x.type === fact && eff(x) <= w.asOf,
    ),
  )) {
    const t = triggerOf(e);
    const known = eff(e);
    const due = ahead && aheadOf(w, t.on, ahead, arising(w, d, known));
    if (seen.has(t.id) || !inReach(w, d, t.on, known, due) || !meets(condition, t.measures))
      continue;
    seen.add(t.id);
    out.push({ id: t.id, on: t.on, known, unknown: unmeasured(condition, t.measures) });
  }
  return out;
};

/** The day a duty due ahead of a fact arose: the latest of its imposition, the entry and the day the fact became known. */
const arising = (w: World, d: Duty, known: string): string =>
  [known, d.on, ...(w.entered === undefined ? [] : [w.entered])].sort().at(-1)!;

/**
 * A deadline counted back from a fact (its nominal date rolled back), unless it falls before the
 * day the duty arose (`arises`): then that day, rolled forward by the rule of the nominal date.
 */
const backFrom = (w: World, nominal: string, arises: string): string => {
  const due = roll(nominal, ruleFor(w, nominal), w.closed, true);
  return due >= arises ? due : roll(arises, ruleFor(w, nominal), w.closed, false);
};

/** The deadline of a duty due `offset` ahead of a fact on `on`, arisen on `arises`. */
const aheadOf = (w: World, on: string, offset: Period, arises: string): string =>
  backFrom(w, plusPeriod(on, offset, -1), arises);

const compare = (a: number, op: string, b: number): boolean =>
  op === '>=' ? a >= b : op === '>' ? a > b : op === '<=' ? a <= b : op === '<' ? a < b : a === b;

type Sched = Terms['schedule'];

/** A recurrence's first date: its start, or a period after entry (none before entry). */
const firstOf = (w: World, s: Extract<Sched, { kind: 'recurring' }>): string | undefined =>
  'on' in s.start
    ? s.start.on
    : w.entered === undefined
      ? undefined
      : plusPeriod(w.entered, s.start.afterEntry);

const recurringSpecs = (w: World, s: Extract<Sched, { kind: 'recurring' }>): Spec[] => {
  const first = firstOf(w, s);
  if (first === undefined) return [];
  const last = [s.until, w.termEndsOn, w.horizon]
    .filter((x): x is string => x !== undefined)
    .sort()[0]!;
  const step = 'years' in s.every ? s.every.years * 12 : s.every.months;
  const out: Spec[] = [];
  for (let k = 0; ; k += 1) {
    const date = plusPeriod(first, { months: step * k } as Period); // from the start each time, never chained
    if (date > last) return out;
    out.push({ key: date, nominal: date, backward: false, ongoing: false });
  }
};

const anchoredSpecs = (
  w: World,
  d: Duty,
  s: Extract<Sched, { kind: 'after' | 'before' }>,
): Spec[] => {
  const a = s.anchor;
  if (a.kind === 'trigger') {
    const ahead = s.kind === 'before' ? s.offset : undefined;
    return triggersFor(w, d, a.fact, s.condition, ahead).map(({ id, on, known, unknown }) => ({
      key: id,
      trigger: id,
      ...(unknown ? { unknown } : {}),
      backward: s.kind === 'before',
      ongoing: false,
      ...(s.kind === 'before' ? { arises: arising(w, d, known) } : {}),
      nominal:
        s.kind === 'before'
          ? plusPeriod(on, s.offset, -1)
          : periodEnd(on, s.offset, ruleFor(w, on), w.closed),
    }));
  }
  const at =
    a.kind === 'order_entry'
      ? w.entered
      : a.kind === 'date'
        ? a.on
        : anchoredOn(w, d, a.obligationId, s.offset);
  return at === undefined || (w.termEndsOn !== undefined && at > w.termEndsOn)
    ? []
    : [
        {
          key: 'once',
          nominal: periodEnd(at, s.offset, ruleFor(w, at), w.closed),
          backward: false,
          ongoing: false,
        },
      ];
};

/** Rule 5 and the schedules: a schedule's occurrences as far as the horizon. */
const specsOf = (w: World, d: Duty, t: Terms): Spec[] => {
  const s = t.schedule;
  if (s.kind === 'once')
    return [{ key: 'once', nominal: s.dueOn, backward: false, ongoing: false }];
  if (s.kind === 'ongoing')
    return w.entered === undefined
      ? []
      : [
          {
            key: 'ongoing',
            nominal: w.entered > d.on ? w.entered : d.on,
            backward: false,
            ongoing: true,
          },
        ];
  return s.kind === 'recurring' ? recurringSpecs(w, s) : anchoredSpecs(w, d, s);
};

/**
 * Rule 4 for a duty counted from another's satisfaction: that satisfaction as of `asOf`, unless an
 * earlier one placed an occurrence due before a later change to the other duty (an amendment not
 * retroactive, a rejection of a submission filed for it) that came after this duty was imposed,
 * or an occurrence found breached before that change: then the earlier one stands (what fell due,
 * by its deadline held to the day the duty binds, stays due; a finding stands). The earlier one is read under the other
 * duty's text as it stands on `asOf`: a retroactive amendment rewrote its past too.
 */
const anchoredOn = (
  w: World,
  d: Duty,
  id: string,
  offset: Extract<Sched, { kind: 'after' }>['offset'],
): string | undefined => {
  const filedFor = new Set(
    ofType(w.log, 'SubmissionFiled')
      .filter((e) => e.data.obligationId === id)
      .map((e) => e.data.submissionId),
  );
  const changes = [
    ...ofType(w.log, 'ObligationAmended')
      .filter((a) => a.data.obligationId === id && a.data.retroactive !== true)
      .map(eff),
    ...ofType(w.log, 'SubmissionRejected')
      .filter((r) => filedFor.has(r.data.submissionId))
      .map(eff),
  ]
    .filter((c) => c <= w.asOf && c > d.on)
    .sort();
  for (const c of changes) {
    // The other duty the day before the change, under the text that governs it now (a retroactive
    // amendment known by `asOf` was its text from the start).
    const before = satisfiedOn({ ...w, asOf: plusDays(c, -1), retroactiveBy: w.asOf }, id);
    if (before === undefined) continue;
    const nominal = periodEnd(before, offset, ruleFor(w, before), w.closed);
    const spec: Spec = { key: 'once', nominal, backward: false, ongoing: false };
    // What fell due stays due (by its deadline held to the day the duty binds: one that bound only
    // after the change had not fallen due), as does what was found breached (a finding stands).
    if (scheduledDue(w, d, spec) < c || foundBy(w, d, 'once', c)) return before;
  }
  return satisfiedOn(w, id);
};

/**
 * Another duty's satisfaction date as of `asOf`: its single or first occurrence (by its latest
 * terms then), judged under the terms it is placed with (an amendment governs what falls due from
 * its date, so a later one leaves an earlier occurrence's satisfaction as it was), unless it counts
 * from a third duty's satisfaction itself.
 */
const satisfiedOn = (w: World, id: string): string | undefined => {
  const d = dutiesOf(w.log).find((x) => x.id === id && x.on <= w.asOf);
  if (!d) return undefined;
  const t = periods(w, d).at(-1)!.terms;
  const first = t.schedule.kind === 'recurring' ? firstOf(w, t.schedule) : undefined;
  const key =
    t.schedule.kind === 'ongoing'
      ? 'ongoing'
      : t.schedule.kind === 'recurring' // its first occurrence, met early or not
        ? (specsOf({ ...w, horizon: first ?? w.asOf }, d, t)[0]?.key ?? 'once')
        : 'once';
  const ev = evidenceOf(w.log, d, key, governing(w, d, key, first) ?? t, w.asOf);
  return ev?.kind === 'satisfied' ? ev.on : undefined;
};

/** The terms a duty's occurrence is placed with, when none of its schedules counts from another's satisfaction. */
const governing = (
  w: World,
  d: Duty,
  key: string,
  first: string | undefined,
): Terms | undefined => {
  const anchored = periods(w, d).some(
    (p) => p.terms.schedule.kind === 'after' && p.terms.schedule.anchor.kind === 'satisfaction',
  );
  return anchored
    ? undefined
    : place({ ...w, horizon: first ?? w.horizon }, d).find((p) => p.spec.key === key)?.terms;
};

export const dutiesOf = (log: readonly OrderEvent[]): Duty[] => {
  const out = new Map<string, Duty>();
  for (const e of ofType(log, 'ObligationImposed', 'InformationDemanded', 'PenaltyAssessed')) {
    const on = eff(e);
    const d: Duty =
      e.type === 'ObligationImposed'
        ? {
            id: e.data.obligationId,
            on,
            base: {
              kind: e.data.kind,
              schedule: e.data.schedule,
              amount: e.data.amount,
              requiresAcceptance: e.data.requiresAcceptance ?? false,
              evidenceRecord: e.data.evidenceRecord,
              tiers: e.data.stipulatedPenalties,
              interestBp: e.data.interest?.annualRateBasisPoints,
              principalFirst: e.data.interest?.paymentApplication === 'principal_first',
            },
          }
        : e.type === 'InformationDemanded'
          ? {
              id: e.data.demandId,
              on,
              base: {
                kind: 'cooperation',
                schedule: imposedSchedule(e),
                requiresAcceptance: false,
              },
            }
          : {
              id: e.data.penaltyId,
              on,
              base: {
                kind: 'payment',
                schedule: imposedSchedule(e),
                amount: e.data.amount,
                requiresAcceptance: false,
              },
            };
    if (!out.has(d.id)) out.set(d.id, d);
  }
  return [...out.values()];
};

/**
 * A spec's scheduled deadline: its nominal date rolled, held to the day its duty arose (rule 5) and
 * to the day it binds, the later of its imposition and the entry (rule 4): a deadline before it is
 * that day, rolled forward.
 */
const scheduledDue = (w: World, d: Duty, spec: Spec): string => {
  const due =
    spec.arises === undefined
      ? roll(spec.nominal, ruleFor(w, spec.nominal), w.closed, spec.backward)
      : backFrom(w, spec.nominal, spec.arises);
  return heldTo(w, d, spec, due, ruleFor(w, spec.nominal));
};

/**
 * Rules 4 and 5 for any deadline, a scheduled or an extended one: before the day the duty binds
 * (the later of its imposition and the entry) or arose, it is that day, rolled forward by `rule`.
 */
const heldTo = (w: World, d: Duty, spec: Spec, due: string, rule: Rule): string => {
  const binds = w.entered !== undefined && w.entered > d.on ? w.entered : d.on;
  const from = spec.arises !== undefined && spec.arises > binds ? spec.arises : binds;
  return due >= from ? due : roll(from, rule, w.closed, false);
};

/** Rule 4: a duty's occurrences, placed by period, with their governing terms and scheduled deadlines. */
const place = (w: World, d: Duty) => {
  const ps = periods(w, d);
  const lastOngoing = [...ps].reverse().find((p) => p.terms.schedule.kind === 'ongoing')?.terms;
  const keys = new Set<string>();
  const out: { spec: Spec; terms: Terms; due: string }[] = [];
  const held: { spec: Spec; terms: Terms; due: string }[] = [];
  // A held occurrence stands unless a period starting by its deadline places its key.
  const keepHeld = (before?: string) => {
    for (const x of held.splice(0)) {
      if (keys.has(x.spec.key)) continue;
      if (before !== undefined && x.due >= before) held.push(x);
      else {
        keys.add(x.spec.key);
        out.push(x);
      }
    }
  };
  ps.forEach((p, i) => {
    const next = ps[i + 1]?.from;
    keepHeld(p.from);
    for (const spec of specsOf(w, d, p.terms)) {
      if (keys.has(spec.key)) continue;
      if (spec.ongoing) {
        keys.add(spec.key);
        const due = spec.nominal > p.from ? spec.nominal : p.from;
        out.push({ spec: { ...spec, nominal: due }, terms: lastOngoing ?? p.terms, due });
        continue;
      }
      const due = scheduledDue(w, d, spec);
      if (i > 0 && due < p.from) continue;
      if (next !== undefined && due >= next) {
        // A finding before the later period holds the occurrence under the terms it breached.
        if (foundBy(w, d, spec.key, next)) held.push({ spec, terms: p.terms, due });
        continue;
      }
      keys.add(spec.key);
      out.push({ spec, terms: p.terms, due });
    }
  });
  keepHeld();
  return out;
};

/** Whether a violation of the duty's occurrence `key` was found effective before `date` (and by `asOf`). */
const foundBy = (w: World, d: Duty, key: string, date: string): boolean =>
  ofType(w.log, 'ViolationFound').some(
    (e) =>
      e.data.obligationId === d.id && keyOf(w.log, e) === key && eff(e) < date && eff(e) <= w.asOf,
  );

/** What a verdict reads: the occurrence, its deadline in force, and the day days late stop. */
interface Occ {
  readonly w: World;
  readonly d: Duty;
  readonly t: Terms;
  readonly spec: Spec;
  readonly id: string;
  readonly due: CalendarDate;
  /** Its scheduled deadline (before extensions): the order's evidence record is the one governing it. */
  readonly scheduled: string;
  readonly sup: Ev<'ObligationSuperseded'> | undefined;
}

/** Rule 7: days late to `through`, capped at the order's last day (not for payments) and at a supersession. */
const lateTo = (c: Occ, through: string, status: ModelOccurrenceStatus): ModelOccurrence => {
  const caps = [
    ...(c.w.end && c.t.kind !== 'payment' ? [c.w.end.lastDay] : []),
    ...(c.sup ? [eff(c.sup)] : []),
  ];
  const to = [through, ...caps].sort()[0]!;
  const n = between(c.due, to);
  return n > 0
    ? { id: c.id, status, dueOn: c.due, daysLate: n }
    : { id: c.id, status, dueOn: c.due };
};

const breach = (c: Occ): ModelOccurrence | undefined => {
  const { w, d, spec } = c;
  const found = ofType(w.log, 'ViolationFound').filter(
    (e) =>
      e.data.obligationId === d.id &&
      keyOf(w.log, e) === spec.key &&
      (e.data.period?.from ?? eff(e)) <= w.asOf, // breached from the violation's start (6.2)
  );
  const cured = new Set(
    ofType(w.log, 'ViolationCured')
      .filter((e) => eff(e) <= w.asOf)
      .map((e) => e.data.violationId),
  );
  if (!found.some((f) => !cured.has(f.data.violationId))) return undefined;
  if (spec.ongoing) return { id: c.id, status: 'breached', dueOn: c.due };
  // Rule 7: a waiver that excuses the occurrence stops its days late, finding or not.
  const waived = excused(c);
  if (waived) return { ...waived, status: 'breached' };
  const ev = evidenceOf(w.log, d, spec.key, c.t, w.asOf);
  // A finding or not, late to the first filing that stands, accepted or awaiting a decision; never
  // late when the duty no longer bound on its deadline (what `ended` reads without the finding).
  if (ev && ended(c)) return { id: c.id, status: 'breached', dueOn: c.due };
  if (ev) return lateTo(c, ev.on, 'breached');
  // On a partial record silence is no default: without a rejection no day is late, finding or not.
  return unverifiable(c)
    ? { id: c.id, status: 'breached', dueOn: c.due }
    : lateTo(c, w.asOf, 'breached');
};

/** Superseded by its own supersession, or no longer binding after the order's end (payments survive). */
const ended = (c: Occ): ModelOccurrence | undefined => {
  const { w, spec } = c;
  if (c.sup && (spec.ongoing || c.due >= eff(c.sup)))
    return { id: c.id, status: 'superseded', dueOn: c.due };
  // A money judgment survives the end; an installment of a recurring payment due after it does not.
  const survives = c.t.kind === 'payment' && c.t.schedule.kind !== 'recurring';
  if (!w.end || survives || (!spec.ongoing && c.due <= w.end.lastDay)) return undefined;
  return { id: c.id, status: w.end.kind === 'superseded' ? 'superseded' : 'waived', dueOn: c.due };
};

/**
 * Rule 6: the waivers in force on `asOf` for one occurrence (of its duty, or naming it); the one
 * that governs it is a retroactive one, else the one effective first (a later waiver cannot make
 * late what an earlier one already excused).
 */
export const waiversOf = (
  log: readonly OrderEvent[],
  dutyId: string,
  key: string,
  asOf: string,
): Ev<'ObligationWaived'>[] =>
  ofType(log, 'ObligationWaived').filter(
    (e) =>
      e.data.obligationId === dutyId &&
      (e.data.occurrence === undefined || e.data.occurrence === key) &&
      eff(e) <= asOf,
  );
/** Rule 6: an occurrence's waivers in the order they govern it: retroactive ones first, then by date. */
const governingOrder = (
  log: readonly OrderEvent[],
  dutyId: string,
  key: string,
  asOf: string,
): Ev<'ObligationWaived'>[] => {
  const all = byEff(waiversOf(log, dutyId, key, asOf));
  return [
    ...all.filter((e) => e.data.retroactive === true),
    ...all.filter((e) => e.data.retroactive !== true),
  ];
};

/** Superseded, ended, or waived: no longer due (rule 6). */
const gone = (c: Occ): ModelOccurrence | undefined => ended(c) ?? excused(c);

/**
 * Waived (rule 6) by the first of its waivers that excuses it: one it was due on or after, or is
 * ongoing under, or retroactive; or one it was unmet at, late to it (but on a partial record without
 * a rejection). A waiver it was met at leaves it to the next.
 */
const excused = (c: Occ): ModelOccurrence | undefined => {
  const { w, d, spec } = c;
  for (const waiver of governingOrder(w.log, d.id, spec.key, w.asOf)) {
    const x = excusedBy(c, waiver);
    if (x) return x;
  }
  return undefined;
};

const excusedBy = (c: Occ, waiver: Ev<'ObligationWaived'>): ModelOccurrence | undefined => {
  const { w, d, spec } = c;
  if (waiver.data.retroactive === true || spec.ongoing || c.due >= eff(waiver))
    return { id: c.id, status: 'waived', dueOn: c.due };
  const ev = evidenceOf(w.log, d, spec.key, c.t, eff(waiver), w.asOf);
  if (ev?.kind === 'satisfied') return undefined;
  // Filed by the waiver, awaiting acceptance then: late to the filing only, finding or not.
  if (ev) return lateTo(c, ev.on, 'waived');
  // Unverified until the waiver on a partial record: no day was late.
  return unverifiable(c)
    ? { id: c.id, status: 'waived', dueOn: c.due }
    : lateTo(c, eff(waiver), 'waived');
};

const unmet = (c: Occ): ModelOccurrence => {
  const { w } = c;
  const until = between(w.asOf, c.due);
  if (until >= 0)
    return { id: c.id, status: until <= w.warningDays ? 'due_soon' : 'upcoming', dueOn: c.due };
  return unverifiable(c)
    ? { id: c.id, status: 'unverified', dueOn: c.due }
    : lateTo(c, w.asOf, 'overdue');
};

/** A partial evidence record (the obligation's, else the order's) and no rejection on file. */
const unverifiable = (c: Occ): boolean => {
  const { w, t } = c;
  // A duty calendared as a precaution is as silent as a partial record: nothing says it arose.
  const partial =
    c.spec.unknown === true ||
    t.evidenceRecord === 'partial' ||
    (t.evidenceRecord === undefined && partialFor(w, c.scheduled));
  return partial && !rejected(w.log, c.d.id, c.spec.key, w.asOf);
};

/** An occurrence's deadlines in turn: the scheduled one, then each extension's (rolled), from the day it took effect. */
const deadlinesOf = (
  w: World,
  d: Duty,
  spec: Spec,
  scheduled: string,
): { dueOn: string; from?: string }[] => [
  { dueOn: scheduled },
  ...ofType(w.log, 'DeadlineExtended')
    .filter((e) => e.data.obligationId === d.id && keyOf(w.log, e) === spec.key && eff(e) <= w.asOf)
    .map((e) => {
      const rule = ruleFor(w, e.data.newDueOn);
      const dueOn = roll(e.data.newDueOn, rule, w.closed, spec.backward);
      return { dueOn: heldTo(w, d, spec, dueOn, rule), from: eff(e) };
    }),
];

/** Rule 6 and 7: one occurrence's verdict. */
const judge = (w: World, d: Duty, t: Terms, spec: Spec, scheduled: string): ModelOccurrence => {
  const due = deadlinesOf(w, d, spec, scheduled).at(-1)!.dueOn as CalendarDate;
  const c: Occ = {
    w,
    d,
    t,
    spec,
    id: `${d.id}/${spec.key}`,
    due,
    scheduled,
    sup: ofType(w.log, 'ObligationSuperseded').find(
      (e) => e.data.obligationId === d.id && eff(e) <= w.asOf,
    ),
  };
  if (w.end?.kind === 'vacated') return { id: c.id, status: 'void', dueOn: due };
  const verdict = breach(c) ?? gone(c);
  if (verdict) return verdict;
  if (spec.ongoing) return { id: c.id, status: 'in_force', dueOn: due };
  const ev = evidenceOf(w.log, d, spec.key, t, w.asOf);
  if (!ev) return unmet(c);
  return lateTo(
    c,
    ev.on,
    ev.kind === 'submitted' ? 'submitted' : ev.on <= due ? 'satisfied' : 'satisfied_late',
  );
};

/** What the exposure model reads of an occurrence besides its answer: its deadlines, its evidence's date, its silence. */
const forExposure = (w: World, d: Duty, spec: Spec, t: Terms, scheduled: string) => {
  const evidenceOn = evidenceOf(w.log, d, spec.key, t, w.asOf)?.on;
  const partial =
    spec.unknown === true ||
    t.evidenceRecord === 'partial' ||
    (t.evidenceRecord === undefined && partialFor(w, scheduled));
  return {
    deadlines: deadlinesOf(w, d, spec, scheduled),
    ...(evidenceOn === undefined ? {} : { evidenceOn }),
    silent: partial && evidenceOn === undefined && !rejected(w.log, d.id, spec.key, w.asOf),
  };
};

/** Rule 8. */
const rollUp = (w: World, os: readonly ModelOccurrence[]): ModelAnswer => {
  if (w.end)
    return {
      status: w.end.kind as ModelOrderStatus,
      occurrences: os,
      outstanding: os.filter((o) => ['overdue', 'unverified', 'breached'].includes(o.status))
        .length,
    };
  const has = (...ss: string[]) => os.some((o) => ss.includes(o.status));
  const alleged = os.some((o) => pendingAllegation(w.log, o.id, w.asOf));
  const status = has('overdue', 'breached')
    ? 'non_compliant'
    : has('unverified')
      ? 'unverified'
      : has('due_soon', 'submitted') || alleged
        ? 'at_risk'
        : 'compliant';
  return { status, occurrences: os };
};

/** The days the order declared closed by `asOf`. */
const closedDays = (log: readonly OrderEvent[], asOf: string): Set<string> => {
  const closed = new Set<string>();
  for (const c of ofType(log, 'ClosureDeclared').filter((e) => eff(e) <= asOf))
    for (
      let x: string = c.data.closedOn;
      x <= (c.data.through ?? c.data.closedOn);
      x = plusDays(x, 1)
    )
      closed.add(x);
  return closed;
};

/** The order's end by `asOf`: a termination then, or a term whose last day has passed. */
const endOf = (
  log: readonly OrderEvent[],
  termEndsOn: string | undefined,
  asOf: string,
): World['end'] => {
  const t = ofType(log, 'OrderTerminated').find((e) => eff(e) <= asOf);
  // Terminated after its term ran out, the order ended when the term did (unless vacated: void).
  const afterTerm = termEndsOn !== undefined && termEndsOn < (t ? eff(t) : '');
  if (t && (t.data.kind === 'vacated' || !afterTerm))
    return { kind: t.data.kind ?? 'terminated', lastDay: eff(t) };
  return termEndsOn !== undefined && termEndsOn < asOf
    ? { kind: 'expired', lastDay: termEndsOn }
    : undefined;
};

/**
 * The last day of the order's term on `asOf` (by the changes effective then, in effective order);
 * a change not marked retroactive ends it no earlier than the day before it takes effect.
 */
export const termEndOn = (log: readonly OrderEvent[], asOf: string): string | undefined => {
  let termEndsOn: string | undefined;
  for (const e of orderChanges(log, asOf)) {
    if (!('termEndsOn' in e.data) || e.data.termEndsOn === undefined) continue;
    const floor =
      'retroactive' in e.data && e.data.retroactive === true ? '' : plusDays(eff(e), -1);
    termEndsOn = e.data.termEndsOn < floor ? floor : e.data.termEndsOn;
  }
  return termEndsOn;
};

/** The world of one query: the order's terms, entry and end on `asOf`. */
const worldOf = (
  log: readonly OrderEvent[],
  filing: OrderEventOf<'OrderFiled'>,
  q: ModelQuery,
): World => {
  const termEndsOn = termEndOn(log, q.asOf);
  const entered = ofType(log, 'OrderEntered').find((e) => eff(e) <= q.asOf);
  const warningDays = q.warningDays ?? filing.data.warningDays ?? 30;
  return {
    log,
    asOf: q.asOf,
    horizon: plusDays(q.asOf, warningDays),
    warningDays,
    closed: closedDays(log, q.asOf),
    termEndsOn,
    entered: entered ? eff(entered) : undefined,
    end: endOf(log, termEndsOn, q.asOf),
  };
};

/**
 * Rule 9 (issue 19): who answers for an occurrence on `asOf`. An assignment effective by `asOf`
 * counts when it names this occurrence, or names the duty and took effect by the occurrence's
 * scheduled deadline (an ongoing duty: whenever); of those, the one effective last (ties: log
 * order). Changes govern forward: an occurrence due earlier keeps the owner it was due under.
 */
const ownerOn = (
  log: readonly OrderEvent[],
  dutyId: string,
  key: string,
  scheduled: string,
  asOf: string,
): string | undefined => {
  let owner: string | undefined;
  let since = '';
  for (const e of ofType(log, 'ObligationAssigned')) {
    if (e.data.obligationId !== dutyId || eff(e) > asOf) continue;
    const named = e.data.occurrence;
    const applies = named === undefined ? key === 'ongoing' || eff(e) <= scheduled : named === key;
    if (applies && eff(e) >= since) {
      owner = e.data.owner.email;
      since = eff(e);
    }
  }
  return owner;
};

/**
 * The order's status and every occurrence's on `q.asOf`, as known at `q.knownAt`, straight from
 * the recorded log; `undefined` when no filing of the order is known (the engine: `UnknownOrder`).
 */
export const referenceStatus = (
  facts: readonly RecordedFact[],
  q: ModelQuery,
  _deviations: EngineDeviations = {},
): ModelAnswer | undefined => {
  const log = liveLog(facts, q.knownAt);
  const filing = ofType(log, 'OrderFiled')[0];
  if (!filing) return undefined;
  const w = worldOf(log, filing, q);
  if (!w.end && w.entered === undefined) return { status: 'pending_entry', occurrences: [] };
  // Nothing binds before entry (design.md 6.3): an order that ended before it was entered lists nothing.
  const answers = dutiesOf(log)
    .filter((d) => d.on <= q.asOf && w.entered !== undefined)
    .flatMap((d) =>
      place(w, d).map((p) => ({
        ...judge(w, d, p.terms, p.spec, p.due),
        terms: p.terms,
        key: p.spec.key,
        obligationId: d.id,
        scheduledDueOn: p.due,
        ...forExposure(w, d, p.spec, p.terms, p.due),
        ...((o) => (o === undefined ? {} : { owner: o }))(
          ownerOn(log, d.id, p.spec.key, p.due, q.asOf),
        ),
      })),
    );
  const sorted = answers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rollUp(w, sorted);
};

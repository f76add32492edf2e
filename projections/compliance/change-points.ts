import {
  addDays,
  deadline,
  factKeyOf,
  findingFrom,
  maxDate,
  obligationOccurrences,
  occurrenceId,
  dutyBindsOn,
  ownEntry,
  RECORD_ONLY_FACTS,
  TriggerFact,
  triggerFactOf,
  scheduleContextOf,
  type CalendarDate,
  type Counting,
  type OccurrenceFacts,
  type OccurrenceSpec,
  type OrderState,
  type OrderEvent,
  type Schedule,
} from '../../domain/index.js';
import {
  obligationOccurrencesOn,
  occurrencePointOn,
  occurrencesOn,
  type OccurrencePointAnswer,
  type PlacedOccurrence,
} from './classify.js';
import type { ComplianceOptions, OccurrenceStatus, OrderStatus } from './compliance.types.js';
import { orderEndOn, type OrderEnd } from './order-end.js';
import { byDue } from './answer-order.js';
import { pendingEntry, warningDaysOf } from './order-status.js';

/** A value that holds from `from` until the day before the next segment starts (or the range's end). */
export interface Segment<T> {
  readonly from: CalendarDate;
  readonly value: T;
}

/** An occurrence's state between two change points; `absent` before it exists or after it stops being listed. */
export interface OccurrencePoint {
  readonly status: OccurrenceStatus | 'absent';
  readonly dueOn?: CalendarDate;
  readonly satisfiedOn?: CalendarDate;
  /** The day days late stopped running (the order's end, a waiver, a supersession), when they no longer run. */
  readonly lateThrough?: CalendarDate;
}

/** Status over time: each occurrence's and the order's, as piecewise-constant functions of the date. */
export interface OrderTimeline {
  readonly orderId: string;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly order: readonly Segment<OrderStatus>[];
  /** Each occurrence's lane by id, in the order it is first listed in the range: by date, and on one date as `orderStatusOn` lists them (by deadline, then id). */
  readonly occurrences: Readonly<
    Record<
      string,
      {
        readonly obligationId: string;
        readonly key: string;
        readonly title: string;
        readonly segments: readonly Segment<OccurrencePoint>[];
      }
    >
  >;
}

const FREEZING = new Set(['OrderTerminated', 'ObligationSuperseded', 'ObligationWaived']);

/**
 * Facts the state keeps for answers other than statuses (the docket, `explain`, an answer's owner)
 * and that no status reads: a petition or a motion and the ruling on it, an owner assigned. Like
 * the record-only ones, their dates are change points of nothing (the laws that make this right:
 * test/projections/status-silent.prop.spec.ts).
 */
export const STATUS_SILENT_FACTS: ReadonlySet<string> = new Set([
  'PetitionFiled',
  'PetitionDecided',
  'MotionDecided',
  'ObligationAssigned',
]);

/**
 * Facts that concern one occurrence alone (its evidence, the decision on it, its extension, a
 * violation of it): their dates are change points of that occurrence only. Every other fact but
 * the record-only ones (`RECORD_ONLY_FACTS`: the state keeps nothing of them that an answer reads)
 * and the status-silent ones (`STATUS_SILENT_FACTS`), whose dates are change points of nothing,
 * can change any answer of the order, so its date is a change point of all of them.
 */
const OCCURRENCE_FACTS = new Set([
  'PaymentMade',
  'SubmissionFiled',
  'SubmissionAccepted',
  'SubmissionRejected',
  'DeadlineExtended',
  'ViolationAlleged',
  'ViolationFound',
  'ViolationCured',
  'AllegationResolved',
]);

/** Obligations whose satisfaction places another's deadline ("N days after X is met"): facts of theirs move that duty too. */
const anchorObligations = (s: OrderState): Set<string> => {
  const anchors = new Set<string>();
  const note = (sch: Schedule | undefined) => {
    if (sch?.kind === 'after' && sch.anchor.kind === 'satisfaction')
      anchors.add(sch.anchor.obligationId);
  };
  for (const o of Object.values(s.obligations)) {
    note(o.terms.schedule);
    for (const a of o.amendments) note(a.changes.schedule);
  }
  return anchors;
};

/** The change points an order's facts make: dates for every answer, and dates for one occurrence each (by occurrence id). */
interface FactDates {
  readonly all: Set<CalendarDate>;
  readonly byOccurrence: Map<string, CalendarDate[]>;
  /** Dates of facts that concern some obligations alone (`LocalDates`), by obligation id. */
  readonly byObligation: Map<string, CalendarDate[]>;
}

/** Dates of one occurrence each, by occurrence id, and the ids of the events that gave them. */
class OwnDates {
  readonly byOccurrence = new Map<string, CalendarDate[]>();
  readonly events = new Set<string>();

  add(id: string, on: CalendarDate, eventId?: string): void {
    if (eventId !== undefined) this.events.add(eventId);
    const list = this.byOccurrence.get(id);
    if (list) list.push(on);
    else this.byOccurrence.set(id, [on]);
  }
}

/** The obligation an occurrence id (`obligation/key`) names. */
const obligationOf = (id: string): string => id.slice(0, id.indexOf('/'));

/**
 * The dates one occurrence's extensions give: each takes effect, and each deadline it can set
 * (rolled forward, or back for a deadline counted backward, "N days before" a fact; or held to the
 * day the duty binds, `extendedDeadline`) starts the warning window and the days late.
 */
const extensionDates = (
  own: OwnDates,
  s: OrderState,
  id: string,
  extensions: OccurrenceFacts['extensions'],
  countings: readonly Counting[],
  w: number,
): void => {
  const o = extensions.length > 0 ? ownEntry(s.obligations, obligationOf(id)) : undefined;
  const binds = o && dutyBindsOn(s, o, undefined);
  for (const x of extensions) {
    own.add(id, x.on, x.eventId);
    for (const c of countings)
      for (const d of [
        deadline(x.newDueOn, c),
        deadline(x.newDueOn, c, true),
        ...(binds ? [deadline(binds, c)] : []),
      ]) {
        own.add(id, addDays(d, -w));
        own.add(id, addDays(d, 1));
      }
  }
};

/** What the state files under each occurrence: evidence and the decisions on it, extensions (with the deadlines they roll to), violations (a finding also on the day its conduct began). */
const occurrenceDates = (s: OrderState, w: number): OwnDates => {
  const own = new OwnDates();
  const countings = [
    scheduleContextOf(s).counting,
    ...s.terms.flatMap((t) => (t.counting ? [t.counting] : [])),
  ];
  for (const [id, facts] of Object.entries(s.occurrences)) {
    for (const e of facts.evidence) {
      own.add(id, e.on, e.eventId);
      const decision =
        e.kind === 'submission' ? ownEntry(s.submissions, e.factId)?.decision : undefined;
      if (decision) own.add(id, decision.on, decision.eventId);
    }
    extensionDates(own, s, id, facts.extensions, countings, w);
  }
  for (const v of Object.values(s.violations)) {
    const id = occurrenceId(v.obligationId, v.occurrence);
    for (const f of [v.alleged, v.found, v.cured, v.resolved]) if (f) own.add(id, f.on, f.eventId);
    // A finding speaks from the violation's start, before or after its own date (`findingFrom`).
    if (v.found) own.add(id, findingFrom(v.found));
  }
  return own;
};

/** The obligation a fact adds to the order (imposed, an information demand, a penalty: the facts named in its `obligation` namespace), if it is one that does. */
const obligationAdded = (e: OrderEvent): string | undefined => {
  const fact = factKeyOf(e);
  return fact?.key.startsWith('obligation:')
    ? String((e.data as Record<string, unknown>)[fact.field])
    : undefined;
};

/**
 * Facts that concern some obligations alone, and their dates by obligation: a fact that adds an
 * obligation (its occurrences appear on the fact's date; nothing else reads it), and a triggering
 * fact (it adds occurrences to the obligations whose schedules count from its type, in any of
 * their terms, and to no other; one that no schedule counts from concerns none). Neither when an
 * obligation concerned is an anchor of another's deadline, nor for an obligation added by more
 * than one fact (the later would change the earlier's): those dates stay the whole order's.
 */
class LocalDates {
  readonly byObligation = new Map<string, CalendarDate[]>();
  readonly #s: OrderState;
  readonly #anchors: ReadonlySet<string>;
  readonly #byTrigger = new Map<string, string[]>();
  readonly #added = new Map<string, number>();

  constructor(s: OrderState, anchors: ReadonlySet<string>) {
    this.#s = s;
    this.#anchors = anchors;
    for (const o of Object.values(s.obligations)) {
      const facts = new Set(
        [o.terms.schedule, ...o.amendments.map((a) => a.changes.schedule)].map(triggerFactOf),
      );
      for (const fact of facts)
        if (fact !== undefined)
          (this.#byTrigger.get(fact) ?? this.#byTrigger.set(fact, []).get(fact)!).push(o.id);
    }
    for (const e of s.live) {
      const id = obligationAdded(e);
      if (id !== undefined) this.#added.set(id, (this.#added.get(id) ?? 0) + 1);
    }
  }

  /** Notes the fact's date for the obligations it concerns alone; false when it concerns the whole order. */
  add(e: OrderEvent): boolean {
    const on = e.metadata.effectiveOn;
    const added = obligationAdded(e);
    if (added !== undefined) {
      const o = ownEntry(this.#s.obligations, added);
      if (o?.eventId !== e.id || this.#added.get(added) !== 1 || this.#anchors.has(added))
        return false;
      this.#note(added, on);
      return true;
    }
    if (!TRIGGER_FACTS.has(e.type)) return false;
    const ids = this.#byTrigger.get(e.type) ?? [];
    if (ids.some((id) => this.#anchors.has(id))) return false;
    for (const id of ids) this.#note(id, on);
    return true;
  }

  #note(obligationId: string, on: CalendarDate): void {
    const list = this.byObligation.get(obligationId);
    if (list) list.push(on);
    else this.byObligation.set(obligationId, [on]);
  }
}

/** Facts that start a triggered duty's clock. */
const TRIGGER_FACTS: ReadonlySet<string> = new Set(TriggerFact.options);

/**
 * Every fact's date (but a record-only fact's), and the day after each ending or waiver (days late
 * stop on its date: the answer freezes the day after), split into dates of the whole order and
 * dates of one occurrence.
 * A fact is an occurrence's own only when the state files it under that occurrence; anything the
 * state does not account for that way counts for the whole order.
 */
const factDates = (s: OrderState, to: CalendarDate, w: number): FactDates => {
  const own = occurrenceDates(s, w);
  const all = new Set<CalendarDate>();
  const anchors = anchorObligations(s);
  const local = new LocalDates(s, anchors);
  for (const e of s.live) {
    // The state keeps nothing of it that an answer reads, or nothing that a status reads.
    if (RECORD_ONLY_FACTS.has(e.type) || STATUS_SILENT_FACTS.has(e.type)) continue;
    const on = e.metadata.effectiveOn;
    const ownFact = OCCURRENCE_FACTS.has(e.type) && own.events.has(e.id);
    if (!ownFact && !local.add(e)) all.add(on);
    if (FREEZING.has(e.type)) all.add(addDays(on, 1));
  }
  for (const t of s.terms) if (t.termEndsOn !== undefined) all.add(addDays(t.termEndsOn, 1));
  if (anchors.size > 0) anchorDates(s, anchors, own.byOccurrence, all, to, w);
  return { all, byOccurrence: own.byOccurrence, byObligation: local.byObligation };
};

/** What moves an anchor obligation moves the duties anchored on it: its facts and deadlines count for the whole order. */
const anchorDates = (
  s: OrderState,
  anchors: ReadonlySet<string>,
  byOccurrence: Map<string, CalendarDate[]>,
  all: Set<CalendarDate>,
  to: CalendarDate,
  w: number,
): void => {
  for (const [id, dates] of byOccurrence)
    if (anchors.has(obligationOf(id))) {
      for (const d of dates) all.add(d);
      byOccurrence.delete(id);
    }
  const horizon = addDays(to, w);
  for (const f of [...all, to])
    for (const id of anchors)
      for (const spec of obligationOccurrences(s, id, horizon, f))
        for (const d of deadlineDates(spec, w)) all.add(d);
};

/** The dates on which an occurrence's answer may change by time alone: its deadline's warning window, the deadline and the day after. */
const deadlineDates = (spec: OccurrenceSpec, w: number): CalendarDate[] => {
  const dates: CalendarDate[] = [];
  for (const d of spec.nominalDueOn === spec.dueOn
    ? [spec.dueOn]
    : [spec.nominalDueOn, spec.dueOn]) {
    // The deadline itself: a duty anchored on this one's satisfaction can place its first occurrence only from here.
    dates.push(addDays(d, -w), d, addDays(d, 1));
  }
  return dates;
};

/** The first day an occurrence placed by a later date is listed: a recurrence's comes into the warning window, anything else is listed whenever placed. */
const listedFrom = (p: PlacedOccurrence, w: number): CalendarDate | undefined =>
  p.terms.schedule.kind === 'recurring' ? addDays(p.spec.nominalDueOn, -w) : undefined;

/** The order's status from its occurrences' statuses, kept as counts (the roll-up of `rollUp`, one occurrence at a time). */
class RollUp {
  readonly #count = new Map<string, number>();
  #alleged = 0;
  readonly #current = new Map<string, OccurrencePointAnswer>();

  reset(answers: readonly OccurrencePointAnswer[]): void {
    this.#count.clear();
    this.#current.clear();
    this.#alleged = 0;
    for (const a of answers) this.set(a);
  }

  set(a: OccurrencePointAnswer): void {
    const prev = this.#current.get(a.id);
    if (prev) {
      this.#count.set(prev.status, this.#count.get(prev.status)! - 1);
      this.#alleged -= prev.pendingAllegations;
    }
    this.#current.set(a.id, a);
    this.#count.set(a.status, (this.#count.get(a.status) ?? 0) + 1);
    this.#alleged += a.pendingAllegations;
  }

  status(end: OrderEnd | undefined): OrderStatus {
    if (end) return end.kind;
    const n = (st: string) => this.#count.get(st) ?? 0;
    if (n('overdue') + n('breached') > 0) return 'non_compliant';
    if (n('unverified') > 0) return 'unverified';
    if (n('due_soon') + n('submitted') + this.#alleged > 0) return 'at_risk';
    return 'compliant';
  }
}

/**
 * An occurrence's change points as last computed, kept while it is placed by the same spec object
 * (a schedule's specs are memoised; a deadline moved by a change of counting is a new spec).
 */
interface OwnPoints {
  readonly spec: OccurrenceSpec;
  /** Its deadline's dates and its own facts' dates, each once. */
  readonly dates: readonly CalendarDate[];
  /** The first day it is listed, when placed by a later date (`listedFrom`). */
  readonly listed: CalendarDate | undefined;
}

/**
 * The facts in `(start, last]` that concern some obligations alone (`LocalDates`), by obligation:
 * on each such date the occurrences of those obligations are evaluated, and an occurrence first
 * placed then appears then (`appearances`).
 */
const localIn = (
  byObligation: ReadonlyMap<string, readonly CalendarDate[]>,
  start: CalendarDate,
  last: CalendarDate,
): Map<string, CalendarDate[]> => {
  const local = new Map<string, CalendarDate[]>();
  for (const [id, dates] of byObligation) {
    const inside = dates.filter((d) => d > start && d <= last);
    if (inside.length > 0) local.set(id, [...new Set(inside)].sort());
  }
  return local;
};

/**
 * The date in `(start, last]` on which a fact that concerns its obligation alone added each
 * occurrence: placed on that date and not the day before, though it would have been listed then
 * (an occurrence that comes into the warning window is listed from `listedFrom` instead).
 */
const appearances = (
  s: OrderState,
  local: ReadonlyMap<string, readonly CalendarDate[]>,
  w: number,
): Map<string, CalendarDate> => {
  const first = new Map<string, CalendarDate>();
  for (const [obligationId, dates] of local) {
    const o = ownEntry(s.obligations, obligationId);
    if (!o) continue;
    for (const d of dates) {
      const before = addDays(d, -1);
      const placed = new Set(obligationOccurrencesOn(s, o, before, w).map((p) => p.spec.key));
      for (const p of obligationOccurrencesOn(s, o, d, w)) {
        const id = occurrenceId(o.id, p.spec.key);
        const listed = listedFrom(p, w);
        if (placed.has(p.spec.key) || first.has(id) || (listed !== undefined && listed > before))
          continue;
        first.set(id, d);
      }
    }
  }
  return first;
};

/** A segment without facts of some obligations alone adds no occurrence. */
const NO_APPEARANCES: ReadonlyMap<string, CalendarDate> = new Map();

/** What happens inside one segment `(start, last]` besides each occurrence's own dates: facts of some obligations alone, and the occurrences they add. */
interface SegmentFacts {
  readonly local: ReadonlyMap<string, readonly CalendarDate[]>;
  readonly appears: ReadonlyMap<string, CalendarDate>;
}

/** An occurrence's deadline dates and own facts' dates, from `memo` while it is placed by the same spec. */
const ownPointsOf = (
  p: PlacedOccurrence,
  id: string,
  w: number,
  facts: FactDates,
  memo: Map<string, OwnPoints>,
): OwnPoints => {
  const kept = memo.get(id);
  if (kept !== undefined && kept.spec === p.spec) return kept;
  const dates = new Set([...deadlineDates(p.spec, w), ...(facts.byOccurrence.get(id) ?? [])]);
  const own = { spec: p.spec, dates: [...dates], listed: listedFrom(p, w) };
  memo.set(id, own);
  return own;
};

/**
 * The dates in `(start, last]` on which each occurrence placed by `last` is evaluated alone: its
 * deadline's and its own facts', and those of the facts that concern its obligation alone; none
 * before it is listed (`listedFrom`) or before a fact of its obligation added it. `memo` keeps each
 * occurrence's dates from one segment to the next.
 */
const ownChangePoints = (
  s: OrderState,
  start: CalendarDate,
  last: CalendarDate,
  w: number,
  facts: FactDates,
  memo: Map<string, OwnPoints>,
  segment: SegmentFacts,
): Map<CalendarDate, PlacedOccurrence[]> => {
  const due = new Map<CalendarDate, PlacedOccurrence[]>();
  for (const p of occurrencesOn(s, last, w)) {
    const id = occurrenceId(p.obligation.id, p.spec.key);
    const own = ownPointsOf(p, id, w, facts, memo);
    const appears = segment.appears.get(id);
    const listed = appears === undefined ? own.listed : maxDate(own.listed ?? appears, appears);
    const local = segment.local.get(p.obligation.id);
    const dates = local ? new Set([...own.dates, ...local]) : own.dates;
    for (const d of dates) {
      if (d <= start || d > last || (listed !== undefined && d < listed)) continue;
      const list = due.get(d);
      if (list) list.push(p);
      else due.set(d, [p]);
    }
  }
  return due;
};

/**
 * Status over `[from, to]` as change points. The whole order is evaluated only on the dates of
 * facts that concern all of it (entry, amendments, endings, term ends…); between two such dates,
 * each occurrence is evaluated alone, on its own change points (its deadline's window, its
 * evidence, decisions, extensions and violations), and the order's status is rolled up from the
 * occurrences' as they change. Never a fold per day, nor a re-evaluation of every occurrence per
 * change point.
 */
export const orderTimeline = (
  s: OrderState,
  from: CalendarDate,
  to: CalendarDate,
  options: ComplianceOptions = {},
): OrderTimeline => {
  const w = warningDaysOf(s, options);
  const facts = factDates(s, to, w);
  const starts = [from, ...[...facts.all].filter((d) => d > from && d <= to).sort()];
  const order: Segment<OrderStatus>[] = [];
  const orderIs = (d: CalendarDate, status: OrderStatus) => {
    if (order[order.length - 1]?.value !== status) order.push({ from: d, value: status });
  };
  const lanes = new Lanes(from);
  const rollUp = new RollUp();
  const own = new Map<string, OwnPoints>();
  starts.forEach((start, i) => {
    const last = i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : to;
    const end = orderEndOn(s, start);
    if (pendingEntry(s, start, end)) {
      orderIs(start, 'pending_entry');
      lanes.record(start, []);
      return;
    }
    // What `orderStatusOn` answers on `start`, reduced to its points (no reasons, citations or owners to build).
    const points = occurrencesOn(s, start, w)
      .map((p) => occurrencePointOn(s, p, start, w))
      .sort(byDue);
    rollUp.reset(points);
    orderIs(start, rollUp.status(end));
    lanes.record(start, points);
    if (last <= start) return;
    // No fact of the whole order takes effect in (start, last]: what is placed by `last` is placed
    // so throughout, but for what the facts of some obligations alone add on their dates.
    const local = localIn(facts.byObligation, start, last);
    const appears = local.size === 0 ? NO_APPEARANCES : appearances(s, local, w);
    const due = ownChangePoints(s, start, last, w, facts, own, { local, appears });
    for (const d of [...due.keys()].sort()) {
      // In the order an answer lists them: an occurrence first listed here gets its lane in that order.
      for (const a of due
        .get(d)!
        .map((p) => occurrencePointOn(s, p, d, w))
        .sort(byDue)) {
        rollUp.set(a);
        lanes.set(d, a);
      }
      orderIs(d, rollUp.status(end));
    }
  });
  return { orderId: s.orderId ?? '', from, to, order, occurrences: lanes.lanes };
};

const same = (a: OccurrencePoint, b: OccurrencePoint) =>
  a.status === b.status &&
  a.dueOn === b.dueOn &&
  a.satisfiedOn === b.satisfiedOn &&
  a.lateThrough === b.lateThrough;

type Lane = {
  obligationId: string;
  key: string;
  title: string;
  segments: Segment<OccurrencePoint>[];
};

/** Each occurrence's segments, extended one evaluated date at a time. */
class Lanes {
  readonly lanes: Record<string, Lane> = {};
  readonly #last = new Map<string, OccurrencePoint>();
  readonly #from: CalendarDate;
  constructor(from: CalendarDate) {
    this.#from = from;
  }

  /** Every occurrence listed on `d`; any other one with a lane is absent from `d`. */
  record(d: CalendarDate, answers: readonly OccurrencePointAnswer[]): void {
    const listed = new Set<string>();
    for (const o of answers) {
      listed.add(o.id);
      this.set(d, o);
    }
    for (const [id, prev] of this.#last)
      if (!listed.has(id) && prev.status !== 'absent') this.#push(d, id, { status: 'absent' });
  }

  /** One occurrence's answer on `d`. */
  set(d: CalendarDate, o: OccurrencePointAnswer): void {
    this.#push(
      d,
      o.id,
      {
        status: o.status,
        dueOn: o.dueOn,
        ...(o.satisfiedOn !== undefined ? { satisfiedOn: o.satisfiedOn } : {}),
        ...(o.lateThrough !== undefined ? { lateThrough: o.lateThrough } : {}),
      },
      o,
    );
  }

  #push(d: CalendarDate, id: string, point: OccurrencePoint, o?: OccurrencePointAnswer): void {
    const lane = (this.lanes[id] ??= {
      obligationId: o?.obligationId ?? '',
      key: o?.key ?? '',
      title: o?.title ?? '',
      segments: d > this.#from ? [{ from: this.#from, value: { status: 'absent' } }] : [],
    });
    const prev = this.#last.get(id);
    if (prev && same(prev, point)) return;
    lane.segments.push({ from: d, value: point });
    this.#last.set(id, point);
  }
}

/** The value of a piecewise-constant function on `date` (binary search), or undefined before its first segment. */
export const valueOn = <T>(segments: readonly Segment<T>[], date: CalendarDate): T | undefined => {
  let lo = 0;
  let hi = segments.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = segments[mid]!;
    if (seg.from <= date) {
      found = seg.value;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
};

/** The first date in the timeline on which `predicate` holds, if any. */
export const firstDate = <T>(
  segments: readonly Segment<T>[],
  predicate: (v: T) => boolean,
): CalendarDate | undefined => segments.find((s) => predicate(s.value))?.from;

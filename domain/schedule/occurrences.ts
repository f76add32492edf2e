import { deadline, periodEnd, type Counting } from '../calendar/business-days.js';
import { addOffset, compareDates, maxDate } from '../calendar/calendar.js';
import type { CalendarDate } from '../shared/primitives.js';
import type { Anchor, Offset, Schedule, TriggerCondition, TriggerFact } from './schedule.schema.js';
import {
  earliestDefined,
  isRecurrenceDate,
  recurrenceDates,
  recurrenceStart,
} from './recurrence.js';

/** What a schedule needs to know about its order to place its occurrences (all as of one moment). */
export interface ScheduleContext {
  /** The order's entry: starts the clocks. Undefined before entry. */
  readonly enteredOn?: CalendarDate;
  /** The last day of the order's term (inclusive), if it has one. */
  readonly termEndsOn?: CalendarDate;
  /** The order's day-counting rule (with the closures it declared). */
  readonly counting: Counting;
  /**
   * When another obligation was satisfied, for 'satisfaction' anchors; undefined if it is not. Given
   * the deadline an anchor date gives (`dueFrom`) and the anchored duty's imposition (`since`), an
   * earlier satisfaction stands where the occurrence it placed fell due (or was found breached:
   * `foundBefore`) before an amendment or a rejection undid or moved it.
   */
  readonly satisfiedOn: (
    obligationId: string,
    dueFrom?: (anchoredOn: CalendarDate) => CalendarDate,
    since?: CalendarDate,
    foundBefore?: (date: CalendarDate) => boolean,
  ) => CalendarDate | undefined;
  /**
   * Whether the anchored duty's occurrence was found breached before `date` (by the date asked): a
   * finding stands (design.md 6.1), so the satisfaction that placed it stands through a later change.
   */
  readonly foundBefore?: (date: CalendarDate) => boolean;
  /** The trigger facts of a type, in effective order, for 'trigger' anchors, with the numbers they carry. */
  readonly triggers: (fact: TriggerFact) => readonly {
    readonly id: string;
    readonly on: CalendarDate;
    readonly occursOn?: CalendarDate | undefined;
    readonly measures?: Readonly<Record<string, number>> | undefined;
  }[];
  /** The obligation's imposition: a trigger effective before it creates no duty (design.md 6.1). */
  readonly since?: CalendarDate | undefined;
  /** The order's end by termination, if any: a trigger effective after it creates no duty. */
  readonly endedOn?: CalendarDate | undefined;
  /** The day counting that governs a period running from an event on `date` (the one in force then); `counting` when absent. */
  readonly countingOn?: ((date: CalendarDate) => Counting) | undefined;
}

/** One occurrence of an obligation: its stable key, its nominal due date and its (rolled) deadline. */
export interface OccurrenceSpec {
  /** `once`, `ongoing`, the trigger fact's id, or the nominal date `YYYY-MM-DD` of a recurrence. */
  readonly key: string;
  /** The due date the rule states, before any roll-forward. */
  readonly nominalDueOn: CalendarDate;
  /** The deadline: `nominalDueOn` rolled to a business day when the order's counting says so. */
  readonly dueOn: CalendarDate;
  /** The fact that triggered this occurrence, for schedules anchored on a trigger. */
  readonly triggerId?: string;
  /** That fact's type (fact ids are unique per type only: an incident and a change may share one). */
  readonly triggerFact?: TriggerFact;
  /** Counted backward from its anchor ('before' schedules): rolls to the previous business day. */
  readonly backward?: true;
  /** Why the occurrence exists although its condition could not be evaluated (the fact lacks the measure). */
  readonly note?: string;
  /**
   * The day the duty to act arose: the later of the obligation's imposition and the order's entry
   * (set when a deadline falls before it) and, counted back from a trigger, the day the trigger
   * became known. No duty can fall due before it binds, nor a notice before the change it
   * announces is known, so a deadline that falls on an earlier day is due on this one instead
   * (`dueOnArising`), rolled forward like any deadline.
   */
  readonly arisesOn?: CalendarDate;
  /** The deadline counted back fell before `arisesOn`: `dueOn` is that day, rolled forward. */
  readonly dueOnArising?: true;
}

/**
 * A spec with its deadline: `rolled` (the nominal date rolled under `counting`), or, when that is
 * before the day the duty arose (its `arisesOn`, or `binds`: the day the duty binds, the later of
 * its imposition and the order's entry), that day rolled forward.
 */
export const withDeadline = (
  spec: OccurrenceSpec,
  rolled: CalendarDate,
  counting: Counting,
  binds?: CalendarDate,
): OccurrenceSpec => {
  const own = spec.arisesOn;
  const arises = own === undefined ? binds : binds === undefined ? own : maxDate(own, binds);
  if (arises === undefined || compareDates(rolled, arises) >= 0) {
    if (spec.dueOnArising === undefined)
      return spec.dueOn === rolled ? spec : { ...spec, dueOn: rolled };
    const { dueOnArising: _, ...rest } = spec;
    return { ...rest, dueOn: rolled };
  }
  const dueOn = deadline(arises, counting);
  return spec.dueOn === dueOn && spec.dueOnArising === true && own === arises
    ? spec
    : { ...spec, dueOn, dueOnArising: true, arisesOn: arises };
};

type After = Extract<Schedule, { kind: 'after' | 'before' }>;
type Recurring = Extract<Schedule, { kind: 'recurring' }>;

const due = (key: string, nominalDueOn: CalendarDate, ctx: ScheduleContext): OccurrenceSpec => ({
  key,
  nominalDueOn,
  dueOn: deadline(nominalDueOn, ctx.counting),
});

const withinTerm = (date: CalendarDate, ctx: ScheduleContext): boolean =>
  ctx.termEndsOn === undefined || compareDates(date, ctx.termEndsOn) <= 0;

/** The nominal due date a period after `on` gives, counted by the rule in force for a period from `on`. */
const periodAfter = (on: CalendarDate, offset: Offset, ctx: ScheduleContext): CalendarDate =>
  periodEnd(on, offset, ctx.countingOn?.(on) ?? ctx.counting);

/** The day a duty binds: the later of its imposition (`since`) and the order's entry, where known. */
const bindsOn = (ctx: ScheduleContext): CalendarDate | undefined =>
  ctx.since === undefined || ctx.enteredOn === undefined
    ? (ctx.since ?? ctx.enteredOn)
    : maxDate(ctx.since, ctx.enteredOn);

/**
 * When the obligation a 'satisfaction' anchor names was satisfied, for the schedule `offset` after
 * it: an earlier satisfaction stands for an occurrence that fell due before a change undid it. Its
 * deadline is the one it is placed with, held to the day the duty binds (`withDeadline`): one that
 * bound only after the change had not fallen due before it.
 */
export const anchoredSatisfaction = (
  anchor: Extract<Anchor, { kind: 'satisfaction' }>,
  offset: Offset,
  ctx: ScheduleContext,
): CalendarDate | undefined =>
  ctx.satisfiedOn(
    anchor.obligationId,
    (on) => {
      const nominal = periodAfter(on, offset, ctx);
      const counting = ctx.countingOn?.(nominal) ?? ctx.counting;
      const rolled = deadline(nominal, counting);
      const spec = { key: 'once', nominalDueOn: nominal, dueOn: rolled };
      return withDeadline(spec, rolled, counting, bindsOn(ctx)).dueOn;
    },
    ctx.since,
    ctx.foundBefore,
  );

const anchorDate = (
  anchor: Exclude<Anchor, { kind: 'trigger' }>,
  offset: Offset,
  ctx: ScheduleContext,
): CalendarDate | undefined =>
  anchor.kind === 'order_entry'
    ? ctx.enteredOn
    : anchor.kind === 'date'
      ? anchor.on
      : anchoredSatisfaction(anchor, offset, ctx);

const OPS: Readonly<Record<TriggerCondition['op'], (a: number, b: number) => boolean>> = {
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '<': (a, b) => a < b,
  '=': (a, b) => a === b,
};

/**
 * Whether a trigger meets an obligation's condition: true or false when it carries the measure;
 * 'unknown' when it does not (the duty is then calendared as a precaution, with a note).
 */
export const meetsCondition = (
  condition: TriggerCondition | undefined,
  measures: Readonly<Record<string, number>> | undefined,
): boolean | 'unknown' => {
  if (condition === undefined) return true;
  const value =
    measures !== undefined && Object.prototype.hasOwnProperty.call(measures, condition.measure)
      ? measures[condition.measure]
      : undefined;
  return value === undefined ? 'unknown' : OPS[condition.op](value, condition.value);
};

/** Whether the order is in force on `date`: within its term and not after a termination. */
const inForceOn = (date: CalendarDate, ctx: ScheduleContext): boolean =>
  withinTerm(date, ctx) && (ctx.endedOn === undefined || compareDates(date, ctx.endedOn) <= 0);

/**
 * Whether a trigger on `on` (recorded effective `known`) counts for the occurrence `spec` it
 * creates: on or after the obligation's imposition, while the order is in force (within the term,
 * not after a termination), unless the duty is due ahead of the fact ('before'), the fact was
 * announced while the order was in force and its deadline fell by then: the end of an order, by
 * its term's last day or a termination, governs forward, and a notice that fell due while the order
 * was in force stays due, with what accrued (design.md 6.1, the end of an order).
 */
const triggerCounts = (
  on: CalendarDate,
  known: CalendarDate,
  spec: OccurrenceSpec,
  ctx: ScheduleContext,
): boolean =>
  (ctx.since === undefined || on >= ctx.since) &&
  (inForceOn(on, ctx) ||
    (spec.backward === true && inForceOn(known, ctx) && inForceOn(spec.dueOn, ctx)));

/** The occurrence one counted trigger creates: due a period after it (or, 'before', ahead of it), noting a condition it could not evaluate. */
const triggeredSpec = (
  schedule: After,
  ctx: ScheduleContext,
  id: string,
  [on, known]: readonly [CalendarDate, CalendarDate],
  unknown: boolean,
  fact: TriggerFact,
): OccurrenceSpec => {
  const backward = schedule.kind === 'before';
  const nominal = backward
    ? subtractOffset(on, schedule.offset)
    : periodEnd(on, schedule.offset, ctx.countingOn?.(on) ?? ctx.counting);
  const rolled = deadline(nominal, ctx.counting, backward);
  const spec = backward
    ? withDeadline(
        {
          key: id,
          nominalDueOn: nominal,
          dueOn: rolled,
          triggerId: id,
          triggerFact: fact,
          backward: true,
          arisesOn: maxDate(known, bindsOn(ctx) ?? known),
        },
        rolled,
        ctx.counting,
      )
    : { key: id, nominalDueOn: nominal, dueOn: rolled, triggerId: id, triggerFact: fact };
  return unknown
    ? {
        ...spec,
        note: `condition not evaluated: ${schedule.condition?.measure ?? ''} not recorded on ${id}; calendared as a precaution`,
      }
    : spec;
};

const triggered = (
  schedule: After & { anchor: { kind: 'trigger' } },
  ctx: ScheduleContext,
): OccurrenceSpec[] => {
  const seen = new Set<string>();
  const specs: OccurrenceSpec[] = [];
  for (const { id, on: known, occursOn, measures } of ctx.triggers(schedule.anchor.fact)) {
    const on = occursOn ?? known; // a change recorded ahead of the day it takes effect counts from that day
    if (seen.has(id)) continue; // a fact re-reported under its id counts once
    const meets = meetsCondition(schedule.condition, measures);
    if (meets === false) continue;
    const spec = triggeredSpec(
      schedule,
      ctx,
      id,
      [on, known],
      meets === 'unknown',
      schedule.anchor.fact,
    );
    if (!triggerCounts(on, known, spec, ctx)) continue;
    seen.add(id);
    specs.push(spec);
  }
  return specs;
};

/** `date` minus a period of days, months or years (months constrain to the end of a shorter month). */
const subtractOffset = (date: CalendarDate, offset: Offset): CalendarDate =>
  addOffset(
    date,
    'days' in offset
      ? { days: -offset.days }
      : 'months' in offset
        ? { months: -offset.months }
        : { years: -offset.years },
  );

const afterAnchor = (schedule: After, ctx: ScheduleContext): OccurrenceSpec[] => {
  const { anchor, offset } = schedule;
  if (anchor.kind === 'trigger') return triggered({ ...schedule, anchor }, ctx);
  const on = anchorDate(anchor, offset, ctx);
  return on === undefined || !withinTerm(on, ctx)
    ? []
    : [due('once', periodAfter(on, offset, ctx), ctx)];
};

const recurrenceBounds = (schedule: Recurring, ctx: RecurrenceContext) => ({
  first: recurrenceStart(schedule.start, ctx.enteredOn),
  last: earliestDefined(schedule.until, ctx.termEndsOn),
});

const recurring = (
  schedule: Recurring,
  ctx: ScheduleContext,
  horizon: CalendarDate,
): OccurrenceSpec[] => {
  const { first, last } = recurrenceBounds(schedule, ctx);
  if (first === undefined) return [];
  const dates = recurrenceDates(first, schedule.every, earliestDefined(last, horizon));
  return Array.from(dates, (date) => due(date, date, ctx));
};

/** A prohibition is in force from entry: its one occurrence is the entry date itself, never rolled. */
const ongoing = (ctx: ScheduleContext): OccurrenceSpec[] =>
  ctx.enteredOn === undefined
    ? []
    : [{ key: 'ongoing', nominalDueOn: ctx.enteredOn, dueOn: ctx.enteredOn }];

type Single = Exclude<Schedule, { kind: 'recurring' }>;

const single = (schedule: Single, ctx: ScheduleContext): OccurrenceSpec[] => {
  switch (schedule.kind) {
    case 'once':
      return [due('once', schedule.dueOn, ctx)];
    case 'after':
    case 'before':
      return afterAnchor(schedule, ctx);
    case 'ongoing':
      return ongoing(ctx);
  }
};

/**
 * The occurrences of a schedule as far as `horizon`. Only a recurrence has unboundedly many, so
 * the horizon bounds only 'recurring' schedules: their nominal dates run from the start while
 * ≤ horizon and ≤ the earlier of `until` and the term's end (see `recurrenceDates` for how month
 * ends recur). 'once', 'after' (one per trigger fact, in the facts' order) and 'ongoing' yield
 * their occurrences whatever the horizon, once their anchor exists; an anchor or trigger
 * effective after the term's end yields none. Keys are stable across horizons, so a longer
 * horizon only appends.
 * @example occurrences({ kind: 'after', anchor: { kind: 'order_entry' }, offset: { days: 180 } },
 *   { enteredOn: d('2022-05-26'), counting: { rollForward: true }, satisfiedOn: () => undefined, triggers: () => [] },
 *   d('2022-05-26')) // [{ key: 'once', nominalDueOn: '2022-11-22', dueOn: '2022-11-22' }]
 */
export const occurrences = (
  schedule: Schedule,
  ctx: ScheduleContext,
  horizon: CalendarDate,
): OccurrenceSpec[] =>
  schedule.kind === 'recurring' ? recurring(schedule, ctx, horizon) : single(schedule, ctx);

/**
 * Whether `key` names an occurrence of the schedule at any horizon up to the term's end; for an
 * open-ended recurrence, whether the rule ever generates that nominal date.
 */
export const isOccurrenceKey = (schedule: Schedule, ctx: ScheduleContext, key: string): boolean =>
  schedule.kind === 'recurring'
    ? isRecurringKey(schedule, ctx, key)
    : single(schedule, ctx).some((o) => o.key === key);

/** What a recurrence reads of its context: the entry date and the term's end (undefined when there is none). */
export interface RecurrenceContext {
  readonly enteredOn?: CalendarDate | undefined;
  readonly termEndsOn?: CalendarDate | undefined;
}

/** `isOccurrenceKey` of a recurring schedule, which reads only the entry date and the term's end of its context. */
export const isRecurringKey = (
  schedule: Recurring,
  ctx: RecurrenceContext,
  key: string,
): boolean => {
  const { first, last } = recurrenceBounds(schedule, ctx);
  return first !== undefined && isRecurrenceDate(key, first, schedule.every, last);
};

// Memos behind the status queries. Order states, their records and obligation schedules are
// immutable (every fold step copies what it changes), so what is derived from one of them is kept
// on that very object (`objectMemo`): it is reused by every later question about the same order
// and goes when the object does. Every memo here answers exactly what the uncached
// computation would; test/projections/compliance-cache.prop.spec.ts checks warm against cold.
import {
  addDays,
  occurrences,
  ruleOf,
  scheduleSpecs,
  triggerFactOf,
  type CalendarDate,
  type Counting,
  type ObligationState,
  type OccurrenceSpec,
  type OrderState,
  type Schedule,
  type ScheduleContext,
  type ViolationState,
} from '../../domain/index.js';
import { anchoredSatisfaction } from '../../domain/schedule/occurrences.js';
import { objectMemo, type ObjectMemo } from '../../domain/shared/object-memo.js';

/** A recurring schedule: the only kind whose occurrences grow with the horizon. */
export type RecurringSchedule = Extract<Schedule, { kind: 'recurring' }>;

/** Occurrences of one recurrence in one context, generated as far as `upTo` (to its end when `upTo` is undefined). */
interface Series {
  readonly specs: readonly OccurrenceSpec[];
  readonly upTo: CalendarDate | undefined;
}

// The day counting places deadlines by its rule and the order's declared closures; a new field fails to compile here until `countingKey` keys by it.
const _countingFieldsKeyed: Exclude<
  keyof Counting,
  'rollForward' | 'rule' | 'closures'
> extends never
  ? true
  : false = true;

/** A schedule context's day counting as text, for a memo key. */
const countingKey = (counting: Counting): string =>
  `${ruleOf(counting)}${counting.closures && counting.closures.size > 0 ? `+${[...counting.closures].sort().join(',')}` : ''}`;

/** The memo of one schedule object: one map per schedule, keyed by the context it reads, as text. */
const memoFor = <S extends object, V>(
  memos: ObjectMemo<S, Map<string, V>>,
  schedule: S,
): Map<string, V> => {
  let memo = memos.get(schedule);
  if (!memo) memos.set(schedule, (memo = new Map()));
  return memo;
};

// schedule → `${counting}|${enteredOn}|${termEndsOn}` → series: a recurrence's occurrences
// depend on nothing else in its context (no anchor, no trigger).
const seriesMemo = objectMemo<RecurringSchedule, Map<string, Series>>('decree.recurrenceSeries');

/** How far past the horizon asked a series is regenerated once a first generation fell short (an order's term is rarely longer). */
const EXTEND_AHEAD_DAYS = 25 * 366;

/** The last nominal date a recurrence can reach in a context: the earlier of its `until` and the term's end. */
const lastNominal = (
  schedule: RecurringSchedule,
  ctx: ScheduleContext,
): CalendarDate | undefined => {
  const { until } = schedule;
  const end = ctx.termEndsOn;
  return until === undefined ? end : end === undefined || until < end ? until : end;
};

/** How many of `specs` (in increasing nominal date) fall on or before `horizon`. */
const countUpTo = (specs: readonly OccurrenceSpec[], horizon: CalendarDate): number => {
  let lo = 0;
  let hi = specs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (specs[mid]!.nominalDueOn <= horizon) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * `occurrences(schedule, ctx, horizon)` for a recurring schedule, memoised per schedule and
 * context: a longer horizon only appends (the keys are stable), so one series generated far
 * enough answers every shorter horizon by its prefix.
 */
/** `EXTEND_AHEAD_DAYS` after a horizon; near the end of four-digit years just the horizon (generating further would pass year 9999). */
const aheadOf = (horizon: CalendarDate): CalendarDate =>
  horizon >= LAST_FAR_HORIZON ? horizon : addDays(horizon, EXTEND_AHEAD_DAYS);
const LAST_FAR_HORIZON = '9974-01-01' as CalendarDate; // from here, EXTEND_AHEAD_DAYS more would pass 9999-12-31

const recurringOccurrences = (
  schedule: RecurringSchedule,
  ctx: ScheduleContext,
  horizon: CalendarDate,
): readonly OccurrenceSpec[] => {
  const memo = memoFor(seriesMemo, schedule);
  const key = `${countingKey(ctx.counting)}|${ctx.enteredOn ?? ''}|${ctx.termEndsOn ?? ''}`;
  let series = memo.get(key);
  if (!series || (series.upTo !== undefined && series.upTo < horizon)) {
    // The first question generates only as far as it needs; a later one that needs more generates well ahead.
    const target = series ? aheadOf(horizon) : horizon;
    const last = lastNominal(schedule, ctx);
    const complete = last !== undefined && last <= target;
    series = {
      specs: occurrences(schedule, ctx, complete ? last : target),
      upTo: complete ? undefined : target,
    };
    memo.set(key, series);
  }
  const n = series.upTo === horizon ? series.specs.length : countUpTo(series.specs, horizon);
  return n === series.specs.length ? series.specs : series.specs.slice(0, n);
};

type SingleSchedule = Exclude<Schedule, { kind: 'recurring' }>;

/** A period from an event is counted by the rule in force on the event's date: that rule is part of a memo key. */
const periodRuleKey = (
  schedule: SingleSchedule,
  ctx: ScheduleContext,
  anchoredOn: CalendarDate | undefined,
): string => {
  if (schedule.kind !== 'after' || !ctx.countingOn) return '';
  const a = schedule.anchor;
  const event = a.kind === 'order_entry' ? ctx.enteredOn : a.kind === 'date' ? a.on : anchoredOn;
  return event === undefined ? '' : countingKey(ctx.countingOn(event));
};

// schedule → `${counting}|${enteredOn}|${termEndsOn}|${anchor satisfied on}|${imposed on}` → occurrences.
const singleMemo = objectMemo<SingleSchedule, Map<string, readonly OccurrenceSpec[]>>(
  'decree.scheduleSpecs',
);

/**
 * `scheduleSpecs(obligation, schedule, ctx, horizon)`: one schedule of an obligation (one period of
 * its terms) placed in the obligation's schedule context (`obligationContext`, built once per
 * question rather than once per obligation). A recurrence's series is memoised (it is
 * most of the work); so is the one occurrence of a 'once', 'ongoing' or non-trigger 'after'
 * schedule, which depends only on the entry, the term's end, the day counting, the anchor's
 * satisfaction and the imposition date, whatever the horizon. A trigger-anchored schedule (one
 * occurrence per fact seen by then) is placed afresh.
 */
export const obligationSpecs = (
  obligation: ObligationState,
  schedule: Schedule,
  ctx: ScheduleContext,
  horizon: CalendarDate,
): readonly OccurrenceSpec[] => {
  if (schedule.kind === 'recurring') return recurringOccurrences(schedule, ctx, horizon);
  if (triggerFactOf(schedule) !== undefined) return occurrences(schedule, ctx, horizon);
  const anchoredOn =
    schedule.kind === 'after' && schedule.anchor.kind === 'satisfaction'
      ? anchoredSatisfaction(schedule.anchor, schedule.offset, ctx)
      : undefined;
  const memo = memoFor(singleMemo, schedule);
  const key = `${countingKey(ctx.counting)}|${ctx.enteredOn ?? ''}|${ctx.termEndsOn ?? ''}|${anchoredOn ?? ''}|${obligation.on}|${periodRuleKey(schedule, ctx, anchoredOn)}`;
  let specs = memo.get(key);
  if (!specs) {
    // Only an ongoing obligation's placement needs the obligation itself (its imposition date), which the domain applies.
    specs = scheduleSpecs(obligation, schedule, ctx, horizon);
    memo.set(key, specs);
  }
  return specs;
};

/** Items of an immutable record grouped into lists by key (in record order), built once per record object. */
const groupedOnce = <R extends object, T, V>(
  memo: ObjectMemo<R, Map<string, V[]>>,
  record: R,
  items: (r: R) => Iterable<T>,
  keyOf: (t: T) => string,
  valueOf: (t: T) => V,
): Map<string, V[]> => {
  let index = memo.get(record);
  if (!index) {
    index = new Map();
    for (const t of items(record)) {
      const key = keyOf(t);
      const list = index.get(key);
      if (list) list.push(valueOf(t));
      else index.set(key, [valueOf(t)]);
    }
    memo.set(record, index);
  }
  return index;
};

const violationsMemo = objectMemo<OrderState['violations'], Map<string, ViolationState[]>>(
  'decree.violationsByOccurrence',
);

/** An order's violations by the occurrence they concern (`<obligationId>/<key>`), each list in record order. */
export const violationsByOccurrence = (
  s: Pick<OrderState, 'violations'>,
): ReadonlyMap<string, readonly ViolationState[]> =>
  groupedOnce(
    violationsMemo,
    s.violations,
    (r) => Object.values(r),
    (v) => `${v.obligationId}/${v.occurrence}`,
    (v) => v,
  );

const triggersMemo = objectMemo<OrderState['triggers'], Map<string, string[]>>(
  'decree.triggerEventIds',
);

/** The key of a trigger fact in `triggerEventIds`: its type and id (ids are unique per type only). */
export const triggerKey = (fact: string, id: string): string => `${fact}/${id}`;

/** The ids of the events that reported each trigger fact, by `triggerKey` of its type and id, in record order. */
export const triggerEventIds = (
  s: Pick<OrderState, 'triggers'>,
): ReadonlyMap<string, readonly string[]> =>
  groupedOnce(
    triggersMemo,
    s.triggers,
    (r) => Object.entries(r).flatMap(([fact, reported]) => reported.map((t) => ({ fact, t }))),
    ({ fact, t }) => triggerKey(fact, t.id),
    ({ t }) => t.eventId,
  );

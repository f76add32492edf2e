import {
  countingFor,
  DEFAULT_DAY_COUNTING,
  withClosures,
  latestOrderTerms,
  occurrenceId,
  ownEntry,
  latestTerms,
  orderTermsOn,
  termsOn,
  termsPeriods,
  type Dated,
  type ObligationState,
  type ObligationTerms,
  type OrderFacts,
} from './order.state.js';
import { satisfactionOf } from './order.satisfaction.js';
import {
  occurrences,
  withDeadline,
  type OccurrenceSpec,
  type ScheduleContext,
} from '../schedule/occurrences.js';
import { recurrenceStart } from '../schedule/recurrence.js';
import { withEntry, withMember } from '../shared/records.js';
import { deadline } from '../calendar/business-days.js';
import { addDays, maxDate } from '../calendar/calendar.js';
import type { Schedule } from '../schedule/schedule.schema.js';
import type { CalendarDate } from '../shared/primitives.js';

const MAX_ANCHOR_DEPTH = 16; // a chain of "N days after X is satisfied" deeper than this is a cycle

const context = (s: OrderFacts, asOf: CalendarDate | undefined, depth: number): ScheduleContext => {
  const visible = (d: Dated) => asOf === undefined || d.on <= asOf;
  const terms = asOf === undefined ? latestOrderTerms(s) : orderTermsOn(s, asOf);
  const satisfiedAt = (
    facts: OrderFacts,
    obligationId: string,
    on: CalendarDate | undefined,
    key = onlyKey(facts, obligationId, on, depth + 1),
  ) => {
    // Judged under the terms that govern that occurrence, as its own status is: an amendment that
    // is not retroactive governs what falls due from its date (design.md 6.1), so it never undoes
    // the satisfaction of an occurrence due before it.
    const sat = satisfactionOf(
      facts,
      obligationId,
      key,
      on,
      governingTerms(facts, obligationId, key, on),
    );
    return sat?.status === 'satisfied' ? sat.on : undefined;
  };
  // An occurrence that fell due under the anchor's satisfaction as it stood keeps that anchor when a
  // later amendment or rejection undoes or moves the satisfaction (design.md 6.1: changes govern forward).
  const satisfiedOn: ScheduleContext['satisfiedOn'] = (obligationId, dueFrom, since, found) => {
    if (depth >= MAX_ANCHOR_DEPTH) return undefined;
    const key = onlyKey(s, obligationId, asOf, depth + 1);
    if (dueFrom !== undefined)
      for (const change of anchorChanges(s, obligationId, key, asOf, depth + 1)) {
        if (since !== undefined && since >= change) continue; // the duty came after the change
        // The anchor the day before the change, under its text as it stands on `asOf`: a
        // retroactive amendment known by then rewrote its past too.
        const dayBefore = addDays(change, -1);
        const before = satisfiedAt(
          reachedBack(s, obligationId, dayBefore, asOf),
          obligationId,
          dayBefore,
        );
        // What it placed stands if it fell due, or was found breached, before the change.
        if (before !== undefined && (dueFrom(before) < change || found?.(change) === true))
          return before;
      }
    return satisfiedAt(s, obligationId, asOf, key);
  };
  return {
    ...(s.entered && visible(s.entered) ? { enteredOn: s.entered.on } : {}),
    ...(terms?.termEndsOn !== undefined ? { termEndsOn: terms.termEndsOn } : {}),
    counting: withClosures(s, terms?.counting ?? DEFAULT_DAY_COUNTING, asOf),
    // A period from an event is counted by the rule in force on the event's date (changes govern forward).
    countingOn: (date: CalendarDate) => countingFor(s, date, asOf),
    satisfiedOn,
    triggers: (fact) => s.triggers[fact].filter(visible),
  };
};

/**
 * The facts as read on `on` with one obligation's retroactive amendments effective after `on` and
 * by `asOf` in force already (dated `on`, after the amendments effective by then, in their own
 * order): its text as it stands on `asOf`, which a retroactive amendment reaches back into
 * (design.md 6.1), for reading its past. The facts themselves when it has no such amendment.
 */
const reachedBack = (
  s: OrderFacts,
  obligationId: string,
  on: CalendarDate,
  asOf: CalendarDate | undefined,
): OrderFacts => {
  const o = ownEntry(s.obligations, obligationId);
  const reaches = (a: ObligationState['amendments'][number]) =>
    a.retroactive === true && a.on > on && (asOf === undefined || a.on <= asOf);
  if (!o || !o.amendments.some(reaches)) return s;
  const later = o.amendments
    .filter(reaches)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const amendments = [
    ...o.amendments.filter((a) => !reaches(a)),
    ...later.map((a) => withMember(a, 'on', on)),
  ];
  // Everything else read from the facts as they are (their records decode on first read).
  return Object.create(s, {
    obligations: {
      value: withEntry(s.obligations, obligationId, withMember(o, 'amendments', amendments)),
      enumerable: true,
    },
  }) as OrderFacts;
};

/**
 * The dates, effective by `asOf` and in order, from which a change may have undone or moved an
 * obligation's satisfaction: its amendments (a retroactive one reaches back instead) and the
 * rejections of submissions filed for its occurrence.
 */
const anchorChanges = (
  s: OrderFacts,
  obligationId: string,
  key: string,
  asOf: CalendarDate | undefined,
  depth: number,
): CalendarDate[] => {
  const o = ownEntry(s.obligations, obligationId);
  if (!o) return [];
  const effective = (on: CalendarDate) => asOf === undefined || on <= asOf;
  const dates = new Set<CalendarDate>();
  for (const a of o.amendments) if (a.retroactive !== true && effective(a.on)) dates.add(a.on);
  // The key on `asOf` (`key`), and the key the day before each amendment (it may have changed it).
  const keys = new Set([
    key,
    ...[...dates].map((d) => onlyKey(s, obligationId, addDays(d, -1), depth)),
  ]);
  for (const key of keys)
    for (const on of rejectionsOf(s, occurrenceId(obligationId, key)))
      if (effective(on)) dates.add(on);
  return [...dates].sort();
};

/** The dates of the rejections of submissions filed for one occurrence. */
const rejectionsOf = (s: OrderFacts, id: string): CalendarDate[] =>
  (ownEntry(s.occurrences, id)?.evidence ?? []).flatMap((e) => {
    const decision =
      e.kind === 'submission' ? ownEntry(s.submissions, e.factId)?.decision : undefined;
    return decision?.accepted === false ? [decision.on] : [];
  });

/** An obligation's terms in effect on `asOf` (its latest when undefined). */
const termsAsOf = (o: ObligationState | undefined, asOf: CalendarDate | undefined) =>
  o && (asOf === undefined ? latestTerms(o) : termsOn(o, asOf));

/** The key of an obligation's single occurrence (`once` or `ongoing`); recurring ones use the first. */
const onlyKey = (
  s: OrderFacts,
  obligationId: string,
  asOf: CalendarDate | undefined,
  depth: number,
): string => {
  const o = ownEntry(s.obligations, obligationId);
  const terms = termsAsOf(o, asOf); // the schedule in force on asOf, not a later amendment's
  if (!o || !terms) return 'once';
  const schedule = terms.schedule;
  if (schedule.kind !== 'recurring') return schedule.kind === 'ongoing' ? 'ongoing' : 'once';
  // Only the first occurrence is wanted: generate up to its nominal date, not every date to the year
  // 9999. Evidence filed for it ahead of that date satisfies it from the filing (design.md 6.2), so
  // the key is the same whatever the date asked. It is the first of the schedule in force: an
  // occurrence an earlier schedule left due (kept, as amendments govern forward) is not it.
  const first = recurrenceStart(
    schedule.start,
    s.entered && (asOf === undefined || s.entered.on <= asOf) ? s.entered.on : undefined,
  );
  if (first === undefined) return 'once';
  const ctx = obligationContext(context(s, asOf, depth), s, o, asOf);
  return scheduleSpecs(o, schedule, ctx, first)[0]?.key ?? 'once';
};

/** The schedule context of an order as of `asOf` (everything recorded when undefined). */
export const scheduleContextOf = (s: OrderFacts, asOf?: CalendarDate): ScheduleContext =>
  context(s, asOf, 0);

/**
 * The day a duty binds: the later of its imposition and the order's entry effective by `asOf`
 * (everything recorded when undefined); its imposition while the order is not entered. No duty
 * falls due, nor can conduct violate it, before then (design.md 6.3).
 */
export const dutyBindsOn = (
  s: OrderFacts,
  o: Pick<ObligationState, 'on'>,
  asOf: CalendarDate | undefined,
): CalendarDate =>
  s.entered !== undefined && (asOf === undefined || s.entered.on <= asOf)
    ? maxDate(o.on, s.entered.on)
    : o.on;

/**
 * The deadline an extension to `newDueOn` sets for an occurrence placed as `spec`: rolled under the
 * day counting in force for that date and, as any deadline, held to the day the duty binds or arose
 * (design.md 6.3): an extension to a day before the duty bound moves nothing earlier than that day.
 */
export const extendedDeadline = (
  s: OrderFacts,
  o: Pick<ObligationState, 'on'>,
  spec: OccurrenceSpec,
  newDueOn: CalendarDate,
  asOf: CalendarDate | undefined,
): CalendarDate => {
  const counting = countingFor(s, newDueOn, asOf);
  const rolled = deadline(newDueOn, counting, spec.backward === true);
  return withDeadline(spec, rolled, counting, dutyBindsOn(s, o, asOf)).dueOn;
};

/** An order's schedule context narrowed to one obligation: triggers count from its imposition and, once the order was terminated, not after that. */
export const obligationContext = (
  ctx: ScheduleContext,
  s: OrderFacts,
  o: ObligationState,
  asOf: CalendarDate | undefined,
): ScheduleContext => {
  const t = s.terminated;
  return {
    ...ctx,
    since: o.on,
    // An anchored schedule places one occurrence, `once`.
    foundBefore: (date) => foundBefore(s, o.id, 'once', date, asOf),
    ...(t !== undefined && (asOf === undefined || t.on <= asOf) ? { endedOn: t.on } : {}),
  };
};

/** The occurrences one schedule of an obligation yields; an ongoing duty imposed after entry (by a modification) is in force from its own imposition. */
export const scheduleSpecs = (
  o: ObligationState,
  schedule: Schedule,
  ctx: ScheduleContext,
  horizon: CalendarDate,
): OccurrenceSpec[] => {
  const specs = occurrences(schedule, ctx, horizon);
  return schedule.kind === 'ongoing'
    ? specs.map((x) => (x.dueOn < o.on ? { ...x, nominalDueOn: o.on, dueOn: o.on } : x))
    : specs;
};

/** One occurrence placed: where its schedule puts it and the terms that govern it. */
export interface PlacedSpec {
  readonly spec: OccurrenceSpec;
  readonly terms: ObligationTerms;
}

/**
 * A spec's deadline under the day counting in force for its nominal date (design.md 6.1: a change
 * of counting governs forward); one that falls before the day its duty binds (`binds`) or arose
 * is due then.
 */
const recounted = (
  s: OrderFacts,
  spec: OccurrenceSpec,
  asOf: CalendarDate | undefined,
  binds: CalendarDate,
): OccurrenceSpec => {
  if (spec.key === 'ongoing') return spec; // in force from a date, never rolled
  const counting = countingFor(s, spec.nominalDueOn, asOf);
  return withDeadline(
    spec,
    deadline(spec.nominalDueOn, counting, spec.backward === true),
    counting,
    binds,
  );
};

/**
 * The occurrences of one obligation under the periods of its terms (design.md 6.1, `termsPeriods`):
 * each period's schedule yields the occurrences whose deadline falls within it (the first period
 * also those due earlier); a key already placed by an earlier period stands. An ongoing duty is
 * one occurrence, in force from the start of the first period that makes the duty ongoing, under
 * the latest such period's terms. `specsOf` gives a schedule's occurrences (memoised by callers).
 */
export const placeByPeriods = (
  s: OrderFacts,
  o: ObligationState,
  asOf: CalendarDate | undefined,
  specsOf: (schedule: Schedule) => readonly OccurrenceSpec[],
): PlacedSpec[] => {
  const periods = termsPeriods(o, asOf);
  const placed: PlacedSpec[] = [];
  const keys = new Set<string>();
  const lastOngoing = [...periods]
    .reverse()
    .find((p) => p.terms.schedule.kind === 'ongoing')?.terms;
  // Due in a later period but found breached before it: kept unless that period places its key.
  const found: PlacedSpec[] = [];
  // No duty falls due before it binds: imposed, and the order entered by `asOf` (design.md 6.3).
  const binds = dutyBindsOn(s, o, asOf);
  // One found before the period its deadline falls in stands unless that period (or one before it)
  // places its key: a period starting after its deadline cannot take the key from what fell due.
  const keepFound = (before?: CalendarDate): void => {
    for (const x of found.splice(0)) {
      if (keys.has(x.spec.key)) continue;
      if (before !== undefined && x.spec.dueOn >= before) found.push(x);
      else {
        keys.add(x.spec.key);
        placed.push(x);
      }
    }
  };
  periods.forEach((p, i) => {
    const next = periods[i + 1]?.from;
    keepFound(p.from);
    for (const raw of specsOf(p.terms.schedule)) {
      if (keys.has(raw.key)) continue;
      if (raw.key === 'ongoing') {
        keys.add(raw.key);
        const from = maxDate(raw.dueOn, p.from);
        placed.push({
          spec: from === raw.dueOn ? raw : { ...raw, nominalDueOn: from, dueOn: from },
          terms: lastOngoing ?? p.terms,
        });
        continue;
      }
      const spec = recounted(s, raw, asOf, binds);
      if (i > 0 && spec.dueOn < p.from) continue;
      if (next !== undefined && spec.dueOn >= next) {
        if (foundBefore(s, o.id, spec.key, next, asOf)) found.push({ spec, terms: p.terms });
        continue;
      }
      keys.add(spec.key);
      placed.push({ spec, terms: p.terms });
    }
  });
  keepFound();
  return placed;
};

/**
 * Whether a violation of one occurrence was found effective before `date` (and by `asOf`): a
 * finding is an adjudication, so a later amendment that would not place the occurrence again
 * leaves it under the terms it was found breaching (design.md 6.1: changes govern forward).
 */
const foundBefore = (
  s: OrderFacts,
  obligationId: string,
  key: string,
  date: CalendarDate,
  asOf: CalendarDate | undefined,
): boolean =>
  Object.values(s.violations).some(
    (v) =>
      v.obligationId === obligationId &&
      v.occurrence === key &&
      v.found !== undefined &&
      v.found.on < date &&
      (asOf === undefined || v.found.on <= asOf),
  );

const placedOf = (
  s: OrderFacts,
  obligationId: string,
  horizon: CalendarDate,
  asOf: CalendarDate | undefined,
  depth: number,
): PlacedSpec[] => {
  const o = ownEntry(s.obligations, obligationId);
  if (!o || (asOf !== undefined && o.on > asOf)) return [];
  const ctx = obligationContext(context(s, asOf, depth), s, o, asOf);
  return placeByPeriods(s, o, asOf, (schedule) => scheduleSpecs(o, schedule, ctx, horizon));
};

const occurrencesOf = (
  s: OrderFacts,
  obligationId: string,
  horizon: CalendarDate,
  asOf: CalendarDate | undefined,
  depth: number,
): OccurrenceSpec[] => placedOf(s, obligationId, horizon, asOf, depth).map((p) => p.spec);

/**
 * The occurrences of one obligation up to `horizon`, placed with what is in effect on `asOf`
 * (everything recorded when undefined), before extensions.
 */
export const obligationOccurrences = (
  s: OrderFacts,
  obligationId: string,
  horizon: CalendarDate,
  asOf?: CalendarDate,
): OccurrenceSpec[] => occurrencesOf(s, obligationId, horizon, asOf, 0);

/** `obligationOccurrences` with the terms that govern each occurrence. */
export const placedOccurrences = (
  s: OrderFacts,
  obligationId: string,
  horizon: CalendarDate,
  asOf?: CalendarDate,
): PlacedSpec[] => placedOf(s, obligationId, horizon, asOf, 0);

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** One occurrence of an obligation by key, placed with what is in effect on `asOf`, if it exists. */
export const occurrenceSpecOf = (
  s: OrderFacts,
  obligationId: string,
  key: string,
  asOf?: CalendarDate,
): OccurrenceSpec | undefined => placedOccurrenceOf(s, obligationId, key, asOf)?.spec;

/**
 * The terms that govern one occurrence of an obligation on `asOf`, when it can be placed without
 * another duty's satisfaction (none of its schedules counts from one; otherwise undefined, and the
 * terms in force on `asOf` judge it): placing that would recurse through the anchors.
 */
const governingTerms = (
  s: OrderFacts,
  obligationId: string,
  key: string,
  asOf: CalendarDate | undefined,
): ObligationTerms | undefined => {
  const o = ownEntry(s.obligations, obligationId);
  if (!o || (asOf !== undefined && o.on > asOf) || o.amendments.length === 0) return undefined;
  const ctx = obligationContext(context(s, asOf, MAX_ANCHOR_DEPTH), s, o, asOf);
  const anchored = (x: Schedule) => x.kind === 'after' && x.anchor.kind === 'satisfaction';
  return placeByPeriods(s, o, asOf, (schedule) =>
    anchored(schedule) ? [] : scheduleSpecs(o, schedule, ctx, horizonOf(key)),
  ).find((p) => p.spec.key === key)?.terms;
};

/** The horizon that places an occurrence by key: its date for a recurring one (`once` and `ongoing` need none). */
const horizonOf = (key: string): CalendarDate =>
  (DATE_KEY.test(key) ? key : '0001-01-01') as CalendarDate;

/** One occurrence of an obligation by key with the terms that govern it, if it exists. */
export const placedOccurrenceOf = (
  s: OrderFacts,
  obligationId: string,
  key: string,
  asOf?: CalendarDate,
): PlacedSpec | undefined =>
  placedOf(s, obligationId, horizonOf(key), asOf, 0).find((o) => o.spec.key === key);

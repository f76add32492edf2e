import { DEFAULT_DAY_COUNTING, latestOrderTerms, latestTerms, orderTermsOn, termsOn, type Dated, type ObligationState, type OrderFacts } from './order.state.js';
import { satisfactionOf } from './order.satisfaction.js';
import { occurrences, type OccurrenceSpec, type ScheduleContext } from '../schedule/occurrences.js';
import { recurrenceStart } from '../schedule/recurrence.js';
import { minDate } from '../calendar/calendar.js';
import type { CalendarDate } from '../shared/primitives.js';

const MAX_ANCHOR_DEPTH = 16; // a chain of "N days after X is satisfied" deeper than this is a cycle

const context = (s: OrderFacts, asOf: CalendarDate | undefined, depth: number): ScheduleContext => {
  const visible = (d: Dated) => asOf === undefined || d.on <= asOf;
  const terms = asOf === undefined ? latestOrderTerms(s) : orderTermsOn(s, asOf);
  const satisfiedOn = (obligationId: string): CalendarDate | undefined => {
    if (depth >= MAX_ANCHOR_DEPTH) return undefined;
    const sat = satisfactionOf(s, obligationId, onlyKey(s, obligationId, asOf, depth + 1), asOf);
    return sat?.status === 'satisfied' ? sat.on : undefined;
  };
  return {
    ...(s.entered && visible(s.entered) ? { enteredOn: s.entered.on } : {}),
    ...(terms?.termEndsOn !== undefined ? { termEndsOn: terms.termEndsOn } : {}),
    counting: terms?.counting ?? DEFAULT_DAY_COUNTING,
    satisfiedOn,
    triggers: (fact) => s.triggers[fact].filter(visible),
  };
};

/** An obligation's terms in effect on `asOf` (its latest when undefined). */
const termsAsOf = (o: ObligationState | undefined, asOf: CalendarDate | undefined) => o && (asOf === undefined ? latestTerms(o) : termsOn(o, asOf));

/** The key of an obligation's single occurrence (`once` or `ongoing`); recurring ones use the first. */
const onlyKey = (s: OrderFacts, obligationId: string, asOf: CalendarDate | undefined, depth: number): string => {
  const o = s.obligations[obligationId];
  const terms = termsAsOf(o, asOf); // the schedule in force on asOf, not a later amendment's
  if (!terms) return 'once';
  const schedule = terms.schedule;
  if (schedule.kind !== 'recurring') return schedule.kind === 'ongoing' ? 'ongoing' : 'once';
  // Only the first occurrence is wanted: generate up to its nominal date, not every date to the year 9999.
  const first = recurrenceStart(schedule.start, s.entered && (asOf === undefined || s.entered.on <= asOf) ? s.entered.on : undefined);
  if (first === undefined) return 'once';
  return occurrencesOf(s, obligationId, asOf === undefined ? first : minDate(first, asOf), asOf, depth)[0]?.key ?? 'once';
};

/** The schedule context of an order as of `asOf` (everything recorded when undefined). */
export const scheduleContextOf = (s: OrderFacts, asOf?: CalendarDate): ScheduleContext => context(s, asOf, 0);

const occurrencesOf = (s: OrderFacts, obligationId: string, horizon: CalendarDate, asOf: CalendarDate | undefined, depth: number): OccurrenceSpec[] => {
  const o = s.obligations[obligationId];
  const terms = o && (asOf === undefined ? latestTerms(o) : termsOn(o, asOf));
  if (!o || !terms) return [];
  const specs = occurrences(terms.schedule, context(s, asOf, depth), horizon);
  // A prohibition imposed after entry (by a modification) is in force from its own imposition.
  return terms.schedule.kind === 'ongoing' ? specs.map((x) => (x.dueOn < o.on ? { ...x, nominalDueOn: o.on, dueOn: o.on } : x)) : specs;
};

/**
 * The occurrences of one obligation up to `horizon`, placed with what is in effect on `asOf`
 * (everything recorded when undefined), before extensions.
 */
export const obligationOccurrences = (s: OrderFacts, obligationId: string, horizon: CalendarDate, asOf?: CalendarDate): OccurrenceSpec[] =>
  occurrencesOf(s, obligationId, horizon, asOf, 0);

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** One occurrence of an obligation by key, placed with what is in effect on `asOf`, if it exists. */
export const occurrenceSpecOf = (s: OrderFacts, obligationId: string, key: string, asOf?: CalendarDate): OccurrenceSpec | undefined => {
  const horizon = (DATE_KEY.test(key) ? key : '0001-01-01') as CalendarDate;
  return occurrencesOf(s, obligationId, horizon, asOf, 0).find((o) => o.key === key);
};

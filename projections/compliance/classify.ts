import {
  addDays, daysBetween, deadline, occurrenceId, orderTermsOn, satisfactionOf, scheduleContextOf, termsOn,
  type CalendarDate, type Dated, type ObligationState, type ObligationTerms, type OccurrenceFacts, type OccurrenceSpec, type OrderFacts,
  type Satisfaction,
} from '../../domain/index.js';
import type { OccurrenceAnswer, OccurrenceStatus } from './compliance.types.js';
import { obligationSpecs, triggerEventIds, violationsByOccurrence } from './occurrence-index.js';

const visible = (asOf: CalendarDate) => (d: Dated | undefined): d is Dated => d !== undefined && d.on <= asOf;

/** An occurrence that exists on a date: the obligation, its terms then, and where its schedule places it. */
export interface PlacedOccurrence {
  readonly obligation: ObligationState;
  readonly terms: ObligationTerms;
  readonly spec: OccurrenceSpec;
}

/**
 * The occurrences that exist on `asOf`: of every obligation imposed by then, placed by the terms
 * in effect then, as far ahead as the warning window (so that `due_soon` ones are listed).
 */
export const occurrencesOn = (s: OrderFacts, asOf: CalendarDate, warningDays: number): PlacedOccurrence[] => {
  const horizon = addDays(asOf, warningDays);
  const placed: PlacedOccurrence[] = [];
  const ctx = scheduleContextOf(s, asOf);
  for (const obligation of Object.values(s.obligations)) {
    const terms = termsOn(obligation, asOf);
    if (!terms) continue;
    for (const spec of obligationSpecs(s, obligation, terms.schedule, ctx, horizon, asOf)) placed.push({ obligation, terms, spec });
  }
  return placed;
};

const extensionOn = (facts: OccurrenceFacts | undefined, asOf: CalendarDate): (Dated & { newDueOn: CalendarDate }) | undefined => {
  let last: (Dated & { newDueOn: CalendarDate }) | undefined;
  for (const x of facts?.extensions ?? []) if (x.on <= asOf) last = x;
  return last;
};

const deadlineFrom = (s: OrderFacts, p: PlacedOccurrence, facts: OccurrenceFacts | undefined, asOf: CalendarDate): { dueOn: CalendarDate; extension?: Dated } => {
  const last = extensionOn(facts, asOf);
  if (!last) return { dueOn: p.spec.dueOn };
  return { dueOn: deadline(last.newDueOn, orderTermsOn(s, asOf)?.counting ?? scheduleContextOf(s).counting), extension: last };
};

/** The deadline in force on `asOf`: the latest extension effective by then (rolled like any deadline), else the schedule's. */
export const deadlineOn = (s: OrderFacts, p: PlacedOccurrence, asOf: CalendarDate): { dueOn: CalendarDate; extension?: Dated } =>
  deadlineFrom(s, p, s.occurrences[occurrenceId(p.obligation.id, p.spec.key)], asOf);

const waiverOf = (s: OrderFacts, p: PlacedOccurrence, facts: OccurrenceFacts | undefined, dueOn: CalendarDate, asOf: CalendarDate): Dated | undefined => {
  const seen = visible(asOf);
  const own = facts?.waived;
  if (seen(p.obligation.waived)) return p.obligation.waived;
  if (seen(own)) return own;
  const t = s.terminated;
  return seen(t) && t.on < dueOn ? t : undefined; // an order ended before a deadline waives it; debts already due stay due
};

const breachOf = (s: OrderFacts, id: string, asOf: CalendarDate): Dated | undefined => {
  const seen = visible(asOf);
  for (const v of violationsByOccurrence(s).get(id) ?? []) {
    if (seen(v.found) && !seen(v.cured)) return v.found;
  }
  return undefined;
};

/** `satisfactionOf`, which finds nothing for an occurrence with no facts recorded against it (most of them). */
const satisfactionFrom = (s: OrderFacts, p: PlacedOccurrence, facts: OccurrenceFacts | undefined, asOf: CalendarDate): Satisfaction | undefined =>
  facts === undefined ? undefined : satisfactionOf(s, p.obligation.id, p.spec.key, asOf);

type Verdict = { status: OccurrenceStatus; satisfiedOn?: CalendarDate; daysLate?: number; reasons: string[]; because: readonly string[] };

/** A breach: days late still run as design.md §6 counts them, to the satisfying evidence or to asOf while there is none. */
const breached = (s: OrderFacts, p: PlacedOccurrence, facts: OccurrenceFacts | undefined, breach: Dated, dueOn: CalendarDate, asOf: CalendarDate): Verdict => {
  const reasons = [`violation found effective ${breach.on}, not cured`];
  if (p.terms.schedule.kind === 'ongoing') return { status: 'breached', reasons, because: [breach.eventId] };
  const sat = satisfactionFrom(s, p, facts, asOf);
  const late = daysBetween(dueOn, sat?.status === 'satisfied' ? sat.on : asOf);
  const v: Verdict = { status: 'breached', reasons, because: [breach.eventId] };
  if (sat?.status === 'satisfied') v.satisfiedOn = sat.on;
  if (late > 0) v.daysLate = late;
  return v;
};

const evidenced = (sat: Satisfaction, dueOn: CalendarDate): Verdict => {
  const late = daysBetween(dueOn, sat.on);
  const status = sat.status === 'submitted' ? 'submitted' : late > 0 ? 'satisfied_late' : 'satisfied';
  const reasons = [`${sat.status === 'submitted' ? 'submitted, awaiting acceptance,' : 'satisfied by evidence'} effective ${sat.on}`];
  const v: Verdict = { status, satisfiedOn: sat.on, reasons, because: sat.because };
  if (late > 0) v.daysLate = late;
  return v;
};

const NONE: readonly string[] = [];

const judge = (s: OrderFacts, p: PlacedOccurrence, id: string, facts: OccurrenceFacts | undefined, dueOn: CalendarDate, asOf: CalendarDate, warningDays: number): Verdict => {
  const waiver = waiverOf(s, p, facts, dueOn, asOf);
  if (waiver) return { status: 'waived', reasons: [`waived effective ${waiver.on}`], because: [waiver.eventId] };
  const breach = breachOf(s, id, asOf);
  if (breach) return breached(s, p, facts, breach, dueOn, asOf);
  if (p.terms.schedule.kind === 'ongoing') return { status: 'satisfied', reasons: ['in force; no violation found'], because: NONE };
  const sat = satisfactionFrom(s, p, facts, asOf);
  if (sat) return evidenced(sat, dueOn);
  const late = daysBetween(dueOn, asOf);
  if (late > 0) return { status: 'overdue', daysLate: late, reasons: [`no satisfying evidence; overdue since ${addDays(dueOn, 1)}`], because: NONE };
  if (-late <= warningDays) return { status: 'due_soon', reasons: [`due in ${-late} day${late === -1 ? '' : 's'}`], because: NONE };
  return { status: 'upcoming', reasons: [], because: NONE };
};

const addUnique = (into: string[], ids: readonly string[]): void => {
  for (const id of ids) if (!into.includes(id)) into.push(id);
};

/** The events behind an answer, each once, in the order cited: imposition, amendments by then, trigger, extension, verdict. */
const becauseOf = (s: OrderFacts, p: PlacedOccurrence, asOf: CalendarDate, extension: Dated | undefined, verdict: readonly string[]): string[] => {
  const ids = [p.obligation.eventId];
  for (const a of p.obligation.amendments) if (a.on <= asOf && !ids.includes(a.eventId)) ids.push(a.eventId);
  if (p.spec.triggerId !== undefined) addUnique(ids, triggerEventIds(s).get(p.spec.triggerId) ?? NONE);
  if (extension && !ids.includes(extension.eventId)) ids.push(extension.eventId);
  addUnique(ids, verdict);
  return ids;
};

const dueReasonOf = (p: PlacedOccurrence, dueOn: CalendarDate, extension: Dated | undefined): string =>
  `due ${dueOn}${extension ? ` (extended effective ${extension.on})` : p.spec.dueOn !== p.spec.nominalDueOn ? ` (rolled from ${p.spec.nominalDueOn})` : ''}`;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The status of one placed occurrence on `asOf`, with its reasons and the events behind them. */
export const classifyOccurrence = (s: OrderFacts, p: PlacedOccurrence, asOf: CalendarDate, warningDays: number): OccurrenceAnswer => {
  const id = occurrenceId(p.obligation.id, p.spec.key);
  const facts = s.occurrences[id];
  const { dueOn, extension } = deadlineFrom(s, p, facts, asOf);
  const v = judge(s, p, id, facts, dueOn, asOf, warningDays);
  // Built field by field (no spreads, which are slow here), in the order the answer has always had.
  const answer = {
    id, obligationId: p.obligation.id, key: p.spec.key, title: p.terms.title, kind: p.terms.kind,
    nominalDueOn: p.spec.nominalDueOn, dueOn, status: v.status,
  } as Mutable<OccurrenceAnswer>;
  if (v.satisfiedOn !== undefined) answer.satisfiedOn = v.satisfiedOn;
  if (v.daysLate !== undefined) answer.daysLate = v.daysLate;
  answer.reasons = [dueReasonOf(p, dueOn, extension), ...v.reasons];
  answer.because = becauseOf(s, p, asOf, extension, v.because);
  return answer;
};

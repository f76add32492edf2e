import {
  addDays, daysBetween, deadline, obligationOccurrences, occurrenceId, orderTermsOn, satisfactionOf, scheduleContextOf, termsOn,
  type CalendarDate, type Dated, type ObligationState, type ObligationTerms, type OccurrenceSpec, type OrderState,
} from '../../domain/index.js';
import type { OccurrenceAnswer, OccurrenceStatus } from './compliance.types.js';

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
export const occurrencesOn = (s: OrderState, asOf: CalendarDate, warningDays: number): PlacedOccurrence[] => {
  const horizon = addDays(asOf, warningDays);
  const placed: PlacedOccurrence[] = [];
  for (const obligation of Object.values(s.obligations)) {
    const terms = termsOn(obligation, asOf);
    if (!terms) continue;
    for (const spec of obligationOccurrences(s, obligation.id, horizon, asOf)) placed.push({ obligation, terms, spec });
  }
  return placed;
};

/** The deadline in force on `asOf`: the latest extension effective by then (rolled like any deadline), else the schedule's. */
export const deadlineOn = (s: OrderState, p: PlacedOccurrence, asOf: CalendarDate): { dueOn: CalendarDate; extension?: Dated } => {
  const extensions = (s.occurrences[occurrenceId(p.obligation.id, p.spec.key)]?.extensions ?? []).filter(visible(asOf));
  const last = extensions[extensions.length - 1];
  if (!last) return { dueOn: p.spec.dueOn };
  return { dueOn: deadline(last.newDueOn, orderTermsOn(s, asOf)?.counting ?? scheduleContextOf(s).counting), extension: last };
};

const waiverOf = (s: OrderState, p: PlacedOccurrence, dueOn: CalendarDate, asOf: CalendarDate): Dated | undefined => {
  const seen = visible(asOf);
  const own = s.occurrences[occurrenceId(p.obligation.id, p.spec.key)]?.waived;
  if (seen(p.obligation.waived)) return p.obligation.waived;
  if (seen(own)) return own;
  const t = s.terminated;
  return seen(t) && t.on < dueOn ? t : undefined; // an order ended before a deadline waives it; debts already due stay due
};

const breachOf = (s: OrderState, id: string, asOf: CalendarDate): Dated | undefined => {
  const seen = visible(asOf);
  for (const v of Object.values(s.violations)) {
    if (`${v.obligationId}/${v.occurrence}` === id && seen(v.found) && !seen(v.cured)) return v.found;
  }
  return undefined;
};

type Verdict = { status: OccurrenceStatus; satisfiedOn?: CalendarDate; daysLate?: number; reasons: string[]; because: string[] };

/** A breach: days late still run as design.md §6 counts them, to the satisfying evidence or to asOf while there is none. */
const breached = (s: OrderState, p: PlacedOccurrence, breach: Dated, dueOn: CalendarDate, asOf: CalendarDate): Verdict => {
  const reasons = [`violation found effective ${breach.on}, not cured`];
  if (p.terms.schedule.kind === 'ongoing') return { status: 'breached', reasons, because: [breach.eventId] };
  const sat = satisfactionOf(s, p.obligation.id, p.spec.key, asOf);
  const late = daysBetween(dueOn, sat?.status === 'satisfied' ? sat.on : asOf);
  return { status: 'breached', ...(sat?.status === 'satisfied' ? { satisfiedOn: sat.on } : {}), ...(late > 0 ? { daysLate: late } : {}), reasons, because: [breach.eventId] };
};

const judge = (s: OrderState, p: PlacedOccurrence, id: string, dueOn: CalendarDate, asOf: CalendarDate, warningDays: number): Verdict => {
  const waiver = waiverOf(s, p, dueOn, asOf);
  if (waiver) return { status: 'waived', reasons: [`waived effective ${waiver.on}`], because: [waiver.eventId] };
  const breach = breachOf(s, id, asOf);
  if (breach) return breached(s, p, breach, dueOn, asOf);
  if (p.terms.schedule.kind === 'ongoing') return { status: 'satisfied', reasons: ['in force; no violation found'], because: [] };
  const sat = satisfactionOf(s, p.obligation.id, p.spec.key, asOf);
  if (sat) {
    const late = daysBetween(dueOn, sat.on);
    const status = sat.status === 'submitted' ? 'submitted' : late > 0 ? 'satisfied_late' : 'satisfied';
    const reasons = [`${sat.status === 'submitted' ? 'submitted, awaiting acceptance,' : 'satisfied by evidence'} effective ${sat.on}`];
    return { status, satisfiedOn: sat.on, ...(late > 0 ? { daysLate: late } : {}), reasons, because: [...sat.because] };
  }
  const late = daysBetween(dueOn, asOf);
  if (late > 0) return { status: 'overdue', daysLate: late, reasons: [`no satisfying evidence; overdue since ${addDays(dueOn, 1)}`], because: [] };
  if (-late <= warningDays) return { status: 'due_soon', reasons: [`due in ${-late} day${late === -1 ? '' : 's'}`], because: [] };
  return { status: 'upcoming', reasons: [], because: [] };
};

/** The status of one placed occurrence on `asOf`, with its reasons and the events behind them. */
export const classifyOccurrence = (s: OrderState, p: PlacedOccurrence, asOf: CalendarDate, warningDays: number): OccurrenceAnswer => {
  const id = occurrenceId(p.obligation.id, p.spec.key);
  const { dueOn, extension } = deadlineOn(s, p, asOf);
  const v = judge(s, p, id, dueOn, asOf, warningDays);
  const dueReason = `due ${dueOn}${extension ? ` (extended effective ${extension.on})` : p.spec.dueOn !== p.spec.nominalDueOn ? ` (rolled from ${p.spec.nominalDueOn})` : ''}`;
  const trigger = p.spec.triggerId === undefined ? [] : Object.values(s.triggers).flat().filter((t) => t.id === p.spec.triggerId).map((t) => t.eventId);
  return {
    id, obligationId: p.obligation.id, key: p.spec.key, title: p.terms.title, kind: p.terms.kind,
    nominalDueOn: p.spec.nominalDueOn, dueOn, status: v.status,
    ...(v.satisfiedOn !== undefined ? { satisfiedOn: v.satisfiedOn } : {}),
    ...(v.daysLate !== undefined ? { daysLate: v.daysLate } : {}),
    reasons: [dueReason, ...v.reasons],
    because: [...new Set([p.obligation.eventId, ...p.obligation.amendments.filter((a) => a.on <= asOf).map((a) => a.eventId), ...trigger, ...(extension ? [extension.eventId] : []), ...v.because])],
  };
};

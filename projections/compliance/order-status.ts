import { orderTermsOn, type CalendarDate, type OrderFacts } from '../../domain/index.js';
import { classifyOccurrence, occurrencesOn } from './classify.js';
import type { ComplianceOptions, OccurrenceAnswer, OrderAnswer, OrderStatus } from './compliance.types.js';

/** The warning window an answer uses: the caller's, else the order's own, else 30 days. */
export const warningDaysOf = (s: OrderFacts, options: ComplianceOptions = {}): number => options.warningDays ?? s.warningDays;

const byDue = (a: OccurrenceAnswer, b: OccurrenceAnswer) =>
  a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Whether the order has ended by `asOf` (terminated, or past the last day of its term), and why. */
export const endedOn = (s: OrderFacts, asOf: CalendarDate): string | undefined => {
  if (s.terminated && s.terminated.on <= asOf) return `terminated effective ${s.terminated.on}`;
  const end = orderTermsOn(s, asOf)?.termEndsOn;
  return end !== undefined && end < asOf ? `term ended ${end}` : undefined;
};

/** Rolls occurrence statuses up into the order's: terminated, else non_compliant, at_risk or compliant. */
export const rollUp = (ended: string | undefined, occurrences: readonly OccurrenceAnswer[]): { status: OrderStatus; reasons: string[] } => {
  if (ended) return { status: 'terminated', reasons: [ended] };
  const bad = occurrences.filter((o) => o.status === 'overdue' || o.status === 'breached');
  if (bad.length > 0) return { status: 'non_compliant', reasons: bad.map((o) => `${o.id} is ${o.status}`) };
  const risky = occurrences.filter((o) => o.status === 'due_soon' || o.status === 'submitted');
  if (risky.length > 0) return { status: 'at_risk', reasons: risky.map((o) => `${o.id} is ${o.status}`) };
  return { status: 'compliant', reasons: [] };
};

/**
 * What was due, met, late or breached in an order on `asOf`, computed from its state (fold the
 * events known at the moment you care about; see `stateKnownAt`). Pure: the date is an argument.
 */
export const orderStatusOn = (s: OrderFacts, asOf: CalendarDate, options: ComplianceOptions = {}): OrderAnswer => {
  const warningDays = warningDaysOf(s, options);
  const occurrences = occurrencesOn(s, asOf, warningDays).map((p) => classifyOccurrence(s, p, asOf, warningDays)).sort(byDue);
  const { status, reasons } = rollUp(endedOn(s, asOf), occurrences);
  return { orderId: s.orderId ?? '', ...(s.title !== undefined ? { title: s.title } : {}), asOf, status, occurrences, reasons };
};

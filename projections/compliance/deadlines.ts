import { addDays, type CalendarDate, type OrderFacts } from '../../domain/index.js';
import type { ComplianceOptions, OccurrenceAnswer } from './compliance.types.js';
import { classifyOccurrence, occurrencesOn } from './classify.js';
import { computationOf, type DeadlineComputation } from './computation.js';
import { pendingEntry, warningDaysOf } from './order-status.js';

/** An open deadline of one order, with how it was computed (nominal date, days rolled past and why, the rule). */
export interface DeadlineEntry extends OccurrenceAnswer {
  readonly orderId: string;
  readonly computation: DeadlineComputation;
}

const OPEN = new Set(['upcoming', 'due_soon', 'submitted', 'overdue', 'unverified']);

/**
 * Open deadlines across orders on `asOf`: occurrences due within `withinDays` after it and not yet
 * met, plus those already overdue (flagged by their status), sorted by deadline. An order that has
 * ended still lists what became overdue before it ended: a debt already due stays due.
 */
export const deadlinesOf = (
  orders: Iterable<OrderFacts>,
  asOf: CalendarDate,
  withinDays: number,
  options: ComplianceOptions = {},
): DeadlineEntry[] => {
  const until = addDays(asOf, withinDays);
  const out: DeadlineEntry[] = [];
  for (const s of orders) {
    if (pendingEntry(s, asOf)) continue; // nothing binds before entry
    const w = warningDaysOf(s, options);
    for (const p of occurrencesOn(s, asOf, Math.max(w, withinDays))) {
      const a = classifyOccurrence(s, p, asOf, w);
      if (OPEN.has(a.status) && a.dueOn <= until)
        out.push({ ...a, orderId: s.orderId ?? '', computation: computationOf(s, p, asOf) });
    }
  }
  return out.sort((a, b) =>
    a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.orderId < b.orderId ? -1 : 1,
  );
};

import { addDays, daysBetween, type CalendarDate, type OrderFacts } from '../../domain/index.js';
import type { ComplianceOptions } from './compliance.types.js';
import { classifyOccurrence, occurrencesOn } from './classify.js';
import { computationOf } from './computation.js';
import type { DeadlineEntry } from './deadlines.js';
import { pendingEntry, warningDaysOf } from './order-status.js';

/** A deadline for a calendar: the occurrence's answer and computation, with its order's title and the clause that imposes it. */
export interface CalendarEntry extends DeadlineEntry {
  readonly orderTitle?: string;
  /** The section of the order that imposes the duty (`ObligationImposed.clause`), when recorded. */
  readonly clause?: string;
}

/**
 * Every occurrence with a deadline in `[from, to)`, across orders, as the record stands on `asOf`
 * (deadlines after the extensions effective by then; met, late and waived ones too: a calendar
 * keeps what was due), sorted by deadline. Ongoing duties (prohibitions, programs to maintain) have
 * no deadline and are left out; so is an order not entered by `asOf`.
 */
export const calendarEntriesOf = (
  orders: Iterable<OrderFacts>,
  asOf: CalendarDate,
  from: CalendarDate,
  to: CalendarDate,
  options: ComplianceOptions = {},
): CalendarEntry[] => {
  const out: CalendarEntry[] = [];
  for (const s of orders) {
    if (to <= from || pendingEntry(s, asOf)) continue;
    const w = warningDaysOf(s, options);
    const ahead = Math.max(w, daysBetween(asOf, addDays(to, 400))); // extensions can move a deadline into the window
    for (const p of occurrencesOn(s, asOf, ahead)) {
      if (p.terms.schedule.kind === 'ongoing') continue;
      const a = classifyOccurrence(s, p, asOf, w);
      if (a.dueOn < from || a.dueOn >= to) continue;
      out.push({
        ...a,
        orderId: s.orderId ?? '',
        computation: computationOf(s, p, asOf),
        ...(s.title !== undefined ? { orderTitle: s.title } : {}),
        ...(p.terms.clause !== undefined ? { clause: p.terms.clause } : {}),
      });
    }
  }
  const key = (e: CalendarEntry) => `${e.dueOn} ${e.orderId} ${e.id}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

import {
  addDays,
  orderTermsOn,
  type CalendarDate,
  type OrderEndKind,
  type OrderFacts,
} from '../../domain/index.js';
import { objectMemo } from '../../domain/shared/object-memo.js';

/** How and when an order ended, as of a date (design.md 6.1). */
export interface OrderEnd {
  /** The first day the order is no longer in force (a termination's date, or the day after the term's last day). */
  readonly on: CalendarDate;
  /** The last day that counts for days late and accrual: the termination's date, or the term's last day. */
  readonly lastDay: CalendarDate;
  readonly kind: OrderEndKind;
  readonly reason: string;
  readonly eventId?: string;
  readonly successor?: string;
}

/**
 * The last date an order's end was asked for, and the answer: every occurrence of an answer asks
 * again. Kept on the order's list of term changes (which the end depends on, with its termination,
 * compared too), as the order's terms are.
 */
const lastEnd = objectMemo<
  OrderFacts['terms'],
  {
    readonly asOf: CalendarDate;
    readonly terminated: OrderFacts['terminated'];
    readonly end: OrderEnd | undefined;
  }
>('decree.orderEnd');

/** The order's end if it has ended by `asOf`: a termination effective by then, else a term whose last day has passed (also when a termination came after it, but a vacatur). */
export const orderEndOn = (s: OrderFacts, asOf: CalendarDate): OrderEnd | undefined => {
  const last = lastEnd.get(s.terms);
  if (last?.asOf === asOf && last.terminated === s.terminated) return last.end;
  const end = endOn(s, asOf);
  lastEnd.set(s.terms, { asOf, terminated: s.terminated, end });
  return end;
};

const endOn = (s: OrderFacts, asOf: CalendarDate): OrderEnd | undefined => {
  const t = s.terminated;
  const last = orderTermsOn(s, asOf).termEndsOn;
  // A termination recorded after the term ran out ends nothing later (a vacatur still voids all).
  if (t && t.on <= asOf && (t.kind === 'vacated' || last === undefined || t.on <= last)) {
    return {
      on: t.on,
      lastDay: t.on,
      kind: t.kind,
      reason: `${t.kind} effective ${t.on}: ${t.reason}`,
      eventId: t.eventId,
      ...(t.successor !== undefined ? { successor: t.successor } : {}),
    };
  }
  return last !== undefined && last < asOf
    ? { on: addDays(last, 1), lastDay: last, kind: 'expired', reason: `term ran through ${last}` }
    : undefined;
};

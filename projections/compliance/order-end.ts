import {
  addDays,
  orderTermsOn,
  type CalendarDate,
  type OrderEndKind,
  type OrderFacts,
} from '../../domain/index.js';

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

/** The order's end if it has ended by `asOf`: a termination effective by then, else a term whose last day has passed. */
export const orderEndOn = (s: OrderFacts, asOf: CalendarDate): OrderEnd | undefined => {
  const t = s.terminated;
  if (t && t.on <= asOf) {
    return {
      on: t.on,
      lastDay: t.on,
      kind: t.kind,
      reason: `${t.kind} effective ${t.on}: ${t.reason}`,
      eventId: t.eventId,
      ...(t.successor !== undefined ? { successor: t.successor } : {}),
    };
  }
  const last = orderTermsOn(s, asOf).termEndsOn;
  return last !== undefined && last < asOf
    ? { on: addDays(last, 1), lastDay: last, kind: 'expired', reason: `term ended ${last}` }
    : undefined;
};

import type { CalendarDate, ObligationKind } from '../../domain/index.js';

/** The status of one occurrence on a date (design.md section 6). */
export type OccurrenceStatus = 'upcoming' | 'due_soon' | 'submitted' | 'satisfied' | 'satisfied_late' | 'overdue' | 'breached' | 'waived';
/** Every occurrence status, most urgent last. */
export const OCCURRENCE_STATUSES: readonly OccurrenceStatus[] = ['upcoming', 'due_soon', 'submitted', 'satisfied', 'satisfied_late', 'waived', 'overdue', 'breached'];
/** The status of a whole order on a date. */
export type OrderStatus = 'compliant' | 'at_risk' | 'non_compliant' | 'terminated';

/** One occurrence's answer on a date, with the events that decided it. */
export interface OccurrenceAnswer {
  /** `<obligationId>/<key>`. */
  readonly id: string;
  readonly obligationId: string;
  readonly key: string;
  readonly title: string;
  readonly kind: ObligationKind;
  readonly nominalDueOn: CalendarDate;
  /** The deadline in force on the date asked about: rolled, and after extensions effective by then. */
  readonly dueOn: CalendarDate;
  readonly status: OccurrenceStatus;
  /** When satisfying evidence took effect (satisfied, satisfied_late) or was filed (submitted). */
  readonly satisfiedOn?: CalendarDate;
  /** Days late: evidence date (or the date asked about while none) minus the deadline; only when positive. */
  readonly daysLate?: number;
  /** Plain-language reasons, in order. */
  readonly reasons: readonly string[];
  /** Ids of the events that decided the answer. */
  readonly because: readonly string[];
}

/** An order's answer on a date. */
export interface OrderAnswer {
  readonly orderId: string;
  readonly title?: string;
  readonly asOf: CalendarDate;
  readonly status: OrderStatus;
  readonly occurrences: readonly OccurrenceAnswer[];
  readonly reasons: readonly string[];
}

/** Options of a compliance question. */
export interface ComplianceOptions {
  /** Days before a deadline from which an unsatisfied occurrence is `due_soon` (default: the order's, else 30). */
  readonly warningDays?: number;
}

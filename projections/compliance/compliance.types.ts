import type { CalendarDate, ObligationKind } from '../../domain/index.js';
import type { OwnerAnswer } from './owners.js';

/** The status of one occurrence on a date (design.md section 6.2; docs/compliance.md). */
export type OccurrenceStatus =
  | 'upcoming'
  | 'due_soon'
  | 'submitted'
  | 'satisfied'
  | 'satisfied_late'
  | 'in_force'
  | 'unverified'
  | 'overdue'
  | 'breached'
  | 'waived'
  | 'superseded'
  | 'void';
/** Every occurrence status, most urgent last. */
export const OCCURRENCE_STATUSES: readonly OccurrenceStatus[] = [
  'upcoming',
  'due_soon',
  'submitted',
  'satisfied',
  'satisfied_late',
  'in_force',
  'void',
  'superseded',
  'waived',
  'unverified',
  'overdue',
  'breached',
];
/** The status of a whole order on a date (design.md section 6.3). */
export type OrderStatus =
  | 'pending_entry'
  | 'compliant'
  | 'at_risk'
  | 'unverified'
  | 'non_compliant'
  | 'terminated'
  | 'expired'
  | 'vacated'
  | 'superseded';
/** Every order status. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending_entry',
  'compliant',
  'at_risk',
  'unverified',
  'non_compliant',
  'terminated',
  'expired',
  'vacated',
  'superseded',
];

/** A violation alleged against an occurrence and not yet found, cured or resolved on the date asked about. */
export interface PendingAllegation {
  readonly violationId: string;
  /** When the allegation took effect. */
  readonly on: CalendarDate;
  readonly eventId: string;
  /** Who alleged it (`DOJ`, `FTC`…). */
  readonly actor: string;
  readonly summary: string;
}

/** An input of an answer that its event marks as assumed (`metadata.assumed`), by field. */
export interface AssumedInput {
  readonly eventId: string;
  /** The field the note is about (the text before its first colon), or '' when it names none. */
  readonly field: string;
  readonly note: string;
}

/** Where a deciding event comes from (`metadata.source`). */
export interface SourceRef {
  readonly eventId: string;
  readonly source: string;
}

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
  /** When satisfying evidence took effect (satisfied, satisfied_late) or was filed (submitted; breached: the earliest filing that stands, accepted or awaiting a decision). */
  readonly satisfiedOn?: CalendarDate;
  /** Days late: evidence date (or the date asked about while none), or `lateThrough` when earlier, minus the deadline; only when positive. */
  readonly daysLate?: number;
  /** The day days late stopped running before the date asked about: the order's end, a waiver or a supersession (the deadline itself where they stopped by it: a breach, or an overdue occurrence of an order that ended on its deadline; or never ran on a partial evidence record). */
  readonly lateThrough?: CalendarDate;
  /** When `breached`: the effective date of the finding that keeps it so (the conduct it found may have begun earlier, and the status reads from then). */
  readonly foundOn?: CalendarDate;
  /** Plain-language reasons, in order. */
  readonly reasons: readonly string[];
  /** Ids of the events that decided the answer. */
  readonly because: readonly string[];
  /** Violations alleged against this occurrence and still pending (never part of the status itself). */
  readonly allegations: readonly PendingAllegation[];
  /** The assumed inputs behind this answer (from the deciding events' `metadata.assumed`). */
  readonly assumed: readonly AssumedInput[];
  /** The source references of the deciding events. */
  readonly sources: readonly SourceRef[];
  /** Who answers for it on the date asked about (`ObligationAssigned`), when someone was named. */
  readonly owner?: OwnerAnswer;
  /** What replaced it, when `superseded`. */
  readonly successor?: {
    readonly orderId?: string | undefined;
    readonly obligationId?: string | undefined;
  };
}

/** An order's answer on a date. */
export interface OrderAnswer {
  readonly orderId: string;
  readonly title?: string;
  readonly asOf: CalendarDate;
  readonly status: OrderStatus;
  readonly occurrences: readonly OccurrenceAnswer[];
  readonly reasons: readonly string[];
  /**
   * How many of the facts known for this answer were backfilled (`import --backfill`): their recorded
   * times were stated by whoever moved the history in, not observed by Decree, so an answer "as known
   * at" an instant rests on that statement. Absent when none.
   */
  readonly backfilled?: number;
  /** After the order's end: how many occurrences are still `overdue`, `unverified` or `breached`. */
  readonly outstanding?: number;
  /** When the order ended (termination's date, or the day after the term's last day), if it has by then. */
  readonly endedOn?: CalendarDate;
  /** While `pending_entry`: the duties whose deadlines count from entry, as their rule ("entry + 7 days"). */
  readonly pendingEntry?: readonly {
    readonly obligationId: string;
    readonly title: string;
    readonly rule: string;
  }[];
}

/** Options of a compliance question. */
export interface ComplianceOptions {
  /** Days before a deadline from which an unsatisfied occurrence is `due_soon` (default: the order's, else 30). */
  readonly warningDays?: number;
}

import type { CalendarDate, OrderEvent, OrderState } from '../../domain/index.js';
import { classifyOccurrence, occurrencesOn } from './classify.js';
import type { ComplianceOptions, OccurrenceAnswer } from './compliance.types.js';
import { warningDaysOf } from './order-status.js';

/** A day a deadline rolled past, and why (a Saturday, a Sunday, a named legal holiday). */
export interface SkippedDay {
  readonly date: CalendarDate;
  readonly why: string;
}

/** How an occurrence's deadline was computed: its schedule in words, the nominal date, each day rolled past, the rule, and any extension. */
export interface DeadlineComputation {
  /** The schedule in plain words ("once, due 2022-11-22"; "30 days after IncidentDiscovered inc-1, effective 2023-01-10"). */
  readonly schedule: string;
  readonly nominalDueOn: CalendarDate;
  /** The scheduled deadline: the nominal date after rolling (before extensions). */
  readonly scheduledDueOn: CalendarDate;
  /** The days the nominal date rolled past, in the direction it rolled. */
  readonly skipped: readonly SkippedDay[];
  /** The day-counting rule applied, with its citation ("FRCP 6(a)(1)(C): a last day on a weekend or legal holiday rolls to the next business day"). */
  readonly rule: string;
  /** The extension in force, if any. */
  readonly extension?: { readonly on: CalendarDate; readonly eventId: string; readonly newDueOn: CalendarDate };
}

/** Why an occurrence has its status: the answer, the events that decided it (in the order cited), the facts considered that did not decide, and how its deadline was computed. */
export interface Explanation {
  readonly answer: OccurrenceAnswer;
  readonly events: readonly OrderEvent[];
  /** Facts effective by the date asked about that bear on the occurrence but did not decide it: pending or resolved allegations, petitions, motions and their rulings. */
  readonly considered: readonly OrderEvent[];
  readonly computation: DeadlineComputation;
  /** True when the status rests on the absence of evidence (`overdue`, `unverified`): "no evidence recorded; not a finding" when unverified. */
  readonly noEvidence: boolean;
}

/** Explains one occurrence (`<obligationId>/<key>`) on `asOf`, or returns undefined if it does not exist then. */
export const explainOccurrence = (s: OrderState, occurrenceId: string, asOf: CalendarDate, options: ComplianceOptions = {}): Explanation | undefined => {
  const w = warningDaysOf(s, options);
  const placed = occurrencesOn(s, asOf, w).find((p) => `${p.obligation.id}/${p.spec.key}` === occurrenceId);
  if (!placed) return undefined;
  const answer = classifyOccurrence(s, placed, asOf, w);
  const byId = new Map(s.live.map((e) => [e.id, e]));
  // DEBT(#13): considered facts and the computation are filled in by the v2 explain (in progress).
  return {
    answer, events: answer.because.flatMap((id) => byId.get(id) ?? []), considered: [],
    computation: { schedule: '', nominalDueOn: answer.nominalDueOn, scheduledDueOn: answer.dueOn, skipped: [], rule: '' },
    noEvidence: answer.status === 'overdue' || answer.status === 'unverified',
  };
};

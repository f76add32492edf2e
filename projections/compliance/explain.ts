import type { CalendarDate, OrderEvent, OrderState } from '../../domain/index.js';
import { classifyOccurrence, occurrencesOn } from './classify.js';
import type { ComplianceOptions, OccurrenceAnswer } from './compliance.types.js';
import { warningDaysOf } from './order-status.js';

/** Why an occurrence has its status: the answer and the events that decided it, in the order cited. */
export interface Explanation {
  readonly answer: OccurrenceAnswer;
  readonly events: readonly OrderEvent[];
}

/** Explains one occurrence (`<obligationId>/<key>`) on `asOf`, or returns undefined if it does not exist then. */
export const explainOccurrence = (s: OrderState, occurrenceId: string, asOf: CalendarDate, options: ComplianceOptions = {}): Explanation | undefined => {
  const w = warningDaysOf(s, options);
  const placed = occurrencesOn(s, asOf, w).find((p) => `${p.obligation.id}/${p.spec.key}` === occurrenceId);
  if (!placed) return undefined;
  const answer = classifyOccurrence(s, placed, asOf, w);
  const byId = new Map(s.live.map((e) => [e.id, e]));
  return { answer, events: answer.because.flatMap((id) => byId.get(id) ?? []) };
};

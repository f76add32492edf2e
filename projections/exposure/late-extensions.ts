import {
  addDays,
  countingFor,
  deadline,
  occurrenceId,
  ownEntry,
  type CalendarDate,
  type Dated,
  type OrderFacts,
} from '../../domain/index.js';
import type { PlacedOccurrence } from '../compliance/classify.js';

/** An extension granted after the deadline it replaced had passed, and that deadline. */
export interface LateExtension {
  readonly replaced: CalendarDate;
  readonly extension: Dated & { readonly newDueOn: CalendarDate };
}

/**
 * The extensions of an occurrence effective by `asOf` that were granted after the deadline they
 * replaced had passed (each with that deadline, rolled as it was): such an extension sets a new
 * deadline from its date on and, like a waiver, never erases what accrued before it (days late,
 * post-judgment interest).
 */
export const lateExtensions = (
  s: OrderFacts,
  p: PlacedOccurrence,
  asOf: CalendarDate,
): LateExtension[] => {
  const late: LateExtension[] = [];
  let current = p.spec.dueOn;
  for (const x of ownEntry(s.occurrences, occurrenceId(p.obligation.id, p.spec.key))?.extensions ??
    []) {
    if (x.on > asOf) continue;
    if (x.on > addDays(current, 1)) late.push({ replaced: current, extension: x });
    current = deadline(x.newDueOn, countingFor(s, x.newDueOn, asOf), p.spec.backward === true);
  }
  return late;
};

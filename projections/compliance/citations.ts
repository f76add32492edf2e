import {
  sourceOf,
  type CalendarDate,
  type OrderFacts,
  type ViolationState,
} from '../../domain/index.js';
import type { AssumedInput, PendingAllegation, SourceRef } from './compliance.types.js';
import { violationsByOccurrence } from './occurrence-index.js';

const NO_ALLEGATIONS: readonly PendingAllegation[] = [];
const NO_ASSUMED: readonly AssumedInput[] = [];
const NO_SOURCES: readonly SourceRef[] = [];

/** Whether a violation is, on `asOf`, alleged and not yet found, cured or resolved. */
const pending = (v: ViolationState, asOf: CalendarDate): boolean => {
  const seen = (d: { on: CalendarDate } | undefined) => d !== undefined && d.on <= asOf;
  return seen(v.alleged) && !seen(v.found) && !seen(v.cured) && !seen(v.resolved);
};

/** The violations alleged against an occurrence by `asOf` and not found, cured or resolved by then. */
export const pendingAllegations = (
  s: OrderFacts,
  occurrence: string,
  asOf: CalendarDate,
): readonly PendingAllegation[] => {
  let out: PendingAllegation[] | undefined;
  for (const [violationId, v] of Object.entries(s.violations)) {
    if (`${v.obligationId}/${v.occurrence}` !== occurrence || !v.alleged || !pending(v, asOf))
      continue;
    const actor = sourceOf(s, v.alleged.eventId)?.actor ?? '';
    (out ??= []).push({
      violationId,
      on: v.alleged.on,
      eventId: v.alleged.eventId,
      actor,
      summary: v.summary ?? '',
    });
  }
  return out ?? NO_ALLEGATIONS;
};

/** Splits an assumed-value note ("dueOn: 30 days assumed") into the field it names and the note. */
const assumedInput = (eventId: string, note: string): AssumedInput => {
  const m = /^([A-Za-z][\w.[\]]*)\s*:\s*/.exec(note);
  return { eventId, field: m?.[1] ?? '', note: m ? note.slice(m[0].length) : note };
};

/** What an answer cites besides its status: pending allegations, the assumed inputs and the sources of its deciding events. */
export const citationsOf = (
  s: OrderFacts,
  occurrence: string,
  because: readonly string[],
  asOf: CalendarDate,
) => {
  let assumed: AssumedInput[] | undefined;
  let sources: SourceRef[] | undefined;
  for (const eventId of because) {
    const p = sourceOf(s, eventId);
    if (!p) continue;
    for (const note of p.assumed ?? []) (assumed ??= []).push(assumedInput(eventId, note));
    if (p.source !== undefined) (sources ??= []).push({ eventId, source: p.source });
  }
  // Facts and groups keyed by violation: the index is only consulted when the order has any violation.
  const allegations = violationsByOccurrence(s).has(occurrence)
    ? pendingAllegations(s, occurrence, asOf)
    : NO_ALLEGATIONS;
  return { allegations, assumed: assumed ?? NO_ASSUMED, sources: sources ?? NO_SOURCES };
};

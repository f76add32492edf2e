import {
  occurrenceId,
  ownEntry,
  type CalendarDate,
  type OrderEvent,
  type OrderState,
} from '../../domain/index.js';
import { classifyOccurrence, occurrencesOn, type PlacedOccurrence } from './classify.js';
import { computationOf, type DeadlineComputation } from './computation.js';

export type { DeadlineComputation } from './computation.js';
export type { SkippedDay } from './roll-reasons.js';
import type { ComplianceOptions, OccurrenceAnswer } from './compliance.types.js';
import { warningDaysOf } from './order-status.js';

/** Why an occurrence has its status: the answer, the events that decided it (in the order cited), the facts considered that did not decide, and how its deadline was computed. */
export interface Explanation {
  readonly answer: OccurrenceAnswer;
  readonly events: readonly OrderEvent[];
  /** Facts effective by the date asked about that bear on the occurrence but did not decide it: its evidence that did not meet it (a partial payment, a filing awaiting acceptance or rejected) and decisions on its filings, pending or resolved allegations, petitions, motions and their rulings. */
  readonly considered: readonly OrderEvent[];
  readonly computation: DeadlineComputation;
  /** True when the status rests on the absence of evidence (`overdue`, `unverified`): "no evidence recorded; not a finding" when unverified. */
  readonly noEvidence: boolean;
}

/**
 * Facts effective by `asOf` that bear on the occurrence without deciding it: its own evidence that
 * did not meet it (a payment short of the amount, a filing awaiting acceptance or rejected) and the
 * decisions on its filings, allegations about it (pending or resolved), and the order's petitions,
 * motions and rulings.
 */
const consideredFacts = (
  s: OrderState,
  p: PlacedOccurrence,
  asOf: CalendarDate,
  deciding: ReadonlySet<string>,
): OrderEvent[] => {
  const id = occurrenceId(p.obligation.id, p.spec.key);
  const evidence = new Set(ownEntry(s.occurrences, id)?.evidence.map((x) => x.eventId));
  const ofThis = (submissionId: string) => {
    const sub = ownEntry(s.submissions, submissionId);
    return sub !== undefined && occurrenceId(sub.obligationId, sub.occurrence) === id;
  };
  return s.live.filter((e) => {
    if (deciding.has(e.id) || e.metadata.effectiveOn > asOf) return false;
    if (evidence.has(e.id)) return true;
    switch (e.type) {
      case 'SubmissionAccepted':
      case 'SubmissionRejected':
        return ofThis(e.data.submissionId);
      case 'ViolationAlleged':
        return e.data.obligationId === p.obligation.id;
      case 'AllegationResolved':
      case 'ViolationCured':
        return ownEntry(s.violations, e.data.violationId)?.obligationId === p.obligation.id;
      case 'PetitionFiled':
      case 'PetitionDecided':
      case 'MotionDecided':
      case 'ExtensionRequested':
        return e.type !== 'ExtensionRequested' || e.data.obligationId === p.obligation.id;
      default:
        return false;
    }
  });
};

/** Explains one occurrence (`<obligationId>/<key>`) on `asOf`, or returns undefined if it does not exist then. */
export const explainOccurrence = (
  s: OrderState,
  occurrenceId: string,
  asOf: CalendarDate,
  options: ComplianceOptions = {},
): Explanation | undefined => {
  const w = warningDaysOf(s, options);
  const placed = occurrencesOn(s, asOf, w).find(
    (p) => `${p.obligation.id}/${p.spec.key}` === occurrenceId,
  );
  if (!placed) return undefined;
  const answer = classifyOccurrence(s, placed, asOf, w);
  const byId = new Map(s.live.map((e) => [e.id, e]));
  return {
    answer,
    events: answer.because.flatMap((id) => byId.get(id) ?? []),
    considered: consideredFacts(s, placed, asOf, new Set(answer.because)),
    computation: computationOf(s, placed, asOf),
    noEvidence: answer.status === 'overdue' || answer.status === 'unverified',
  };
};

import type { CalendarDate } from '../shared/primitives.js';
import {
  latestTerms,
  occurrenceId,
  ownEntry,
  termsOn,
  type Evidence,
  type ObligationTerms,
  type OrderFacts,
} from './order.state.js';

/** How far the evidence for one occurrence goes, as of a date, and the events that say so. */
export type Satisfaction =
  | {
      readonly status: 'satisfied';
      /** The date timeliness is judged by: the satisfying evidence's, or an earlier filing's that awaits a decision (see `metOn`). */
      readonly on: CalendarDate;
      readonly because: readonly string[];
      /** The satisfying evidence's date when a filing before it still awaits a decision: `on` is that filing's. */
      readonly metOn?: CalendarDate;
    }
  | {
      readonly status: 'submitted';
      readonly on: CalendarDate;
      readonly because: readonly string[];
    };

const byDate = (a: Evidence, b: Evidence) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0);

/**
 * The evidence effective on or before `asOf` (all when undefined), in date order (stable): the list
 * itself when it already is that (most are: evidence is recorded as it happens), else a sorted copy.
 */
const inOrderBy = (
  evidence: readonly Evidence[],
  asOf: CalendarDate | undefined,
): readonly Evidence[] => {
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i]!;
    if ((asOf !== undefined && e.on > asOf) || (i > 0 && evidence[i - 1]!.on > e.on))
      return evidence.filter((x) => asOf === undefined || x.on <= asOf).sort(byDate);
  }
  return evidence;
};

const paid = (terms: ObligationTerms, evidence: readonly Evidence[]): Satisfaction | undefined => {
  const owed = terms.amount;
  if (!owed) return undefined;
  let total = 0;
  const because: string[] = [];
  for (const p of evidence) {
    if (p.kind !== 'payment' || p.amount?.currency !== owed.currency) continue;
    total += p.amount.amountMinor;
    because.push(p.eventId);
    if (total >= owed.amountMinor) return { status: 'satisfied', on: p.on, because };
  }
  return undefined;
};

const decisionOn = (s: OrderFacts, submissionId: string, asOf: CalendarDate | undefined) => {
  const decision = ownEntry(s.submissions, submissionId)?.decision;
  return decision && (asOf === undefined || decision.on <= asOf) ? decision : undefined;
};

/**
 * Satisfied by evidence `e` (`because`: its event, and its acceptance if it needed one). An earlier
 * filing awaiting a decision (`pending`) still stands: timeliness is judged by it, as it would be
 * were it the only filing (a later filing accepted never makes the duty later), and its acceptance
 * later confirms it as of its date.
 */
const satisfiedBy = (
  e: Evidence,
  because: readonly string[],
  pending: Satisfaction | undefined,
): Satisfaction =>
  pending === undefined
    ? { status: 'satisfied', on: e.on, because }
    : {
        status: 'satisfied',
        on: pending.on,
        metOn: e.on,
        because: [...pending.because, ...because],
      };

const submitted = (
  s: OrderFacts,
  terms: ObligationTerms,
  evidence: readonly Evidence[],
  asOf: CalendarDate | undefined,
  acceptedBy: CalendarDate | undefined,
): Satisfaction | undefined => {
  let pending: Satisfaction | undefined;
  for (const e of evidence) {
    if (e.kind !== 'submission') continue;
    const accepted =
      decisionOn(s, e.factId, asOf) ??
      (acceptedBy === undefined ? undefined : decisionOn(s, e.factId, acceptedBy));
    // A rejected submission counts as never filed: one rejected by `asOf`, or by `acceptedBy` (then on).
    if (accepted?.accepted === false) continue;
    if (accepted?.accepted === true) return satisfiedBy(e, [e.eventId, accepted.eventId], pending);
    if (!terms.requiresAcceptance) return satisfiedBy(e, [e.eventId], pending);
    pending ??= { status: 'submitted', on: e.on, because: [e.eventId] };
  }
  return pending;
};

/**
 * Whether one occurrence is satisfied (or only submitted, awaiting a regulator's decision) as of
 * `asOf`, counting only evidence and decisions effective on or before it (all of them when
 * `asOf` is undefined), under the terms that govern the occurrence (`governing`; else those in
 * force on `asOf`). Payments satisfy when their running total in the obligation's currency
 * reaches its amount, on the date of the payment that reaches it. Timeliness is judged by the
 * evidence's own date, never by the date a regulator accepted it (design.md section 6), and by the
 * earliest filing that still stands: one awaiting a decision before the evidence that met it sets
 * `on` (the date that evidence met it is `metOn`). With
 * `acceptedBy`, a submission filed by `asOf` and accepted by `acceptedBy` counts too (an acceptance
 * confirms a filing as of its date), and one rejected by `acceptedBy` does not (a rejection counts
 * from its own date, and `acceptedBy` is after it).
 */
export const satisfactionOf = (
  s: OrderFacts,
  obligationId: string,
  key: string,
  asOf?: CalendarDate,
  governing?: ObligationTerms,
  acceptedBy?: CalendarDate,
): Satisfaction | undefined => {
  const o = ownEntry(s.obligations, obligationId);
  const terms = governing ?? (o && (asOf === undefined ? latestTerms(o) : termsOn(o, asOf)));
  const facts = ownEntry(s.occurrences, occurrenceId(obligationId, key));
  if (!terms || !facts) return undefined;
  const evidence = inOrderBy(facts.evidence, asOf);
  return terms.kind === 'payment'
    ? paid(terms, evidence)
    : submitted(s, terms, evidence, asOf, acceptedBy);
};

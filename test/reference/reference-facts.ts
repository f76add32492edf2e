/**
 * The reference model's reading of the facts of a log (no engine code, types only): what is known,
 * which occurrence a fact names, what evidence there is, rejections and allegations pending.
 */
import type { OrderEvent, OrderEventOf, Schedule } from '../../domain/index.js';

/** One event as the store recorded it. */
export interface RecordedFact {
  readonly event: OrderEvent;
  readonly recordedAt: string;
}

/** A duty's terms as the model reads them. */
export interface Terms {
  readonly kind: string;
  readonly schedule: Schedule;
  readonly amount?: { readonly amountMinor: number; readonly currency: string } | undefined;
  readonly requiresAcceptance: boolean;
  readonly evidenceRecord?: 'complete' | 'partial' | undefined;
  readonly tiers?:
    | readonly {
        readonly fromDay: number;
        readonly toDay?: number | undefined;
        readonly perDay: { readonly amountMinor: number; readonly currency: string };
      }[]
    | undefined;
  readonly interestBp?: number | undefined;
  /** The order applies payments to the principal before the interest (by default: interest first). */
  readonly principalFirst?: boolean | undefined;
  readonly condition?:
    { readonly measure: string; readonly op: string; readonly value: number } | undefined;
}

/** A duty: its id, imposition date and terms as first stated. */
export interface Duty {
  readonly id: string;
  readonly on: string;
  readonly base: Terms;
}

type Ev<T extends OrderEvent['type']> = OrderEventOf<T>;
const eff = (e: OrderEvent) => e.metadata.effectiveOn as string;

/** The events of the given types, in log order. */
export const ofType = <T extends OrderEvent['type']>(
  log: readonly OrderEvent[],
  ...types: T[]
): Ev<T>[] => log.filter((e): e is Ev<T> => (types as string[]).includes(e.type));

/** The events known at `knownAt`, minus those retracted by a known retraction, and minus the retractions. */
export const liveLog = (
  facts: readonly RecordedFact[],
  knownAt: string | undefined,
): OrderEvent[] => {
  const seen = new Set<string>();
  const known = facts
    .filter(
      (f) =>
        (knownAt === undefined || f.recordedAt <= knownAt) &&
        !seen.has(f.event.id) &&
        seen.add(f.event.id),
    )
    .map((f) => f.event);
  const retracted = new Set(ofType(known, 'EntryRetracted').map((e) => e.data.eventId));
  return known.filter((e) => e.type !== 'EntryRetracted' && !retracted.has(e.id));
};

const singleKey = (s: Schedule): string | undefined =>
  s.kind === 'ongoing'
    ? 'ongoing'
    : s.kind === 'once' || (s.kind === 'after' && s.anchor.kind !== 'trigger')
      ? 'once'
      : undefined;

/** An event that imposes a duty: an obligation, a demand for information, an assessed penalty. */
type Imposing = Ev<'ObligationImposed' | 'InformationDemanded' | 'PenaltyAssessed'>;

/** The id of the duty an event imposes. */
const dutyIdOf = (e: Imposing): string =>
  e.type === 'ObligationImposed'
    ? e.data.obligationId
    : e.type === 'InformationDemanded'
      ? e.data.demandId
      : e.data.penaltyId;

/** The schedule an imposing event sets: an obligation's own, a demand's date (or its period from the demand), a penalty's due date. */
export const imposedSchedule = (e: Imposing): Schedule => {
  if (e.type === 'ObligationImposed') return e.data.schedule;
  if (e.type === 'PenaltyAssessed') return { kind: 'once', dueOn: e.data.dueOn };
  return e.data.dueOn !== undefined
    ? { kind: 'once', dueOn: e.data.dueOn }
    : {
        kind: 'after',
        anchor: { kind: 'date', on: e.metadata.effectiveOn },
        offset: e.data.respondWithin ?? { days: 0 },
      };
};

/**
 * The schedule a duty had on `on` as recorded before position `at`: as imposed, with every amendment
 * recorded before it and effective by then, in effective-date order.
 */
const scheduleBefore = (
  log: readonly OrderEvent[],
  obligationId: string,
  at: number,
  on: string,
): Schedule | undefined => {
  const imposed = ofType(log, 'ObligationImposed', 'InformationDemanded', 'PenaltyAssessed').find(
    (x) => dutyIdOf(x) === obligationId,
  );
  if (!imposed) return undefined;
  const amendments = ofType(log.slice(0, at), 'ObligationAmended')
    .filter((a) => a.data.obligationId === obligationId && eff(a) <= on)
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (eff(x.a) < eff(y.a) ? -1 : eff(x.a) > eff(y.a) ? 1 : x.i - y.i));
  return amendments.reduce<Schedule>(
    (s, { a }) => a.data.changes.schedule ?? s,
    imposedSchedule(imposed),
  );
};

/**
 * The occurrence a fact names: its own `occurrence`, else the single occurrence of its duty on the
 * fact's date (a finding's: the day its conduct began, its period start), as recorded before it.
 */
export const keyOf = (
  log: readonly OrderEvent[],
  e: OrderEvent & { data: { obligationId: string; occurrence?: string | undefined } },
): string => {
  if (e.data.occurrence !== undefined) return e.data.occurrence;
  const on = e.type === 'ViolationFound' ? (e.data.period?.from ?? eff(e)) : eff(e);
  const s = scheduleBefore(log, e.data.obligationId, log.indexOf(e), on);
  return (s && singleKey(s)) ?? 'once';
};

const byDate = <T extends OrderEvent>(xs: readonly T[]): T[] =>
  xs
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (eff(a.e) < eff(b.e) ? -1 : eff(a.e) > eff(b.e) ? 1 : a.i - b.i))
    .map((x) => x.e);

/** The decision on a submission effective by `asOf`, if any. */
const decisionOf = (
  log: readonly OrderEvent[],
  submissionId: string,
  asOf: string,
): 'accepted' | 'rejected' | undefined => {
  const d = ofType(log, 'SubmissionAccepted', 'SubmissionRejected').find(
    (e) => e.data.submissionId === submissionId && eff(e) <= asOf,
  );
  return d === undefined ? undefined : d.type === 'SubmissionAccepted' ? 'accepted' : 'rejected';
};

/** Payments in date order summed to the amount owed: satisfied on the one that reaches it. */
const paidIn = (
  payments: readonly Ev<'PaymentMade'>[],
  t: Terms,
): { kind: 'satisfied'; on: string } | undefined => {
  if (!t.amount) return undefined;
  let total = 0;
  for (const p of payments) {
    if (p.data.amount.currency !== t.amount.currency) continue;
    total += p.data.amount.amountMinor;
    if (total >= t.amount.amountMinor) return { kind: 'satisfied', on: eff(p) };
  }
  return undefined;
};

/**
 * The evidence for one occurrence as of `asOf`: payments summed in date order to the amount, or the
 * first submission that counts, judged by the date of an earlier one awaiting a decision if there
 * is one. With `acceptedBy`, a submission filed by
 * `asOf` and accepted by then counts as well (an acceptance confirms a filing as of its date), and
 * one rejected by then does not (a rejection counts from its own date).
 */
export const evidenceOf = (
  log: readonly OrderEvent[],
  d: Duty,
  key: string,
  t: Terms,
  asOf: string,
  acceptedBy?: string,
): { kind: 'satisfied' | 'submitted'; on: string } | undefined => {
  const aimed = <E extends Ev<'PaymentMade' | 'SubmissionFiled'>>(xs: readonly E[]): E[] =>
    byDate(
      xs.filter((e) => e.data.obligationId === d.id && keyOf(log, e) === key && eff(e) <= asOf),
    );
  if (t.kind === 'payment') return paidIn(aimed(ofType(log, 'PaymentMade')), t);
  let pending: { kind: 'submitted'; on: string } | undefined;
  for (const s of aimed(ofType(log, 'SubmissionFiled'))) {
    const decision = decisionOf(log, s.data.submissionId, asOf);
    if (decision === 'rejected') continue;
    const later =
      acceptedBy === undefined ? undefined : decisionOf(log, s.data.submissionId, acceptedBy);
    if (later === 'rejected') continue; // rejected by then: never filed, from the rejection on
    // A filing before it still awaiting a decision stands: timeliness is judged by that one.
    if (decision === 'accepted' || later === 'accepted' || !t.requiresAcceptance)
      return { kind: 'satisfied', on: pending?.on ?? eff(s) };
    pending ??= { kind: 'submitted', on: eff(s) };
  }
  return pending;
};

/** Whether a submission for the occurrence was rejected by `asOf`: the regulator's word that it is unmet. */
export const rejected = (
  log: readonly OrderEvent[],
  obligationId: string,
  key: string,
  asOf: string,
): boolean =>
  ofType(log, 'SubmissionFiled').some(
    (s) =>
      s.data.obligationId === obligationId &&
      keyOf(log, s) === key &&
      decisionOf(log, s.data.submissionId, asOf) === 'rejected',
  );

/** Whether a violation alleged against the occurrence is, on `asOf`, not yet found, cured or resolved. */
export const pendingAllegation = (
  log: readonly OrderEvent[],
  occurrence: string,
  asOf: string,
): boolean => {
  const done = new Set(
    ofType(log, 'ViolationFound', 'ViolationCured', 'AllegationResolved')
      .filter((e) => eff(e) <= asOf)
      .map((e) => e.data.violationId),
  );
  // A violation is named by its first allegation or finding (later ones reuse its obligation and occurrence).
  const first = new Map<string, string>();
  for (const e of ofType(log, 'ViolationAlleged', 'ViolationFound'))
    if (!first.has(e.data.violationId))
      first.set(e.data.violationId, `${e.data.obligationId}/${keyOf(log, e)}`);
  return ofType(log, 'ViolationAlleged').some(
    (a) =>
      eff(a) <= asOf &&
      !done.has(a.data.violationId) &&
      first.get(a.data.violationId) === occurrence,
  );
};

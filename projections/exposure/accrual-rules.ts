// What accrual keeps across later acts (design.md 6.1): internal to exposure, not re-exported.
import {
  addDays,
  extendedDeadline,
  maxDate,
  minDate,
  occurrenceId,
  ownEntry,
  type CalendarDate,
  type Dated,
  type OrderFacts,
  type Waiver,
} from '../../domain/index.js';
import type { PlacedOccurrence } from '../compliance/classify.js';
import type { OccurrenceAnswer } from '../compliance/compliance.types.js';

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
const lateExtensions = (
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
    current = extendedDeadline(s, p.obligation, p.spec, x.newDueOn, asOf);
  }
  return late;
};

/**
 * The day before the first day a deadline counts (days late, interest): the deadline, or, for one
 * set by an extension granted after the deadline it replaced (`extendedOn`), the day before that
 * extension when later: the days before it counted under the deadline it replaced, each once.
 */
export const countsAfter = (
  dueOn: CalendarDate,
  extendedOn: CalendarDate | undefined,
): CalendarDate => (extendedOn === undefined ? dueOn : maxDate(dueOn, addDays(extendedOn, -1)));

/** What a deadline replaced by a late extension governed: the days after `from` through `last`. */
export interface ReplacedDeadline {
  readonly extension: LateExtension['extension'];
  /** The day before the first day it counts: the deadline, or the day before the late extension that set it when later. */
  readonly from: CalendarDate;
  /** The day before the extension that replaced it, or a waiver's date when earlier. */
  readonly last: CalendarDate;
}

/**
 * The deadlines of an occurrence that extensions replaced after they had passed (`lateExtensions`),
 * each with the days it governed, once each (days late and interest both count them): from its
 * date, or from the late extension that set it, to the day before the one that replaced it, or to
 * a waiver before that (an extension of an excused duty revives nothing); none after a retroactive
 * waiver (nothing was ever late).
 */
export const replacedDeadlines = (
  s: OrderFacts,
  p: PlacedOccurrence,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
): ReplacedDeadline[] => {
  const waived = waivedFrom(s, o, asOf);
  if (waived === 'retroactive') return [];
  return lateExtensions(s, p, asOf).map(({ replaced, extension }, i, all) => ({
    extension,
    from: countsAfter(replaced, all[i - 1]?.extension.on),
    last: minDate(addDays(extension.on, -1), waived ?? extension.on),
  }));
};

/**
 * The latest date an extension effective by `asOf` took effect, if any: the deadline in force
 * counts no day before it, also when it falls earlier (an extension granted after the deadline it
 * replaced, to a date already past, or one whose replaced deadline a later change moved): the days
 * before it were late, if at all, to the deadline then in force.
 */
export const deadlineSetOn = (
  s: OrderFacts,
  p: PlacedOccurrence,
  asOf: CalendarDate,
): CalendarDate | undefined => {
  let on: CalendarDate | undefined;
  for (const x of ownEntry(s.occurrences, occurrenceId(p.obligation.id, p.spec.key))?.extensions ??
    [])
    if (x.on <= asOf && (on === undefined || x.on > on)) on = x.on;
  return on;
};

/** The waivers in force by `asOf` of an occurrence: its obligation's and its own. */
export const waiversInForce = (
  s: OrderFacts,
  o: Pick<OccurrenceAnswer, 'obligationId' | 'key'>,
  asOf: CalendarDate,
): Waiver[] =>
  [
    ownEntry(s.obligations, o.obligationId)?.waived,
    ownEntry(s.occurrences, occurrenceId(o.obligationId, o.key))?.waived,
  ].filter((w): w is Waiver => known(w, asOf));

/**
 * The date from which a waiver in force by `asOf` excuses an occurrence (its obligation's or its
 * own, the earlier): days late stop there whatever a later extension says, since an extension of an
 * excused duty revives nothing; 'retroactive' when one reaches back (nothing was ever late).
 */
export const waivedFrom = (
  s: OrderFacts,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
): CalendarDate | 'retroactive' | undefined => {
  const waivers = waiversInForce(s, o, asOf);
  if (waivers.some((w) => w.retroactive === true)) return 'retroactive';
  return firstWaiver(waivers)?.on;
};

/** The earliest of `waivers` (the first, on a tie), if any. */
export const firstWaiver = (waivers: readonly Waiver[]): Waiver | undefined =>
  waivers.reduce<Waiver | undefined>((a, w) => (a === undefined || w.on < a.on ? w : a), undefined);

/** Whether a dated fact has taken effect by `asOf`. */
export const known = (d: Dated | undefined, asOf: CalendarDate): d is Dated =>
  d !== undefined && d.on <= asOf;

/**
 * Whether a waiver in force by `asOf`, of the obligation or of the occurrence, releases what
 * accrued before it: days late (those before a late extension too), whether the occurrence was
 * excused or met by then, found breached or not, and the interest of a payment it excuses
 * (`unpaidRow`; a payment met before the waiver keeps the interest that ran while it was late). A
 * finding is never released: its days are the breach's, priced apart (`breachSpans`).
 */
export const released = (s: OrderFacts, o: OccurrenceAnswer, asOf: CalendarDate): boolean =>
  waiversInForce(s, o, asOf).some((w) => w.releasesAccrued === true);

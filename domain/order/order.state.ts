import type { DayCounting, Schedule, TriggerFact } from '../schedule/schedule.schema.js';
import { addDays } from '../calendar/calendar.js';
import type { Counting } from '../calendar/business-days.js';
import type { CalendarDate, Money } from '../shared/primitives.js';
import { objectMemo } from '../shared/object-memo.js';
import type {
  AllegationResolution,
  EvidenceRecord,
  InstrumentKind,
  ObligationKind,
  PostJudgmentInterest,
  OrderEndKind,
  OrderEvent,
  OrderEventOf,
  PenaltyTier,
  Person,
  Ruling,
  Successor,
  ViolationPeriod,
} from './order.events.js';

/** When a fact took effect, and which event said so (the "why" of every answer). */
export interface Dated {
  readonly on: CalendarDate;
  readonly eventId: string;
}

/** The terms of an obligation as imposed or last amended. */
export interface ObligationTerms {
  readonly title: string;
  readonly kind: ObligationKind;
  readonly schedule: Schedule;
  readonly clause?: string | undefined;
  readonly clauseText?: string | undefined;
  readonly evidenceRecord?: EvidenceRecord | undefined;
  readonly amount?: Money | undefined;
  readonly stipulatedPenalties?: readonly PenaltyTier[] | undefined;
  readonly requiresAcceptance: boolean;
  readonly interest?: PostJudgmentInterest | undefined;
}

/** A waiver: from its date (or, `retroactive`, reaching back), and whether it releases penalties already accrued. */
export interface Waiver extends Dated {
  readonly retroactive?: boolean | undefined;
  readonly releasesAccrued?: boolean | undefined;
}

/** An amendment of an obligation's terms: the changes, effective from its date (or, `retroactive`, from the imposition). */
export interface Amendment extends Dated {
  readonly changes: Partial<ObligationTerms>;
  readonly retroactive?: boolean | undefined;
}

/** An obligation: its terms as imposed, the amendments to them (each effective from its date), and any waiver or supersession. */
export interface ObligationState extends Dated {
  readonly id: string;
  readonly origin: 'imposed' | 'demand' | 'penalty';
  readonly terms: ObligationTerms;
  readonly amendments: readonly Amendment[];
  readonly waived?: Waiver | undefined;
  readonly superseded?: (Dated & { readonly successor: Successor }) | undefined;
}

/** Evidence for one occurrence: a filed submission or a payment. */
export interface Evidence extends Dated {
  readonly factId: string;
  readonly kind: 'submission' | 'payment';
  readonly amount?: Money | undefined;
}

/** Everything recorded against one occurrence (`<obligationId>/<key>`). */
export interface OccurrenceFacts {
  readonly evidence: readonly Evidence[];
  readonly extensions: readonly (Dated & { readonly newDueOn: CalendarDate })[];
  readonly waived?: Waiver | undefined;
}

/** A submission and the regulator's decision on it, if any. */
export interface SubmissionState extends Dated {
  readonly obligationId: string;
  readonly occurrence: string;
  readonly decision?: (Dated & { readonly accepted: boolean }) | undefined;
}

/** A violation: alleged, found (with the period of conduct and count when stated), cured or resolved, each with its date. */
export interface ViolationState {
  readonly obligationId: string;
  readonly occurrence: string;
  readonly summary?: string | undefined;
  readonly alleged?: Dated | undefined;
  readonly found?:
    | (Dated & {
        readonly period?: ViolationPeriod | undefined;
        readonly count?: number | undefined;
      })
    | undefined;
  readonly cured?: Dated | undefined;
  readonly resolved?: (Dated & { readonly resolution: AllegationResolution }) | undefined;
}

/** A violation's finding: its date, and the conduct's period and count when the finding gives them. */
export type Finding = NonNullable<ViolationState['found']>;

/**
 * The first day a finding speaks to: the violation's start (`period.from`), else the finding's own
 * date. Design.md 6.2 reads an occurrence `breached` "from the violation's start", and 6.4 prices
 * the breach from there: a finding recorded later changes the answers on the days its conduct
 * covers, as known once it is recorded (an answer as known before that still reads no breach).
 */
export const findingFrom = (found: Finding): CalendarDate => found.period?.from ?? found.on;

/** `findingFrom` of a finding's event: its period's start, else its effective date. */
export const findingEventFrom = (e: OrderEventOf<'ViolationFound'>): CalendarDate =>
  e.data.period?.from ?? e.metadata.effectiveOn;

/**
 * The day the conduct a violation's allegation or finding speaks of began: a finding's period start
 * (`findingEventFrom`), else the event's effective date. The occurrence such an event names by
 * default is the one of the terms in force then (design.md 6.1: conduct is judged under the terms it
 * happened under, not those of a later amendment).
 */
export const violationEventFrom = (
  e: OrderEventOf<'ViolationAlleged' | 'ViolationFound'>,
): CalendarDate => (e.type === 'ViolationFound' ? findingEventFrom(e) : e.metadata.effectiveOn);

/**
 * Who answers for an obligation (or, with `occurrence`, one occurrence of it), from the assignment's
 * date forward (`ObligationAssigned`): an owner and, optionally, a backup.
 */
export interface Assignment extends Dated {
  readonly obligationId: string;
  /** The occurrence key assigned; undefined: the obligation's occurrences due on or after `on`. */
  readonly occurrence?: string | undefined;
  readonly owner: Person;
  readonly backup?: Person | undefined;
}

/** A petition or motion and the ruling on it, if any. */
export interface PetitionState extends Dated {
  readonly relief: string;
  readonly summary: string;
  readonly ruling?:
    | (Dated & { readonly ruling: Ruling; readonly by: 'PetitionDecided' | 'MotionDecided' })
    | undefined;
}

/** What an answer cites of an event besides its id: its type, date, actor, and where it comes from. */
export interface Provenance {
  readonly type: OrderEvent['type'];
  readonly actor: string;
  readonly source?: string | undefined;
  readonly assumed?: readonly string[] | undefined;
  /** Set when the event's recorded time was stated by a backfill (`import --backfill`), not observed. */
  readonly backfilled?: true | undefined;
}

/** A triggering fact: its id, date and the numbers it carries (for obligations' conditions). */
export interface TriggerState extends Dated {
  readonly id: string;
  readonly measures?: Readonly<Record<string, number>> | undefined;
  /** The day the change takes effect, when recorded ahead of it. */
  readonly occursOn?: CalendarDate | undefined;
}

/** How and when an order ended by an event (a term running out needs none). */
export interface OrderEnding extends Dated {
  readonly reason: string;
  readonly kind: OrderEndKind;
  readonly successor?: string | undefined;
}

/** A change to the order's term or day counting, effective from its date (filing, entry or modification). */
export interface OrderTermsChange extends Dated {
  readonly termEndsOn?: CalendarDate | undefined;
  readonly counting?: DayCounting | undefined;
  readonly evidenceRecord?: EvidenceRecord | undefined;
  readonly retroactive?: boolean | undefined;
}

/** The order's term, day counting and evidence record in effect on a date. */
export interface OrderTerms {
  readonly termEndsOn?: CalendarDate | undefined;
  readonly counting: DayCounting;
  readonly evidenceRecord?: EvidenceRecord | undefined;
}

/** An event as the state remembers it: enough to answer idempotency and retraction questions. */
export interface SeenEvent {
  readonly type: OrderEvent['type'];
  readonly fingerprint: string;
  readonly retracted: boolean;
}

/**
 * The facts of one order: everything recorded, with the effective date of each fact, so that
 * status at any date is a pure function of them (see projections/). Retracted events are gone
 * from every field but `retracted`. Read models store these (the events stay in the store).
 */
export interface OrderFacts {
  readonly phase: 'none' | 'filed' | 'entered' | 'terminated';
  readonly orderId?: string | undefined;
  readonly title?: string | undefined;
  /** The kind of instrument (an FTC administrative order, a stipulated court order…): it decides the basis of exposure. */
  readonly instrument?: InstrumentKind | undefined;
  /** The court or agency that issued it, as filed ("N.D. Cal.", "FTC"): an administrative order is priced at the FTC Act's ceiling only when it names the FTC. */
  readonly forum?: string | undefined;
  readonly filed?: Dated | undefined;
  readonly entered?: Dated | undefined;
  readonly terminated?: OrderEnding | undefined;
  readonly terms: readonly OrderTermsChange[];
  readonly warningDays: number;
  readonly obligations: Readonly<Record<string, ObligationState>>;
  readonly occurrences: Readonly<Record<string, OccurrenceFacts>>;
  readonly submissions: Readonly<Record<string, SubmissionState>>;
  readonly violations: Readonly<Record<string, ViolationState>>;
  readonly triggers: Readonly<Record<TriggerFact, readonly TriggerState[]>>;
  /** Days the court or office was declared closed (`ClosureDeclared`): legal holidays for this order's deadlines. */
  readonly closures: readonly (Dated & {
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly reason: string;
  })[];
  /** Who answers for which duty, from when (`ObligationAssigned`), in recorded order. */
  readonly assignments: readonly Assignment[];
  /** Petitions and motions filed, by id, with their rulings. */
  readonly petitions: Readonly<Record<string, PetitionState>>;
  /** Type, actor, source and assumed values of every live event, by id (what answers cite). */
  readonly provenance: Readonly<Record<string, Provenance>>;
  /** Events retracted, by id, with what they were (the live events are in `live`). */
  readonly retracted: Readonly<Record<string, Omit<SeenEvent, 'retracted'>>>;
}

/** The state of one order as folding keeps it: its facts and every event not retracted (for idempotency and retraction). */
export interface OrderState extends OrderFacts {
  /** Every event not retracted, in recorded order. */
  readonly live: readonly OrderEvent[];
}

/** Default warning window before a due date, in days (design.md section 6). */
export const DEFAULT_WARNING_DAYS = 30;
/** Roll-forward past weekends and federal holidays is the default (FRCP 6(a)(1)(C)). */
export const DEFAULT_DAY_COUNTING: DayCounting = { rollForward: true };

/** The state of an order before anything is recorded. */
export const initialOrderState = (): OrderState => ({
  phase: 'none',
  terms: [],
  warningDays: DEFAULT_WARNING_DAYS,
  obligations: {},
  occurrences: {},
  submissions: {},
  violations: {},
  triggers: { IncidentDiscovered: [], CorporateChangeOccurred: [], ProductLaunched: [] },
  closures: [],
  assignments: [],
  petitions: {},
  provenance: {},
  retracted: {},
  live: [],
});

/**
 * A record's own entry under `key`, never one inherited from `Object.prototype`: `constructor`,
 * `toString` or `valueOf` are valid ids. Every keyed read of the state's records (obligations,
 * occurrences, submissions, violations, petitions, provenance, retracted) goes through it.
 */
export const ownEntry = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/**
 * An order's record of sources kept undecoded by whoever decoded its facts (a stored read model:
 * see `deserializeOrderModel`), read one entry at a time: an answer cites about half of them.
 */
export interface SourcesLookup {
  /** `ownEntry(provenance, eventId)`, the entry decoded alone. */
  entry(eventId: string): Provenance | undefined;
  /** How many entries are marked `backfilled`. */
  backfilled(): number;
}

/** The key under which facts may carry their `SourcesLookup` (not enumerable: a copy of the facts has none, and reads `provenance`). */
export const SOURCES_LOOKUP: unique symbol = Symbol('decree.sourcesLookup');

/** The facts' `SourcesLookup`, when they carry one. */
export const sourcesLookupOf = (s: OrderFacts): SourcesLookup | undefined =>
  (s as { readonly [SOURCES_LOOKUP]?: SourcesLookup })[SOURCES_LOOKUP];

/** The source of event `eventId` in the order's record of sources (`ownEntry(s.provenance, eventId)`), without decoding the whole record where the facts keep it undecoded. */
export const sourceOf = (s: OrderFacts, eventId: string): Provenance | undefined => {
  const lookup = sourcesLookupOf(s);
  return lookup ? lookup.entry(eventId) : ownEntry(s.provenance, eventId);
};

/** The id of one occurrence of an obligation. */
export const occurrenceId = (obligationId: string, key: string): string => `${obligationId}/${key}`;

/**
 * The terms of an obligation in effect on `date`: as imposed, with every amendment effective on or
 * before it applied in effective-date order (recorded order within a day), so a backdated amendment
 * changes only what it says. Undefined before the obligation is imposed.
 */
export const termsOn = (o: ObligationState, date: string): ObligationTerms | undefined =>
  o.on > date ? undefined : amendedBy(o, date);

/** The terms as imposed with the amendments effective on or before `date` applied, in effective-date order. */
const amendedBy = (o: ObligationState, date: string): ObligationTerms =>
  o.amendments
    .filter((a) => a.on <= date)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)) // stable: recorded order within a day
    .reduce<ObligationTerms>((t, a) => ({ ...t, ...a.changes }), o.terms);

const latestTermsCache = objectMemo<ObligationState, ObligationTerms>('decree.latestTerms');

/** The terms of an obligation with every amendment recorded applied, whatever their effective dates. */
export const latestTerms = (o: ObligationState): ObligationTerms => {
  if (o.amendments.length === 0) return o.terms;
  // States are immutable, so the answer is cached per obligation object (rules ask several times per fact).
  const hit = latestTermsCache.get(o);
  if (hit !== undefined) return hit;
  const terms = [...o.amendments]
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
    .reduce<ObligationTerms>((t, a) => ({ ...t, ...a.changes }), o.terms);
  latestTermsCache.set(o, terms);
  return terms;
};

/** One period of an obligation's terms: from its first day, the terms that govern occurrences whose deadline falls in it. */
export interface TermsPeriod {
  readonly from: CalendarDate;
  readonly terms: ObligationTerms;
}

const byOn = <T extends Dated>(a: T, b: T) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0);
const periodsCache = objectMemo<ObligationState, Map<string, readonly TermsPeriod[]>>(
  'decree.termsPeriods',
);

/**
 * The periods of an obligation's terms under the amendments effective by `asOf` (all when
 * undefined), design.md 6.1: the terms as imposed hold from the imposition; each amendment starts
 * a period on its effective date with its changes applied; a `retroactive` amendment, or one
 * effective on or before the imposition, changes every period. Amendments apply in effective-date
 * order (recorded order within a day). An occurrence is governed by the period its deadline falls in.
 */
export const termsPeriods = (o: ObligationState, asOf?: CalendarDate): readonly TermsPeriod[] => {
  if (o.amendments.length === 0) return [{ from: o.on, terms: o.terms }];
  let memo = periodsCache.get(o);
  if (!memo) periodsCache.set(o, (memo = new Map()));
  const key = asOf ?? '';
  const hit = memo.get(key);
  if (hit) return hit;
  const inForce = o.amendments.filter((a) => asOf === undefined || a.on <= asOf).sort(byOn);
  const starts = [
    o.on,
    ...new Set(inForce.filter((a) => a.retroactive !== true && a.on > o.on).map((a) => a.on)),
  ];
  const periods = starts.map((from) => ({
    from,
    terms: inForce
      .filter((a) => a.retroactive === true || a.on <= from)
      .reduce<ObligationTerms>((t, a) => ({ ...t, ...a.changes }), o.terms),
  }));
  memo.set(key, periods);
  return periods;
};

/** An order's term changes in effective-date order, recorded order within a day (most are recorded in that order already). */
const inEffectOrder = (changes: readonly OrderTermsChange[]): readonly OrderTermsChange[] => {
  for (let i = 1; i < changes.length; i++)
    if (changes[i]!.on < changes[i - 1]!.on)
      return [...changes].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)); // stable
  return changes;
};

/**
 * The last day of the term a change sets: one that is not `retroactive` governs from its effective
 * date, so it cannot end the term before then: a modification of 2023-06-01 that says the term
 * ended 2022-12-31 ends it on 2023-05-31, leaving what fell due and accrued before as it was
 * (design.md 6.1, 6.4). The filing's own terms stand as filed.
 */
const termEndOf = (c: OrderTermsChange, filing: OrderTermsChange | undefined) => {
  const last = c.termEndsOn;
  if (last === undefined || c === filing || c.retroactive === true) return last;
  const before = addDays(c.on, -1);
  return last < before ? before : last;
};

/** The changes effective on or before `date` (all when undefined) applied in effective-date order. */
const composeTerms = (changes: readonly OrderTermsChange[], date?: string): OrderTerms => {
  let t: OrderTerms = { counting: DEFAULT_DAY_COUNTING };
  for (const c of inEffectOrder(changes))
    if (date === undefined || c.on <= date)
      t = {
        termEndsOn: termEndOf(c, changes[0]) ?? t.termEndsOn,
        counting: c.counting ?? t.counting,
        evidenceRecord: c.evidenceRecord ?? t.evidenceRecord,
      };
  return t;
};

/**
 * The day counting that places a deadline whose nominal date is `nominal`, under the changes
 * effective by `asOf` (all when undefined): a change of counting governs deadlines nominally due
 * on or after its effective date, or every one when it says `retroactive` (design.md 6.1). The
 * filing's counting holds before any change.
 */
export const countingFor = (s: OrderFacts, nominal: CalendarDate, asOf?: CalendarDate): Counting =>
  withClosures(s, countingRuleFor(s, nominal, asOf), asOf);

const closureSets = objectMemo<OrderFacts['closures'], Map<string, ReadonlySet<string>>>(
  'decree.closedDays',
);

/** The days an order's closures declared by `asOf` (all when undefined) cover. */
export const closedDays = (s: OrderFacts, asOf?: CalendarDate): ReadonlySet<string> => {
  let memo = closureSets.get(s.closures);
  if (!memo) closureSets.set(s.closures, (memo = new Map()));
  const hit = memo.get(asOf ?? '');
  if (hit) return hit;
  const days = new Set<string>();
  for (const c of s.closures) {
    if (asOf !== undefined && c.on > asOf) continue;
    for (let d = c.from; d <= c.to; d = addDays(d, 1)) days.add(d);
  }
  memo.set(asOf ?? '', days);
  return days;
};

/** A day counting with the order's declared closures (by `asOf`) attached. */
export const withClosures = (
  s: OrderFacts,
  counting: DayCounting,
  asOf?: CalendarDate,
): Counting =>
  s.closures.length === 0 ? counting : { ...counting, closures: closedDays(s, asOf) };

/**
 * The value of one of the order's terms that governs what falls due on `date`, under the changes
 * effective by `asOf` (all when undefined): a change governs from its effective date on, or
 * reaches back to the filing when it says `retroactive` (design.md 6.1); the filing's holds before
 * any. Undefined when no change set it.
 */
const governingTerm = <K extends 'counting' | 'evidenceRecord'>(
  s: OrderFacts,
  key: K,
  date: CalendarDate,
  asOf: CalendarDate | undefined,
): OrderTermsChange[K] | undefined => {
  let value: OrderTermsChange[K] | undefined;
  let on = '';
  s.terms.forEach((c, i) => {
    if (c[key] === undefined || (asOf !== undefined && i > 0 && c.on > asOf)) return;
    if (i > 0 && c.retroactive !== true && c.on > date) return;
    const when = i === 0 || c.retroactive === true ? '' : c.on;
    if (when >= on) {
      value = c[key];
      on = when;
    }
  });
  return value;
};

const countingRuleFor = (s: OrderFacts, nominal: CalendarDate, asOf?: CalendarDate): DayCounting =>
  governingTerm(s, 'counting', nominal, asOf) ?? DEFAULT_DAY_COUNTING;

/**
 * The order's evidence record for an occurrence due `dueOn` (its scheduled deadline), under the
 * changes effective by `asOf`: a modification governs what falls due from its date (or reaches
 * back when `retroactive`), so an occurrence that fell due under a complete record stays overdue
 * when the record is later called partial, and silence under a partial one stays no default
 * when it is later called complete (design.md 6.1).
 */
export const evidenceRecordFor = (
  s: OrderFacts,
  dueOn: CalendarDate,
  asOf?: CalendarDate,
): EvidenceRecord | undefined => governingTerm(s, 'evidenceRecord', dueOn, asOf);

/**
 * The order's term and counting in effect on `date`: every change effective on or before it,
 * applied in effective-date order, so a backdated modification changes only what it says and only
 * until a later-effective one. Before the filing, the filing's own terms.
 */
export const orderTermsOn = (s: OrderFacts, date: string): OrderTerms =>
  s.terms.some((t) => t.on <= date)
    ? composeTerms(s.terms, date)
    : composeTerms(s.terms.slice(0, 1));

const orderTermsCache = objectMemo<readonly OrderTermsChange[], OrderTerms>(
  'decree.latestOrderTerms',
);

/** The order's term and counting with every change recorded applied, in effective-date order. */
export const latestOrderTerms = (s: OrderFacts): OrderTerms => {
  const hit = orderTermsCache.get(s.terms);
  if (hit !== undefined) return hit;
  const terms = composeTerms(s.terms);
  orderTermsCache.set(s.terms, terms);
  return terms;
};

/**
 * The occurrence a fact dated `on` names when it names none: the only one of the schedule in force
 * on that date (its imposition's with the amendments effective by then: an amendment that takes
 * effect later, recorded before or after, does not send an earlier filing elsewhere), or undefined
 * when that schedule recurs or is triggered.
 */
export const defaultOccurrenceOn = (o: ObligationState, on: string): string | undefined =>
  singleOccurrenceKey((o.amendments.length === 0 ? o.terms : amendedBy(o, on)).schedule);

/** The key of a schedule's only occurrence (`once`, `ongoing`), or undefined for recurring and triggered schedules. */
export const singleOccurrenceKey = (schedule: Schedule): string | undefined => {
  if (schedule.kind === 'ongoing') return 'ongoing';
  if (
    schedule.kind === 'recurring' ||
    schedule.kind === 'before' ||
    (schedule.kind === 'after' && schedule.anchor.kind === 'trigger')
  )
    return undefined;
  return 'once';
};

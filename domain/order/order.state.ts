import type { DayCounting, Schedule, TriggerFact } from '../schedule/schedule.schema.js';
import type { CalendarDate, Money } from '../shared/primitives.js';
import type { ObligationKind, OrderEvent, PenaltyTier } from './order.events.js';

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
  readonly amount?: Money | undefined;
  readonly stipulatedPenalties?: readonly PenaltyTier[] | undefined;
  readonly requiresAcceptance: boolean;
}

/** An obligation: its terms as imposed, the amendments to them (each effective from its date), and any waiver. */
export interface ObligationState extends Dated {
  readonly id: string;
  readonly origin: 'imposed' | 'demand' | 'penalty';
  readonly terms: ObligationTerms;
  readonly amendments: readonly (Dated & { readonly changes: Partial<ObligationTerms> })[];
  readonly waived?: Dated | undefined;
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
  readonly waived?: Dated | undefined;
}

/** A submission and the regulator's decision on it, if any. */
export interface SubmissionState extends Dated {
  readonly obligationId: string;
  readonly occurrence: string;
  readonly decision?: (Dated & { readonly accepted: boolean }) | undefined;
}

/** A violation: alleged, found, cured, each with its date. */
export interface ViolationState {
  readonly obligationId: string;
  readonly occurrence: string;
  readonly alleged?: Dated | undefined;
  readonly found?: Dated | undefined;
  readonly cured?: Dated | undefined;
}

/** A change to the order's term or day counting, effective from its date (filing, entry or modification). */
export interface OrderTermsChange extends Dated {
  readonly termEndsOn?: CalendarDate | undefined;
  readonly counting?: DayCounting | undefined;
}

/** The order's term and day counting in effect on a date. */
export interface OrderTerms {
  readonly termEndsOn?: CalendarDate | undefined;
  readonly counting: DayCounting;
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
  readonly filed?: Dated | undefined;
  readonly entered?: Dated | undefined;
  readonly terminated?: (Dated & { readonly reason: string }) | undefined;
  readonly terms: readonly OrderTermsChange[];
  readonly warningDays: number;
  readonly obligations: Readonly<Record<string, ObligationState>>;
  readonly occurrences: Readonly<Record<string, OccurrenceFacts>>;
  readonly submissions: Readonly<Record<string, SubmissionState>>;
  readonly violations: Readonly<Record<string, ViolationState>>;
  readonly triggers: Readonly<Record<TriggerFact, readonly (Dated & { readonly id: string })[]>>;
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
  triggers: { IncidentDiscovered: [], CorporateChangeOccurred: [] },
  retracted: {},
  live: [],
});

/** The id of one occurrence of an obligation. */
export const occurrenceId = (obligationId: string, key: string): string => `${obligationId}/${key}`;

/**
 * The terms of an obligation in effect on `date`: as imposed, with every amendment effective on or
 * before it applied in effective-date order (recorded order within a day), so a backdated amendment
 * changes only what it says. Undefined before the obligation is imposed.
 */
export const termsOn = (o: ObligationState, date: string): ObligationTerms | undefined => {
  if (o.on > date) return undefined;
  return o.amendments
    .filter((a) => a.on <= date)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)) // stable: recorded order within a day
    .reduce<ObligationTerms>((t, a) => ({ ...t, ...a.changes }), o.terms);
};

const latestTermsCache = new WeakMap<ObligationState, ObligationTerms>();

/** The terms of an obligation with every amendment recorded applied, whatever their effective dates. */
export const latestTerms = (o: ObligationState): ObligationTerms => {
  if (o.amendments.length === 0) return o.terms;
  // States are immutable, so the answer is cached per obligation object (rules ask several times per fact).
  const hit = latestTermsCache.get(o);
  if (hit !== undefined) return hit;
  const terms = [...o.amendments].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)).reduce<ObligationTerms>((t, a) => ({ ...t, ...a.changes }), o.terms);
  latestTermsCache.set(o, terms);
  return terms;
};

const composeTerms = (changes: readonly OrderTermsChange[]): OrderTerms =>
  [...changes].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)) // stable: recorded order within a day
    .reduce<OrderTerms>((t, c) => ({ termEndsOn: c.termEndsOn ?? t.termEndsOn, counting: c.counting ?? t.counting }), { counting: DEFAULT_DAY_COUNTING });

/**
 * The order's term and counting in effect on `date`: every change effective on or before it,
 * applied in effective-date order, so a backdated modification changes only what it says and only
 * until a later-effective one. Before the filing, the filing's own terms.
 */
export const orderTermsOn = (s: OrderFacts, date: string): OrderTerms => {
  const effective = s.terms.filter((t) => t.on <= date);
  return composeTerms(effective.length > 0 ? effective : s.terms.slice(0, 1));
};

const orderTermsCache = new WeakMap<readonly OrderTermsChange[], OrderTerms>();

/** The order's term and counting with every change recorded applied, in effective-date order. */
export const latestOrderTerms = (s: OrderFacts): OrderTerms => {
  const hit = orderTermsCache.get(s.terms);
  if (hit !== undefined) return hit;
  const terms = composeTerms(s.terms);
  orderTermsCache.set(s.terms, terms);
  return terms;
};

/** The key of a schedule's only occurrence (`once`, `ongoing`), or undefined for recurring and triggered schedules. */
export const singleOccurrenceKey = (schedule: Schedule): string | undefined => {
  if (schedule.kind === 'ongoing') return 'ongoing';
  if (schedule.kind === 'recurring' || (schedule.kind === 'after' && schedule.anchor.kind === 'trigger')) return undefined;
  return 'once';
};

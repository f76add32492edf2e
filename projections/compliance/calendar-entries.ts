import {
  addDays,
  daysBetween,
  evolveOrder,
  foldOrder,
  initialOrderState,
  type CalendarDate,
  type Instant,
  type OrderEvent,
  type OrderFacts,
} from '../../domain/index.js';
import { objectMemo } from '../../domain/shared/object-memo.js';
import type { ComplianceOptions } from './compliance.types.js';
import { citationsOf } from './citations.js';
import { classifyOccurrence, occurrencesOn } from './classify.js';
import { computationOf } from './computation.js';
import { occurrenceSequence } from './calendar-sequence.js';
import type { DeadlineEntry } from './deadlines.js';
import type { RecordedOrderEvent } from './known-at.js';
import { pendingEntry, warningDaysOf } from './order-status.js';

/** What took an occurrence away from the record: a retraction, and the event it retracted. */
export interface CalendarRetraction {
  /** The id of the `EntryRetracted` event. */
  readonly by: string;
  /** The id of the event it retracted. */
  readonly eventId: string;
  /** The type of the event it retracted (`IncidentDiscovered`, `ObligationImposed`…). */
  readonly type: OrderEvent['type'];
}

/** A deadline for a calendar: the occurrence's answer and computation, with its order's title and the clause that imposes it. */
export interface CalendarEntry extends DeadlineEntry {
  readonly orderTitle?: string;
  /** The section of the order that imposes the duty (`ObligationImposed.clause`), when recorded. */
  readonly clause?: string;
  /**
   * The revision of the occurrence's calendar event (its iCalendar SEQUENCE): a calendar client
   * replaces the copy it holds of an event only by one with a higher number. It is computed from
   * the record alone (the same record and date give the same number) and never falls as the record
   * grows, retractions included, or as `asOf` advances; it grows with every recorded fact that
   * bears on the occurrence (its obligation's, its own, its order's terms, a retraction) and on the
   * day each such fact takes effect, so a deadline moved, met, waived or cancelled is exported
   * with a higher number than before. An order with retractions needs its facts from its log
   * (`calendarFactsOf`) for that: its facts alone no longer say what a retracted event held.
   */
  readonly sequence: number;
  /**
   * Set when a retraction took the occurrence away (the fact that triggered it, its obligation's
   * imposition or the order's entry was retracted) and the record does not hold it again: the entry
   * is the deadline as last listed before that retraction, with status `void` (it binds no one, as
   * if never recorded), for a calendar to cancel the event it holds. Only orders whose facts come
   * from their log (`calendarFactsOf`) list such entries.
   */
  readonly retracted?: CalendarRetraction;
}

/** A retraction that took an event away, with the order's facts just before and just after it. */
interface RetractionStep extends CalendarRetraction {
  readonly before: OrderFacts;
  readonly after: OrderFacts;
}

/** The retractions an order's facts were folded through, when they come from `calendarFactsOf`. */
const retractionsMemo = objectMemo<OrderFacts, readonly RetractionStep[]>(
  'decree.calendarRetractions',
);

/**
 * An order's facts folded from its log, as known at `knownAt` (every event when undefined), that
 * also keep the order's facts just before and after each retraction that took an event away:
 * `calendarEntriesOf` reads them to export an occurrence a retraction took away as cancelled, and
 * to keep each sequence growing across retractions. Facts kept by an order's read model (or
 * folded with `stateKnownAt`) say nothing of what a retracted event held.
 */
export const calendarFactsOf = (
  log: Iterable<RecordedOrderEvent>,
  knownAt?: Instant | string,
): OrderFacts => {
  const steps: RetractionStep[] = [];
  let s = initialOrderState();
  let pending: OrderEvent[] = [];
  for (const r of log) {
    if (knownAt !== undefined && r.recordedAt > knownAt) continue;
    const e = r.event;
    if (e.type !== 'EntryRetracted') {
      pending.push(e);
      continue;
    }
    s = foldOrder(s, pending);
    pending = [];
    const target = s.live.find((x) => x.id === e.data.eventId);
    const after = evolveOrder(s, e);
    if (target !== undefined && after !== s)
      steps.push({ by: e.id, eventId: target.id, type: target.type, before: s, after });
    s = after;
  }
  const facts = foldOrder(s, pending);
  retractionsMemo.set(facts, steps);
  return facts;
};

/** An order's entries without their sequence. */
type Unsequenced = Omit<CalendarEntry, 'sequence'>;

/** The occurrences with a deadline that exist on `asOf` (their ids, whatever their date) and the entries of those dated in the window. */
interface Listing {
  readonly ids: ReadonlySet<string>;
  readonly entries: readonly Unsequenced[];
}

/** The window of a calendar and the date it is read on. */
interface CalendarWindow {
  readonly asOf: CalendarDate;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly options: ComplianceOptions;
}

const listingOf = (s: OrderFacts, { asOf, from, to, options }: CalendarWindow): Listing => {
  const ids = new Set<string>();
  const entries: Unsequenced[] = [];
  if (pendingEntry(s, asOf)) return { ids, entries };
  const w = warningDaysOf(s, options);
  const ahead = Math.max(w, daysBetween(asOf, addDays(to, 400))); // extensions can move a deadline into the window
  for (const p of occurrencesOn(s, asOf, ahead)) {
    if (p.terms.schedule.kind === 'ongoing') continue;
    const a = classifyOccurrence(s, p, asOf, w);
    ids.add(a.id);
    if (a.dueOn < from || a.dueOn >= to) continue;
    entries.push({
      ...a,
      orderId: s.orderId ?? '',
      computation: computationOf(s, p, asOf),
      ...(s.title !== undefined ? { orderTitle: s.title } : {}),
      ...(p.terms.clause !== undefined ? { clause: p.terms.clause } : {}),
    });
  }
  return { ids, entries };
};

/** An entry a retraction took away: the deadline as last listed, void, saying why and citing the retraction. */
const retractedEntry = (e: Unsequenced, step: RetractionStep, asOf: CalendarDate): Unsequenced => {
  // What ran against the occurrence (its evidence, its days late) no longer stands: it never bound.
  const { satisfiedOn: _met, daysLate: _late, lateThrough: _through, foundOn: _found, ...kept } = e;
  const { assumed, sources } = citationsOf(step.after, e.id, [step.by], asOf);
  return {
    ...kept,
    status: 'void',
    reasons: [
      `retracted: ${step.type} ${step.eventId} was retracted (${step.by}), and this deadline with it`,
    ],
    because: [step.by],
    allegations: [],
    assumed,
    sources,
    retracted: { by: step.by, eventId: step.eventId, type: step.type },
  };
};

/**
 * The occurrences dated in the window that a retraction took away and that the record (`now`)
 * does not hold again: each as listed just before the last retraction that took it away.
 */
const retractedOf = (
  steps: readonly RetractionStep[],
  now: Listing,
  window: CalendarWindow,
): Unsequenced[] => {
  const gone = new Map<string, Unsequenced>();
  for (const step of steps) {
    const before = listingOf(step.before, window);
    const after = listingOf(step.after, window);
    for (const id of before.ids) gone.delete(id); // held again since an earlier retraction took it
    for (const e of before.entries)
      if (!after.ids.has(e.id)) gone.set(e.id, retractedEntry(e, step, window.asOf));
  }
  for (const id of now.ids) gone.delete(id);
  return [...gone.values()];
};

const orderEntries = (s: OrderFacts, window: CalendarWindow): CalendarEntry[] => {
  const steps = retractionsMemo.get(s) ?? [];
  const before = steps.map((x) => x.before);
  const sequenced = (e: Unsequenced): CalendarEntry => ({
    ...e,
    sequence: occurrenceSequence(s, before, e.obligationId, e.key, window.asOf),
  });
  const now = listingOf(s, window);
  return [...now.entries, ...retractedOf(steps, now, window)].map(sequenced);
};

/**
 * Every occurrence with a deadline in `[from, to)`, across orders, as the record stands on `asOf`
 * (deadlines after the extensions effective by then; met, late and waived ones too: a calendar
 * keeps what was due), sorted by deadline, each with the revision of its calendar event
 * (`sequence`). Ongoing duties (prohibitions, programs to maintain) have no deadline and are left
 * out; so is an order not entered by `asOf`. For an order whose facts come from its log
 * (`calendarFactsOf`), an occurrence dated in the window that a retraction took away (its trigger,
 * its imposition, the order's entry retracted) is listed too, `void` and marked `retracted`.
 */
export const calendarEntriesOf = (
  orders: Iterable<OrderFacts>,
  asOf: CalendarDate,
  from: CalendarDate,
  to: CalendarDate,
  options: ComplianceOptions = {},
): CalendarEntry[] => {
  const out: CalendarEntry[] = [];
  if (from < to) for (const s of orders) out.push(...orderEntries(s, { asOf, from, to, options }));
  const key = (e: CalendarEntry) => `${e.dueOn} ${e.orderId} ${e.id}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

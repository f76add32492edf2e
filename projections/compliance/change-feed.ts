import {
  addDays,
  findingEventFrom,
  sourceOf,
  type CalendarDate,
  type OrderEvent,
  type OrderState,
} from '../../domain/index.js';
import { orderTimeline, type OrderTimeline, type Segment } from './change-points.js';
import type {
  ComplianceOptions,
  OccurrenceAnswer,
  OccurrenceStatus,
  OrderAnswer,
  OrderStatus,
} from './compliance.types.js';
import { occurrenceStatusOn, orderStatusOn } from './order-status.js';
import type { OwnerAnswer } from './owners.js';

/** An event that decided a change: its id, type, effective date, actor and source. */
export interface ChangeCause {
  readonly eventId: string;
  readonly type: string;
  readonly effectiveOn: CalendarDate;
  readonly actor: string;
  readonly source?: string;
}

/**
 * One status change of an order or of one of its occurrences: on `on` the status is `to`, on the
 * day before it was `from` (`absent`: not listed then, e.g. before the order's entry or before a
 * recurring occurrence comes within the warning window).
 */
export interface StatusChange {
  readonly on: CalendarDate;
  readonly orderId: string;
  readonly subject: 'order' | 'occurrence';
  /** `<obligationId>/<key>` for an occurrence; absent for the order. */
  readonly occurrenceId?: string;
  /** The title on `on`; for an occurrence no longer listed (`to` absent), its title the day before. */
  readonly title?: string;
  readonly from: OccurrenceStatus | OrderStatus | 'absent';
  readonly to: OccurrenceStatus | OrderStatus | 'absent';
  /** The deadline in force on `on` (occurrences). */
  readonly dueOn?: CalendarDate;
  /** Who owns the occurrence on `on`, when someone was named. */
  readonly owner?: OwnerAnswer;
  /**
   * `fact`: an event effective on `on` (or, for an ending or a waiver, the day before; for a
   * finding, also the day the conduct it found began) made the change; `time`: the date alone did
   * (a deadline came within the warning window or passed).
   */
  readonly cause: 'fact' | 'time';
  /** What made the change: the facts of the day for `fact`, else the events that set the deadline. */
  readonly because: readonly ChangeCause[];
  /** Every event that decides the answer on `on` (an occurrence's `because`: imposition, extension, evidence…), for the record. */
  readonly deciding: readonly ChangeCause[];
  /** The answer's reasons on `on`. */
  readonly reasons: readonly string[];
}

const SUBJECT_RANK = { occurrence: 0, order: 1 } as const;

/** The feed's order: by date, then order, occurrences before the order's roll-up, then occurrence id. */
export const compareChanges = (a: StatusChange, b: StatusChange): number =>
  a.on < b.on
    ? -1
    : a.on > b.on
      ? 1
      : a.orderId < b.orderId
        ? -1
        : a.orderId > b.orderId
          ? 1
          : SUBJECT_RANK[a.subject] - SUBJECT_RANK[b.subject] ||
            (a.occurrenceId ?? '').localeCompare(b.occurrenceId ?? '');

/** The status changes of a lane whose dates fall after its first segment (status only: a new due date alone is no change). */
const transitions = <T>(
  segments: readonly Segment<T>[],
  statusOf: (v: T) => string,
): { on: CalendarDate; from: string; to: string }[] => {
  const out: { on: CalendarDate; from: string; to: string }[] = [];
  for (let i = 1; i < segments.length; i++) {
    const from = statusOf(segments[i - 1]!.value);
    const to = statusOf(segments[i]!.value);
    if (from !== to) out.push({ on: segments[i]!.from, from, to });
  }
  return out;
};

const ENDING = new Set(['OrderTerminated', 'ObligationWaived', 'ObligationSuperseded']);

/** The events of one order by id, and the causes they make. */
class Causes {
  readonly #s: OrderState;
  readonly #byId: Map<string, OrderEvent>;
  readonly #byDate = new Map<CalendarDate, OrderEvent[]>();
  constructor(s: OrderState) {
    this.#s = s;
    this.#byId = new Map(s.live.map((e) => [e.id, e]));
    const at = (on: CalendarDate, e: OrderEvent) => {
      const list = this.#byDate.get(on);
      if (list) list.push(e);
      else this.#byDate.set(on, [e]);
    };
    for (const e of s.live) {
      at(e.metadata.effectiveOn, e);
      if (ENDING.has(e.type)) at(addDays(e.metadata.effectiveOn, 1), e);
      // A finding also makes the change on the day its conduct began (breached from then).
      if (e.type === 'ViolationFound' && findingEventFrom(e) !== e.metadata.effectiveOn)
        at(findingEventFrom(e), e);
    }
  }

  /** The cause an event makes, or undefined when it is not live. */
  of(eventId: string): ChangeCause | undefined {
    const e = this.#byId.get(eventId);
    if (!e) return undefined;
    const source = sourceOf(this.#s, eventId)?.source;
    return {
      eventId,
      type: e.type,
      effectiveOn: e.metadata.effectiveOn,
      actor: e.metadata.actor.name,
      ...(source !== undefined ? { source } : {}),
    };
  }

  /** The filing, entry or modification that set the term whose last day is the day before `on` (the order expires by time alone). */
  termEndingOn(s: OrderState, on: CalendarDate): ChangeCause[] {
    const last = addDays(on, -1);
    const setBy = s.terms.filter((t) => t.termEndsOn === last).map((t) => this.of(t.eventId));
    const found = setBy.filter((c) => c !== undefined);
    return found.length > 0
      ? found.slice(-1)
      : [s.filed && this.of(s.filed.eventId)].filter((c) => c !== undefined);
  }

  /** Events effective on `on`, endings and waivers effective the day before (their answer changes the day after), and findings whose conduct began on `on`. */
  factsOn(on: CalendarDate): ChangeCause[] {
    return (this.#byDate.get(on) ?? []).map((e) => this.of(e.id)!);
  }
}

/** The causes of an occurrence's change: the facts of the day among its deciding events, else all of them. */
const occurrenceCauses = (
  causes: Causes,
  answer: OccurrenceAnswer | undefined,
  facts: readonly ChangeCause[],
): Pick<StatusChange, 'cause' | 'because'> => {
  const ids = new Set(answer?.because ?? []);
  const ofDay = facts.filter((c) => ids.has(c.eventId));
  if (ofDay.length > 0) return { cause: 'fact', because: ofDay };
  // A fact of the day that removed it from the answer (a retraction cannot: it is not effective-dated).
  if (answer === undefined && facts.length > 0) return { cause: 'fact', because: facts };
  const because = [...ids].map((id) => causes.of(id)).filter((c) => c !== undefined);
  return { cause: 'time', because };
};

/** What the changes of one order are read from: its state, timeline, causes, its answer on a date (computed once per date), and one occurrence's. */
interface FeedContext {
  readonly s: OrderState;
  readonly orderId: string;
  readonly causes: Causes;
  readonly answerOn: (d: CalendarDate) => OrderAnswer;
  readonly occurrenceOn: (id: string, d: CalendarDate) => OccurrenceAnswer | undefined;
}

const occurrenceChanges = (x: FeedContext, t: OrderTimeline): StatusChange[] =>
  Object.entries(t.occurrences).flatMap(([id, lane]) =>
    transitions(lane.segments, (v) => v.status).map((c): StatusChange => {
      const answer = x.occurrenceOn(id, c.on);
      // No longer listed: titled as it was last listed, the day before (whatever range is asked).
      const titled = answer ?? x.occurrenceOn(id, addDays(c.on, -1));
      return {
        on: c.on,
        orderId: x.orderId,
        subject: 'occurrence',
        occurrenceId: id,
        title: titled?.title ?? lane.title,
        from: c.from as StatusChange['from'],
        to: c.to as StatusChange['to'],
        ...(answer ? { dueOn: answer.dueOn } : {}),
        ...(answer?.owner ? { owner: answer.owner } : {}),
        ...occurrenceCauses(x.causes, answer, x.causes.factsOn(c.on)),
        deciding: (answer?.because ?? []).map((e) => x.causes.of(e)).filter((e) => e !== undefined),
        reasons: answer?.reasons ?? [],
      };
    }),
  );

/** The order's own changes: caused by the facts of the day and by its occurrences' changes that day. */
const rollUpChanges = (
  x: FeedContext,
  t: OrderTimeline,
  occurrences: readonly StatusChange[],
): StatusChange[] =>
  transitions(t.order, (v) => v).map((c) => {
    const facts = x.causes.factsOn(c.on);
    const why = occurrences.filter((o) => o.on === c.on).flatMap((o) => o.because);
    const because = [...new Map([...facts, ...why].map((b) => [b.eventId, b])).values()];
    if (because.length === 0) because.push(...x.causes.termEndingOn(x.s, c.on));
    return {
      on: c.on,
      orderId: x.orderId,
      subject: 'order',
      ...(x.s.title !== undefined ? { title: x.s.title } : {}),
      from: c.from as StatusChange['from'],
      to: c.to as StatusChange['to'],
      cause: facts.length > 0 ? 'fact' : 'time',
      because,
      deciding: because,
      reasons: x.answerOn(c.on).reasons,
    };
  });

/**
 * Every status change of one order and its occurrences on a date in `[from, to)`, in feed order
 * (`compareChanges`), each with its deciding events. Read from the change points of
 * `orderTimeline` over `[from - 1, to - 1]` (so a change on `from` is seen against the day
 * before); the order's answer is computed again only on the dates where something changed. Pure.
 */
export const orderChanges = (
  s: OrderState,
  from: CalendarDate,
  to: CalendarDate,
  options: ComplianceOptions = {},
): StatusChange[] => {
  if (to <= from || s.phase === 'none') return [];
  const t = orderTimeline(s, addDays(from, -1), addDays(to, -1), options);
  const answers = new Map<CalendarDate, OrderAnswer>();
  const answerOn = (d: CalendarDate): OrderAnswer => {
    let a = answers.get(d);
    if (!a) answers.set(d, (a = orderStatusOn(s, d, options)));
    return a;
  };
  const x: FeedContext = {
    s,
    orderId: s.orderId ?? '',
    causes: new Causes(s),
    answerOn,
    occurrenceOn: (id, d) => occurrenceStatusOn(s, id, d, options),
  };
  // Sorted first: the order's causes list its occurrences' in feed order, whatever the range.
  const occurrences = occurrenceChanges(x, t).sort(compareChanges);
  return [...occurrences, ...rollUpChanges(x, t, occurrences)].sort(compareChanges);
};

/** The changes of several orders over `[from, to)`, merged in feed order. */
export const changesOf = (
  orders: Iterable<OrderState>,
  from: CalendarDate,
  to: CalendarDate,
  options: ComplianceOptions = {},
): StatusChange[] => {
  const all: StatusChange[] = [];
  for (const s of orders) all.push(...orderChanges(s, from, to, options));
  return all.sort(compareChanges);
};

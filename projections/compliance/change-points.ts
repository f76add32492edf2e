import {
  addDays,
  deadline,
  obligationOccurrences,
  scheduleContextOf,
  type CalendarDate,
  type OrderState,
} from '../../domain/index.js';
import type {
  ComplianceOptions,
  OccurrenceAnswer,
  OccurrenceStatus,
  OrderStatus,
} from './compliance.types.js';
import { orderStatusOn, warningDaysOf } from './order-status.js';

/** A value that holds from `from` until the day before the next segment starts (or the range's end). */
export interface Segment<T> {
  readonly from: CalendarDate;
  readonly value: T;
}

/** An occurrence's state between two change points; `absent` before it exists or after it stops being listed. */
export interface OccurrencePoint {
  readonly status: OccurrenceStatus | 'absent';
  readonly dueOn?: CalendarDate;
  readonly satisfiedOn?: CalendarDate;
  /** The day days late stopped running (the order's end, a waiver, a supersession), when they no longer run. */
  readonly lateThrough?: CalendarDate;
}

/** Status over time: each occurrence's and the order's, as piecewise-constant functions of the date. */
export interface OrderTimeline {
  readonly orderId: string;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly order: readonly Segment<OrderStatus>[];
  readonly occurrences: Readonly<
    Record<
      string,
      {
        readonly obligationId: string;
        readonly key: string;
        readonly title: string;
        readonly segments: readonly Segment<OccurrencePoint>[];
      }
    >
  >;
}

const FREEZING = new Set(['OrderTerminated', 'ObligationSuperseded', 'ObligationWaived']);

/** Every fact's date, and the day after each ending or waiver (days late stop on its date: the answer freezes the day after). */
const factDates = (s: OrderState): Set<CalendarDate> => {
  const facts = new Set<CalendarDate>(s.live.map((e) => e.metadata.effectiveOn));
  for (const e of s.live) if (FREEZING.has(e.type)) facts.add(addDays(e.metadata.effectiveOn, 1));
  return facts;
};

/** Every date on which some answer may change: fact dates, term ends, and each possible deadline's window and day after. */
const candidateDates = (s: OrderState, to: CalendarDate, w: number): Set<CalendarDate> => {
  const facts = factDates(s);
  for (const t of s.terms) if (t.termEndsOn !== undefined) facts.add(addDays(t.termEndsOn, 1));
  const dates = new Set<CalendarDate>(facts);
  const horizon = addDays(to, w);
  const counting = scheduleContextOf(s).counting;
  for (const f of [...facts, to]) {
    for (const id of Object.keys(s.obligations)) {
      for (const spec of obligationOccurrences(s, id, horizon, f)) {
        for (const d of [spec.nominalDueOn, spec.dueOn]) {
          dates.add(addDays(d, -w));
          dates.add(d); // a duty anchored on this one's satisfaction can place its first occurrence only from here
          dates.add(addDays(d, 1));
        }
      }
    }
  }
  for (const occ of Object.values(s.occurrences)) {
    for (const x of occ.extensions) {
      for (const c of [counting, ...s.terms.flatMap((t) => (t.counting ? [t.counting] : []))]) {
        // Rolled forward, or back for a deadline counted backward ("N days before" a fact).
        for (const d of [deadline(x.newDueOn, c), deadline(x.newDueOn, c, true)]) {
          dates.add(addDays(d, -w));
          dates.add(addDays(d, 1));
        }
      }
    }
  }
  return dates;
};

const same = (a: OccurrencePoint, b: OccurrencePoint) =>
  a.status === b.status &&
  a.dueOn === b.dueOn &&
  a.satisfiedOn === b.satisfiedOn &&
  a.lateThrough === b.lateThrough;

/**
 * Status over `[from, to]` as change points: the fold is evaluated only on the dates where an
 * answer can change (fact dates, term ends, deadline windows), never day by day.
 */
export const orderTimeline = (
  s: OrderState,
  from: CalendarDate,
  to: CalendarDate,
  options: ComplianceOptions = {},
): OrderTimeline => {
  const w = warningDaysOf(s, options);
  const dates = [...candidateDates(s, to, w)].filter((d) => d > from && d <= to).sort();
  const order: Segment<OrderStatus>[] = [];
  const lanes = new Lanes(from);
  for (const d of [from, ...dates]) {
    const answer = orderStatusOn(s, d, { warningDays: w });
    if (order[order.length - 1]?.value !== answer.status)
      order.push({ from: d, value: answer.status });
    lanes.record(d, answer.occurrences);
  }
  return { orderId: s.orderId ?? '', from, to, order, occurrences: lanes.lanes };
};

type Lane = {
  obligationId: string;
  key: string;
  title: string;
  segments: Segment<OccurrencePoint>[];
};

/** Each occurrence's segments, extended one evaluated date at a time. */
class Lanes {
  readonly lanes: Record<string, Lane> = {};
  readonly #last = new Map<string, OccurrencePoint>();
  readonly #from: CalendarDate;
  constructor(from: CalendarDate) {
    this.#from = from;
  }

  record(d: CalendarDate, answers: readonly OccurrenceAnswer[]): void {
    const listed = new Set<string>();
    for (const o of answers) {
      listed.add(o.id);
      this.#push(
        d,
        o.id,
        {
          status: o.status,
          dueOn: o.dueOn,
          ...(o.satisfiedOn !== undefined ? { satisfiedOn: o.satisfiedOn } : {}),
          ...(o.lateThrough !== undefined ? { lateThrough: o.lateThrough } : {}),
        },
        o,
      );
    }
    for (const [id, prev] of this.#last)
      if (!listed.has(id) && prev.status !== 'absent') this.#push(d, id, { status: 'absent' });
  }

  #push(d: CalendarDate, id: string, point: OccurrencePoint, o?: OccurrenceAnswer): void {
    const lane = (this.lanes[id] ??= {
      obligationId: o?.obligationId ?? '',
      key: o?.key ?? '',
      title: o?.title ?? '',
      segments: d > this.#from ? [{ from: this.#from, value: { status: 'absent' } }] : [],
    });
    const prev = this.#last.get(id);
    if (prev && same(prev, point)) return;
    lane.segments.push({ from: d, value: point });
    this.#last.set(id, point);
  }
}

/** The value of a piecewise-constant function on `date` (binary search), or undefined before its first segment. */
export const valueOn = <T>(segments: readonly Segment<T>[], date: CalendarDate): T | undefined => {
  let lo = 0;
  let hi = segments.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = segments[mid]!;
    if (seg.from <= date) {
      found = seg.value;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
};

/** The first date in the timeline on which `predicate` holds, if any. */
export const firstDate = <T>(
  segments: readonly Segment<T>[],
  predicate: (v: T) => boolean,
): CalendarDate | undefined => segments.find((s) => predicate(s.value))?.from;

import { addDays, type CalendarDate } from '../../domain/index.js';
import type { OrderTimeline, Segment } from '../../projections/index.js';
import type { ReportInput } from './report.types.js';

/** The `data-occurrence` value of the marks in an order's own lane (occurrence ids always contain `/`). */
export const ORDER_LANE_ID = '(order)';

/** One drawn segment: a status held from `from` to `to`, both inclusive. */
export interface ChartSegment {
  readonly from: string;
  readonly to: string;
  readonly status: string;
  readonly dueOn?: string;
  readonly satisfiedOn?: string;
}

/** One swim lane: the order's own, or one occurrence's. */
export interface ChartLane {
  readonly id: string;
  /** `Order`, or the occurrence's obligation title (its id when untitled). */
  readonly label: string;
  /** The occurrence key, when it tells occurrences of one obligation apart (not `once`). */
  readonly key?: string;
  readonly kind: 'order' | 'occurrence';
  readonly segments: readonly ChartSegment[];
}

/** The chart of one order, as embedded in the page for the inline script to draw. */
export interface ChartOrder {
  readonly orderId: string;
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly lanes: readonly ChartLane[];
}

/** The whole embedded data block (`#decree-data`). */
export interface ChartData {
  readonly version: 1;
  readonly asOf: string;
  readonly orders: readonly ChartOrder[];
}

/** Gives each segment its last day: the day before the next one starts, or the timeline's end. */
const closeSegments = <T>(
  segments: readonly Segment<T>[],
  end: CalendarDate,
): { from: CalendarDate; to: CalendarDate; value: T }[] =>
  segments.map((s, i) => {
    const next = segments[i + 1];
    return { from: s.from, to: next === undefined ? end : addDays(next.from, -1), value: s.value };
  });

/** The first due date an occurrence lane shows, for ordering lanes chronologically. */
const firstDue = (segments: readonly ChartSegment[]): string =>
  segments.find((s) => s.dueOn !== undefined)?.dueOn ?? '9999-12-31';

/** The lanes of one timeline: the order's first, then its occurrences by first due date, then id. */
export const chartLanes = (timeline: OrderTimeline): ChartLane[] => {
  const orderLane: ChartLane = {
    id: ORDER_LANE_ID,
    label: 'Order',
    kind: 'order',
    segments: closeSegments(timeline.order, timeline.to).map((s) => ({
      from: s.from,
      to: s.to,
      status: s.value,
    })),
  };
  const occurrences = Object.entries(timeline.occurrences).map(([id, o]): ChartLane => ({
    id,
    label: o.title === '' ? id : o.title,
    ...(o.key !== 'once' && o.title !== '' ? { key: o.key } : {}),
    kind: 'occurrence',
    segments: closeSegments(o.segments, timeline.to).map((s) => ({
      from: s.from,
      to: s.to,
      status: s.value.status,
      ...(s.value.dueOn !== undefined ? { dueOn: s.value.dueOn } : {}),
      ...(s.value.satisfiedOn !== undefined ? { satisfiedOn: s.value.satisfiedOn } : {}),
    })),
  }));
  const key = (l: ChartLane) => `${firstDue(l.segments)} ${l.id}`; // civil dates sort as text
  occurrences.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return [orderLane, ...occurrences];
};

/** The data the page embeds as JSON and draws from. */
export const chartData = (input: ReportInput): ChartData => ({
  version: 1,
  asOf: input.asOf,
  orders: input.orders.map((o) => ({
    orderId: o.answer.orderId,
    title: o.answer.title ?? o.answer.orderId,
    from: o.timeline.from,
    to: o.timeline.to,
    asOf: o.answer.asOf,
    lanes: chartLanes(o.timeline),
  })),
});

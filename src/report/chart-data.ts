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

/**
 * One swim lane: the order's own, one occurrence's (an obligation that has only one), or one
 * obligation's (`kind: 'obligation'`): its occurrences folded into one lane that shows, day by
 * day, the most serious status any of them holds, so a century of monthly reports is one lane in
 * which every overdue or breached day still shows.
 */
export interface ChartLane {
  readonly id: string;
  /** `Order`, or the obligation's title (its id when untitled). */
  readonly label: string;
  /** The occurrence key, when it tells occurrences of one obligation apart (not `once`). */
  readonly key?: string;
  readonly kind: 'order' | 'occurrence' | 'obligation';
  /** How many occurrences an obligation lane folds. */
  readonly occurrences?: number;
  /** An obligation lane's due dates (each occurrence's, distinct, in order). */
  readonly dues?: readonly string[];
  readonly segments: readonly ChartSegment[];
}

/** Occurrence statuses from the most serious down: an obligation lane shows the first any occurrence holds. */
export const SEVERITY = [
  'breached',
  'overdue',
  'unverified',
  'due_soon',
  'submitted',
  'upcoming',
  'satisfied_late',
  'satisfied',
  'in_force',
  'waived',
  'superseded',
  'void',
  'absent',
] as const;

const rank = (status: string): number => {
  const i = (SEVERITY as readonly string[]).indexOf(status);
  return i < 0 ? SEVERITY.length : i;
};

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

/** One occurrence's lane. */
const occurrenceLane = (
  id: string,
  o: OrderTimeline['occurrences'][string],
  end: CalendarDate,
): ChartLane => ({
  id,
  label: o.title === '' ? id : o.title,
  ...(o.key !== 'once' && o.title !== '' ? { key: o.key } : {}),
  kind: 'occurrence',
  segments: closeSegments(o.segments, end).map((s) => ({
    from: s.from,
    to: s.to,
    status: s.value.status,
    ...(s.value.dueOn !== undefined ? { dueOn: s.value.dueOn } : {}),
    ...(s.value.satisfiedOn !== undefined ? { satisfiedOn: s.value.satisfiedOn } : {}),
  })),
});

/** The change in each status's count on each day: +1 where a segment starts, -1 the day after it ends. */
const boundaries = (lanes: readonly ChartLane[]): Map<string, Map<number, number>> => {
  const at = new Map<string, Map<number, number>>();
  const bump = (d: string, status: string, by: number) => {
    const day = at.get(d) ?? at.set(d, new Map()).get(d)!;
    day.set(rank(status), (day.get(rank(status)) ?? 0) + by);
  };
  for (const l of lanes)
    for (const sg of l.segments) {
      bump(sg.from, sg.status, 1);
      bump(addDays(sg.to as CalendarDate, 1), sg.status, -1);
    }
  return at;
};

/**
 * Several occurrences' lanes folded into one, in one sweep over their segment boundaries: on each
 * day the most serious status any of them holds (see `SEVERITY`), equal neighbours merged.
 */
const foldLanes = (obligationId: string, lanes: readonly ChartLane[]): ChartLane => {
  const last = lanes.reduce((m, l) => (l.segments.at(-1)!.to > m ? l.segments.at(-1)!.to : m), '');
  const held = new Array<number>(SEVERITY.length + 1).fill(0);
  const segments: { from: string; to: string; status: string }[] = [];
  const at = boundaries(lanes);
  for (const d of [...at.keys()].sort()) {
    if (d > last) break;
    for (const [r, by] of at.get(d)!) held[r]! += by;
    const status = SEVERITY[held.findIndex((n) => n > 0)] ?? 'absent';
    const prev = segments.at(-1);
    if (prev?.status === status) continue;
    if (prev) prev.to = addDays(d as CalendarDate, -1);
    segments.push({ from: d, to: last, status });
  }
  const dues = new Set(
    lanes.flatMap((l) => l.segments.flatMap((sg) => (sg.dueOn ? [sg.dueOn] : []))),
  );
  return {
    id: obligationId,
    label: lanes[0]!.label,
    kind: 'obligation',
    occurrences: lanes.length,
    dues: [...dues].sort(),
    segments,
  };
};

/**
 * The lanes of one timeline: the order's first, then one per obligation by first due date, then
 * id: an obligation with one occurrence shows that occurrence, one with several the fold of them.
 */
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
  const byObligation = new Map<string, ChartLane[]>();
  for (const [id, o] of Object.entries(timeline.occurrences)) {
    const lanes =
      byObligation.get(o.obligationId) ?? byObligation.set(o.obligationId, []).get(o.obligationId)!;
    lanes.push(occurrenceLane(id, o, timeline.to));
  }
  const lanes = [...byObligation].map(([obligationId, ls]) =>
    ls.length === 1 ? ls[0]! : foldLanes(obligationId, ls),
  );
  const firstDueOf = (l: ChartLane) => l.dues?.[0] ?? firstDue(l.segments);
  const key = (l: ChartLane) => `${firstDueOf(l)} ${l.id}`; // civil dates sort as text
  lanes.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return [orderLane, ...lanes];
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

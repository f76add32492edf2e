import fc from 'fast-check';
import { expect } from 'vitest';
import {
  addDays,
  daysBetween,
  evolveOrder,
  initialOrderState,
  orderStatusOn,
  orderTimeline,
  valueOn,
  type CalendarDate,
  type OrderEvent,
  type OrderState,
  type RecordedOrderEvent,
} from '../../src/index.js';
import {
  orderHistoryArb,
  type HistoryOptions,
  type OrderHistory,
} from '../../src/testing/index.js';

/** The fixed seed of every property here, so that a default run is reproducible. */
export const SEED = 20_261_127;

/**
 * fast-check parameters: the fixed seed and `numRuns` by default; with `DECREE_DEEP` set, `deepRuns`
 * (default 20 × `numRuns`) from a random seed, printed so that a failure can be replayed (set
 * `DECREE_SEED` to it).
 */
export const fcParams = (numRuns: number, deepRuns = numRuns * 20): fc.Parameters<unknown> => {
  if (!process.env.DECREE_DEEP) return { seed: SEED, numRuns };
  const seed = process.env.DECREE_SEED
    ? Number(process.env.DECREE_SEED)
    : Math.floor(Math.random() * 2 ** 31); // DECREE_SEED replays a printed seed
  console.log(`fast-check seed ${seed} (DECREE_DEEP, ${deepRuns} runs)`);
  return { seed, numRuns: deepRuns };
};

/** A test's timeout: a minute by default, half an hour for the deep runs. */
export const TIMEOUT = process.env.DECREE_DEEP ? 30 * 60_000 : 60_000;

/** Folds events from the initial state. */
export const fold = (events: readonly OrderEvent[]): OrderState =>
  events.reduce(evolveOrder, initialOrderState());

const BASE_MS = Date.parse('2030-01-01T00:00:00.000Z');

/** The instant `ms` milliseconds after a fixed base, as the store writes it (3 fractional digits, `Z`). */
export const instantAt = (ms: number): string => new Date(BASE_MS + ms).toISOString();

/**
 * A log: each event with a `recordedAt`, non-decreasing in log order (gaps of 0 allowed, so that
 * several events share an instant as a multi-event append does).
 */
export const withRecordedAt = (
  events: readonly OrderEvent[],
  gaps: readonly number[],
): RecordedOrderEvent[] => {
  let ms = 0;
  return events.map((event, i) => {
    ms += gaps[i % Math.max(gaps.length, 1)] ?? 1;
    return { event, recordedAt: instantAt(ms) };
  });
};

/** A reachable history and a log of it, with gaps between recordings of 0–3 ms. */
export interface LoggedHistory extends OrderHistory {
  readonly log: readonly RecordedOrderEvent[];
}

/** Reachable histories of one order (retractions included), each with a recorded log. */
export const loggedHistoryArb = (options: HistoryOptions = {}): fc.Arbitrary<LoggedHistory> =>
  fc
    .tuple(
      orderHistoryArb({ minCommands: 3, maxCommands: 30, ...options }),
      fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 40 }),
    )
    .filter(([h]) => h.events.length > 0)
    .map(([h, gaps]) => ({ ...h, log: withRecordedAt(h.events, gaps) }));

/** The dates a history's answers may turn on: every effective date, due date, the start of a finding's conduct, and the days around them. */
export const interestingDates = (h: OrderHistory): CalendarDate[] => {
  const dates = new Set<CalendarDate>();
  for (const e of h.events)
    for (const k of [-1, 0, 1]) dates.add(addDays(e.metadata.effectiveOn, k));
  // A finding speaks from its conduct's start, often before its own date (design.md 6.2).
  for (const v of Object.values(h.state.violations))
    if (v.found?.period) for (const k of [-1, 0, 1]) dates.add(addDays(v.found.period.from, k));
  for (const o of Object.values(h.state.occurrences))
    for (const x of o.extensions) dates.add(x.newDueOn);
  const last = [...dates].sort().pop();
  if (last !== undefined) {
    for (const o of orderStatusOn(h.state, addDays(last, 730)).occurrences)
      for (const k of [-1, 0, 1]) dates.add(addDays(o.dueOn, k));
  }
  return [...dates].sort();
};

/** A date to ask about: near something that happened in the history, or anywhere up to two years after its last fact. */
export const asOfArb = (h: OrderHistory): fc.Arbitrary<CalendarDate> => {
  const dates = interestingDates(h);
  const first = dates[0] ?? ('2011-03-01' as CalendarDate);
  const last = dates[dates.length - 1] ?? first;
  return fc.oneof(
    fc.constantFrom(...(dates.length > 0 ? dates : [first])),
    fc.integer({ min: -30, max: daysBetween(first, last) + 730 }).map((n) => addDays(first, n)),
  );
};

/**
 * Expects the timeline over `dates` (from the day before the first to the day after the last) to
 * equal `orderStatusOn` on each date and the day before it, for the order and each occurrence
 * listed; returns how many dates it checked.
 */
export const expectTimelineAround = (s: OrderState, dates: readonly CalendarDate[]): number => {
  if (dates.length === 0) return 0;
  const from = addDays(
    dates.reduce((a, b) => (a < b ? a : b)),
    -1,
  );
  const to = addDays(
    dates.reduce((a, b) => (a > b ? a : b)),
    1,
  );
  const tl = orderTimeline(s, from, to);
  for (const d of dates)
    for (const day of [addDays(d, -1), d]) {
      const direct = orderStatusOn(s, day);
      expect([day, valueOn(tl.order, day)]).toEqual([day, direct.status]);
      for (const o of direct.occurrences)
        expect([o.id, day, valueOn(tl.occurrences[o.id]?.segments ?? [], day)]).toEqual([
          o.id,
          day,
          expect.objectContaining({ status: o.status, dueOn: o.dueOn }),
        ]);
    }
  return dates.length;
};

/**
 * Folds `events` from the initial state, expecting each event of one of `types` to change nothing
 * of the state but the members in `changes` (and to add one live event); returns how many such
 * events it folded.
 */
export const expectFoldChangesOnly = (
  events: readonly OrderEvent[],
  types: ReadonlySet<string>,
  changes: readonly (keyof OrderState)[],
): number => {
  const rest = (x: OrderState) => {
    const kept: Partial<OrderState> = { ...x };
    for (const k of changes) delete kept[k];
    return kept;
  };
  let folded = 0;
  let s: OrderState = initialOrderState();
  for (const e of events) {
    const next = evolveOrder(s, e);
    if (types.has(e.type)) {
      folded += 1;
      expect([e.type, rest(next)]).toEqual([e.type, rest(s)]);
      expect(next.live.length).toBe(s.live.length + 1);
    }
    s = next;
  }
  return folded;
};

import {
  addDays,
  type CalendarDate,
  type OrderFacts,
  type OrderState,
} from '../../domain/index.js';
import {
  calendarEntriesOf,
  changesOf,
  type CalendarEntry,
  type StatusChange,
} from '../../projections/index.js';
import { lastEvent, type EventStore } from '../store/index.js';
import { InvalidQuery } from './errors.js';
import { civilDate, instant, queryDays, today } from './queries.js';

/** A question to the change feed: every status change dated in `[from, to)`, as known at `knownAt`. */
export interface ChangesQuery {
  /** First date, `YYYY-MM-DD` (inclusive). */
  readonly from: string;
  /** End date, `YYYY-MM-DD` (exclusive): the feed over [a, c) is the feed over [a, b) then [b, c). */
  readonly to: string;
  /** UTC instant; only events recorded at or before it count (default: everything recorded). */
  readonly knownAt?: string;
  /** Warning window in days before a deadline (default: each order's, else 30). */
  readonly warningDays?: number;
  /** Only this order (default: every order). */
  readonly orderId?: string;
}

/** How to watch the feed: from `since` on, as days pass on `clock` and as events are recorded. */
export interface WatchOptions {
  /** First date whose changes are yielded, `YYYY-MM-DD`. */
  readonly since: string;
  /** The clock "today" is read from (default: the engine's); the feed reaches today inclusive. */
  readonly clock?: () => Date;
  /** How often the clock is read again when nothing is recorded, in ms (default 60 000). */
  readonly pollMs?: number;
  /** Warning window in days before a deadline (default: each order's, else 30). */
  readonly warningDays?: number;
  /** Stops the watch: the iteration ends at its next wait. */
  readonly signal?: AbortSignal;
  /**
   * Also yield each change yielded before that the feed no longer holds (a retraction or a backdated
   * fact took it away), as it was yielded and marked `withdrawn: true`, ahead of the changes that
   * replace it (default false: a consumer that does not read `withdrawn` would take a withdrawal for
   * a new change).
   */
  readonly withdrawals?: boolean;
}

/** A change as `engine.watch` yields it: the feed's, or (with `withdrawals`) one yielded before that the feed no longer holds. */
export type WatchedChange = StatusChange & {
  /** Present on a withdrawal: this change, yielded before, is no longer the feed's. */
  readonly withdrawn?: true;
};

/** A calendar's window: deadlines dated in `[from, to)`, as the record stands on `asOf` and as known at `knownAt`. */
export interface CalendarQuery {
  /** First date, inclusive (default: `asOf`). */
  readonly from?: string;
  /** End date, exclusive (default: a year after `from`). */
  readonly to?: string;
  /** The date the record is read on: extensions by then, statuses on then (default: today). */
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly orderId?: string;
  /** Only what this person (name or e-mail) owns or backs up. */
  readonly owner?: string;
}

/** What the feed needs from the engine: the orders' states and facts as known at an instant, the store and the clock. */
export interface FeedSource {
  readonly states: (knownAt: string | undefined, orderId?: string) => Promise<OrderState[]>;
  readonly facts: (knownAt: string | undefined, orderId?: string) => Promise<OrderFacts[]>;
  readonly store: EventStore;
  readonly clock: () => Date;
  readonly timeZone: string | undefined;
}

const range = (from: string, to: string): { from: CalendarDate; to: CalendarDate } => {
  const f = civilDate(from, 'from');
  const t = civilDate(to, 'to');
  if (t < f)
    throw new InvalidQuery(
      `to (${t}) is before from (${f}): the range is [from, to), to exclusive`,
      ['to'],
    );
  return { from: f, to: t };
};

const windowDays = (w: number | undefined): { warningDays?: number } =>
  w === undefined ? {} : { warningDays: queryDays(w, 'warningDays') };

/** `engine.changes`: every status change of every order (or one) dated in `[from, to)`, in date order. */
export const changesFrom =
  (src: FeedSource) =>
  async (q: ChangesQuery): Promise<StatusChange[]> => {
    const { from, to } = range(q.from, q.to);
    const options = windowDays(q.warningDays);
    const knownAt = q.knownAt === undefined ? undefined : instant(q.knownAt, 'knownAt');
    return changesOf(await src.states(knownAt, q.orderId), from, to, options);
  };

/** A change keyed by its identity in a watch: the same change computed again is not yielded twice. */
const keyed = (c: StatusChange): [string, StatusChange] => [
  `${c.on} ${c.orderId} ${c.occurrenceId ?? ''} ${c.from} ${c.to}`,
  c,
];

/** The changes of the feed as read before that it no longer holds, marked withdrawn, in date order. */
const withdrawnFrom = (
  before: ReadonlyMap<string, StatusChange>,
  now: ReadonlyMap<string, StatusChange>,
): WatchedChange[] =>
  [...before].filter(([k]) => !now.has(k)).map(([, c]) => ({ ...c, withdrawn: true as const }));

/** Resolves after `ms`, or at once when `signal` aborts; the timer is cleared either way. */
const pause = (ms: number, signal: AbortSignal | undefined, woken: Promise<unknown>) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
    void woken.then(done, done);
  });

/**
 * `engine.watch`: yields the feed's changes from `since` up to today (on the injected clock), then
 * waits; when an event is recorded (the store's catch-up subscription) or `pollMs` passes, it reads
 * the clock again and yields what is new since the feed was last read: changes of the days that
 * passed, and changes an event recorded late made to days already watched, also one yielded before
 * that a later fact took away and a retraction or a new fact brought back. A change taken away is
 * announced as withdrawn when `withdrawals` asks for it (else `changes` over the range says what
 * stands). Ends when `signal` aborts, or when the caller stops iterating.
 */
export const watchFrom = (src: FeedSource, changes: ReturnType<typeof changesFrom>) =>
  async function* watch(o: WatchOptions): AsyncGenerator<WatchedChange> {
    const since = civilDate(o.since, 'since');
    const options = windowDays(o.warningDays);
    const clock = o.clock ?? src.clock;
    const last = await lastEvent(src.store);
    const sub = src.store.subscribe(last === undefined ? {} : { after: last.globalPosition });
    const events = sub[Symbol.asyncIterator]();
    let read = new Map<string, StatusChange>(); // the changes of the feed as last read, each yielded
    let next: Promise<unknown> | undefined;
    try {
      while (o.signal?.aborted !== true) {
        const end = addDays(today(clock, src.timeZone), 1);
        if (end > since) {
          const before = read;
          read = new Map((await changes({ from: since, to: end, ...options })).map(keyed));
          if (o.withdrawals === true) yield* withdrawnFrom(before, read);
          for (const [k, c] of read) if (!before.has(k)) yield c;
        }
        next ??= events.next();
        let recorded = false;
        const woken = next.then(() => (recorded = true));
        await pause(o.pollMs ?? 60_000, o.signal, woken);
        if (recorded) next = undefined;
      }
    } finally {
      await sub.stop();
    }
  };

/** `engine.calendar`: every deadline dated in the window, across orders (or one), for a calendar file. */
export const calendarFrom =
  (src: FeedSource, matches: (e: CalendarEntry, who: string) => boolean) =>
  async (q: CalendarQuery = {}): Promise<CalendarEntry[]> => {
    const asOf = q.asOf === undefined ? today(src.clock, src.timeZone) : civilDate(q.asOf, 'asOf');
    const from = q.from ?? asOf;
    const { from: f, to } = range(from, q.to ?? addDays(civilDate(from, 'from'), 365));
    const knownAt = q.knownAt === undefined ? undefined : instant(q.knownAt, 'knownAt');
    const entries = calendarEntriesOf(await src.facts(knownAt, q.orderId), asOf, f, to);
    return q.owner === undefined ? entries : entries.filter((e) => matches(e, q.owner!));
  };

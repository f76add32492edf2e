import { Temporal } from 'temporal-polyfill';
import {
  addDays,
  CalendarDate,
  Instant,
  latestOrderTerms,
  type OrderFacts,
} from '../../domain/index.js';
import { leavesAnswersAlone, type OrderModel } from '../../projections/index.js';
import type { EventHead } from '../store/lean-reads.js';
import type { QueryOptions } from './engine.types.js';
import { InvalidQuery, UnknownOrder } from './errors.js';

/** A query's resolved dates: `asOf` defaulted to today, both checked for form. */
export interface ResolvedQuery {
  readonly asOf: CalendarDate;
  readonly knownAt?: string;
  readonly warningDays?: number;
}

/**
 * Formatters of the civil date, by time zone (the system's under its current `TZ` when none is
 * named): making one costs 50 to 250 µs, formatting with one about 2 µs, and a query without `asOf`
 * asks for today.
 */
const civilFormatters = new Map<string, Intl.DateTimeFormat>();
const civilFormatter = (timeZone: string | undefined): Intl.DateTimeFormat => {
  const key = timeZone ?? `system\n${process.env.TZ ?? ''}`;
  let f = civilFormatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    civilFormatters.set(key, f);
  }
  return f;
};

/** Instants whose civil date has a four-digit year in every time zone (years 1000 to 9999), which `today` formats. */
const FOUR_DIGIT_YEARS = [Date.UTC(1000, 0, 2), Date.UTC(9999, 11, 30)] as const;

/** Today's civil date on the engine's clock, in a time zone (the system's when undefined). */
export const today = (clock: () => Date, timeZone: string | undefined): CalendarDate => {
  const now = clock();
  const ms = now.getTime();
  if (!(ms >= FOUR_DIGIT_YEARS[0] && ms <= FOUR_DIGIT_YEARS[1])) {
    const tz = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    return Temporal.Instant.fromEpochMilliseconds(ms)
      .toZonedDateTimeISO(tz)
      .toPlainDate()
      .toString() as CalendarDate;
  }
  let year = '';
  let month = '';
  let day = '';
  for (const p of civilFormatter(timeZone).formatToParts(now)) {
    if (p.type === 'year') year = p.value;
    else if (p.type === 'month') month = p.value.padStart(2, '0');
    else if (p.type === 'day') day = p.value.padStart(2, '0');
  }
  return `${year}-${month}-${day}` as CalendarDate;
};

/** Checks a civil date argument, or throws `InvalidQuery` naming it. */
export const civilDate = (value: string, name: string): CalendarDate => {
  const r = CalendarDate.safeParse(value);
  if (!r.success)
    throw new InvalidQuery(
      `${name} must be a date that exists, written YYYY-MM-DD (got "${value}")`,
      [name],
    );
  return r.data;
};

/** The last instant a store can record (recorded times have four-digit years). */
const LAST_RECORDABLE = '9999-12-31T23:59:59.999Z';

/**
 * Checks an instant argument: a UTC instant; a bare date means the end of that day (UTC). It is
 * compared with recorded times as text, so an instant after the year 9999 (written `+010000-…`,
 * which sorts before every four-digit year) is taken as the last instant of 9999: after every
 * recorded time, as it is. One before the year 0 (`-000001-…`) sorts before them all already.
 */
export const instant = (value: string, name: string): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${civilDate(value, name)}T23:59:59.999Z`;
  const r = Instant.safeParse(value);
  if (r.success) return r.data;
  try {
    const at = Temporal.Instant.from(value).toString({ fractionalSecondDigits: 3 });
    return at.startsWith('+') ? LAST_RECORDABLE : at;
  } catch {
    throw new InvalidQuery(
      `${name} must be an instant such as 2022-11-23T00:00:00.000Z or a date YYYY-MM-DD (got "${value}")`,
      [name],
    );
  }
};

/** Resolves a query's options against the engine's clock. */
export const resolveQuery = (
  q: QueryOptions,
  clock: () => Date,
  timeZone: string | undefined,
): ResolvedQuery => ({
  asOf: q.asOf === undefined ? today(clock, timeZone) : civilDate(q.asOf, 'asOf'),
  ...(q.knownAt !== undefined ? { knownAt: instant(q.knownAt, 'knownAt') } : {}),
  ...(q.warningDays !== undefined ? { warningDays: queryDays(q.warningDays, 'warningDays') } : {}),
});

/** A number of days a query takes (`warningDays`, `withinDays`): a whole number from 0 to 3650, else `InvalidQuery` naming the field. */
export const queryDays = (days: unknown, field: string): number => {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 3650)
    throw new InvalidQuery(
      `${field} must be a whole number of days from 0 to 3650 (got ${typeof days === 'number' ? days : (JSON.stringify(days) ?? 'nothing')})`,
      [field],
    );
  return days;
};

/** Whether the read model answers as known at `knownAt` (nothing was recorded after it), or the log must be folded up to then. */
export const isCurrentAt = (
  model: Pick<OrderModel, 'lastRecordedAt'>,
  knownAt: string | undefined,
): boolean => knownAt === undefined || knownAt >= model.lastRecordedAt;

/** Whether a stored event, read by its head, leaves every answer on `asOf` as it is (`leavesAnswersAlone`; a finding never does: its head does not say when its conduct began). */
export const leavesAnswersOn = (e: EventHead, asOf: CalendarDate): boolean => {
  const m = e.metadata as { readonly effectiveOn?: unknown; readonly backfilled?: unknown } | null;
  return (
    typeof m?.effectiveOn === 'string' &&
    leavesAnswersAlone({ type: e.type, metadata: { ...m, effectiveOn: m.effectiveOn } }, asOf)
  );
};

/** The state or facts of an order known at the time asked about, or `UnknownOrder` (also for one not yet filed then). */
export const knownOrder = <S extends OrderFacts>(s: S | undefined, orderId: string): S => {
  if (s === undefined || s.phase === 'none') throw new UnknownOrder(orderId, s !== undefined);
  return s;
};

/** The default end of a timeline: the order's term end, else a year after `asOf`. */
export const defaultTimelineEnd = (s: OrderFacts, asOf: CalendarDate): CalendarDate =>
  latestOrderTerms(s).termEndsOn ?? addDays(asOf, 365);

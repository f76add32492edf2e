import { resolve } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { CalendarDate } from '../../domain/shared/primitives.js';
import { parseStoreSpec } from '../store/open-event-store.js';
import { CliError } from './errors.js';

/** The longest `--within` accepted, in days (about a century). */
export const MAX_WITHIN_DAYS = 36_600;

/**
 * Parses a duration written `Nd` (days) or `Nw` (weeks) into days, e.g. `90d` → 90, `12w` → 84.
 * Months and years are refused: their length in days depends on the date they start from.
 */
export const parseDuration = (text: string): number => {
  const m = /^(\d{1,6})([dw])$/.exec(text.trim());
  if (!m)
    throw new CliError(
      `expected a duration such as 90d or 12w (days or weeks), got ${JSON.stringify(text)}`,
    );
  const days = Number(m[1]) * (m[2] === 'w' ? 7 : 1);
  if (days < 1 || days > MAX_WITHIN_DAYS)
    throw new CliError(`a duration is 1 to ${MAX_WITHIN_DAYS} days, got ${text}`);
  return days;
};

/** Checks a civil date `YYYY-MM-DD` that exists in the calendar (`--as-of`, `--from`, `--to`). */
export const parseCivilDate = (text: string): string => {
  const r = CalendarDate.safeParse(text);
  if (!r.success)
    throw new CliError(
      r.error.issues[0]?.message ??
        `expected a date written YYYY-MM-DD, got ${JSON.stringify(text)}`,
    );
  return r.data;
};

/**
 * Parses `--known-at`: an ISO-8601 instant with `Z` or an offset (`2023-01-01T00:00:00Z`,
 * `2023-01-01T09:00+09:00`), normalised to UTC with millisecond precision; a bare date
 * (`2022-11-15`) means the end of that day, UTC: what was known on that day.
 */
export const parseInstant = (text: string): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${parseCivilDate(text)}T23:59:59.999Z`;
  let instant: Temporal.Instant;
  try {
    instant = Temporal.Instant.from(text);
  } catch {
    throw new CliError(
      `expected an instant with a time zone, such as 2023-01-01T00:00:00Z, or a date (the end of that day, UTC), got ${JSON.stringify(text)}`,
    );
  }
  return new Date(instant.epochMilliseconds).toISOString();
};

/** A store spec ready for the engine, plus the SQLite file it names, if any. */
export interface ResolvedStore {
  readonly spec: string;
  readonly sqlitePath?: string;
}

/**
 * Resolves `--store` against the working folder: `memory`, `sqlite:<path>`, a `.db`/`.sqlite`
 * path (both become `sqlite:<absolute path>`), or a `postgres://`/`postgresql://` or
 * `esdb://`/`kurrentdb://` connection string.
 */
export const resolveStore = (spec: string, cwd: string): ResolvedStore => {
  const parsed = parseStoreSpec(spec);
  if (parsed === undefined)
    throw new CliError(
      `unknown store ${JSON.stringify(spec)}: use memory, sqlite:<path>, a .db path, a postgres:// or an esdb:// connection string`,
    );
  if (parsed.kind !== 'sqlite') return { spec: spec.trim() };
  const path = resolve(cwd, parsed.path);
  return { spec: `sqlite:${path}`, sqlitePath: path };
};

/** Splits an occurrence reference `<obligationId>/<key>` (the key may itself contain `/`). */
export const parseOccurrenceRef = (
  text: string,
): { obligationId: string; key: string; id: string } => {
  const slash = text.indexOf('/');
  const obligationId = slash < 0 ? '' : text.slice(0, slash);
  const key = slash < 0 ? '' : text.slice(slash + 1);
  if (!obligationId || !key)
    throw new CliError(
      `expected an occurrence written <obligationId>/<key>, such as A-5-privacy-security-program/once, got ${JSON.stringify(text)}`,
    );
  return { obligationId, key, id: text };
};

// A query without `asOf` asks for today's civil date on the engine's clock in its time zone. It is
// formatted by a cached Intl formatter; it must be the date Temporal gives for that instant and zone,
// and, in a zone of a fixed offset, the UTC date of the instant moved by that offset.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { today } from '../../src/engine/queries.js';
import { fcParams } from '../projections/support.js';

const ZONES = [
  undefined, // the system's
  'UTC',
  'America/New_York',
  'America/St_Johns',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Etc/GMT-14',
  'Etc/GMT+12',
  'Etc/GMT-5',
] as const;

/** The civil date Temporal gives for the instant in the zone (the system's when undefined). */
const byTemporal = (ms: number, zone: string | undefined): string =>
  Temporal.Instant.fromEpochMilliseconds(ms)
    .toZonedDateTimeISO(zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone)
    .toPlainDate()
    .toString();

/** The UTC civil date of an instant, written as ISO 8601 (and Temporal) write it: six digits and a sign beyond years 0 to 9999. */
const utcDate = (ms: number): string => {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const year =
    y >= 0 && y <= 9999
      ? String(y).padStart(4, '0')
      : `${y < 0 ? '-' : '+'}${String(Math.abs(y)).padStart(6, '0')}`;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${year}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
};

/** In `Etc/GMT±N` (POSIX signs: GMT-14 is 14 hours ahead), the UTC date of the instant moved by the offset. */
const byFixedOffset = (ms: number, zone: string): string | undefined => {
  const m = /^Etc\/GMT([+-])(\d+)$/.exec(zone);
  if (!m) return undefined;
  const ahead = (m[1] === '-' ? 1 : -1) * Number(m[2]) * 3_600_000;
  return utcDate(ms + ahead);
};

describe('today', () => {
  it("is the instant's civil date in the engine's time zone, as Temporal and a fixed offset give it", () => {
    let fixed = 0;
    let dayApart = 0;
    const instant = fc.oneof(
      // Around now, across years, and across the whole range of four-digit years and beyond it.
      fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
      fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
      fc.integer({ min: -62_000_000_000_000, max: 8_000_000_000_000_000 }),
    );
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, zone) => {
        const got = today(() => new Date(ms), zone);
        expect(got).toBe(byTemporal(ms, zone));
        const offset = zone === undefined ? undefined : byFixedOffset(ms, zone);
        if (offset !== undefined) {
          expect(got).toBe(offset);
          fixed++;
        }
        if (got !== utcDate(ms)) dayApart++;
      }),
      fcParams(2000),
    );
    expect(fixed).toBeGreaterThan(300); // the fixed-offset oracle ran
    expect(dayApart).toBeGreaterThan(100); // many instants fall on another day than in UTC
  });

  it('names the edges of a day in a zone ahead of UTC and one behind it', () => {
    const at = (iso: string, zone: string) => today(() => new Date(iso), zone);
    expect(at('2026-12-05T09:59:59.999Z', 'Pacific/Kiritimati')).toBe('2026-12-05');
    expect(at('2026-12-05T10:00:00.000Z', 'Pacific/Kiritimati')).toBe('2026-12-06');
    expect(at('2026-01-01T04:59:59.999Z', 'America/New_York')).toBe('2025-12-31');
    expect(at('2026-01-01T05:00:00.000Z', 'America/New_York')).toBe('2026-01-01');
    expect(() => at('2026-01-01T05:00:00.000Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

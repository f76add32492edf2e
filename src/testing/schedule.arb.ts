import fc from 'fast-check';
import { addDays, type Anchor, type DayCounting, type Every, type Offset, type PenaltyTier, type Schedule } from '../../domain/index.js';
import { civilDateArb, moneyArb, type DateRange } from './primitives.arb.js';

/** A period of days (up to a year), months (up to 24) or years (up to 5). */
export const offsetArb = (): fc.Arbitrary<Offset> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 365 }).map((days) => ({ days })) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 24 }).map((months) => ({ months })) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 5 }).map((years) => ({ years })) },
  );

/** A recurrence interval: every 1–24 months or 1–5 years. */
export const everyArb = (): fc.Arbitrary<Every> =>
  fc.oneof(fc.integer({ min: 1, max: 24 }).map((months) => ({ months })), fc.integer({ min: 1, max: 5 }).map((years) => ({ years })));

/** An anchor for "N after …" deadlines; satisfaction anchors name one of `obligationIds` (none when empty). */
export const anchorArb = (obligationIds: readonly string[] = []): fc.Arbitrary<Anchor> =>
  fc.oneof(
    fc.constant({ kind: 'order_entry' as const }),
    fc.constantFrom('IncidentDiscovered' as const, 'CorporateChangeOccurred' as const).map((fact) => ({ kind: 'trigger' as const, fact })),
    ...(obligationIds.length > 0
      ? [fc.constantFrom(...obligationIds).map((obligationId) => ({ kind: 'satisfaction' as const, obligationId }))]
      : []),
  ) as fc.Arbitrary<Anchor>;

/**
 * Schedules of every kind, valid against `Schedule`: once on a date in `range`, after an anchor,
 * recurring from a date or from entry (with an `until` never before a fixed start), or ongoing.
 */
export const scheduleArb = (options: DateRange & { readonly obligationIds?: readonly string[] } = {}): fc.Arbitrary<Schedule> =>
  fc.oneof(
    civilDateArb(options).map((dueOn): Schedule => ({ kind: 'once', dueOn })),
    fc.tuple(anchorArb(options.obligationIds), offsetArb()).map(([anchor, offset]): Schedule => ({ kind: 'after', anchor, offset })),
    fc.tuple(everyArb(), civilDateArb(options), fc.option(fc.integer({ min: 0, max: 7300 }), { nil: undefined })).map(
      ([every, on, span]): Schedule =>
        span === undefined ? { kind: 'recurring', every, start: { on } } : { kind: 'recurring', every, start: { on }, until: addDays(on, span) },
    ),
    fc.tuple(everyArb(), offsetArb()).map(([every, afterEntry]): Schedule => ({ kind: 'recurring', every, start: { afterEntry } })),
    fc.constant<Schedule>({ kind: 'ongoing' }),
  );

/** Stipulated-penalty tiers in one currency, consecutive and ordered (day 1–30, 31–60, 61 on…). */
export const penaltyTiersArb = (currency = 'USD'): fc.Arbitrary<PenaltyTier[]> =>
  fc.array(fc.tuple(fc.integer({ min: 1, max: 60 }), moneyArb({ max: 10_000_000, currency })), { minLength: 1, maxLength: 3 }).map((parts) => {
    let from = 1;
    return parts.map(([length, perDay], i) => {
      const tier: PenaltyTier = i === parts.length - 1 ? { fromDay: from, perDay } : { fromDay: from, toDay: from + length - 1, perDay };
      from += length;
      return tier;
    });
  });

/** An order's day counting: roll-forward on (the default) or off. */
export const dayCountingArb = (): fc.Arbitrary<DayCounting> => fc.boolean().map((rollForward) => ({ rollForward }));

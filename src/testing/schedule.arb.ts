import fc from 'fast-check';
import {
  addDays,
  type Anchor,
  type CalendarDate,
  type DayCounting,
  type Every,
  type Offset,
  type PenaltyTier,
  type Schedule,
} from '../../domain/index.js';
import { checkRange } from './options.js';
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
  fc.oneof(
    fc.integer({ min: 1, max: 24 }).map((months) => ({ months })),
    fc.integer({ min: 1, max: 5 }).map((years) => ({ years })),
  );

/** An anchor for "N after …" deadlines; satisfaction anchors name one of `obligationIds` (none when empty). */
export const anchorArb = (
  obligationIds: readonly string[] = [],
  range: DateRange = {},
): fc.Arbitrary<Anchor> =>
  fc.oneof(
    fc.constant({ kind: 'order_entry' as const }),
    civilDateArb(range).map((on) => ({ kind: 'date' as const, on })),
    fc
      .constantFrom(
        'IncidentDiscovered' as const,
        'CorporateChangeOccurred' as const,
        'ProductLaunched' as const,
      )
      .map((fact) => ({ kind: 'trigger' as const, fact })),
    ...(obligationIds.length > 0
      ? [
          fc
            .constantFrom(...obligationIds)
            .map((obligationId) => ({ kind: 'satisfaction' as const, obligationId })),
        ]
      : []),
  ) as fc.Arbitrary<Anchor>;

type TriggerCondition = NonNullable<Extract<Schedule, { kind: 'before' }>['condition']>;
type TriggerAnchor = Extract<Anchor, { kind: 'trigger' }>;

/** A trigger's numeric condition: a measure the facts carry (`usersAffected`, or a key of their `measures`), an operator, a value. */
export const triggerConditionArb = (): fc.Arbitrary<TriggerCondition> =>
  fc.record(
    {
      measure: fc.constantFrom('usersAffected', 'recordsExposed', 'votingSharePct'),
      op: fc.constantFrom('>=' as const, '>' as const, '<=' as const, '<' as const, '=' as const),
      value: fc.oneof(fc.constant(250), fc.integer({ min: 0, max: 1_000_000 })),
    },
    { noNullPrototype: true },
  );

const triggerAnchorArb = (): fc.Arbitrary<TriggerAnchor> =>
  fc
    .constantFrom(
      'IncidentDiscovered' as const,
      'CorporateChangeOccurred' as const,
      'ProductLaunched' as const,
    )
    .map((fact) => ({ kind: 'trigger' as const, fact }));

/** "N after" or "N before" a triggering fact, with a condition half the time. */
const triggeredArb = (kind: 'after' | 'before'): fc.Arbitrary<Schedule> =>
  fc
    .tuple(triggerAnchorArb(), offsetArb(), fc.option(triggerConditionArb(), { nil: undefined }))
    .map(([anchor, offset, condition]): Schedule =>
      condition === undefined ? { kind, anchor, offset } : { kind, anchor, offset, condition },
    );

/**
 * Schedules of every kind, valid against `Schedule`: once on a date in `range`, after an anchor
 * or a triggering fact, before a triggering fact (on a condition or not), recurring from a date or
 * from entry (with an `until` never before a fixed start), or ongoing. Every date, `until`
 * included, lies in the range.
 */
export const scheduleArb = (
  options: DateRange & { readonly obligationIds?: readonly string[] } = {},
): fc.Arbitrary<Schedule> => {
  const { to } = checkRange('scheduleArb', options);
  const until = (on: CalendarDate, span: number): CalendarDate => {
    const end = addDays(on, span);
    return end > to ? to : end;
  };
  return fc.oneof(
    civilDateArb(options).map((dueOn): Schedule => ({ kind: 'once', dueOn })),
    fc
      .tuple(anchorArb(options.obligationIds, options), offsetArb())
      .map(([anchor, offset]): Schedule => ({ kind: 'after', anchor, offset })),
    triggeredArb('after'),
    triggeredArb('before'),
    fc
      .tuple(
        everyArb(),
        civilDateArb(options),
        fc.option(fc.integer({ min: 0, max: 7300 }), { nil: undefined }),
      )
      .map(([every, on, span]): Schedule =>
        span === undefined
          ? { kind: 'recurring', every, start: { on } }
          : { kind: 'recurring', every, start: { on }, until: until(on, span) },
      ),
    fc.tuple(everyArb(), offsetArb()).map(([every, afterEntry]): Schedule => ({
      kind: 'recurring',
      every,
      start: { afterEntry },
    })),
    fc.constant<Schedule>({ kind: 'ongoing' }),
  );
};

/** Stipulated-penalty tiers in one currency, consecutive and ordered (day 1–30, 31–60, 61 on…). */
export const penaltyTiersArb = (currency = 'USD'): fc.Arbitrary<PenaltyTier[]> =>
  fc
    .array(fc.tuple(fc.integer({ min: 1, max: 60 }), moneyArb({ max: 10_000_000, currency })), {
      minLength: 1,
      maxLength: 3,
    })
    .map((parts) => {
      let from = 1;
      return parts.map(([length, perDay], i) => {
        const tier: PenaltyTier =
          i === parts.length - 1
            ? { fromDay: from, perDay }
            : { fromDay: from, toDay: from + length - 1, perDay };
        from += length;
        return tier;
      });
    });

/** An order's day counting: roll-forward on (the default) or off. */
export const dayCountingArb = (): fc.Arbitrary<DayCounting> =>
  fc.oneof(
    fc.boolean().map((rollForward): DayCounting => ({ rollForward })),
    fc
      .constantFrom('frcp6' as const, 'ftc-4.3a' as const, 'calendar' as const)
      .map((rule): DayCounting => ({ rule })),
  );

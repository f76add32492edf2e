import fc from 'fast-check';
import {
  ActorRole,
  addDays,
  daysBetween,
  CalendarDate,
  parseOrThrow,
  type Actor,
  type Currency,
  type EventMetadata,
  type Instant,
  type Money,
} from '../../domain/index.js';
import { badOption, checkInt, checkRange } from './options.js';

/** A closed range of civil dates, written `YYYY-MM-DD`. */
export interface DateRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** Parses a literal civil date, throwing on one that does not exist (a typo in a test, not a case to handle). */
export const civilDate = (text: string): CalendarDate =>
  parseOrThrow(CalendarDate, text, 'civil date');

/**
 * Civil dates in a range (default 2011-01-01 to 2045-12-31), built from integer day offsets so that
 * every value is a real date in no time zone (never `fc.date()`). Shrinks toward `from`.
 */
export const civilDateArb = (range: DateRange = {}): fc.Arbitrary<CalendarDate> => {
  const { from, to } = checkRange('civilDateArb', range);
  return fc.integer({ min: 0, max: daysBetween(from, to) }).map((n) => addDays(from, n));
};

const DAY_MS = 86_400_000;

/** UTC instants with millisecond precision inside a date range, from integer offsets (never Invalid Date). */
export const instantArb = (range: DateRange = {}): fc.Arbitrary<Instant> =>
  fc
    .tuple(civilDateArb(range), fc.integer({ min: 0, max: DAY_MS - 1 }))
    .map(
      ([date, ms]) => new Date(Date.parse(`${date}T00:00:00.000Z`) + ms).toISOString() as Instant,
    );

/** A few ISO 4217 currencies, USD most often. */
export const currencyArb = (): fc.Arbitrary<Currency> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant('USD') },
    { weight: 1, arbitrary: fc.constantFrom('EUR', 'GBP', 'JPY', 'CHF') },
  );

/** Money in integer minor units (positive by default), in an ISO currency. */
export const moneyArb = (
  options: { readonly min?: number; readonly max?: number; readonly currency?: Currency } = {},
): fc.Arbitrary<Money> => {
  const min = options.min ?? 1;
  const max = options.max ?? 100_000_000_000;
  checkInt('moneyArb', ['min'], min, Number.MIN_SAFE_INTEGER);
  checkInt('moneyArb', ['max'], max, min);
  return fc.record(
    {
      amountMinor: fc.integer({ min, max }),
      currency: options.currency === undefined ? currencyArb() : fc.constant(options.currency),
    },
    { noNullPrototype: true },
  );
};

const NAMES: Readonly<Record<ActorRole, readonly string[]>> = {
  regulator: [
    'Federal Trade Commission',
    'U.S. Department of Justice',
    'FTC Bureau of Consumer Protection',
  ],
  court: ['U.S. District Court, N.D. Cal.', 'Magistrate Judge Thomas S. Hixson'],
  company: ['Twitter, Inc.', 'X Corp.'],
  assessor: ['Ernst & Young LLP', 'Independent Assessor'],
  monitor: ['Independent Monitor'],
};

/** Every actor role. */
export const ACTOR_ROLES: readonly ActorRole[] = [
  'regulator',
  'court',
  'company',
  'assessor',
  'monitor',
];

/** An actor with one of the given roles (all by default) and a plausible name for it. */
export const actorArb = (roles: readonly ActorRole[] = ACTOR_ROLES): fc.Arbitrary<Actor> => {
  const allowed = `a non-empty list of the roles ${ACTOR_ROLES.join(', ')}`;
  if (!Array.isArray(roles) || roles.length === 0) badOption('actorArb', ['roles'], roles, allowed);
  roles.forEach((role, k) => {
    if (!ActorRole.safeParse(role).success) badOption('actorArb', ['roles', k], role, allowed);
  });
  return fc
    .constantFrom(...roles)
    .chain((role) => fc.constantFrom(...NAMES[role]).map((name) => ({ role, name })));
};

const WORDS = [
  'order',
  'report',
  'notice',
  'program',
  'privacy',
  'security',
  'assessment',
  'payment',
  'users',
  'data',
  'annual',
  'incident',
];

/** Short human text that survives the schemas' trimming unchanged (words joined by single spaces). */
export const textArb = (): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));

/** Ids the parties name themselves (`ObligationId`, `FactId`): a prefix and a small number. */
export const slugArb = (prefix = 'id'): fc.Arbitrary<string> =>
  fc.nat({ max: 999 }).map((n) => `${prefix}-${n}`);

const PEOPLE = ['Jane Roe', 'John Doe', 'Ada Lovelace', 'Grace Hopper', 'Alan Turing'] as const;

/** A person who answers for a duty (`ObligationAssigned`): a name and an e-mail address derived from it. */
export const personArb = (): fc.Arbitrary<{ name: string; email: string }> =>
  fc.constantFrom(...PEOPLE).map((name) => ({
    name,
    email: `${name.toLowerCase().replace(' ', '.')}@example.com`,
  }));

/** Event ids: UUIDs (the store's idempotency key). */
export const eventIdArb = (): fc.Arbitrary<string> => fc.uuid({ version: 4 });

/** Envelope metadata: effective date, actor, and sometimes an instant, a source and assumptions; absent keys stay absent. */
export const metadataArb = (
  options: DateRange & { readonly roles?: readonly ActorRole[] } = {},
): fc.Arbitrary<EventMetadata> =>
  fc.record(
    {
      effectiveOn: civilDateArb(options),
      effectiveAt: instantArb(options),
      actor: actorArb(options.roles),
      correlationId: slugArb('corr'),
      source: fc.constantFrom('ECF No. 11', 'FTC press release', 'complaint ¶17'),
      assumed: fc.array(textArb(), { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['effectiveOn', 'actor'], noNullPrototype: true },
  );

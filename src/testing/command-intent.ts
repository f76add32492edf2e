import fc from 'fast-check';
import {
  addDays,
  currentDeadline,
  latestTerms,
  obligationOccurrences,
  ORDER_COMMAND_TYPES,
  type ActorRole,
  type CalendarDate,
  type ObligationState,
  type OrderCommandType,
  type OrderState,
  OrderId,
} from '../../domain/index.js';
import { badOption, checkDate, checkRatio } from './options.js';
import { civilDate, currencyArb, eventIdArb, textArb } from './primitives.arb.js';

/**
 * The random material for one command, drawn before the state is known. `commandFor` turns it into
 * a command against the current state, so generation shrinks like a plain array of records.
 */
export interface CommandIntent {
  readonly type: OrderCommandType;
  /** Aim at a rule: an unknown id, a company acting as a regulator, a reused event id… (usually refused). */
  readonly bad: boolean;
  readonly pick: number;
  readonly pick2: number;
  /** Days after the latest effective date recorded so far (before it, when `back`). */
  readonly advance: number;
  /** Backdated: `advance` days before the latest effective date, not before the filing (drawn only with `backdate`). */
  readonly back?: boolean;
  /** A period in days (1–400): until a due date, an extension's length… */
  readonly span: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly flag: boolean;
  /** Chooses optional fields and variants, one decimal digit each (see `digit`): rare flags, the kind of an ending… */
  readonly variant: number;
  readonly text: string;
  readonly eventId: string;
}

/** Options of command and history generation. */
export interface CommandOptions {
  /**
   * The id of the order filed (default `order-<n>`, drawn, so two histories may share it). When
   * given, the event ids are in a space of their own, derived from it: histories of orders with
   * different ids never share an event id, shrunk or not (see `orderHistoriesArb`).
   */
  readonly orderId?: string;
  /** Effective date of the first fact (default 2011-03-01); later facts move forward from it. */
  readonly from?: string;
  /** Share of intents aimed at a rule, 0–1 (default 0.1). */
  readonly badRatio?: number;
  /**
   * Relative weights of command types, over the defaults (a type left out keeps its default; 0
   * leaves it out, also as the stand-in built when an intent's type finds nothing to aim at).
   * `AssignObligation` is 0 by default, so that the histories of a fixed seed stay what they were
   * before owners existed; `{ AssignObligation: 3 }` mixes assignments in. The order is filed
   * first whatever `FileOrder`'s weight: its weight is that of filing again.
   */
  readonly weights?: Partial<Record<OrderCommandType, number>>;
  /** The only command types to build (the others weigh 0); their weights stay as above. */
  readonly only?: readonly OrderCommandType[];
  /**
   * Share of intents whose fact takes effect before the latest one recorded, 0–1 (default 0: every
   * fact on or after the one before, so the histories of a fixed seed stay what they were): a
   * payment, a submission or an amendment recorded after a later-dated one, as happens when facts
   * are entered late. Never before the order's filing.
   */
  readonly backdate?: number;
}

const WEIGHTS: Partial<Record<OrderCommandType, number>> = {
  FileOrder: 1,
  EnterOrder: 2,
  TerminateOrder: 1,
  ImposeObligation: 6,
  FileSubmission: 5,
  MakePayment: 5,
  AcceptSubmission: 4,
  RejectSubmission: 4,
  AllegeViolation: 4,
  FindViolation: 4,
  CureViolation: 4,
  SupersedeObligation: 1,
  AssignObligation: 0,
  DecidePetition: 2,
  DecideMotion: 2,
  DeclareClosure: 1,
};

const checkTypes = (fn: string, options: CommandOptions): void => {
  const known = `a command type (${ORDER_COMMAND_TYPES.slice(0, 3).join(', ')}…)`;
  for (const [t, w] of Object.entries(options.weights ?? {})) {
    if (!ORDER_COMMAND_TYPES.includes(t as OrderCommandType))
      badOption(fn, ['weights'], t, `keys that name ${known}`);
    if (!(Number.isSafeInteger(w) && w >= 0))
      badOption(fn, ['weights', t], w, 'a whole number, 0 or more (0 leaves the type out)');
  }
  if (options.only === undefined) return;
  if (!Array.isArray(options.only) || options.only.length === 0)
    badOption(fn, ['only'], options.only, `a non-empty list of command types`);
  options.only.forEach((t, k) => {
    if (!ORDER_COMMAND_TYPES.includes(t)) badOption(fn, ['only', k], t, known);
  });
};

const checked = new WeakMap<CommandOptions, ReadonlyMap<OrderCommandType, number>>();

/**
 * Checks command options (throwing `InvalidInput` that names `fn`, the option, the value and what
 * is allowed) and returns the weight of every command type; remembered per options object, as
 * `commandFor` runs once per command.
 */
export const weightsOf = (
  fn: string,
  options: CommandOptions,
): ReadonlyMap<OrderCommandType, number> => {
  const known = checked.get(options);
  if (known) return known;
  if (options.orderId !== undefined && !OrderId.safeParse(options.orderId).success)
    badOption(fn, ['orderId'], options.orderId, 'an order id: 1 to 128 letters, digits, . _ : -');
  checkDate(fn, ['from'], options.from);
  checkRatio(fn, ['badRatio'], options.badRatio);
  checkRatio(fn, ['backdate'], options.backdate);
  checkTypes(fn, options);
  const weights = new Map(
    ORDER_COMMAND_TYPES.map((t) => [
      t,
      options.only && !options.only.includes(t) ? 0 : (options.weights?.[t] ?? WEIGHTS[t] ?? 3),
    ]),
  );
  if (![...weights.values()].some((w) => w > 0))
    badOption(
      fn,
      ['weights'],
      options.weights ?? {},
      'at least one command type weighing more than 0',
    );
  checked.set(options, weights);
  return weights;
};

/** Intents for every command type, weighted toward imposing duties and answering them; few terminations. */
export const commandIntentArb = (options: CommandOptions = {}): fc.Arbitrary<CommandIntent> => {
  const weights = weightsOf('commandIntentArb', options);
  const bad = Math.round((options.badRatio ?? 0.1) * 1000);
  const back = Math.round((options.backdate ?? 0) * 1000);
  return fc.record(
    {
      type: fc.oneof(
        ...ORDER_COMMAND_TYPES.map((t) => ({
          weight: weights.get(t) ?? 0,
          arbitrary: fc.constant(t),
        })).filter((w) => w.weight > 0),
      ),
      bad: fc.integer({ min: 0, max: 999 }).map((n) => n < bad),
      pick: fc.nat({ max: 1000 }),
      pick2: fc.nat({ max: 1000 }),
      advance: fc.integer({ min: 0, max: 60 }),
      span: fc.integer({ min: 1, max: 400 }),
      amountMinor: fc.integer({ min: 1, max: 200_000_000_00 }),
      currency: currencyArb(),
      flag: fc.boolean(),
      variant: fc.nat({ max: 999 }),
      text: textArb(),
      eventId: eventIdArb(),
      ...(back > 0 ? { back: fc.integer({ min: 0, max: 999 }).map((n) => n < back) } : {}),
    },
    { noNullPrototype: true },
  );
};

/** Decimal digit `d` (0: units, 1: tens, 2: hundreds) of a drawn number: three independent choices from one `variant`. */
export const digit = (n: number, d: 0 | 1 | 2): number => Math.floor(n / 10 ** d) % 10;

/** One of `items`, chosen by a drawn number; undefined when there is none. */
export const choose = <T>(items: readonly T[], n: number): T | undefined =>
  items[n % Math.max(items.length, 1)];

/** The latest effective date recorded, or the configured start: the "now" of the next fact. */
export const clockOf = (s: OrderState, options: CommandOptions): CalendarDate =>
  s.live.reduce(
    (acc, e) => (e.metadata.effectiveOn > acc ? e.metadata.effectiveOn : acc),
    civilDate(options.from ?? '2011-03-01'),
  );

/** An occurrence an obligation has now: its key (omitted for single-occurrence duties when `omit`), and its deadline. */
export interface PickedOccurrence {
  readonly key?: string;
  readonly deadline?: CalendarDate;
}

/** Picks an occurrence of `o` that exists in `s`, or undefined when it has none yet (a trigger not yet happened…). */
export const pickOccurrence = (
  s: OrderState,
  o: ObligationState,
  i: CommandIntent,
  on: CalendarDate,
): PickedOccurrence | undefined => {
  const schedule = latestTerms(o).schedule;
  const single =
    schedule.kind === 'once' ||
    schedule.kind === 'ongoing' ||
    (schedule.kind === 'after' && schedule.anchor.kind !== 'trigger');
  const specs = obligationOccurrences(s, o.id, addDays(on, 730));
  if (single) {
    const key = schedule.kind === 'ongoing' ? 'ongoing' : 'once';
    const deadline = currentDeadline(s, o.id, key);
    return { ...(i.flag ? { key } : {}), ...(deadline ? { deadline } : {}) };
  }
  const spec = choose(specs, i.pick2);
  if (!spec) return undefined;
  const deadline = currentDeadline(s, o.id, spec.key);
  return { key: spec.key, ...(deadline ? { deadline } : {}) };
};

/** The obligations of an order, in the order they were imposed. */
export const obligationsOf = (s: OrderState): readonly ObligationState[] =>
  Object.values(s.obligations);

/** A regulator or a court, by a drawn number. */
export const overseer = (n: number): ActorRole => (n % 2 === 0 ? 'regulator' : 'court');

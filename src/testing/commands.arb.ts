import fc from 'fast-check';
import {
  seenEvent,
  seenEventIds,
  addDays,
  OrderCommand,
  type ActorRole,
  type CalendarDate,
  type OrderCommandType,
  type OrderState,
} from '../../domain/index.js';
import { badOption } from './options.js';
import { BUILDERS, type BuildContext, type DraftCommand } from './command-builders.js';
import {
  choose,
  clockOf,
  commandIntentArb,
  type CommandIntent,
  type CommandOptions,
  weightsOf,
} from './command-intent.js';

const NAMES: Readonly<Record<ActorRole, string>> = {
  regulator: 'Federal Trade Commission',
  court: 'U.S. District Court, N.D. Cal.',
  company: 'Twitter, Inc.',
  assessor: 'Ernst & Young LLP',
  monitor: 'Independent Monitor',
};

const OVERSIGHT = new Set([
  'ModifyOrder',
  'TerminateOrder',
  'WaiveObligation',
  'DemandInformation',
  'ExtendDeadline',
  'AcceptSubmission',
  'RejectSubmission',
  'AllegeViolation',
  'FindViolation',
  'AssessPenalty',
  'ApproveAssessor',
  'SupersedeObligation',
  'ResolveAllegation',
  'DecidePetition',
  'DecideMotion',
  'DeclareClosure',
]);

type Weights = ReadonlyMap<OrderCommandType, number>;

/**
 * The type to build: the intent's, except that an order is filed first and entered soon after
 * (unless the intent is bad, or entering weighs 0).
 */
const typeFor = (s: OrderState, i: CommandIntent, w: Weights): CommandIntent['type'] => {
  if (i.bad) return i.type;
  if (s.phase === 'none') return 'FileOrder';
  if (s.phase === 'filed' && i.pick % 3 === 0 && (w.get('EnterOrder') ?? 0) > 0)
    return 'EnterOrder';
  return i.type;
};

/** What to build first when nothing fits a type yet: a submission to decide, a violation to cure or resolve, a petition to rule on… */
const PREREQUISITE: Partial<Record<CommandIntent['type'], CommandIntent['type']>> = {
  AcceptSubmission: 'FileSubmission',
  RejectSubmission: 'FileSubmission',
  CureViolation: 'AllegeViolation',
  ResolveAllegation: 'AllegeViolation',
  DecidePetition: 'FilePetition',
  DecideMotion: 'FilePetition',
};

/** Types whose builder needs nothing recorded: the last stand-ins, in this order, when the usual ones weigh 0. */
const ANY_STATE: readonly OrderCommandType[] = [
  'ImposeObligation',
  'IssuePublicStatement',
  'DemandInformation',
  'FilePetition',
  'DiscoverIncident',
  'ApproveAssessor',
  'AssessPenalty',
  'ModifyOrder',
];

/**
 * The stand-in when nothing fits the intent's type: its prerequisite, a new duty, or a statement
 * once the order is terminated, else another type that needs nothing recorded; only types that
 * weigh more than 0. Throws when the weights leave none (say `only: ['MakePayment']`: nothing to pay).
 */
const fallback = (c: BuildContext, type: CommandIntent['type'], w: Weights): DraftCommand => {
  const usual: OrderCommandType =
    c.s.phase === 'terminated' ? 'IssuePublicStatement' : 'ImposeObligation';
  for (const t of [PREREQUISITE[type], usual, ...ANY_STATE]) {
    const built = t !== undefined && (w.get(t) ?? 0) > 0 ? BUILDERS[t](c) : undefined;
    if (built) return built;
  }
  return badOption(
    'commandFor',
    ['weights'],
    [...w].filter(([, n]) => n > 0).map(([t]) => t),
    `types of which one can be built on every state: ${type} finds nothing to aim at in this ${c.s.phase} order; weigh one of ${ANY_STATE.join(', ')} above 0`,
  );
};

/** The first 8 hex digits of the event ids of an order: an FNV-1a hash of its id. */
export const eventIdSpaceOf = (orderId: string): string => {
  let h = 0x811c9dc5;
  for (let k = 0; k < orderId.length; k += 1)
    h = Math.imul(h ^ orderId.charCodeAt(k), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
};

/** A new event id: the intent's, in the order's id space, or a counter's when the state holds it already. */
const eventIdFor = (s: OrderState, drawn: string, options: CommandOptions): string => {
  const space = options.orderId === undefined ? undefined : eventIdSpaceOf(options.orderId);
  const inSpace = (id: string) => (space === undefined ? id : `${space}${id.slice(8)}`);
  let id = inSpace(drawn);
  // A shrunk id (toward the zero UUID) may meet an earlier one: count on from the number of ids seen.
  for (let k = seenEventIds(s).length; seenEvent(s, id); k += 1)
    id = inSpace(`00000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`);
  return id;
};

/** Makes a drafted command bad in a way no builder does: a reused event id or the company acting as an overseer. */
const spoil = (
  s: OrderState,
  i: CommandIntent,
  d: DraftCommand,
  eventId: string,
): { role: ActorRole; eventId: string } => {
  const reused = choose(seenEventIds(s), i.pick2);
  if (i.pick2 % 3 === 0 && reused !== undefined) return { role: d.role, eventId: reused };
  if (i.pick2 % 3 === 1 && OVERSIGHT.has(d.type)) return { role: 'company', eventId };
  return { role: d.role, eventId };
};

/** The effective date of an intent's fact: `advance` days after the latest one, or before it (not before the filing) when backdated. */
const effectiveOnFor = (
  intent: CommandIntent,
  s: OrderState,
  options: CommandOptions,
): CalendarDate => {
  const clock = clockOf(s, options);
  if (intent.back !== true) return addDays(clock, intent.advance);
  const back = addDays(clock, -intent.advance);
  const floor = s.filed?.on;
  return floor !== undefined && back < floor ? floor : back;
};

/**
 * Turns an intent into a command against the current state: ids, occurrences and submissions that
 * exist, fresh ids for new facts, an effective date on or after the latest one (before it, not
 * before the filing, for an intent drawn as backdated: `CommandOptions.backdate`). A bad intent
 * aims at a rule instead (the command is usually refused). The result is parsed with
 * `OrderCommand`, so it is valid input whatever the state.
 */
export const commandFor = (
  intent: CommandIntent,
  s: OrderState,
  options: CommandOptions = {},
): OrderCommand => {
  const weights = weightsOf('commandFor', options);
  const n = seenEventIds(s).length;
  const on = effectiveOnFor(intent, s, options);
  const c: BuildContext = {
    s,
    i: intent,
    on,
    n,
    ...(options.orderId === undefined ? {} : { orderId: options.orderId }),
  };
  const type = typeFor(s, intent, weights);
  const d = BUILDERS[type](c) ?? fallback(c, type, weights);
  const fresh = eventIdFor(s, intent.eventId, options);
  const { role, eventId } = intent.bad
    ? spoil(s, intent, d, fresh)
    : { role: d.role, eventId: fresh };
  return OrderCommand.parse({
    type: d.type,
    data: d.data,
    meta: { eventId, effectiveOn: on, actor: { role, name: NAMES[role] } },
  });
};

/** One command generated against `state`: mostly accepted, sometimes aimed at a rule. */
export const commandArb = (
  state: OrderState,
  options: CommandOptions = {},
): fc.Arbitrary<OrderCommand> => {
  weightsOf('commandArb', options);
  return commandIntentArb(options).map((i) => commandFor(i, state, options));
};

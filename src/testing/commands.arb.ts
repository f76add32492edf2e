import fc from 'fast-check';
import {
  seenEvent,
  seenEventIds,
  addDays,
  OrderCommand,
  type ActorRole,
  type CalendarDate,
  type OrderState,
} from '../../domain/index.js';
import { BUILDERS, type BuildContext, type DraftCommand } from './command-builders.js';
import {
  choose,
  clockOf,
  commandIntentArb,
  type CommandIntent,
  type CommandOptions,
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

/** The type to build: the intent's, except that an order is filed first and entered soon after (unless the intent is bad). */
const typeFor = (s: OrderState, i: CommandIntent): CommandIntent['type'] => {
  if (i.bad) return i.type;
  if (s.phase === 'none') return 'FileOrder';
  if (s.phase === 'filed' && i.pick % 3 === 0) return 'EnterOrder';
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

/** The fallback when nothing fits the intent's type: its prerequisite, a new duty, or a statement once the order is terminated. */
const fallback = (c: BuildContext, type: CommandIntent['type']): DraftCommand => {
  const first = PREREQUISITE[type];
  const built = first === undefined ? undefined : BUILDERS[first](c);
  return (
    built ??
    (c.s.phase === 'terminated' ? BUILDERS.IssuePublicStatement(c) : BUILDERS.ImposeObligation(c))!
  );
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
  const n = seenEventIds(s).length;
  const on = effectiveOnFor(intent, s, options);
  const c: BuildContext = { s, i: intent, on, n };
  const type = typeFor(s, intent);
  const d = BUILDERS[type](c) ?? fallback(c, type);
  const fresh = seenEvent(s, intent.eventId)
    ? `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
    : intent.eventId;
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
): fc.Arbitrary<OrderCommand> =>
  commandIntentArb(options).map((i) => commandFor(i, state, options));

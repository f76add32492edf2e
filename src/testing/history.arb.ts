import fc from 'fast-check';
import {
  decideOrder,
  evolveOrder,
  initialOrderState,
  isDomainRuleViolation,
  type OrderCommand,
  type OrderEvent,
  type OrderRuleCode,
  type OrderState,
} from '../../domain/index.js';
import { commandIntentArb, type CommandIntent, type CommandOptions } from './command-intent.js';
import { commandFor } from './commands.arb.js';

/** A reachable order history: the events recorded, the state they fold to, and the commands that produced them. */
export interface OrderHistory {
  readonly events: readonly OrderEvent[];
  readonly state: OrderState;
  /** Every command the decider accepted, in order (including those that recorded nothing: already in effect). */
  readonly commands: readonly OrderCommand[];
  /** The commands it refused, with the rule that refused each; they left no trace in `events`. */
  readonly refused: readonly { readonly command: OrderCommand; readonly code: OrderRuleCode }[];
}

/** Options of `orderHistoryArb`: command generation plus the number of commands tried. */
export interface HistoryOptions extends CommandOptions {
  readonly minCommands?: number;
  readonly maxCommands?: number;
}

/**
 * Runs intents one by one: each becomes a command against the current state, is decided, and its
 * events are folded in; refusals (`DomainRuleViolation`) are dropped. Any other error propagates:
 * it is a bug in the decider.
 */
export const runIntents = (
  intents: readonly CommandIntent[],
  options: CommandOptions = {},
): OrderHistory => {
  let state = initialOrderState();
  const events: OrderEvent[] = [];
  const commands: OrderCommand[] = [];
  const refused: { command: OrderCommand; code: OrderRuleCode }[] = [];
  for (const intent of intents) {
    const command = commandFor(intent, state, options);
    try {
      const recorded = decideOrder(command, state);
      commands.push(command);
      for (const e of recorded) {
        events.push(e);
        state = evolveOrder(state, e);
      }
    } catch (e) {
      if (!isDomainRuleViolation(e)) throw e;
      refused.push({ command, code: e.code as OrderRuleCode });
    }
  }
  return { events, state, commands, refused };
};

/**
 * Histories that could really happen: generated commands, each aimed at the state reached so far,
 * run through `decideOrder`, accepted events folded with `evolveOrder`, refusals dropped. Shrinks
 * by dropping and simplifying commands (the rest are re-aimed at the smaller state).
 * @example fc.assert(fc.property(orderHistoryArb(), ({ events, state }) => state.live.length <= events.length));
 */
export const orderHistoryArb = (options: HistoryOptions = {}): fc.Arbitrary<OrderHistory> =>
  // size 'max': lengths spread over the whole range, not fast-check's default of about ten.
  fc
    .array(commandIntentArb(options), {
      minLength: options.minCommands ?? 1,
      maxLength: options.maxCommands ?? 30,
      size: 'max',
    })
    .map((intents) => runIntents(intents, options));

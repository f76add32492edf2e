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
import {
  commandIntentArb,
  weightsOf,
  type CommandIntent,
  type CommandOptions,
} from './command-intent.js';
import { commandFor } from './commands.arb.js';
import { badOption, checkInt } from './options.js';

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

/** Data fields left out of a history's printout: free text, which never decides anything. */
const TEXT = new Set(['title', 'summary', 'reason', 'clauseText', 'text']);

/** A data value as printed: bare when it is a plain word or number, else compact JSON. */
const valueText = (v: unknown): string =>
  typeof v === 'number' || (typeof v === 'string' && /^[\w.:/-]+$/.test(v))
    ? String(v)
    : JSON.stringify(v);

/** One command on one line: effective date, type, actor role, and its data but for free text. */
const commandLine = (c: OrderCommand): string => {
  const data = Object.entries(c.data as Record<string, unknown>)
    .filter(([k]) => !TEXT.has(k))
    .map(([k, v]) => `${k}=${valueText(v)}`);
  return [c.meta.effectiveOn, c.type, `by ${c.meta.actor.role}`, ...data].join(' ');
};

/**
 * Gives a history the printout fast-check shows for a counterexample: one line per command tried,
 * in order, refusals marked with their rule. Not enumerable, so equality and JSON ignore it.
 */
const printable = (
  history: OrderHistory,
  tried: readonly { readonly command: OrderCommand; readonly code?: OrderRuleCode }[],
): OrderHistory =>
  Object.defineProperty(history, fc.toStringMethod, {
    value: (): string => {
      const head = `OrderHistory ${history.state.orderId ?? '(not filed)'}: ${history.commands.length} commands accepted (${history.events.length} events), ${history.refused.length} refused`;
      const lines = tried.map(({ command, code }) =>
        code === undefined
          ? `  ${commandLine(command)}`
          : `  REFUSED ${code}: ${commandLine(command)}`,
      );
      return [head, ...lines].join('\n');
    },
  });

/**
 * Runs intents one by one: each becomes a command against the current state, is decided, and its
 * events are folded in; refusals (`DomainRuleViolation`) are dropped. Any other error propagates:
 * it is a bug in the decider. fast-check prints the result one command a line.
 */
export const runIntents = (
  intents: readonly CommandIntent[],
  options: CommandOptions = {},
): OrderHistory => {
  let state = initialOrderState();
  const events: OrderEvent[] = [];
  const commands: OrderCommand[] = [];
  const refused: { command: OrderCommand; code: OrderRuleCode }[] = [];
  const tried: { command: OrderCommand; code?: OrderRuleCode }[] = [];
  for (const intent of intents) {
    const command = commandFor(intent, state, options);
    try {
      const recorded = decideOrder(command, state);
      commands.push(command);
      tried.push({ command });
      for (const e of recorded) {
        events.push(e);
        state = evolveOrder(state, e);
      }
    } catch (e) {
      if (!isDomainRuleViolation(e)) throw e;
      const code = e.code as OrderRuleCode;
      refused.push({ command, code });
      tried.push({ command, code });
    }
  }
  return printable({ events, state, commands, refused }, tried);
};

const checkLengths = (fn: string, options: HistoryOptions): { min: number; max: number } => {
  checkInt(fn, ['minCommands'], options.minCommands, 0);
  checkInt(fn, ['maxCommands'], options.maxCommands, 0);
  const min = options.minCommands ?? 1;
  const max = options.maxCommands ?? 30;
  if (min > max)
    badOption(
      fn,
      ['minCommands'],
      min,
      `at most maxCommands (${max}${options.maxCommands === undefined ? ', the default: give maxCommands too' : ''})`,
    );
  return { min, max };
};

/**
 * Histories that could really happen: generated commands, each aimed at the state reached so far,
 * run through `decideOrder`, accepted events folded with `evolveOrder`, refusals dropped. Shrinks
 * by dropping and simplifying commands (the rest are re-aimed at the smaller state). Two histories
 * drawn apart may share their order id and, once shrunk, event ids: for several orders in one
 * store, use `orderHistoriesArb` (or distinct `orderId`s).
 * @example fc.assert(fc.property(orderHistoryArb(), ({ events, state }) => state.live.length <= events.length));
 */
export const orderHistoryArb = (options: HistoryOptions = {}): fc.Arbitrary<OrderHistory> => {
  const { min, max } = checkLengths('orderHistoryArb', options);
  weightsOf('orderHistoryArb', options);
  // size 'max': lengths spread over the whole range, not fast-check's default of about ten.
  return fc
    .array(commandIntentArb(options), { minLength: min, maxLength: max, size: 'max' })
    .map((intents) => runIntents(intents, options));
};

/**
 * `count` histories of different orders (`order-1`, `order-2`…), to record in one store: their
 * order ids differ and so do their event ids, also once shrunk (each order's ids are in a space
 * derived from its id). Options apply to every history; `orderId` is not one of them.
 * @example fc.property(orderHistoriesArb(2), ([a, b]) => …)
 */
export const orderHistoriesArb = (
  count: number,
  options: HistoryOptions = {},
): fc.Arbitrary<OrderHistory[]> => {
  checkInt('orderHistoriesArb', ['count'], count, 1);
  if (options.orderId !== undefined)
    badOption(
      'orderHistoriesArb',
      ['orderId'],
      options.orderId,
      'none: the orders are order-1, order-2…',
    );
  const ids = Array.from({ length: count }, (_, k) => `order-${k + 1}`);
  return fc.tuple(...ids.map((orderId) => orderHistoryArb({ ...options, orderId })));
};

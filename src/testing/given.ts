import { isDeepStrictEqual } from 'node:util';
import {
  decideOrder,
  evolveOrder,
  formatPath,
  initialOrderState,
  isDomainRuleViolation,
  OrderCommand,
  OrderEvent,
  parseOrThrow,
  seenEvent,
  type DomainRuleViolation,
  type FieldPath,
  type OrderRuleCode,
  type OrderState,
} from '../../domain/index.js';

const show = (x: unknown): string => JSON.stringify(x, null, 2);

/** A command as a test writes it: `meta.eventId` may be left out (`givenOrder` then fills one in). */
export type GivenCommand = OrderCommand extends infer C
  ? C extends OrderCommand
    ? Omit<C, 'meta'> & {
        readonly meta: Omit<C['meta'], 'eventId'> & { readonly eventId?: string };
      }
    : never
  : never;

/** What `givenOrder(…).when(command)` offers: the command as decided, and the checks on its outcome. */
export interface WhenCommand {
  /** The command decided: parsed, its event id filled in when it had none. */
  readonly command: OrderCommand;
  /** Checks that the decider records exactly `expected` (none: the fact is already recorded); returns the events. */
  thenRecords(expected: readonly OrderEvent[]): readonly OrderEvent[];
  /** Checks that the decider refuses the command by rule `code` (and at `path`, when given); returns the refusal. */
  thenRejects(code: OrderRuleCode, path?: FieldPath): DomainRuleViolation;
}

/** What `givenOrder(events)` offers: the state the events fold to, and `when`. */
export interface GivenOrder {
  readonly state: OrderState;
  /** Parses `command` (throwing `InvalidInput` as the engine would) and prepares the checks. */
  when(command: GivenCommand): WhenCommand;
}

/** An event id no event of `state` has, the same for the same state: `00000000-0000-4000-8000-<n>`. */
const eventIdFor = (state: OrderState): string => {
  for (let n = 0; ; n += 1) {
    const id = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    if (!seenEvent(state, id)) return id;
  }
};

const decided = (state: OrderState, command: OrderCommand): WhenCommand => ({
  command,
  thenRecords(expected) {
    const got = decideOrder(command, state);
    if (!isDeepStrictEqual([...got], [...expected]))
      throw new Error(`${command.type}: expected events ${show(expected)}\nbut got ${show(got)}`);
    return got;
  },
  thenRejects(code, path) {
    let got: readonly OrderEvent[];
    try {
      got = decideOrder(command, state);
    } catch (e) {
      if (!isDomainRuleViolation(e)) throw e;
      if (e.code !== code)
        throw new Error(
          `${command.type}: expected ${code} but was refused with ${e.code}: ${e.message}`,
        );
      if (path && !isDeepStrictEqual([...e.path], [...path]))
        throw new Error(
          `${command.type}: ${code} at "${formatPath(e.path)}", expected "${formatPath(path)}"`,
        );
      return e;
    }
    throw new Error(`${command.type}: expected ${code} but it was accepted with ${show(got)}`);
  },
});

/**
 * Given/when/then for the order decider, free of any test runner: throws a plain Error on mismatch.
 * Events and commands are parsed with the domain's schemas first (`InvalidInput` names the bad
 * field, as `engine.execute` would); a command without `meta.eventId` gets one no given event
 * has. Nothing here is called `then`, so awaiting the result or returning it from an async test
 * is harmless.
 * @example givenOrder([filed, entered]).when(enter).thenRecords([]); givenOrder([]).when(pay).thenRejects('ORDER_NOT_FILED', ['type']);
 */
export const givenOrder = (events: readonly OrderEvent[]): GivenOrder => {
  const state = events
    .map((e, k) => parseOrThrow(OrderEvent, e, `given event [${k}]`))
    .reduce(evolveOrder, initialOrderState());
  return {
    state,
    when: (input) => {
      const eventId = input.meta.eventId ?? eventIdFor(state);
      const meta = { ...input.meta, eventId };
      return decided(state, parseOrThrow(OrderCommand, { ...input, meta }, 'command'));
    },
  };
};

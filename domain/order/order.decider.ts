import type { Decider } from '../shared/decider.js';
import { DomainRuleViolation, isDomainRuleViolation, type FieldPath } from '../shared/errors.js';
import { admit } from './order.admit.js';
import { COMMAND_EVENT, type OrderCommand } from './order.commands.js';
import type { OrderEvent } from './order.events.js';
import { evolveOrder } from './order.evolve.js';
import { initialOrderState, type OrderState } from './order.state.js';

/** The event a command asks to record: same data, the command's metadata, its `eventId` as the id. */
export const eventOf = (c: OrderCommand): OrderEvent => {
  const { eventId, ...metadata } = c.meta;
  return {
    id: eventId,
    type: COMMAND_EVENT[c.type],
    schemaVersion: 1,
    data: c.data,
    metadata,
  } as OrderEvent;
};

const commandPath = (path: FieldPath): FieldPath =>
  path[0] === 'id'
    ? ['meta', 'eventId']
    : path[0] === 'metadata'
      ? ['meta', ...path.slice(1)]
      : path;

/**
 * Decides a command against the order's state: the one event to record, `[]` when the same
 * fact is already recorded (so re-issuing a command is harmless), or a `DomainRuleViolation`
 * whose path points into the command.
 */
export const decideOrder = (command: OrderCommand, state: OrderState): readonly OrderEvent[] => {
  const event = eventOf(command);
  try {
    return admit(state, event) === 'duplicate' ? [] : [event];
  } catch (e) {
    if (!isDomainRuleViolation(e)) throw e;
    throw new DomainRuleViolation(e.code, e.message, commandPath(e.path), e.details);
  }
};

/** The decider of the order stream: the one consistency boundary of Decree. */
export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide: decideOrder,
  isTerminal: () => false, // a terminated order still takes statements, petitions and retractions
};

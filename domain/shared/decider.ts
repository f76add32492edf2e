/**
 * The whole decider abstraction: state starts at `initialState()`, `evolve` folds one event
 * (total, never throws), `decide` turns a command into the events to record (`[]` when it is
 * already in effect) or throws a `DomainRuleViolation` for a command that should never be issued.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly isTerminal?: (state: State) => boolean;
}

/** Folds events over a decider's initial state. */
export const foldWith = <E, S>(
  decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>,
  events: Iterable<E>,
): S => {
  let s = decider.initialState();
  for (const e of events) s = decider.evolve(s, e);
  return s;
};

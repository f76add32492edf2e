/** A source of the current instant (injected so tests and replays can fix time). */
export type Clock = () => Date;

/** The system clock. */
export const systemClock: Clock = () => new Date();

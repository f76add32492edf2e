import type {
  ActorRole,
  CalendarDate,
  ObligationState,
  OrderCommandType,
  OrderState,
} from '../../domain/index.js';
import { digit, pickOccurrence, type CommandIntent } from './command-intent.js';

/** A command before parsing: the builders write plain data and `commandFor` checks it with the schema. */
export interface DraftCommand {
  readonly type: OrderCommandType;
  readonly data: Record<string, unknown>;
  readonly role: ActorRole;
}

/** What a builder knows: the state, the intent, the effective date and a counter for fresh ids. */
export interface BuildContext {
  readonly s: OrderState;
  readonly i: CommandIntent;
  readonly on: CalendarDate;
  /** A number no earlier event used, for fresh readable ids (`payment-7`). */
  readonly n: number;
  /** The id of the order to file, when the options name one. */
  readonly orderId?: string;
}

/** Builds the draft of one command type, or undefined when nothing in the state fits it. */
export type Builder = (c: BuildContext) => DraftCommand | undefined;

export const draft = (
  type: OrderCommandType,
  role: ActorRole,
  data: Record<string, unknown>,
): DraftCommand => ({ type, role, data });

/** The occurrence of `o` to aim at (its key when one must be named) and its current deadline; undefined when it has none yet. */
export const occurrenceData = (c: BuildContext, o: ObligationState) => {
  const picked = pickOccurrence(c.s, o, c.i, c.on);
  return (
    picked && {
      ...(picked.key === undefined ? {} : { occurrence: picked.key }),
      deadline: picked.deadline,
    }
  );
};

/** `retroactive: true` one time in ten (digit 0 of the variant is 9); absent otherwise, as most changes govern forward. */
export const retroactive = (i: CommandIntent): Record<string, unknown> =>
  digit(i.variant, 0) === 9 ? { retroactive: true } : {};

/** An evidence record, from digit `d` of the variant: 'partial' two times in ten, 'complete' one, absent otherwise. */
export const evidenceRecord = (i: CommandIntent, d: 0 | 1 | 2): Record<string, unknown> => {
  const k = digit(i.variant, d);
  return k >= 8 ? { evidenceRecord: 'partial' } : k === 7 ? { evidenceRecord: 'complete' } : {};
};

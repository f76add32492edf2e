import {
  decideOrder,
  eventOf,
  evolveOrder,
  initialOrderState,
  OrderCommand,
  type Actor,
  type OrderCommandOf,
  type OrderCommandType,
  type OrderEvent,
  type OrderState,
} from '../../domain/index.js';

/** The actors of the Twitter case, by short name. */
export const ACTORS = {
  ftc: { role: 'regulator', name: 'Federal Trade Commission' },
  doj: { role: 'regulator', name: 'U.S. Department of Justice, Consumer Protection Branch' },
  court: {
    role: 'court',
    name: 'U.S. District Court, N.D. Cal. (Magistrate Judge Thomas S. Hixson)',
  },
  twitter: { role: 'company', name: 'Twitter, Inc.' },
  x: { role: 'company', name: 'X Corp.' },
  ey: { role: 'assessor', name: 'Ernst & Young LLP' },
  monitor: { role: 'monitor', name: 'Independent Monitor' },
} as const satisfies Record<string, Actor>;

/** A deterministic event id (a version-4 UUID) from a number. */
export const uuid = (n: number): string =>
  `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

let next = 10_000;

/** Metadata options of a built command: effective date, actor, event id number, source and assumptions. */
export interface MetaOptions {
  readonly on?: string;
  readonly by?: Actor;
  readonly id?: number;
  readonly source?: string;
  readonly assumed?: readonly string[];
}

/**
 * A command parsed by its schema (so a typo in a spec fails loudly). Ids count up from 10 000
 * unless given, so commands built in one file never share an event id by accident.
 */
export const command = <C extends OrderCommandType>(
  type: C,
  data: Record<string, unknown>,
  o: MetaOptions = {},
): OrderCommandOf<C> =>
  OrderCommand.parse({
    type,
    data,
    meta: {
      eventId: uuid(o.id ?? (next += 1)),
      effectiveOn: o.on ?? '2022-06-01',
      actor: o.by ?? ACTORS.ftc,
      ...(o.source === undefined ? {} : { source: o.source }),
      ...(o.assumed === undefined ? {} : { assumed: [...o.assumed] }),
    },
  }) as OrderCommandOf<C>;

/** The same command under a new event id (the same fact, recorded again by someone else). */
export const withNewId = <C extends OrderCommand>(c: C): C => ({
  ...c,
  meta: { ...c.meta, eventId: uuid((next += 1)) },
});

/** Decides commands in turn, folding as it goes; throws on the first refusal. Returns every event and the final state. */
export const record = (
  commands: readonly OrderCommand[],
  from: { events: readonly OrderEvent[]; state: OrderState } = {
    events: [],
    state: initialOrderState(),
  },
) => {
  let { state } = from;
  const events = [...from.events];
  for (const c of commands) {
    for (const e of decideOrder(c, state)) {
      events.push(e);
      state = evolveOrder(state, e);
    }
  }
  return { events, state };
};

/** The event a command records (same data, metadata and id). */
export const recorded = (c: OrderCommand): OrderEvent => eventOf(c);

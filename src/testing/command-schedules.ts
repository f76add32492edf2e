import { addDays, type ObligationId, type Schedule, type TriggerFact } from '../../domain/index.js';
import { choose, digit, obligationsOf, type CommandIntent } from './command-intent.js';
import type { BuildContext } from './command-draft.js';

type TriggerCondition = NonNullable<Extract<Schedule, { kind: 'before' }>['condition']>;

/** Conditions an order states on a trigger, by fact: each names a number the builders' facts carry (or omit). */
const CONDITIONS: Readonly<Record<TriggerFact, readonly TriggerCondition[]>> = {
  IncidentDiscovered: [
    { measure: 'usersAffected', op: '>=', value: 250 },
    { measure: 'recordsExposed', op: '>', value: 10_000 },
  ],
  CorporateChangeOccurred: [{ measure: 'votingSharePct', op: '>', value: 50 }],
  ProductLaunched: [{ measure: 'usersReached', op: '>=', value: 1_000_000 }],
};

/** A trigger's condition half the time (digit 0 of the variant from 5). */
const conditionOn = (i: CommandIntent, fact: TriggerFact): Record<string, unknown> =>
  digit(i.variant, 0) >= 5 ? { condition: choose(CONDITIONS[fact], i.pick2) } : {};

const trigger = (
  i: CommandIntent,
  kind: 'after' | 'before',
  fact: TriggerFact,
  days: number,
): Schedule =>
  ({
    kind,
    anchor: { kind: 'trigger', fact },
    offset: { days },
    ...conditionOn(i, fact),
  }) as Schedule;

/**
 * A schedule for obligation `id`: once, after entry (with a condition, refused, when the intent is
 * bad), after or before a triggering fact (sometimes on a condition), recurring, ongoing, or after
 * another obligation's satisfaction.
 */
export const scheduleFor = ({ s, i, on }: BuildContext, id: string): Schedule => {
  const other = choose(
    obligationsOf(s).filter((o) => o.id !== id),
    i.pick,
  );
  switch (i.pick % 9) {
    case 0:
      return { kind: 'once', dueOn: addDays(on, i.span) };
    case 1:
      return {
        kind: 'after',
        anchor: { kind: 'order_entry' },
        offset: { days: i.span % 200 },
        ...(i.bad ? { condition: CONDITIONS.IncidentDiscovered[0]! } : {}),
      };
    case 2:
      return trigger(i, 'after', 'IncidentDiscovered', 30);
    case 3:
      return trigger(i, 'after', 'CorporateChangeOccurred', 14);
    case 4:
      return {
        kind: 'recurring',
        every: { years: 1 },
        start: { on: addDays(on, i.span) },
        ...(i.flag ? { until: addDays(on, i.span * 10) } : {}),
      };
    case 5:
      return { kind: 'recurring', every: { months: 6 }, start: { afterEntry: { months: 6 } } };
    case 6:
      return { kind: 'ongoing' };
    case 7:
      return trigger(
        i,
        'before',
        i.flag ? 'ProductLaunched' : 'CorporateChangeOccurred',
        i.flag ? 1 : 30,
      );
    default:
      return other
        ? {
            kind: 'after',
            anchor: { kind: 'satisfaction', obligationId: other.id as ObligationId },
            offset: { days: 60 },
          }
        : { kind: 'once', dueOn: addDays(on, i.span) };
  }
};

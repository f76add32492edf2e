import type { ScheduleContext } from '../../../domain/schedule/index.js';
import type { CalendarDate } from '../../../domain/shared/primitives.js';

type Trigger = { readonly id: string; readonly on: CalendarDate };

/** A schedule context with roll-forward on, nothing satisfied and no triggers, overridable. */
export const context = (
  over: Partial<Omit<ScheduleContext, 'triggers'>> & {
    readonly incidents?: readonly Trigger[];
  } = {},
): ScheduleContext => {
  const { incidents = [], ...rest } = over;
  return {
    counting: { rollForward: true },
    satisfiedOn: () => undefined,
    triggers: (fact) => (fact === 'IncidentDiscovered' ? incidents : []),
    ...rest,
  };
};

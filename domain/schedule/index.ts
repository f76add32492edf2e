/** Obligation schedules (the schema) and the occurrences they generate on the legal calendar. */
export {
  Anchor,
  DayCounting,
  Every,
  Offset,
  offsetWords,
  RecurrenceStart,
  Schedule,
  TriggerFact,
  triggerFactOf,
} from './schedule.schema.js';
export {
  type OccurrenceSpec,
  type ScheduleContext,
  isOccurrenceKey,
  occurrences,
} from './occurrences.js';
export { recurrenceDates } from './recurrence.js';

export * from './order.events.js';
export * from './order.metadata.js';
export * from './order.commands.js';
export * from './order.state.js';
export {
  evolveOrder,
  evolveInto,
  foldOrder,
  orderDraft,
  type OrderDraft,
  fingerprintOf,
  factKeyOf,
  defaultOccurrence,
  seenEvent,
  seenEventIds,
  sameFact,
  RECORD_ONLY_FACTS,
} from './order.evolve.js';
export { admit, awaitedAnchor } from './order.admit.js';
export {
  resolveOccurrence,
  currentDeadline,
  type OrderRuleCode,
  type Admission,
} from './order.rules.js';
export { satisfactionOf, type Satisfaction } from './order.satisfaction.js';
export {
  scheduleContextOf,
  dutyBindsOn,
  extendedDeadline,
  obligationOccurrences,
  occurrenceSpecOf,
  placedOccurrences,
  placedOccurrenceOf,
  placeByPeriods,
  obligationContext,
  scheduleSpecs,
  type PlacedSpec,
} from './order.schedule-context.js';
export * from './order.decider.js';
export * from './order.upcasters.js';

/** Decree's pure domain: schemas, the order decider, schedules and the legal calendar. */
export * from './shared/errors.js';
export * from './shared/primitives.js';
export * from './shared/validation.js';
export { readableIssue, expectedOf, closestFirst } from './shared/readable-errors.js';
export { documented } from './shared/documented.js';
export * from './shared/decider.js';
export * from './calendar/index.js';
export * from './schedule/index.js';
export * from './order/index.js';

/** Decree's pure projections: compliance status, change points, deadlines, ledger, exposure, docket. */
export * from './compliance/compliance.types.js';
export * from './compliance/known-at.js';
export * from './compliance/classify.js';
export * from './compliance/order-status.js';
export * from './compliance/order-end.js';
export * from './compliance/citations.js';
export * from './compliance/change-points.js';
export * from './compliance/deadlines.js';
export * from './compliance/explain.js';
export { computationOf, scheduleWords } from './compliance/computation.js';
export { ruleCitation, skippedDays } from './compliance/roll-reasons.js';
export * from './exposure/statutory-maximum.js';
export * from './exposure/exposure.js';
export * from './exposure/interest.js';
export * from './exposure/money.js';
export * from './exposure/ledger.js';
export * from './docket/docket.js';
export * from './order-model.js';

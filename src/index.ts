/**
 * Decree: an event-sourced engine for the obligations that courts and regulators impose in
 * settlements. The library API: `createEngine`, the domain's schemas and errors, the pure
 * projections, the event store port and its adapters, and the inversify module.
 */
export * from '../domain/index.js';
export * from '../projections/index.js';
export * from './store/index.js';
export * from './engine/index.js';
export * from './format/index.js';
export { decreeModule, TOKENS, systemClock, type Clock } from './composition-root.js';

/**
 * Decree: an event-sourced engine for the obligations that courts and regulators impose in
 * settlements. The library API: `createEngine`, the domain's schemas and errors, the pure
 * projections, the event store port with its memory and SQLite adapters. The EventStoreDB adapter
 * and the inversify module are the `decree/eventstoredb` and `decree/inversify` entry points.
 */
export * from '../domain/index.js';
export * from '../projections/index.js';
export * from './store/index.js';
export * from './engine/index.js';
export * from './format/index.js';
export * from './notify/index.js';
export { systemClock, type Clock } from './clock.js';

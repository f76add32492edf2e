/** `@decree-engine/decree/testing`: fast-check arbitraries for Decree's domain and a given/when/then helper (no test runner inside). */
export * from './primitives.arb.js';
export * from './schedule.arb.js';
export * from './event-data.arb.js';
export { commandIntentArb, type CommandIntent, type CommandOptions } from './command-intent.js';
export { commandArb, commandFor } from './commands.arb.js';
export * from './history.arb.js';
export { givenOrder, type GivenCommand, type GivenOrder, type WhenCommand } from './given.js';
export { openThrowawayStore, type ThrowawayStore } from './stores.js';

/** Deadlines that reach people and services: calendar files (RFC 5545) and digests. */
export * from './calendar.js';
export * from './digest.js';
export * from './digest-render.js';

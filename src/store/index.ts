/** The event store layer: the port, its errors, the hash chain, verification, seals, and the memory and SQLite adapters. */
export type * from './event-store.js';
export { DEFAULT_PAGE_SIZE, lastEvent, logLength, storedBy } from './event-store.js';
export * from './errors.js';
export { GENESIS_HASH, hashEvent, canonicalEventJson, type HashedFields } from './hash-chain.js';
export * from './verify.js';
export * from './seal.js';
export { appendPipeline, type AppendPipeline } from './append-pipeline.js';
export { createMemoryEventStore, type MemoryEventStoreOptions } from './memory-event-store.js';
export {
  assertWritable,
  openSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
} from './sqlite-event-store.js';
// The EventStoreDB adapter itself is the `decree/eventstoredb` entry point (its client is an optional peer).
export { isEventStoreDbConnectionString, type EventStoreDbOptions } from './eventstoredb-scheme.js';
export { openEventStore, parseStoreSpec, type OpenEventStoreOptions } from './open-event-store.js';

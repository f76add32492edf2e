/** The event store layer: the port, its errors, the hash chain, verification, seals and the three adapters. */
export type * from './event-store.js';
export { DEFAULT_PAGE_SIZE, lastEvent, logLength } from './event-store.js';
export * from './errors.js';
export { GENESIS_HASH, hashEvent, canonicalEventJson, type HashedFields } from './hash-chain.js';
export * from './verify.js';
export * from './seal.js';
export { appendPipeline, type AppendPipeline } from './append-pipeline.js';
export { createMemoryEventStore, type MemoryEventStoreOptions } from './memory-event-store.js';
export {
  openSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
} from './sqlite-event-store.js';
export {
  openEventStoreDbStore,
  isEventStoreDbConnectionString,
  type EventStoreDbOptions,
} from './eventstoredb-event-store.js';
export { openEventStore, parseStoreSpec, type OpenEventStoreOptions } from './open-event-store.js';

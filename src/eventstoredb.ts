/**
 * `decree/eventstoredb`: the EventStoreDB/KurrentDB adapter. Its client, `@eventstore/db-client`, is
 * an optional peer dependency: install it to use this entry point (or an `esdb://` store spec).
 */
export {
  openEventStoreDbStore,
  isEventStoreDbConnectionString,
  type EventStoreDbOptions,
} from './store/eventstoredb-event-store.js';

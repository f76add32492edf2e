// What the rest of Decree needs to know about EventStoreDB without loading its client: the
// connection-string schemes and the adapter's options. The client itself is an optional peer
// dependency, loaded only when such a store is opened.
import type { CommonStoreOptions } from './event-store.js';

const SCHEMES = /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kurrent):\/\//i;

/** Whether `s` is an EventStoreDB/KurrentDB connection string this adapter accepts. */
export const isEventStoreDbConnectionString = (s: string): boolean => SCHEMES.test(s);

/** Rewrites the Kurrent schemes to the `esdb` ones the 6.x client understands. */
export const toClientConnectionString = (s: string): string =>
  s.replace(/^kurrentdb(\+discover)?:\/\//i, 'esdb$1://').replace(/^kurrent:\/\//i, 'esdb://');

/** Options of the EventStoreDB/KurrentDB adapter. */
export interface EventStoreDbOptions extends CommonStoreOptions {
  /** Conflicts retried when the caller said `any`/`stream_exists` (default 5). */
  readonly maxAppendRetries?: number;
  /** Resubscription backoff after a dropped connection: first and maximum delay (default 100 ms / 5 s). */
  readonly resubscribeMinMs?: number;
  readonly resubscribeMaxMs?: number;
}

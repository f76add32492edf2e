import type { EventStore, RecordedEvent } from './event-store.js';

/** An event as a fold reads it: a `RecordedEvent` without its hashes (checking the chain is `verify`'s). */
export type UnhashedEvent = Omit<RecordedEvent, 'prevHash' | 'hash'>;

/** What a lean read of one stream asks for: its events after a revision, bounded as a read of an order's log is. */
export interface LeanStreamRead {
  /** The events after this revision (-1: from the first). */
  readonly after: number;
  /** The last revision to read (none: to the stream's end). */
  readonly through?: number;
  /** The last global position to read (none: to the log's end). */
  readonly upTo?: bigint;
  /** Only the events recorded by this instant, compared as text with recorded times (an instant before the year 0 cuts every event). */
  readonly recordedBy?: string;
}

/**
 * A backend's lean path for folding: one stream's events in revision order, without the columns a
 * fold does not read (the hashes; the stream's name is the caller's), built straight from the rows. Revisions, global
 * positions and recorded times grow together along a stream, so every bound cuts a prefix, and the
 * read stops at the first page a bound shortens.
 */
export interface LeanReads {
  /** The events, page by page as they are pulled (a page a bound shortens is the last). */
  stream(stream: string, read: LeanStreamRead): Iterable<UnhashedEvent>;
  /** The stream's events through revision `through`, newest first, without their data, in small pages as they are pulled. */
  newestFirst?(stream: string, through: number): Iterable<EventHead>;
}

/** What a look back along a stream reads of an event: its type, metadata and recorded time, not its data. */
export type EventHead = Pick<UnhashedEvent, 'streamRevision' | 'type' | 'metadata' | 'recordedAt'>;

const sources = new WeakMap<EventStore, LeanReads>();

/** Lets folds read `store`'s streams through `reads` (wrappers of the store take the port's `readStream`). */
export const registerLeanReads = (store: EventStore, reads: LeanReads): void =>
  void sources.set(store, reads);

/** The lean read path registered for exactly this store object, if any. */
export const leanReadsOf = (store: EventStore): LeanReads | undefined => sources.get(store);

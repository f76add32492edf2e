import type { CommonStoreOptions, EventStore, RecordedEvent } from './event-store.js';
import { rowToRecorded } from './append-rules.js';
import { createSyncBackedStore, type Direction, type SyncBackend } from './sync-backed-store.js';

/** Options of the in-memory adapter. */
export interface MemoryEventStoreOptions extends CommonStoreOptions {
  /** Ignored by the wake-up (in-memory appends always wake subscribers); kept for symmetry. */
  readonly pollIntervalMs?: number;
}

interface MemoryState {
  readonly log: RecordedEvent[];
  readonly streams: Map<string, RecordedEvent[]>;
  readonly ids: Map<string, RecordedEvent>;
}

const states = new WeakMap<EventStore, MemoryState>();

const pageOf = <T>(items: readonly T[], direction: Direction, from: number, limit: number): T[] => {
  if (direction === 'forwards') return items.slice(Math.max(0, from), Math.max(0, from) + limit);
  const end = Math.min(from, items.length - 1) + 1;
  return end <= 0 ? [] : items.slice(Math.max(0, end - limit), end).reverse();
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

const memoryBackend = (state: MemoryState): SyncBackend => {
  const listeners = new Set<() => void>();
  return {
    atomically: (fn) => fn(), // single-threaded, and insert runs only after every check passed
    streamHead: (stream) => {
      const events = state.streams.get(stream);
      const last = events?.[events.length - 1];
      return last === undefined ? undefined : { revision: last.streamRevision, hash: last.hash };
    },
    findByIds: (ids) => {
      const found = new Map<string, RecordedEvent>();
      for (const id of ids) {
        const e = state.ids.get(id);
        if (e !== undefined) found.set(id, e);
      }
      return found;
    },
    lastRecordedAt: () => state.log[state.log.length - 1]?.recordedAt,
    nextPosition: () => BigInt(state.log.length),
    insert: (rows) => {
      // Parsed from the canonical text and frozen, so memory reads exactly like the stores that serialise.
      const events = rows.map((r) => deepFreeze(rowToRecorded(r)));
      for (const e of events) {
        state.log.push(e);
        const stream = state.streams.get(e.stream) ?? [];
        stream.push(e);
        state.streams.set(e.stream, stream);
        state.ids.set(e.id, e);
      }
    },
    readStreamPage: (stream, direction, from, limit, recordedBy) => {
      const events = state.streams.get(stream) ?? [];
      // Recorded times never decrease along the log: those recorded by then are a prefix.
      const cut =
        recordedBy === undefined ? -1 : events.findIndex((e) => e.recordedAt > recordedBy);
      return pageOf(cut < 0 ? events : events.slice(0, cut), direction, from, limit);
    },
    readAllPage: (direction, after, limit) => {
      if (direction === 'forwards')
        return pageOf(state.log, direction, after === undefined ? 0 : Number(after) + 1, limit);
      return pageOf(
        state.log,
        direction,
        after === undefined ? state.log.length - 1 : Number(after) - 1,
        limit,
      );
    },
    onAppend: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notifyAppend: () => listeners.forEach((l) => l()),
    close: () => listeners.clear(),
  };
};

/**
 * An in-memory event store for tests and quick experiments; positions are 0-based array indexes.
 * @example
 * const store = createMemoryEventStore({ clock: () => new Date('2025-01-01T00:00:00Z') });
 * await store.append('order-1', [event], { expectedRevision: 'no_stream' });
 */
export const createMemoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore => {
  const state: MemoryState = { log: [], streams: new Map(), ids: new Map() };
  const store = createSyncBackedStore('memory', memoryBackend(state), options);
  states.set(store, state);
  return store;
};

/**
 * Test hook: replaces the stored event at `globalPosition` with `edit(event)`, bypassing every
 * check, so integrity tests can simulate tampering. Never use outside tests.
 */
export const tamperWithMemoryEvent = (
  store: EventStore,
  globalPosition: bigint,
  edit: (e: RecordedEvent) => RecordedEvent,
): void => {
  const state = states.get(store);
  const index = Number(globalPosition);
  const old = state?.log[index];
  if (state === undefined || old === undefined)
    throw new RangeError('no such memory store or position');
  const next = edit(old);
  state.log[index] = next;
  const stream = state.streams.get(old.stream) ?? [];
  stream[stream.indexOf(old)] = next;
  state.ids.set(next.id, next);
};

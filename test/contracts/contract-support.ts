import { randomUUID } from 'node:crypto';
import { onTestFinished } from 'vitest';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/store/event-store.js';

/** Options the contract passes when opening a fresh store. */
export interface OpenOptions {
  readonly clock?: () => Date;
  readonly pageSize?: number;
}

/** A fresh, empty store plus its cleanup and (when the adapter allows it) a tampering hook. */
export interface ContractHarness {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
  /** Rewrites the stored `data` JSON text of the event at `globalPosition`, bypassing every check. */
  readonly tamperData?: (globalPosition: bigint, edit: (json: string) => string) => Promise<void>;
}

/** Opens a fresh, empty store. */
export type OpenStore = (options?: OpenOptions) => Promise<ContractHarness>;

/** A contract case an adapter cannot run, with the reason printed in the test name. */
export interface ContractSkip {
  readonly test: string;
  readonly reason: string;
}

/** Opens a store that is disposed when the current test finishes. */
export const freshStore = async (
  open: OpenStore,
  options?: OpenOptions,
): Promise<ContractHarness> => {
  const harness = await open(options);
  onTestFinished(() => harness.dispose());
  return harness;
};

/** A new event with a random id. */
export const ev = (data: unknown = {}, type = 'Tested', metadata: unknown = {}): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata,
});

/** `n` new events numbered from 0 in their data. */
export const evs = (n: number, tag = 'e'): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ev({ tag, i }));

/** Drains an async iterable into an array. */
export const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

/** The caught error of a promise that must reject. */
export const rejection = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
};

/** A clock that starts at `start` and advances 1 ms per call (deterministic recordedAt). */
export const steppingClock = (start = '2025-01-01T00:00:00.000Z'): (() => Date) => {
  let t = Date.parse(start);
  return () => new Date(t++);
};

/** The parts of a recorded event that must not depend on the adapter. */
export const portable = (e: RecordedEvent): Omit<RecordedEvent, 'globalPosition'> => {
  const { globalPosition: _ignored, ...rest } = e;
  return rest;
};

/** Takes `n` events from a subscription (then leaves it running), failing after `timeoutMs`. */
export const take = async (
  sub: AsyncIterable<RecordedEvent>,
  n: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  const it = sub[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    const next = await Promise.race([
      it.next(),
      new Promise<'timeout'>((r) =>
        setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now())),
      ),
    ]);
    if (next === 'timeout') throw new Error(`subscription delivered ${out.length} of ${n} events`);
    if (next.done === true) break;
    out.push(next.value);
  }
  return out;
};

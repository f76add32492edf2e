import type { RecordedEvent, Subscription } from './event-store.js';

/** What a polling subscription needs from its store. */
export interface PollingSource {
  /** Up to `limit` events strictly after `after` (from the start when undefined), in global order. */
  readonly readPage: (
    after: bigint | undefined,
    limit: number,
  ) => Promise<readonly RecordedEvent[]> | readonly RecordedEvent[];
  /** Registers a wake-up called when new events may be readable (in-process appends, a store's notifications); returns the unregister function. */
  readonly onAppend: (listener: () => void) => () => void;
  readonly pageSize: number;
  /** How long to sleep when caught up and not woken (picks up other processes' appends); read before each sleep. */
  readonly pollMs: number;
}

/**
 * A catch-up subscription over a paged global log. Positions only grow and each page starts
 * strictly after the last delivered event, so every event arrives exactly once and in order,
 * across the catch-up→live switch included.
 */
export const createPollingSubscription = (
  source: PollingSource,
  after: bigint | undefined,
): Subscription => {
  let stopped = false;
  let dirty = false;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    dirty = true;
    wake?.();
  };
  const unregister = source.onAppend(signal);
  const sleep = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (dirty || stopped) return resolve();
      const timer = setTimeout(done, source.pollMs);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  async function* iterate(): AsyncGenerator<RecordedEvent> {
    let last = after;
    try {
      while (!stopped) {
        dirty = false;
        const page = await source.readPage(last, source.pageSize);
        for (const e of page) {
          if (stopped) return;
          yield e;
          last = e.globalPosition;
        }
        if (page.length < source.pageSize) await sleep();
      }
    } finally {
      unregister();
    }
  }
  let iterator: AsyncGenerator<RecordedEvent> | undefined;
  return {
    [Symbol.asyncIterator]: () => (iterator ??= iterate()),
    stop: async () => {
      stopped = true;
      unregister();
      wake?.();
    },
  };
};

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
  /**
   * Whether a failed read may be tried again (a connection the server dropped: the next read opens
   * another); a read is tried again for up to `READ_RETRY_BUDGET_MS`, then its error ends the
   * subscription. Default: never (the error ends it at once).
   */
  readonly retryable?: (e: unknown) => boolean;
}

/** How long a subscription keeps reading again after a read failed that may be tried again: a server restart's outage, not a lasting one. */
export const READ_RETRY_BUDGET_MS = 30_000;

/** The wait before the `attempt`-th read again: 100 ms doubling to 5 s. */
const retryDelay = (attempt: number): number => Math.min(5_000, 100 * 2 ** attempt);

/**
 * A catch-up subscription over a paged global log. Positions only grow and each page starts
 * strictly after the last delivered event, so every event arrives exactly once and in order,
 * across the catch-up→live switch included, and across a read tried again (`retryable`).
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
  const sleep = (ms = source.pollMs): Promise<void> =>
    new Promise<void>((resolve) => {
      if (dirty || stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  /** The page after `last`; a read that failed and may be tried again is, after a wait, while the budget lasts. */
  const pageAfter = async (last: bigint | undefined): Promise<readonly RecordedEvent[]> => {
    let failedSince: number | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        return await source.readPage(last, source.pageSize);
      } catch (e) {
        failedSince ??= Date.now();
        const again = source.retryable?.(e) === true && !stopped;
        if (!again || Date.now() - failedSince >= READ_RETRY_BUDGET_MS) throw e;
        // A wake-up noted before the failure says nothing of the server now: wait the whole delay
        // unless a new one comes (an append meanwhile: the server answers again).
        dirty = false;
        await sleep(retryDelay(attempt));
        if (stopped) return [];
      }
    }
  };
  async function* iterate(): AsyncGenerator<RecordedEvent> {
    let last = after;
    try {
      while (!stopped) {
        dirty = false;
        const page = await pageAfter(last);
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

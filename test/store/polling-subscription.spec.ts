// The catch-up subscription every store but EventStoreDB uses: a read that failed and may be tried
// again (a connection the server dropped) is tried again, and no event is lost or repeated across it;
// any other failure, or one once the subscription is stopped, ends it.
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/store/index.js';
import { createPollingSubscription } from '../../src/store/polling-subscription.js';
import { StoreUnavailable } from '../../src/store/errors.js';

const event = (n: number) => ({ globalPosition: BigInt(n), id: `e-${n}` }) as RecordedEvent;

/** A log of `count` events whose reads fail as `failures` says, by read number (0 the first). */
const flakyLog = (count: number, failures: ReadonlyMap<number, Error>) => {
  let reads = 0;
  const log = Array.from({ length: count }, (_, i) => event(i));
  return {
    reads: () => reads,
    source: {
      readPage: (after: bigint | undefined, limit: number) => {
        const failure = failures.get(reads++);
        if (failure) return Promise.reject(failure);
        const from = after === undefined ? 0 : Number(after) + 1;
        return Promise.resolve(log.slice(from, from + limit));
      },
      onAppend: () => () => undefined,
      pageSize: 2,
      pollMs: 5,
    },
  };
};

/** Takes `n` events from the subscription, or its error. */
const take = async (sub: AsyncIterable<RecordedEvent>, n: number) => {
  const got: number[] = [];
  try {
    for await (const e of sub) {
      got.push(Number(e.globalPosition));
      if (got.length === n) break;
    }
    return { got };
  } catch (error) {
    return { got, error };
  }
};

const dropped = () => new StoreUnavailable('Connection terminated unexpectedly');

describe('a polling subscription whose reads fail', () => {
  it('reads again after a failure that may be tried again: every event once, in order', async () => {
    // The first read, one in the middle of the catch-up and two in a row near its end fail.
    const failures = new Map([0, 2, 4, 5].map((r) => [r, dropped()] as const));
    const { source, reads } = flakyLog(7, failures);
    const sub = createPollingSubscription(
      { ...source, retryable: (e) => e instanceof StoreUnavailable },
      undefined,
    );
    const { got, error } = await take(sub, 7);
    expect(error).toBeUndefined();
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(reads()).toBeGreaterThanOrEqual(8); // four pages, four failed reads
    await sub.stop();
  });

  it('ends with the error when the failure may not be tried again, or no predicate says it may', async () => {
    const bug = new Error('a bug in the read');
    for (const retryable of [(e: unknown) => e instanceof StoreUnavailable, undefined]) {
      const failure = retryable ? bug : dropped();
      const { source, reads } = flakyLog(4, new Map([[1, failure]]));
      const sub = createPollingSubscription(
        retryable === undefined ? source : { ...source, retryable },
        undefined,
      );
      expect(await take(sub, 4)).toEqual({ got: [0, 1], error: failure });
      expect(reads()).toBe(2);
    }
  });

  it('waits between reads again even when a wake-up came before the failure (no busy loop against a server that is down)', async () => {
    let listener: (() => void) | undefined;
    const failures = new Map(Array.from({ length: 50 }, (_, r) => [r, dropped()] as const));
    const { source, reads } = flakyLog(4, failures);
    const sub = createPollingSubscription(
      {
        ...source,
        // An append is announced while the first read is under way, before it fails.
        readPage: (after, limit) => {
          listener?.();
          return source.readPage(after, limit);
        },
        onAppend: (l) => {
          listener = l;
          return () => (listener = undefined);
        },
        retryable: () => true,
      },
      undefined,
    );
    void sub[Symbol.asyncIterator]().next();
    await new Promise((r) => setTimeout(r, 250));
    // 100 ms, then 200 ms: at most three reads by now, not fifty.
    expect(reads()).toBeLessThanOrEqual(3);
    await sub.stop();
  });

  it('stops waiting to read again when stopped, and ends without an error', async () => {
    const failures = new Map(Array.from({ length: 50 }, (_, r) => [r + 1, dropped()] as const));
    const { source } = flakyLog(4, failures);
    const sub = createPollingSubscription({ ...source, retryable: () => true }, undefined);
    const it = sub[Symbol.asyncIterator]();
    expect(Number((await it.next()).value?.globalPosition)).toBe(0);
    expect(Number((await it.next()).value?.globalPosition)).toBe(1);
    const pending = it.next(); // its read fails, and waits to be tried again
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    await sub.stop();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

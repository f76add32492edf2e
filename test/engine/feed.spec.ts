// engine.changes and engine.watch (issue 19): the change feed across orders, as known at an instant,
// and as days pass on an injected clock and events are recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEngine,
  type Engine,
  type StatusChange,
  type WatchedChange,
} from '../../src/index.js';

const EXAMPLE = new URL('../../examples/twitter-2022.ndjson', import.meta.url).pathname;
const key = (c: StatusChange) => `${c.on} ${c.orderId} ${c.occurrenceId ?? '(order)'} ${c.to}`;

let engine: Engine;
beforeEach(async () => {
  engine = await createEngine({ store: 'memory' });
  await engine.importNdjsonFile(EXAMPLE, { backfill: true });
});
afterEach(() => engine.close());

describe('engine.changes', () => {
  it('merges the orders in date order, and answers as known at an instant', async () => {
    const all = await engine.changes({ from: '2022-05-26', to: '2023-06-01' });
    expect(new Set(all.map((c) => c.orderId))).toEqual(new Set(['ftc-c4316', 'us-v-twitter-2022']));
    expect(all.map((c) => c.on)).toEqual(all.map((c) => c.on).sort());
    // The FTC's demand letters of 2022-11-10 were made public in March 2023.
    const demand = (cs: StatusChange[]) =>
      cs.filter((c) => c.occurrenceId === 'ftc-demand-2022-11-10/once').map(key);
    expect(demand(all)).toEqual([
      '2022-11-10 ftc-c4316 ftc-demand-2022-11-10/once upcoming',
      '2022-11-13 ftc-c4316 ftc-demand-2022-11-10/once due_soon',
      '2022-12-14 ftc-c4316 ftc-demand-2022-11-10/once unverified',
    ]);
    const then = await engine.changes({
      from: '2022-05-26',
      to: '2023-06-01',
      knownAt: '2022-11-15T00:00:00.000Z',
    });
    expect(demand(then)).toEqual([]);
    expect(then.length).toBeGreaterThan(10);
  });

  it('is empty over an empty range, and one order alone when asked', async () => {
    expect(await engine.changes({ from: '2022-06-22', to: '2022-06-22' })).toEqual([]);
    const one = await engine.changes({
      from: '2022-05-26',
      to: '2023-06-01',
      orderId: 'us-v-twitter-2022',
    });
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((c) => c.orderId === 'us-v-twitter-2022')).toBe(true);
  });

  it('refuses a date that does not exist and a warning window out of range, naming the field', async () => {
    await expect(engine.changes({ from: '2022-02-30', to: '2023-01-01' })).rejects.toMatchObject({
      code: 'INVALID_QUERY',
      path: ['from'],
    });
    await expect(
      engine.changes({ from: '2022-01-01', to: '2023-01-01', warningDays: -1 }),
    ).rejects.toMatchObject({ code: 'INVALID_QUERY', path: ['warningDays'] });
  });
});

describe('every query refuses a number of days it cannot take, naming the field', () => {
  it.each([
    ['deadlines without withinDays', () => engine.deadlines({} as never), 'withinDays'],
    ['withinDays 1.5', () => engine.deadlines({ withinDays: 1.5 }), 'withinDays'],
    ['withinDays -5', () => engine.deadlines({ withinDays: -5 }), 'withinDays'],
    ['withinDays "30"', () => engine.deadlines({ withinDays: '30' as never }), 'withinDays'],
    [
      'status warningDays NaN',
      () => engine.status('ftc-c4316', { warningDays: NaN }),
      'warningDays',
    ],
    [
      'status warningDays -40',
      () => engine.status('ftc-c4316', { warningDays: -40 }),
      'warningDays',
    ],
    ['statusAll warningDays 1e9', () => engine.statusAll({ warningDays: 1e9 }), 'warningDays'],
  ] as const)('%s', async (_, query, field) => {
    await expect(query()).rejects.toMatchObject({ code: 'INVALID_QUERY', path: [field] });
  });
  it('takes the bounds themselves', async () => {
    expect(await engine.deadlines({ withinDays: 0, asOf: '2023-01-01' })).toBeInstanceOf(Array);
    expect(
      (await engine.status('ftc-c4316', { warningDays: 3650, asOf: '2023-01-01' })).orderId,
    ).toBe('ftc-c4316');
  });
});

/** Pulls the next `n` changes, failing after `ms`. */
const take = async (it: AsyncIterator<StatusChange>, n: number, ms = 5_000) => {
  const out: StatusChange[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n) {
    const timeout = new Promise<'timeout'>((r) =>
      setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now())),
    );
    const r = await Promise.race([it.next(), timeout]);
    if (r === 'timeout') throw new Error(`only ${out.length} of ${n} changes came`);
    if (r.done) break;
    out.push(r.value);
  }
  return out;
};

describe('engine.watch', () => {
  it('yields the changes up to today, then each day as the clock moves, then what a new event changes', async () => {
    let now = new Date('2022-06-20T12:00:00.000Z');
    const stop = new AbortController();
    const watching = engine.watch({
      since: '2022-06-01',
      clock: () => now,
      pollMs: 5,
      signal: stop.signal,
    });
    const it = watching[Symbol.asyncIterator]();
    // Up to 2022-06-20: the user notice came within its warning window on 05-28, before `since`; nothing from 06-01 to 06-20.
    const expected = (await engine.changes({ from: '2022-06-01', to: '2022-06-21' })).map(key);
    expect(expected).toEqual([]);
    now = new Date('2022-06-23T12:00:00.000Z');
    expect((await take(it, 2)).map(key)).toEqual([
      '2022-06-22 ftc-c4316 A-4-user-notice/once satisfied',
      '2022-06-22 ftc-c4316 (order) compliant',
    ]);
    // A filing recorded now, effective today: the program is met (the change of 06-23 comes at once).
    await engine.execute('ftc-c4316', {
      type: 'FileSubmission',
      data: {
        submissionId: 'program-doc',
        obligationId: 'A-5-privacy-security-program',
        title: 'Privacy and information security program',
      },
      meta: { effectiveOn: '2022-06-23', actor: { role: 'company', name: 'Twitter, Inc.' } },
    });
    const [met] = await take(it, 1);
    expect(met).toMatchObject({
      on: '2022-06-23',
      occurrenceId: 'A-5-privacy-security-program/once',
      from: 'upcoming',
      to: 'satisfied',
      cause: 'fact',
      because: [{ type: 'SubmissionFiled' }],
    });
    stop.abort();
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('yields again a change a retraction took away and a new fact brought back', async () => {
    const now = new Date('2022-06-23T12:00:00.000Z');
    let reads = 0; // the watcher reads the clock before each read of the feed
    const clock = () => {
      reads += 1;
      return now;
    };
    const stop = new AbortController();
    const watching = engine.watch({ since: '2022-06-01', clock, pollMs: 5, signal: stop.signal });
    const it = watching[Symbol.asyncIterator]();
    const notice = '2022-06-22 ftc-c4316 A-4-user-notice/once satisfied';
    expect((await take(it, 2)).map(key)).toEqual([
      notice,
      '2022-06-22 ftc-c4316 (order) compliant',
    ]);
    // The notice's filing retracted (recorded in error): the two changes leave the feed (a change
    // taken away is not announced). Once the watcher has read the feed without them, the notice is
    // filed again: the same changes of 06-22 are the feed's again, and the watcher yields them again.
    const court = { role: 'court', name: 'N.D. Cal.' } as const;
    await engine.execute('ftc-c4316', {
      type: 'RetractEntry',
      data: { eventId: 'c7fa5bda-7d2f-46df-b5bc-af245f125a39', reason: 'Recorded in error' },
      meta: { effectiveOn: '2022-06-23', actor: court },
    });
    const pending = it.next();
    let settled = false;
    void pending.then(() => (settled = true));
    // Two more clock reads: the feed was read at least once wholly after the retraction.
    const after = reads;
    while (reads < after + 2) await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
    await engine.execute('ftc-c4316', {
      type: 'FileSubmission',
      data: {
        submissionId: 'user-notice-again',
        obligationId: 'A-4-user-notice',
        title: 'User notice',
      },
      meta: { effectiveOn: '2022-06-22', actor: { role: 'company', name: 'Twitter, Inc.' } },
    });
    const first = (await pending) as IteratorResult<StatusChange>;
    expect([key(first.value as StatusChange), ...(await take(it, 1)).map(key)]).toEqual([
      notice,
      '2022-06-22 ftc-c4316 (order) compliant',
    ]);
    stop.abort();
  });

  it('with withdrawals, announces a change a retraction took away before what replaces it', async () => {
    let now = new Date('2022-06-23T12:00:00.000Z');
    const stop = new AbortController();
    const watching = engine.watch({
      since: '2022-06-01',
      clock: () => now,
      pollMs: 5,
      signal: stop.signal,
      withdrawals: true,
    });
    const it = watching[Symbol.asyncIterator]();
    const yielded = await take(it, 2);
    expect(yielded.map(key)).toEqual([
      '2022-06-22 ftc-c4316 A-4-user-notice/once satisfied',
      '2022-06-22 ftc-c4316 (order) compliant',
    ]);
    expect(yielded.every((c: WatchedChange) => c.withdrawn === undefined)).toBe(true);
    // The notice's filing retracted: the feed no longer holds the two changes of 06-22. They come
    // back as they were yielded, marked withdrawn, then what the feed holds in their place.
    await engine.execute('ftc-c4316', {
      type: 'RetractEntry',
      data: { eventId: 'c7fa5bda-7d2f-46df-b5bc-af245f125a39', reason: 'Recorded in error' },
      meta: { effectiveOn: '2022-06-23', actor: { role: 'court', name: 'N.D. Cal.' } },
    });
    const [first, second] = (await take(it, 2)) as WatchedChange[];
    expect([first, second]).toEqual(yielded.map((c) => ({ ...c, withdrawn: true })));
    // The notice is due again (06-25, a Saturday, rolled to Monday 06-27): nothing replaces them
    // until that deadline passes with nothing on file (a partial record: unverified).
    expect(await engine.changes({ from: '2022-06-01', to: '2022-06-24' })).toEqual([]);
    now = new Date('2022-06-29T12:00:00.000Z');
    const stands = await engine.changes({ from: '2022-06-24', to: '2022-06-30' });
    expect(stands.map(key)).toContain('2022-06-28 ftc-c4316 A-4-user-notice/once unverified');
    const replacing = (await take(it, stands.length)) as WatchedChange[];
    expect(replacing).toEqual(stands);
    stop.abort();
  });

  it('refuses a since that is not a date', async () => {
    const it = engine.watch({ since: 'yesterday' })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toMatchObject({ code: 'INVALID_QUERY', path: ['since'] });
  });
});

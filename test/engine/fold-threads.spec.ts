// A large catch-up (a replay, a first build, new events for many orders that have models) is folded
// on worker threads, each through a connection of its own, while this thread writes the models. It must
// store exactly what folding on this thread stores, row for row, and a worker's failure must
// leave the catch-up to this thread, which raises the error as itself.
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteReadModels, ProjectionRunner } from '../../src/index.js';
import { appendAll, bigLog, countingStore, sqliteFiles, storedReadModels } from './support/logs.js';

const files = sqliteFiles();
afterAll(() => files.disposeAll());

describe('folding on worker threads', () => {
  it('stores row for row the models and checkpoint a fold on this thread stores, and reads no stream here', async () => {
    const file = files.file();
    const store = await file.open();
    await appendAll(store, bigLog(30));
    await store.append(
      'audit-trail',
      [{ id: crypto.randomUUID(), type: 'NoteAdded', schemaVersion: 1, data: {}, metadata: {} }],
      { expectedRevision: 'any' },
    ); // not an order stream: skipped both ways
    const models = createSqliteReadModels(store);
    const here = countingStore(store);
    const single = new ProjectionRunner(here.store, models, { batchSize: 40, foldThreads: 0 });
    const applied = await single.rebuild();
    const expected = storedReadModels(file.path);
    expect(here.yielded('readStream')).toBeGreaterThan(0);

    const threaded = countingStore(store);
    // The log anchor (every event's hash chained) is left out of the listing of changes and
    // chained by a worker, not here: the checkpoint row, anchor included, is the same.
    const left: unknown[] = [];
    let chainedHere = 0;
    const watched: typeof models = {
      ...models,
      changes: (after, from, options) => {
        const changes = models.changes(after, from, options);
        left.push(changes.anchorLater);
        return changes;
      },
      anchorOf: (later) => {
        chainedHere++;
        return models.anchorOf(later);
      },
    };
    const runner = new ProjectionRunner(threaded.store, watched, {
      batchSize: 40, // many commits, batches from both workers interleaved
      foldThreads: 2,
      foldThreadsFrom: 1,
    });
    const progress: number[] = [];
    expect(await runner.rebuild((n) => progress.push(n))).toBe(applied);
    expect(threaded.yielded('readStream')).toBe(0); // every stream was read by a worker
    expect([left[0] !== undefined, chainedHere]).toEqual([true, 0]);
    expect(storedReadModels(file.path)).toEqual(expected);
    expect(expected.checkpoints).toMatchObject([{ log_length: applied }]); // every event, the audit trail's too
    expect(expected.models.length).toBe(30);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[progress.length - 1]).toBe(applied);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('folds a catch-up of orders that have models (new events onto each model) into the models a rebuild stores, reading no stream here', async () => {
    const file = files.file();
    const store = await file.open();
    const log = bigLog(30);
    // Each order's first appends before the first catch-up, the rest after: every order has a model and new events.
    const seen = new Map<string, number>();
    const early = log.filter((a) => {
      const n = (seen.get(a.stream) ?? 0) + 1;
      seen.set(a.stream, n);
      return n <= 2;
    });
    const late = log.filter((a) => !early.includes(a));
    await appendAll(store, early);
    const models = createSqliteReadModels(store);
    await new ProjectionRunner(store, models, { foldThreads: 0 }).catchUp();
    await appendAll(store, late);
    const changed = new Set(late.map((a) => a.stream));
    expect(changed.size).toBe(30);
    expect(models.keys('order').length).toBe(30);

    const threaded = countingStore(store);
    const runner = new ProjectionRunner(threaded.store, models, {
      batchSize: 40,
      foldThreads: 2,
      foldThreadsFrom: 1,
    });
    expect(await runner.catchUp()).toBe(late.reduce((n, a) => n + a.events.length, 0));
    expect(threaded.yielded('readStream')).toBe(0); // every stream was read by a worker
    const caughtUp = storedReadModels(file.path);
    await new ProjectionRunner(store, models, { foldThreads: 0 }).rebuild();
    expect(caughtUp).toEqual(storedReadModels(file.path));
  });

  it('leaves a catch-up to this thread when a worker runs out of memory, which stores the models a fold here stores', async () => {
    const file = files.file();
    const store = await file.open();
    const log = bigLog(12);
    await appendAll(store, log);
    const models = createSqliteReadModels(store);
    await new ProjectionRunner(store, models, { foldThreads: 0 }).rebuild();
    const expected = storedReadModels(file.path);
    const threaded = countingStore(store);
    const runner = new ProjectionRunner(threaded.store, models, {
      foldThreads: 2,
      foldThreadsFrom: 1,
      foldThreadLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 }, // too small to fold an order
    });
    const events = log.reduce((n, a) => n + a.events.length, 0);
    expect(await runner.rebuild()).toBe(events);
    // The workers failed (their limits hold no order), so this thread read every stream itself.
    expect(threaded.yielded('readStream')).toBe(events);
    expect(storedReadModels(file.path)).toEqual(expected);
  });

  it('leaves a catch-up to this thread when a worker fails, which raises the error as itself', async () => {
    const file = files.file();
    const store = await file.open();
    await appendAll(store, bigLog(6));
    await store.append(
      'order-broken',
      [
        {
          id: crypto.randomUUID(),
          type: 'PaymentMade',
          schemaVersion: 99, // a version this release does not know
          data: { nonsense: true },
          metadata: {},
        },
      ],
      { expectedRevision: 'any' },
    );
    const failure = (foldThreads: number) =>
      new ProjectionRunner(store, createSqliteReadModels(store), {
        foldThreads,
        foldThreadsFrom: 1,
      })
        .rebuild()
        .then(
          () => undefined,
          (e: unknown) => e as { code?: string; message?: string },
        );
    const here = await failure(0);
    expect(here?.code).toBe('EVENT_DECODING_FAILED');
    const threaded = await failure(2);
    expect(threaded?.code).toBe(here?.code);
    expect(threaded?.message).toBe(here?.message);
    expect(storedReadModels(file.path).checkpoints).toEqual([
      expect.objectContaining({ projection: 'order', position: null }),
    ]); // the checkpoint did not move
  });
});

// The projection runner (design.md section 8): checkpoints stored atomically with the read models,
// resume after a restart or a crash between batches (runner-crash.spec.ts kills real processes),
// rebuild on a new projection version, never an event applied twice; and the engine's queries
// answered from read models, as of any date and as known at any moment.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  createMemoryReadModels,
  createSqliteReadModels,
  decideOrder,
  docketOf,
  orderIdOfStream,
  ProjectionRunner,
  evolveOrder,
  initialOrderState,
  OrderCommand,
  orderModelHeader,
  orderProjection,
  orderStatusOn,
  type EventStore,
  type OrderEvent,
  type ReadModelStore,
} from '../../src/index.js';
import { OrderWriter } from '../../src/engine/order-writer.js';
import { foldStream } from '../../src/engine/stream-fold.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { fcParams, TIMEOUT } from '../projections/support.js';
import {
  appendAll,
  bigLog,
  countingStore,
  type Append,
  modelsOf,
  multiOrderLogArb,
  readAllEvents,
  referenceModels,
  runnerOn,
  sqliteFiles,
  stored,
  withReadStream,
  tickingClock,
} from './support/logs.js';

const files = sqliteFiles();
afterAll(files.disposeAll);
const sqliteFile = files.file;

class Crash extends Error {}

/**
 * Catches up, failing (rather than spinning forever: a runner whose commits are all refused never
 * yields to the timers, so no test timeout could fire) once more batches are reported than the log could need.
 */
const catchUpGuarded = (runner: ProjectionRunner, events: number, onProgress?: () => void) => {
  let calls = 0;
  return runner.catchUp(() => {
    if (++calls > events + 2)
      throw new Error(`livelock: ${calls} batches reported for ${events} events`);
    onProgress?.();
  });
};

/**
 * A store holding the Twitter example whose read models an older release left: another projection
 * version in the checkpoint, and the first order's model of another shape (unreadable as a model).
 */
const olderReleaseModels = async () => {
  const store = await sqliteFile().open();
  const example = fileURLToPath(new URL('../../examples/twitter-2022.ndjson', import.meta.url));
  const older = await createEngine({ store });
  await older.importNdjsonFile(example, { backfill: true });
  const [id] = await older.orders(); // read models built
  store.db
    .prepare('UPDATE decree_checkpoints SET version = ? WHERE projection = ?')
    .run(orderProjection.version - 1, orderProjection.name);
  store.db
    .prepare('UPDATE decree_read_models SET value = ? WHERE projection = ? AND key = ?')
    .run(
      JSON.stringify({ orderId: id, revision: 3, state: {}, log: [] }),
      orderProjection.name,
      id,
    );
  return { store, example, id };
};

describe('projection runner on SQLite', () => {
  const step = fc.record({
    more: fc.integer({ min: 0, max: 12 }), // appends made before this step
    batch: fc.integer({ min: 1, max: 9 }),
    restart: fc.boolean(), // a new connection and runner on the same file
    crashAfter: fc.option(fc.nat({ max: 3 }), { nil: undefined }), // batches committed before the process "dies"
  });

  it(
    'chunking: one pass equals any batch sizes, with checkpoints, crashes between batches and restarts on the same file',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          multiOrderLogArb(3, 20),
          fc.array(step, { minLength: 1, maxLength: 6 }),
          async (appends, plan) => {
            const file = sqliteFile();
            let store = await file.open();
            let runner = runnerOn(store, 1);
            const restart = async (batch: number) => {
              await store.close();
              store = await file.open();
              runner = runnerOn(store, batch);
            };
            let done = 0;
            for (const s of plan) {
              await appendAll(store, appends.slice(done, done + s.more));
              done = Math.min(appends.length, done + s.more);
              if (s.restart) await restart(s.batch);
              const total = appends.reduce((n, a) => n + a.events.length, 0);
              if (s.crashAfter === undefined) {
                await catchUpGuarded(runner, total);
                continue;
              }
              let batches = 0;
              await catchUpGuarded(runner, total, () => {
                if (++batches > s.crashAfter!) throw new Crash();
              }).catch((e: unknown) => {
                if (!(e instanceof Crash)) throw e;
              });
              await restart(s.batch);
            }
            await appendAll(store, appends.slice(done));
            const events = await readAllEvents(store);
            await catchUpGuarded(runner, events.length);
            expect(modelsOf(runner)).toEqual(await referenceModels(store));
            expect(createSqliteReadModels(store).checkpoint(orderProjection.name)).toEqual({
              version: orderProjection.version,
              position: events.at(-1)!.globalPosition,
            });
            await file.dispose();
          },
        ),
        fcParams(12, 200),
      );
    },
    TIMEOUT,
  );

  it(
    "a catch-up reads of each changed order only the events recorded after its model (its whole stream when they hold a retraction, or when it has none), and its models are a rebuild's",
    async () => {
      let incremental = 0;
      let whole = 0;
      await fc.assert(
        fc.asyncProperty(multiOrderLogArb(3, 20), fc.nat(), async (appends, cut) => {
          const file = sqliteFile();
          const store = await file.open();
          const counting = countingStore(store);
          const runner = runnerOn(store, 1_000, counting.store);
          const at = cut % (appends.length + 1);
          await appendAll(store, appends.slice(0, at));
          await runner.catchUp();
          await appendAll(store, appends.slice(at));
          // The oracle, from the appends alone: what each stream held at the first catch-up, and what came after.
          const before = new Map<string, number>();
          for (const a of appends.slice(0, at))
            before.set(a.stream, (before.get(a.stream) ?? 0) + a.events.length);
          const after = new Map<string, Append['events'][number][]>();
          for (const a of appends.slice(at))
            after.set(a.stream, [...(after.get(a.stream) ?? []), ...a.events]);
          let expected = 0;
          for (const [stream, events] of after) {
            const had = before.get(stream) ?? 0;
            const retracts = events.some((e) => e.type === 'EntryRetracted');
            expected += events.length + (had > 0 && retracts ? had : 0);
            if (had > 0) {
              if (retracts) whole++;
              else incremental++;
            }
          }
          counting.reset();
          await runner.catchUp();
          expect(counting.yielded('readStream')).toBe(expected);
          expect(modelsOf(runner)).toEqual(await referenceModels(store));
          await file.dispose();
        }),
        fcParams(40, 300),
      );
      // Both ways were taken: onto a model's facts, and from the first event after a retraction.
      expect(incremental).toBeGreaterThan(10);
      expect(whole).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'a writer seeded from read models (facts, with live events read back from the stream) loads what folding every stream from its first event loads',
    async () => {
      await fc.assert(
        fc.asyncProperty(multiOrderLogArb(3, 20), fc.nat(), async (appends, cut) => {
          const file = sqliteFile();
          const store = await file.open();
          const at = cut % (appends.length + 1);
          await appendAll(store, appends.slice(0, at));
          const runner = runnerOn(store, 7);
          await runner.catchUp();
          await appendAll(store, appends.slice(at)); // the read models are now behind: the seeded writer folds the rest
          const seeded = new OrderWriter(store, 5, (id) => runner.state(id));
          const cold = new OrderWriter(store);
          for (const stream of new Set(appends.map((a) => a.stream))) {
            const id = orderIdOfStream(stream)!;
            const [a, b] = [await seeded.load(id), await cold.load(id)];
            expect(a.revision).toBe(b.revision);
            expect(a.state).toEqual(b.state);
          }
          await file.dispose();
        }),
        fcParams(60, 300),
      );
    },
    TIMEOUT,
  );

  it('a writer does not seed from read models of another projection version (a file written by an older release)', async () => {
    const { store, example, id } = await olderReleaseModels();
    const newer = await createEngine({ store });
    const again = await newer.importNdjsonFile(example, { backfill: true }); // writes before any query: the writer must not seed from that model
    expect(again.problems).toEqual([]);
    expect(again.duplicates).toBe(again.lines);
    expect((await newer.status(id!, { asOf: '2024-01-01' })).orderId).toBe(id);
  });

  it('decides a command on the stream, not on a read model of another projection version', async () => {
    const { store, id } = await olderReleaseModels();
    const stream = (await readAllEvents(store)).filter((e) => e.stream === `order-${id!}`);
    const newer = await createEngine({ store });
    const recorded = await newer.execute(id!, {
      type: 'IssuePublicStatement',
      data: { statementId: 'statement-after-upgrade', summary: 'A statement on the program' },
      meta: {
        effectiveOn: '2023-01-10',
        actor: { role: 'company', name: 'Twitter, Inc.' },
        source: 'test: a command right after an upgrade',
      },
    });
    expect(recorded.events.map((e) => e.streamRevision)).toEqual([stream.length]);
  });

  it(
    "an order's log as known at K is its whole log cut before the first event recorded after K, on stores of any page size, read without any event recorded later (also cut by a store that ignores `recordedBy`); its header read from the model's first characters is the whole text's",
    async () => {
      let cut = 0;
      let logs = 0;
      await fc.assert(
        fc.asyncProperty(
          multiOrderLogArb(2, 25),
          fc.integer({ min: 1, max: 6 }),
          fc.nat(),
          fc.integer({ min: -1, max: 1 }),
          async (appends, page, pick, skew) => {
            const file = sqliteFile();
            const store = await file.open({ pageSize: page });
            await appendAll(store, appends);
            const models = createSqliteReadModels(store);
            const counting = countingStore(store);
            const runner = new ProjectionRunner(counting.store, models);
            await runner.catchUp();
            // An adapter of the older port, which ignores `recordedBy`: the runner cuts the log itself.
            const older = new ProjectionRunner(
              withReadStream(store, (own, stream, { recordedBy: _ignored, ...rest } = {}) =>
                own(stream, rest),
              ),
              models,
            );
            const events = await readAllEvents(store);
            const knownAt = new Date(
              Date.parse(events[pick % events.length]!.recordedAt) + skew,
            ).toISOString();
            for (const id of runner.orderIds()) {
              const header = runner.header(id);
              // (A model kept decoded answers for its header: the one order a catch-up changed is.)
              const { orderId, revision, firstRecordedAt, lastRecordedAt } = header!;
              expect({ orderId, revision, firstRecordedAt, lastRecordedAt }).toEqual(
                orderModelHeader(models.get(orderProjection.name, id)!),
              );
              const whole = await runner.log(id, header);
              counting.reset();
              const known = await runner.log(id, header, knownAt);
              expect(known).toEqual(whole.filter((e) => e.recordedAt <= knownAt));
              expect(counting.yielded('readStream')).toBe(known.length); // the store yields none recorded later
              expect(await older.log(id, header, knownAt)).toEqual(known);
              logs++;
              if (known.length > page && known.length < whole.length) cut++; // past a page, then cut
            }
            await file.dispose();
          },
        ),
        fcParams(25, 200),
      );
      expect(cut).toBeGreaterThan(logs / 5);
    },
    TIMEOUT,
  );

  it('resumes from a checkpoint that has no position yet (a first catch-up on an empty log): a new runner applies what is appended later', async () => {
    const file = sqliteFile();
    const store = await file.open();
    expect(await runnerOn(store, 5).catchUp()).toBe(0);
    expect(createSqliteReadModels(store).checkpoint(orderProjection.name)).toEqual({
      version: orderProjection.version,
      position: undefined,
    });
    await appendAll(store, bigLog(2));
    const events = await readAllEvents(store);
    const runner = runnerOn(store, 5); // after a restart
    await catchUpGuarded(runner, events.length);
    expect(modelsOf(runner)).toEqual(await referenceModels(store));
  });

  it('skips a catch-up while nothing was written since the last one found nothing new (one statement, no look at the log); a write on this connection or another is seen by the next', async () => {
    const file = sqliteFile();
    const store = await file.open();
    const log = bigLog(3);
    await appendAll(store, log.slice(0, 1));
    const models = createSqliteReadModels(store);
    let looked = 0; // how many times a catch-up asked the storage what changed in the log
    const counted: ReadModelStore = {
      ...models,
      changes: (after, from) => {
        looked++;
        return models.changes!(after, from);
      },
    };
    const runner = new ProjectionRunner(store, counted, { batchSize: 5 });
    expect(await runner.catchUp()).toBeGreaterThan(0);
    const afterFirst = looked;
    for (let i = 0; i < 5; i++) expect(await runner.catchUp()).toBe(0);
    expect(looked).toBe(afterFirst);
    await appendAll(store, log.slice(1, 2)); // this connection
    expect(await runner.catchUp()).toBeGreaterThan(0);
    const other = await file.open(); // another connection to the file
    await appendAll(other, log.slice(2));
    expect(await runner.catchUp()).toBeGreaterThan(0);
    expect(looked).toBeGreaterThan(afterFirst);
    expect(modelsOf(runner)).toEqual(await referenceModels(store));
    // Through a wrapper of the store the mark vouches for nothing: every catch-up looks.
    const wrapped = new ProjectionRunner(countingStore(store).store, counted, { batchSize: 5 });
    await wrapped.catchUp();
    const before = looked;
    await wrapped.catchUp();
    await wrapped.catchUp();
    expect(looked).toBe(before + 2);
  });

  it('a write that lands while a catch-up looks (after it read the log) is seen by the next catch-up, never skipped', async () => {
    const file = sqliteFile();
    const store = await file.open();
    const other = await file.open();
    const log = bigLog(3);
    await appendAll(store, log.slice(0, 1));
    const models = createSqliteReadModels(store);
    // Another connection's write, landing in the pass that finds nothing new, after it read the log.
    let late: (() => Promise<void>) | undefined;
    const racing: ReadModelStore = {
      ...models,
      changes: async (after, from) => {
        const found = await models.changes!(after, from);
        if (found.events === 0 && late) {
          const write = late;
          late = undefined;
          await write();
        }
        return found;
      },
    };
    const runner = new ProjectionRunner(store, racing, { batchSize: 5 });
    await runner.catchUp();
    late = () => appendAll(other, log.slice(2));
    await appendAll(store, log.slice(1, 2)); // so that the next catch-up runs a pass at all
    const first = await runner.catchUp();
    expect(late).toBeUndefined(); // the write landed during that catch-up's last pass
    const second = await runner.catchUp();
    expect(second).toBeGreaterThan(0);
    expect(first + second).toBe((await readAllEvents(store)).length - log[0]!.events.length);
    expect(modelsOf(runner)).toEqual(await referenceModels(store));
  });

  it('rebuilds every read model when the stored checkpoint has another projection version', async () => {
    const file = sqliteFile();
    const store = await file.open();
    await appendAll(store, bigLog(4));
    await runnerOn(store, 50).catchUp();
    const before = modelsOf(runnerOn(store, 50));
    const [someOrder] = Object.keys(before);
    store.db
      .prepare('UPDATE decree_checkpoints SET version = ? WHERE projection = ?')
      .run(orderProjection.version + 1, orderProjection.name);
    // Stale data a rebuild must drop: a model claiming every event already applied, and an order that does not exist.
    const stale = JSON.stringify({
      ...(before[someOrder!] as object),
      revision: 1_000_000,
      log: [],
    });
    store.db
      .prepare('UPDATE decree_read_models SET value = ? WHERE projection = ? AND key = ?')
      .run(stale, orderProjection.name, someOrder);
    store.db
      .prepare('INSERT INTO decree_read_models (projection, key, value) VALUES (?, ?, ?)')
      .run(orderProjection.name, 'ghost', stale);
    const counting = countingStore(store);
    const runner = runnerOn(store, 50, counting.store);
    const events = await readAllEvents(store);
    expect(await runner.catchUp()).toBe(events.length);
    expect(counting.yielded()).toBe(events.length); // replayed from the start
    expect(modelsOf(runner)).toEqual(before);
    expect(runner.orderIds()).not.toContain('ghost');
    expect(createSqliteReadModels(store).checkpoint(orderProjection.name)?.version).toBe(
      orderProjection.version,
    );
  });

  it(
    'never applies an event twice: two runners racing on one file (two connections) end with the models of a single run',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          multiOrderLogArb(3, 20),
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 6 }),
          async (appends, b1, b2) => {
            const file = sqliteFile();
            const [s1, s2] = [await file.open(), await file.open()];
            await appendAll(s1, appends);
            const total = (await readAllEvents(s1)).length;
            const [n1, n2] = await Promise.all([
              runnerOn(s1, b1).catchUp(),
              runnerOn(s2, b2).catchUp(),
            ]);
            expect(n1 + n2).toBe(total); // a batch that lost the race is not counted as applied
            expect(modelsOf(runnerOn(s1, 1))).toEqual(await referenceModels(s1));
            await file.dispose();
          },
        ),
        fcParams(10, 200),
      );
    },
    TIMEOUT,
  );
});

const kinds = ['memory', 'sqlite'] as const;

/** An engine on a counting store of the given kind (its clock ticks one second per reading). */
const engineOn = async (kind: (typeof kinds)[number]) => {
  const base: EventStore =
    kind === 'memory'
      ? createMemoryEventStore({ clock: tickingClock() })
      : await sqliteFile().open();
  const counting = countingStore(base);
  return { engine: await createEngine({ store: counting.store }), counting };
};

describe('projection runner: reading ahead', () => {
  it("reads each changed stream's new events while the one before is folded, one read ahead and no more, each stream once, into the models of a plain pass", async () => {
    const base = createMemoryEventStore();
    const log = bigLog(8);
    await appendAll(base, log);
    let inFlight = 0;
    const overlaps: number[] = [];
    const reads = new Map<string, number>();
    // Every page of a stream comes after a turn of the event loop, as from a server.
    const store = withReadStream(base, async function* (own, s, o) {
      inFlight++;
      overlaps.push(inFlight);
      reads.set(s, (reads.get(s) ?? 0) + 1);
      try {
        for await (const r of own(s, o)) {
          await new Promise((resolve) => setImmediate(resolve));
          yield r;
        }
      } finally {
        inFlight--;
      }
    });
    const runner = new ProjectionRunner(store, createMemoryReadModels(), { batchSize: 25 });
    expect(await runner.catchUp()).toBe(log.reduce((n, a) => n + a.events.length, 0));
    expect(Math.max(...overlaps)).toBe(2); // the next stream was being read while one was folded
    expect(overlaps.filter((n) => n === 2).length).toBeGreaterThan(overlaps.length / 2);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect(reads.size).toBe(8);
    expect(modelsOf(runner)).toEqual(await referenceModels(base));
  });

  it('commits each batch while the next is folded, one commit at a time, into the models of a plain pass; a refused commit is the last of its pass', async () => {
    const store = createMemoryEventStore();
    const log = bigLog(10);
    await appendAll(store, log);
    const events = log.reduce((n, a) => n + a.events.length, 0);
    /** Memory models whose commits resolve a few turns of the event loop later, as a server's would; each pass starts with `refresh`. */
    const slowModels = (refuseAt?: number) => {
      const base = createMemoryReadModels();
      const seen = {
        inFlight: 0,
        most: 0,
        readsDuringCommit: 0,
        commits: 0,
        trail: [] as string[],
      };
      const models: ReadModelStore = {
        ...base,
        refresh: () => {
          seen.trail.push('pass');
          return Promise.resolve();
        },
        commit: async (p, from, to, writes) => {
          seen.inFlight++;
          seen.most = Math.max(seen.most, seen.inFlight);
          const n = ++seen.commits;
          for (let k = 0; k < 5; k++) await new Promise((resolve) => setImmediate(resolve));
          seen.inFlight--;
          const ok = n !== refuseAt && (await base.commit(p, from, to, writes));
          seen.trail.push(ok ? 'commit' : 'refused');
          return ok;
        },
      };
      const counted = withReadStream(store, (own, s, o) => {
        if (seen.inFlight > 0) seen.readsDuringCommit++;
        return own(s, o);
      });
      return { models, seen, store: counted };
    };
    const ok = slowModels();
    const runner = new ProjectionRunner(ok.store, ok.models, { batchSize: 20 });
    expect(await runner.catchUp()).toBe(events);
    expect(ok.seen.commits).toBeGreaterThan(3);
    expect(ok.seen.most).toBe(1); // never two commits at once
    expect(ok.seen.readsDuringCommit).toBeGreaterThan(0); // the next batch was read and folded meanwhile
    expect(modelsOf(runner)).toEqual(await referenceModels(store));

    // The second commit is refused (as when another process moved the checkpoint): its pass makes
    // no commit after it, and the next pass completes the models.
    const refused = slowModels(2);
    const again = new ProjectionRunner(refused.store, refused.models, { batchSize: 20 });
    expect(await again.catchUp()).toBe(events);
    const trail = refused.seen.trail;
    expect(trail.slice(0, 4)).toEqual(['pass', 'commit', 'refused', 'pass']);
    expect(trail.slice(4).every((t) => t !== 'refused')).toBe(true);
    expect(modelsOf(again)).toEqual(await referenceModels(store));
  });

  it("folds a read ahead only when it read from the stored model's revision; otherwise reads the stream itself", async () => {
    const store = createMemoryEventStore();
    const log = bigLog(1);
    await appendAll(store, log);
    const [stream] = log.map((a) => a.stream);
    const orderId = orderIdOfStream(stream!)!;
    const plain = await foldStream(store, orderId, stream!, 1_000_000n, undefined);
    expect(plain?.applied).toBeGreaterThan(0);
    const empty = { entries: Promise.resolve([]) };
    // A read ahead from another revision (another process moved the model meanwhile) is set aside.
    expect(
      await foldStream(store, orderId, stream!, 1_000_000n, undefined, { ...empty, after: 3 }),
    ).toEqual(plain);
    // One from the model's revision is what gets folded: here, nothing new.
    expect(
      await foldStream(store, orderId, stream!, 1_000_000n, undefined, { ...empty, after: -1 }),
    ).toBeUndefined();
  });
});

describe('projection runner, concurrent callers (review findings)', () => {
  /** A log cut in two, the second part adding events to at least two orders (`streams`, sorted: the order a pass folds them in). */
  /** Read models whose `get`s are counted (`gets.n`): a model decoded from storage is one get. */
  const countingGets = (models: ReadModelStore) => {
    const gets = { n: 0 };
    const counting: ReadModelStore = {
      ...models,
      get: (p, k) => {
        gets.n++;
        return models.get(p, k);
      },
    };
    return { counting, gets };
  };
  const twoOrders = () => {
    const split = (appends: Append[]) => ({
      first: appends.slice(0, Math.ceil(appends.length / 2)),
      rest: appends.slice(Math.ceil(appends.length / 2)),
    });
    const [cut] = fc.sample(
      multiOrderLogArb(3, 20)
        .map(split)
        .filter((x) => new Set(x.rest.map((a) => a.stream)).size >= 2),
      { seed: 20_261_127, numRuns: 1 },
    );
    const { first, rest } = cut!;
    return { first, rest, streams: [...new Set(rest.map((a) => a.stream))].sort() };
  };
  /** A store whose readStream of `stream` first runs `during` (a concurrent caller, mid-pass). */
  const interceptedRead = (
    base: EventStore,
    stream: string,
    during: () => Promise<void> | void,
  ) => {
    let armed = false;
    const store = withReadStream(base, async function* (own, s, o) {
      if (armed && s === stream) {
        armed = false;
        await during();
      }
      yield* own(s, o);
    });
    return {
      store,
      arm: () => {
        armed = true;
      },
    };
  };

  it('a model a query cached during a pass (read before the commit) is not kept behind the checkpoint', async () => {
    const { first, rest, streams } = twoOrders();
    const base = createMemoryEventStore({ clock: tickingClock() });
    const models = createMemoryReadModels();
    await appendAll(base, first);
    const [a, b] = streams.map((x) => orderIdOfStream(x)!);
    let runner!: ProjectionRunner;
    // Order a folded already, not committed yet; read twice, so the runner keeps it decoded.
    const { store, arm } = interceptedRead(base, streams[1]!, () => {
      runner.model(a!);
      runner.model(a!);
    });
    runner = new ProjectionRunner(store, models);
    await runner.catchUp();
    runner = new ProjectionRunner(store, models); // nothing cached
    await appendAll(base, rest);
    arm();
    await runner.catchUp();
    const stored = new ProjectionRunner(base, models);
    expect(runner.model(a!)).toEqual(stored.model(a!));
    expect(runner.model(b!)).toEqual(stored.model(b!));
  });

  it('keeps the model of the one order a catch-up changed as the last one read (the query after a command decodes nothing), and none when it changed several', async () => {
    const { first, rest, streams } = twoOrders();
    const base = createMemoryEventStore({ clock: tickingClock() });
    await appendAll(base, first);
    const models = createMemoryReadModels();
    const { counting, gets } = countingGets(models);
    const runner = new ProjectionRunner(base, counting);
    await runner.catchUp();
    const [a, b] = streams.map((x) => orderIdOfStream(x)!) as [string, string];
    const ofA = rest.filter((x) => x.stream === streams[0]);
    const ofB = rest.filter((x) => x.stream === streams[1]);
    expect(ofA.length).toBeGreaterThanOrEqual(2);
    expect(ofB.length).toBeGreaterThanOrEqual(1);
    const reads = (on: ProjectionRunner, ...order: string[]) => {
      gets.n = 0;
      for (const id of order)
        expect(stored(on.model(id))).toEqual(stored(new ProjectionRunner(base, models).model(id)));
      return gets.n;
    };
    await appendAll(base, ofA.slice(0, 1)); // one order's new event, as a command appends
    await runner.catchUp();
    expect(reads(runner, a)).toBe(0); // the model folded in the catch-up, current
    expect(reads(runner, b, a)).toBe(2); // another order read: let go as any last one read
    // Two orders changed in one pass, neither kept before (a runner of its own): neither kept.
    const other = new ProjectionRunner(base, counting);
    await other.catchUp();
    await appendAll(base, [...ofA.slice(1, 2), ...ofB.slice(0, 1)]);
    await other.catchUp();
    expect(reads(other, b, a)).toBe(2);
  });

  it('keeps the last model read decoded until another is read, then only when it is read a third time soon; orders read once or twice are parsed each time and let go', async () => {
    const [log] = fc.sample(
      multiOrderLogArb(4, 10).filter((a) => new Set(a.map((x) => x.stream)).size >= 3),
      { seed: 20_261_127, numRuns: 1 },
    );
    const base = createMemoryEventStore({ clock: tickingClock() });
    await appendAll(base, log!);
    const models = createMemoryReadModels();
    const { counting, gets } = countingGets(models);
    const runner = new ProjectionRunner(base, counting, { cacheSize: 16 }); // "soon": within the last 2 orders read
    await runner.catchUp();
    const [b, x, y] = runner.orderIds() as [string, string, string];
    const reads = (...order: string[]) => {
      gets.n = 0;
      for (const id of order) expect(runner.model(id)?.orderId).toBe(id);
      return gets.n;
    };
    expect(reads(b, b, b)).toBe(1); // the queries of one order in a row (a report's four): parsed once
    expect(reads(x, y, b)).toBe(3); // b's second read comes after two others: parsed again, not kept but as the last one read
    expect(reads(b)).toBe(0);
    expect(reads(y)).toBe(1); // read a second time soon: parsed, kept only as the last one read; b is let go
    expect(reads(b)).toBe(1); // the same; y is let go
    expect(reads(y, b, y, b)).toBe(2); // read a third time soon: parsed and kept, each
    expect(reads(y, b)).toBe(0);
    expect(reads(x, x, y)).toBe(1); // x was let go from the orders read lately: a first read again
  });

  it("concurrent reads of one order's log share one read of its stream, each with an array of its own", async () => {
    const [log] = fc.sample(
      multiOrderLogArb(2, 20).filter((a) => new Set(a.map((x) => x.stream)).size >= 2),
      { seed: 20_261_204, numRuns: 1 },
    );
    const base = createMemoryEventStore({ clock: tickingClock() });
    await appendAll(base, log!);
    const counting = countingStore(base);
    const runner = new ProjectionRunner(counting.store, createMemoryReadModels());
    await runner.catchUp();
    const [a, b] = runner.orderIds() as [string, string];
    const events = await readAllEvents(base);
    const own = (id: string) => events.filter((e) => e.stream === `order-${id}`).length;
    counting.reset();
    const [first, second, state] = await Promise.all([
      runner.log(a),
      runner.log(a),
      runner.state(a),
    ]);
    expect(counting.yielded('readStream')).toBe(own(a));
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(state?.revision).toBe(first.length - 1);
    counting.reset();
    await Promise.all([runner.log(a), runner.log(b)]); // other orders: a read each
    await runner.log(a); // after the read: read again
    expect(counting.yielded('readStream')).toBe(2 * own(a) + own(b));
  });

  it('a catch-up joined while a pass runs also applies what the joining caller recorded before it joined', async () => {
    const { first, rest, streams } = twoOrders();
    const base = createMemoryEventStore({ clock: tickingClock() });
    await appendAll(base, first);
    const runner = new ProjectionRunner(base, createMemoryReadModels());
    await runner.catchUp();
    let joined: Promise<number> | undefined;
    const { store, arm } = interceptedRead(base, streams[0]!, async () => {
      await appendAll(base, rest);
      joined = late.catchUp();
    });
    const late = new ProjectionRunner(store, createMemoryReadModels());
    arm();
    await late.catchUp();
    await joined;
    expect(modelsOf(late)).toEqual(await referenceModels(base));
  });

  it('an event of a type the order projection does not know, in an order stream, is skipped (queries still answer)', async () => {
    const store = createMemoryEventStore({ clock: tickingClock() });
    const engine = await createEngine({ store });
    await engine.importNdjsonFile(
      fileURLToPath(new URL('../../examples/twitter-2022.ndjson', import.meta.url)),
      { backfill: true },
    );
    const before = await engine.status('ftc-c4316', { asOf: '2024-01-01' });
    await store.append(
      'order-ftc-c4316',
      [
        {
          id: '11111111-1111-4111-8111-111111111111',
          type: 'InternalNote',
          schemaVersion: 1,
          data: { note: 'hi' },
          metadata: {},
        },
      ],
      { expectedRevision: 'any' },
    );
    expect(await engine.status('ftc-c4316', { asOf: '2024-01-01' })).toEqual(before);
    expect((await engine.docket('ftc-c4316')).length).toBeGreaterThan(0);
  });
});

describe.each(kinds)('engine on %s', (kind) => {
  it("once caught up, status and ledger read no event; timeline, exposure and known-at queries (status, docket) read only their order's stream (known-at no further than the first event recorded later), never the global log", async () => {
    const { engine, counting } = await engineOn(kind);
    const [appends] = fc.sample(multiOrderLogArb(3, 25), { seed: 20_261_127, numRuns: 1 });
    await appendAll(engine.store, appends!);
    const ids = await engine.orders();
    const events = await readAllEvents(engine.store);
    const middle = events[Math.floor(events.length / 2)]!.recordedAt;
    counting.reset();
    for (const id of ids) {
      await engine.status(id, { asOf: '2012-06-01' });
      await engine.ledger(id, { asOf: '2012-06-01' });
      await engine.status(id, { asOf: '2013-01-15', knownAt: events.at(-1)!.recordedAt }); // nothing recorded after: the read model answers
    }
    expect(counting.yielded()).toBe(0);
    for (const id of ids) {
      const mine = events.filter((e) => e.stream === `order-${id}`);
      const own = mine.length;
      // As known at `middle`: the events recorded by then, and at most the first one recorded after.
      const knownThen = Math.min(own, mine.filter((e) => e.recordedAt <= middle).length + 1);
      for (const [ask, bound] of [
        [() => engine.status(id, { asOf: '2013-01-15', knownAt: middle }), knownThen],
        [() => engine.docket(id, { knownAt: middle }), knownThen],
        [() => engine.exposure(id, { asOf: '2013-01-15' }), own],
        [() => engine.timeline(id, { from: '2012-01-01', to: '2012-12-31' }), own],
      ] as const) {
        counting.reset();
        await ask().catch(() => undefined); // an order unknown at `middle` is refused: what matters here is what was read
        expect(counting.yielded('readAll')).toBe(0);
        expect(counting.yielded('readStream')).toBeLessThanOrEqual(bound);
      }
    }
  });

  it('across orders, as known at K, an order not yet recorded then is left out (statusAll, deadlines)', async () => {
    const { engine } = await engineOn(kind);
    const [appends] = fc.sample(
      multiOrderLogArb(3, 10).filter((a) => new Set(a.map((x) => x.stream)).size === 3),
      { seed: 20_261_127, numRuns: 1 },
    );
    await appendAll(engine.store, appends!);
    const events = await readAllEvents(engine.store);
    const firstOf = new Map<string, string>();
    for (const e of events) if (!firstOf.has(e.stream)) firstOf.set(e.stream, e.recordedAt);
    const knownAt = [...firstOf.values()].sort()[1]!; // the second order's filing: the later ones are unknown
    const known = [...firstOf]
      .filter(([, at]) => at <= knownAt)
      .map(([stream]) => stream.slice('order-'.length))
      .sort();
    expect(known).toHaveLength(2);
    const all = await engine.statusAll({ asOf: '2013-01-01', knownAt });
    expect(all.map((a) => a.orderId).sort()).toEqual(known);
    for (const a of all)
      expect(a).toEqual(await engine.status(a.orderId, { asOf: '2013-01-01', knownAt }));
    expect(
      (await engine.deadlines({ asOf: '2013-01-01', knownAt, withinDays: 400 })).every((d) =>
        known.includes(d.orderId),
      ),
    ).toBe(true);
  });

  it(
    'known at: engine.status(id, { knownAt }) equals folding the events recorded by then, and engine.docket(id, { knownAt }) the docket of the whole log as known then; a retraction recorded later changes neither',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          orderHistoryArb({ minCommands: 5, maxCommands: 25 }),
          fc.nat(),
          fc.nat(),
          fc.integer({ min: -1, max: 1 }),
          async (h, pickK, pickTarget, skew) => {
            const live = h.state.live.filter(
              (e) => e.type !== 'OrderFiled' && e.type !== 'EntryRetracted',
            );
            fc.pre(h.events.length > 1 && live.length > 0 && h.state.orderId !== undefined);
            const { engine } = await engineOn(kind);
            const orderId = h.state.orderId!;
            for (const e of h.events)
              await engine.store.append(
                `order-${orderId}`,
                [{ id: e.id, type: e.type, schemaVersion: 1, data: e.data, metadata: e.metadata }],
                { expectedRevision: 'any' },
              );
            const recorded = await readAllEvents(engine.store);
            const knownAt = new Date(
              Date.parse(recorded[pickK % recorded.length]!.recordedAt) + skew,
            ).toISOString();
            const asOf = h.events[pickK % h.events.length]!.metadata.effectiveOn;
            const fold = (events: readonly OrderEvent[]) =>
              events.reduce(evolveOrder, initialOrderState());
            const knownEvents = h.events.filter((_, i) => recorded[i]!.recordedAt <= knownAt);
            // Before its filing was recorded the order is unknown: the query fails with ORDER_NOT_FOUND, then as now.
            const statusThen = () =>
              engine.status(orderId, { asOf, knownAt }).catch((e: { code?: string }) => e.code);
            const expected =
              knownEvents.length === 0 ? 'ORDER_NOT_FOUND' : orderStatusOn(fold(knownEvents), asOf);
            expect(await statusThen()).toEqual(expected);
            // The docket as known then: the entries recorded by then, as drawn from the whole log.
            const docketThen = () =>
              engine.docket(orderId, { knownAt }).catch((e: { code?: string }) => e.code);
            const log = h.events.map((event, i) => ({
              event,
              recordedAt: recorded[i]!.recordedAt,
            }));
            const expectedDocket =
              knownEvents.length === 0 ? 'ORDER_NOT_FOUND' : docketOf(log, undefined, knownAt);
            expect(await docketThen()).toEqual(expectedDocket);
            const target = live[pickTarget % live.length]!;
            const retraction = decideOrder(
              OrderCommand.parse({
                type: 'RetractEntry',
                data: { eventId: target.id, reason: 'entered in error' },
                meta: {
                  eventId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
                  effectiveOn: asOf,
                  actor: { role: 'court', name: 'U.S. District Court' },
                },
              }),
              h.state,
            )[0]!;
            await engine.store.append(
              `order-${orderId}`,
              [
                {
                  id: retraction.id,
                  type: retraction.type,
                  schemaVersion: 1,
                  data: retraction.data,
                  metadata: retraction.metadata,
                },
              ],
              { expectedRevision: 'any' },
            );
            expect(await statusThen()).toEqual(expected);
            expect(await docketThen()).toEqual(expectedDocket); // the retraction recorded later marks nothing retracted then
            const later = (await readAllEvents(engine.store)).at(-1)!.recordedAt;
            expect(await engine.status(orderId, { asOf, knownAt: later })).toEqual(
              orderStatusOn(fold(h.events.filter((e) => e.id !== target.id)), asOf),
            );
            expect(await engine.status(orderId, { asOf })).toEqual(
              orderStatusOn(fold(h.events.filter((e) => e.id !== target.id)), asOf),
            );
            await engine.close();
          },
        ),
        fcParams(15, 300),
      );
    },
    TIMEOUT,
  );
});

import { statSync } from 'node:fs';
import {
  calendarFactsOf,
  concernsObligation,
  deadlinesOf,
  docketOf,
  stateKnownAt,
  stateKnownOn,
  explainOccurrence,
  exposureOf,
  FTC_ORDER_VIOLATION_MAXIMUM,
  ledgerOf,
  orderStatusOn,
  orderTimeline,
  ownedBy,
  type DeadlineEntry,
  type OrderModelHeader,
} from '../../projections/index.js';
import {
  assertWritable,
  openEventStore,
  verifyStore,
  type EventStore,
  type SqliteEventStore,
} from '../store/index.js';
import type { CalendarDate, OrderFacts, OrderState } from '../../domain/index.js';
import type { Engine, EngineOptions, ImportOptions, QueryOptions } from './engine.types.js';
import { refusingAfterClose } from './closed.js';
import { InvalidQuery, UnknownOccurrence } from './errors.js';
import { backfillTimes, importFacts, restoreExport } from './importer.js';
import { importFileByOrder } from './import-by-order.js';
import { checkThreadsFor } from './check-threads.js';
import { defaultThreads } from './workers.js';
import { calendarFrom, changesFrom, watchFrom, type FeedSource } from './feed.js';
import { exportLine } from './ndjson.js';
import { ndjsonFileLines } from './ndjson-file.js';
import { OrderWriter } from './order-writer.js';
import {
  civilDate,
  defaultTimelineEnd,
  instant,
  isCurrentAt,
  leavesAnswersOn,
  knownOrder,
  queryDays,
  resolveQuery,
  today,
} from './queries.js';
import {
  createMemoryReadModels,
  createSqliteReadModels,
  type ReadModelStore,
} from './read-models.js';
import { createPostgresReadModels } from './postgres-read-models.js';
import type { PostgresEventStore } from '../store/postgres-event-store.js';
import { ProjectionRunner } from './runner.js';

const isSqlite = (s: EventStore): s is SqliteEventStore => s.kind === 'sqlite';

/** Where a store's read models live: in its own SQLite file or PostgreSQL database, else in memory. */
const readModelsOf = async (store: EventStore): Promise<ReadModelStore> => {
  if (isSqlite(store))
    return store.readOnly ? createMemoryReadModels() : createSqliteReadModels(store);
  if (store.kind === 'postgres' && 'transaction' in store)
    return createPostgresReadModels(store as PostgresEventStore);
  return createMemoryReadModels();
};

const isRegularFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // the read reports what is wrong with the path
  }
};

/**
 * Opens Decree on a store: `memory`, `sqlite:<path>` (the embedded default), or an EventStoreDB /
 * KurrentDB connection string. Read models live in the SQLite file for the SQLite store (in memory
 * when it was opened read-only), in the database for the PostgreSQL store (mirrored in memory),
 * in memory otherwise, and are brought up to date from the log before each query.
 * @example
 * const engine = await createEngine({ store: 'memory' });
 * await engine.importNdjsonFile('examples/twitter-2022.ndjson');
 * (await engine.status('us-v-twitter-2022', { asOf: '2022-06-01' })).status; // 'compliant'
 */
export const createEngine = async (options: EngineOptions): Promise<Engine> => {
  const clock = options.clock ?? (() => new Date());
  const threads = options.threads ?? defaultThreads();
  const store =
    typeof options.store === 'string'
      ? await openEventStore(options.store, { clock })
      : options.store;
  const runner = new ProjectionRunner(store, await readModelsOf(store), {
    ...(options.modelCache === undefined ? {} : { cacheSize: options.modelCache }),
    ...(options.threads === undefined ? {} : { foldThreads: options.threads }),
    ...(options.onLogMismatch === undefined ? {} : { onLogMismatch: options.onLogMismatch }),
  });
  // The read model as last caught up: the writer folds only what came after (and decides most commands on it alone).
  const writer = new OrderWriter(
    store,
    options.maxRetries,
    (orderId) => runner.state(orderId),
    (orderId) => runner.sketch(orderId),
  );
  const table = options.penaltyTable ?? FTC_ORDER_VIOLATION_MAXIMUM;
  const resolve = (q: QueryOptions = {}) => resolveQuery(q, clock, options.timeZone);
  /** The log of an order up to `knownAt`, folded: whole, or for answers on `onlyOn` alone (`stateKnownOn`). */
  const foldedAt = async (
    orderId: string,
    h: OrderModelHeader,
    knownAt: string,
    onlyOn: CalendarDate | undefined,
  ): Promise<OrderState> => {
    const log = await runner.log(orderId, h, knownAt);
    return onlyOn === undefined ? stateKnownAt(log, knownAt) : stateKnownOn(log, knownAt, onlyOn);
  };
  /**
   * Whether the order's current model answers on `onlyOn` as known at `knownAt`: nothing recorded
   * since, or only events that leave those answers as they are (locality: effective later, neither
   * the filing nor a retraction, nor backfilled, as an answer counts every known backfilled fact),
   * looked for newest first and no further than the first that changes them.
   */
  const modelAnswers = async (
    orderId: string,
    h: OrderModelHeader | undefined,
    knownAt: string | undefined,
    onlyOn: CalendarDate | undefined,
  ): Promise<boolean> =>
    h === undefined ||
    isCurrentAt(h, knownAt) ||
    (onlyOn !== undefined &&
      (await runner.everyRecordedAfter(orderId, h, knownAt!, (e) => leavesAnswersOn(e, onlyOn))));
  /**
   * An order's facts as known at `knownAt`: its model's (decoded only then), or, when something was
   * recorded later (that answers on `onlyOn` would read, when given), its log folded up to then
   * (only what answers on `onlyOn` read); undefined for an order without a model.
   */
  const factsAt = async (
    orderId: string,
    knownAt: string | undefined,
    onlyOn?: CalendarDate,
  ): Promise<OrderFacts | undefined> => {
    const h = knownAt === undefined ? undefined : runner.header(orderId);
    if (await modelAnswers(orderId, h, knownAt, onlyOn)) return runner.model(orderId)?.facts;
    return foldedAt(orderId, h!, knownAt!, onlyOn);
  };
  /** The order's facts as known at `knownAt`, or `UnknownOrder`. */
  const facts = async (
    orderId: string,
    knownAt: string | undefined,
    onlyOn?: CalendarDate,
  ): Promise<OrderFacts> => {
    await runner.catchUp();
    return knownOrder(await factsAt(orderId, knownAt, onlyOn), orderId);
  };
  /** The order's full state (with its live events, read from its stream) as known at `knownAt`. */
  const state = async (
    orderId: string,
    knownAt: string | undefined,
    onlyOn?: CalendarDate,
  ): Promise<OrderState> => {
    await runner.catchUp();
    // Without knownAt the model answers, read once: no header read first.
    if (knownAt === undefined) return knownOrder((await runner.state(orderId))?.state, orderId);
    const h = runner.header(orderId);
    return knownOrder(
      h &&
        ((await modelAnswers(orderId, h, knownAt, onlyOn))
          ? (await runner.state(orderId))?.state
          : await foldedAt(orderId, h, knownAt, onlyOn)),
      orderId,
    );
  };
  /** The order's facts for answers on the date asked alone (status, ledger: locality). */
  const withFacts = async (orderId: string, q: QueryOptions = {}) => {
    const r = resolve(q);
    return { r, s: await facts(orderId, r.knownAt, r.asOf) };
  };
  /** The order's state with its live events; `local`: for answers on the date asked alone (exposure). */
  const withState = async (orderId: string, q: QueryOptions = {}, local = false) => {
    const r = resolve(q);
    return { r, s: await state(orderId, r.knownAt, local ? r.asOf : undefined) };
  };
  /**
   * The order's docket as known at `knownAt` and the log it was drawn from (read once, no further
   * than the first event recorded after `knownAt`), or `UnknownOrder`.
   */
  const docketAndLog = async (orderId: string, q: QueryOptions = {}) => {
    const r = resolve(q);
    await runner.catchUp();
    const m = r.knownAt === undefined ? runner.model(orderId) : undefined; // its own header: one read of its text
    const h = m ?? runner.header(orderId);
    const log = await runner.log(orderId, h, r.knownAt);
    knownOrder(
      h &&
        (isCurrentAt(h, r.knownAt)
          ? (m ?? runner.model(orderId))?.facts
          : stateKnownAt(log, r.knownAt)),
      orderId,
    );
    return { entries: docketOf(log, r.asOf, r.knownAt), log };
  };
  /** Every order known at `knownAt` (or only `orderId`): those first recorded later are left out. */
  const knownIds = async (knownAt: string | undefined, orderId?: string): Promise<string[]> => {
    if (orderId !== undefined) return [orderId];
    await runner.catchUp();
    return runner
      .orderIds()
      .filter(
        (id) => knownAt === undefined || (runner.header(id)?.firstRecordedAt ?? knownAt) <= knownAt,
      );
  };
  /**
   * An order's facts for its calendar: those of an order with retracted events folded from its log
   * (`calendarFactsOf`), which keeps what each retraction took away, so that a deadline it took away
   * is exported cancelled and every sequence keeps growing across it; otherwise its facts.
   */
  const calendarFacts = async (orderId: string, knownAt: string | undefined) => {
    const s = await facts(orderId, knownAt);
    if (Object.keys(s.retracted).length === 0) return s;
    return calendarFactsOf(await runner.log(orderId, undefined, knownAt), knownAt);
  };
  const feedSource: FeedSource = {
    states: async (knownAt, orderId) =>
      Promise.all((await knownIds(knownAt, orderId)).map((id) => state(id, knownAt))),
    // Read by the calendar alone (`calendarFrom`).
    facts: async (knownAt, orderId) =>
      Promise.all((await knownIds(knownAt, orderId)).map((id) => calendarFacts(id, knownAt))),
    store,
    clock,
    timeZone: options.timeZone,
  };
  const changes = changesFrom(feedSource);
  /** A backfill's checks of recorded times, against the store's last and the clock, or none. */
  const timesOf = (o: ImportOptions) =>
    o.backfill ? backfillTimes(store, clock) : Promise.resolve(undefined);
  const engine: Engine = {
    store,
    execute: (orderId, command) => writer.execute(orderId, command),
    importNdjson: async (lines, o = {}) => {
      assertWritable(store);
      return o.restore
        ? restoreExport(store, lines, o)
        : importFacts(writer, lines, o, await timesOf(o));
    },
    importNdjsonFile: async (path, o = {}) => {
      assertWritable(store);
      if (o.restore) return restoreExport(store, ndjsonFileLines(path), o);
      const times = await timesOf(o);
      // A regular file can be read again, and at any place: checked order by order, in memory
      // bounded by its largest order. A pipe is read once.
      return isRegularFile(path)
        ? importFileByOrder(writer, path, o, checkThreadsFor(store, threads), times)
        : importFacts(writer, ndjsonFileLines(path), o, times);
    },
    exportNdjson: async function* () {
      for await (const r of store.readAll()) yield exportLine(r);
    },
    replay: async (o = {}) => ({
      events: await runner.rebuild(o.onProgress),
      orders: runner.orderIds().length,
    }),
    orders: async () => {
      await runner.catchUp();
      return runner.orderIds();
    },
    status: async (orderId, q) => {
      const { r, s } = await withFacts(orderId, q);
      return orderStatusOn(s, r.asOf, r);
    },
    statusAll: async (q = {}) => {
      const { knownAt } = resolve(q);
      const ids = await engine.orders();
      // As in deadlines: an order whose first event was recorded after knownAt was not known then, so it is left out.
      const known = ids.filter(
        (id) => knownAt === undefined || (runner.header(id)?.firstRecordedAt ?? knownAt) <= knownAt,
      );
      return Promise.all(known.map((id) => engine.status(id, q)));
    },
    timeline: async (orderId, q = {}) => {
      const s = await state(
        orderId,
        q.knownAt === undefined ? undefined : instant(q.knownAt, 'knownAt'),
      );
      const from =
        q.from === undefined
          ? (s.filed?.on ?? today(clock, options.timeZone))
          : civilDate(q.from, 'from');
      const to =
        q.to === undefined
          ? defaultTimelineEnd(s, today(clock, options.timeZone))
          : civilDate(q.to, 'to');
      if (q.from !== undefined && q.to !== undefined && to < from)
        throw new InvalidQuery(`from (${from}) is after to (${to}): give a range forwards`, [
          'from',
        ]);
      return orderTimeline(
        s,
        from,
        to < from ? from : to, // a default end before a given start (an order filed later): an empty range
        q.warningDays === undefined ? {} : { warningDays: q.warningDays },
      );
    },
    deadlines: async (q) => {
      const r = resolve(q);
      const withinDays = queryDays(q.withinDays, 'withinDays');
      const owned = (list: DeadlineEntry[]) =>
        q.owner === undefined ? list : list.filter((d) => ownedBy(d.owner, q.owner!));
      if (q.orderId !== undefined)
        return owned(deadlinesOf([await facts(q.orderId, r.knownAt)], r.asOf, withinDays, r));
      await runner.catchUp();
      const known: OrderFacts[] = [];
      for (const id of runner.orderIds()) {
        const s = await factsAt(id, r.knownAt);
        if (s !== undefined && s.phase !== 'none') known.push(s);
      }
      return owned(deadlinesOf(known, r.asOf, withinDays, r)); // across orders: those not yet known at knownAt are left out
    },
    ledger: async (orderId, q) => {
      const { r, s } = await withFacts(orderId, q);
      return ledgerOf(s, r.asOf);
    },
    exposure: async (orderId, q) => {
      const { r, s } = await withState(orderId, q, true);
      return exposureOf(s, r.asOf, table);
    },
    docket: async (orderId, q) => (await docketAndLog(orderId, q)).entries,
    explain: async (orderId, occurrenceId, q) => {
      const { r, s } = await withState(orderId, q);
      return (
        explainOccurrence(s, occurrenceId, r.asOf, r) ??
        (() => {
          throw new UnknownOccurrence(orderId, occurrenceId, r.asOf);
        })()
      );
    },
    history: async (orderId, obligationId, q) => {
      const { entries, log } = await docketAndLog(orderId, q);
      const concerns = concernsObligation(log, obligationId);
      const byId = new Map(log.map((x) => [x.event.id, x.event]));
      const docket = entries.filter((d) => concerns(byId.get(d.eventId)!));
      const timeline = await engine.timeline(
        orderId,
        q?.knownAt === undefined ? {} : { knownAt: q.knownAt },
      );
      const occurrences = Object.fromEntries(
        Object.entries(timeline.occurrences).filter(([, o]) => o.obligationId === obligationId),
      );
      return { orderId, obligationId, docket, timeline: { ...timeline, occurrences } };
    },
    changes,
    watch: watchFrom(feedSource, changes),
    calendar: calendarFrom(feedSource, (e, who) => ownedBy(e.owner, who)),
    verify: (o = {}) =>
      verifyStore(store, o.onProgress ? { onProgress: (p) => o.onProgress!(p.events) } : {}),
    close: () => store.close(),
  };
  return refusingAfterClose(engine);
};

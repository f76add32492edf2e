// A command on an order the writer has not loaded is first appended at its read model's revision,
// without reading the stream (order-writer.ts, #onSketchAsIs). What the store sees of that first
// try: nothing written when it is refused, the command then decided again on what was recorded
// since; a busy file on the first try retried like any other append.
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createEngine,
  isDecreeError,
  openEventStore,
  StoreUnavailable,
  type AppendOptions,
  type CommandInput,
  type EventStore,
  type NewEvent,
} from '../../src/index.js';
import { tempDb } from './support/logs.js';

const ORDER = 'o-1';
const filed: CommandInput = {
  type: 'FileOrder',
  data: { orderId: ORDER, title: 'U.S. v. Example', kind: 'stipulated_order', forum: 'N.D. Cal.' },
  meta: { effectiveOn: '2022-05-25', actor: { role: 'regulator', name: 'FTC' } },
};
const statement = (n: number): CommandInput => ({
  type: 'IssuePublicStatement',
  data: { statementId: `s-${n}`, summary: 'A statement about the privacy program' },
  meta: { effectiveOn: '2022-06-01', actor: { role: 'company', name: 'Example Inc.' } },
});

/**
 * The store, with every append call and how it ended noted, the streams read counted, and a busy
 * file on the append calls `busyOn` lists (counted from 1).
 */
const watched = (store: EventStore, busyOn: readonly number[] = []) => {
  const calls: { expected: unknown; outcome: string }[] = [];
  const reads: string[] = [];
  const append = async (stream: string, events: readonly NewEvent[], o: AppendOptions) => {
    const call = { expected: o.expectedRevision, outcome: 'appended' };
    calls.push(call);
    if (busyOn.includes(calls.length)) {
      call.outcome = 'busy';
      throw new StoreUnavailable('SQLite: database is locked');
    }
    try {
      const result = await store.append(stream, events, o);
      if (result.retried) call.outcome = 'already stored';
      return result;
    } catch (e) {
      call.outcome = isDecreeError(e) ? e.code : 'error';
      throw e;
    }
  };
  const proxy = new Proxy(store, {
    get: (target, key) => {
      if (key === 'append') return append;
      if (key === 'readStream')
        return (stream: string, ...rest: unknown[]) => {
          reads.push(stream);
          return (target.readStream as (...a: unknown[]) => unknown).call(target, stream, ...rest);
        };
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return { store: proxy, calls, reads };
};

/**
 * A SQLite store holding the filed order and two statements, its read model current (revision 2),
 * then `later` statements recorded behind the model; the store as a new process opens it.
 */
const orderWithModel = async (later: number): Promise<EventStore> => {
  const db = tempDb();
  onTestFinished(db.remove);
  const setup = await createEngine({ store: `sqlite:${db.path}` });
  for (const c of [filed, statement(1), statement(2)]) await setup.execute(ORDER, c);
  await setup.orders(); // the read model knows the three events
  for (let i = 0; i < later; i++) await setup.execute(ORDER, statement(10 + i)); // not caught up
  await setup.close();
  const store = await openEventStore(`sqlite:${db.path}`);
  onTestFinished(() => store.close());
  return store;
};

describe('a command decided on the read model alone', () => {
  it('is appended at the model revision in one call, the stream unread, when nothing was recorded since', async () => {
    const base = await orderWithModel(0);
    const { store, calls, reads } = watched(base);
    const engine = await createEngine({ store, maxRetries: 0 });
    const r = await engine.execute(ORDER, statement(3));
    expect(r.revision).toBe(3);
    expect(calls).toEqual([{ expected: 2, outcome: 'appended' }]);
    expect(reads).toEqual([]);
  });

  it('writes nothing on a refused first try, then lands once after what was recorded since', async () => {
    const base = await orderWithModel(2); // revisions 3 and 4 recorded after the model
    const { store, calls, reads } = watched(base);
    const engine = await createEngine({ store, maxRetries: 0 });
    const r = await engine.execute(ORDER, statement(3));
    expect(r.revision).toBe(5);
    expect(reads).toEqual([`order-${ORDER}`]); // what was recorded since, read once after the refusal
    expect(calls).toEqual([
      { expected: 2, outcome: 'CONCURRENCY_CONFLICT' },
      { expected: 4, outcome: 'appended' },
    ]);
    const ids: unknown[] = [];
    for await (const e of base.readStream(`order-${ORDER}`))
      ids.push((e.data as { statementId?: string }).statementId);
    expect(ids.filter((id) => id === 's-3')).toHaveLength(1);
  });

  it('answers a command recorded since as recorded, not again', async () => {
    const base = await orderWithModel(0);
    const again = { ...statement(3), meta: { ...statement(3).meta, eventId: crypto.randomUUID() } };
    const other = await createEngine({ store: base, maxRetries: 0 });
    await other.execute(ORDER, again); // recorded behind the model (the other engine's writer catches nothing up)
    const { store, calls } = watched(base);
    const engine = await createEngine({ store, maxRetries: 0 });
    const r = await engine.execute(ORDER, again);
    expect(r.events).toEqual([]); // already recorded: nothing appended
    expect(calls.map((c) => c.outcome)).toEqual(['already stored']);
  });

  it('retries a busy file on the first try like any other append, unless retries are off', async () => {
    const { store, calls } = watched(await orderWithModel(0), [1]);
    const engine = await createEngine({ store });
    expect((await engine.execute(ORDER, statement(3))).revision).toBe(3);
    expect(calls.map((c) => c.outcome)).toEqual(['busy', 'appended']);

    const off = watched(await orderWithModel(0), [1]);
    const strict = await createEngine({ store: off.store, maxRetries: 0 });
    await expect(strict.execute(ORDER, statement(3))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(off.calls.map((c) => c.outcome)).toEqual(['busy']);
  });
});

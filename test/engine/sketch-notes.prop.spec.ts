// Of an order decided on its read model, the writer keeps only the events recorded after the model
// (order-writer.ts, `SketchNote`) and reads the model again for the next command. Law: a run of
// commands on one order, with catch-ups of the read model and another writer's commands between
// them, is decided command by command as the decider does on the order's full state: the same
// events recorded, or the same refusal. Runs are long enough that some hold more commands between
// two catch-ups than a note keeps (`NOTE_LIMIT`, 16), after which the full state is loaded. And
// the same when a catch-up in another connection moves the read model to any revision between
// where it stood and the stream's head, so that it holds some of a note's events but not all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  decideOrder,
  decodeOrderEvent,
  foldOrder,
  initialOrderState,
  isDecreeError,
  modelOf,
  openEventStore,
  orderModelSketch,
  serializeOrderModel,
  type CommandInput,
  type Engine,
  type EventStore,
  type OrderCommand,
  type OrderEvent,
  type OrderSketch,
  type OrderState,
} from '../../src/index.js';
import { OrderWriter } from '../../src/engine/order-writer.js';
import {
  commandFor,
  commandIntentArb,
  orderHistoryArb,
  type CommandIntent,
} from '../../src/testing/index.js';
import { orderFcParams } from '../support/fc-params.js';

type Step =
  | { readonly kind: 'command' | 'other'; readonly intent: CommandIntent; readonly again: boolean }
  | { readonly kind: 'catch-up' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      intent: commandIntentArb(),
      again: fc.nat({ max: 3 }).map((n) => n === 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('other' as const),
      intent: commandIntentArb(),
      again: fc.constant(false),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'catch-up' as const }) },
);

type Outcome = { recorded: readonly string[] } | { refused: string };

const outcome = async (
  run: () => Promise<readonly { id: string }[]> | readonly { id: string }[],
) => {
  try {
    return { recorded: (await run()).map((e) => e.id) } as Outcome;
  } catch (e) {
    if (!isDecreeError(e)) throw e;
    return { refused: e.code } as Outcome;
  }
};

const send = (engine: Engine, orderId: string, command: OrderCommand) =>
  outcome(async () => (await engine.execute(orderId, command as CommandInput)).events);

/** A run on one order: the state the decider says it has, the last command this writer sent, and counts. */
interface Run {
  readonly orderId: string;
  readonly engine: Engine;
  readonly other: Engine;
  state: OrderState;
  last?: OrderCommand;
  /** Commands this writer recorded since the last catch-up. */
  streak: number;
  recorded: number;
  /** Commands recorded past the 16th since the last catch-up. */
  long: number;
}

/** One command step: sent by this writer or the other, checked against the decider on the state now. */
const commandStep = async (run: Run, step: Extract<Step, { intent: CommandIntent }>) => {
  // A command sent again (same event id) now and then, else a new one on the state now.
  const command =
    step.again && run.last !== undefined ? run.last : commandFor(step.intent, run.state);
  const expected = await outcome(() => decideOrder(command, run.state));
  const mine = step.kind === 'command';
  expect(await send(mine ? run.engine : run.other, run.orderId, command)).toEqual(expected);
  if ('recorded' in expected && expected.recorded.length > 0) {
    run.state = foldOrder(run.state, decideOrder(command, run.state));
    run.recorded++;
    if (mine && ++run.streak > 16) run.long++;
  }
  if (mine) run.last = command;
};

describe('commands on an order decided on its read model, one after another', () => {
  it('are decided as on the full state, with catch-ups and another writer between them', async () => {
    let long = 0;
    let recorded = 0;
    await fc.assert(
      fc.asyncProperty(
        orderHistoryArb({ minCommands: 1, maxCommands: 12 }),
        fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }),
        fc.boolean(), // whether the read model is caught up at the catch-up steps, or never
        async (h, steps, catchUps) => {
          const filed = h.events[0];
          if (filed?.type !== 'OrderFiled') return;
          const orderId = filed.data.orderId;
          const store = await openEventStore('memory');
          await store.append(`order-${orderId}`, h.events, { expectedRevision: 'no_stream' });
          const engine = await createEngine({ store, maxRetries: 0 });
          const other = await createEngine({ store, maxRetries: 0 });
          await engine.orders(); // the read model knows the history
          const run: Run = {
            orderId,
            engine,
            other,
            state: h.state,
            streak: 0,
            recorded: 0,
            long: 0,
          };
          for (const step of steps) {
            if (step.kind !== 'catch-up') await commandStep(run, step);
            else if (catchUps) {
              await engine.orders();
              run.streak = 0;
            }
          }
          recorded += run.recorded;
          long += run.long;
          await engine.close();
          await other.close();
        },
      ),
      orderFcParams(),
    );
    expect(recorded).toBeGreaterThan(500); // most steps record something
    expect(long).toBeGreaterThan(5); // commands past the 16th between catch-ups: some runs outgrow a note
  });
});

/** The order's stream as decoded events. */
const streamOf = async (store: EventStore, orderId: string): Promise<OrderEvent[]> => {
  const out: OrderEvent[] = [];
  for await (const r of store.readStream(`order-${orderId}`)) out.push(decodeOrderEvent(r));
  return out;
};

/** The sketch of the order's read model at `revision`, as stored and read back. */
const sketchAt = (orderId: string, events: readonly OrderEvent[], revision: number): OrderSketch =>
  orderModelSketch(
    serializeOrderModel(
      modelOf({
        orderId,
        revision,
        firstRecordedAt: '2030-01-01T00:00:00.000Z',
        lastRecordedAt: '2030-01-01T00:00:00.000Z',
        state: foldOrder(initialOrderState(), events.slice(0, revision + 1)),
      }),
    ),
  );

describe('commands on an order decided on a read model that a catch-up elsewhere moves', () => {
  it('are decided as on the full state wherever between its last revision and the stream head the model stands', async () => {
    let partial = 0;
    await fc.assert(
      fc.asyncProperty(
        orderHistoryArb({ minCommands: 1, maxCommands: 10 }),
        fc.array(fc.tuple(commandIntentArb(), fc.boolean(), fc.nat()), {
          minLength: 2,
          maxLength: 24,
        }),
        async (h, steps) => {
          const filed = h.events[0];
          if (filed?.type !== 'OrderFiled') return;
          const orderId = filed.data.orderId;
          const store = await openEventStore('memory');
          await store.append(`order-${orderId}`, h.events, { expectedRevision: 'no_stream' });
          let model = sketchAt(orderId, h.events, h.events.length - 1);
          const writer = new OrderWriter(
            store,
            0,
            () => Promise.resolve(undefined),
            () => model,
          );
          let state = h.state;
          let noted = h.events.length - 1; // the model's revision when the writer last read it
          for (const [intent, moves, pick] of steps) {
            const events = await streamOf(store, orderId);
            const head = events.length - 1;
            if (moves && head > model.revision) {
              // A catch-up in another connection: anywhere from the model's revision to the head.
              const to = model.revision + 1 + (pick % (head - model.revision));
              if (to < head && model.revision === noted) partial++;
              model = sketchAt(orderId, events, to);
            }
            const command = commandFor(intent, state);
            const expected = await outcome(() => decideOrder(command, state));
            const got = await outcome(
              async () => (await writer.execute(orderId, command as CommandInput)).events,
            );
            expect(got).toEqual(expected);
            if ('recorded' in expected && expected.recorded.length > 0)
              state = foldOrder(state, decideOrder(command, state));
            noted = model.revision;
          }
        },
      ),
      orderFcParams(),
    );
    expect(partial).toBeGreaterThan(20); // models caught up with some of a note's events, not all
  });
});

// A command on an order the writer has not cached is decided on the order's read model alone when
// nothing it says was recorded before (order-writer.ts, #onSketchAsIs); otherwise on the full state
// read back from the stream. Law: either way the engine answers as the decider does on the order's
// full state: the same event recorded, nothing recorded for a fact already recorded, or the same
// refusal. Commands are drawn to hit every case: an earlier command sent again (same event id), an
// earlier one under a new event id (same named fact), and a new one; with some of the order's
// events recorded after its read model was last brought up to date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  decideOrder,
  foldOrder,
  isDecreeError,
  openEventStore,
  type CommandInput,
  type OrderCommand,
} from '../../src/index.js';
import {
  commandFor,
  commandIntentArb,
  orderHistoryArb,
  type CommandIntent,
  type OrderHistory,
} from '../../src/testing/index.js';
import { orderFcParams } from '../support/fc-params.js';

const probes = fc.record({
  history: orderHistoryArb({ minCommands: 2, maxCommands: 30 }),
  intent: commandIntentArb(),
  pick: fc.nat(),
  how: fc.constantFrom('again', 'new-id', 'new'),
  cut: fc.nat(), // how many of the order's events the read model has seen
});

/** The command a probe sends: an earlier one again, an earlier one under a new event id, or a new one. */
const probeCommand = ({
  history: h,
  intent,
  pick,
  how,
}: {
  history: OrderHistory;
  intent: CommandIntent;
  pick: number;
  how: 'again' | 'new-id' | 'new';
}): OrderCommand => {
  const earlier = h.commands[pick % h.commands.length];
  // A history whose every command was refused has none to send again: a new one then.
  return how === 'new' || earlier === undefined
    ? commandFor(intent, h.state)
    : how === 'again'
      ? earlier
      : ({
          ...earlier,
          meta: {
            ...earlier.meta,
            eventId: `ffffffff-ffff-4fff-bfff-${pick.toString(16).padStart(12, '0').slice(-12)}`,
          },
        } as OrderCommand);
};

type Outcome = { recorded: readonly { id: string; type: string }[] } | { refused: string };

const outcome = async (
  run: () =>
    Promise<readonly { id: string; type: string }[]> | readonly { id: string; type: string }[],
): Promise<Outcome> => {
  try {
    return { recorded: (await run()).map(({ id, type }) => ({ id, type })) };
  } catch (e) {
    if (!isDecreeError(e)) throw e;
    return { refused: e.code };
  }
};

describe('commands on an order the writer has not cached', () => {
  it('are decided as on the full state, whether the read model alone suffices or not', async () => {
    await fc.assert(
      fc.asyncProperty(probes, async ({ history: h, intent, pick, how, cut }) => {
        const filed = h.events[0];
        if (filed?.type !== 'OrderFiled') return;
        const orderId = filed.data.orderId;
        const command = probeCommand({ history: h, intent, pick, how });
        const expected = await outcome(() => decideOrder(command, h.state));

        const store = await openEventStore('memory');
        const seen = 1 + (cut % h.events.length);
        await store.append(`order-${orderId}`, h.events.slice(0, seen), {
          expectedRevision: 'no_stream',
        });
        // No retries: a single writer meets no contention, so a conflict the writer's own guess
        // runs into (its sketch behind the stream) must never reach the caller.
        const engine = await createEngine({ store, maxRetries: 0 });
        await engine.orders(); // the read model knows the first `seen` events
        if (seen < h.events.length)
          await store.append(`order-${orderId}`, h.events.slice(seen), {
            expectedRevision: seen - 1,
          });
        const actual = await outcome(
          async () => (await engine.execute(orderId, command as CommandInput)).events,
        );
        expect(actual).toEqual(expected);
        // Then on the state the writer now holds (a sketch when it decided on the read model): the same
        // command again, and another earlier one under a new event id.
        let state =
          'recorded' in expected ? foldOrder(h.state, decideOrder(command, h.state)) : h.state;
        const other = h.commands[(pick + 1) % h.commands.length]!;
        for (const next of [
          command,
          {
            ...other,
            meta: { ...other.meta, eventId: 'eeeeeeee-eeee-4eee-beee-eeeeeeeeeeee' },
          } as OrderCommand,
        ]) {
          const want = await outcome(() => decideOrder(next, state));
          expect(
            await outcome(async () => (await engine.execute(orderId, next as CommandInput)).events),
          ).toEqual(want);
          if ('recorded' in want) state = foldOrder(state, decideOrder(next, state));
        }
      }),
      orderFcParams(),
    );
  });

  it('are decided without reading the record of sources, which a sketch decodes only when asked', async () => {
    let recorded = 0;
    await fc.assert(
      fc.asyncProperty(probes, async ({ history: h, intent, pick, how }) => {
        const command = probeCommand({ history: h, intent, pick, how });
        const expected = await outcome(() => decideOrder(command, h.state));
        const { provenance: _read, ...rest } = h.state;
        const sealed = {
          ...rest,
          get provenance(): never {
            throw new Error('deciding read the record of sources');
          },
        };
        expect(await outcome(() => decideOrder(command, sealed))).toEqual(expected);
        if ('recorded' in expected && expected.recorded.length > 0) recorded++;
      }),
      orderFcParams(),
    );
    expect(recorded).toBeGreaterThan(20); // most probes decide something, not only refusals
  });
});

// foldOrder folds like `events.reduce(evolveOrder, s)` but updates in place the records and arrays
// it made itself. Laws: the same state as the reduce, its records' keys in the same order; its
// input, and every state it returned before, never change afterwards; and the live-event index
// answers as on the reduced state. And every live event, a retraction included, is cited in the
// record of sources, in the live events' order, whichever path (an evolve, a retraction's rebuild)
// folded it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evolveOrder,
  foldOrder,
  initialOrderState,
  sameFact,
  seenEvent,
  type OrderEvent,
  type OrderState,
} from '../../../domain/index.js';
import { orderHistoryArb } from '../../../src/testing/index.js';
import { orderFcParams } from '../../support/fc-params.js';

const reduce = (s: OrderState, events: readonly OrderEvent[]) => events.reduce(evolveOrder, s);

/** A history's events with some delivered again later (evolve ignores an id it has seen). */
const deliveries = fc
  .tuple(orderHistoryArb({ maxCommands: 40 }), fc.array(fc.nat(), { maxLength: 6 }), fc.nat())
  .map(([h, again, cut]) => {
    const events = [...h.events];
    for (const i of again)
      if (events.length > 0)
        events.splice((i * 7) % (events.length + 1), 0, events[i % events.length]!);
    return { events, cut: events.length === 0 ? 0 : cut % (events.length + 1) };
  });

const sameAnswers = (a: OrderState, b: OrderState, events: readonly OrderEvent[]) => {
  for (const e of events) {
    expect(seenEvent(a, e.id)).toEqual(seenEvent(b, e.id));
    expect(sameFact(a, e)).toEqual(sameFact(b, e));
  }
};

describe('foldOrder', () => {
  it('folds like reduce(evolveOrder); its input and its earlier results never change after it returns', () => {
    fc.assert(
      fc.property(deliveries, ({ events, cut }) => {
        const head = events.slice(0, cut);
        const tail = events.slice(cut);
        const first = foldOrder(initialOrderState(), head);
        const firstCopy = structuredClone(first);
        const whole = foldOrder(first, tail);
        const again = foldOrder(first, tail); // a second branch from the same state
        const reduced = reduce(initialOrderState(), events);
        const reducedHead = reduce(initialOrderState(), head);
        expect(whole).toEqual(reduced);
        // Keys in the same order too: a stored model is written in the order its records hold.
        expect(JSON.stringify(whole)).toBe(JSON.stringify(reduced));
        expect(again).toEqual(whole);
        expect(first).toEqual(firstCopy);
        expect(first).toEqual(reducedHead);
        sameAnswers(whole, reduced, events);
        sameAnswers(first, reducedHead, events);
        // Plain evolves after a fold copy as always: the folded state stays as it was.
        const wholeCopy = structuredClone(whole);
        const next = events.length > 0 ? reduce(whole, [events[0]!]) : whole;
        expect(whole).toEqual(wholeCopy);
        expect(next).toEqual(whole); // a redelivered event changes nothing
      }),
      orderFcParams(),
    );
  });

  it('cites every live event, retractions included, in their order, however the state was reached', () => {
    const params = orderFcParams(); // once: in deep runs it draws and prints the seed
    let withRetraction = 0; // cases whose state holds a live retraction
    let rebuiltOver = 0; // of those, cases where a retraction rebuilt the state over an earlier one
    fc.assert(
      fc.property(orderHistoryArb({ maxCommands: 40 }), ({ events }) => {
        const s = foldOrder(initialOrderState(), events);
        const retractions = s.live.filter((e) => e.type === 'EntryRetracted').length;
        if (retractions > 0) withRetraction++;
        if (retractions > 1) rebuiltOver++;
        expect(Object.keys(s.provenance)).toEqual(s.live.map((e) => e.id));
        expect(Object.keys(reduce(initialOrderState(), events).provenance)).toEqual(
          s.live.map((e) => e.id),
        );
      }),
      { ...params, numRuns: Math.max(params.numRuns ?? 0, 300) },
    );
    expect(withRetraction).toBeGreaterThan(30);
    expect(rebuiltOver).toBeGreaterThan(10);
  });
});

// The stored form of an order's read model: what `deserializeOrderModel` reads back is the model
// that was written, field for field and byte for byte once written again, however little of it a
// reader touches first; its facts are decoded only when read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deserializeOrderModel,
  foldEntries,
  modelOf,
  orderProjection,
  serializeOrderModel,
  type OrderLogEntry,
} from '../../projections/index.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { orderFcParams } from '../support/fc-params.js';

const modelArb = fc
  .tuple(
    orderHistoryArb({ minCommands: 1, maxCommands: 25 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
  )
  .map(([h, orderId]) => {
    const entries: OrderLogEntry[] = h.events.map((event, i) => ({
      orderId,
      streamRevision: i,
      event,
      recordedAt: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
    }));
    return modelOf(foldEntries(orderProjection.initial(orderId), entries));
  });

describe('stored order model', () => {
  it('reads back the model written, whichever field is read first, and writes the same text again', () => {
    let factsFirst = 0;
    fc.assert(
      fc.property(modelArb, fc.boolean(), (model, headerFirst) => {
        const text = serializeOrderModel(model);
        const back = deserializeOrderModel(text);
        if (headerFirst) {
          expect(back.revision).toBe(model.revision);
          expect(back.lastRecordedAt).toBe(model.lastRecordedAt);
        } else {
          factsFirst++;
          expect(back.facts).toEqual(model.facts);
        }
        expect(back).toEqual(model);
        expect({ ...back }).toEqual(model);
        expect(serializeOrderModel(back)).toBe(text);
      }),
      orderFcParams(),
    );
    expect(factsFirst).toBeGreaterThan(10); // both orders of reading were tried
  });

  it('decodes the facts only when they are read', () => {
    const text =
      '{"orderId":"o-1","revision":4,"firstRecordedAt":"2024-01-01T00:00:00.000Z","lastRecordedAt":"2024-02-01T00:00:00.000Z","facts":{"phase":"filed",,"seen":""}';
    const m = deserializeOrderModel(text);
    expect([m.orderId, m.revision, m.lastRecordedAt]).toEqual([
      'o-1',
      4,
      '2024-02-01T00:00:00.000Z',
    ]);
    expect(() => m.facts).toThrow(SyntaxError);
  });

  it('parses a text of another layout whole, even one whose strings hold the header separator', () => {
    const model = {
      orderId: 'x,"facts":{',
      revision: 0,
      firstRecordedAt: 'a',
      lastRecordedAt: 'b',
      facts: { phase: 'filed' },
      seen: 'e-1\n',
    };
    const { facts, ...header } = model;
    const reordered = JSON.stringify({ facts, ...header });
    expect(deserializeOrderModel(reordered)).toEqual(model);
    expect(deserializeOrderModel(JSON.stringify(model))).toEqual(model);
    expect(() => deserializeOrderModel('{"orderId":1,"facts":')).toThrow(SyntaxError);
  });
});

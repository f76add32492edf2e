// The stored form of an order's read model: `deserializeOrderModel` reads back the model that was
// written, and `orderModelHeader` its revision and recorded times without decoding its facts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deserializeOrderModel,
  foldEntries,
  modelOf,
  orderModelHeader,
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
  it('reads back the model written, and its header alone as the model has it', () => {
    let withFacts = 0;
    fc.assert(
      fc.property(modelArb, (model) => {
        const text = serializeOrderModel(model);
        expect(deserializeOrderModel(text)).toEqual(model);
        const { orderId, revision, firstRecordedAt, lastRecordedAt } = model;
        expect(orderModelHeader(text)).toStrictEqual({
          orderId,
          revision,
          firstRecordedAt,
          lastRecordedAt,
        });
        if (Object.keys(model.facts.obligations).length > 0) withFacts++;
      }),
      orderFcParams(),
    );
    expect(withFacts).toBeGreaterThan(50); // most models carry facts the header leaves undecoded
  });

  it('decodes the header without the facts', () => {
    const text =
      '{"orderId":"o-1","revision":4,"firstRecordedAt":"2024-01-01T00:00:00.000Z","lastRecordedAt":"2024-02-01T00:00:00.000Z","facts":{"phase":"filed",,"seen":""}';
    expect(orderModelHeader(text)).toEqual({
      orderId: 'o-1',
      revision: 4,
      firstRecordedAt: '2024-01-01T00:00:00.000Z',
      lastRecordedAt: '2024-02-01T00:00:00.000Z',
    });
    expect(() => deserializeOrderModel(text)).toThrow(SyntaxError);
  });

  it('decodes a text of another layout whole, even one whose strings hold the separator', () => {
    const header = {
      orderId: 'x,"facts":{',
      revision: 0,
      firstRecordedAt: 'a',
      lastRecordedAt: 'b',
    };
    const model = { ...header, facts: { phase: 'filed' }, seen: 'e-1\n' };
    const { facts, ...rest } = model;
    expect(orderModelHeader(JSON.stringify({ facts, ...rest }))).toEqual(header);
    expect(orderModelHeader(JSON.stringify(model))).toEqual(header);
    expect(orderModelHeader(JSON.stringify({ ...header, revision: '0', facts }))).toEqual({
      ...header,
      revision: '0',
    }); // not a header of this layout: decoded whole, as stored
    expect(() => orderModelHeader('{"orderId":1,"facts":')).toThrow(SyntaxError);
  });
});

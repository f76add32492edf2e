// An event id names one fact, recorded once: the same id again is a harmless re-delivery only
// when every field is the same; any difference, in data or metadata, is refused.
import { describe, expect, it } from 'vitest';
import {
  admit,
  foldOrder,
  initialOrderState,
  isDomainRuleViolation,
  OrderEvent,
  type OrderEvent as Event,
} from '../../../domain/index.js';

const court = { role: 'court', name: 'N.D. Cal.' };
const filed = OrderEvent.parse({
  id: '00000000-0000-4000-8000-000000000001',
  type: 'OrderFiled',
  schemaVersion: 1,
  data: { orderId: 'o', title: 'U.S. v. Acme', kind: 'stipulated_order', forum: 'N.D. Cal.' },
  metadata: { effectiveOn: '2022-05-25', actor: court, source: 'Dkt. 1' },
});
const entered = OrderEvent.parse({
  id: '00000000-0000-4000-8000-000000000002',
  type: 'OrderEntered',
  schemaVersion: 1,
  data: {},
  metadata: { effectiveOn: '2022-05-26', actor: court, source: 'Dkt. 11' },
});
const state = foldOrder(initialOrderState(), [filed, entered]);

const refusal = (e: Event) => {
  try {
    admit(state, e);
  } catch (x) {
    if (isDomainRuleViolation(x)) return { code: x.code, path: x.path, message: x.message };
    throw x;
  }
  return undefined;
};

describe('event identity', () => {
  it('the very same event again is a duplicate: nothing to record', () => {
    expect(admit(state, structuredClone(entered))).toBe('duplicate');
    // Key order does not make content different.
    const reordered = {
      ...entered,
      metadata: { source: 'Dkt. 11', actor: court, effectiveOn: '2022-05-26' },
    };
    expect(admit(state, reordered as Event)).toBe('duplicate');
  });

  it.each([
    ['another source', { ...entered.metadata, source: 'Dkt. 12' }],
    ['another actor', { ...entered.metadata, actor: { role: 'court', name: 'Judge Hixson' } }],
    ['an assumption added', { ...entered.metadata, assumed: ['effectiveOn: docket date'] }],
    ['a correlation id added', { ...entered.metadata, correlationId: 'c-1' }],
  ])('the same id with %s is refused (EVENT_ID_REUSED), naming the id', (_, metadata) => {
    const r = refusal({ ...entered, metadata } as Event);
    expect(r).toMatchObject({ code: 'EVENT_ID_REUSED', path: ['id'] });
    expect(r?.message).toMatch(/other content \(data or metadata differ\)/);
  });

  it('the same id with other data, or for another type of fact, is refused', () => {
    expect(refusal({ ...entered, data: { termEndsOn: '2042-05-26' } } as Event)).toMatchObject({
      code: 'EVENT_ID_REUSED',
    });
    const other = { ...filed, id: entered.id } as Event;
    expect(refusal(other)?.message).toMatch(/already used by another OrderEntered fact/);
  });
});

describe('nothing takes effect before the order was filed', () => {
  it('a fact dated before the filing is refused (EFFECTIVE_BEFORE_FILING), on the filing day it is taken', () => {
    const early = OrderEvent.parse({
      id: '00000000-0000-4000-8000-000000000009',
      type: 'PublicStatementIssued',
      schemaVersion: 1,
      data: { statementId: 'early', summary: 'A statement' },
      metadata: { effectiveOn: '2022-05-24', actor: { role: 'company', name: 'Acme' } },
    });
    const r = refusal(early);
    expect(r).toMatchObject({ code: 'EFFECTIVE_BEFORE_FILING', path: ['metadata', 'effectiveOn'] });
    expect(r?.message).toMatch(/before the order was filed \(2022-05-25\)/);
    const onTheDay = { ...early, metadata: { ...early.metadata, effectiveOn: '2022-05-25' } };
    expect(admit(state, onTheDay as Event)).toBe('new');
  });
});

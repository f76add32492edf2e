import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evolveOrder,
  fingerprintOf,
  initialOrderState,
  sameFact,
  seenEvent,
  upcastOrderEvent,
  type OrderEvent,
  type OrderState,
} from '../../../domain/index.js';

// seenEvent and sameFact answer from an index shared along a fold; these pin them to a plain scan of `live`.
const events = readFileSync(
  new URL('../../../examples/twitter-2022.ndjson', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { stream: string } & Parameters<typeof upcastOrderEvent>[0])
  .filter((r) => r.stream === 'order-ftc-c4316')
  .map((r) => upcastOrderEvent(r));

const FACT_FIELD: Record<string, readonly [string, string]> = {
  OrderFiled: ['order', 'orderId'],
  ObligationImposed: ['obligation', 'obligationId'],
  InformationDemanded: ['obligation', 'demandId'],
  PenaltyAssessed: ['obligation', 'penaltyId'],
  PaymentMade: ['payment', 'paymentId'],
  SubmissionFiled: ['submission', 'submissionId'],
  SubmissionAccepted: ['decision', 'submissionId'],
  SubmissionRejected: ['decision', 'submissionId'],
};
const scanSeen = (s: OrderState, id: string) => {
  const gone = s.retracted[id];
  if (gone) return { ...gone, retracted: true };
  const live = s.live.find((x) => x.id === id);
  return live && { type: live.type, fingerprint: fingerprintOf(live), retracted: false };
};
const scanSame = (s: OrderState, e: OrderEvent) => {
  const spec = FACT_FIELD[e.type];
  if (!spec) return sameFact(s, e); // types this table leaves out are checked by the evolve specs
  const value = (e.data as Record<string, unknown>)[spec[1]];
  return s.live.find((x) => {
    const other = FACT_FIELD[x.type];
    return (
      other !== undefined &&
      other[0] === spec[0] &&
      (x.data as Record<string, unknown>)[other[1]] === value
    );
  });
};

const agree = (s: OrderState) => {
  for (const e of events) {
    expect(seenEvent(s, e.id)).toEqual(scanSeen(s, e.id));
    expect(sameFact(s, e)).toBe(scanSame(s, e));
  }
};

describe('the live-event index', () => {
  it('answers like a scan for every state of a fold, asked in any order, and on branches of an earlier state', () => {
    expect(events.length).toBeGreaterThan(5);
    const states = [initialOrderState()];
    for (const e of events) states.push(evolveOrder(states[states.length - 1]!, e));
    for (const s of [...states].reverse()) agree(s);
    for (const s of states) agree(s);
    // Two folds diverging from one earlier state: each sees only its own events.
    const base = states[3]!;
    const left = events.slice(3).reduce(evolveOrder, base);
    const right = events.slice(5).reduce(evolveOrder, base);
    agree(left);
    agree(right);
    agree(base);
    expect(seenEvent(right, events[3]!.id)).toBeUndefined();
    expect(seenEvent(left, events[3]!.id)).toBeDefined();
  });

  it('leaves no visible trace on the state: live holds only its events', () => {
    const s = events.reduce(evolveOrder, initialOrderState());
    expect(Object.keys(s.live)).toEqual(s.live.map((_, i) => String(i)));
    expect(s.live).toStrictEqual([...s.live]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(
      JSON.parse(JSON.stringify({ ...s, live: [...s.live] })),
    );
    expect(structuredClone(s)).toStrictEqual({ ...s, live: [...s.live] });
  });

  it('follows a retraction: the retracted event is seen as retracted, the rest stay live', () => {
    const states = [events.reduce(evolveOrder, initialOrderState())];
    const target = events.find((e) => e.type === 'SubmissionFiled' || e.type === 'PaymentMade')!;
    const retraction = {
      ...events[1]!,
      id: '00000000-0000-4000-8000-000000000001',
      type: 'EntryRetracted',
      data: { eventId: target.id, reason: 'entered in error' },
    } as OrderEvent;
    const after = evolveOrder(states[0]!, retraction);
    expect(seenEvent(after, target.id)?.retracted).toBe(true);
    expect(sameFact(after, target)).toBeUndefined();
    agree(after);
    agree(states[0]!);
    expect(evolveOrder(after, retraction)).toBe(after);
  });
});

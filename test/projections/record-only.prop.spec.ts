// Record-only facts (`RECORD_ONLY_FACTS`: an assessor's approval, a request for an extension, a
// public statement) are kept as live events with their provenance and nothing else, so the
// timeline takes none of their dates as a change point. That is right only while folding one
// changes no other part of an order's state: the law here. (The change-points law in
// compliance-laws.prop.spec.ts checks the timeline against each day's status on histories that
// hold such facts too.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  evolveOrder,
  initialOrderState,
  orderStatusOn,
  orderTimeline,
  RECORD_ONLY_FACTS,
  valueOn,
  type OrderState,
} from '../../src/index.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { fcParams, TIMEOUT } from './support.js';

/** Histories rich in record-only facts, among the facts they could change answers alongside. */
const arb = orderHistoryArb({
  minCommands: 6,
  maxCommands: 40,
  weights: { ApproveAssessor: 4, RequestExtension: 4, IssuePublicStatement: 6 },
});

describe('record-only facts', () => {
  it(
    'folding one changes nothing of the state but its live events and provenance',
    () => {
      let folded = 0;
      fc.assert(
        fc.property(arb, ({ events }) => {
          let s: OrderState = initialOrderState();
          for (const e of events) {
            const next = evolveOrder(s, e);
            if (RECORD_ONLY_FACTS.has(e.type)) {
              folded += 1;
              const rest = (x: OrderState) => {
                const { live: _l, provenance: _p, ...kept } = x;
                return kept;
              };
              expect([e.type, rest(next)]).toEqual([e.type, rest(s)]);
              expect(next.live.length).toBe(s.live.length + 1);
            }
            s = next;
          }
        }),
        fcParams(100),
      );
      expect(folded).toBeGreaterThan(150); // most histories hold several
    },
    TIMEOUT,
  );

  it(
    "the order's status over a record-only fact's date is the timeline's, which takes no change point there",
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arb, ({ state }) => {
          const dates = state.live
            .filter((e) => RECORD_ONLY_FACTS.has(e.type))
            .map((e) => e.metadata.effectiveOn);
          if (dates.length === 0 || state.filed === undefined) return;
          const from = addDays(
            dates.reduce((a, b) => (a < b ? a : b)),
            -1,
          );
          const to = addDays(
            dates.reduce((a, b) => (a > b ? a : b)),
            1,
          );
          const tl = orderTimeline(state, from, to);
          for (const d of dates) {
            checked += 1;
            for (const day of [addDays(d, -1), d]) {
              const direct = orderStatusOn(state, day);
              expect([day, valueOn(tl.order, day)]).toEqual([day, direct.status]);
              for (const o of direct.occurrences)
                expect([o.id, day, valueOn(tl.occurrences[o.id]?.segments ?? [], day)]).toEqual([
                  o.id,
                  day,
                  expect.objectContaining({ status: o.status, dueOn: o.dueOn }),
                ]);
            }
          }
        }),
        fcParams(60),
      );
      expect(checked).toBeGreaterThan(100);
    },
    TIMEOUT,
  );
});

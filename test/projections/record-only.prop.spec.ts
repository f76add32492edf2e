// Record-only facts (`RECORD_ONLY_FACTS`: an assessor's approval, a request for an extension, a
// public statement) are kept as live events with their provenance and nothing else, so the
// timeline takes none of their dates as a change point. That is right only while folding one
// changes no other part of an order's state: the law here. (The change-points law in
// compliance-laws.prop.spec.ts checks the timeline against each day's status on histories that
// hold such facts too.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_ONLY_FACTS } from '../../src/index.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { expectFoldChangesOnly, expectTimelineAround, fcParams, TIMEOUT } from './support.js';

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
          folded += expectFoldChangesOnly(events, RECORD_ONLY_FACTS, ['live', 'provenance']);
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
          if (state.filed === undefined) return;
          checked += expectTimelineAround(
            state,
            state.live
              .filter((e) => RECORD_ONLY_FACTS.has(e.type))
              .map((e) => e.metadata.effectiveOn),
          );
        }),
        fcParams(60),
      );
      expect(checked).toBeGreaterThan(100);
    },
    TIMEOUT,
  );
});

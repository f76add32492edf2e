// Status-silent facts (`STATUS_SILENT_FACTS`: a petition or a motion and the ruling on it, an owner
// assigned) are kept in the state for the docket, `explain` and owners, and no status reads them,
// so the timeline takes none of their dates as a change point. The laws that make that right:
// folding one changes nothing of the state but its live events, its provenance and the record it
// is kept in (petitions, assignments); no status, deadline, date of evidence or days late depends
// on those records; and over such a fact's date the timeline is each day's status.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  orderStatusOn,
  STATUS_SILENT_FACTS,
  type CalendarDate,
  type OrderAnswer,
  type OrderState,
} from '../../src/index.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { expectFoldChangesOnly, expectTimelineAround, fcParams, TIMEOUT } from './support.js';

/** Histories rich in status-silent facts, among the facts that change answers alongside them. */
const arb = orderHistoryArb({
  minCommands: 6,
  maxCommands: 40,
  weights: { FilePetition: 6, DecidePetition: 5, DecideMotion: 4, AssignObligation: 6 },
});

/** The records a status-silent fact is kept in. */
const KEPT_IN = ['petitions', 'assignments'] as const;

/** What a status says of each occurrence and of the order (not owners, reasons or citations). */
const statuses = (a: OrderAnswer) => ({
  status: a.status,
  endedOn: a.endedOn,
  occurrences: a.occurrences.map((o) => ({
    id: o.id,
    status: o.status,
    dueOn: o.dueOn,
    satisfiedOn: o.satisfiedOn,
    daysLate: o.daysLate,
    lateThrough: o.lateThrough,
  })),
});

/** The dates of a history's status-silent facts. */
const silentDates = (s: OrderState): CalendarDate[] =>
  s.live.filter((e) => STATUS_SILENT_FACTS.has(e.type)).map((e) => e.metadata.effectiveOn);

describe('status-silent facts', () => {
  it(
    'folding one changes nothing of the state but its live events, provenance and the record it is kept in',
    () => {
      let folded = 0;
      fc.assert(
        fc.property(arb, ({ events }) => {
          folded += expectFoldChangesOnly(events, STATUS_SILENT_FACTS, [
            'live',
            'provenance',
            ...KEPT_IN,
          ]);
        }),
        fcParams(100),
      );
      expect(folded).toBeGreaterThan(150); // most histories hold several
    },
    TIMEOUT,
  );

  it(
    'no status reads the records they are kept in: emptied, every status on every date is the same',
    () => {
      let compared = 0;
      fc.assert(
        fc.property(arb, fc.integer({ min: -40, max: 400 }), ({ state }, offset) => {
          const kept = KEPT_IN.some((k) => Object.keys(state[k]).length > 0);
          if (!kept || state.filed === undefined) return;
          const emptied: OrderState = { ...state, petitions: {}, assignments: [] };
          const dates = [...silentDates(state), addDays(state.filed.on, offset)];
          for (const d of dates) {
            compared += 1;
            expect([d, statuses(orderStatusOn(emptied, d))]).toEqual([
              d,
              statuses(orderStatusOn(state, d)),
            ]);
          }
        }),
        fcParams(80),
      );
      expect(compared).toBeGreaterThan(200);
    },
    TIMEOUT,
  );

  it(
    "the order's status over a status-silent fact's date is the timeline's, which takes no change point there",
    () => {
      let checked = 0;
      fc.assert(
        fc.property(arb, ({ state }) => {
          if (state.filed === undefined) return;
          checked += expectTimelineAround(state, silentDates(state));
        }),
        fcParams(60),
      );
      expect(checked).toBeGreaterThan(100);
    },
    TIMEOUT,
  );
});

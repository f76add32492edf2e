// Laws of a calendar's event revisions (iCalendar SEQUENCE, RFC 5545 3.8.7.4), over reachable order
// histories with retractions mixed in: as the record grows event by event (retractions included),
// or as the date asked advances, an occurrence's sequence never falls, and it grows whenever what
// its event says changes (the date, the title, met, filed, not due and why); an occurrence a
// retraction takes away stays in the calendar, cancelled, unless it only moved. Fixed seed by
// default (DECREE_DEEP: random, printed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarEntriesOf,
  calendarFactsOf,
  occurrencesOn,
  stateKnownAt,
  type CalendarDate,
  type CalendarEntry,
  type RecordedOrderEvent,
} from '../../src/index.js';
import {
  asOfArb,
  fcParams,
  interestingDates,
  loggedHistoryArb,
  TIMEOUT,
  type LoggedHistory,
} from './support.js';

/** Histories where about one intent in twelve retracts an earlier fact (weight 8 of about 96), some facts entered late. */
const historyArb = loggedHistoryArb({ weights: { RetractEntry: 8 }, backdate: 0.2 });

/** The effective date of a history's last fact. */
const lastFact = (h: LoggedHistory): CalendarDate =>
  h.events.map((e) => e.metadata.effectiveOn).reduce((a, b) => (a > b ? a : b));

/** A history, a date to read it on (mostly after its facts, so that they are in effect) and a window around it. */
const caseArb = historyArb.chain((h: LoggedHistory) =>
  fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.nat({ max: 700 }).map((n) => addDays(lastFact(h), n)) },
        { weight: 1, arbitrary: asOfArb(h) },
      ),
      fc.nat({ max: 1500 }),
      fc.nat({ max: 2500 }),
    )
    .map(([asOf, back, span]) => ({
      h,
      asOf,
      from: addDays(asOf, -back),
      to: addDays(asOf, -back + 1 + span),
    })),
);

/** What a calendar client shows of an event: its date and title (with "Met", "Not due (waived)"…). */
const shown = (e: CalendarEntry): string => {
  const what = e.retracted
    ? 'retracted'
    : ['waived', 'superseded', 'void'].includes(e.status)
      ? `not due ${e.status}`
      : e.status === 'submitted'
        ? 'filed'
        : ['satisfied', 'satisfied_late'].includes(e.status)
          ? 'met'
          : 'due';
  return `${e.dueOn} ${what} ${e.title}`;
};

const byId = (entries: readonly CalendarEntry[]) => new Map(entries.map((e) => [e.id, e]));

/** Expects every occurrence in both calendars to keep or raise its sequence, and to raise it when it shows otherwise. */
const expectRevised = (
  label: string,
  before: readonly CalendarEntry[],
  after: readonly CalendarEntry[],
): number => {
  let changed = 0;
  const now = byId(after);
  for (const b of before) {
    const a = now.get(b.id);
    if (a === undefined) continue;
    const moved = shown(a) !== shown(b);
    if (moved) changed += 1;
    expect([label, b.id, shown(b), shown(a), a.sequence >= b.sequence]).toEqual([
      label,
      b.id,
      shown(b),
      shown(a),
      true,
    ]);
    if (moved) expect([label, b.id, a.sequence > b.sequence]).toEqual([label, b.id, true]);
  }
  return changed;
};

const calendarOf = (
  log: readonly RecordedOrderEvent[],
  asOf: CalendarDate,
  from: CalendarDate,
  to: CalendarDate,
) => calendarEntriesOf([calendarFactsOf(log)], asOf, from, to);

describe('calendar sequences', () => {
  it(
    'never fall as the record grows, retractions included, and grow when an event shows otherwise',
    () => {
      let changed = 0;
      let acrossRetractions = 0;
      fc.assert(
        fc.property(caseArb, ({ h, asOf, from, to }) => {
          let before = calendarOf([], asOf, from, to);
          for (let i = 1; i <= h.log.length; i++) {
            const after = calendarOf(h.log.slice(0, i), asOf, from, to);
            const n = expectRevised(`after event ${i}`, before, after);
            changed += n;
            if (h.log[i - 1]!.event.type === 'EntryRetracted') acrossRetractions += n;
            before = after;
          }
        }),
        fcParams(40),
      );
      // The law must bite: events change what occurrences show, retractions among them.
      expect(changed).toBeGreaterThan(20);
      expect(acrossRetractions).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'never fall as the date asked advances, and grow when an event shows otherwise',
    () => {
      let changed = 0;
      fc.assert(
        fc.property(historyArb, (h) => {
          // Every date an answer may turn on (each fact's date, each deadline, and the days around them).
          const days = interestingDates(h);
          const facts = calendarFactsOf(h.log);
          const from = addDays(days[0]!, -400);
          const to = addDays(days[days.length - 1]!, 1500);
          let before = calendarEntriesOf([facts], days[0]!, from, to);
          for (const d of days.slice(1)) {
            const after = calendarEntriesOf([facts], d, from, to);
            changed += expectRevised(`on ${d}`, before, after);
            before = after;
          }
        }),
        fcParams(30),
      );
      expect(changed).toBeGreaterThan(20);
    },
    TIMEOUT,
  );

  it(
    'keep an occurrence a retraction took away, cancelled, unless it only moved',
    () => {
      let cancelled = 0;
      fc.assert(
        fc.property(caseArb, ({ h, asOf, from, to }) => {
          for (let i = 1; i <= h.log.length; i++) {
            if (h.log[i - 1]!.event.type !== 'EntryRetracted') continue;
            const before = calendarOf(h.log.slice(0, i - 1), asOf, from, to);
            const facts = calendarFactsOf(h.log.slice(0, i));
            const after = byId(calendarEntriesOf([facts], asOf, from, to));
            // Still placed (perhaps outside the window, an extension retracted), or kept cancelled.
            const placed = new Set(
              occurrencesOn(facts, asOf, 3_000).map((p) => `${p.obligation.id}/${p.spec.key}`),
            );
            for (const b of before) {
              const a = after.get(b.id);
              if (a?.retracted) cancelled += 1;
              expect([b.id, a !== undefined || placed.has(b.id)]).toEqual([b.id, true]);
            }
          }
        }),
        fcParams(40),
      );
      expect(cancelled).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it('list the same deadlines from the facts however they were folded, but for what retractions took away', () => {
    let withRetractions = 0;
    fc.assert(
      fc.property(caseArb, ({ h, asOf, from, to }) => {
        // The engine reads an order without retractions from its read model's facts.
        const plain = calendarEntriesOf([stateKnownAt(h.log)], asOf, from, to);
        const logged = calendarEntriesOf([calendarFactsOf(h.log)], asOf, from, to);
        const taken = Object.keys(h.state.retracted).length > 0;
        if (taken) withRetractions += 1;
        if (!taken) expect(logged).toEqual(plain);
        const listed = (list: CalendarEntry[]) =>
          list.filter((e) => !e.retracted).map(({ sequence: _, ...e }) => e);
        expect(listed(logged)).toEqual(listed(plain));
      }),
      fcParams(40),
    );
    expect(withRetractions).toBeGreaterThan(5);
  });
});

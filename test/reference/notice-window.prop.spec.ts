/**
 * Notices due ahead of a change (`schedule.kind: 'before'`) near the edges of their duty's life,
 * engine against the reference model: a duty imposed after the order's entry, changes announced
 * before the imposition or shortly before the change, changes that come after the term's last day
 * or after a termination. The whole-engine comparison (engine-vs-model.prop.spec.ts) draws such
 * histories too rarely to judge these rules, so this law draws only them and counts what it
 * reaches: deadlines held to the day the duty arose, notices of changes after the term's end or a
 * termination kept or left out.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addDays,
  decideOrder,
  evolveOrder,
  initialOrderState,
  isDomainRuleViolation,
  orderStatusOn,
  type CalendarDate,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
} from '../../src/index.js';
import { ACTORS, command } from '../support/order-builders.js';
import { fcParams, TIMEOUT } from '../projections/support.js';
import { referenceStatus, type RecordedFact } from './reference-model.js';

const FILED = '2024-01-02' as CalendarDate;
const ENTERED = '2024-01-10' as CalendarDate;

interface Change {
  readonly known: number;
  readonly ahead: number;
}

interface Scenario {
  readonly imposedAfter: number;
  readonly offset: number;
  readonly term: number;
  readonly terminatedAfter: number | undefined;
  readonly changes: readonly Change[];
  readonly asOf: readonly number[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  imposedAfter: fc.integer({ min: -8, max: 120 }), // days after entry; before it, at the filing
  offset: fc.integer({ min: 1, max: 60 }),
  term: fc.integer({ min: 60, max: 240 }),
  terminatedAfter: fc.option(fc.integer({ min: 30, max: 260 }), { nil: undefined }),
  changes: fc.array(
    fc.record({ known: fc.integer({ min: -8, max: 270 }), ahead: fc.integer({ min: 0, max: 90 }) }),
    { minLength: 1, maxLength: 4 },
  ),
  asOf: fc.array(fc.integer({ min: 0, max: 330 }), { minLength: 1, maxLength: 4 }),
});

const day = (n: number): CalendarDate => addDays(ENTERED, n);

/** The scenario's commands in effective-date order (ties: the imposition, the changes, the termination). */
const commandsOf = (x: Scenario): OrderCommand[] => {
  const dated: [CalendarDate, number, OrderCommand][] = [
    [
      FILED,
      0,
      command(
        'FileOrder',
        { orderId: 'notice-window', title: 'Order', kind: 'stipulated_order', forum: 'D.D.C.' },
        { on: FILED, by: ACTORS.court },
      ),
    ],
    [
      ENTERED,
      1,
      command('EnterOrder', { termEndsOn: day(x.term) }, { on: ENTERED, by: ACTORS.court }),
    ],
    [
      x.imposedAfter < 0 ? FILED : day(x.imposedAfter),
      2,
      command(
        'ImposeObligation',
        {
          obligationId: 'notice',
          title: 'Notice of a change in the corporation',
          kind: 'notice',
          schedule: {
            kind: 'before',
            anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
            offset: { days: x.offset },
          },
        },
        { on: x.imposedAfter < 0 ? FILED : day(x.imposedAfter), by: ACTORS.court },
      ),
    ],
    ...x.changes.map((c, i): [CalendarDate, number, OrderCommand] => [
      day(c.known),
      3,
      command(
        'RecordCorporateChange',
        { changeId: `change-${i}`, summary: 'Merger', occursOn: day(c.known + c.ahead) },
        { on: day(c.known), by: ACTORS.x },
      ),
    ]),
    ...(x.terminatedAfter === undefined
      ? []
      : [
          [
            day(x.terminatedAfter),
            4,
            command(
              'TerminateOrder',
              { reason: 'Terminated on motion' },
              { on: day(x.terminatedAfter), by: ACTORS.court },
            ),
          ] as [CalendarDate, number, OrderCommand],
        ]),
  ];
  return dated
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    .map(([, , c]) => c);
};

/** The events the commands record, a refused command left out (a change dated after the end, say). */
const recordAll = (commands: readonly OrderCommand[]): { events: OrderEvent[]; s: OrderState } => {
  let s = initialOrderState();
  const events: OrderEvent[] = [];
  for (const c of commands) {
    try {
      for (const e of decideOrder(c, s)) {
        events.push(e);
        s = evolveOrder(s, e);
      }
    } catch (e) {
      if (!isDomainRuleViolation(e)) throw e;
    }
  }
  return { events, s };
};

const reached = { arose: 0, pastTerm: 0, pastTermination: 0, leftOut: 0, compared: 0 };

describe('notices due ahead of a change, at the edges of their duty, agree with the reference model', () => {
  afterAll(() => {
    console.log(`notice-window law reached: ${JSON.stringify(reached)}`);
  });

  it(
    'every occurrence (status, deadline, days late) and the order status, on every date asked',
    () => {
      const runs = { arose: 0, pastEnd: 0, cases: 0 };
      fc.assert(
        fc.property(scenarioArb, (x) => {
          const { events, s } = recordAll(commandsOf(x));
          const facts: RecordedFact[] = events.map((event, i) => ({
            event,
            recordedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
          }));
          runs.cases++;
          let arose = false;
          let pastEnd = false;
          for (const n of x.asOf) {
            const asOf = day(n);
            const engine = orderStatusOn(s, asOf);
            const model = referenceStatus(facts, { asOf });
            expect(model, `model answers on ${asOf}`).toBeDefined();
            expect(engine.status, `order status on ${asOf}`).toBe(model!.status);
            const mine = engine.occurrences.map((o) => ({
              id: o.id,
              status: o.status,
              dueOn: o.dueOn,
              daysLate: o.daysLate,
            }));
            const theirs = model!.occurrences.map((o) => ({
              id: o.id,
              status: o.status,
              dueOn: o.dueOn,
              daysLate: o.daysLate,
            }));
            expect(mine, `occurrences on ${asOf}`).toEqual(
              expect.arrayContaining(theirs.map((o) => expect.objectContaining(o))),
            );
            expect(mine.length, `occurrences on ${asOf}`).toBe(theirs.length);
            reached.compared += mine.length;
            for (const o of engine.occurrences) {
              if (o.dueOn !== o.nominalDueOn && o.dueOn > o.nominalDueOn) {
                arose = true;
                reached.arose++;
              }
              const change = x.changes[Number(o.key.replace('change-', ''))]!;
              const on = day(change.known + change.ahead);
              if (on > day(x.term)) {
                pastEnd = true;
                reached.pastTerm++;
              }
              if (x.terminatedAfter !== undefined && on > day(x.terminatedAfter)) {
                pastEnd = true;
                reached.pastTermination++;
              }
            }
            const listed = new Set(engine.occurrences.map((o) => o.key));
            reached.leftOut += x.changes.filter((_, i) => !listed.has(`change-${i}`)).length;
          }
          if (arose) runs.arose++;
          if (pastEnd) runs.pastEnd++;
        }),
        fcParams(300),
      );
      // The law must judge the rules it was written for, not pass vacuously.
      expect(runs.arose / runs.cases).toBeGreaterThan(0.1);
      expect(runs.pastEnd / runs.cases).toBeGreaterThan(0.05);
    },
    TIMEOUT,
  );
});

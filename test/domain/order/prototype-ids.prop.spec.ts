// Ids named after Object.prototype members (issue 16): `constructor`, `toString`, `valueOf`… pass
// the id pattern, so no keyed read of the state's records may reach the prototype. Laws: a command
// naming an obligation, submission, violation, petition or occurrence that does not exist by such a
// name is refused with the typed rule error (never a TypeError, never accepted), and folding it
// anyway (a store written before the rule) leaves every answer working; a name the id pattern
// refuses (`__proto__`, `__defineGetter__`…) is refused by the schema (INVALID_INPUT); facts that
// create an obligation, submission, violation or petition under such a name are accepted and behave
// like any other; and an unvalidated event naming `__proto__` folds into an own entry, the records'
// prototype untouched, whether folded in place (`foldOrder`) or by copy (`evolveOrder`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideOrder,
  eventOf,
  evolveOrder,
  foldOrder,
  initialOrderState,
  isDomainRuleViolation,
  OrderCommand,
  parseOrThrow,
  type Actor,
  type CalendarDate,
  type FieldPath,
  type OrderCommandType,
  type OrderEvent,
  type OrderState,
} from '../../../domain/index.js';
import {
  deadlinesOf,
  explainOccurrence,
  exposureOf,
  ledgerOf,
  orderStatusOn,
  orderTimeline,
} from '../../../projections/index.js';
import { fcParams, TIMEOUT } from '../../projections/support.js';
import { ACTORS, uuid } from '../../support/order-builders.js';
import { SCENARIO, entered, filed, report } from '../../support/order-scenario.js';

/** Every name on Object.prototype (`__proto__` among them), split by the id pattern. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];
const VALID = NAMES.filter((n) => ID.test(n));
const INVALID = NAMES.filter((n) => !ID.test(n));

let nextId = 900_000;
const input = (type: OrderCommandType, data: Record<string, unknown>, by: Actor, on: string) => ({
  type,
  data,
  meta: { eventId: uuid((nextId += 1)), effectiveOn: on, actor: by },
});
const parse = (raw: unknown): OrderCommand => parseOrThrow(OrderCommand, raw, 'command');

/** Decides and folds commands in turn, skipping any the rules refuse (so any subset of the scenario makes an order). */
const build = (commands: readonly OrderCommand[]): { state: OrderState; events: OrderEvent[] } => {
  let state = initialOrderState();
  const events: OrderEvent[] = [];
  for (const c of commands) {
    try {
      for (const e of decideOrder(c, state)) {
        events.push(e);
        state = evolveOrder(state, e);
      }
    } catch (e) {
      if (!isDomainRuleViolation(e)) throw e;
    }
  }
  return { state, events };
};

/**
 * An entered order with the report duty and any subset of the rest of the scenario (payments,
 * filings, an allegation, a waiver…), drawn as the scenario's indexes so a counterexample stays short.
 */
const orderArb = fc.subarray([...SCENARIO.keys()].slice(3));
const orderOf = (picked: readonly number[]) =>
  build([filed, entered, report, ...picked.map((i) => SCENARIO[i] as OrderCommand)]);

/** A command that names something by `x`, the rule code refusing it when nothing is named so, and where. */
interface Case {
  readonly type: OrderCommandType;
  readonly data: (x: string) => Record<string, unknown>;
  readonly by: Actor;
  readonly code: string;
  readonly path: FieldPath;
  /** The field `x` fills is an id (pattern-checked) rather than an occurrence key (any string). */
  readonly isId: boolean;
}

const obligationCase = (
  type: OrderCommandType,
  data: (x: string) => Record<string, unknown>,
  by: Actor = ACTORS.ftc,
  path: FieldPath = ['data', 'obligationId'],
): Case => ({ type, data, by, code: 'OBLIGATION_NOT_FOUND', path, isId: true });

const occurrenceCase = (
  type: OrderCommandType,
  data: (x: string) => Record<string, unknown>,
  by: Actor = ACTORS.ftc,
): Case => ({
  type,
  data,
  by,
  code: 'OCCURRENCE_NOT_FOUND',
  path: ['data', 'occurrence'],
  isId: false,
});

const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

const CASES: readonly Case[] = [
  obligationCase('AmendObligation', (x) => ({ obligationId: x, changes: { title: 'Renamed' } })),
  obligationCase('WaiveObligation', (x) => ({ obligationId: x, reason: 'Excused' })),
  obligationCase('WaiveObligation', (x) => ({
    obligationId: x,
    occurrence: '2024-05-26',
    reason: 'Excused',
  })),
  obligationCase('SupersedeObligation', (x) => ({
    obligationId: x,
    successor: { orderId: 'other-order' },
    summary: 'Replaced',
  })),
  obligationCase(
    'ExtendDeadline',
    (x) => ({ obligationId: x, newDueOn: '2030-01-02' }),
    ACTORS.court,
  ),
  obligationCase(
    'MakePayment',
    (x) => ({ paymentId: 'pay-new', obligationId: x, amount: USD(100) }),
    ACTORS.twitter,
  ),
  obligationCase(
    'FileSubmission',
    (x) => ({ submissionId: 'sub-new', obligationId: x, title: 'A report' }),
    ACTORS.twitter,
  ),
  obligationCase(
    'RequestExtension',
    (x) => ({ requestId: 'req-new', obligationId: x, requestedDueOn: '2030-01-02' }),
    ACTORS.twitter,
  ),
  obligationCase('AllegeViolation', (x) => ({
    violationId: 'v-new',
    obligationId: x,
    summary: 'A breach',
  })),
  obligationCase('FindViolation', (x) => ({
    violationId: 'v-new',
    obligationId: x,
    summary: 'A breach',
  })),
  obligationCase(
    'ApproveAssessor',
    (x) => ({ assessor: 'Ernst & Young LLP', obligationId: x }),
    ACTORS.ftc,
  ),
  obligationCase(
    'ImposeObligation',
    (x) => ({
      obligationId: 'follow-up',
      title: 'Follow-up report',
      kind: 'report',
      schedule: {
        kind: 'after',
        anchor: { kind: 'satisfaction', obligationId: x },
        offset: { days: 30 },
      },
    }),
    ACTORS.ftc,
    ['data', 'schedule', 'anchor', 'obligationId'],
  ),
  {
    type: 'AcceptSubmission',
    data: (x) => ({ submissionId: x }),
    by: ACTORS.ftc,
    code: 'SUBMISSION_NOT_FOUND',
    path: ['data', 'submissionId'],
    isId: true,
  },
  {
    type: 'RejectSubmission',
    data: (x) => ({ submissionId: x, reason: 'Incomplete' }),
    by: ACTORS.ftc,
    code: 'SUBMISSION_NOT_FOUND',
    path: ['data', 'submissionId'],
    isId: true,
  },
  {
    type: 'CureViolation',
    data: (x) => ({ violationId: x, summary: 'Cured' }),
    by: ACTORS.twitter,
    code: 'VIOLATION_NOT_FOUND',
    path: ['data', 'violationId'],
    isId: true,
  },
  {
    type: 'ResolveAllegation',
    data: (x) => ({ violationId: x, resolution: 'withdrawn', summary: 'Withdrawn' }),
    by: ACTORS.ftc,
    code: 'VIOLATION_NOT_FOUND',
    path: ['data', 'violationId'],
    isId: true,
  },
  {
    type: 'DecidePetition',
    data: (x) => ({ petitionId: x, ruling: 'granted', summary: 'Granted' }),
    by: ACTORS.court,
    code: 'PETITION_NOT_FOUND',
    path: ['data', 'petitionId'],
    isId: true,
  },
  {
    type: 'DecideMotion',
    data: (x) => ({ motionId: x, ruling: 'denied', summary: 'Denied' }),
    by: ACTORS.court,
    code: 'PETITION_NOT_FOUND',
    path: ['data', 'motionId'],
    isId: true,
  },
  // Occurrence keys are any string (`__proto__` too): an unknown one is refused by the schedule.
  occurrenceCase(
    'FileSubmission',
    (x) => ({ submissionId: 'sub-new', obligationId: 'report', occurrence: x, title: 'A report' }),
    ACTORS.twitter,
  ),
  occurrenceCase('WaiveObligation', (x) => ({
    obligationId: 'report',
    occurrence: x,
    reason: 'Excused',
  })),
  occurrenceCase(
    'ExtendDeadline',
    (x) => ({ obligationId: 'report', occurrence: x, newDueOn: '2030-01-02' }),
    ACTORS.court,
  ),
  occurrenceCase('AllegeViolation', (x) => ({
    violationId: 'v-new',
    obligationId: 'report',
    occurrence: x,
    summary: 'A breach',
  })),
];

const ASKED = '2024-06-01' as CalendarDate;

/** Every answer over a state: none may throw. */
const answers = (s: OrderState) => ({
  status: orderStatusOn(s, ASKED),
  deadlines: deadlinesOf([s], ASKED, 365),
  exposure: exposureOf(s, ASKED),
  ledger: ledgerOf(s, ASKED),
});

const listed = (s: OrderState): string[] =>
  [...new Set(orderStatusOn(s, ASKED).occurrences.map((o) => o.obligationId))].sort();

const prototypesIntact = (s: OrderState): void => {
  for (const r of [s.obligations, s.occurrences, s.submissions, s.violations, s.petitions])
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
};

describe('ids named after Object.prototype members', () => {
  it('the names: some pass the id pattern, __proto__ and the other __ names do not', () => {
    expect(VALID).toEqual(
      expect.arrayContaining(['constructor', 'toString', 'valueOf', 'hasOwnProperty']),
    );
    expect(INVALID).toEqual(expect.arrayContaining(['__proto__', '__defineGetter__']));
  });

  it(
    'naming what does not exist is the typed refusal, never a TypeError or an acceptance; folded anyway, every answer still works',
    () => {
      const counts = { refused: 0, schema: 0, forced: 0 };
      const runs = fcParams(25, 200);
      fc.assert(
        fc.property(orderArb, (picked) => {
          const { state } = orderOf(picked);
          const before = listed(state);
          for (const c of CASES)
            for (const x of NAMES) {
              const raw = input(c.type, c.data(x), c.by, '2023-06-01');
              if (c.isId && !ID.test(x)) {
                let refused: unknown;
                try {
                  parse(raw);
                } catch (e) {
                  refused = e;
                }
                expect(refused, `${c.type} ${x}`).toMatchObject({
                  code: 'INVALID_INPUT',
                  path: c.path,
                });
                counts.schema += 1;
                continue;
              }
              const cmd = parse(raw);
              let refused: unknown;
              let got: readonly OrderEvent[] | undefined;
              try {
                got = decideOrder(cmd, state);
              } catch (e) {
                refused = e;
              }
              expect(got, `${c.type} ${x} was accepted`).toBeUndefined();
              expect(isDomainRuleViolation(refused), `${c.type} ${x}: ${String(refused)}`).toBe(
                true,
              );
              expect(refused, `${c.type} ${x}`).toMatchObject({ code: c.code, path: c.path });
              counts.refused += 1;
              // A store written before the rule holds the event: evolve is total and answers stay sound.
              const forced = evolveOrder(state, eventOf(cmd));
              expect(() => answers(forced), `${c.type} ${x} folded`).not.toThrow();
              expect(listed(forced).filter((id) => id !== 'follow-up')).toEqual(before);
              prototypesIntact(forced);
              // Nothing is made up under the name: no obligation, submission or petition (a cure or
              // resolution of an unknown violation is kept by design), and every submission is whole.
              for (const r of [forced.obligations, forced.submissions, forced.petitions])
                expect(Object.hasOwn(r, x), `${c.type} ${x} folded`).toBe(false);
              for (const sub of Object.values(forced.submissions))
                expect(sub).toMatchObject({
                  obligationId: expect.any(String),
                  on: expect.any(String),
                });
              counts.forced += 1;
            }
        }),
        runs,
      );
      // Every case with every name, in every run: 18 × 7 + 4 × 12 refusals and 18 × 5 schema refusals a run.
      const runsDone = runs.numRuns ?? 0;
      const idCases = CASES.filter((c) => c.isId).length;
      expect(counts.refused).toBe(
        (idCases * VALID.length + (CASES.length - idCases) * NAMES.length) * runsDone,
      );
      expect(counts.schema).toBe(idCases * INVALID.length * runsDone);
      expect(counts.refused).toBeGreaterThan(100 * runsDone);
      expect(counts.forced).toBe(counts.refused);
    },
    TIMEOUT,
  );

  it(
    'an obligation, submission, violation and petition named so are recorded and answered like any other',
    () => {
      let accepted = 0;
      let checked = 0;
      const runs = fcParams(40, 800);
      fc.assert(
        fc.property(
          orderArb,
          fc.constantFrom(...VALID),
          fc.boolean(),
          fc.boolean(),
          (picked, x, payment, waive) => {
            const { state: base, events: history } = orderOf(picked);
            let state = base;
            const events = [...history];
            const accept = (type: OrderCommandType, data: object, by: Actor, on: string) => {
              const cmd = parse(input(type, { ...data }, by, on));
              const got = decideOrder(cmd, state);
              expect(got, `${type} ${x}`).toEqual([eventOf(cmd)]);
              for (const e of got) {
                events.push(e);
                state = evolveOrder(state, e);
              }
              accepted += 1;
            };
            accept(
              'ImposeObligation',
              {
                obligationId: x,
                title: `Duty ${x}`,
                kind: payment ? 'payment' : 'report',
                schedule: { kind: 'once', dueOn: '2023-09-01' },
                ...(payment ? { amount: USD(5000) } : { requiresAcceptance: true }),
              },
              ACTORS.court,
              '2023-06-01',
            );
            accept(
              'AmendObligation',
              { obligationId: x, changes: { title: `Duty ${x}, amended` } },
              ACTORS.court,
              '2023-06-02',
            );
            accept(
              'ExtendDeadline',
              { obligationId: x, newDueOn: '2023-10-02' },
              ACTORS.court,
              '2023-06-03',
            );
            if (payment)
              accept(
                'MakePayment',
                { paymentId: x, obligationId: x, amount: USD(5000) },
                ACTORS.twitter,
                '2023-07-03',
              );
            accept(
              'FileSubmission',
              { submissionId: x, obligationId: payment ? 'report' : x, title: 'Filed' },
              ACTORS.twitter,
              '2023-07-03',
            );
            accept('AcceptSubmission', { submissionId: x }, ACTORS.ftc, '2023-07-05');
            accept(
              'AllegeViolation',
              { violationId: x, obligationId: x, summary: 'Alleged breach' },
              ACTORS.ftc,
              '2023-07-06',
            );
            accept(
              'ResolveAllegation',
              { violationId: x, resolution: 'withdrawn', summary: 'Withdrawn' },
              ACTORS.ftc,
              '2023-07-07',
            );
            accept(
              'FilePetition',
              { petitionId: x, relief: 'modify', summary: 'Modify' },
              ACTORS.twitter,
              '2023-07-08',
            );
            accept(
              'DecidePetition',
              { petitionId: x, ruling: 'denied', summary: 'Denied' },
              ACTORS.court,
              '2023-07-09',
            );
            if (waive)
              accept(
                'WaiveObligation',
                { obligationId: x, reason: 'Excused' },
                ACTORS.court,
                '2023-12-01',
              );

            expect(Object.hasOwn(state.obligations, x)).toBe(true);
            expect(Object.hasOwn(state.submissions, x)).toBe(true);
            expect(Object.hasOwn(state.violations, x)).toBe(true);
            expect(Object.hasOwn(state.petitions, x)).toBe(true);
            prototypesIntact(state);
            const answer = orderStatusOn(state, ASKED).occurrences.find(
              (o) => o.obligationId === x,
            );
            expect(answer, `status lists ${x}`).toMatchObject({
              id: `${x}/once`,
              title: `Duty ${x}, amended`,
              dueOn: '2023-10-02',
            });
            if (!waive) expect(answer?.status).toBe('satisfied');
            expect(() => answers(state)).not.toThrow();
            expect(explainOccurrence(state, `${x}/once`, ASKED)).toBeDefined();
            expect(() =>
              orderTimeline(state, '2023-01-01' as CalendarDate, '2024-01-01' as CalendarDate),
            ).not.toThrow();
            // Folded in place (foldOrder's drafts) it is the same state.
            expect(foldOrder(initialOrderState(), events)).toEqual(state);
            checked += 1;
          },
        ),
        runs,
      );
      expect(checked).toBe(runs.numRuns);
      expect(accepted).toBeGreaterThanOrEqual(checked * 9);
    },
    TIMEOUT,
  );

  it(
    'an unvalidated event naming __proto__ folds into an own entry, in place or by copy',
    () => {
      let checked = 0;
      const runs = fcParams(25, 500);
      fc.assert(
        fc.property(orderArb, (picked) => {
          const { events: history } = orderOf(picked);
          const raw = (type: OrderEvent['type'], data: object, by: Actor): OrderEvent =>
            ({
              id: uuid((nextId += 1)),
              type,
              schemaVersion: 1,
              data,
              metadata: { effectiveOn: '2023-06-01', actor: by },
            }) as OrderEvent;
          const x = '__proto__';
          const more = [
            raw(
              'ObligationImposed',
              {
                obligationId: x,
                title: 'Proto duty',
                kind: 'report',
                schedule: { kind: 'once', dueOn: '2023-09-01' },
              },
              ACTORS.court,
            ),
            raw(
              'SubmissionFiled',
              { submissionId: x, obligationId: x, title: 'F' },
              ACTORS.twitter,
            ),
            raw('SubmissionAccepted', { submissionId: x }, ACTORS.ftc),
            raw('ViolationAlleged', { violationId: x, obligationId: x, summary: 'A' }, ACTORS.ftc),
            raw('PetitionFiled', { petitionId: x, relief: 'other', summary: 'P' }, ACTORS.twitter),
          ];
          const all = [...history, ...more];
          const inPlace = foldOrder(initialOrderState(), all);
          const copied = all.reduce(evolveOrder, initialOrderState());
          for (const s of [inPlace, copied]) {
            prototypesIntact(s);
            for (const r of [s.obligations, s.submissions, s.violations, s.petitions])
              expect(Object.hasOwn(r, x)).toBe(true);
            expect(listed(s)).toContain(x);
          }
          expect(inPlace).toEqual(copied);
          checked += 1;
        }),
        runs,
      );
      expect(checked).toBe(runs.numRuns);
    },
    TIMEOUT,
  );
});

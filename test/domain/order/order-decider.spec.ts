import { describe, expect, it } from 'vitest';
import type { OrderCommand } from '../../../domain/index.js';
import { givenOrder } from '../../../src/testing/index.js';
import { ACTORS, command, record, recorded, withNewId } from '../../support/order-builders.js';
import {
  alleged,
  annual,
  ban,
  entered,
  filed,
  incidentReport,
  penalty,
  report,
  reportFiled,
  scenario,
  accepts,
  rejects,
} from '../../support/order-scenario.js';

const base = scenario().events;
const bare = record([filed]).events;
const terminated = record(
  [command('TerminateOrder', { reason: 'Vacated' }, { by: ACTORS.court })],
  scenario(),
).events;
const company = { by: ACTORS.twitter };

describe('FileOrder', () => {
  it('is accepted on an empty stream, and once only', () => accepts([], filed));
  it('the same filing under another event id records nothing', () =>
    givenOrder(bare).when(withNewId(filed)).thenRecords([]));
  it('refuses a re-filing with other content', () =>
    rejects(
      bare,
      command('FileOrder', { ...filed.data, title: 'Another title' }),
      'ORDER_ALREADY_FILED',
      ['data', 'orderId'],
    ));
  it('refuses a second order in the same stream', () =>
    rejects(
      base,
      command('FileOrder', { ...filed.data, orderId: 'other-order' }),
      'ORDER_ALREADY_FILED',
      ['data', 'orderId'],
    ));
});

describe('EnterOrder', () => {
  it('is accepted once filed, and once only', () => accepts(bare, entered));
  it('refuses before filing', () => rejects([], entered, 'ORDER_NOT_FILED', ['type']));
  it('refuses a second entry on another date', () =>
    rejects(
      base,
      command('EnterOrder', {}, { on: '2022-06-01', by: ACTORS.court }),
      'ORDER_ALREADY_ENTERED',
      ['meta', 'effectiveOn'],
    ));
  it('the same entry under another event id records nothing', () =>
    givenOrder(base).when(withNewId(entered)).thenRecords([]));
});

describe('ModifyOrder and TerminateOrder', () => {
  const modify = command('ModifyOrder', { summary: 'Term extended', termEndsOn: '2042-12-31' });
  const terminate = command(
    'TerminateOrder',
    { reason: 'Set aside on petition' },
    { on: '2026-12-31' },
  );
  it('modification is accepted, and once only', () => accepts(base, modify));
  it('termination is accepted, and once only', () => accepts(base, terminate));
  it('a second termination, under another id, records nothing', () =>
    givenOrder([...base, recorded(terminate)])
      .when(withNewId(terminate))
      .thenRecords([]));
  it('the company cannot modify or terminate', () => {
    rejects(base, command('ModifyOrder', modify.data, company), 'ACTOR_NOT_PERMITTED', [
      'meta',
      'actor',
      'role',
    ]);
    rejects(base, command('TerminateOrder', terminate.data, company), 'ACTOR_NOT_PERMITTED', [
      'meta',
      'actor',
      'role',
    ]);
  });
});

describe('a terminated order takes no new duty', () => {
  const duties: readonly OrderCommand[] = [
    command('EnterOrder', {}, { on: '2027-01-01', by: ACTORS.court }),
    command('ModifyOrder', { summary: 'Reinstated' }),
    command('ImposeObligation', {
      obligationId: 'late',
      title: 'Late duty',
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2027-06-01' },
    }),
    command('AmendObligation', { obligationId: 'report', changes: { title: 'Renamed' } }),
    command('DemandInformation', { demandId: 'cid-9', summary: 'Documents', dueOn: '2027-02-01' }),
  ];
  it.each(duties.map((c) => [c.type, c] as const))('%s is refused with ORDER_TERMINATED', (_, c) =>
    rejects(terminated, c, 'ORDER_TERMINATED', ['type']),
  );
  it('but oversight about the term (a penalty, a finding) is still recorded (design.md 6.1)', () => {
    accepts(
      terminated,
      command(
        'AssessPenalty',
        {
          penaltyId: 'pen-9',
          amount: { amountMinor: 100, currency: 'USD' },
          dueOn: '2027-02-01',
          reason: 'Late',
        },
        { by: ACTORS.court },
      ),
    );
    accepts(
      terminated,
      command('FindViolation', {
        violationId: 'v-9',
        obligationId: 'ad-ban',
        summary: 'Found after the end',
        period: { from: '2022-05-27', to: '2022-05-31' },
      }),
    );
  });
  it('refuses a finding whose conduct began after the end', () =>
    rejects(
      terminated,
      command('FindViolation', {
        violationId: 'v-9',
        obligationId: 'ad-ban',
        summary: 'x',
        period: { from: '2099-01-01' },
      }),
      'VIOLATION_AFTER_END',
      ['data', 'period', 'from'],
    ));
  it('but statements, petitions and payments are still recorded', () => {
    accepts(
      terminated,
      command('FilePetition', { petitionId: 'pet-9', relief: 'other', summary: 'Costs' }, company),
    );
    accepts(
      terminated,
      command(
        'MakePayment',
        {
          paymentId: 'pay-9',
          obligationId: 'penalty',
          amount: { amountMinor: 7_500_000_000, currency: 'USD' },
        },
        company,
      ),
    );
  });
});

describe('ImposeObligation', () => {
  const duty = (data: Record<string, unknown>) =>
    command('ImposeObligation', {
      obligationId: 'new-duty',
      title: 'New duty',
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2023-01-31' },
      ...data,
    });
  it('is accepted, and once only', () => accepts(base, duty({})));
  it('refuses before filing', () => rejects([], duty({}), 'ORDER_NOT_FILED', ['type']));
  it('refuses an id already used', () =>
    rejects(base, duty({ obligationId: 'report' }), 'OBLIGATION_EXISTS', ['data', 'obligationId']));
  it('refuses a payment without an amount', () =>
    rejects(base, duty({ kind: 'payment' }), 'PAYMENT_REQUIRES_AMOUNT', ['data', 'amount']));
  it('refuses a zero amount', () =>
    rejects(
      base,
      duty({ kind: 'payment', amount: { amountMinor: 0, currency: 'USD' } }),
      'NON_POSITIVE_AMOUNT',
      ['data', 'amount', 'amountMinor'],
    ));
  it('refuses a schedule anchored on its own satisfaction', () =>
    rejects(
      base,
      duty({
        schedule: {
          kind: 'after',
          anchor: { kind: 'satisfaction', obligationId: 'new-duty' },
          offset: { days: 30 },
        },
      }),
      'INVALID_SCHEDULE',
      ['data', 'schedule', 'anchor', 'obligationId'],
    ));
  it('refuses a recurrence that ends before it starts', () =>
    rejects(
      base,
      duty({
        schedule: {
          kind: 'recurring',
          every: { years: 1 },
          start: { on: '2024-01-01' },
          until: '2023-01-01',
        },
      }),
      'INVALID_SCHEDULE',
      ['data', 'schedule', 'until'],
    ));
  it('refuses an anchor on an obligation never imposed', () =>
    rejects(
      base,
      duty({
        schedule: {
          kind: 'after',
          anchor: { kind: 'satisfaction', obligationId: 'ghost' },
          offset: { days: 30 },
        },
      }),
      'OBLIGATION_NOT_FOUND',
      ['data', 'schedule', 'anchor', 'obligationId'],
    ));
  it('refuses penalty tiers that end before they start', () =>
    rejects(
      base,
      duty({
        stipulatedPenalties: [
          { fromDay: 10, toDay: 5, perDay: { amountMinor: 1000, currency: 'USD' } },
        ],
      }),
      'INVALID_PENALTY_TIERS',
      ['data', 'stipulatedPenalties', 0, 'toDay'],
    ));
});

describe('AmendObligation', () => {
  const amend = command('AmendObligation', {
    obligationId: 'report',
    changes: { title: 'Initial compliance report' },
  });
  it('is accepted, and once only', () => accepts(base, amend));
  it('refuses an obligation never imposed', () =>
    rejects(
      base,
      command('AmendObligation', { obligationId: 'ghost', changes: {} }),
      'OBLIGATION_NOT_FOUND',
      ['data', 'obligationId'],
    ));
  it('checks the amended terms', () => {
    rejects(
      base,
      command('AmendObligation', {
        obligationId: 'annual-cert',
        changes: {
          schedule: {
            kind: 'recurring',
            every: { years: 1 },
            start: { on: '2024-01-01' },
            until: '2023-01-01',
          },
        },
      }),
      'INVALID_SCHEDULE',
      ['data', 'changes', 'schedule', 'until'],
    );
    rejects(
      base,
      command('AmendObligation', {
        obligationId: 'penalty',
        changes: { amount: { amountMinor: -5, currency: 'USD' } },
      }),
      'NON_POSITIVE_AMOUNT',
      ['data', 'changes', 'amount', 'amountMinor'],
    );
  });
});

describe('WaiveObligation', () => {
  it('a whole obligation is waived, once', () =>
    accepts(base, command('WaiveObligation', { obligationId: 'report', reason: 'Superseded' })));
  it('one occurrence is waived, once', () =>
    accepts(
      base,
      command('WaiveObligation', {
        obligationId: 'annual-cert',
        occurrence: '2025-05-26',
        reason: 'Merged',
      }),
    ));
  it('refuses an obligation never imposed', () =>
    rejects(
      base,
      command('WaiveObligation', { obligationId: 'ghost', reason: 'x' }),
      'OBLIGATION_NOT_FOUND',
      ['data', 'obligationId'],
    ));
  it('refuses an occurrence the schedule never produces', () =>
    rejects(
      base,
      command('WaiveObligation', {
        obligationId: 'annual-cert',
        occurrence: '2025-05-27',
        reason: 'x',
      }),
      'OCCURRENCE_NOT_FOUND',
      ['data', 'occurrence'],
    ));
  it('the company cannot waive its own duty', () =>
    rejects(
      base,
      command('WaiveObligation', { obligationId: 'report', reason: 'x' }, company),
      'ACTOR_NOT_PERMITTED',
      ['meta', 'actor', 'role'],
    ));
});

describe('DemandInformation', () => {
  const demand = command(
    'DemandInformation',
    { demandId: 'cid-1', summary: 'Documents on staff reductions', dueOn: '2022-12-12' },
    { on: '2022-11-10' },
  );
  it('is accepted, and once only (also under another event id)', () => {
    accepts(base, demand);
    givenOrder([...base, recorded(demand)])
      .when(withNewId(demand))
      .thenRecords([]);
  });
  it('refuses an id an obligation already has', () =>
    rejects(
      base,
      command('DemandInformation', { ...demand.data, demandId: 'report' }),
      'OBLIGATION_EXISTS',
      ['data', 'demandId'],
    ));
  it('the company cannot demand', () =>
    rejects(base, command('DemandInformation', demand.data, company), 'ACTOR_NOT_PERMITTED', [
      'meta',
      'actor',
      'role',
    ]));
});

describe('ExtendDeadline', () => {
  const extend = (
    data: Record<string, unknown>,
    by: { by: (typeof ACTORS)[keyof typeof ACTORS] } = { by: ACTORS.ftc },
  ) => command('ExtendDeadline', { obligationId: 'report', newDueOn: '2022-12-01', ...data }, by);
  it('is accepted, and once only', () => accepts(base, extend({})));
  it('an occurrence of a recurring duty is extended, once', () =>
    accepts(
      base,
      extend({ obligationId: 'annual-cert', occurrence: '2023-05-26', newDueOn: '2023-06-30' }),
    ));
  it('the same extension to a weekend, under another id, records nothing', () => {
    const toSaturday = extend({ newDueOn: '2022-11-12' });
    givenOrder([...base, recorded(toSaturday)])
      .when(withNewId(toSaturday))
      .thenRecords([]);
  });
  it('extending to the current deadline records nothing', () =>
    givenOrder(base)
      .when(extend({ newDueOn: '2022-11-01' }))
      .thenRecords([]));
  it('refuses to shorten a deadline', () =>
    rejects(base, extend({ newDueOn: '2022-10-01' }), 'EXTENSION_SHORTENS_DEADLINE', [
      'data',
      'newDueOn',
    ]));
  it('only a regulator or a court can extend', () => {
    rejects(base, extend({}, company), 'EXTENSION_NOT_GRANTABLE', ['meta', 'actor', 'role']);
    rejects(base, extend({}, { by: ACTORS.ey }), 'EXTENSION_NOT_GRANTABLE', [
      'meta',
      'actor',
      'role',
    ]);
  });
  it('refuses an ongoing prohibition', () =>
    rejects(base, extend({ obligationId: 'ad-ban' }), 'EXTENSION_NOT_APPLICABLE', [
      'data',
      'obligationId',
    ]));
  it('refuses the ongoing occurrence a prohibition keeps when amended to a duty with deadlines', () => {
    const amended = record(
      [
        command(
          'AmendObligation',
          {
            obligationId: 'ad-ban',
            changes: {
              schedule: {
                kind: 'after',
                anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
                offset: { days: 30 },
              },
            },
          },
          { on: '2022-09-01' },
        ),
      ],
      scenario(),
    ).events;
    // Granted after the amendment took effect (before it, the duty was the prohibition itself).
    rejects(
      amended,
      command(
        'ExtendDeadline',
        { obligationId: 'ad-ban', occurrence: 'ongoing', newDueOn: '2022-12-01' },
        { on: '2022-10-01', by: ACTORS.ftc },
      ),
      'EXTENSION_NOT_APPLICABLE',
      ['data', 'occurrence'],
    );
  });
  it('extends an occurrence due under earlier terms, though an amendment effective later (recorded first) makes the duty a prohibition', () => {
    // The report due 2022-11-01 keeps its deadline and terms (changes govern forward, design.md 6.1).
    const madeOngoing = record(
      [
        command(
          'AmendObligation',
          { obligationId: 'report', changes: { schedule: { kind: 'ongoing' } } },
          { on: '2023-06-01' },
        ),
      ],
      scenario(),
    ).events;
    accepts(madeOngoing, extend({ occurrence: 'once' }));
    accepts(madeOngoing, extend({}));
  });
  it('refuses a recurring duty without its occurrence', () =>
    rejects(base, extend({ obligationId: 'annual-cert' }), 'OCCURRENCE_REQUIRED', [
      'data',
      'occurrence',
    ]));
  it('refuses a trigger that never happened', () =>
    rejects(
      base,
      extend({ obligationId: 'incident-report', occurrence: 'inc-9' }),
      'OCCURRENCE_NOT_FOUND',
      ['data', 'occurrence'],
    ));
  it('refuses an obligation never imposed', () =>
    rejects(base, extend({ obligationId: 'ghost' }), 'OBLIGATION_NOT_FOUND', [
      'data',
      'obligationId',
    ]));
});

describe('AcceptSubmission and RejectSubmission', () => {
  const accept = command('AcceptSubmission', { submissionId: 'sub-1' }, { on: '2022-11-15' });
  const reject = command(
    'RejectSubmission',
    { submissionId: 'sub-1', reason: 'Incomplete' },
    { on: '2022-11-15' },
  );
  it('acceptance is recorded, once', () => accepts(base, accept));
  it('rejection is recorded, once', () => accepts(base, reject));
  it('refuses a submission never filed', () => {
    rejects(base, command('AcceptSubmission', { submissionId: 'sub-9' }), 'SUBMISSION_NOT_FOUND', [
      'data',
      'submissionId',
    ]);
    rejects(
      base,
      command('RejectSubmission', { submissionId: 'sub-9', reason: 'x' }),
      'SUBMISSION_NOT_FOUND',
      ['data', 'submissionId'],
    );
  });
  it('refuses a second, different decision', () => {
    rejects([...base, recorded(accept)], reject, 'SUBMISSION_ALREADY_DECIDED', [
      'data',
      'submissionId',
    ]);
    rejects([...base, recorded(reject)], accept, 'SUBMISSION_ALREADY_DECIDED', [
      'data',
      'submissionId',
    ]);
  });
  it('the company cannot decide on its own submission', () =>
    rejects(
      base,
      command('AcceptSubmission', { submissionId: 'sub-1' }, company),
      'ACTOR_NOT_PERMITTED',
      ['meta', 'actor', 'role'],
    ));
});

describe('AllegeViolation and FindViolation', () => {
  const found = command(
    'FindViolation',
    { ...alleged.data },
    { on: '2022-10-01', by: ACTORS.court },
  );
  it('an allegation is recorded, once', () =>
    accepts(
      base,
      command('AllegeViolation', { violationId: 'v-2', obligationId: 'report', summary: 'Late' }),
    ));
  it('a finding on an alleged violation is recorded, once', () => accepts(base, found));
  it('refuses a violation of a waived occurrence about conduct from the waiver on', () =>
    rejects(
      base,
      command(
        'FindViolation',
        { violationId: 'v-3', obligationId: 'annual-cert', occurrence: '2024-05-26', summary: 'x' },
        { on: '2024-06-01' },
      ),
      'VIOLATION_AGAINST_WAIVED',
      ['data', 'obligationId'],
    ));
  it('accepts a finding made after a waiver about conduct before it, and refuses one whose period starts after it (design.md 6.1)', () => {
    const found = (from: string) =>
      command('FindViolation', {
        violationId: 'v-3',
        obligationId: 'annual-cert',
        occurrence: '2024-05-26',
        summary: 'x',
        period: { from },
      });
    // The occurrence 2024-05-26 was waived effective 2023-12-01 (order-scenario.ts).
    accepts(base, found('2023-11-30'));
    rejects(base, found('2023-12-01'), 'VIOLATION_AGAINST_WAIVED', ['data', 'period', 'from']);
  });
  it('refuses an obligation never imposed', () =>
    rejects(
      base,
      command('AllegeViolation', { violationId: 'v-3', obligationId: 'ghost', summary: 'x' }),
      'OBLIGATION_NOT_FOUND',
      ['data', 'obligationId'],
    ));
  it('refuses a violation id reused for another obligation or content', () => {
    rejects(
      base,
      command('FindViolation', { violationId: 'v-1', obligationId: 'report', summary: 'x' }),
      'FACT_ID_REUSED',
      ['data', 'violationId'],
    );
    rejects(
      base,
      command('AllegeViolation', { ...alleged.data, summary: 'Another story' }),
      'FACT_ID_REUSED',
      ['data', 'violationId'],
    );
  });
  it('the company cannot find a violation', () =>
    rejects(base, command('FindViolation', found.data, company), 'ACTOR_NOT_PERMITTED', [
      'meta',
      'actor',
      'role',
    ]));
});

describe('AssessPenalty and ApproveAssessor', () => {
  const assess = command(
    'AssessPenalty',
    {
      penaltyId: 'pen-1',
      amount: { amountMinor: 4_651_700, currency: 'USD' },
      dueOn: '2023-01-31',
      reason: 'Late report',
    },
    { by: ACTORS.court },
  );
  it('a penalty is assessed, once', () => accepts(base, assess));
  it('refuses a zero penalty', () =>
    rejects(
      base,
      command(
        'AssessPenalty',
        { ...assess.data, amount: { amountMinor: 0, currency: 'USD' } },
        { by: ACTORS.court },
      ),
      'NON_POSITIVE_AMOUNT',
      ['data', 'amount', 'amountMinor'],
    ));
  it('refuses a penalty id an obligation already has', () =>
    rejects(
      base,
      command('AssessPenalty', { ...assess.data, penaltyId: 'penalty' }, { by: ACTORS.court }),
      'OBLIGATION_EXISTS',
      ['data', 'penaltyId'],
    ));
  it('an assessor is approved, once', () =>
    accepts(
      base,
      command('ApproveAssessor', { assessor: 'Ernst & Young LLP', obligationId: 'report' }),
    ));
  it('refuses an assessor for an obligation never imposed', () =>
    rejects(
      base,
      command('ApproveAssessor', { assessor: 'EY', obligationId: 'ghost' }),
      'OBLIGATION_NOT_FOUND',
      ['data', 'obligationId'],
    ));
  it('the company cannot approve its own assessor', () =>
    rejects(base, command('ApproveAssessor', { assessor: 'EY' }, company), 'ACTOR_NOT_PERMITTED', [
      'meta',
      'actor',
      'role',
    ]));
});

describe('the scenario itself', () => {
  it('records one event per command', () => expect(base).toHaveLength(12));
  it('keeps the duties it imposed', () =>
    expect(Object.keys(scenario().state.obligations)).toEqual(
      [report, penalty, ban, annual, incidentReport].map((c) => c.data.obligationId),
    ));
  it('remembers the filed report', () =>
    expect(scenario().state.submissions['sub-1']?.obligationId).toBe(
      reportFiled.data.obligationId,
    ));
});

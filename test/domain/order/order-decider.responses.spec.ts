import { describe, expect, it } from 'vitest';
import { seenEvent, satisfactionOf, type CalendarDate } from '../../../domain/index.js';
import { givenOrder } from '../../../src/testing/index.js';
import {
  ACTORS,
  command,
  record,
  recorded,
  uuid,
  withNewId,
} from '../../support/order-builders.js';
import {
  alleged,
  filed,
  halfPaid,
  incident,
  reportFiled,
  scenario,
  accepts,
  rejects,
} from '../../support/order-scenario.js';

const base = scenario().events;
const company = { by: ACTORS.twitter };

/** The rest of the penalty, paid on 2022-05-31 (the half was paid on 2022-05-27). */
const rest = command(
  'MakePayment',
  {
    paymentId: 'pay-2',
    obligationId: 'penalty',
    amount: { amountMinor: 7_500_000_000, currency: 'USD' },
  },
  { on: '2022-05-31', ...company },
);

describe('MakePayment', () => {
  const pay = (data: Record<string, unknown>) =>
    command('MakePayment', { ...rest.data, ...data }, company);
  it('is accepted, and once only (also under another event id)', () => {
    accepts(base, rest);
    givenOrder([...base, recorded(rest)])
      .when(withNewId(rest))
      .thenRecords([]);
  });
  it('the running total satisfies the penalty on the day it reaches the amount', () => {
    const { state } = record([rest], scenario());
    expect(satisfactionOf(state, 'penalty', 'once')).toMatchObject({
      status: 'satisfied',
      on: '2022-05-31',
    });
  });
  it('counts payments in the order of their dates, not of their recording', () => {
    // The rest, recorded after the half paid on 2022-05-27, is dated the day before it: the
    // running total reaches the amount on 2022-05-27, with the half, not on the rest's date.
    const backdated = command('MakePayment', rest.data, { on: '2022-05-26', ...company });
    const { state, events } = record([backdated], scenario());
    const [backdatedEvent] = events.slice(-1);
    expect(satisfactionOf(state, 'penalty', 'once')).toEqual({
      status: 'satisfied',
      on: '2022-05-27',
      because: [backdatedEvent!.id, recorded(halfPaid).id],
    });
    // As of a day between the two, only the rest is effective: half the amount, not satisfied.
    expect(satisfactionOf(state, 'penalty', 'once', '2022-05-26' as CalendarDate)).toBeUndefined();
    expect(satisfactionOf(state, 'penalty', 'once', '2022-05-27' as CalendarDate)).toMatchObject({
      on: '2022-05-27',
    });
  });
  it('refuses before filing', () => rejects([], rest, 'ORDER_NOT_FILED', ['type']));
  it('refuses an obligation never imposed', () =>
    rejects(base, pay({ obligationId: 'ghost' }), 'OBLIGATION_NOT_FOUND', [
      'data',
      'obligationId',
    ]));
  it('refuses a duty that is not a payment', () =>
    rejects(base, pay({ obligationId: 'report' }), 'NOT_A_PAYMENT_OBLIGATION', [
      'data',
      'obligationId',
    ]));
  it('refuses another currency', () =>
    rejects(base, pay({ amount: { amountMinor: 100, currency: 'EUR' } }), 'CURRENCY_MISMATCH', [
      'data',
      'amount',
      'currency',
    ]));
  it('refuses a zero or negative amount', () => {
    rejects(base, pay({ amount: { amountMinor: 0, currency: 'USD' } }), 'NON_POSITIVE_AMOUNT', [
      'data',
      'amount',
      'amountMinor',
    ]);
    rejects(base, pay({ amount: { amountMinor: -1, currency: 'USD' } }), 'NON_POSITIVE_AMOUNT', [
      'data',
      'amount',
      'amountMinor',
    ]);
  });
  it('refuses an occurrence a one-off duty does not have', () =>
    rejects(base, pay({ occurrence: '2022-06-02' }), 'OCCURRENCE_NOT_FOUND', [
      'data',
      'occurrence',
    ]));
  it('refuses a payment id reused with other content', () =>
    rejects(
      base,
      pay({ paymentId: halfPaid.data.paymentId, amount: { amountMinor: 1, currency: 'USD' } }),
      'FACT_ID_REUSED',
      ['data', 'paymentId'],
    ));
});

describe('FileSubmission', () => {
  const file = (data: Record<string, unknown>) =>
    command(
      'FileSubmission',
      {
        submissionId: 'sub-2',
        obligationId: 'annual-cert',
        occurrence: '2023-05-26',
        title: 'Certification 2023',
        ...data,
      },
      company,
    );
  it('evidence for one occurrence of a recurring duty is recorded, once', () =>
    accepts(base, file({})));
  it('evidence for a triggered occurrence names its trigger', () =>
    accepts(base, file({ obligationId: 'incident-report', occurrence: incident.data.incidentId })));
  it('the same submission under another id records nothing', () =>
    givenOrder(base).when(withNewId(reportFiled)).thenRecords([]));
  it('refuses a recurring duty without its occurrence', () =>
    rejects(
      base,
      command(
        'FileSubmission',
        { submissionId: 'sub-2', obligationId: 'annual-cert', title: 'x' },
        company,
      ),
      'OCCURRENCE_REQUIRED',
      ['data', 'occurrence'],
    ));
  it('refuses an occurrence the schedule never produces', () =>
    rejects(base, file({ occurrence: '2023-06-01' }), 'OCCURRENCE_NOT_FOUND', [
      'data',
      'occurrence',
    ]));
  it('refuses a report "filed" for a payment', () =>
    rejects(
      base,
      file({ obligationId: 'penalty', occurrence: 'once' }),
      'PAYMENT_OBLIGATION_NEEDS_PAYMENT',
      ['data', 'obligationId'],
    ));
  it('refuses a submission id reused with other content', () =>
    rejects(base, file({ submissionId: 'sub-1' }), 'FACT_ID_REUSED', ['data', 'submissionId']));
  it('refuses an obligation never imposed', () =>
    rejects(base, file({ obligationId: 'ghost' }), 'OBLIGATION_NOT_FOUND', [
      'data',
      'obligationId',
    ]));
});

describe('a filing naming no occurrence', () => {
  // The report (one-off, due 2022-11-01) is made yearly from 2023-06-01 by an amendment effective
  // 2022-12-01, recorded first: a filing dated before that is for the report as it then stood.
  const madeYearly = command(
    'AmendObligation',
    {
      obligationId: 'report',
      changes: {
        schedule: { kind: 'recurring', every: { years: 1 }, start: { on: '2023-06-01' } },
      },
    },
    { on: '2022-12-01' },
  );
  const filing = (on: string) =>
    command(
      'FileSubmission',
      { submissionId: `sub-${on}`, obligationId: 'report', title: 'Compliance report' },
      { on, ...company },
    );
  const amended = record([madeYearly], scenario());

  it('goes to the one occurrence of the terms in force on its date, though an amendment effective later was recorded first', () => {
    accepts(amended.events, filing('2022-10-20'));
    const { state } = record([filing('2022-10-20')], amended);
    expect(state.occurrences['report/once']?.evidence.map((x) => x.factId)).toContain(
      'sub-2022-10-20',
    );
  });

  it("is refused once the terms in force on its date recur: which occurrence it meets is the filer's to say", () =>
    rejects(amended.events, filing('2022-12-15'), 'OCCURRENCE_REQUIRED', ['data', 'occurrence']));
});

describe('a payment for an occurrence due before an amendment', () => {
  // An amendment recorded first, effective later: an occurrence due before it keeps the terms it
  // was due under (design.md 6.1), and a payment for it is checked against those.
  const amend = (obligationId: string, changes: Record<string, unknown>) =>
    record(
      [command('AmendObligation', { obligationId, changes }, { on: '2022-12-01' })],
      scenario(),
    );
  it('a penalty due 2022-06-02 in USD is paid in USD, though owed in EUR from 2022-12-01', () => {
    const amended = amend('penalty', { amount: { amountMinor: 14_000_000_000, currency: 'EUR' } });
    accepts(amended.events, rest);
    rejects(
      amended.events,
      command(
        'MakePayment',
        { ...rest.data, paymentId: 'pay-3', amount: { amountMinor: 1, currency: 'EUR' } },
        { on: '2022-05-31', ...company },
      ),
      'CURRENCY_MISMATCH',
      ['data', 'amount', 'currency'],
    );
  });
});

describe('DiscoverIncident and RecordCorporateChange', () => {
  const change = command(
    'RecordCorporateChange',
    { changeId: 'musk-closing', summary: 'Acquisition by X Holdings closes' },
    { on: '2022-10-27', ...company },
  );
  it('an incident is recorded, once', () =>
    accepts(
      base,
      command('DiscoverIncident', { incidentId: 'inc-2', summary: 'API leak' }, company),
    ));
  it('a corporate change is recorded, once', () => accepts(base, change));
  it('the same change under another id records nothing', () =>
    givenOrder([...base, recorded(change)])
      .when(withNewId(change))
      .thenRecords([]));
  it('refuses a trigger id reused with other content', () => {
    rejects(
      base,
      command('DiscoverIncident', { incidentId: 'inc-1', summary: 'Another incident' }, company),
      'FACT_ID_REUSED',
      ['data', 'incidentId'],
    );
    rejects(
      [...base, recorded(change)],
      command('RecordCorporateChange', { changeId: 'musk-closing', summary: 'Other' }, company),
      'FACT_ID_REUSED',
      ['data', 'changeId'],
    );
  });
  it('refuses before filing', () => rejects([], incident, 'ORDER_NOT_FILED', ['type']));
});

describe('CureViolation', () => {
  const cure = command(
    'CureViolation',
    { violationId: alleged.data.violationId, summary: 'Ad pipeline disconnected' },
    company,
  );
  it('is recorded, once', () => accepts(base, cure));
  it('refuses a violation never alleged or found', () =>
    rejects(
      base,
      command('CureViolation', { violationId: 'v-9', summary: 'x' }, company),
      'VIOLATION_NOT_FOUND',
      ['data', 'violationId'],
    ));
  it('refuses a second, different cure of the same violation', () =>
    rejects(
      [...base, recorded(cure)],
      command('CureViolation', { violationId: 'v-1', summary: 'Other' }, company),
      'FACT_ID_REUSED',
      ['data', 'violationId'],
    ));
});

describe('RequestExtension', () => {
  const request = command(
    'RequestExtension',
    { requestId: 'req-1', obligationId: 'report', requestedDueOn: '2022-12-15' },
    company,
  );
  it('is recorded, once', () => accepts(base, request));
  it('refuses a recurring duty without its occurrence', () =>
    rejects(
      base,
      command('RequestExtension', { ...request.data, obligationId: 'annual-cert' }, company),
      'OCCURRENCE_REQUIRED',
      ['data', 'occurrence'],
    ));
  it('refuses an obligation never imposed', () =>
    rejects(
      base,
      command('RequestExtension', { ...request.data, obligationId: 'ghost' }, company),
      'OBLIGATION_NOT_FOUND',
      ['data', 'obligationId'],
    ));
});

describe('FilePetition and IssuePublicStatement', () => {
  const petition = command(
    'FilePetition',
    { petitionId: 'pet-1', relief: 'set_aside', summary: 'Set aside the order' },
    { on: '2026-05-15', by: ACTORS.x },
  );
  const statement = command(
    'IssuePublicStatement',
    { statementId: 'st-1', summary: 'We have paid the penalty', url: 'https://example.org/st-1' },
    company,
  );
  it('a petition is recorded, once', () => accepts(base, petition));
  it('a statement is recorded, once', () => accepts(base, statement));
  it('refuses ids reused with other content', () => {
    rejects(
      [...base, recorded(petition)],
      command('FilePetition', { ...petition.data, relief: 'modify' }, company),
      'FACT_ID_REUSED',
      ['data', 'petitionId'],
    );
    rejects(
      [...base, recorded(statement)],
      command('IssuePublicStatement', { statementId: 'st-1', summary: 'Other' }, company),
      'FACT_ID_REUSED',
      ['data', 'statementId'],
    );
  });
});

describe('RetractEntry', () => {
  const retractPayment = command('RetractEntry', {
    eventId: halfPaid.meta.eventId,
    reason: 'Entered twice by mistake',
  });
  it('is recorded, once, and the retracted fact is gone', () => {
    accepts(base, retractPayment);
    const { state } = record([retractPayment], scenario());
    expect(state.occurrences['penalty/once']?.evidence ?? []).toEqual([]);
    expect(seenEvent(state, halfPaid.meta.eventId)?.retracted).toBe(true);
  });
  it('a retracted fact id can be used again', () =>
    accepts(
      record([retractPayment], scenario()).events,
      command(
        'MakePayment',
        { ...halfPaid.data, amount: { amountMinor: 1, currency: 'USD' } },
        company,
      ),
    ));
  it('refuses an event that does not exist', () =>
    rejects(
      base,
      command('RetractEntry', { eventId: uuid(999_999), reason: 'x' }),
      'EVENT_NOT_FOUND',
      ['data', 'eventId'],
    ));
  it('refuses to retract twice', () =>
    rejects([...base, recorded(retractPayment)], withNewId(retractPayment), 'ALREADY_RETRACTED', [
      'data',
      'eventId',
    ]));
  it('refuses to retract a filing or a retraction', () => {
    rejects(
      base,
      command('RetractEntry', { eventId: filed.meta.eventId, reason: 'x' }),
      'CANNOT_RETRACT',
      ['data', 'eventId'],
    );
    rejects(
      [...base, recorded(retractPayment)],
      command('RetractEntry', { eventId: retractPayment.meta.eventId, reason: 'x' }),
      'CANNOT_RETRACT',
      ['data', 'eventId'],
    );
  });
});

describe('event ids', () => {
  it('refuses an event id already used by another fact', () =>
    rejects(
      base,
      command('IssuePublicStatement', { statementId: 'st-9', summary: 'x' }, { id: 1, ...company }),
      'EVENT_ID_REUSED',
      ['meta', 'eventId'],
    ));
});

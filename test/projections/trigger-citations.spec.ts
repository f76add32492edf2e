// The events an answer cites for its triggering fact (projections/compliance/classify.ts,
// `becauseOf`). A trigger-anchored occurrence is keyed by its fact's id, and fact ids are unique
// per fact type only: an incident "x" and a corporate change "x" are two facts (namespaces
// `incident` and `change`). The answer for the incident's duty must cite the incident alone.
// Citations are looked up by the fact's type and id (`triggerKey`, occurrence-index.ts); by id
// alone, the answer would also cite the change and list its source.
import { describe, expect, it } from 'vitest';
import { orderStatusOn, type CalendarDate } from '../../src/index.js';
import { ACTORS, command, record } from '../support/order-builders.js';

describe('a trigger-anchored occurrence cites its own fact, not another type’s with the same id', () => {
  const filed = command(
    'FileOrder',
    { orderId: 'o', title: 'Order', kind: 'stipulated_order', forum: 'N.D. Cal.' },
    { id: 1, on: '2022-05-25', by: ACTORS.doj },
  );
  const entered = command(
    'EnterOrder',
    { termEndsOn: '2042-05-26' },
    { id: 2, on: '2022-05-26', by: ACTORS.court },
  );
  const incidentReport = command(
    'ImposeObligation',
    {
      obligationId: 'incident-report',
      title: 'Incident report',
      kind: 'report',
      schedule: {
        kind: 'after',
        anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
        offset: { days: 30 },
      },
    },
    { id: 3, on: '2022-05-26' },
  );
  const incident = command(
    'DiscoverIncident',
    { incidentId: 'x', summary: 'Leak' },
    { id: 4, on: '2022-07-01', by: ACTORS.twitter },
  );
  const change = command(
    'RecordCorporateChange',
    { changeId: 'x', summary: 'Merger' },
    { id: 5, on: '2022-07-02', by: ACTORS.twitter, source: 'Form 8-K' },
  );

  it('the incident report cites the imposition and the incident only', () => {
    const { state } = record([filed, entered, incidentReport, incident, change]);
    const a = orderStatusOn(state, '2022-07-05' as CalendarDate).occurrences.find(
      (o) => o.id === 'incident-report/x',
    );
    expect(a?.because).toEqual([incidentReport.meta.eventId, incident.meta.eventId]);
    expect(a?.sources).toEqual([]);
  });
});

// Calendar exports that a calendar client updates correctly: each event's SEQUENCE (RFC 5545
// 3.8.7.4) grows whenever the record changes what the event says (a deadline moved, met, waived,
// a fact retracted) and never falls, and an occurrence a retraction took away is exported cancelled
// under its UID rather than dropped. The exports are read back with ical.js, an independent parser.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, icsOf, type CalendarEntry, type Engine } from '../../src/index.js';

const ORDER = 'acme-2023';
const court = { role: 'court', name: 'D. Del.' } as const;
const company = { role: 'company', name: 'Acme, Inc.' } as const;
const REPORT = `${ORDER}/report/once@decree`;
const INCIDENT_1 = `${ORDER}/incident-report/breach-1@decree`;
const INCIDENT_2 = `${ORDER}/incident-report/breach-2@decree`;
const GENERATED_AT = new Date('2023-07-01T12:00:00.000Z');
/** Every export reads the record on the same date, so that only the record changes between them. */
const QUERY = { from: '2023-01-01', to: '2024-01-01', asOf: '2023-07-01' } as const;

interface Exported {
  readonly start: string;
  readonly sequence: number;
  readonly status: string | null;
  readonly summary: string;
  readonly alarms: number;
}

/** The events of an .ics text by UID, read back by ical.js. */
const eventsOf = (ics: string): Map<string, Exported> =>
  new Map(
    new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return [
        e.uid,
        {
          start: e.startDate.toString(),
          sequence: Number(v.getFirstPropertyValue('sequence')),
          status: v.getFirstPropertyValue('status') as string | null,
          summary: e.summary,
          alarms: v.getAllSubcomponents('valarm').length,
        },
      ];
    }),
  );

let now = Date.parse('2024-01-10T09:00:00.000Z');
let engine: Engine;
/** The instant the next command is recorded at: a minute after the last. */
const tick = () => new Date((now += 60_000)).toISOString();

const recordIn = async (
  order: string,
  type: string,
  data: Record<string, unknown>,
  effectiveOn: string,
  actor: { role: string; name: string } = court,
) => {
  tick();
  const r = await engine.execute(order, { type, data, meta: { effectiveOn, actor } } as never);
  return r.events[0]!.id;
};
const record = (
  type: string,
  data: Record<string, unknown>,
  effectiveOn: string,
  actor?: { role: string; name: string },
) => recordIn(ORDER, type, data, effectiveOn, actor);

/** An order of `obligations` (id and schedule) filed and entered on 2023-01-03, its term ending as given. */
const orderWith = async (
  order: string,
  termEndsOn: string | undefined,
  obligations: Record<string, Record<string, unknown>>,
) => {
  await recordIn(
    order,
    'FileOrder',
    { orderId: order, title: order, kind: 'consent_decree', forum: 'D. Del.' },
    '2023-01-03',
  );
  await recordIn(order, 'EnterOrder', termEndsOn === undefined ? {} : { termEndsOn }, '2023-01-03');
  for (const [obligationId, schedule] of Object.entries(obligations))
    await recordIn(
      order,
      'ImposeObligation',
      { obligationId, title: obligationId, kind: 'report', schedule },
      '2023-01-03',
    );
};

const exportNow = async (knownAt?: string) => {
  const entries = await engine.calendar({
    ...QUERY,
    orderId: ORDER,
    ...(knownAt === undefined ? {} : { knownAt }),
  });
  return { entries, ics: icsOf(entries, { generatedAt: GENERATED_AT }) };
};

/** The exports after each step of the story, with the instant each was taken at. */
const story: Record<string, { ics: string; entries: CalendarEntry[]; at: string }> = {};
const ids: Record<string, string> = {};

const snapshot = async (name: string) => {
  story[name] = { ...(await exportNow()), at: new Date(now).toISOString() };
};

beforeAll(async () => {
  engine = await createEngine({ store: 'memory', clock: () => new Date(now) });
  await record(
    'FileOrder',
    { orderId: ORDER, title: 'Acme consent decree', kind: 'consent_decree', forum: 'D. Del.' },
    '2023-01-02',
  );
  await record('EnterOrder', {}, '2023-01-03');
  await record(
    'ImposeObligation',
    {
      obligationId: 'report',
      title: 'Compliance report',
      kind: 'report',
      schedule: { kind: 'once', dueOn: '2023-06-01' },
    },
    '2023-01-03',
  );
  await record(
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
    '2023-01-03',
  );
  const incident = (id: string, on: string) =>
    record('DiscoverIncident', { incidentId: id, summary: `Incident ${id}` }, on, company);
  await incident('breach-1', '2023-04-03');
  ids.breach2 = await incident('breach-2', '2023-04-10');
  await snapshot('initial');
  ids.extension = await record(
    'ExtendDeadline',
    { obligationId: 'report', newDueOn: '2023-06-15' },
    '2023-05-15',
  );
  await snapshot('extended');
  await record(
    'FileSubmission',
    { submissionId: 'report-1', obligationId: 'report', title: 'Compliance report' },
    '2023-06-10',
    company,
  );
  await snapshot('met');
  await record(
    'WaiveObligation',
    { obligationId: 'incident-report', occurrence: 'breach-1', reason: 'Below the threshold' },
    '2023-04-20',
  );
  await snapshot('waived');
  await record(
    'RetractEntry',
    { eventId: ids.extension, reason: 'Entered in error' },
    '2023-06-20',
  );
  await snapshot('extensionRetracted');
  await record('RetractEntry', { eventId: ids.breach2, reason: 'Not an incident' }, '2023-06-21');
  await snapshot('triggerRetracted');
  await record(
    'FileSubmission',
    { submissionId: 'report-2', obligationId: 'report', title: 'Supplement' },
    '2023-06-25',
    company,
  );
  await snapshot('later');
});
afterAll(() => engine.close());

const at = (name: string, uid: string): Exported => {
  const e = eventsOf(story[name]!.ics).get(uid);
  if (e === undefined) throw new Error(`no event ${uid} in the ${name} export`);
  return e;
};

describe('calendar SEQUENCE', () => {
  it('grows when an extension moves a deadline', () => {
    expect(at('initial', REPORT)).toMatchObject({
      start: '2023-06-01',
      summary: expect.stringMatching(/^Due: /),
    });
    expect(at('extended', REPORT).start).toBe('2023-06-15');
    expect(at('extended', REPORT).sequence).toBeGreaterThan(at('initial', REPORT).sequence);
  });

  it('grows when a submission meets the deadline', () => {
    expect(at('met', REPORT).summary).toMatch(/^Met: /);
    expect(at('met', REPORT).sequence).toBeGreaterThan(at('extended', REPORT).sequence);
  });

  it('grows when the occurrence is waived, and the event is cancelled', () => {
    expect(at('met', INCIDENT_1)).toMatchObject({
      status: null,
      summary: expect.stringMatching(/^Due: /),
    });
    expect(at('waived', INCIDENT_1)).toMatchObject({
      status: 'CANCELLED',
      summary: expect.stringMatching(/^Not due \(waived\): /),
      alarms: 0,
    });
    expect(at('waived', INCIDENT_1).sequence).toBeGreaterThan(at('met', INCIDENT_1).sequence);
  });

  it('grows when the extension is retracted and the deadline moves back, and never falls across a retraction', () => {
    expect(at('extensionRetracted', REPORT).start).toBe('2023-06-01');
    expect(at('extensionRetracted', REPORT).sequence).toBeGreaterThan(
      at('waived', REPORT).sequence,
    );
    // Each retraction rebuilt the order's facts without its target: still, from one export to the
    // next, no event went missing and no sequence went back.
    const names = Object.keys(story);
    for (let i = 1; i < names.length; i++) {
      const before = eventsOf(story[names[i - 1]!]!.ics);
      const after = eventsOf(story[names[i]!]!.ics);
      for (const [uid, e] of before) {
        const next = after.get(uid)?.sequence ?? -1;
        expect([names[i], uid, next >= e.sequence]).toEqual([names[i], uid, true]);
      }
    }
  });

  it('grows on the day the term of the order runs out, cancelling what falls due after it', async () => {
    await orderWith('short-2023', '2023-09-29', {
      final: { kind: 'once', dueOn: '2023-11-01' },
    });
    const uid = 'short-2023/final/once@decree';
    const on = async (asOf: string) =>
      eventsOf(
        icsOf(await engine.calendar({ ...QUERY, asOf, orderId: 'short-2023' }), {
          generatedAt: GENERATED_AT,
        }),
      ).get(uid)!;
    // No event is dated 09-30: the term's last day passing is what changes the event.
    const [due, ended] = [await on('2023-09-29'), await on('2023-09-30')];
    expect(due).toMatchObject({ status: null, summary: expect.stringMatching(/^Due: /) });
    expect(ended).toMatchObject({
      status: 'CANCELLED',
      summary: expect.stringMatching(/^Not due \(waived\): /),
    });
    expect(ended.sequence).toBeGreaterThan(due.sequence);
  });

  it('grows when what a deadline counts from changes (a filing of the duty it follows rejected)', async () => {
    await orderWith('anchored-2023', undefined, {
      report: { kind: 'once', dueOn: '2023-03-01' },
      'follow-up': {
        kind: 'after',
        anchor: { kind: 'satisfaction', obligationId: 'report' },
        offset: { days: 30 },
      },
    });
    const file = (id: string, on: string) =>
      recordIn(
        'anchored-2023',
        'FileSubmission',
        { submissionId: id, obligationId: 'report', title: id },
        on,
        company,
      );
    await file('first', '2023-02-20');
    await file('second', '2023-02-24');
    const followUp = async () => {
      const entries = await engine.calendar({
        ...QUERY,
        asOf: '2023-03-10',
        orderId: 'anchored-2023',
      });
      return eventsOf(icsOf(entries, { generatedAt: GENERATED_AT })).get(
        'anchored-2023/follow-up/once@decree',
      )!;
    };
    const before = await followUp();
    await recordIn(
      'anchored-2023',
      'RejectSubmission',
      { submissionId: 'first', reason: 'Incomplete' },
      '2023-03-01',
    );
    const after = await followUp();
    // Met by the second filing instead: 30 days from 02-24, not from 02-20.
    expect([before.start, after.start]).toEqual(['2023-03-22', '2023-03-27']);
    expect(after.sequence).toBeGreaterThan(before.sequence);
  });

  it('is the same bytes for the same record, also read as known at an earlier instant', async () => {
    expect((await exportNow()).ics).toBe(story.later!.ics);
    // As known when each export was taken: that export, byte for byte, with its smaller sequences.
    for (const name of ['initial', 'met', 'extensionRetracted', 'triggerRetracted'])
      expect([name, (await exportNow(story[name]!.at)).ics]).toEqual([name, story[name]!.ics]);
    const first = eventsOf((await exportNow(story.initial!.at)).ics);
    const last = eventsOf(story.later!.ics);
    for (const [uid, e] of first) expect(last.get(uid)!.sequence).toBeGreaterThan(e.sequence);
  });
});

describe('an occurrence a retraction took away', () => {
  it('is exported cancelled under its UID, with a higher sequence, saying why', () => {
    const before = at('extensionRetracted', INCIDENT_2);
    expect(before).toMatchObject({ start: '2023-05-10', status: null });
    const gone = at('triggerRetracted', INCIDENT_2);
    expect(gone).toMatchObject({
      start: '2023-05-10',
      status: 'CANCELLED',
      summary: 'Not due (retracted): Incident report (acme-2023)',
      alarms: 0,
    });
    expect(gone.sequence).toBeGreaterThan(before.sequence);
    const entry = story.triggerRetracted!.entries.find((e) => e.id === 'incident-report/breach-2');
    expect(entry).toMatchObject({
      status: 'void',
      retracted: { eventId: ids.breach2, type: 'IncidentDiscovered' },
    });
  });

  it('stays cancelled, its sequence never falling, as the record grows', () => {
    const later = at('later', INCIDENT_2);
    expect(later.status).toBe('CANCELLED');
    expect(later.sequence).toBeGreaterThanOrEqual(at('triggerRetracted', INCIDENT_2).sequence);
  });

  it('is exported only within the window, as every entry is', async () => {
    const listed = async (from: string) =>
      (await engine.calendar({ ...QUERY, orderId: ORDER, from }))
        .filter((e) => e.retracted !== undefined)
        .map((e) => e.id);
    expect(await listed('2023-05-10')).toEqual(['incident-report/breach-2']);
    expect(await listed('2023-05-11')).toEqual([]);
  });
});

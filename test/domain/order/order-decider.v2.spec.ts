// The commands and rules of the compliance semantics v2 (design.md 6.1, section 4): each accepted
// once (re-issued, it records nothing) and refused, with its code and field path, when it breaks a rule.
import { describe, it } from 'vitest';
import { ACTORS, command, record, recorded } from '../../support/order-builders.js';
import { alleged, scenario, accepts, rejects } from '../../support/order-scenario.js';

const base = scenario().events;
const court = { by: ACTORS.court };
const petition = command(
  'FilePetition',
  { petitionId: 'pet-1', relief: 'modify', summary: 'Relief from the order' },
  { on: '2023-07-13', by: ACTORS.x },
);
const withPetition = record([petition], scenario()).events;

describe('ResolveAllegation', () => {
  const resolve = command(
    'ResolveAllegation',
    { violationId: 'v-1', resolution: 'withdrawn', summary: 'Withdrawn' },
    court,
  );
  it('resolves a pending allegation, once', () => accepts(base, resolve));
  it('refuses a violation never alleged', () =>
    rejects(
      base,
      command(
        'ResolveAllegation',
        { violationId: 'v-9', resolution: 'dismissed', summary: 'x' },
        court,
      ),
      'VIOLATION_NOT_FOUND',
      ['data', 'violationId'],
    ));
  it('refuses an allegation already found', () => {
    const found = record(
      [
        command(
          'FindViolation',
          { violationId: 'v-1', obligationId: alleged.data.obligationId, summary: 'Found' },
          { on: '2022-10-01' },
        ),
      ],
      scenario(),
    ).events;
    rejects(found, resolve, 'ALLEGATION_NOT_PENDING', ['data', 'violationId']);
  });
  it('refuses a second, different resolution', () =>
    rejects(
      [...base, recorded(resolve)],
      command(
        'ResolveAllegation',
        { violationId: 'v-1', resolution: 'dismissed', summary: 'Dismissed' },
        court,
      ),
      'ALLEGATION_NOT_PENDING',
      ['data', 'violationId'],
    ));
});

describe('DecidePetition and DecideMotion', () => {
  const deny = command(
    'DecideMotion',
    { motionId: 'pet-1', ruling: 'denied', summary: 'Denied' },
    { on: '2023-11-16', by: ACTORS.court },
  );
  it('rules on a petition or motion filed, once', () => accepts(withPetition, deny));
  it('refuses a ruling on nothing filed', () =>
    rejects(
      base,
      command('DecidePetition', { petitionId: 'nope', ruling: 'granted', summary: 'x' }),
      'PETITION_NOT_FOUND',
      ['data', 'petitionId'],
    ));
  it('refuses a second ruling, by either name', () =>
    rejects(
      [...withPetition, recorded(deny)],
      command('DecidePetition', { petitionId: 'pet-1', ruling: 'granted', summary: 'Granted' }),
      'PETITION_ALREADY_DECIDED',
      ['data', 'petitionId'],
    ));
  it('refuses a ruling by the company', () =>
    rejects(
      withPetition,
      command(
        'DecideMotion',
        { motionId: 'pet-1', ruling: 'granted', summary: 'x' },
        { by: ACTORS.x },
      ),
      'ACTOR_NOT_PERMITTED',
      ['meta', 'actor', 'role'],
    ));
});

describe('SupersedeObligation', () => {
  const supersede = command('SupersedeObligation', {
    obligationId: 'report',
    successor: { orderId: 'ftc-2023', obligationId: 'report-2023' },
    summary: 'Restated',
  });
  it('supersedes an obligation, once', () => accepts(base, supersede));
  it('refuses an obligation never imposed', () =>
    rejects(
      base,
      command('SupersedeObligation', {
        obligationId: 'ghost',
        successor: { orderId: 'x' },
        summary: 'x',
      }),
      'OBLIGATION_NOT_FOUND',
      ['data', 'obligationId'],
    ));
  it('refuses a second supersession', () =>
    rejects(
      [...base, recorded(supersede)],
      command('SupersedeObligation', {
        obligationId: 'report',
        successor: { orderId: 'other' },
        summary: 'Again',
      }),
      'ALREADY_SUPERSEDED',
      ['data', 'obligationId'],
    ));
  it('refuses a successor that names nothing', () =>
    rejects(
      base,
      command('SupersedeObligation', { obligationId: 'report', successor: {}, summary: 'x' }),
      'INVALID_SUCCESSOR',
      ['data', 'successor'],
    ));
});

describe('DeclareClosure, DemandInformation within a period, conditions, the end of the term', () => {
  it('declares a closure, once; refuses one that ends before it starts', () => {
    accepts(
      base,
      command('DeclareClosure', { closedOn: '2023-03-14', reason: "Clerk's office closed" }, court),
    );
    rejects(
      base,
      command(
        'DeclareClosure',
        { closedOn: '2023-03-14', through: '2023-03-13', reason: 'x' },
        court,
      ),
      'INVALID_PERIOD',
      ['data', 'through'],
    );
  });
  it('takes a demand answered by a date or within a period, never both or neither', () => {
    accepts(
      base,
      command('DemandInformation', {
        demandId: 'cid-1',
        summary: 'Documents',
        respondWithin: { days: 30 },
      }),
    );
    rejects(
      base,
      command('DemandInformation', {
        demandId: 'cid-2',
        summary: 'x',
        dueOn: '2023-01-01',
        respondWithin: { days: 30 },
      }),
      'INVALID_SCHEDULE',
      ['data', 'respondWithin'],
    );
    rejects(
      base,
      command('DemandInformation', { demandId: 'cid-3', summary: 'x' }),
      'INVALID_SCHEDULE',
      ['data', 'dueOn'],
    );
  });
  it('refuses a condition on a deadline that counts from entry', () =>
    rejects(
      base,
      command('ImposeObligation', {
        obligationId: 'c',
        title: 'x',
        kind: 'report',
        schedule: {
          kind: 'after',
          anchor: { kind: 'order_entry' },
          offset: { days: 30 },
          condition: { measure: 'usersAffected', op: '>=', value: 250 },
        },
      }),
      'INVALID_SCHEDULE',
      ['data', 'schedule', 'condition'],
    ));
  it("refuses a new duty taking effect after the term's last day (2042-05-26)", () =>
    rejects(
      base,
      command(
        'ImposeObligation',
        {
          obligationId: 'late',
          title: 'x',
          kind: 'report',
          schedule: { kind: 'once', dueOn: '2043-01-01' },
        },
        { on: '2042-06-01' },
      ),
      'ORDER_ENDED',
      ['meta', 'effectiveOn'],
    ));
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideOrder,
  evolveOrder,
  initialOrderState,
  isDomainRuleViolation,
  OrderCommand,
  OrderEvent,
  ORDER_EVENT_TYPES,
  ownEntry,
  type OrderState,
  type Schedule,
} from '../../domain/index.js';
import {
  commandFor,
  commandIntentArb,
  orderEventArb,
  scheduleArb,
  type CommandIntent,
} from '../../src/testing/index.js';
import { ORDER_SEED } from '../support/fc-params.js';

const OPTIONAL = [
  'retroactive',
  'releasesAccrued',
  'clauseText',
  'usersAffected',
  'measures',
  'occursOn',
  'count',
];

/** The optional fields a command's data (and an amendment's changes) carry, and its schedule's kind and condition. */
const fieldsOf = (c: OrderCommand): string[] => {
  const d = c.data as Record<string, unknown>;
  const changes = (d.changes ?? {}) as Record<string, unknown>;
  const schedule = (d.schedule ?? changes.schedule) as Schedule | undefined;
  return [
    ...OPTIONAL.filter((k) => d[k] !== undefined).map((k) => `${c.type}.${k}`),
    ...(d.evidenceRecord === undefined
      ? []
      : [`${c.type}.evidenceRecord.${String(d.evidenceRecord)}`]),
    ...['evidenceRecord', 'clauseText']
      .filter((k) => changes[k] !== undefined)
      .map((k) => `${c.type}.changes.${k}`),
    ...(schedule ? [`schedule.${schedule.kind}`] : []),
    ...(schedule && 'condition' in schedule && schedule.condition
      ? [`schedule.${schedule.kind}.condition`]
      : []),
  ];
};

/** A finding's period: with an end or not, and starting before the obligation's waiver (when it was waived). */
const periodOf = (
  period: { from: string; to?: string | undefined },
  waivedOn: string | undefined,
): string[] => [
  'FindViolation.period',
  ...(period.to ? ['FindViolation.period.to'] : []),
  ...(waivedOn !== undefined && period.from < waivedOn
    ? ['FindViolation.period.beforeWaiver']
    : []),
];

/** What a command of a newer type, or with a newer field, exercises in the state it was aimed at. */
const aimOf = (c: OrderCommand, s: OrderState): string[] => {
  switch (c.type) {
    case 'TerminateOrder':
      return [
        `TerminateOrder.kind.${c.data.kind ?? 'none'}`,
        ...(c.data.successor ? ['TerminateOrder.successor'] : []),
      ];
    case 'SupersedeObligation':
      return Object.keys(c.data.successor).map((k) => `SupersedeObligation.successor.${k}`);
    case 'ResolveAllegation':
      return ownEntry(s.violations, c.data.violationId)?.alleged
        ? []
        : ['ResolveAllegation.notAlleged'];
    case 'DecidePetition':
      return ownEntry(s.petitions, c.data.petitionId) ? [] : ['DecidePetition.notFiled'];
    case 'DecideMotion':
      return ownEntry(s.petitions, c.data.motionId) ? [] : ['DecideMotion.notFiled'];
    case 'AssignObligation':
      return (['occurrence', 'backup'] as const)
        .filter((k) => c.data[k] !== undefined)
        .map((k) => `AssignObligation.${k}`);
    case 'FindViolation':
      return c.data.period
        ? periodOf(c.data.period, ownEntry(s.obligations, c.data.obligationId)?.waived?.on)
        : [];
    default:
      return [];
  }
};

const featuresOf = (c: OrderCommand, s: OrderState): string[] => [
  c.type,
  ...fieldsOf(c),
  ...aimOf(c, s),
];

const EXPECTED = [
  'SupersedeObligation',
  'ResolveAllegation',
  'DecidePetition',
  'DecideMotion',
  'DeclareClosure',
  'AmendObligation.retroactive',
  'ModifyOrder.retroactive',
  'WaiveObligation.retroactive',
  'WaiveObligation.releasesAccrued',
  'FileOrder.evidenceRecord.partial',
  'ModifyOrder.evidenceRecord.partial',
  'ImposeObligation.evidenceRecord.partial',
  'AmendObligation.changes.evidenceRecord',
  'ImposeObligation.clauseText',
  'AmendObligation.changes.clauseText',
  'TerminateOrder.kind.terminated',
  'TerminateOrder.kind.expired',
  'TerminateOrder.kind.vacated',
  'TerminateOrder.kind.superseded',
  'TerminateOrder.kind.none',
  'TerminateOrder.successor',
  'SupersedeObligation.successor.obligationId',
  'SupersedeObligation.successor.orderId',
  'FindViolation.period',
  'FindViolation.period.to',
  'FindViolation.count',
  'FindViolation.period.beforeWaiver',
  'DiscoverIncident.usersAffected',
  'DiscoverIncident.measures',
  'RecordCorporateChange.measures',
  'RecordCorporateChange.occursOn',
  'schedule.before',
  'schedule.before.condition',
  'schedule.after.condition',
];

/** Runs intents like `runIntents`, counting the features of every command built, accepted and refused. */
const tally = (intents: readonly (readonly CommandIntent[])[]) => {
  const accepted = new Map<string, number>();
  const refused = new Map<string, number>();
  let built = 0;
  for (const run of intents) {
    let s = initialOrderState();
    for (const intent of run) {
      const c = commandFor(intent, s);
      built += 1;
      expect(OrderCommand.parse(JSON.parse(JSON.stringify(c)))).toEqual(c);
      const features = featuresOf(c, s);
      try {
        s = decideOrder(c, s).reduce(evolveOrder, s);
        for (const k of features) accepted.set(k, (accepted.get(k) ?? 0) + 1);
      } catch (e) {
        if (!isDomainRuleViolation(e)) throw e;
        for (const k of features) refused.set(k, (refused.get(k) ?? 0) + 1);
      }
    }
  }
  return { accepted, refused, built };
};

describe('command generators: the newer commands and fields', () => {
  const intents = fc.sample(
    fc.array(commandIntentArb(), { minLength: 1, maxLength: 40, size: 'max' }),
    { seed: ORDER_SEED, numRuns: 200 },
  );
  const { accepted, refused, built } = tally(intents);

  it('build only schema-valid commands, a few hundred of them', () => {
    expect(built).toBeGreaterThan(500);
  });

  it.each(EXPECTED)('exercise %s in an accepted command', (feature) => {
    expect(accepted.get(feature) ?? 0).toBeGreaterThan(0);
  });

  it('aim the new commands wrongly sometimes (refused), and mostly rightly', () => {
    for (const type of [
      'SupersedeObligation',
      'ResolveAllegation',
      'DecidePetition',
      'DecideMotion',
    ]) {
      expect(refused.get(type) ?? 0, type).toBeGreaterThan(0);
      expect(accepted.get(type) ?? 0, type).toBeGreaterThan(refused.get(type) ?? 0);
    }
    expect(
      (refused.get('ResolveAllegation.notAlleged') ?? 0) +
        (refused.get('DecidePetition.notFiled') ?? 0) +
        (refused.get('DecideMotion.notFiled') ?? 0),
    ).toBeGreaterThan(0);
  });

  it('keep rare flags rare: retroactive on at most a fifth of the changes that may carry it', () => {
    for (const type of ['AmendObligation', 'ModifyOrder', 'WaiveObligation']) {
      const all = (accepted.get(type) ?? 0) + (refused.get(type) ?? 0);
      const retro =
        (accepted.get(`${type}.retroactive`) ?? 0) + (refused.get(`${type}.retroactive`) ?? 0);
      expect(retro / all, type).toBeLessThan(0.2);
    }
  });
});

describe('command generators: assignments, when mixed in (weights)', () => {
  const intents = fc.sample(
    fc.array(commandIntentArb({ weights: { AssignObligation: 3 } }), {
      minLength: 1,
      maxLength: 40,
      size: 'max',
    }),
    { seed: ORDER_SEED, numRuns: 200 },
  );
  const { accepted, refused } = tally(intents);

  it.each(['AssignObligation', 'AssignObligation.occurrence', 'AssignObligation.backup'])(
    'exercise %s in an accepted command',
    (feature) => expect(accepted.get(feature) ?? 0).toBeGreaterThan(0),
  );

  it('aim assignments wrongly sometimes (the owner as backup), and mostly rightly', () => {
    expect(refused.get('AssignObligation') ?? 0).toBeGreaterThan(0);
    expect(accepted.get('AssignObligation') ?? 0).toBeGreaterThan(refused.get('AssignObligation')!);
  });

  it('leave assignments out by default, so fixed-seed histories stay as they were', () => {
    const plain = tally(
      fc.sample(fc.array(commandIntentArb(), { maxLength: 40 }), { seed: ORDER_SEED, numRuns: 50 }),
    );
    expect(plain.accepted.get('AssignObligation') ?? 0).toBe(0);
  });
});

describe('schema-level arbitraries', () => {
  it('produce schema-valid events of every type, the newer ones included', () => {
    const seen = new Set<string>();
    for (const e of fc.sample(orderEventArb(), { seed: ORDER_SEED, numRuns: 1500 })) {
      expect(OrderEvent.parse(e)).toEqual(e);
      seen.add(e.type);
    }
    expect([...seen].sort()).toEqual([...ORDER_EVENT_TYPES].sort());
  });

  it('produce schedules before a trigger and with conditions', () => {
    const kinds = new Set(
      fc
        .sample(scheduleArb(), { seed: ORDER_SEED, numRuns: 300 })
        .map((s) => `${s.kind}${'condition' in s && s.condition ? '+condition' : ''}`),
    );
    expect(kinds).toContain('before+condition');
    expect(kinds).toContain('after+condition');
  });
});

describe('command generators: facts entered late, when asked (backdate)', () => {
  /** Each command's effective date, with the latest effective date recorded before it and the filing date. */
  const dated = (intents: readonly CommandIntent[]) => {
    let s: OrderState = initialOrderState();
    const out: { on: string; latest: string; filed: string | undefined }[] = [];
    let latest = '';
    for (const intent of intents) {
      const c = commandFor(intent, s, { backdate: 0.25 });
      out.push({ on: c.meta.effectiveOn, latest, filed: s.filed?.on });
      try {
        for (const e of decideOrder(c, s)) {
          if (e.metadata.effectiveOn > latest) latest = e.metadata.effectiveOn;
          s = evolveOrder(s, e);
        }
      } catch (e) {
        if (!isDomainRuleViolation(e)) throw e;
      }
    }
    return out;
  };
  const histories = fc
    .sample(
      fc.array(commandIntentArb({ backdate: 0.25 }), { minLength: 1, maxLength: 40, size: 'max' }),
      { seed: ORDER_SEED, numRuns: 200 },
    )
    .map(dated);

  it('date facts before the latest one in most histories, never before the filing', () => {
    const late = histories.filter((h) => h.some((c) => c.on < c.latest));
    expect(late.length).toBeGreaterThan(histories.length / 2);
    const early = histories.flat().filter((c) => c.filed !== undefined && c.on < c.filed);
    expect(early).toEqual([]);
  });

  it('draw nothing backdated by default, so fixed-seed histories stay as they were', () => {
    const intents = fc.sample(commandIntentArb(), { seed: ORDER_SEED, numRuns: 200 });
    expect(intents.every((i) => !('back' in i))).toBe(true);
  });
});

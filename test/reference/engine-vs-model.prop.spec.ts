/**
 * The whole engine against the reference model (issue 6, deliverable 2).
 *
 * A run is a script of steps generated up front: commands (from `commandIntentArb`, aimed at the
 * order with `commandFor`), NDJSON imports of a few more, engine re-opens, and status queries at
 * random `asOf` / `knownAt` / warning windows. The script is drawn as plain data (so it shrinks
 * like an array) and then made concrete with the domain decider, which predicts what each command
 * or import line records; the engine must agree. Every `recordedAt` is known in advance: the
 * store's clock is fixed during a step and moves one second between steps. Each query's answer
 * from the public API (`createEngine(...).status`) is compared with `referenceStatus` computed
 * from the recorded log: order status and, per occurrence, id, status, dueOn and daysLate.
 *
 * CI: fixed seed 20261127, 600 memory + 150 SQLite runs (~12 s). `DECREE_DEEP=1`: 10,000 + 2,000 runs, random seed
 * (printed). A failure prints the seed, the shrunk script one step per line, and the difference.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createEngine,
  currentDeadline,
  decideOrder,
  eventOf,
  obligationOccurrences,
  evolveOrder,
  initialOrderState,
  isDecreeError,
  isDomainRuleViolation,
  leavesAnswersAlone,
  addDays,
  type CalendarDate,
  type Engine,
  type EventStore,
  type OrderAnswer,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
} from '../../src/index.js';
import {
  commandFor,
  commandIntentArb,
  openThrowawayStore,
  type CommandIntent,
  type CommandOptions,
} from '../../src/testing/index.js';
import { fcParams } from '../projections/support.js';
import { referenceAdmits, type ModelVerdict } from './reference-admits.js';
import { referenceExposure } from './reference-exposure.js';
import {
  referenceStatus,
  type EngineDeviations,
  type ModelAnswer,
  type RecordedFact,
} from './reference-model.js';

/** Departures of the engine from design.md found by this test (see reference-model.ts and the report). */
// Bugs 2-5 were fixed in the engine (their switches stay for the next departure found); 6 and 7 are open.
const ENGINE_DEVIATIONS: EngineDeviations = {}; // every departure found so far is fixed; the switches stay for the next one

const DEEP = Boolean(process.env.DECREE_DEEP);
const SEED = 20_261_127;
const ORDER = 'order-model';
const STREAM = `order-${ORDER}`;
const BASE_MS = Date.parse('2030-01-01T00:00:00.000Z');
const instantOf = (step: number): string => new Date(BASE_MS + (step + 1) * 1000).toISOString();
const shortId = (id: string) => id.slice(-4);

// ---------------------------------------------------------------- raw steps (what fast-check draws)

type RawStep =
  | {
      readonly kind: 'cmd';
      readonly intent: CommandIntent;
      readonly backdate: number;
      readonly snap: number | undefined;
    }
  | {
      readonly kind: 'import';
      readonly intents: readonly CommandIntent[];
      readonly redeliver: number | undefined;
      readonly skipInvalid: boolean;
    }
  | { readonly kind: 'reopen' }
  | {
      readonly kind: 'query';
      readonly date: number;
      readonly delta: number;
      readonly known: number;
      readonly knownMode: 'all' | 'at' | 'before';
      readonly warningDays: number | undefined;
    };

const deltaArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, -1, 2, -2, -30, -31, -29, 30, 31) },
  { weight: 2, arbitrary: fc.integer({ min: -400, max: 400 }) },
);

const rawStepArb = (intent: fc.Arbitrary<CommandIntent>): fc.Arbitrary<RawStep> =>
  fc.oneof(
    {
      weight: 10,
      arbitrary: fc.record(
        {
          kind: fc.constant('cmd' as const),
          intent,
          backdate: fc.oneof(
            { weight: 5, arbitrary: fc.constant(0) },
            { weight: 1, arbitrary: fc.integer({ min: 1, max: 120 }) },
          ),
          snap: fc.option(fc.nat({ max: 1000 }), { nil: undefined, freq: 4 }),
        },
        { noNullPrototype: true },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          kind: fc.constant('import' as const),
          intents: fc.array(intent, { minLength: 1, maxLength: 4 }),
          redeliver: fc.option(fc.nat({ max: 100 }), { nil: undefined }),
          skipInvalid: fc.boolean(),
        },
        { noNullPrototype: true },
      ),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
    {
      weight: 6,
      arbitrary: fc.record(
        {
          kind: fc.constant('query' as const),
          date: fc.nat({ max: 1000 }),
          delta: deltaArb,
          known: fc.nat({ max: 1000 }),
          knownMode: fc.constantFrom(
            'all' as const,
            'at' as const,
            'at' as const,
            'before' as const,
          ),
          warningDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined, freq: 4 }),
        },
        { noNullPrototype: true },
      ),
    },
  );

// ---------------------------------------------------------------- concrete script (what runs, and prints)

type Outcome =
  | { readonly ok: true; readonly events: readonly OrderEvent[] }
  | { readonly ok: false; readonly code: string };
type Verdict = 'new' | 'duplicate' | { readonly code: string };

type Step =
  | {
      readonly kind: 'cmd';
      readonly at: string;
      readonly command: OrderCommand;
      readonly outcome: Outcome;
      readonly model: ModelVerdict;
    }
  | {
      readonly kind: 'import';
      readonly at: string;
      readonly lines: readonly { readonly event: OrderEvent; readonly verdict: Verdict }[];
      readonly skipInvalid: boolean;
      readonly written: readonly OrderEvent[];
    }
  | { readonly kind: 'reopen' }
  | {
      readonly kind: 'query';
      readonly asOf: CalendarDate;
      readonly knownAt?: string;
      readonly warningDays?: number;
      readonly facts: number;
    };

interface Script {
  readonly steps: readonly Step[];
  /** The log the store should hold after the whole script (each query reads a prefix of it). */
  readonly facts: readonly RecordedFact[];
}

const TEXT_FIELDS = new Set([
  'title',
  'summary',
  'reason',
  'forum',
  'clause',
  'url',
  'stipulatedPenalties',
]);
const compactData = (data: object): string =>
  JSON.stringify(Object.fromEntries(Object.entries(data).filter(([k]) => !TEXT_FIELDS.has(k))))
    .replace(/"([A-Za-z]+)":/g, '$1:')
    .replace(/"/g, '');
const showEvent = (
  type: string,
  id: string,
  data: object,
  meta: { effectiveOn: string; actor: { role: string } },
) => `${meta.effectiveOn} ${type}#${shortId(id)} ${meta.actor.role} ${compactData(data)}`;
const showVerdict = (v: Verdict) => (typeof v === 'string' ? v : `refused ${v.code}`);

const showStep = (s: Step, i: number): string => {
  switch (s.kind) {
    case 'cmd': {
      const { eventId, ...meta } = s.command.meta;
      return `${i}. @${s.at.slice(14, 19)} execute ${showEvent(s.command.type, eventId, s.command.data, meta)} -> ${s.outcome.ok ? (s.outcome.events.length ? 'recorded' : 'already recorded') : `refused ${s.outcome.code}`}`;
    }
    case 'import':
      return `${i}. @${s.at.slice(14, 19)} importNdjson${s.skipInvalid ? ' --skip-invalid' : ''}:\n${s.lines.map((l) => `      ${showEvent(l.event.type, l.event.id, l.event.data, l.event.metadata)} -> ${showVerdict(l.verdict)}`).join('\n')}`;
    case 'reopen':
      return `${i}. reopen the engine on the same store`;
    case 'query':
      return `${i}. status asOf=${s.asOf} knownAt=${s.knownAt?.slice(14) ?? 'all'}${s.warningDays === undefined ? '' : ` warningDays=${s.warningDays}`}`;
  }
};

const withToString = (script: Script): Script =>
  Object.assign(script, {
    [fc.toStringMethod]: () => `\n${script.steps.map(showStep).join('\n')}\n`,
  });

/** Civil dates that a fact mentions anywhere (effective dates, due dates, schedule starts…). */
const datesIn = (x: unknown, out: Set<string>): void => {
  if (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x)) out.add(x);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) datesIn(v, out);
};

/** Interesting query dates: every date the log mentions, and every deadline the model sees far ahead. */
const candidateDates = (facts: readonly RecordedFact[]): CalendarDate[] => {
  const out = new Set<string>();
  for (const f of facts) datesIn(f.event, out);
  const last = [...out].sort().at(-1);
  if (last)
    for (const o of referenceStatus(facts, { asOf: addDays(last as CalendarDate, 400) })
      ?.occurrences ?? [])
      out.add(o.dueOn);
  return [...out].sort() as CalendarDate[];
};

const decide = (command: OrderCommand, s: OrderState): Outcome => {
  try {
    return { ok: true, events: decideOrder(command, s) };
  } catch (e) {
    if (!isDomainRuleViolation(e)) throw e;
    return { ok: false, code: e.code };
  }
};

/**
 * Post-judgment interest on two payment obligations in three (the generators state none), so that
 * unpaid rows compare interest and how payments go to it: a rate of 0.01 % to 4 % a year (the model
 * sums in floating point, exact below 2^53), payments to the interest first, or, one time in two,
 * to the principal first. `payments`: every obligation with a deadline is a payment (one in nine
 * otherwise). Drawn from the intent, so the draws and the other properties stay as they were.
 */
const withInterest = (
  data: Extract<OrderCommand, { type: 'ImposeObligation' }>['data'],
  i: CommandIntent,
  payments: boolean,
): Extract<OrderCommand, { type: 'ImposeObligation' }>['data'] => {
  if (i.amountMinor % 3 === 0) return data;
  const interest = {
    annualRateBasisPoints: i.span,
    ...(i.amountMinor % 3 === 2 ? { paymentApplication: 'principal_first' as const } : {}),
  };
  if (data.kind === 'payment') return { ...data, interest };
  if (!payments || data.schedule.kind === 'ongoing' || i.bad) return data;
  const { requiresAcceptance: _, ...rest } = data;
  const amount = { amountMinor: i.amountMinor, currency: 'USD' };
  return { ...rest, kind: 'payment', amount, interest };
};

/**
 * Aims the command at the run's one order (a FileOrder names the stream's order, and sometimes
 * sets the order's own warning window, which the generators never do); `backdate` moves its
 * effective date into the past, as when a fact is learned late (the generators only move forward).
 * An obligation imposed may bear interest (`withInterest`).
 */
const aim = (
  c: OrderCommand,
  i: CommandIntent,
  effectiveOn = c.meta.effectiveOn,
  payments = false,
): OrderCommand => {
  const meta = { ...c.meta, effectiveOn };
  if (c.type === 'ImposeObligation') return { ...c, meta, data: withInterest(c.data, i, payments) };
  if (c.type !== 'FileOrder') return { ...c, meta } as OrderCommand;
  return {
    ...c,
    meta,
    data: { ...c.data, orderId: ORDER, ...(i.span % 4 === 0 ? { warningDays: i.span % 61 } : {}) },
  } as OrderCommand;
};

/** Every deadline the order has now (after extensions), for facts aimed at a boundary. */
const deadlinesOf = (s: OrderState, horizon: CalendarDate): CalendarDate[] =>
  Object.keys(s.obligations)
    .flatMap((id) =>
      obligationOccurrences(s, id, horizon).map((o) => currentDeadline(s, id, o.key) ?? o.dueOn),
    )
    .sort();

/**
 * The effective date of a generated fact: as drafted; or moved back (`backdate`, a fact learned
 * late); or snapped to the day before, of or after one of the order's deadlines (`snap`), since
 * "on D is on time, D + 1 is late" and "terminated before D" are the rules' sharpest edges.
 */
const effectiveDate = (
  s: OrderState,
  drafted: CalendarDate,
  raw: Extract<RawStep, { kind: 'cmd' }>,
): CalendarDate => {
  const deadlines = raw.snap === undefined ? [] : deadlinesOf(s, addDays(drafted, 730));
  const target = deadlines[(raw.snap ?? 0) % Math.max(deadlines.length, 1)];
  if (target !== undefined) return addDays(target, (Math.floor((raw.snap ?? 0) / 7) % 3) - 1);
  return raw.backdate > 0 ? addDays(drafted, -raw.backdate) : drafted;
};

class ScriptBuilder {
  /** `payments`: every obligation imposed with a deadline is a payment (`withInterest`). */
  readonly payments: boolean;
  constructor(payments = false) {
    this.payments = payments;
  }
  state: OrderState = initialOrderState();
  readonly facts: RecordedFact[] = [];
  readonly steps: Step[] = [];

  record(events: readonly OrderEvent[], at: string): void {
    for (const e of events) {
      this.facts.push({ event: e, recordedAt: at });
      this.state = evolveOrder(this.state, e);
    }
  }

  cmd(raw: Extract<RawStep, { kind: 'cmd' }>, at: string): void {
    const drafted = commandFor(raw.intent, this.state);
    const command = aim(
      drafted,
      raw.intent,
      effectiveDate(this.state, drafted.meta.effectiveOn, raw),
      this.payments,
    );
    const outcome = decide(command, this.state);
    const model = referenceAdmits(this.facts, eventOf(command)); // the model's own reading, before the event is recorded
    if (outcome.ok) this.record(outcome.events, at);
    this.steps.push({ kind: 'cmd', at, command, outcome, model });
  }

  import(raw: Extract<RawStep, { kind: 'import' }>, at: string): void {
    let s = this.state;
    const lines: { event: OrderEvent; verdict: Verdict }[] = [];
    const admitted: OrderEvent[] = [];
    const old =
      raw.redeliver === undefined
        ? undefined
        : this.facts[raw.redeliver % Math.max(this.facts.length, 1)]?.event;
    if (old) lines.push({ event: old, verdict: 'duplicate' });
    for (const intent of raw.intents) {
      const command = aim(commandFor(intent, s), intent, undefined, this.payments);
      const outcome = decide(command, s);
      const recorded = outcome.ok ? outcome.events[0] : undefined;
      const verdict: Verdict = !outcome.ok
        ? { code: outcome.code }
        : recorded
          ? 'new'
          : 'duplicate';
      lines.push({ event: eventOf(command), verdict });
      if (recorded) {
        admitted.push(recorded);
        s = evolveOrder(s, recorded);
      }
    }
    const refused = lines.some((l) => typeof l.verdict !== 'string');
    const written = refused && !raw.skipInvalid ? [] : admitted;
    this.record(written, at);
    this.steps.push({ kind: 'import', at, lines, skipInvalid: raw.skipInvalid, written });
  }

  query(raw: Extract<RawStep, { kind: 'query' }>): void {
    const dates = candidateDates(this.facts);
    const base = dates[raw.date % Math.max(dates.length, 1)] ?? ('2011-03-01' as CalendarDate);
    const instants = [...new Set(this.facts.map((f) => f.recordedAt))];
    const at = instants[raw.known % Math.max(instants.length, 1)];
    // Judgments paid often are asked about as known in the end: most payments come late in a script.
    const knownAt =
      raw.knownMode === 'all' || at === undefined || this.payments
        ? undefined
        : raw.knownMode === 'at'
          ? at
          : new Date(Date.parse(at) - 1).toISOString();
    this.steps.push({
      kind: 'query',
      asOf: addDays(base, raw.delta),
      ...(knownAt ? { knownAt } : {}),
      ...(raw.warningDays === undefined ? {} : { warningDays: raw.warningDays }),
      facts: this.facts.length,
    });
  }
}

const concretize = (raw: readonly RawStep[], payments = false): Script => {
  const b = new ScriptBuilder(payments);
  raw.forEach((r, i) => {
    if (r.kind === 'cmd') b.cmd(r, instantOf(i));
    else if (r.kind === 'import') b.import(r, instantOf(i));
    else if (r.kind === 'query') b.query(r);
    else b.steps.push(r);
  });
  return withToString({ steps: b.steps, facts: b.facts });
};

const scriptArb = (
  maxSteps: number,
  options: CommandOptions = {},
  payments = false,
): fc.Arbitrary<Script> =>
  fc
    .array(rawStepArb(commandIntentArb(options)), {
      minLength: 1,
      maxLength: maxSteps,
      size: 'max',
    })
    .map((raw) => concretize(raw, payments));

// ---------------------------------------------------------------- running a script against an engine

/** The owner's e-mail: the model keeps it as is, the engine in `owner.owner.email`. */
const ownerEmail = (o: { readonly owner?: unknown }): string | undefined =>
  typeof o.owner === 'string'
    ? o.owner
    : (o.owner as { owner: { email: string } } | undefined)?.owner.email;

const project = (a: OrderAnswer | ModelAnswer) => ({
  status: a.status,
  occurrences: [...a.occurrences]
    .map((o) => ({
      id: o.id,
      status: o.status,
      dueOn: o.dueOn,
      ...(o.daysLate === undefined ? {} : { daysLate: o.daysLate }),
      ...((e) => (e === undefined ? {} : { owner: e }))(ownerEmail(o)),
    }))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
});

const show = (x: unknown) => JSON.stringify(x, null, 1).replace(/\n\s*/g, ' ');

class Mismatch extends Error {
  override readonly name = 'Mismatch';
}

const fail = (i: number, what: string, expected: unknown, actual: unknown): never => {
  throw new Mismatch(`step ${i}: ${what}\n  model:  ${show(expected)}\n  engine: ${show(actual)}`);
};

const codeOf = (e: unknown): string => (isDecreeError(e) ? e.code : `${String(e)}`);

const toInput = (c: OrderCommand) => c as unknown as Parameters<Engine['execute']>[1];

const lineOf = (e: OrderEvent): string =>
  JSON.stringify({
    stream: STREAM,
    id: e.id,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
  });

type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>;

const sumUp = (o: Outcome) => (o.ok ? `recorded ${o.events.length}` : `refused ${o.code}`);

/** `engine.execute` records what the decider predicts (or refuses with the same code), stamped with the step's instant. */
async function runCommand(engine: Engine, s: StepOf<'cmd'>, i: number): Promise<void> {
  let got: Outcome;
  try {
    const r = await engine.execute(ORDER, toInput(s.command));
    got = { ok: true, events: r.events as unknown as OrderEvent[] };
    if (r.events.some((e) => e.recordedAt !== s.at))
      fail(
        i,
        'recordedAt',
        s.at,
        r.events.map((e) => e.recordedAt),
      );
  } catch (e) {
    if (e instanceof Mismatch) throw e;
    got = { ok: false, code: codeOf(e) };
  }
  if (sumUp(got) !== sumUp(s.outcome)) fail(i, 'execute', sumUp(s.outcome), sumUp(got));
  if (s.model === 'unknown') return;
  judged.set(s.command.type, (judged.get(s.command.type) ?? 0) + 1);
  const want = s.model === 'accepted' ? 'accepted' : `refused ${s.model.refused}`;
  const have = got.ok ? 'accepted' : `refused ${got.code}`;
  if (want !== have) fail(i, `the model's own reading of ${s.command.type}`, want, have);
}

/** Commands the model judged by its own reading, by type (the comparison must not be vacuous). */
const judged = new Map<string, number>();

/** `engine.importNdjson` appends, skips and refuses the lines the decider predicts (all or nothing without skipInvalid). */
async function runImport(engine: Engine, s: StepOf<'import'>, i: number): Promise<void> {
  const r = await engine.importNdjson(
    s.lines.map((l) => lineOf(l.event)),
    { skipInvalid: s.skipInvalid },
  );
  const expected = {
    appended: s.written.length,
    duplicates: s.lines.filter((l) => l.verdict === 'duplicate').length,
    problems: s.lines.flatMap((l) => (typeof l.verdict === 'string' ? [] : [l.verdict.code])),
  };
  const actual = {
    appended: r.appended,
    duplicates: r.duplicates,
    problems: r.problems.map((p) => p.code),
  };
  if (show(actual) !== show(expected)) fail(i, 'importNdjson', expected, actual);
}

/** `engine.status` answers what the reference model computes from the log known at `knownAt`. */
async function runQuery(
  engine: Engine,
  script: Script,
  s: StepOf<'query'>,
  i: number,
): Promise<void> {
  const facts = script.facts.slice(0, s.facts);
  const expected = referenceStatus(facts, s, ENGINE_DEVIATIONS);
  countOwned(expected);
  if (COVERAGE) tallyQuery(facts, s, expected);
  let got: ReturnType<typeof project> | string;
  try {
    got = project(
      await engine.status(ORDER, {
        asOf: s.asOf,
        ...(s.knownAt ? { knownAt: s.knownAt } : {}),
        ...(s.warningDays === undefined ? {} : { warningDays: s.warningDays }),
      }),
    );
  } catch (e) {
    got = codeOf(e);
  }
  countKnownAt(facts, s);
  const want = expected ? project(expected) : 'ORDER_NOT_FOUND';
  if (show(want) !== show(got))
    fail(
      i,
      `status asOf=${s.asOf} knownAt=${s.knownAt ?? 'all'} warningDays=${s.warningDays ?? 'default'}`,
      want,
      got,
    );
  if (expected) await compareExposure(engine, facts, s, i);
}

const byRow = (
  a: {
    occurrenceId: string;
    cause: string;
    since?: string | undefined;
    through?: string | undefined;
    basis: string;
  },
  b: typeof a,
) => {
  // Two findings of one occurrence may begin on the same day: their last days tell them apart.
  const ka = `${a.occurrenceId}|${a.cause}|${a.since ?? ''}|${a.through ?? ''}|${a.basis}`;
  const kb = `${b.occurrenceId}|${b.cause}|${b.since ?? ''}|${b.through ?? ''}|${b.basis}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Rows of exposure compared (the comparison must not be vacuous), and of them the days late of occurrences extended after their deadline. */
let exposureRows = 0;
let extendedRows = 0;
/** Unpaid rows compared whose payments went in part to interest, by how the order applies payments. */
const paidToInterest = { interestFirst: 0, principalFirst: 0 };

/** `engine.exposure` prices what the reference model prices, row for row (warning windows do not matter to exposure). */
async function compareExposure(
  engine: Engine,
  facts: readonly RecordedFact[],
  s: StepOf<'query'>,
  i: number,
): Promise<void> {
  const model = referenceExposure(facts, {
    asOf: s.asOf,
    ...(s.knownAt ? { knownAt: s.knownAt } : {}),
  })!;
  const rows = await engine.exposure(ORDER, {
    asOf: s.asOf,
    ...(s.knownAt ? { knownAt: s.knownAt } : {}),
  });
  const got = rows
    .filter((r) => !(r.cause === 'unpaid' && model.skipped.has(r.occurrenceId)))
    .map((r) => ({
      occurrenceId: r.occurrenceId,
      basis: r.basis,
      cause: r.cause,
      since: r.since ?? '',
      through: r.through ?? '',
      days: r.days,
      ...(r.amount ? { amountMinor: r.amount.amountMinor } : {}),
    }))
    .sort(byRow);
  const want = model.rows
    .map((r) => ({
      occurrenceId: r.occurrenceId,
      basis: r.basis,
      cause: r.cause,
      since: r.since,
      through: r.through,
      days: r.days,
      ...(r.amountMinor !== undefined ? { amountMinor: r.amountMinor } : {}),
    }))
    .sort(byRow);
  exposureRows += want.length;
  for (const r of rows)
    for (const n of r.cause === 'unpaid' && !model.skipped.has(r.occurrenceId) ? r.notes : [])
      if (n.includes('went to the interest'))
        paidToInterest[n.includes('principal first') ? 'principalFirst' : 'interestFirst'] += 1;
  extendedRows += want.filter(
    (r) => r.cause === 'late' && model.skipped.has(r.occurrenceId),
  ).length;
  if (show(got) !== show(want))
    fail(i, `exposure asOf=${s.asOf} knownAt=${s.knownAt ?? 'all'}`, want, got);
}

async function runStep(engine: Engine, script: Script, s: Step, i: number): Promise<void> {
  if (s.kind === 'cmd') return runCommand(engine, s, i);
  if (s.kind === 'import') return runImport(engine, s, i);
  if (s.kind === 'query') return runQuery(engine, script, s, i);
}

type Kind = 'memory' | 'sqlite';

async function runScript(kind: Kind, script: Script): Promise<void> {
  let now = new Date(BASE_MS);
  const clock = () => now;
  const { store, dispose } = await openThrowawayStore(kind, { clock });
  const open = (s: EventStore) => createEngine({ store: s, clock, timeZone: 'UTC' });
  try {
    let engine = await open(store);
    for (const [i, s] of script.steps.entries()) {
      if (s.kind === 'cmd' || s.kind === 'import') now = new Date(s.at);
      if (s.kind === 'reopen') engine = await open(store); // a restart: the new runner resumes from the stored checkpoint
      await runStep(engine, script, s, i);
    }
  } finally {
    await dispose();
  }
}

// ---------------------------------------------------------------- coverage (DECREE_COVERAGE=1 prints what the queries exercised)

const COVERAGE = Boolean(process.env.DECREE_COVERAGE);
/** How many occurrences the model gave an owner (counted on every query, coverage or not). */
let owned = 0;
const countOwned = (a: ModelAnswer | undefined) => {
  for (const o of a?.occurrences ?? []) if (o.owner !== undefined) owned += 1;
};
/**
 * Known-at queries with facts recorded later: those the current model answers (every later fact
 * leaves the answers on asOf alone: `leavesAnswersAlone`) and those that fold the log.
 */
const knownAtPaths = { model: 0, fold: 0 };
const countKnownAt = (facts: readonly RecordedFact[], q: Extract<Step, { kind: 'query' }>) => {
  const later = facts.filter((f) => q.knownAt !== undefined && f.recordedAt > q.knownAt);
  if (later.length === 0) return;
  const outside = later.every((f) => leavesAnswersAlone(f.event, q.asOf));
  knownAtPaths[outside ? 'model' : 'fold'] += 1;
};
const tally = new Map<string, number>();
const bump = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
const tallyQuery = (
  facts: readonly RecordedFact[],
  q: Extract<Step, { kind: 'query' }>,
  a: ModelAnswer | undefined,
) => {
  bump(a ? `order ${a.status}` : 'order unknown');
  for (const o of a?.occurrences ?? []) {
    bump(`occurrence ${o.status}${o.daysLate ? ' (late)' : ''}`);
    if (o.owner !== undefined) bump('occurrence owned');
  }
  if (q.knownAt && facts.some((f) => f.recordedAt > q.knownAt!)) bump('knownAt hides facts');
  const known = facts.filter((f) => !q.knownAt || f.recordedAt <= q.knownAt);
  for (const f of known)
    if (f.event.metadata.effectiveOn <= q.asOf) bump(`effective ${f.event.type}`);
};
afterAll(() => {
  if (COVERAGE) console.log([...judged].map(([k, n]) => `judged ${k} ${n}`).join('\n'));
  if (COVERAGE)
    console.log(
      [...tally]
        .sort()
        .map(([k, n]) => `${String(n).padStart(7)} ${k}`)
        .join('\n'),
    );
});

// ---------------------------------------------------------------- the properties

/** Whether a fact was recorded after one dated later than it is. */
const hasLateFact = (facts: readonly RecordedFact[]): boolean => {
  let latest = '';
  for (const f of facts) {
    const on = f.event.metadata.effectiveOn;
    if (on < latest) return true;
    latest = on;
  }
  return false;
};

/** The fixed seed by default; under DECREE_DEEP, `fcParams`'s (a random seed, printed, or DECREE_SEED to replay one). */
const params = (numRuns: number, deepRuns: number): fc.Parameters<[Script]> => {
  if (!DEEP) return { seed: SEED, numRuns, timeout: 5000 };
  return fcParams(numRuns, deepRuns) as fc.Parameters<[Script]>;
};

const TIMEOUT = DEEP ? 60 * 60_000 : 120_000;

describe('the engine agrees with the reference model (design.md §6) on every status query', () => {
  it('on the memory store', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(scriptArb(40), (script) => runScript('memory', script)),
      params(600, 10_000),
    );
  });

  it('on a throwaway SQLite store', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(scriptArb(40), (script) => runScript('sqlite', script)),
      params(150, 2000),
    );
  });

  it(
    'with owners assigned (ObligationAssigned mixed into the commands)',
    { timeout: TIMEOUT },
    async () => {
      await fc.assert(
        fc.asyncProperty(scriptArb(40, { weights: { AssignObligation: 4 } }), (script) =>
          runScript('memory', script),
        ),
        params(150, 2000),
      );
    },
  );

  it(
    'with facts entered late (a payment, submission, decision or amendment recorded after a later-dated fact)',
    { timeout: TIMEOUT },
    async () => {
      let backdated = 0;
      await fc.assert(
        fc.asyncProperty(scriptArb(40, { backdate: 0.25 }), async (script) => {
          if (hasLateFact(script.facts)) backdated += 1;
          await runScript('memory', script);
        }),
        params(150, 2000),
      );
      // Most scripts must hold such a fact, or the property says nothing about them.
      expect(backdated).toBeGreaterThan(100);
    },
  );

  it(
    'with money judgments bearing interest, paid often (on time, late, in part, in full)',
    { timeout: TIMEOUT },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scriptArb(40, { weights: { MakePayment: 40, ImposeObligation: 12 } }, true),
          (script) => runScript('memory', script),
        ),
        params(300, 2000),
      );
    },
  );

  it('compared exposure rows (the accrual law is checked on real rows, not on empty answers)', () =>
    expect(exposureRows).toBeGreaterThan(200));

  it('compared known-at answers both ways: from the current model (all facts recorded later leave the date asked alone) and from the log folded', () => {
    expect(knownAtPaths.model).toBeGreaterThan(100);
    expect(knownAtPaths.fold).toBeGreaterThan(100);
  });

  it('compared unpaid rows whose payments went to interest, applied interest first and principal first', () => {
    expect(paidToInterest.interestFirst).toBeGreaterThan(15);
    expect(paidToInterest.principalFirst).toBeGreaterThan(4);
  });

  it('compared the days late of occurrences whose deadline was extended after it had passed', () =>
    expect(extendedRows).toBeGreaterThan(30));

  it('compared owners (ObligationAssigned governs forward) on dozens of occurrences', () =>
    expect(owned).toBeGreaterThan(50));

  it("judged commands by the model's own reading of the v2 rules, of every kind it reads", () => {
    for (const type of [
      'ResolveAllegation',
      'DecidePetition',
      'DecideMotion',
      'SupersedeObligation',
      'AssessPenalty',
      'FindViolation',
      'ImposeObligation',
    ]) {
      expect([type, (judged.get(type) ?? 0) > 0]).toEqual([type, true]);
    }
  });
});

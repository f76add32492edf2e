import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  admit,
  evolveInto,
  initialOrderState,
  obligationOccurrences,
  OrderEvent,
  orderDraft,
  type CalendarDate,
  type OrderState,
} from '../domain/index.js';
import { plusDays, plusYears, Rng } from './rng.js';
import { FileLines, ndjsonFileLinesAt } from '../src/engine/ndjson-file.js';

/** Bumped whenever the generator's output changes, so stale caches are not reused. */
export const GENERATOR_VERSION = 1;

/** How big a workload is: orders and (approximately, exactly when nothing is refused) events. */
export interface WorkloadSize {
  readonly name: string;
  readonly orders: number;
  readonly events: number;
  readonly seed: number;
}

/** The two sizes the benchmarks run at. */
export const SIZES = {
  full: { name: 'full', orders: 10_000, events: 1_000_000, seed: 20_220_526 },
  smoke: { name: 'smoke', orders: 50, events: 2_000, seed: 20_220_526 },
} as const satisfies Record<string, WorkloadSize>;

/** What later benchmarks need to know about one generated order (to aim valid commands and queries at it). */
export interface OrderSummary {
  readonly orderId: string;
  readonly filedOn: string;
  readonly termEndsOn: string;
  readonly events: number;
  /** A one-off payment obligation (payments toward it are always accepted). */
  readonly paymentObligation: string;
  /** A recurring certification and the key of its first occurrence (submissions against it are always accepted). */
  readonly certification: string;
  readonly certificationKey: string;
}

/** A generated workload on disk: the NDJSON import file and the per-order summaries. */
export interface Workload {
  readonly size: WorkloadSize;
  readonly ndjsonPath: string;
  readonly orders: readonly OrderSummary[];
  readonly events: number;
  /** Candidate events the domain refused while generating (they are left out of the file). */
  readonly refused: number;
}

/** The directory generated data is cached in (git-ignored). */
export const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '.cache');

type Role = 'regulator' | 'court' | 'company' | 'assessor' | 'monitor';
interface Fact {
  readonly type: OrderEvent['type'];
  readonly data: Record<string, unknown>;
  readonly role: Role;
  /** Runs after the fact is recorded, with the event and the new state (to schedule follow-ups). */
  readonly then?: (e: OrderEvent, s: OrderState) => void;
}
interface Planned {
  readonly on: string;
  readonly seq: number;
  readonly make: (s: OrderState) => Fact | undefined;
}

const WORDS = (
  'consumer data privacy security program assessment report certification monitor notice incident breach users ' +
  'account phone email advertising retention deletion access control vendor audit compliance officer board review ' +
  'independent assessor covered information misrepresentation safeguards encryption training policy risk remediation'
).split(' ');
const COMPANIES = [
  'acme-data',
  'globex',
  'initech',
  'umbrella-social',
  'hooli',
  'vandelay',
  'stark-cloud',
  'wayne-media',
  'tyrell',
  'cyberdyne',
];
const REGULATORS = [
  'FTC',
  'DOJ Consumer Protection Branch',
  'CFPB',
  'SEC Division of Enforcement',
  'California Attorney General',
];
const COURTS = ['N.D. Cal.', 'S.D.N.Y.', 'D.D.C.', 'E.D. Va.', 'D. Mass.'];

const SETTLED = 0;

/** Builds one order's history event by event through the domain's own rules, keeping only accepted events. */
class OrderBuilder {
  readonly events: OrderEvent[] = [];
  refused = SETTLED;
  #state: OrderState = initialOrderState();
  /** The builder keeps only its latest state, so the fold updates what it made in place (`evolveInto`). */
  readonly #draft = orderDraft();
  #queue: Planned[] = [];
  #seq = 0;
  #n = 0;
  readonly #rng: Rng;
  readonly #company: string;
  readonly #caseNo: string;

  constructor(rng: Rng, company: string, caseNo: string) {
    this.#rng = rng;
    this.#company = company;
    this.#caseNo = caseNo;
  }

  /** A fresh readable id with a prefix (`sub-12`). */
  id(prefix: string): string {
    return `${prefix}-${++this.#n}`;
  }

  /** Plans a fact on a date; facts run in date order, ties in planning order. */
  at(on: string, make: (s: OrderState) => Fact | undefined): void {
    const p = { on, seq: this.#seq++, make };
    let i = this.#queue.length;
    while (i > 0 && this.#queue[i - 1]!.on > on) i--;
    this.#queue.splice(i, 0, p);
  }

  /** Human text of `min`–`max` words. */
  text(min: number, max: number): string {
    const r = this.#rng;
    const n = r.int(min, max);
    let w = r.pick(WORDS);
    for (let i = 1; i < n; i++) w += ` ${r.pick(WORDS)}`;
    return w[0]!.toUpperCase() + w.slice(1);
  }

  /** Runs the plan until `target` events are accepted or nothing is left. */
  run(target: number): void {
    while (this.events.length < target && this.#queue.length > 0) {
      const p = this.#queue.shift()!;
      const fact = p.make(this.#state);
      if (fact) this.#record(p.on, fact);
    }
  }

  /** The event's metadata, its keys in the schema's order (as parsing would leave them). */
  #metadata(on: string, role: Role): Record<string, unknown> {
    const r = this.#rng;
    const name =
      role === 'regulator'
        ? r.pick(REGULATORS)
        : role === 'court'
          ? r.pick(COURTS)
          : role === 'company'
            ? `${this.#company} Inc.`
            : role === 'assessor'
              ? 'Independent Assessor LLP'
              : 'Court-appointed monitor';
    const source = `Dkt. ${r.int(1, 400)}, ${this.#caseNo}; ${this.text(4, 10)}`;
    const m: Record<string, unknown> = { effectiveOn: on, actor: { role, name } };
    if (r.chance(0.3)) m.correlationId = `corr-${r.int(1, 1e9)}`;
    m.source = source;
    if (r.chance(0.1)) m.assumed = [`effectiveOn: ${this.text(3, 8)}`];
    return m;
  }

  /**
   * Offers a fact to the decider. The event is built as parsing would leave it (keys in the schemas'
   * order) rather than parsed here; the writer thread parses every line (see `LineWriter`).
   */
  #record(on: string, fact: Fact): void {
    const event = {
      id: this.#rng.uuid(),
      type: fact.type,
      schemaVersion: 1,
      data: fact.data,
      metadata: this.#metadata(on, fact.role),
    } as unknown as OrderEvent;
    try {
      if (admit(this.#state, event) !== 'new') {
        this.refused++;
        return;
      }
    } catch {
      this.refused++;
      return;
    }
    this.#state = evolveInto(this.#draft, this.#state, event);
    this.events.push(event);
    fact.then?.(event, this.#state);
  }
}

const OB = {
  penalty: 'I-civil-penalty',
  initial: 'II-initial-compliance-report',
  cert: 'III-annual-certification',
  assess: 'IV-biennial-assessment',
  monthly: 'V-monthly-installments',
  incident: 'VI-incident-reports',
  change: 'VII-corporate-change-notice',
  noMisrep: 'VIII-no-misrepresentation',
  noAds: 'IX-no-ads-from-security-data',
  program: 'X-program-documentation',
  notice: 'XI-notice-to-users',
} as const;

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

/** Plans submissions (with some rejections, extensions and late filings) for each occurrence of a dated duty; returns the occurrences. */
const answerOccurrences = (
  b: OrderBuilder,
  rng: Rng,
  s: OrderState,
  obligationId: string,
  end: string,
  opts: { decide?: boolean; payment?: number },
): readonly { key: string }[] => {
  const specs = obligationOccurrences(s, obligationId, end as CalendarDate);
  for (const spec of specs) {
    let due = spec.dueOn as string;
    if (!opts.payment && rng.chance(0.12)) {
      b.at(plusDays(due, -25), () => ({
        type: 'ExtensionRequested',
        role: 'company',
        data: {
          requestId: b.id('req'),
          obligationId,
          occurrence: spec.key,
          requestedDueOn: plusDays(spec.nominalDueOn, 30),
        },
      }));
      b.at(plusDays(due, -12), () => ({
        type: 'DeadlineExtended',
        role: 'regulator',
        data: {
          obligationId,
          occurrence: spec.key,
          newDueOn: plusDays(spec.nominalDueOn, 30),
          reason: b.text(4, 12),
        },
      }));
      due = plusDays(spec.nominalDueOn, 30);
    }
    const on = rng.chance(0.1) ? plusDays(due, rng.int(1, 60)) : plusDays(due, -rng.int(0, 20));
    if (opts.payment) {
      b.at(on, () => ({
        type: 'PaymentMade',
        role: 'company',
        data: {
          paymentId: b.id('pay'),
          obligationId,
          occurrence: spec.key,
          amount: usd(opts.payment!),
        },
      }));
    } else {
      fileSubmission(b, rng, on, obligationId, spec.key, opts.decide ?? false);
    }
  }
  return specs;
};

/** A submission, and when the duty needs acceptance, a decision (a rejection is followed by a re-filing). */
const fileSubmission = (
  b: OrderBuilder,
  rng: Rng,
  on: string,
  obligationId: string,
  occurrence: string | undefined,
  decide: boolean,
  then?: () => void,
): void => {
  b.at(on, () => ({
    type: 'SubmissionFiled',
    role: 'company',
    data: {
      submissionId: b.id('sub'),
      obligationId,
      ...(occurrence === undefined ? {} : { occurrence }),
      title: b.text(6, 16),
    },
    then: (e) => {
      if (!decide) {
        then?.();
        return;
      }
      const submissionId = (e.data as { submissionId: string }).submissionId;
      const rejected = rng.chance(0.15);
      b.at(plusDays(on, rng.int(10, 45)), () => ({
        type: rejected ? 'SubmissionRejected' : 'SubmissionAccepted',
        role: 'regulator',
        data: rejected ? { submissionId, reason: b.text(6, 14) } : { submissionId },
        then: () =>
          rejected
            ? fileSubmission(b, rng, plusDays(on, 60), obligationId, occurrence, decide, then)
            : then?.(),
      }));
    },
  }));
};

const imposeAll = (
  b: OrderBuilder,
  rng: Rng,
  enteredOn: string,
  termEndsOn: string,
  monthlyPayments: boolean,
): Fact[] => {
  const impose = (
    obligationId: string,
    kind: string,
    schedule: unknown,
    extra: Record<string, unknown> = {},
  ): Fact => ({
    type: 'ObligationImposed',
    role: 'court',
    data: {
      obligationId,
      title: b.text(6, 14),
      kind,
      schedule,
      clause: `Section ${rng.int(1, 20)}.${rng.int(1, 9)}`,
      ...extra,
    },
  });
  const penalty = rng.int(5_000, 1_500_000) * 1000;
  return [
    impose(
      OB.penalty,
      'payment',
      { kind: 'once', dueOn: plusDays(enteredOn, 30) },
      {
        amount: usd(penalty),
        stipulatedPenalties: [
          { fromDay: 1, toDay: 30, perDay: usd(100_000) },
          { fromDay: 31, perDay: usd(500_000) },
        ],
      },
    ),
    impose(
      OB.initial,
      'report',
      { kind: 'after', anchor: { kind: 'order_entry' }, offset: { days: 180 } },
      { requiresAcceptance: true },
    ),
    impose(OB.cert, 'certification', {
      kind: 'recurring',
      every: { years: 1 },
      start: { afterEntry: { years: 1 } },
    }),
    impose(
      OB.assess,
      'assessment',
      { kind: 'recurring', every: { years: 2 }, start: { afterEntry: { months: 6 } } },
      { requiresAcceptance: true },
    ),
    monthlyPayments
      ? impose(
          OB.monthly,
          'payment',
          {
            kind: 'recurring',
            every: { months: 1 },
            start: { afterEntry: { months: 1 } },
            until: plusYears(enteredOn, 2),
          },
          { amount: usd(2_500_000) },
        )
      : impose(OB.monthly, 'report', {
          kind: 'recurring',
          every: { months: 1 },
          start: { afterEntry: { months: 1 } },
          until: plusYears(enteredOn, 2),
        }),
    impose(OB.incident, 'report', {
      kind: 'after',
      anchor: { kind: 'trigger', fact: 'IncidentDiscovered' },
      offset: { days: 30 },
    }),
    impose(OB.change, 'notice', {
      kind: 'after',
      anchor: { kind: 'trigger', fact: 'CorporateChangeOccurred' },
      offset: { days: 14 },
    }),
    impose(OB.noMisrep, 'prohibition', { kind: 'ongoing' }),
    impose(OB.noAds, 'prohibition', { kind: 'ongoing' }),
    impose(OB.program, 'program', {
      kind: 'after',
      anchor: { kind: 'satisfaction', obligationId: OB.initial },
      offset: { days: 90 },
    }),
    impose(OB.notice, 'notice', { kind: 'once', dueOn: plusDays(enteredOn, 60) }),
  ].map((f, i, all) =>
    i < all.length - 1
      ? f
      : {
          ...f,
          then: (_e: OrderEvent, s: OrderState) =>
            planAnswers(b, rng, s, enteredOn, termEndsOn, monthlyPayments, penalty),
        },
  );
};

const planAnswers = (
  b: OrderBuilder,
  rng: Rng,
  s: OrderState,
  enteredOn: string,
  termEndsOn: string,
  monthlyPayments: boolean,
  penalty: number,
): void => {
  const split = rng.chance(0.4);
  const payOn = plusDays(enteredOn, rng.chance(0.15) ? rng.int(31, 90) : rng.int(5, 29));
  b.at(payOn, () => ({
    type: 'PaymentMade',
    role: 'company',
    data: {
      paymentId: b.id('pay'),
      obligationId: OB.penalty,
      amount: usd(split ? penalty / 2 : penalty),
    },
  }));
  if (split)
    b.at(plusDays(payOn, 20), () => ({
      type: 'PaymentMade',
      role: 'company',
      data: { paymentId: b.id('pay'), obligationId: OB.penalty, amount: usd(penalty / 2) },
    }));
  b.at(plusDays(enteredOn, 50), () => ({
    type: 'SubmissionFiled',
    role: 'company',
    data: { submissionId: b.id('sub'), obligationId: OB.notice, title: b.text(6, 12) },
  }));
  b.at(plusDays(enteredOn, 60), () => ({
    type: 'AssessorApproved',
    role: 'regulator',
    data: { assessor: 'Independent Assessor LLP', obligationId: OB.assess },
  }));
  fileSubmission(
    b,
    rng,
    plusDays(enteredOn, rng.int(150, 200)),
    OB.initial,
    undefined,
    true,
    () => {
      fileSubmission(b, rng, plusDays(enteredOn, 330), OB.program, undefined, false);
    },
  );
  answerOccurrences(b, rng, s, OB.cert, termEndsOn, {});
  answerOccurrences(b, rng, s, OB.assess, termEndsOn, { decide: true });
  const monthly = answerOccurrences(
    b,
    rng,
    s,
    OB.monthly,
    termEndsOn,
    monthlyPayments ? { payment: 2_500_000 } : {},
  );
  const monthlyKey = monthly[rng.int(3, 20)]?.key;
  if (monthlyKey)
    b.at(plusDays(monthlyKey, -40), () => ({
      type: 'ObligationWaived',
      role: 'regulator',
      data: { obligationId: OB.monthly, occurrence: monthlyKey, reason: b.text(5, 12) },
    }));
  b.at(plusDays(enteredOn, 400), () => ({
    type: 'ObligationAmended',
    role: 'court',
    data: { obligationId: OB.cert, changes: { title: b.text(6, 14) } },
  }));
  planOversight(b, rng, enteredOn, termEndsOn);
};

const within = (rng: Rng, from: string, to: string): string =>
  plusDays(
    from,
    rng.int(0, Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000))),
  );

const planOversight = (b: OrderBuilder, rng: Rng, enteredOn: string, termEndsOn: string): void => {
  const lastActive = plusDays(termEndsOn, -120);
  for (let k = rng.int(1, 5); k > 0; k--) {
    const on = within(rng, plusDays(enteredOn, 30), lastActive);
    const incidentId = b.id('inc');
    b.at(on, () => ({
      type: 'IncidentDiscovered',
      role: 'company',
      data: { incidentId, summary: b.text(8, 20), usersAffected: rng.int(10, 5_000_000) },
    }));
    fileSubmission(
      b,
      rng,
      plusDays(on, rng.chance(0.1) ? rng.int(31, 60) : rng.int(10, 30)),
      OB.incident,
      incidentId,
      false,
    );
  }
  for (let k = rng.int(0, 2); k > 0; k--) {
    const on = within(rng, plusDays(enteredOn, 30), lastActive);
    const changeId = b.id('chg');
    b.at(on, () => ({
      type: 'CorporateChangeOccurred',
      role: 'company',
      data: { changeId, summary: b.text(8, 20) },
    }));
    fileSubmission(b, rng, plusDays(on, rng.int(5, 14)), OB.change, changeId, false);
  }
  for (let k = rng.int(1, 3); k > 0; k--) {
    const on = within(rng, plusDays(enteredOn, 30), lastActive);
    const demandId = b.id('CID');
    b.at(on, () => ({
      type: 'InformationDemanded',
      role: 'regulator',
      data: { demandId, summary: b.text(8, 20), dueOn: plusDays(on, 30) },
    }));
    if (rng.chance(0.3))
      b.at(plusDays(on, 20), () => ({
        type: 'DeadlineExtended',
        role: 'regulator',
        data: { obligationId: demandId, newDueOn: plusDays(on, 60), reason: b.text(4, 10) },
      }));
    fileSubmission(b, rng, plusDays(on, rng.int(15, 45)), demandId, undefined, false);
  }
  for (let k = rng.int(0, 2); k > 0; k--)
    planViolation(b, rng, within(rng, plusDays(enteredOn, 60), lastActive));
  planRetraction(b, rng, within(rng, plusDays(enteredOn, 60), lastActive));
  for (let k = rng.int(2, 5); k > 0; k--)
    b.at(within(rng, enteredOn, termEndsOn), () => ({
      type: 'PetitionFiled',
      role: 'company',
      data: {
        petitionId: b.id('pet'),
        relief: rng.pick(['modify', 'terminate', 'set_aside', 'other']),
        summary: b.text(8, 24),
      },
    }));
  planStatements(b, rng, enteredOn, termEndsOn, rng.int(3, 8));
  if (rng.chance(0.2))
    b.at(plusYears(enteredOn, 10), () => ({
      type: 'OrderModified',
      role: 'court',
      data: { summary: b.text(8, 20) },
    }));
  if (rng.chance(0.05))
    b.at(plusDays(termEndsOn, -30), () => ({
      type: 'OrderTerminated',
      role: 'court',
      data: { reason: b.text(6, 14) },
    }));
};

/** Public statements spread over the term (also the filler that brings an order up to its event count). */
const planStatements = (
  b: OrderBuilder,
  rng: Rng,
  from: string,
  to: string,
  count: number,
): void => {
  for (let k = count; k > 0; k--) {
    b.at(within(rng, from, to), () => ({
      type: 'PublicStatementIssued',
      role: 'company',
      data: {
        statementId: b.id('stmt'),
        summary: b.text(10, 30),
        ...(rng.chance(0.5) ? { url: `https://example.com/press/${b.id('p')}` } : {}),
      },
    }));
  }
};

const planViolation = (b: OrderBuilder, rng: Rng, on: string): void => {
  const violationId = b.id('viol');
  const obligationId = rng.pick([OB.noMisrep, OB.noAds]);
  b.at(on, () => ({
    type: 'ViolationAlleged',
    role: 'regulator',
    data: { violationId, obligationId, summary: b.text(8, 20) },
  }));
  if (!rng.chance(0.7)) return;
  b.at(plusDays(on, 90), () => ({
    type: 'ViolationFound',
    role: 'court',
    data: { violationId, obligationId, summary: b.text(8, 20) },
  }));
  const penaltyId = b.id('penalty');
  b.at(plusDays(on, 100), () => ({
    type: 'PenaltyAssessed',
    role: 'court',
    data: {
      penaltyId,
      amount: usd(rng.int(100, 50_000) * 10_000),
      dueOn: plusDays(on, 130),
      reason: b.text(6, 14),
    },
  }));
  b.at(plusDays(on, 125), (s) => ({
    type: 'PaymentMade',
    role: 'company',
    data: {
      paymentId: b.id('pay'),
      obligationId: penaltyId,
      amount: s.obligations[penaltyId]?.terms.amount ?? usd(1),
    },
  }));
  b.at(plusDays(on, 200), () => ({
    type: 'ViolationCured',
    role: 'company',
    data: { violationId, summary: b.text(8, 20) },
  }));
};

/** A statement recorded by mistake and retracted a few days later. */
const planRetraction = (b: OrderBuilder, rng: Rng, on: string): void => {
  b.at(on, () => ({
    type: 'PublicStatementIssued',
    role: 'company',
    data: { statementId: b.id('stmt'), summary: b.text(10, 24) },
    then: (e) =>
      b.at(plusDays(on, rng.int(1, 10)), () => ({
        type: 'EntryRetracted',
        role: 'company',
        data: { eventId: e.id, reason: b.text(5, 12) },
      })),
  }));
};

/** Generates one order: filing, entry, eleven obligations of every schedule kind, and 20 years of answers and oversight. */
export const generateOrder = (
  rng: Rng,
  index: number,
  target: number,
): { summary: OrderSummary; events: OrderEvent[]; refused: number } => {
  const company = rng.pick(COMPANIES);
  const orderId = `ord-${String(index).padStart(5, '0')}-${company}`;
  const caseNo = `${rng.int(1, 9)}:${rng.int(10, 25)}-cv-${String(rng.int(1, 99999)).padStart(5, '0')}`;
  const b = new OrderBuilder(rng, company, caseNo);
  const filedOn = plusDays('2000-01-03', rng.int(0, 25 * 365));
  const enteredOn = plusDays(filedOn, rng.int(10, 120));
  const termEndsOn = plusDays(plusYears(enteredOn, 20), -1);
  const monthlyPayments = rng.chance(0.5);
  b.at(filedOn, () => ({
    type: 'OrderFiled',
    role: 'regulator',
    data: {
      orderId,
      title: `In the Matter of ${company}: ${b.text(4, 10)}`,
      kind: rng.pick(['stipulated_order', 'consent_decree', 'administrative_order', 'judgment']),
      forum: rng.pick(COURTS),
      docket: caseNo,
    },
  }));
  b.at(enteredOn, () => ({
    type: 'OrderEntered',
    role: 'court',
    data: { termEndsOn },
    then: () =>
      imposeAll(b, rng, enteredOn, termEndsOn, monthlyPayments).forEach((f) =>
        b.at(enteredOn, () => f),
      ),
  }));
  planStatements(b, rng, enteredOn, termEndsOn, Math.max(0, target - 110));
  b.run(target);
  const firstCert = plusYears(enteredOn, 1);
  return {
    summary: {
      orderId,
      filedOn,
      termEndsOn,
      events: b.events.length,
      paymentObligation: OB.penalty,
      certification: OB.cert,
      certificationKey: firstCert,
    },
    events: b.events,
    refused: b.refused,
  };
};

/** Per-order event targets averaging `events / orders`, spread ±50% in pairs so the total is exact. */
const targets = (size: WorkloadSize, rng: Rng): number[] => {
  const avg = Math.floor(size.events / size.orders);
  const out = Array.from({ length: size.orders }, () => avg);
  for (let i = 0; i + 1 < out.length; i += 2) {
    const d = rng.int(0, Math.floor(avg / 2));
    out[i]! += d;
    out[i + 1]! -= d;
  }
  out[out.length - 1]! += size.events - avg * size.orders;
  return out;
};

const WRITER = 'decree-workload-line-writer';
const BATCH_CHARS = 1 << 20;
const MAX_BATCHES_IN_FLIGHT = 4;

/** The first problem in some NDJSON lines: a line that is not an order event, or that parsing would change. */
const lineProblem = (text: string): string | undefined => {
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const { stream, ...rest } = JSON.parse(line) as { stream: string };
    const parsed = OrderEvent.safeParse(rest);
    if (!parsed.success) return `${line.slice(0, 300)}: ${parsed.error.message}`;
    if (JSON.stringify({ stream, ...parsed.data }) !== line)
      return `${line.slice(0, 300)}: parsing changes this line`;
  }
  return undefined;
};

/** The writer thread: checks each batch of lines, then appends it to the file (`null` at the end closes it). */
const runWriterThread = (path: string): void => {
  const fd = openSync(path, 'w');
  parentPort?.on('message', (text: string | null) => {
    if (text === null) {
      closeSync(fd);
      parentPort?.postMessage(null);
      return;
    }
    const problem = lineProblem(text);
    if (problem === undefined) {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    }
    parentPort?.postMessage(problem ?? null);
  });
};

/** Run as TypeScript (through tsx), a worker thread needs tsx's hooks registered before it can load this module. */
const tsHooks = (): string =>
  import.meta.url.endsWith('.ts')
    ? `(await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register();`
    : '';

// This module is also the writer thread's entry point.
const job = workerData as { role?: string; path?: string } | null;
if (!isMainThread && job?.role === WRITER && job.path) runWriterThread(job.path);

/**
 * Writes the NDJSON file on a second thread while generation goes on. Before writing a line the
 * thread parses it with the domain's event schema, so the file holds exactly what the importer
 * will parse; any line that fails (or that parsing would change) fails the generation.
 */
class LineWriter {
  readonly #worker: Worker;
  #inFlight = 0;
  #problem: string | undefined;
  #wake: (() => void) | undefined;
  #batch: string[] = [];
  #batchChars = 0;

  constructor(path: string) {
    const boot = `(async () => { ${tsHooks()} await import(${JSON.stringify(import.meta.url)}); })()`;
    this.#worker = new Worker(boot, { eval: true, workerData: { role: WRITER, path } });
    this.#worker.on('message', (m: string | null) => this.#settle(m ?? undefined));
    this.#worker.on('error', (e) => this.#settle(`the line writer failed: ${String(e)}`, true));
    this.#worker.on('exit', (code) =>
      this.#settle(this.#inFlight > 0 ? `the line writer exited early (${code})` : undefined, true),
    );
  }

  #settle(problem: string | undefined, gone = false): void {
    this.#inFlight = gone ? 0 : this.#inFlight - 1;
    this.#problem ??= problem;
    this.#wake?.();
  }

  async #until(done: () => boolean): Promise<void> {
    while (!done() && this.#problem === undefined)
      await new Promise<void>((r) => {
        this.#wake = r;
      });
    this.#wake = undefined;
    if (this.#problem !== undefined)
      throw new Error(`generated workload is invalid: ${this.#problem}`);
  }

  /** Queues lines (sent a batch at a time); waits while too many batches are queued; throws on an earlier problem. */
  async write(text: string): Promise<void> {
    this.#batch.push(text);
    this.#batchChars += text.length;
    if (this.#batchChars >= BATCH_CHARS) await this.#send(this.#flush());
  }

  #flush(): string {
    const text = this.#batch.join('');
    this.#batch = [];
    this.#batchChars = 0;
    return text;
  }

  async #send(message: string | null): Promise<void> {
    this.#inFlight++;
    this.#worker.postMessage(message);
    await this.#until(() => this.#inFlight <= MAX_BATCHES_IN_FLIGHT);
  }

  /** Writes what is queued, closes the file and waits for it; throws if any line failed. */
  async end(): Promise<void> {
    if (this.#batchChars > 0) await this.#send(this.#flush());
    await this.#send(null);
    await this.#until(() => this.#inFlight === 0);
  }

  /** Stops the thread (whether or not everything was written). */
  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}

const paths = (size: WorkloadSize, dir: string) => {
  const base = join(
    dir,
    `workload-v${GENERATOR_VERSION}-s${size.seed}-${size.orders}x${size.events}`,
  );
  return { ndjson: `${base}.ndjson`, meta: `${base}.json` };
};

/** Whether the workload of `size` is cached already (a run on a fresh clone generates it). */
export const isWorkloadCached = (size: WorkloadSize, dir = CACHE_DIR): boolean => {
  const p = paths(size, dir);
  return existsSync(p.ndjson) && existsSync(p.meta);
};

/**
 * Generates the workload (or reuses the cached one): NDJSON import lines, one event envelope per
 * line with `stream: "order-<id>"`, orders one after another, every event accepted by the decider.
 * `dir` is where it is cached (CACHE_DIR unless a scratch run wants its own place).
 */
export const ensureWorkload = async (
  size: WorkloadSize,
  log: (m: string) => void = () => {},
  dir = CACHE_DIR,
): Promise<Workload> => {
  const p = paths(size, dir);
  if (existsSync(p.ndjson) && existsSync(p.meta)) {
    const meta = JSON.parse(readFileSync(p.meta, 'utf8')) as Omit<Workload, 'ndjsonPath' | 'size'>;
    return { ...meta, size, ndjsonPath: p.ndjson };
  }
  mkdirSync(dir, { recursive: true });
  const out = new LineWriter(`${p.ndjson}.tmp`);
  try {
    const made = await generateInto(size, out, log);
    await out.end();
    renameSync(`${p.ndjson}.tmp`, p.ndjson);
    writeFileSync(p.meta, JSON.stringify(made));
    return { size, ndjsonPath: p.ndjson, ...made };
  } finally {
    await out.stop();
  }
};

/** Generates every order of `size` into `out`. */
const generateInto = async (
  size: WorkloadSize,
  out: LineWriter,
  log: (m: string) => void,
): Promise<{ orders: OrderSummary[]; events: number; refused: number }> => {
  const rng = new Rng(size.seed);
  const want = targets(size, rng);
  const orders: OrderSummary[] = [];
  let events = 0;
  let refused = 0;
  const t0 = performance.now();
  for (let i = 0; i < size.orders; i++) {
    const o = generateOrder(rng, i, want[i]!);
    orders.push(o.summary);
    events += o.events.length;
    refused += o.refused;
    // `{"stream":…,` then the event's own JSON: the same text as JSON.stringify({ stream, ...e }), without copying each event.
    const head = `{"stream":${JSON.stringify(`order-${o.summary.orderId}`)},`;
    const text = `${o.events.map((e) => head + JSON.stringify(e).slice(1)).join('\n')}\n`;
    await out.write(text);
    if ((i + 1) % 1000 === 0)
      log(
        `generated ${i + 1}/${size.orders} orders, ${events} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      );
  }
  return { orders, events, refused };
};

/** The first `fraction` of a workload's orders (the workload itself from 1 up, or with no fraction). */
export const ofFraction = async (w: Workload, fraction: number | undefined): Promise<Workload> =>
  fraction === undefined || fraction >= 1
    ? w
    : prefixWorkload(w, Math.max(1, Math.round(w.orders.length * fraction)));

/** A workload of the first `count` orders of `w` (a prefix of its file, cached next to it). */
export const prefixWorkload = async (w: Workload, count: number): Promise<Workload> => {
  if (count >= w.orders.length) return w;
  const orders = w.orders.slice(0, count);
  const events = orders.reduce((n, o) => n + o.events, 0);
  const path = w.ndjsonPath.replace(/\.ndjson$/, `.first${count}.ndjson`);
  if (!existsSync(path)) {
    const out = createWriteStream(`${path}.tmp`);
    let n = 0;
    for await (const line of createInterface({
      input: createReadStream(w.ndjsonPath),
      crlfDelay: Infinity,
    })) {
      if (n++ >= events) break;
      if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    renameSync(`${path}.tmp`, path);
  }
  return {
    size: { ...w.size, name: `${w.size.name}/${w.orders.length / count}`, orders: count, events },
    ndjsonPath: path,
    orders,
    events,
    refused: 0,
  };
};

/**
 * The same lines as `w`'s file with its orders dealt round-robin (each order's first line, then each
 * one's second…), so every order's lines span the whole file: what an import must check without
 * holding every order at once. Cached next to it; built from the line offsets of one read, each
 * round's lines then read from their places.
 */
export const interleavedWorkload = async (w: Workload): Promise<Workload> => {
  const path = w.ndjsonPath.replace(/\.ndjson$/, '.interleaved.ndjson');
  if (!existsSync(path)) {
    const offsets = new Float64Array(w.events);
    const lengths = new Uint32Array(w.events);
    let lines = 0;
    for await (const { bytes, offset } of ndjsonFileLinesAt(w.ndjsonPath)) {
      if (bytes.length === 0) continue;
      if (lines === w.events) throw new Error(`${w.ndjsonPath}: more than ${w.events} lines`);
      offsets[lines] = offset;
      lengths[lines++] = bytes.length;
    }
    if (lines !== w.events) throw new Error(`${w.ndjsonPath}: ${lines} lines`);
    const first: number[] = [];
    w.orders.reduce((at, o) => (first.push(at), at + o.events), 0);
    const file = new FileLines(w.ndjsonPath);
    const out = createWriteStream(`${path}.tmp`);
    try {
      const most = Math.max(...w.orders.map((o) => o.events));
      for (let i = 0; i < most; i++) {
        const round = w.orders.flatMap((o, k): [number, number][] =>
          i < o.events ? [[offsets[first[k]! + i]!, lengths[first[k]! + i]!]] : [],
        );
        const text = `${file.read(round).join('\n')}\n`;
        if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    } finally {
      file.close();
    }
    renameSync(`${path}.tmp`, path);
  }
  return { ...w, size: { ...w.size, name: `${w.size.name}/interleaved` }, ndjsonPath: path };
};

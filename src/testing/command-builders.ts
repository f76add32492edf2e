import {
  seenEventIds,
  addDays,
  awaitedAnchor,
  latestTerms,
  ownEntry,
  type ObligationState,
  type OrderCommandType,
} from '../../domain/index.js';
import { choose, digit, obligationsOf, overseer, type CommandIntent } from './command-intent.js';
import {
  draft,
  evidenceRecord,
  occurrenceData,
  retroactive,
  type Builder,
} from './command-draft.js';
import {
  closure,
  corporateChange,
  productLaunch,
  findingExtras,
  incident,
  resolve,
  ruling,
  supersede,
  terminate,
} from './command-builders.oversight.js';
import { scheduleFor } from './command-schedules.js';

export type { Builder, BuildContext, DraftCommand } from './command-draft.js';

const KINDS = [
  'payment',
  'report',
  'certification',
  'assessment',
  'notice',
  'program',
  'cooperation',
  'recordkeeping',
] as const;
const CLAUSE_TEXT =
  'Respondent shall not misrepresent the extent to which it maintains and protects the privacy, security, or confidentiality of any covered information.';

const impose: Builder = (c) => {
  const { i, n } = c;
  const existing = c.i.bad ? choose(obligationsOf(c.s), i.pick2) : undefined;
  const id = existing?.id ?? `obligation-${n}`;
  const schedule = scheduleFor(c, id);
  const kind = schedule.kind === 'ongoing' ? 'prohibition' : (choose(KINDS, i.pick2) ?? 'report');
  return draft('ImposeObligation', overseer(i.pick), {
    obligationId: id,
    title: i.text,
    kind,
    schedule,
    ...extraTerms(i, kind),
    clause: `Section ${(i.pick % 12) + 1}`,
  });
};

/** A day counting as orders state it: the older roll switch, or a named rule (FRCP 6, 16 C.F.R. 4.3(a), calendar days). */
const COUNTINGS = [
  { rollForward: true },
  { rollForward: false },
  { rule: 'frcp6' },
  { rule: 'ftc-4.3a' },
  { rule: 'calendar' },
] as const;
const countingOf = (i: CommandIntent): (typeof COUNTINGS)[number] =>
  COUNTINGS[i.pick2 % COUNTINGS.length]!;

const extraTerms = (i: CommandIntent, kind: string): Record<string, unknown> => ({
  ...evidenceRecord(i, 1),
  ...(digit(i.variant, 2) >= 5 ? { clauseText: CLAUSE_TEXT } : {}),
  ...(kind === 'payment' && !(i.bad && i.flag)
    ? { amount: { amountMinor: i.amountMinor, currency: i.currency } }
    : {}),
  ...(i.pick2 % 5 === 0
    ? {
        stipulatedPenalties: [
          { fromDay: 1, toDay: 30, perDay: { amountMinor: 100_000, currency: 'USD' } },
          { fromDay: 31, perDay: { amountMinor: 500_000, currency: 'USD' } },
        ],
      }
    : {}),
  ...(kind === 'report' || kind === 'assessment' || kind === 'certification'
    ? { requiresAcceptance: i.flag }
    : {}),
});

const amend: Builder = (c) => {
  const o = choose(obligationsOf(c.s), c.i.pick);
  if (!o) return undefined;
  const terms = latestTerms(o);
  const changes = c.i.bad
    ? {
        schedule: {
          kind: 'recurring',
          every: { years: 1 },
          start: { on: addDays(c.on, 10) },
          until: c.on,
        },
      }
    : c.i.flag
      ? { title: c.i.text }
      : terms.amount
        ? { amount: { ...terms.amount, amountMinor: c.i.amountMinor } }
        : { schedule: scheduleFor(c, o.id) };
  const more = {
    ...evidenceRecord(c.i, 1),
    ...(digit(c.i.variant, 2) >= 7 ? { clauseText: CLAUSE_TEXT } : {}),
  };
  return draft('AmendObligation', overseer(c.i.pick2), {
    obligationId: o.id,
    changes: { ...changes, ...more },
    ...retroactive(c.i),
  });
};

const waive: Builder = (c) => {
  const o = choose(obligationsOf(c.s), c.i.pick);
  const occ = o && occurrenceData(c, o);
  if (!o || !occ) return undefined;
  const scope =
    c.i.pick2 % 2 === 0 || occ.occurrence === undefined ? {} : { occurrence: occ.occurrence };
  const releases =
    digit(c.i.variant, 1) >= 6 ? { releasesAccrued: digit(c.i.variant, 1) !== 9 } : {};
  return draft('WaiveObligation', overseer(c.i.pick), {
    obligationId: o.id,
    ...scope,
    reason: c.i.text,
    ...retroactive(c.i),
    ...releases,
  });
};

/** The people assignments name. */
const PEOPLE = [
  { name: 'Jane Roe', email: 'jane.roe@example.com' },
  { name: 'John Doe', email: 'john.doe@example.com' },
  { name: 'Ada Lovelace', email: 'ada.lovelace@example.com' },
] as const;

/** Names an owner (and mostly a backup, someone else) for an obligation or one occurrence; bad: the owner as backup too. */
const assign: Builder = (c) => {
  const o = choose(obligationsOf(c.s), c.i.pick);
  const occ = o && occurrenceData(c, o);
  if (!o || !occ) return undefined;
  const scope =
    c.i.pick2 % 2 === 0 || occ.occurrence === undefined ? {} : { occurrence: occ.occurrence };
  const owner = PEOPLE[c.i.pick % PEOPLE.length]!;
  const other = PEOPLE[(c.i.pick + 1 + (c.i.pick2 % (PEOPLE.length - 1))) % PEOPLE.length]!;
  const backup = c.i.bad ? owner : other;
  return draft('AssignObligation', 'company', {
    obligationId: o.id,
    ...scope,
    owner,
    ...(c.i.bad || digit(c.i.variant, 2) >= 3 ? { backup } : {}),
  });
};

const extend: Builder = (c) => {
  const candidates = obligationsOf(c.s).filter((o) => latestTerms(o).schedule.kind !== 'ongoing');
  for (let k = 0; k < candidates.length; k += 1) {
    const o = candidates[(c.i.pick + k) % candidates.length]!;
    const occ = occurrenceData(c, o);
    if (!occ?.deadline) continue;
    const newDueOn = addDays(occ.deadline, c.i.bad ? -c.i.span : c.i.span);
    const { deadline: _, ...occurrence } = occ;
    return draft('ExtendDeadline', overseer(c.i.pick2), {
      obligationId: o.id,
      ...occurrence,
      newDueOn,
      reason: c.i.text,
    });
  }
  return undefined;
};

const decide =
  (type: 'AcceptSubmission' | 'RejectSubmission'): Builder =>
  (c) => {
    const all = Object.keys(c.s.submissions);
    const open = all.filter((id) => c.i.bad || !c.s.submissions[id]?.decision);
    const id = choose(open, c.i.pick);
    if (id === undefined) return undefined;
    return draft(
      type,
      overseer(c.i.pick2),
      type === 'AcceptSubmission' ? { submissionId: id } : { submissionId: id, reason: c.i.text },
    );
  };

const violate =
  (type: 'AllegeViolation' | 'FindViolation'): Builder =>
  (c) => {
    // Alleged and not found yet; a cure recorded without an allegation (or after its retraction) names no obligation.
    const alleged =
      type === 'FindViolation' && c.i.flag
        ? choose(
            Object.entries(c.s.violations).filter(
              ([, v]) => v.alleged && !v.found && v.obligationId !== '',
            ),
            c.i.pick2,
          )
        : undefined;
    const find = (o: ObligationState | undefined, occurrence: string | undefined) =>
      type === 'FindViolation' && o ? findingExtras(c, o, occurrence) : {};
    if (alleged) {
      const [violationId, v] = alleged;
      return draft(type, overseer(c.i.pick), {
        violationId,
        obligationId: v.obligationId,
        occurrence: v.occurrence,
        summary: c.i.text,
        ...find(ownEntry(c.s.obligations, v.obligationId), v.occurrence),
      });
    }
    // A finding may concern a waived duty: its period then starts before the waiver. A duty counted
    // from another's being met has no occurrence to violate before that is recorded.
    const o = choose(
      obligationsOf(c.s).filter(
        (x) =>
          c.i.bad ||
          ((type === 'FindViolation' || !x.waived) && awaitedAnchor(c.s, x, 'once') === undefined),
      ),
      c.i.pick,
    );
    const occ = o && occurrenceData(c, o);
    if (!o || !occ) return undefined;
    const { deadline: _, ...occurrence } = occ;
    return draft(type, overseer(c.i.pick), {
      violationId: `violation-${c.n}`,
      obligationId: o.id,
      ...occurrence,
      summary: c.i.text,
      ...find(o, occurrence.occurrence),
    });
  };

const pay: Builder = (c) => {
  const payable = obligationsOf(c.s).filter((o) => c.i.bad || latestTerms(o).amount !== undefined);
  const o = choose(payable, c.i.pick);
  const occ = o && occurrenceData(c, o);
  if (!o || !occ) return undefined;
  const owed = latestTerms(o).amount ?? { amountMinor: c.i.amountMinor, currency: 'USD' };
  const currency = c.i.bad && c.i.flag ? (owed.currency === 'USD' ? 'EUR' : 'USD') : owed.currency;
  const amountMinor =
    c.i.pick2 % 3 === 0 ? Math.max(1, Math.ceil(owed.amountMinor / 2)) : owed.amountMinor;
  const { deadline: _, ...occurrence } = occ;
  return draft('MakePayment', 'company', {
    paymentId: `payment-${c.n}`,
    obligationId: o.id,
    ...occurrence,
    amount: { amountMinor, currency },
  });
};

const evidence =
  (type: 'FileSubmission' | 'RequestExtension'): Builder =>
  (c) => {
    const o = choose(
      obligationsOf(c.s).filter(
        (x) => type === 'RequestExtension' || c.i.bad || latestTerms(x).kind !== 'payment',
      ),
      c.i.pick,
    );
    const occ = o && occurrenceData(c, o);
    if (!o || !occ) return undefined;
    const { deadline, ...occurrence } = occ;
    const data =
      type === 'FileSubmission'
        ? { submissionId: `submission-${c.n}`, obligationId: o.id, ...occurrence, title: c.i.text }
        : {
            requestId: `request-${c.n}`,
            obligationId: o.id,
            ...occurrence,
            requestedDueOn: addDays(deadline ?? c.on, c.i.span),
          };
    return draft(type, 'company', data);
  };

const cure: Builder = (c) => {
  const id = c.i.bad ? 'violation-unknown' : choose(Object.keys(c.s.violations), c.i.pick);
  return id === undefined
    ? undefined
    : draft('CureViolation', 'company', { violationId: id, summary: c.i.text });
};

const retract: Builder = (c) => {
  const targets = c.i.bad
    ? seenEventIds(c.s)
    : c.s.live
        .filter((e) => e.type !== 'OrderFiled' && e.type !== 'EntryRetracted')
        .map((e) => e.id);
  const eventId = choose(targets, c.i.pick);
  return eventId === undefined
    ? undefined
    : draft('RetractEntry', overseer(c.i.pick2), { eventId, reason: c.i.text });
};

/** Who issued the order: mostly a court (stipulated), else the FTC, else another agency (its exposure basis differs). */
const issuerOf = (i: CommandIntent) => {
  const d = digit(i.variant, 0);
  if (d >= 3) return { kind: 'stipulated_order', forum: 'U.S. District Court, N.D. Cal.' };
  return {
    kind: 'administrative_order',
    forum: d === 2 ? 'U.S. Securities and Exchange Commission' : 'Federal Trade Commission',
  };
};

/** The builder of every command type: each returns a draft aimed at what exists, or undefined when nothing fits. */
export const BUILDERS: Readonly<Record<OrderCommandType, Builder>> = {
  // Once filed, the order's own id: the engine refuses a filing that names another order before deciding (INVALID_INPUT).
  FileOrder: ({ s, i, orderId }) =>
    draft('FileOrder', 'regulator', {
      orderId: s.orderId ?? orderId ?? `order-${i.pick}`,
      title: i.text,
      ...issuerOf(i),
      ...(i.flag ? { dayCounting: countingOf(i) } : {}),
      ...evidenceRecord(i, 1),
    }),
  EnterOrder: ({ i, on }) =>
    draft(
      'EnterOrder',
      'court',
      i.flag ? { termEndsOn: addDays(on, 365 * (1 + (i.pick % 20))) } : {},
    ),
  ModifyOrder: ({ i, on }) =>
    draft('ModifyOrder', overseer(i.pick), {
      summary: i.text,
      ...(i.flag
        ? {
            // Now and then a term cut short to a day already past (before the modification's date).
            termEndsOn:
              digit(i.variant, 0) < 3
                ? addDays(on, -1 - (i.pick2 % 400))
                : addDays(on, 365 * (1 + (i.pick % 20))),
          }
        : { dayCounting: countingOf(i) }),
      ...evidenceRecord(i, 1),
      ...retroactive(i),
    }),
  TerminateOrder: terminate,
  ImposeObligation: impose,
  AmendObligation: amend,
  WaiveObligation: waive,
  SupersedeObligation: supersede,
  AssignObligation: assign,
  DemandInformation: ({ i, on, n }) =>
    draft('DemandInformation', 'regulator', {
      demandId: `demand-${n}`,
      summary: i.text,
      ...(i.pick % 3 === 0
        ? { respondWithin: { days: [5, 10, 30][i.pick2 % 3] } }
        : { dueOn: addDays(on, i.span) }),
    }),
  ExtendDeadline: extend,
  AcceptSubmission: decide('AcceptSubmission'),
  RejectSubmission: decide('RejectSubmission'),
  AllegeViolation: violate('AllegeViolation'),
  FindViolation: violate('FindViolation'),
  ResolveAllegation: resolve,
  AssessPenalty: ({ i, on, n }) =>
    draft('AssessPenalty', 'court', {
      penaltyId: `penalty-${n}`,
      amount: { amountMinor: i.amountMinor, currency: i.currency },
      dueOn: addDays(on, i.span),
      reason: i.text,
    }),
  ApproveAssessor: ({ s, i }) => {
    const o = i.flag
      ? choose(
          obligationsOf(s).filter((x) => latestTerms(x).kind === 'assessment'),
          i.pick,
        )
      : undefined;
    return draft('ApproveAssessor', 'regulator', {
      assessor: 'Ernst & Young LLP',
      ...(o ? { obligationId: o.id } : {}),
    });
  },
  MakePayment: pay,
  FileSubmission: evidence('FileSubmission'),
  DiscoverIncident: incident,
  RecordCorporateChange: corporateChange,
  LaunchProduct: productLaunch,
  CureViolation: cure,
  RequestExtension: evidence('RequestExtension'),
  FilePetition: ({ i, n }) =>
    draft('FilePetition', 'company', {
      petitionId: `petition-${n}`,
      relief: choose(['modify', 'terminate', 'set_aside', 'other'], i.pick),
      summary: i.text,
    }),
  DecidePetition: ruling('DecidePetition'),
  DecideMotion: ruling('DecideMotion'),
  IssuePublicStatement: ({ i, n }) =>
    draft('IssuePublicStatement', 'company', {
      statementId: `statement-${n}`,
      summary: i.text,
      ...(i.flag ? { url: `https://example.org/statement-${n}` } : {}),
    }),
  DeclareClosure: closure,
  RetractEntry: retract,
};

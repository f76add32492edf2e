import canonicalize from 'canonicalize';
import type { EvidenceRecord, OrderEvent, OrderEventOf } from './order.events.js';
import {
  DEFAULT_DAY_COUNTING,
  initialOrderState,
  occurrenceId,
  ownEntry,
  defaultOccurrenceOn,
  type Dated,
  type Evidence,
  type ObligationState,
  type ObligationTerms,
  type OccurrenceFacts,
  type OrderState,
  type OrderTermsChange,
  type Provenance,
  type SeenEvent,
  type TriggerState,
  type Waiver,
  violationEventFrom,
} from './order.state.js';
import type { DayCounting, Schedule } from '../schedule/schedule.schema.js';
import type { CalendarDate } from '../shared/primitives.js';
import { objectMemo } from '../shared/object-memo.js';
import { setEntry, withEntry, withMember } from '../shared/records.js';

/** A 53-bit hash of a string (cyrb53), as 14 hex digits: compact enough to keep one per event in the state. */
const hash53 = (text: string): string => {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
};

/**
 * What makes two recordings of a fact "the same": type, data and effective date (RFC 8785
 * canonical JSON, hashed). It is only ever compared for the same event id or the same named fact
 * (a payment id, a submission id), so a 53-bit hash is ample; it keeps the state small.
 */
export const fingerprintOf = (e: Pick<OrderEvent, 'type' | 'data' | 'metadata'>): string =>
  hash53(canonicalize({ type: e.type, data: e.data, effectiveOn: e.metadata.effectiveOn }) ?? '');

/**
 * When an event took effect and which it was. Where a literal goes on with members of its own these
 * two are written out instead of spread from here: V8 adds a key after a spread through its runtime
 * (see `withMember`).
 */
const dated = (e: OrderEvent): Dated => ({ on: e.metadata.effectiveOn, eventId: e.id });

/**
 * The containers (the state object, some records and arrays) that the running fold made itself
 * (see `evolveInto`): no one else holds them, so they are updated in place instead of copied once
 * more per event. Set only for the length of one `evolveInto` call (synchronous) and undefined
 * otherwise, where every update copies. Objects that key a cache by identity (obligations, the
 * order's terms, violations, triggers) are always replaced, never updated.
 */
let draft: WeakSet<object> | undefined;

const made = <T extends object>(x: T): T => {
  draft?.add(x);
  return x;
};
const mine = (x: object): boolean => draft !== undefined && draft.has(x);

/**
 * `record` with `key` set: in place when the running fold made it, else a copy in dictionary mode
 * (`withEntry`): the entries a fold goes on to add are keyed by ids mostly never seen before
 * (events, occurrences, submissions), and a decoded model's records are in that mode already.
 */
const put = <V>(
  record: Readonly<Record<string, V>>,
  key: string,
  value: V,
): Readonly<Record<string, V>> => {
  // Every write defines an own entry, even `__proto__`, as `JSON.parse` does (assigning
  // `__proto__` would set the record's prototype instead).
  if (mine(record)) {
    setEntry(record as Record<string, V>, key, value);
    return record;
  }
  return made(withEntry(record, key, value));
};

/** `list` with `item` appended: in place when the running fold made it, else a copy. */
const append = <T>(list: readonly T[], item: T): readonly T[] => {
  if (!mine(list)) return made([...list, item]);
  (list as T[]).push(item);
  return list;
};

/** `s` with `fields` changed: in place when the running fold made it, else a copy. */
const update = (s: OrderState, fields: Partial<OrderState>): OrderState =>
  mine(s)
    ? Object.assign(s as { -readonly [K in keyof OrderState]: OrderState[K] }, fields)
    : made({ ...s, ...fields });
const EMPTY_OCCURRENCE: OccurrenceFacts = { evidence: [], extensions: [] };

/** The occurrence key a fact dated `on` names, defaulting to the only occurrence of a one-off or ongoing obligation then (`defaultOccurrenceOn`). */
export const defaultOccurrence = (
  s: OrderState,
  obligationId: string,
  given: string | undefined,
  on: CalendarDate,
): string => {
  if (given !== undefined) return given;
  const o = ownEntry(s.obligations, obligationId);
  return (o && defaultOccurrenceOn(o, on)) ?? 'once';
};

const withOccurrence = (
  s: OrderState,
  obligationId: string,
  key: string | undefined,
  on: CalendarDate,
  f: (o: OccurrenceFacts) => OccurrenceFacts,
): OrderState => {
  const id = occurrenceId(obligationId, defaultOccurrence(s, obligationId, key, on));
  return update(s, {
    occurrences: put(s.occurrences, id, f(ownEntry(s.occurrences, id) ?? EMPTY_OCCURRENCE)),
  });
};

const withObligation = (s: OrderState, o: ObligationState): OrderState =>
  update(s, { obligations: put(s.obligations, o.id, o) });

/**
 * The terms an `ObligationImposed` states: its data but the obligation's id, in the data's key
 * order, then whether a submission needs acceptance (false unless said). The same entries as
 * `{ ...rest, requiresAcceptance }` of the data's rest, copied key by key: V8 copies a rest
 * pattern's object through its runtime (folds of the bench's orders about 3 % faster this way).
 */
const imposedTerms = (data: OrderEventOf<'ObligationImposed'>['data']): ObligationTerms => {
  const terms: Record<string, unknown> = {};
  for (const key of Object.keys(data))
    if (key !== 'obligationId' && key !== 'requiresAcceptance')
      setEntry(terms, key, data[key as keyof typeof data]);
  terms.requiresAcceptance = data.requiresAcceptance ?? false;
  return terms as unknown as ObligationTerms;
};

const imposed = (s: OrderState, e: OrderEventOf<'ObligationImposed'>): OrderState =>
  withObligation(s, {
    on: e.metadata.effectiveOn,
    eventId: e.id,
    id: e.data.obligationId,
    origin: 'imposed',
    terms: imposedTerms(e.data),
    amendments: [],
  });

const amended = (s: OrderState, e: OrderEventOf<'ObligationAmended'>): OrderState => {
  const o = ownEntry(s.obligations, e.data.obligationId);
  if (!o) return s;
  const changes = Object.fromEntries(
    Object.entries(e.data.changes).filter(([, v]) => v !== undefined),
  );
  return withObligation(s, {
    ...o,
    amendments: [
      ...o.amendments,
      {
        on: e.metadata.effectiveOn,
        eventId: e.id,
        changes,
        ...(e.data.retroactive === true ? { retroactive: true } : {}),
      },
    ],
  });
};

const waived = (s: OrderState, e: OrderEventOf<'ObligationWaived'>): OrderState => {
  const o = ownEntry(s.obligations, e.data.obligationId);
  if (!o) return s;
  const waiver: Waiver = {
    on: e.metadata.effectiveOn,
    eventId: e.id,
    ...(e.data.retroactive === true ? { retroactive: true } : {}),
    ...(e.data.releasesAccrued === true ? { releasesAccrued: true } : {}),
  };
  if (e.data.occurrence === undefined) return withObligation(s, withMember(o, 'waived', waiver));
  return withOccurrence(s, o.id, e.data.occurrence, e.metadata.effectiveOn, (f) =>
    withMember(f, 'waived', waiver),
  );
};

const superseded = (s: OrderState, e: OrderEventOf<'ObligationSuperseded'>): OrderState => {
  const o = ownEntry(s.obligations, e.data.obligationId);
  return o
    ? withObligation(
        s,
        withMember(o, 'superseded', {
          on: e.metadata.effectiveOn,
          eventId: e.id,
          successor: e.data.successor,
        }),
      )
    : s;
};

const assigned = (s: OrderState, e: OrderEventOf<'ObligationAssigned'>): OrderState => {
  const { obligationId, occurrence, owner, backup } = e.data;
  const item = {
    on: e.metadata.effectiveOn,
    eventId: e.id,
    obligationId,
    ...(occurrence !== undefined ? { occurrence } : {}),
    owner,
    ...(backup !== undefined ? { backup } : {}),
  };
  return update(s, { assignments: [...s.assignments, item] });
};

const petition = (
  s: OrderState,
  e: OrderEventOf<'PetitionFiled' | 'PetitionDecided' | 'MotionDecided'>,
): OrderState => {
  if (e.type === 'PetitionFiled') {
    return update(s, {
      petitions: put(s.petitions, e.data.petitionId, {
        on: e.metadata.effectiveOn,
        eventId: e.id,
        relief: e.data.relief,
        summary: e.data.summary,
      }),
    });
  }
  const id = e.type === 'PetitionDecided' ? e.data.petitionId : e.data.motionId;
  const p = ownEntry(s.petitions, id);
  return p
    ? update(s, {
        petitions: put(
          s.petitions,
          id,
          withMember(p, 'ruling', {
            on: e.metadata.effectiveOn,
            eventId: e.id,
            ruling: e.data.ruling,
            by: e.type,
          }),
        ),
      })
    : s;
};

/** A demand's duty to answer: by its date, or within its period from the demand, counted by the order's rule. */
const demandSchedule = (e: OrderEventOf<'InformationDemanded'>): Schedule =>
  e.data.dueOn !== undefined
    ? { kind: 'once', dueOn: e.data.dueOn }
    : {
        kind: 'after',
        anchor: { kind: 'date', on: e.metadata.effectiveOn },
        offset: e.data.respondWithin ?? { days: 0 },
      };

const demanded = (s: OrderState, e: OrderEventOf<'InformationDemanded'>): OrderState =>
  withObligation(s, {
    on: e.metadata.effectiveOn,
    eventId: e.id,
    id: e.data.demandId,
    origin: 'demand',
    amendments: [],
    terms: {
      title: e.data.summary,
      kind: 'cooperation',
      schedule: demandSchedule(e),
      requiresAcceptance: false,
    },
  });

const closure = (s: OrderState, e: OrderEventOf<'ClosureDeclared'>): OrderState =>
  update(s, {
    closures: [
      ...s.closures,
      {
        on: e.metadata.effectiveOn,
        eventId: e.id,
        from: e.data.closedOn,
        to: e.data.through ?? e.data.closedOn,
        reason: e.data.reason,
      },
    ],
  });

const penalty = (s: OrderState, e: OrderEventOf<'PenaltyAssessed'>): OrderState =>
  withObligation(s, {
    on: e.metadata.effectiveOn,
    eventId: e.id,
    id: e.data.penaltyId,
    origin: 'penalty',
    amendments: [],
    terms: {
      title: e.data.reason,
      kind: 'payment',
      schedule: { kind: 'once', dueOn: e.data.dueOn },
      amount: e.data.amount,
      requiresAcceptance: false,
    },
  });

const evidence = (
  s: OrderState,
  e: OrderEventOf<'PaymentMade' | 'SubmissionFiled'>,
): OrderState => {
  // One copy of the state and of each record it changes: this runs for most events of a log.
  const payment = e.type === 'PaymentMade';
  const factId = payment ? e.data.paymentId : e.data.submissionId;
  const on = e.metadata.effectiveOn;
  const item: Evidence = {
    on,
    eventId: e.id,
    factId,
    kind: payment ? 'payment' : 'submission',
    amount: payment ? e.data.amount : undefined,
  };
  const occurrence = defaultOccurrence(
    s,
    e.data.obligationId,
    e.data.occurrence,
    e.metadata.effectiveOn,
  );
  const id = occurrenceId(e.data.obligationId, occurrence);
  const facts = ownEntry(s.occurrences, id) ?? EMPTY_OCCURRENCE;
  const evidence = append(facts.evidence, item);
  const occurrences =
    evidence === facts.evidence
      ? s.occurrences
      : put(s.occurrences, id, made({ ...facts, evidence }));
  if (payment) return update(s, { occurrences });
  const sub = { on, eventId: e.id, obligationId: e.data.obligationId, occurrence };
  return update(s, { occurrences, submissions: put(s.submissions, factId, sub) });
};

const decided = (
  s: OrderState,
  e: OrderEventOf<'SubmissionAccepted' | 'SubmissionRejected'>,
): OrderState => {
  const sub = ownEntry(s.submissions, e.data.submissionId);
  if (!sub) return s;
  const decision = {
    on: e.metadata.effectiveOn,
    eventId: e.id,
    accepted: e.type === 'SubmissionAccepted',
  };
  return update(s, {
    submissions: put(s.submissions, e.data.submissionId, withMember(sub, 'decision', decision)),
  });
};

/**
 * The occurrence a violation's first allegation or finding naming none concerns: that of the terms in
 * force when the conduct began (`violationEventFrom`, as the decider resolves it). An event recorded
 * before that rule, about conduct that began while the duty recurred, stays where it was read then:
 * the occurrence of the terms in force on its own date.
 */
const violationOccurrence = (
  s: OrderState,
  e: OrderEventOf<'ViolationAlleged' | 'ViolationFound'>,
): string => {
  const o = ownEntry(s.obligations, e.data.obligationId);
  const on = violationEventFrom(e);
  return (
    (o && (defaultOccurrenceOn(o, on) ?? defaultOccurrenceOn(o, e.metadata.effectiveOn))) ?? 'once'
  );
};

const violation = (
  s: OrderState,
  e: OrderEventOf<'ViolationAlleged' | 'ViolationFound' | 'ViolationCured' | 'AllegationResolved'>,
): OrderState => {
  const prev = ownEntry(s.violations, e.data.violationId);
  if (e.type === 'ViolationCured' || e.type === 'AllegationResolved') {
    // A cure stays a live fact even when the allegation it answered was retracted (only the retracted event goes).
    const end =
      e.type === 'ViolationCured'
        ? { cured: dated(e) }
        : {
            resolved: { on: e.metadata.effectiveOn, eventId: e.id, resolution: e.data.resolution },
          };
    return {
      ...s,
      violations: withEntry(s.violations, e.data.violationId, {
        obligationId: '',
        occurrence: '',
        ...prev,
        ...end,
      }),
    };
  }
  const base = prev?.obligationId
    ? prev
    : {
        ...prev,
        obligationId: e.data.obligationId,
        occurrence: e.data.occurrence ?? violationOccurrence(s, e),
        summary: e.data.summary,
      };
  const next =
    e.type === 'ViolationFound'
      ? withMember(base, 'found', {
          on: e.metadata.effectiveOn,
          eventId: e.id,
          ...(e.data.period ? { period: e.data.period } : {}),
          ...(e.data.count !== undefined ? { count: e.data.count } : {}),
        })
      : withMember(base, 'alleged', dated(e));
  return { ...s, violations: withEntry(s.violations, e.data.violationId, next) };
};

const trigger = (
  s: OrderState,
  e: OrderEventOf<'IncidentDiscovered' | 'CorporateChangeOccurred' | 'ProductLaunched'>,
): OrderState => {
  const id =
    e.type === 'IncidentDiscovered'
      ? e.data.incidentId
      : e.type === 'ProductLaunched'
        ? e.data.productId
        : e.data.changeId;
  const users =
    e.type === 'IncidentDiscovered' && e.data.usersAffected !== undefined
      ? { usersAffected: e.data.usersAffected }
      : {};
  const measures = { ...e.data.measures, ...users };
  const ahead =
    e.type !== 'IncidentDiscovered' && e.data.occursOn !== undefined
      ? { occursOn: e.data.occursOn }
      : {};
  const item: TriggerState =
    Object.keys(measures).length > 0
      ? { on: e.metadata.effectiveOn, eventId: e.id, id, measures, ...ahead }
      : { on: e.metadata.effectiveOn, eventId: e.id, id, ...ahead };
  const list = [...s.triggers[e.type], item].sort((a, b) =>
    a.on < b.on ? -1 : a.on > b.on ? 1 : 0,
  );
  return { ...s, triggers: { ...s.triggers, [e.type]: list } };
};

const extended = (s: OrderState, e: OrderEventOf<'DeadlineExtended'>): OrderState =>
  withOccurrence(s, e.data.obligationId, e.data.occurrence, e.metadata.effectiveOn, (f) => ({
    ...f,
    extensions: [
      ...f.extensions,
      { on: e.metadata.effectiveOn, eventId: e.id, newDueOn: e.data.newDueOn },
    ],
  }));

/** A change of the order's terms: only what the event says, effective from its date (or, `retroactive`, reaching back). */
const nextTerms = (
  e: OrderEvent,
  change: {
    termEndsOn?: CalendarDate | undefined;
    dayCounting?: DayCounting | undefined;
    evidenceRecord?: EvidenceRecord | undefined;
    retroactive?: boolean | undefined;
  },
): OrderTermsChange => ({
  on: e.metadata.effectiveOn,
  eventId: e.id,
  termEndsOn: change.termEndsOn,
  counting: change.dayCounting,
  ...(change.evidenceRecord ? { evidenceRecord: change.evidenceRecord } : {}),
  ...(change.retroactive === true ? { retroactive: true } : {}),
});

const orderFact = (
  s: OrderState,
  e: OrderEventOf<'OrderFiled' | 'OrderEntered' | 'OrderModified' | 'OrderTerminated'>,
): OrderState => {
  switch (e.type) {
    case 'OrderFiled':
      return {
        ...s,
        phase: 'filed',
        orderId: e.data.orderId,
        title: e.data.title,
        instrument: e.data.kind,
        forum: e.data.forum,
        filed: dated(e),
        warningDays: e.data.warningDays ?? s.warningDays,
        terms: [
          nextTerms(e, { ...e.data, dayCounting: e.data.dayCounting ?? DEFAULT_DAY_COUNTING }),
        ],
      };
    case 'OrderEntered':
      return {
        ...s,
        phase: s.phase === 'terminated' ? s.phase : 'entered',
        entered: dated(e),
        terms: [...s.terms, nextTerms(e, e.data)],
      };
    case 'OrderModified':
      return { ...s, terms: [...s.terms, nextTerms(e, e.data)] };
    case 'OrderTerminated':
      return {
        ...s,
        phase: 'terminated',
        terminated: {
          on: e.metadata.effectiveOn,
          eventId: e.id,
          reason: e.data.reason,
          kind: e.data.kind ?? 'terminated',
          ...(e.data.successor !== undefined ? { successor: e.data.successor } : {}),
        },
      };
  }
};

/**
 * Facts the state keeps only as a live event with its provenance (who stated it, where from): an
 * assessor's approval, a request for an extension (only a grant, `DeadlineExtended`, moves a
 * deadline) and a public statement. `apply` leaves the state as it was for them, so no deadline,
 * status or roll-up can change on their dates.
 */
export const RECORD_ONLY_FACTS: ReadonlySet<OrderEvent['type']> = new Set<OrderEvent['type']>([
  'AssessorApproved',
  'ExtensionRequested',
  'PublicStatementIssued',
]);

const apply = (s: OrderState, e: OrderEvent): OrderState => {
  switch (e.type) {
    case 'OrderFiled':
    case 'OrderEntered':
    case 'OrderModified':
    case 'OrderTerminated':
      return orderFact(s, e);
    case 'ObligationImposed':
      return imposed(s, e);
    case 'ObligationAmended':
      return amended(s, e);
    case 'ObligationWaived':
      return waived(s, e);
    case 'ObligationSuperseded':
      return superseded(s, e);
    case 'ObligationAssigned':
      return assigned(s, e);
    case 'InformationDemanded':
      return demanded(s, e);
    case 'PenaltyAssessed':
      return penalty(s, e);
    case 'DeadlineExtended':
      return extended(s, e);
    case 'PaymentMade':
    case 'SubmissionFiled':
      return evidence(s, e);
    case 'SubmissionAccepted':
    case 'SubmissionRejected':
      return decided(s, e);
    case 'ViolationAlleged':
    case 'ViolationFound':
    case 'ViolationCured':
    case 'AllegationResolved':
      return violation(s, e);
    case 'PetitionFiled':
    case 'PetitionDecided':
    case 'MotionDecided':
      return petition(s, e);
    case 'IncidentDiscovered':
    case 'CorporateChangeOccurred':
    case 'ProductLaunched':
      return trigger(s, e);
    case 'ClosureDeclared':
      return closure(s, e);
    case 'AssessorApproved': // the RECORD_ONLY_FACTS
    case 'ExtensionRequested':
    case 'PublicStatementIssued':
    case 'EntryRetracted': // what it does is `retract`'s
      return s;
  }
};

const FACT_ID: Partial<Record<OrderEvent['type'], readonly [namespace: string, field: string]>> = {
  OrderFiled: ['order', 'orderId'],
  ObligationImposed: ['obligation', 'obligationId'],
  InformationDemanded: ['obligation', 'demandId'],
  PenaltyAssessed: ['obligation', 'penaltyId'],
  PaymentMade: ['payment', 'paymentId'],
  SubmissionFiled: ['submission', 'submissionId'],
  SubmissionAccepted: ['decision', 'submissionId'],
  SubmissionRejected: ['decision', 'submissionId'],
  IncidentDiscovered: ['incident', 'incidentId'],
  CorporateChangeOccurred: ['change', 'changeId'],
  ProductLaunched: ['product', 'productId'],
  ViolationAlleged: ['allegation', 'violationId'],
  ViolationFound: ['finding', 'violationId'],
  ViolationCured: ['cure', 'violationId'],
  ExtensionRequested: ['request', 'requestId'],
  PetitionFiled: ['petition', 'petitionId'],
  PetitionDecided: ['ruling', 'petitionId'],
  MotionDecided: ['ruling', 'motionId'],
  AllegationResolved: ['resolution', 'violationId'],
  ObligationSuperseded: ['supersession', 'obligationId'],
  ClosureDeclared: ['closure', 'closedOn'],
  PublicStatementIssued: ['statement', 'statementId'],
};

/** The key under which a named fact is remembered for idempotency (`payment:p-1`), and the field naming it. */
export const factKeyOf = (
  e: Pick<OrderEvent, 'type' | 'data'>,
): { readonly key: string; readonly field: string } | undefined => {
  const spec = FACT_ID[e.type];
  if (!spec) return undefined;
  const [namespace, field] = spec;
  return { key: `${namespace}:${String((e.data as Record<string, unknown>)[field])}`, field };
};

/**
 * Where each event id and each named fact sits in a `live` array, and in every shorter array of the
 * same fold: `remember` extends the index of the array it copies when that array is the longest one
 * indexed, so lookups are O(1) and nothing is copied per fold. An array `live` indexed by `ix` is
 * always a prefix of the events `ix` has seen, so a position below `live.length` is a hit in `live`.
 * States (and their arrays) are immutable, which is what makes sharing the index safe.
 */
interface LiveIndex {
  readonly ids: Map<string, number>;
  /** namespace → fact id → position of the first live event that recorded it. */
  readonly facts: Map<string, Map<unknown, number>>;
  size: number;
}
// Each array's index is kept on the array itself (see `objectMemo`).
const liveIndexes = objectMemo<readonly OrderEvent[], LiveIndex>('decree.liveIndex');
const cachedIndex = (live: readonly OrderEvent[]): LiveIndex | undefined => liveIndexes.get(live);

const indexEvent = (ix: LiveIndex, e: OrderEvent, at: number): void => {
  if (!ix.ids.has(e.id)) ix.ids.set(e.id, at);
  const spec = FACT_ID[e.type];
  if (!spec) return;
  const value = (e.data as Record<string, unknown>)[spec[1]];
  let byValue = ix.facts.get(spec[0]);
  if (!byValue) ix.facts.set(spec[0], (byValue = new Map()));
  if (!byValue.has(value)) byValue.set(value, at);
};

const indexOf = (live: readonly OrderEvent[]): LiveIndex => {
  const hit = cachedIndex(live);
  if (hit) return hit;
  const ix: LiveIndex = { ids: new Map(), facts: new Map(), size: live.length };
  live.forEach((e, i) => indexEvent(ix, e, i));
  liveIndexes.set(live, ix);
  return ix;
};

const liveAt = (live: readonly OrderEvent[], pos: number | undefined): OrderEvent | undefined =>
  pos !== undefined && pos < live.length ? live[pos] : undefined;

/** The live event with this id, if any. */
const liveEvent = (s: OrderState, id: string): OrderEvent | undefined => {
  const e = liveAt(s.live, indexOf(s.live).ids.get(id));
  return e?.id === id ? e : undefined;
};

/** Whether the order has seen an event id, live or retracted (`seenEvent` without the fingerprint). */
const hasSeen = (s: OrderState, id: string): boolean =>
  ownEntry(s.retracted, id) !== undefined || liveEvent(s, id) !== undefined;

/** An event the order has seen: live (with its fingerprint computed on demand) or retracted. */
export const seenEvent = (s: OrderState, id: string): SeenEvent | undefined => {
  const gone = ownEntry(s.retracted, id);
  if (gone) return { ...gone, retracted: true };
  const live = liveEvent(s, id);
  return live && { type: live.type, fingerprint: fingerprintOf(live), retracted: false };
};

/**
 * Whether `e` is the very event the order already holds under its id: the same type, data and
 * metadata, every field (RFC 8785 canonical JSON). A retracted event is compared by its
 * fingerprint (type, data, effective date), all the order keeps of it. Undefined when the id is new.
 */
export const sameEvent = (s: OrderState, e: OrderEvent): boolean | undefined => {
  const gone = ownEntry(s.retracted, e.id);
  if (gone) return gone.type === e.type && gone.fingerprint === fingerprintOf(e);
  const live = liveEvent(s, e.id);
  if (live === undefined) return undefined;
  return live.type === e.type && contentOf(live) === contentOf(e);
};

const contentOf = (e: OrderEvent): string =>
  canonicalize({ type: e.type, data: e.data, metadata: e.metadata }) ?? '';

/** Every event id the order has seen, live or retracted. */
export const seenEventIds = (s: OrderState): string[] => [
  ...s.live.map((e) => e.id),
  ...Object.keys(s.retracted),
];

/**
 * The live event that recorded the same named fact as `e` (same payment id, submission id…), if
 * any: the first one in recorded order.
 */
export const sameFact = (
  s: OrderState,
  e: Pick<OrderEvent, 'type' | 'data'>,
): OrderEvent | undefined => {
  const spec = FACT_ID[e.type];
  if (!spec) return undefined;
  const value = (e.data as Record<string, unknown>)[spec[1]];
  // NaN never equals itself: no event recorded the "same" NaN fact (the index's map would say otherwise).
  if (typeof value === 'number' && Number.isNaN(value)) return undefined;
  return liveAt(s.live, indexOf(s.live).facts.get(spec[0])?.get(value));
};

const remember = (s: OrderState, e: OrderEvent): OrderState => {
  const ix = cachedIndex(s.live);
  // `s.live` is a shorter prefix of an array its index was extended for: a copy of its own, indexed on demand.
  if (ix && ix.size !== s.live.length) return update(s, { live: made([...s.live, e]) });
  const live = append(s.live, e); // in place only in a fold that made this array
  if (ix) {
    indexEvent(ix, e, ix.size);
    ix.size += 1;
    if (live !== s.live) liveIndexes.set(live, ix);
  }
  return update(s, { live });
};

/**
 * `s` with the event's entry in the record of sources: what answers cite of it (type, actor, source,
 * assumed values, whether its recorded time was backfilled). Every live event has one, a retraction
 * included, in the order of the live events, however the state was reached (see `retract`).
 */
const cite = (s: OrderState, e: OrderEvent): OrderState => {
  const { actor, source, assumed, backfilled } = e.metadata;
  const cited: Provenance = {
    type: e.type,
    actor: actor.name,
    ...(source !== undefined ? { source } : {}),
    ...(assumed !== undefined ? { assumed } : {}),
    ...(backfilled === true ? { backfilled } : {}),
  };
  return update(s, { provenance: put(s.provenance, e.id, cited) });
};

/** `apply`, plus the event's entry in the record of sources (`cite`). */
const applyCited = (s: OrderState, e: OrderEvent): OrderState => cite(apply(s, e), e);

/**
 * A retraction: the state rebuilt from the live events without its target (a retraction of an
 * event the order does not hold changes nothing but the live events), and the retraction cited as
 * every live event is. The rebuild cites the earlier retractions it folds again, so citing this one
 * now keeps the record of sources the same whether or not a later retraction rebuilds the state
 * (the backfilled count of an answer reads it).
 */
const retract = (s: OrderState, e: OrderEventOf<'EntryRetracted'>): OrderState => {
  const target = liveEvent(s, e.data.eventId);
  if (!target) return remember(cite(s, e), e);
  const live = s.live.filter((x) => x.id !== e.data.eventId);
  const rebuilt = live.reduce(applyCited, initialOrderState());
  const retracted = {
    ...s.retracted,
    [target.id]: { type: target.type, fingerprint: fingerprintOf(target) },
  };
  return remember(cite(made({ ...rebuilt, retracted, live }), e), e);
};

/**
 * A caller's own states: `evolveInto` with one draft updates in place the records and arrays that
 * earlier calls with the same draft made, so the caller must keep only the latest state it got.
 */
export type OrderDraft = WeakSet<object> & { readonly __orderDraft?: never };

/** A new draft for `evolveInto`. */
export const orderDraft = (): OrderDraft => new WeakSet<object>();

/**
 * `evolveOrder` for a caller that keeps only the latest state of a fold (the import's check of an
 * order, line by line): what this draft made is updated in place instead of copied per event.
 * States not made with this draft (the one it started from) are never changed.
 */
export const evolveInto = (into: OrderDraft, s: OrderState, e: OrderEvent): OrderState => {
  const outer = draft;
  draft = into;
  try {
    return evolveOrder(s, e);
  } finally {
    draft = outer;
  }
};

/**
 * Folds events into an order's state: `events.reduce(evolveOrder, s)`, with the records and arrays
 * the fold makes itself updated in place instead of copied per event. `s` and everything it shares
 * are never changed, and the result is as immutable as any state once the fold returns.
 */
export const foldOrder = (s: OrderState, events: Iterable<OrderEvent>): OrderState => {
  const into = orderDraft();
  let state = s;
  for (const e of events) state = evolveInto(into, state, e);
  return state;
};

/** Folds one event into an order's state. Total: it never validates and never throws. */
export const evolveOrder = (s: OrderState, e: OrderEvent): OrderState => {
  if (hasSeen(s, e.id)) return s; // a duplicate delivery of an event already folded
  if (e.type === 'EntryRetracted') return retract(s, e);
  return remember(applyCited(s, e), e);
};

import {
  offsetWords,
  sourcesLookupOf,
  type CalendarDate,
  type OrderFacts,
  type Schedule,
} from '../../domain/index.js';
import { objectMemo } from '../../domain/shared/object-memo.js';
import { classifyOccurrence, enteredBy, occurrencesOn, placedOccurrenceOn } from './classify.js';
import type {
  ComplianceOptions,
  OccurrenceAnswer,
  OrderAnswer,
  OrderStatus,
} from './compliance.types.js';
import { byDue } from './answer-order.js';
import { orderEndOn, type OrderEnd } from './order-end.js';

/** The warning window an answer uses: the caller's, else the order's own, else 30 days. */
export const warningDaysOf = (s: OrderFacts, options: ComplianceOptions = {}): number =>
  options.warningDays ?? s.warningDays;

/** Whether the order has ended by `asOf` (terminated, vacated, superseded, or past the last day of its term), and why. */
export const endedOn = (s: OrderFacts, asOf: CalendarDate): string | undefined =>
  orderEndOn(s, asOf)?.reason;

/** Statuses still outstanding after an order's end (design.md 6.3: never hidden behind the end). */
const OUTSTANDING = new Set(['overdue', 'unverified', 'breached']);

const listed = (os: readonly OccurrenceAnswer[], pick: (o: OccurrenceAnswer) => boolean) =>
  os.filter(pick).map((o) => `${o.id} is ${o.status}`);

/**
 * Rolls occurrence statuses up into the order's (design.md 6.3): after its end, how it ended
 * (with the count still outstanding); else non_compliant, unverified, at_risk (also for a pending
 * allegation) or compliant.
 */
export const rollUp = (
  end: OrderEnd | undefined,
  occurrences: readonly OccurrenceAnswer[],
): { status: OrderStatus; reasons: string[]; outstanding?: number } => {
  if (end) {
    const open = listed(occurrences, (o) => OUTSTANDING.has(o.status));
    return { status: end.kind, reasons: [end.reason, ...open], outstanding: open.length };
  }
  const bad = listed(occurrences, (o) => o.status === 'overdue' || o.status === 'breached');
  if (bad.length > 0) return { status: 'non_compliant', reasons: bad };
  const unverified = listed(occurrences, (o) => o.status === 'unverified');
  if (unverified.length > 0) return { status: 'unverified', reasons: unverified };
  const risky = listed(occurrences, (o) => o.status === 'due_soon' || o.status === 'submitted');
  const alleged = occurrences.flatMap((o) =>
    o.allegations.map((a) => `${o.id}: violation ${a.violationId} alleged ${a.on}, pending`),
  );
  if (risky.length + alleged.length > 0)
    return { status: 'at_risk', reasons: [...risky, ...alleged] };
  return { status: 'compliant', reasons: [] };
};

const everyWords = (e: Extract<Schedule, { kind: 'recurring' }>['every']): string =>
  'years' in e ? `${e.years} year(s)` : `${e.months} month(s)`;

/** A schedule as it reads before the order is entered: deadlines that count from entry say so, fixed ones bind once entered. */
const ruleBeforeEntry = (sch: Schedule): string => {
  switch (sch.kind) {
    case 'once':
      return `due ${sch.dueOn}, once entered`;
    case 'ongoing':
      return 'in force from entry';
    case 'recurring':
      return `every ${everyWords(sch.every)} from ${'afterEntry' in sch.start ? `entry + ${offsetWords(sch.start.afterEntry)}` : sch.start.on}, once entered`;
    case 'before':
      return `${offsetWords(sch.offset)} before each ${sch.anchor.fact}, once entered`;
    case 'after':
      return sch.anchor.kind === 'order_entry'
        ? `entry + ${offsetWords(sch.offset)}`
        : `${offsetWords(sch.offset)} after ${sch.anchor.kind === 'trigger' ? `each ${sch.anchor.fact}` : sch.anchor.kind === 'date' ? sch.anchor.on : `${sch.anchor.obligationId} is met`}, once entered`;
  }
};

/** Every duty of an order filed and not yet entered, with its rule in words: none binds before entry (design.md 6.3). */
const pendingEntryOf = (s: OrderFacts, asOf: CalendarDate) =>
  Object.values(s.obligations)
    .filter((o) => o.on <= asOf)
    .map((o) => ({
      obligationId: o.id,
      title: o.terms.title,
      rule: ruleBeforeEntry(o.terms.schedule),
    }));

/** Whether the order is filed and not entered by `asOf` (and has not ended either). */
export const pendingEntry = (
  s: OrderFacts,
  asOf: CalendarDate,
  end = orderEndOn(s, asOf),
): boolean => !end && !enteredBy(s, asOf);

const backfilledMemo = objectMemo<OrderFacts['provenance'], number>('decree.backfilledFacts');

/** How many of the order's known facts were backfilled (recorded times stated at import, not observed); counted once per state. */
export const backfilledFacts = (s: OrderFacts): number => {
  const lookup = sourcesLookupOf(s);
  if (lookup) return lookup.backfilled();
  let n = backfilledMemo.get(s.provenance);
  if (n === undefined) {
    n = 0;
    for (const p of Object.values(s.provenance)) if (p.backfilled === true) n++;
    backfilledMemo.set(s.provenance, n);
  }
  return n;
};

/** Why an order that ended before it was entered lists nothing: no duty ever bound (`occurrencesOn`). */
const neverEntered = (s: OrderFacts, end: OrderEnd | undefined, asOf: CalendarDate): string[] =>
  end !== undefined && !enteredBy(s, asOf)
    ? [`filed ${s.filed?.on ?? ''}, not entered by ${asOf}: no duty ever bound`]
    : [];

/**
 * What was due, met, late or breached in an order on `asOf`, computed from its state (fold the
 * events known at the moment you care about; see `stateKnownAt`). Pure: the date is an argument.
 */
export const orderStatusOn = (
  s: OrderFacts,
  asOf: CalendarDate,
  options: ComplianceOptions = {},
): OrderAnswer => {
  const warningDays = warningDaysOf(s, options);
  const backfilled = backfilledFacts(s);
  const base = {
    orderId: s.orderId ?? '',
    ...(s.title !== undefined ? { title: s.title } : {}),
    asOf,
    ...(backfilled > 0 ? { backfilled } : {}),
  };
  const end = orderEndOn(s, asOf);
  if (pendingEntry(s, asOf, end)) {
    return {
      ...base,
      status: 'pending_entry',
      occurrences: [],
      reasons: [
        s.filed !== undefined && asOf < s.filed.on
          ? `not yet filed on ${asOf} (filed ${s.filed.on}): no duty binds yet`
          : `filed ${s.filed?.on ?? ''}, not entered by ${asOf}: no duty binds yet`,
      ],
      pendingEntry: pendingEntryOf(s, asOf),
    };
  }
  const occurrences = occurrencesOn(s, asOf, warningDays)
    .map((p) => classifyOccurrence(s, p, asOf, warningDays))
    .sort(byDue);
  const { status, reasons, outstanding } = rollUp(end, occurrences);
  return {
    ...base,
    status,
    occurrences,
    reasons: [...reasons, ...neverEntered(s, end, asOf)],
    ...(end ? { outstanding: outstanding ?? 0, endedOn: end.on } : {}),
  };
};

/**
 * The answer `orderStatusOn(s, asOf, options)` gives for the one occurrence `<obligationId>/<key>`,
 * computed for that occurrence alone; undefined when it is not listed on `asOf`.
 */
export const occurrenceStatusOn = (
  s: OrderFacts,
  id: string,
  asOf: CalendarDate,
  options: ComplianceOptions = {},
): OccurrenceAnswer | undefined => {
  if (pendingEntry(s, asOf)) return undefined;
  const w = warningDaysOf(s, options);
  const p = placedOccurrenceOn(s, id, asOf, w);
  return p && classifyOccurrence(s, p, asOf, w);
};

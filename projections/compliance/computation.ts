import {
  addDays,
  countingFor,
  isOpen,
  offsetWords,
  ownEntry,
  ruleOf,
  type CalendarDate,
  type Counting,
  type OrderFacts,
} from '../../domain/index.js';
import { deadlineOn, type PlacedOccurrence } from './classify.js';
import { ruleCitation, skippedDays, type SkippedDay } from './roll-reasons.js';

export type { SkippedDay } from './roll-reasons.js';

/** How an occurrence's deadline was computed: its schedule in words, the nominal date, each day rolled past, the rule, and any extension. */
export interface DeadlineComputation {
  /** The schedule in plain words ("once, due 2022-11-22"; "30 days after IncidentDiscovered inc-1, effective 2023-01-10"). */
  readonly schedule: string;
  readonly nominalDueOn: CalendarDate;
  /** The scheduled deadline: the nominal date after rolling (before extensions). */
  readonly scheduledDueOn: CalendarDate;
  /** The days the nominal date rolled past, in the direction it rolled. */
  readonly skipped: readonly SkippedDay[];
  /** The day-counting rule applied, with its citation ("FRCP 6(a)(1)(C): a last day on a weekend or legal holiday rolls to the next business day"). */
  readonly rule: string;
  /**
   * Counted back from its trigger to before the day the duty arose (the latest of the obligation's
   * imposition, the order's entry and the day the trigger became known): that day, on which it is
   * due instead, rolled forward like any deadline (`skipped` then lists the days rolled past from it).
   */
  readonly arisesOn?: CalendarDate;
  /** Under 16 C.F.R. 4.3(a), the day a period of days began (day 1: the first business day after its event). */
  readonly countedFrom?: CalendarDate;
  /** The extension in force, if any. */
  readonly extension?: {
    readonly on: CalendarDate;
    readonly eventId: string;
    readonly newDueOn: CalendarDate;
  };
}

/** A schedule in plain words, with the fact that anchored this occurrence. */
export const scheduleWords = (s: OrderFacts, p: PlacedOccurrence): string => {
  const sch = p.terms.schedule;
  switch (sch.kind) {
    case 'once':
      return `once, due ${sch.dueOn}`;
    case 'ongoing':
      return `ongoing, in force from ${p.spec.dueOn}`;
    case 'recurring':
      return `every ${'years' in sch.every ? `${sch.every.years} year(s)` : `${sch.every.months} month(s)`}; this occurrence nominally ${p.spec.nominalDueOn}`;
    case 'before':
    case 'after': {
      const a = sch.anchor;
      const anchor =
        a.kind === 'order_entry'
          ? `entry of the order (${s.entered?.on ?? 'not yet entered'})`
          : a.kind === 'satisfaction'
            ? `satisfaction of ${a.obligationId}`
            : a.kind === 'date'
              ? `the demand of ${a.on}`
              : `${a.fact} ${p.spec.triggerId ?? ''}`.trim();
      const cond = sch.condition
        ? ` (only when ${sch.condition.measure} ${sch.condition.op} ${sch.condition.value})`
        : '';
      return `${offsetWords(sch.offset)} ${sch.kind} ${anchor}${cond}`;
    }
  }
};

/** The event a period of days runs from, when the schedule counts one: the demand's date, the entry, the trigger. */
const periodEvent = (s: OrderFacts, p: PlacedOccurrence): CalendarDate | undefined => {
  const sch = p.terms.schedule;
  if (sch.kind !== 'after' || !('days' in sch.offset)) return undefined;
  const a = sch.anchor;
  if (a.kind === 'date') return a.on;
  if (a.kind === 'order_entry') return s.entered?.on;
  if (a.kind === 'trigger') {
    const t = s.triggers[a.fact].find((x) => x.id === p.spec.triggerId);
    return t?.occursOn ?? t?.on;
  }
  return undefined;
};

/** Under 4.3(a), day 1 of a period of days: the first business day after its event. */
const dayOne = (
  s: OrderFacts,
  p: PlacedOccurrence,
  counting: Counting,
): CalendarDate | undefined => {
  const event = ruleOf(counting) === 'ftc-4.3a' ? periodEvent(s, p) : undefined;
  if (event === undefined) return undefined;
  let d = addDays(event, 1);
  while (!isOpen(d, counting)) d = addDays(d, 1);
  return d;
};

/** How one placed occurrence's deadline was computed on `asOf`. */
export const computationOf = (
  s: OrderFacts,
  p: PlacedOccurrence,
  asOf: CalendarDate,
): DeadlineComputation => {
  const { extension } = deadlineOn(s, p, asOf);
  const ext =
    extension &&
    ownEntry(s.occurrences, `${p.obligation.id}/${p.spec.key}`)?.extensions.find(
      (x) => x.eventId === extension.eventId,
    );
  const counting = countingFor(s, p.spec.nominalDueOn, asOf);
  const day1 = dayOne(s, p, counting);
  const arises = p.spec.dueOnArising === true ? p.spec.arisesOn : undefined;
  return {
    schedule: scheduleWords(s, p),
    nominalDueOn: p.spec.nominalDueOn,
    scheduledDueOn: p.spec.dueOn,
    skipped: skippedDays(s, arises ?? p.spec.nominalDueOn, p.spec.dueOn),
    rule:
      p.spec.key === 'ongoing'
        ? 'in force from a date: no deadline to roll'
        : ruleCitation(counting, p.spec.backward === true && arises === undefined),
    ...(arises !== undefined ? { arisesOn: arises } : {}),
    ...(day1 !== undefined ? { countedFrom: day1 } : {}),
    ...(ext ? { extension: { on: ext.on, eventId: ext.eventId, newDueOn: ext.newDueOn } } : {}),
  };
};

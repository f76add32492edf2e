import {
  addDays, countingFor, dayOfWeek, federalHolidayName, isBusinessDay, type CalendarDate, type Offset, type OrderEvent, type OrderState,
} from '../../domain/index.js';
import { classifyOccurrence, deadlineOn, occurrencesOn, type PlacedOccurrence } from './classify.js';
import type { ComplianceOptions, OccurrenceAnswer } from './compliance.types.js';
import { warningDaysOf } from './order-status.js';

/** A day a deadline rolled past, and why (a Saturday, a Sunday, a named legal holiday). */
export interface SkippedDay {
  readonly date: CalendarDate;
  readonly why: string;
}

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
  /** The extension in force, if any. */
  readonly extension?: { readonly on: CalendarDate; readonly eventId: string; readonly newDueOn: CalendarDate };
}

/** Why an occurrence has its status: the answer, the events that decided it (in the order cited), the facts considered that did not decide, and how its deadline was computed. */
export interface Explanation {
  readonly answer: OccurrenceAnswer;
  readonly events: readonly OrderEvent[];
  /** Facts effective by the date asked about that bear on the occurrence but did not decide it: pending or resolved allegations, petitions, motions and their rulings. */
  readonly considered: readonly OrderEvent[];
  readonly computation: DeadlineComputation;
  /** True when the status rests on the absence of evidence (`overdue`, `unverified`): "no evidence recorded; not a finding" when unverified. */
  readonly noEvidence: boolean;
}

const ROLL_FORWARD = 'FRCP 6(a)(1)(C): a last day on a weekend or legal holiday rolls to the next business day';
const ROLL_BACK = 'FRCP 6(a)(5): counted backward, a last day on a weekend or legal holiday rolls to the previous business day';
const NO_ROLL = "calendar days: the order's day counting does not roll deadlines";

/** Why a day is not a business day. */
const whyClosed = (d: CalendarDate): string | undefined => {
  const dow = dayOfWeek(d);
  return dow === 6 ? 'Saturday' : dow === 7 ? 'Sunday' : federalHolidayName(d) ?? (isBusinessDay(d) ? undefined : 'legal holiday');
};

/** The days between a nominal date and the deadline it rolled to, each with why the court was closed. */
const skippedDays = (nominal: CalendarDate, rolled: CalendarDate): SkippedDay[] => {
  const step = rolled < nominal ? -1 : 1;
  const out: SkippedDay[] = [];
  for (let d = nominal; d !== rolled; d = addDays(d, step)) out.push({ date: d, why: whyClosed(d) ?? 'not a business day' });
  return out;
};

const offsetWords = (o: Offset): string => ('days' in o ? `${o.days} days` : 'months' in o ? `${o.months} months` : `${o.years} years`);

/** A schedule in plain words, with the fact that anchored this occurrence. */
const scheduleWords = (s: OrderState, p: PlacedOccurrence): string => {
  const sch = p.terms.schedule;
  switch (sch.kind) {
    case 'once': return `once, due ${sch.dueOn}`;
    case 'ongoing': return `ongoing, in force from ${p.spec.dueOn}`;
    case 'recurring': return `every ${'years' in sch.every ? `${sch.every.years} year(s)` : `${sch.every.months} month(s)`}; this occurrence nominally ${p.spec.nominalDueOn}`;
    case 'before': case 'after': {
      const anchor = sch.anchor.kind === 'order_entry' ? `entry of the order (${s.entered?.on ?? 'not yet entered'})`
        : sch.anchor.kind === 'satisfaction' ? `satisfaction of ${sch.anchor.obligationId}`
        : `${sch.anchor.fact} ${p.spec.triggerId ?? ''}`.trim();
      const cond = sch.condition ? ` (only when ${sch.condition.measure} ${sch.condition.op} ${sch.condition.value})` : '';
      return `${offsetWords(sch.offset)} ${sch.kind} ${anchor}${cond}`;
    }
  }
};

const computationOf = (s: OrderState, p: PlacedOccurrence, asOf: CalendarDate): DeadlineComputation => {
  const { extension } = deadlineOn(s, p, asOf);
  const ext = extension && s.occurrences[`${p.obligation.id}/${p.spec.key}`]?.extensions.find((x) => x.eventId === extension.eventId);
  const rolls = p.spec.key !== 'ongoing' && countingFor(s, p.spec.nominalDueOn, asOf).rollForward;
  return {
    schedule: scheduleWords(s, p), nominalDueOn: p.spec.nominalDueOn, scheduledDueOn: p.spec.dueOn,
    skipped: skippedDays(p.spec.nominalDueOn, p.spec.dueOn), rule: !rolls ? NO_ROLL : p.spec.backward === true ? ROLL_BACK : ROLL_FORWARD,
    ...(ext ? { extension: { on: ext.on, eventId: ext.eventId, newDueOn: ext.newDueOn } } : {}),
  };
};

/** Facts effective by `asOf` that bear on the occurrence without deciding it: allegations about it (pending or resolved), and the order's petitions, motions and rulings. */
const consideredFacts = (s: OrderState, p: PlacedOccurrence, asOf: CalendarDate, deciding: ReadonlySet<string>): OrderEvent[] =>
  s.live.filter((e) => {
    if (deciding.has(e.id) || e.metadata.effectiveOn > asOf) return false;
    switch (e.type) {
      case 'ViolationAlleged': return e.data.obligationId === p.obligation.id;
      case 'AllegationResolved': case 'ViolationCured': return s.violations[e.data.violationId]?.obligationId === p.obligation.id;
      case 'PetitionFiled': case 'PetitionDecided': case 'MotionDecided': case 'ExtensionRequested': return e.type !== 'ExtensionRequested' || e.data.obligationId === p.obligation.id;
      default: return false;
    }
  });

/** Explains one occurrence (`<obligationId>/<key>`) on `asOf`, or returns undefined if it does not exist then. */
export const explainOccurrence = (s: OrderState, occurrenceId: string, asOf: CalendarDate, options: ComplianceOptions = {}): Explanation | undefined => {
  const w = warningDaysOf(s, options);
  const placed = occurrencesOn(s, asOf, w).find((p) => `${p.obligation.id}/${p.spec.key}` === occurrenceId);
  if (!placed) return undefined;
  const answer = classifyOccurrence(s, placed, asOf, w);
  const byId = new Map(s.live.map((e) => [e.id, e]));
  return {
    answer, events: answer.because.flatMap((id) => byId.get(id) ?? []), considered: consideredFacts(s, placed, asOf, new Set(answer.because)),
    computation: computationOf(s, placed, asOf), noEvidence: answer.status === 'overdue' || answer.status === 'unverified',
  };
};

import {
  addDays,
  dayOfWeek,
  executiveClosureOn,
  federalHolidayName,
  isBusinessDay,
  ruleOf,
  type CalendarDate,
  type Counting,
  type OrderFacts,
} from '../../domain/index.js';

/** A day a deadline rolled past, and why (a Saturday, a Sunday, a named legal holiday, a closure). */
export interface SkippedDay {
  readonly date: CalendarDate;
  readonly why: string;
}

const CITATIONS = {
  frcp6: 'FRCP 6(a)(1)(C): a last day on a weekend or legal holiday rolls to the next business day',
  frcp6Back:
    'FRCP 6(a)(5): counted backward, a last day on a weekend or legal holiday rolls to the previous business day',
  ftc: '16 C.F.R. 4.3(a): counting begins on the first business day after the event; periods of 7 days or fewer count business days; a last day on a weekend, holiday or closure rolls to the next business day',
  calendar: "calendar days: the order's day counting does not roll deadlines",
} as const;

/** The rule a counting applies to one deadline, with its citation. */
export const ruleCitation = (counting: Counting, backward: boolean): string => {
  const rule = ruleOf(counting);
  return rule === 'calendar'
    ? CITATIONS.calendar
    : rule === 'ftc-4.3a'
      ? CITATIONS.ftc
      : backward
        ? CITATIONS.frcp6Back
        : CITATIONS.frcp6;
};

/** Why the court or office is closed on a day: a weekend, a federal holiday, an executive-order closure, a declared closure. */
const whyClosed = (s: OrderFacts, d: CalendarDate): string => {
  const dow = dayOfWeek(d);
  if (dow === 6 || dow === 7) return dow === 6 ? 'Saturday' : 'Sunday';
  const holiday = federalHolidayName(d);
  if (holiday) return `${holiday} (federal holiday)`;
  const eo = executiveClosureOn(d);
  if (eo) return `${eo.name}: federal offices closed, ${eo.source} (FRCP 6(a)(6)(B))`;
  const declared = s.closures.find((c) => c.from <= d && d <= c.to);
  return declared
    ? `declared closed: ${declared.reason}`
    : isBusinessDay(d)
      ? 'not a business day'
      : 'legal holiday';
};

/** The days between a nominal date and the deadline it rolled to, each with why the court was closed. */
export const skippedDays = (
  s: OrderFacts,
  nominal: CalendarDate,
  rolled: CalendarDate,
): SkippedDay[] => {
  const step = rolled < nominal ? -1 : 1;
  const out: SkippedDay[] = [];
  for (let d = nominal; d !== rolled; d = addDays(d, step))
    out.push({ date: d, why: whyClosed(s, d) });
  return out;
};

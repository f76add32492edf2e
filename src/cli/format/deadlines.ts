import { daysBetween, type CalendarDate } from '../../../domain/index.js';
import type { DeadlineEntry } from '../../../projections/index.js';
import { plural, renderTable, wrap } from './text.js';

/**
 * `deadlines --format json` data: `{ "withinDays": 90, "deadlines": DeadlineEntry[] }`, sorted by
 * deadline; each entry is an occurrence answer (see `status`) plus its `orderId` and `computation`
 * (schedule, nominal date, days skipped and why, the rule with its citation, extension). Overdue
 * and unverified occurrences are included whatever their deadline.
 */
export interface DeadlinesData {
  readonly withinDays: number;
  /** The `--owner` asked about, when one was. */
  readonly owner?: string;
  readonly deadlines: readonly DeadlineEntry[];
}

/**
 * When a deadline falls relative to `asOf`: `in 12d`, `today`, `9d ago`. Never "late": whether it
 * is (and how many days, which stop at the order's end) is the status's to say; an `unverified`
 * deadline passed is no default, and one filed on time awaiting acceptance is not late.
 */
export const relativeDue = (asOf: string, dueOn: string): string => {
  const d = daysBetween(asOf as CalendarDate, dueOn as CalendarDate);
  if (d === 0) return 'today';
  return d > 0 ? `in ${d}d` : `${-d}d ago`;
};

/** Why a deadline is not its nominal date: `2024-05-26 Sunday, Memorial Day (federal holiday): FRCP 6(a)(1)(C)`. */
export const rollNote = (d: DeadlineEntry): string | undefined => {
  const c = d.computation;
  if (c.extension)
    return `${d.id}: extended to ${c.extension.newDueOn} effective ${c.extension.on}`;
  const arose =
    c.arisesOn === undefined ? '' : `, before the duty arose on ${c.arisesOn}: due from then`;
  if (c.skipped.length === 0)
    return arose === '' ? undefined : `${d.id}: nominally ${c.nominalDueOn}${arose}`;
  return `${d.id}: nominally ${c.nominalDueOn}${arose}; ${c.skipped.map((x) => `${x.date} ${x.why}`).join('; ')}: ${c.rule.split(':')[0] ?? ''}`;
};

/** Who owns a deadline, and the backup in brackets: `Jane Roe (John Doe)`. */
export const ownerCell = (d: Pick<DeadlineEntry, 'owner'>): string =>
  d.owner === undefined
    ? ''
    : `${d.owner.owner.name}${d.owner.backup ? ` (${d.owner.backup.name})` : ''}`;

/** The `deadlines` table: due date, order, occurrence, status and how far away it is; then the rule behind every rolled date. */
export const formatDeadlines = (data: DeadlinesData, asOf: string): string[] => {
  const whose = data.owner === undefined ? '' : ` owned by ${data.owner}`;
  if (data.deadlines.length === 0)
    return [`no open deadlines${whose} within ${plural(data.withinDays, 'day')} of ${asOf}`];
  // The OWNER column only when someone owns one of them (`ObligationAssigned`), so other tables keep their shape.
  const owners = data.deadlines.some((d) => d.owner !== undefined);
  const rows = data.deadlines.map((d) => [
    d.dueOn,
    d.orderId,
    d.id,
    d.status,
    relativeDue(asOf, d.dueOn),
    ...(owners ? [ownerCell(d)] : []),
  ]);
  const notes = data.deadlines.map(rollNote).filter((n): n is string => n !== undefined);
  return [
    `open deadlines${whose} within ${plural(data.withinDays, 'day')} of ${asOf}, and overdue ones`,
    '',
    ...renderTable(
      [
        { header: 'DUE' },
        { header: 'ORDER' },
        { header: 'OCCURRENCE' },
        { header: 'STATUS' },
        { header: 'WHEN', align: 'right' },
        ...(owners ? [{ header: 'OWNER' }] : []),
      ],
      rows,
    ),
    ...(notes.length > 0
      ? ['', 'rolled or extended:', ...notes.flatMap((n) => wrap(`  ${n}`))]
      : []),
  ];
};

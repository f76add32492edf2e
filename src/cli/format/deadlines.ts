import { daysBetween, type CalendarDate } from '../../../domain/index.js';
import type { DeadlineEntry } from '../../../projections/index.js';
import { plural, renderTable } from './text.js';

/**
 * `deadlines --format json` data: `{ "withinDays": 90, "deadlines": DeadlineEntry[] }`, sorted by
 * deadline; each entry is an occurrence answer (see `status`) plus its `orderId`. Overdue
 * occurrences are included whatever their deadline, flagged by `status: "overdue"`.
 */
export interface DeadlinesData {
  readonly withinDays: number;
  readonly deadlines: readonly DeadlineEntry[];
}

/** When a deadline falls relative to `asOf`: `in 12d`, `today`, `9d late`. */
export const relativeDue = (asOf: string, dueOn: string): string => {
  const d = daysBetween(asOf as CalendarDate, dueOn as CalendarDate);
  if (d === 0) return 'today';
  return d > 0 ? `in ${d}d` : `${-d}d late`;
};

/** The `deadlines` table: due date, order, occurrence, status and how far away it is. */
export const formatDeadlines = (data: DeadlinesData, asOf: string): string[] => {
  if (data.deadlines.length === 0) return [`no open deadlines within ${plural(data.withinDays, 'day')} of ${asOf}`];
  const rows = data.deadlines.map((d) => [d.dueOn, d.orderId, d.id, d.status, relativeDue(asOf, d.dueOn)]);
  return [
    `open deadlines within ${plural(data.withinDays, 'day')} of ${asOf}, and overdue ones`,
    '',
    ...renderTable([{ header: 'DUE' }, { header: 'ORDER' }, { header: 'OCCURRENCE', flex: true }, { header: 'STATUS' }, { header: 'WHEN', align: 'right' }], rows),
  ];
};

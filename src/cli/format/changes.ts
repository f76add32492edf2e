import type { StatusChange } from '../../../projections/index.js';
import { plural, visible, wrap } from './text.js';

/**
 * `changes --format json` data: `{ "from", "to", "changes": StatusChange[] }`, in date order; each
 * `{ on, orderId, subject: "order" | "occurrence", occurrenceId?, title?, from, to, dueOn?, owner?,
 * cause: "fact" | "time", because: [{ eventId, type, effectiveOn, actor, source? }], deciding: [same], reasons }`:
 * `because` is what made the change, `deciding` every event behind the answer on that day.
 * On `on` the status is `to`; on the day before it was `from` (`absent`: not listed then).
 */
export interface ChangesData {
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
  readonly changes: readonly StatusChange[];
}

const who = (b: StatusChange['because'][number]) => `${b.type} ${b.effectiveOn} (${b.actor})`;

/** At most three, then how many more (the JSON form lists every one, with its source). */
const some = (items: readonly string[]): string =>
  items.slice(0, 3).join('; ') + (items.length > 3 ? `; and ${items.length - 3} more` : '');

/**
 * Why a change happened, in words: the facts of the day (`because SubmissionFiled 2022-06-22
 * (Twitter, Inc.)`), or the date alone (a deadline came within the warning window or passed)
 * with the answer's last reason and the facts that set the deadline.
 */
export const causeLine = (c: StatusChange): string =>
  c.cause === 'fact'
    ? `because ${some(c.because.map(who))}`
    : `by the date: ${c.reasons[c.reasons.length - 1] ?? ''}${c.because.length > 0 ? `; deadline set by ${some(c.because.map((b) => `${b.type} ${b.effectiveOn}`))}` : ''}`;

/** The `changes` listing: one entry per change, `DATE  ORDER WHAT: FROM -> TO`, its cause wrapped beneath. */
export const formatChanges = (data: ChangesData): string[] => {
  const span = `from ${data.from} to ${data.to} (exclusive)`;
  if (data.changes.length === 0) return [`no status changes ${span}`];
  return [
    `${plural(data.changes.length, 'status change')} ${span}`,
    '',
    ...data.changes.flatMap((c) => [
      ...wrap(
        visible(`${c.on}  ${c.orderId} ${c.occurrenceId ?? '(order)'}: ${c.from} -> ${c.to}`),
        undefined,
        12,
      ),
      ...wrap(visible(`            ${causeLine(c)}`), undefined, 2),
    ]),
  ];
};

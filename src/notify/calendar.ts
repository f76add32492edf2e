import ical, { ICalAlarmType, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import type { CalendarEntry } from '../../projections/index.js';

/** The lead times of a calendar's alarms by default: 30, 7 and 1 days before each deadline. */
export const DEFAULT_ALARM_DAYS: readonly number[] = [30, 7, 1];

/** Options of `icsOf`. */
export interface IcsOptions {
  /** Days before each deadline at which a calendar client reminds (default 30, 7, 1); [] for none. */
  readonly alarmDays?: readonly number[];
  /** When the file is produced (its DTSTAMPs); pass it so that the same export is the same bytes. */
  readonly generatedAt: Date;
  /** The calendar's name as clients show it (default "Decree deadlines"). */
  readonly name?: string;
}

/**
 * The UID of an occurrence's event: the same occurrence always has the same UID (order, obligation,
 * occurrence key; never its date), so importing a new export updates what a calendar client holds
 * (a deadline moved by an extension moves the event) instead of duplicating it.
 */
export const occurrenceUid = (e: Pick<CalendarEntry, 'orderId' | 'obligationId' | 'key'>): string =>
  `${e.orderId}/${e.obligationId}/${e.key}@decree`;

const plainDate = (d: string) => Temporal.PlainDate.from(d);

/** The event's text: the order, clause, status and owner, and how the deadline was computed (the rule and its citation). */
export const icsDescription = (e: CalendarEntry): string =>
  [
    `Order: ${e.orderTitle ?? e.orderId} (${e.orderId})`,
    `Obligation: ${e.title} (${e.id})${e.clause ? `, ${e.clause}` : ''}`,
    e.retracted
      ? `Status: retracted (${e.retracted.type} ${e.retracted.eventId}, which it rested on, was retracted by ${e.retracted.by})`
      : `Status: ${e.status}`,
    ...(e.owner
      ? [
          `Owner: ${e.owner.owner.name} <${e.owner.owner.email}>${e.owner.backup ? `; backup: ${e.owner.backup.name} <${e.owner.backup.email}>` : ''}`,
        ]
      : []),
    `Schedule: ${e.computation.schedule}`,
    `Nominal date: ${e.computation.nominalDueOn}${e.computation.arisesOn !== undefined ? `; before the duty arose on ${e.computation.arisesOn}, due from then` : ''}${e.computation.skipped.length > 0 ? `; rolled past ${e.computation.skipped.map((s) => `${s.date} (${s.why})`).join(', ')}` : ''}`,
    ...(e.computation.extension
      ? [`Extended to ${e.computation.extension.newDueOn}, effective ${e.computation.extension.on}`]
      : []),
    `Rule: ${e.computation.rule}`,
  ].join('\n');

/** Statuses of an occurrence no longer due on the date asked: its event is cancelled, with no alarm. */
const NOT_DUE = new Set<CalendarEntry['status']>(['waived', 'superseded', 'void']);
/** Statuses of an occurrence already met (or filed, awaiting acceptance): its event keeps no alarm. */
const MET = new Set<CalendarEntry['status']>(['satisfied', 'satisfied_late', 'submitted']);

/** The event's title: what the deadline is now ("Due", "Met", "Filed", or why it is no longer due). */
const summaryOf = (e: CalendarEntry): string =>
  `${e.retracted ? 'Not due (retracted)' : NOT_DUE.has(e.status) ? `Not due (${e.status})` : e.status === 'submitted' ? 'Filed, awaiting acceptance' : MET.has(e.status) ? 'Met' : 'Due'}: ${e.title} (${e.orderId})`;

/**
 * An RFC 5545 calendar (iCalendar text) with one all-day event per entry: its deadline as a DATE
 * (a civil date, never shifted by a time zone), a stable UID per occurrence (`occurrenceUid`), the
 * entry's `sequence` as its SEQUENCE (higher whenever the record has changed what the event says, so
 * that a client importing the new export replaces the copy it holds), the order, clause and rule of
 * computation in its description, and a display alarm at each lead time while it is due. An
 * occurrence no longer due (waived, superseded, void: the order ended, say) or taken away by a
 * retraction (`retracted`) is exported as a cancelled event under the same UID, so that importing
 * the export cancels the one a calendar client holds; one already met (or filed, awaiting
 * acceptance) keeps its event without alarms. The same entries and options give the same bytes.
 * @example
 * const ics = icsOf(await engine.calendar({ from: '2023-01-01', to: '2024-01-01' }), { generatedAt: new Date() });
 */
export const icsOf = (entries: readonly CalendarEntry[], options: IcsOptions): string => {
  const cal = ical({
    name: options.name ?? 'Decree deadlines',
    prodId: { company: 'decree-engine', product: 'decree', language: 'EN' },
  });
  const alarms = options.alarmDays ?? DEFAULT_ALARM_DAYS;
  for (const e of entries) {
    const start = plainDate(e.dueOn);
    const event = cal.createEvent({
      id: occurrenceUid(e),
      start,
      end: start.add({ days: 1 }),
      allDay: true,
      stamp: options.generatedAt,
      sequence: e.sequence,
      summary: summaryOf(e),
      description: icsDescription(e),
      ...(NOT_DUE.has(e.status) ? { status: ICalEventStatus.CANCELLED } : {}),
    });
    if (NOT_DUE.has(e.status) || MET.has(e.status)) continue;
    for (const days of alarms)
      event.createAlarm({
        type: ICalAlarmType.display,
        triggerBefore: days * 86_400,
        description: `Due in ${days} day${days === 1 ? '' : 's'} (${e.dueOn}): ${e.title} (${e.orderId})`,
      });
  }
  return cal.toString();
};

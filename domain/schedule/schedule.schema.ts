import { z } from 'zod';
import { CalendarDate, ObligationId } from '../shared/primitives.js';

const count = z.int().min(0).max(100_000);
const positive = z.int().min(1).max(1_200);

/** A period stated in calendar days, months or years (whole numbers). */
export const Offset = z.union([
  z.strictObject({ days: count }),
  z.strictObject({ months: count }),
  z.strictObject({ years: count }),
]);
/** A period of days, months or years. */
export type Offset = z.infer<typeof Offset>;

/** How often a recurring obligation comes due: every N months or every N years. */
export const Every = z.union([z.strictObject({ months: positive }), z.strictObject({ years: positive })]);
/** A recurrence interval. */
export type Every = z.infer<typeof Every>;

/** Facts that start a triggered obligation's clock (one occurrence per fact). */
export const TriggerFact = z.enum(['IncidentDiscovered', 'CorporateChangeOccurred']);
/** A triggering fact type. */
export type TriggerFact = z.infer<typeof TriggerFact>;

/** What an "N days after …" deadline counts from. */
export const Anchor = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('order_entry') }),
  z.strictObject({ kind: z.literal('satisfaction'), obligationId: ObligationId }),
  z.strictObject({ kind: z.literal('trigger'), fact: TriggerFact }),
]);
/** The anchor of a relative deadline. */
export type Anchor = z.infer<typeof Anchor>;

/** Where a recurring schedule starts: on a fixed date, or a period after the order's entry. */
export const RecurrenceStart = z.union([
  z.strictObject({ on: CalendarDate }),
  z.strictObject({ afterEntry: Offset }),
]);
/** The first nominal due date of a recurring schedule. */
export type RecurrenceStart = z.infer<typeof RecurrenceStart>;

/**
 * How an obligation becomes due: once on a fixed date; a period after an anchor; recurring every
 * N months or years until the term ends (or `until`); or ongoing (a prohibition in force for the term).
 */
export const Schedule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once'), dueOn: CalendarDate }),
  z.strictObject({ kind: z.literal('after'), anchor: Anchor, offset: Offset }),
  z.strictObject({ kind: z.literal('recurring'), every: Every, start: RecurrenceStart, until: CalendarDate.optional() }),
  z.strictObject({ kind: z.literal('ongoing') }),
]);
/** An obligation's schedule. */
export type Schedule = z.infer<typeof Schedule>;

/** How an order counts days: roll a deadline that lands on a weekend or federal holiday forward (FRCP 6(a)(1)(C)). */
export const DayCounting = z.strictObject({ rollForward: z.boolean() });
/** An order's day-counting rule. */
export type DayCounting = z.infer<typeof DayCounting>;

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
export const Every = z.union([
  z.strictObject({ months: positive }),
  z.strictObject({ years: positive }),
]);
/** A recurrence interval. */
export type Every = z.infer<typeof Every>;

/** Facts that start a triggered obligation's clock (one occurrence per fact). */
export const TriggerFact = z.enum([
  'IncidentDiscovered',
  'CorporateChangeOccurred',
  'ProductLaunched',
]);
/** A triggering fact type. */
export type TriggerFact = z.infer<typeof TriggerFact>;

/**
 * A numeric test a trigger must pass to create a duty (design.md 6.1), e.g. an incident report
 * due only for incidents affecting 250 users or more: `{ measure: 'usersAffected', op: '>=', value: 250 }`.
 * `measure` names a number the triggering fact carries (`usersAffected`, or a key of its `measures`).
 */
export const TriggerCondition = z.strictObject({
  measure: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, {
    error: 'a measure is a name of letters, digits and _ (e.g. usersAffected)',
  }),
  op: z.enum(['>=', '>', '<=', '<', '=']),
  value: z.number().finite(),
});
/** A trigger's condition. */
export type TriggerCondition = z.infer<typeof TriggerCondition>;

/** What an "N days after …" deadline counts from. */
export const Anchor = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('order_entry') }),
  z.strictObject({ kind: z.literal('satisfaction'), obligationId: ObligationId }),
  z.strictObject({ kind: z.literal('trigger'), fact: TriggerFact }),
  z.strictObject({ kind: z.literal('date'), on: CalendarDate }),
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
 * How an obligation becomes due: once on a fixed date; a period after an anchor; a period before a
 * triggering fact ("at least 30 days prior to a change of control", counted backward); recurring
 * every N months or years until the term ends (or `until`); or ongoing (a prohibition or a program
 * to maintain, in force for the term). A trigger-anchored schedule may state a `condition`.
 */
export const Schedule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once'), dueOn: CalendarDate }),
  z.strictObject({
    kind: z.literal('after'),
    anchor: Anchor,
    offset: Offset,
    condition: TriggerCondition.optional(),
  }),
  z.strictObject({
    kind: z.literal('before'),
    anchor: z.strictObject({ kind: z.literal('trigger'), fact: TriggerFact }),
    offset: Offset,
    condition: TriggerCondition.optional(),
  }),
  z.strictObject({
    kind: z.literal('recurring'),
    every: Every,
    start: RecurrenceStart,
    until: CalendarDate.optional(),
  }),
  z.strictObject({ kind: z.literal('ongoing') }),
]);
/** An obligation's schedule. */
export type Schedule = z.infer<typeof Schedule>;

/**
 * The day-counting rules an order can follow: `frcp6` (Fed. R. Civ. P. 6(a), the default), `ftc-4.3a`
 * (16 C.F.R. 4.3(a), FTC administrative proceedings) and `calendar` (no roll).
 */
export const DayCountingRule = z.enum(['frcp6', 'ftc-4.3a', 'calendar']);
/** A day-counting rule. */
export type DayCountingRule = z.infer<typeof DayCountingRule>;

/**
 * How an order counts days: a named `rule` (`frcp6` when neither field says otherwise), or the
 * older `rollForward` switch (true: `frcp6`; false: `calendar`).
 */
export const DayCounting = z.strictObject({
  rollForward: z.boolean().optional(),
  rule: DayCountingRule.optional(),
});
/** An order's day-counting rule. */
export type DayCounting = z.infer<typeof DayCounting>;

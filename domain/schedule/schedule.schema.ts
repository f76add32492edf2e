import { z } from 'zod';
import { documented } from '../shared/documented.js';
import { CalendarDate, ObligationId } from '../shared/primitives.js';

const count = z.int().min(0).max(100_000);
const positive = z.int().min(1).max(1_200);
const days = count.describe('A number of calendar days.');
const months = count.describe(
  'A number of calendar months (the same day of the month, or its last day).',
);
const years = count.describe('A number of years.');

/** A period stated in calendar days, months or years (whole numbers). */
export const Offset = z.union([
  z.strictObject({ days }),
  z.strictObject({ months }),
  z.strictObject({ years }),
]);
/** A period of days, months or years. */
export type Offset = z.infer<typeof Offset>;

/** A period in words: "30 days", "6 months", "1 years" (as the order states it, unit unchanged). */
export const offsetWords = (o: Offset): string =>
  'days' in o ? `${o.days} days` : 'months' in o ? `${o.months} months` : `${o.years} years`;

/** How often a recurring obligation comes due: every N months or every N years. */
export const Every = z.union([
  z.strictObject({ months: positive.describe('Every N months.') }),
  z.strictObject({ years: positive.describe('Every N years.') }),
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
export const TriggerCondition = z.strictObject(
  documented(
    {
      measure: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, {
        error: 'a measure is a name of letters, digits and _ (e.g. usersAffected)',
      }),
      op: z.enum(['>=', '>', '<=', '<', '=']),
      value: z.number().finite(),
    },
    {
      measure: 'The number the triggering fact carries: usersAffected, or a key of its measures.',
      op: 'The comparison: >=, >, <=, < or =.',
      value: 'The number compared with.',
    },
  ),
);
/** A trigger's condition. */
export type TriggerCondition = z.infer<typeof TriggerCondition>;

/** What an "N days after …" deadline counts from. */
export const Anchor = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('order_entry').describe("From the order's entry.") })
    .describe('Counts from the day the order was entered (OrderEntered).'),
  z
    .strictObject({
      kind: z.literal('satisfaction').describe("From another obligation's satisfaction."),
      obligationId: ObligationId.describe('The obligation whose satisfaction starts the clock.'),
    })
    .describe('Counts from the day another obligation was satisfied.'),
  z
    .strictObject({
      kind: z.literal('trigger').describe('From a triggering fact.'),
      fact: TriggerFact.describe(
        'The fact type: IncidentDiscovered, CorporateChangeOccurred or ProductLaunched. One occurrence per fact, keyed by its id.',
      ),
    })
    .describe('Counts from each triggering fact (one occurrence per fact).'),
  z
    .strictObject({
      kind: z.literal('date').describe('From a fixed date.'),
      on: CalendarDate.describe('The date counted from, YYYY-MM-DD.'),
    })
    .describe('Counts from a fixed date.'),
]);
/** The anchor of a relative deadline. */
export type Anchor = z.infer<typeof Anchor>;

/** Where a recurring schedule starts: on a fixed date, or a period after the order's entry. */
export const RecurrenceStart = z.union([
  z.strictObject({ on: CalendarDate.describe('The first nominal due date, YYYY-MM-DD.') }),
  z.strictObject({
    afterEntry: Offset.describe("The first nominal due date, a period after the order's entry."),
  }),
]);
/** The first nominal due date of a recurring schedule. */
export type RecurrenceStart = z.infer<typeof RecurrenceStart>;

const condition = TriggerCondition.optional().describe(
  'A test the triggering fact must pass to create a duty, e.g. { measure: "usersAffected", op: ">=", value: 250 }.',
);

/**
 * How an obligation becomes due: once on a fixed date; a period after an anchor; a period before a
 * triggering fact ("at least 30 days prior to a change of control", counted backward); recurring
 * every N months or years until the term ends (or `until`); or ongoing (a prohibition or a program
 * to maintain, in force for the term). A trigger-anchored schedule may state a `condition`.
 */
export const Schedule = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('once').describe('Due once.'),
      dueOn: CalendarDate.describe('The due date, YYYY-MM-DD. Occurrence key: "once".'),
    })
    .describe('Due once, on a fixed date.'),
  z
    .strictObject({
      kind: z.literal('after').describe('Due a period after an anchor.'),
      anchor: Anchor.describe('What the period counts from.'),
      offset: Offset.describe('The period: { days } | { months } | { years }.'),
      condition,
    })
    .describe(
      "Due a period after an anchor (order entry, another obligation's satisfaction, a triggering fact, a date), counted by the order's day-counting rule.",
    ),
  z
    .strictObject({
      kind: z.literal('before').describe('Due a period before a triggering fact.'),
      anchor: z
        .strictObject({
          kind: z.literal('trigger').describe('Only a triggering fact.'),
          fact: TriggerFact.describe('The fact type whose date (occursOn) is counted back from.'),
        })
        .describe('The triggering fact counted back from.'),
      offset: Offset.describe('The period before it: { days } | { months } | { years }.'),
      condition,
    })
    .describe(
      'Due at least a period before a triggering fact ("30 days prior to a change of control"), counted backward; a deadline on a weekend or holiday moves earlier. One that falls before the duty binds (the obligation imposed, the order entered) or before the fact became known is due on that day instead.',
    ),
  z
    .strictObject({
      kind: z.literal('recurring').describe('Due again and again.'),
      every: Every.describe('How often: { months: N } or { years: N }.'),
      start: RecurrenceStart.describe(
        'The first nominal due date: { on: YYYY-MM-DD } or { afterEntry: { days | months | years } }.',
      ),
      until: CalendarDate.optional().describe(
        "The last day an occurrence may fall on; omitted: the order's term end.",
      ),
    })
    .describe(
      'Due every N months or years from a start until the term ends. Occurrence key: the nominal due date, YYYY-MM-DD.',
    ),
  z
    .strictObject({ kind: z.literal('ongoing').describe('In force for the term.') })
    .describe(
      'In force for the whole term (a prohibition, a program to maintain): breached only by a finding. Occurrence key: "ongoing".',
    ),
]);
/** An obligation's schedule. */
export type Schedule = z.infer<typeof Schedule>;

/** The fact a schedule counts from, each time one happens ("30 days after each incident", "14 days before each change"), if any. */
export const triggerFactOf = (schedule: Schedule | undefined): TriggerFact | undefined =>
  (schedule?.kind === 'after' || schedule?.kind === 'before') && schedule.anchor.kind === 'trigger'
    ? schedule.anchor.fact
    : undefined;

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
export const DayCounting = z.strictObject(
  documented(
    { rollForward: z.boolean().optional(), rule: DayCountingRule.optional() },
    {
      rollForward: 'The older switch: true is frcp6, false is calendar. Prefer `rule`.',
      rule: 'frcp6 (Fed. R. Civ. P. 6(a), the default), ftc-4.3a (16 C.F.R. 4.3(a)) or calendar (no roll).',
    },
  ),
);
/** An order's day-counting rule. */
export type DayCounting = z.infer<typeof DayCounting>;

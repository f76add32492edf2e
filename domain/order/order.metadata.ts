import { z } from 'zod';
import { documented } from '../shared/documented.js';
import { CalendarDate, Instant } from '../shared/primitives.js';

/** Who performed a fact: a regulator (FTC, DOJ), a court, the company, an assessor or a monitor. */
export const ActorRole = z.enum(['regulator', 'court', 'company', 'assessor', 'monitor']);
/** An actor's role. */
export type ActorRole = z.infer<typeof ActorRole>;

/** The actor of a fact: role and name, e.g. `{ role: 'court', name: 'N.D. Cal.' }`. */
export const Actor = z.strictObject(
  documented(
    { role: ActorRole, name: z.string().trim().min(1).max(200) },
    {
      role: 'What the actor is: regulator (FTC, DOJ), court, company, assessor or monitor. Decides which facts it may record.',
      name: 'Who it is, as the record names it (e.g. "N.D. Cal.", "FTC", "Twitter, Inc.").',
    },
  ),
);
/** The actor of a fact. */
export type Actor = z.infer<typeof Actor>;

/**
 * Envelope metadata every fact carries: when it takes legal effect (`effectiveOn`, valid time),
 * who did it, and where it comes from. The store adds when the engine learned of it (`recordedAt`).
 * `assumed` lists the values of this fact that were assumed rather than found in a source.
 */
export const EventMetadata = z.strictObject(
  documented(
    {
      effectiveOn: CalendarDate,
      effectiveAt: Instant.optional(),
      actor: Actor,
      correlationId: z.string().min(1).max(200).optional(),
      causationId: z.string().min(1).max(200).optional(),
      source: z.string().min(1).max(1000).optional(),
      assumed: z.array(z.string().min(1).max(1000)).max(50).optional(),
      backfilled: z.literal(true).optional(),
    },
    {
      effectiveOn:
        "The civil date (YYYY-MM-DD) the fact takes legal effect in the court's calendar: valid time. Deadlines count from it.",
      effectiveAt:
        'The instant the fact took effect, when the time of day matters (UTC, milliseconds).',
      actor:
        "Who performed the fact. The order's rules decide which roles may record which facts: an oversight action never the company; entering, modifying or terminating the order, imposing, amending, waiving or superseding a duty, a finding, a penalty, a ruling, an assessor's approval, a closure or the dismissal of an allegation only a regulator or a court (not a monitor or an assessor, who may demand information, decide on a submission, allege a violation and withdraw an allegation); an extension only a regulator or a court.",
      correlationId: 'Groups facts of one proceeding or exchange (e.g. a demand and its answers).',
      causationId: 'The id of the fact or message that caused this one.',
      source:
        'Where the fact comes from: a docket entry, a press release, a URL. Shown in every answer that rests on the fact.',
      assumed:
        'The values of this fact that were assumed rather than found in a source, each in words (e.g. "time of day", "30-day response"). Shown in every answer that rests on the fact.',
      backfilled:
        'Set by `decree import --backfill` (never written by hand): the recorded time was stated by the importer, not observed by Decree.',
    },
  ),
);
/** Envelope metadata of a fact. */
export type EventMetadata = z.infer<typeof EventMetadata>;

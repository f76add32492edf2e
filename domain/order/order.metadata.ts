import { z } from 'zod';
import { CalendarDate, Instant } from '../shared/primitives.js';

/** Who performed a fact: a regulator (FTC, DOJ), a court, the company, an assessor or a monitor. */
export const ActorRole = z.enum(['regulator', 'court', 'company', 'assessor', 'monitor']);
/** An actor's role. */
export type ActorRole = z.infer<typeof ActorRole>;

/** The actor of a fact: role and name, e.g. `{ role: 'court', name: 'N.D. Cal.' }`. */
export const Actor = z.strictObject({ role: ActorRole, name: z.string().trim().min(1).max(200) });
/** The actor of a fact. */
export type Actor = z.infer<typeof Actor>;

/**
 * Envelope metadata every fact carries: when it takes legal effect (`effectiveOn`, valid time),
 * who did it, and where it comes from. The store adds when the engine learned of it (`recordedAt`).
 * `assumed` lists the values of this fact that were assumed rather than found in a source.
 */
export const EventMetadata = z.strictObject({
  effectiveOn: CalendarDate,
  effectiveAt: Instant.optional(),
  actor: Actor,
  correlationId: z.string().min(1).max(200).optional(),
  causationId: z.string().min(1).max(200).optional(),
  source: z.string().min(1).max(1000).optional(),
  assumed: z.array(z.string().min(1).max(1000)).max(50).optional(),
});
/** Envelope metadata of a fact. */
export type EventMetadata = z.infer<typeof EventMetadata>;

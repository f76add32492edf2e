import type { CalendarDate, OrderFacts, Person } from '../../domain/index.js';

/** Who answers for an occurrence on the date asked about, and the assignment that says so. */
export interface OwnerAnswer {
  readonly owner: Person;
  readonly backup?: Person;
  /** The assignment's effective date. */
  readonly since: CalendarDate;
  /** The `ObligationAssigned` event that named them. */
  readonly eventId: string;
}

/**
 * The owner of one occurrence on `asOf` (design.md 6.1, changes govern forward): the latest
 * assignment effective by `asOf` that names this occurrence, or that names its obligation and
 * took effect on or before the occurrence's scheduled deadline (an ongoing duty: any date). An
 * occurrence due before an obligation-wide assignment keeps the owner it was due under; one
 * assignment naming the occurrence hands it over whatever its deadline. Within a day, the one
 * recorded last wins.
 */
export const ownerOf = (
  s: OrderFacts,
  occurrence: {
    readonly obligationId: string;
    readonly key: string;
    readonly scheduledDueOn: CalendarDate;
  },
  asOf: CalendarDate,
): OwnerAnswer | undefined => {
  let best: OrderFacts['assignments'][number] | undefined;
  for (const a of s.assignments) {
    if (a.obligationId !== occurrence.obligationId || a.on > asOf) continue;
    const governs =
      a.occurrence === undefined
        ? occurrence.key === 'ongoing' || a.on <= occurrence.scheduledDueOn
        : a.occurrence === occurrence.key;
    if (governs && (best === undefined || a.on >= best.on)) best = a;
  }
  if (best === undefined) return undefined;
  return {
    owner: best.owner,
    ...(best.backup !== undefined ? { backup: best.backup } : {}),
    since: best.on,
    eventId: best.eventId,
  };
};

/** Whether `who` (a name or an e-mail, any case) is the owner or the backup named. */
export const ownedBy = (owner: OwnerAnswer | undefined, who: string): boolean => {
  const w = who.trim().toLowerCase();
  const is = (p: Person | undefined) =>
    p !== undefined && (p.name.toLowerCase() === w || p.email.toLowerCase() === w);
  return owner !== undefined && (is(owner.owner) || is(owner.backup));
};

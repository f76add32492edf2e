import { addDays, type CalendarDate, type Person } from '../../domain/index.js';
import {
  ownedBy,
  type DeadlineEntry,
  type OccurrenceAnswer,
  type OrderAnswer,
  type OwnerAnswer,
  type PendingAllegation,
  type StatusChange,
} from '../../projections/index.js';
import type { Engine } from '../engine/engine.types.js';
import { InvalidQuery } from '../engine/errors.js';
import { civilDate } from '../engine/queries.js';

/** What a digest covers: due within `withinDays` after `asOf`, and what went overdue after `since`. */
export interface DigestQuery {
  /** The digest's date, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** How far ahead "due soon" looks, in days. */
  readonly withinDays: number;
  /**
   * The date of the last digest: what went overdue (or was found breached) on a day after it, up to
   * and including `asOf`, is reported as new. Default: `asOf` minus 7 days (a weekly digest).
   */
  readonly since?: string;
  /** Only what this person (name or e-mail, any case) owns or backs up. */
  readonly owner?: string;
  readonly knownAt?: string;
  readonly orderId?: string;
}

/** One line of a digest: an occurrence, its deadline, its status on the digest's date, and its owner. */
export interface DigestItem {
  readonly orderId: string;
  readonly occurrenceId: string;
  readonly title: string;
  readonly dueOn: CalendarDate;
  readonly status: string;
  readonly daysLate?: number;
  readonly owner?: OwnerAnswer;
}

/** What one owner (or nobody: `owner` absent) has to look at. */
export interface DigestGroup {
  readonly owner?: Person;
  /** Open deadlines (upcoming, due soon, submitted) due from `asOf` to `asOf + withinDays`. */
  readonly dueSoon: readonly DigestItem[];
  /** Occurrences that went overdue (unverified, on a partial record) or were found breached after `since`, with the day it happened (a breach of conduct that began earlier: the finding's date). */
  readonly wentOverdue: readonly (DigestItem & { readonly on: CalendarDate })[];
  /** Violations alleged and still pending on `asOf`. */
  readonly pendingAllegations: readonly (DigestItem & { readonly allegation: PendingAllegation })[];
  /** Occurrences past due with no evidence in a partial record: to verify, not a finding. */
  readonly unverified: readonly DigestItem[];
}

/** A digest: per owner, what is due soon, what went overdue since the last digest, pending allegations and unverified items. */
export interface Digest {
  readonly asOf: CalendarDate;
  readonly withinDays: number;
  readonly since: CalendarDate;
  readonly owner?: string;
  readonly groups: readonly DigestGroup[];
}

const OPEN = new Set(['upcoming', 'due_soon', 'submitted']);
const UNASSIGNED = '';

const itemOf = (orderId: string, o: OccurrenceAnswer): DigestItem => ({
  orderId,
  occurrenceId: o.id,
  title: o.title,
  dueOn: o.dueOn,
  status: o.status,
  ...(o.daysLate !== undefined ? { daysLate: o.daysLate } : {}),
  ...(o.owner !== undefined ? { owner: o.owner } : {}),
});

type Mutable = {
  owner?: Person;
  dueSoon: DigestItem[];
  wentOverdue: (DigestItem & { on: CalendarDate })[];
  pendingAllegations: (DigestItem & { allegation: PendingAllegation })[];
  unverified: DigestItem[];
};

/** The groups, keyed by the owner's e-mail (lower case); the unassigned ones last. */
class Groups {
  readonly #by = new Map<string, Mutable>();
  of(owner: OwnerAnswer | undefined): Mutable {
    const key = owner?.owner.email.toLowerCase() ?? UNASSIGNED;
    let g = this.#by.get(key);
    if (!g) {
      g = { dueSoon: [], wentOverdue: [], pendingAllegations: [], unverified: [] };
      if (owner) g.owner = owner.owner;
      this.#by.set(key, g);
    }
    return g;
  }
  list(): DigestGroup[] {
    return [...this.#by.entries()]
      .sort(([a, x], [b, y]) =>
        a === UNASSIGNED
          ? 1
          : b === UNASSIGNED
            ? -1
            : (x.owner?.name ?? a).localeCompare(y.owner?.name ?? b),
      )
      .map(([, g]) => g);
  }
}

type Mine = (owner: OwnerAnswer | undefined) => boolean;

const addDueSoon = (g: Groups, deadlines: readonly DeadlineEntry[], asOf: string, mine: Mine) => {
  for (const d of deadlines)
    if (OPEN.has(d.status) && d.dueOn >= asOf && mine(d.owner))
      g.of(d.owner).dueSoon.push(itemOf(d.orderId, d));
};

/** A deadline passed unmet (unverified: on a partial record), or a violation found. */
const BAD = new Set(['overdue', 'unverified', 'breached']);

const addWentOverdue = (g: Groups, changes: readonly StatusChange[], mine: Mine) => {
  for (const c of changes) {
    if (c.subject !== 'occurrence' || !BAD.has(c.to) || !mine(c.owner)) continue;
    g.of(c.owner).wentOverdue.push({
      orderId: c.orderId,
      occurrenceId: c.occurrenceId ?? '',
      title: c.title ?? '',
      dueOn: c.dueOn ?? c.on,
      status: c.to,
      on: c.on,
      ...(c.owner !== undefined ? { owner: c.owner } : {}),
    });
  }
};

/**
 * Breaches found after `since` about conduct that began by then: the feed dates the change on the
 * conduct's start (design.md 6.2), before the window, so they are reported on the finding's date,
 * which is when the news came (an occurrence the feed reported breached in the window is not
 * reported again).
 */
const addFoundEarlier = (
  g: Groups,
  answers: readonly OrderAnswer[],
  changes: readonly StatusChange[],
  since: CalendarDate,
  mine: Mine,
) => {
  const inFeed = new Set(
    changes
      .filter((c) => c.subject === 'occurrence' && c.to === 'breached')
      .map((c) => `${c.orderId} ${c.occurrenceId ?? ''}`),
  );
  for (const a of answers)
    for (const o of a.occurrences) {
      if (o.status !== 'breached' || o.foundOn === undefined || o.foundOn <= since) continue;
      if (inFeed.has(`${a.orderId} ${o.id}`) || !mine(o.owner)) continue;
      g.of(o.owner).wentOverdue.push({ ...itemOf(a.orderId, o), on: o.foundOn });
    }
};

const addFromStatus = (g: Groups, answers: readonly OrderAnswer[], mine: Mine) => {
  for (const a of answers)
    for (const o of a.occurrences) {
      if (!mine(o.owner)) continue;
      for (const allegation of o.allegations)
        g.of(o.owner).pendingAllegations.push({ ...itemOf(a.orderId, o), allegation });
      if (o.status === 'unverified') g.of(o.owner).unverified.push(itemOf(a.orderId, o));
    }
};

const sinceOf = (asOf: CalendarDate, since: string | undefined): CalendarDate => {
  const d = since === undefined ? addDays(asOf, -7) : civilDate(since, 'since');
  if (d > asOf)
    throw new InvalidQuery(
      `${d} is after the digest's date ${asOf}: since is the date of the last digest, before this one`,
      ['since'],
    );
  return d;
};

/**
 * The digest of every order (or one) on `asOf`, grouped per owner, from the engine's answers:
 * `status` on `asOf` (pending allegations, unverified items), `deadlines` (due soon) and the change
 * feed after `since` (what went overdue or was found breached), each in the order those give.
 */
export const digestOf = async (
  engine: Pick<Engine, 'statusAll' | 'deadlines' | 'changes'>,
  q: DigestQuery,
): Promise<Digest> => {
  const asOf = civilDate(q.asOf, 'asOf');
  const since = sinceOf(asOf, q.since);
  const known = q.knownAt === undefined ? {} : { knownAt: q.knownAt };
  const one = q.orderId === undefined ? {} : { orderId: q.orderId };
  const [answers, deadlines, changes] = await Promise.all([
    engine.statusAll({ asOf, ...known }),
    engine.deadlines({ asOf, withinDays: q.withinDays, ...known, ...one }),
    engine.changes({ from: addDays(since, 1), to: addDays(asOf, 1), ...known, ...one }),
  ]);
  const who = q.owner;
  const mine: Mine = (owner) => who === undefined || ownedBy(owner, who);
  const groups = new Groups();
  const listed = answers.filter((x) => q.orderId === undefined || x.orderId === q.orderId);
  addDueSoon(groups, deadlines, asOf, mine);
  addWentOverdue(groups, changes, mine);
  addFoundEarlier(groups, listed, changes, since, mine);
  addFromStatus(groups, listed, mine);
  return {
    asOf,
    withinDays: q.withinDays,
    since,
    ...(who !== undefined ? { owner: who } : {}),
    groups: groups.list(),
  };
};

// The revision number of an occurrence's calendar event (iCalendar SEQUENCE, RFC 5545 3.8.7.4): a
// client that imports a new export keeps the copy it holds unless the new one has a higher SEQUENCE,
// so the number must grow whenever what the export says of the occurrence can change, and never
// fall, however the record grows (retractions included) and as the date asked advances. It is a
// pure function of the record and the date asked: the same record gives the same number, with no
// counter kept anywhere.
import {
  addDays,
  findingFrom,
  type CalendarDate,
  type Dated,
  type OrderFacts,
  type Schedule,
} from '../../domain/index.js';
import { objectMemo } from '../../domain/shared/object-memo.js';

/** Events that bear on an occurrence, by id, each with the dates from which it may change what is said of it. */
type Bearing = Map<string, Set<CalendarDate>>;

/** What bears on each occurrence of an order, from its facts, grouped by how far it reaches. */
interface BearingIndex {
  /** Every occurrence: the filing, the entry, the changes of terms (and the day after each term's last), the termination, closures. */
  readonly order: Bearing;
  /** Every occurrence of one obligation: its imposition, amendments, waiver, supersession and obligation-wide assignments. */
  readonly obligations: Map<string, Bearing>;
  /** One occurrence (obligation id, then key): its evidence, extensions, waiver, decisions, violations and assignments. */
  readonly occurrences: Map<string, Map<string, Bearing>>;
  /** The occurrence a trigger fact creates, keyed by the fact's id: the fact (and the day it says the change occurs). */
  readonly triggers: Map<string, Bearing>;
  /** The obligations whose satisfaction an obligation's schedules (as imposed or amended) count from. */
  readonly anchors: Map<string, Set<string>>;
}

const entryOf = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
};

/** Notes event `d` (its effective date, and the other dates given) in `b`. */
const note = (b: Bearing, d: Dated | undefined, ...also: (CalendarDate | undefined)[]): void => {
  if (d === undefined) return;
  const dates = entryOf(b, d.eventId, () => new Set<CalendarDate>());
  dates.add(d.on);
  for (const x of also) if (x !== undefined) dates.add(x);
};

const orderBearing = (s: OrderFacts): Bearing => {
  const b: Bearing = new Map();
  note(b, s.filed);
  note(b, s.entered);
  // A term's end takes occurrences due after it out of force on the next day, with no event that day.
  for (const t of s.terms)
    note(b, t, t.termEndsOn === undefined ? undefined : addDays(t.termEndsOn, 1));
  note(b, s.terminated);
  for (const c of s.closures) note(b, c);
  return b;
};

const anchorsOf = (schedules: readonly (Schedule | undefined)[]): string[] =>
  schedules.flatMap((x) =>
    x?.kind === 'after' && x.anchor.kind === 'satisfaction' ? [x.anchor.obligationId] : [],
  );

const obligationBearing = (s: OrderFacts, ix: BearingIndex): void => {
  for (const o of Object.values(s.obligations)) {
    const b = entryOf(ix.obligations, o.id, (): Bearing => new Map());
    note(b, o);
    for (const a of o.amendments) note(b, a);
    note(b, o.waived);
    note(b, o.superseded);
    const from = anchorsOf([o.terms.schedule, ...o.amendments.map((a) => a.changes.schedule)]);
    if (from.length > 0) ix.anchors.set(o.id, new Set(from));
  }
};

const occurrenceBearing = (s: OrderFacts, ix: BearingIndex): void => {
  const at = (obligationId: string, key: string): Bearing =>
    entryOf(
      entryOf(ix.occurrences, obligationId, () => new Map<string, Bearing>()),
      key,
      () => new Map(),
    );
  for (const [id, f] of Object.entries(s.occurrences)) {
    const slash = id.indexOf('/');
    const b = at(id.slice(0, slash), id.slice(slash + 1));
    for (const e of f.evidence) note(b, e);
    for (const x of f.extensions) note(b, x);
    note(b, f.waived);
  }
  for (const sub of Object.values(s.submissions))
    note(at(sub.obligationId, sub.occurrence), sub.decision);
  for (const v of Object.values(s.violations)) {
    const b = at(v.obligationId, v.occurrence);
    note(b, v.alleged);
    note(b, v.found, v.found && findingFrom(v.found));
    note(b, v.cured);
    note(b, v.resolved);
  }
  for (const a of s.assignments)
    note(
      a.occurrence === undefined
        ? entryOf(ix.obligations, a.obligationId, (): Bearing => new Map())
        : at(a.obligationId, a.occurrence),
      a,
    );
  for (const reported of Object.values(s.triggers))
    for (const t of reported)
      note(
        entryOf(ix.triggers, t.id, (): Bearing => new Map()),
        t,
        t.occursOn,
      );
};

const bearingMemo = objectMemo<OrderFacts, BearingIndex>('decree.calendarBearing');

/** What bears on each occurrence of the order, built once per facts object (they are immutable). */
const bearingOf = (s: OrderFacts): BearingIndex => {
  const hit = bearingMemo.get(s);
  if (hit) return hit;
  const ix: BearingIndex = {
    order: orderBearing(s),
    obligations: new Map(),
    occurrences: new Map(),
    triggers: new Map(),
    anchors: new Map(),
  };
  obligationBearing(s, ix);
  occurrenceBearing(s, ix);
  bearingMemo.set(s, ix);
  return ix;
};

/** Each event once for being recorded, and once more for each of its dates reached by `asOf`. */
const weight = (b: Bearing | undefined, asOf: CalendarDate): number => {
  let n = 0;
  for (const dates of b?.values() ?? []) {
    n += 1;
    for (const d of dates) if (d <= asOf) n += 1;
  }
  return n;
};

/** The obligation and, through satisfaction anchors (transitively), every obligation its deadlines count from. */
const behind = (ix: BearingIndex, obligationId: string): Set<string> => {
  const seen = new Set([obligationId]);
  for (const id of seen) for (const a of ix.anchors.get(id) ?? []) seen.add(a);
  return seen;
};

/**
 * How much of an order's facts bears on one occurrence on `asOf`: every event kept in the facts
 * that can change what is said of it (the order's filing, entry, changes of terms, termination and
 * closures; its obligation's imposition, amendments, waiver and supersession; its own evidence,
 * extensions, waiver, decisions, violations and assignments; the trigger fact that created it;
 * every fact about an obligation its deadline counts from), each counted once for being recorded
 * and once more for each of its dates (its effective date, a finding's start, a term's end, the
 * day a trigger says the change occurs) reached by `asOf`. It never falls as the facts grow by an
 * event that is not a retraction (facts are only added, never removed, then) or as `asOf` advances,
 * and it grows with every such event that bears on the occurrence, and on each date one of them
 * takes effect.
 */
export const occurrenceWeight = (
  s: OrderFacts,
  obligationId: string,
  key: string,
  asOf: CalendarDate,
): number => {
  const ix = bearingOf(s);
  let n = weight(ix.order, asOf) + weight(ix.triggers.get(key), asOf);
  for (const id of behind(ix, obligationId)) {
    n += weight(ix.obligations.get(id), asOf);
    const occurrences = ix.occurrences.get(id);
    if (id === obligationId) n += weight(occurrences?.get(key), asOf);
    else for (const b of occurrences?.values() ?? []) n += weight(b, asOf);
  }
  return n;
};

/**
 * The iCalendar SEQUENCE of an occurrence's event on `asOf`: its weight in the facts
 * (`occurrenceWeight`), plus, for each retraction that took an event away (`before`: the facts just
 * before it, in recorded order), its weight just before that retraction and one. A retraction can
 * remove any number of facts (the record is rebuilt without the retracted event), so the weight
 * alone could fall; each retraction adds at least what it could remove, and one more, so the
 * sequence grows with it. It never falls as the record grows or `asOf` advances.
 */
export const occurrenceSequence = (
  s: OrderFacts,
  before: readonly OrderFacts[],
  obligationId: string,
  key: string,
  asOf: CalendarDate,
): number =>
  before.reduce(
    (n, b) => n + occurrenceWeight(b, obligationId, key, asOf) + 1,
    occurrenceWeight(s, obligationId, key, asOf),
  );

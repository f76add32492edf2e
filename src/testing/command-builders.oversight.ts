import {
  addDays,
  daysBetween,
  latestOrderTerms,
  latestTerms,
  maxDate,
  minDate,
  occurrenceId,
  ownEntry,
  singleOccurrenceKey,
  type CalendarDate,
  type ObligationState,
  type OrderState,
} from '../../domain/index.js';
import { choose, digit, obligationsOf, overseer } from './command-intent.js';
import { draft, type BuildContext, type Builder } from './command-draft.js';

const ENDINGS = [undefined, 'terminated', 'expired', 'vacated', 'superseded'] as const;
const RESOLUTIONS = ['withdrawn', 'dismissed', 'consent_judgment_without_admission'] as const;
const RULINGS = ['granted', 'denied', 'granted_in_part'] as const;

/** Ends the order: each kind of ending (or none stated), a superseded order mostly naming its successor. */
export const terminate: Builder = ({ i, n }) => {
  const kind = ENDINGS[digit(i.variant, 0) % ENDINGS.length];
  const successor =
    kind === 'superseded' && digit(i.variant, 1) < 8 ? { successor: `order-${n}` } : {};
  return draft('TerminateOrder', overseer(i.pick), {
    reason: i.text,
    ...(kind === undefined ? {} : { kind }),
    ...successor,
  });
};

/** Supersedes an obligation not yet superseded by another obligation, another order, or both; bad: one already superseded, or no successor. */
export const supersede: Builder = ({ s, i, n }) => {
  const o = choose(
    obligationsOf(s).filter((x) => i.bad || !x.superseded),
    i.pick,
  );
  if (!o) return undefined;
  const next =
    choose(
      obligationsOf(s).filter((x) => x.id !== o.id),
      i.pick2,
    )?.id ?? `obligation-${n}`;
  const successors = [
    { obligationId: next },
    { orderId: `order-${n}` },
    { orderId: `order-${n}`, obligationId: next },
  ];
  const successor = i.bad && i.flag ? {} : successors[i.pick2 % successors.length];
  return draft('SupersedeObligation', overseer(i.pick), {
    obligationId: o.id,
    successor,
    summary: i.text,
  });
};

/**
 * Ends an allegation pending (alleged, not found, cured or resolved) without a finding, by a
 * regulator or a court, or (one withdrawal in three) by a monitor or an assessor, who may withdraw
 * but not dismiss; bad: any violation, or an unknown one.
 */
export const resolve: Builder = ({ s, i }) => {
  const pending = Object.entries(s.violations)
    .filter(([, v]) => v.alleged && !v.found && !v.resolved && !v.cured)
    .map(([id]) => id);
  const id = i.bad
    ? choose([...Object.keys(s.violations), 'violation-unknown'], i.pick)
    : choose(pending, i.pick);
  const resolution = choose(RESOLUTIONS, i.pick2);
  const by =
    resolution === 'withdrawn' && i.pick % 3 === 0
      ? i.pick % 2 === 0
        ? 'monitor'
        : 'assessor'
      : overseer(i.pick2);
  return id === undefined
    ? undefined
    : draft('ResolveAllegation', by, { violationId: id, resolution, summary: i.text });
};

/** Rules on a petition filed (`FilePetition`) and not yet decided; bad: one decided already, or one never filed. */
export const ruling =
  (type: 'DecidePetition' | 'DecideMotion'): Builder =>
  ({ s, i }) => {
    const open = Object.keys(s.petitions).filter((id) => i.bad || !s.petitions[id]?.ruling);
    const id = i.bad && i.flag ? 'petition-unknown' : choose(open, i.pick);
    if (id === undefined) return undefined;
    const data = {
      [type === 'DecidePetition' ? 'petitionId' : 'motionId']: id,
      ruling: choose(RULINGS, i.pick2),
      summary: i.text,
    };
    return draft(type, type === 'DecideMotion' ? 'court' : overseer(i.pick2), data);
  };

/** A day or a few the court or office is closed, from today or soon after; bad: ending before it starts. */
export const closure: Builder = ({ i, on }) => {
  const closedOn = addDays(on, i.span % 30);
  const through = i.bad
    ? { through: addDays(closedOn, -1) }
    : i.flag
      ? { through: addDays(closedOn, digit(i.variant, 0) % 5) }
      : {};
  return draft('DeclareClosure', overseer(i.pick), { closedOn, ...through, reason: i.text });
};

/** An incident, mostly with the users affected (below and above 250), sometimes with other measures. */
export const incident: Builder = ({ i, n }) =>
  draft('DiscoverIncident', 'company', {
    incidentId: `incident-${n}`,
    summary: i.text,
    ...(i.flag ? { usersAffected: i.pick * (digit(i.variant, 0) >= 5 ? 1000 : 1) } : {}),
    ...(digit(i.variant, 1) >= 6
      ? { measures: { recordsExposed: i.amountMinor % 1_000_000 } }
      : {}),
  });

/** A corporate change, sometimes with measures, sometimes known ahead of the day it takes effect (`occursOn`). */
export const corporateChange: Builder = ({ i, on, n }) =>
  draft('RecordCorporateChange', 'company', {
    changeId: `change-${n}`,
    summary: i.text,
    ...(digit(i.variant, 1) >= 6 ? { measures: { votingSharePct: i.pick % 101 } } : {}),
    ...(digit(i.variant, 0) >= 5 ? { occursOn: addDays(on, i.span % 120) } : {}),
  });

/** A product launch known ahead of its day (`occursOn`), sometimes with the users it reaches: triggers reviews due before it. */
export const productLaunch: Builder = ({ i, on, n }) =>
  draft('LaunchProduct', 'company', {
    productId: `product-${n}`,
    summary: i.text,
    occursOn: addDays(on, i.span % 90),
    ...(digit(i.variant, 1) >= 6 ? { measures: { usersReached: i.amountMinor % 5_000_000 } } : {}),
  });

/** The earliest waiver of `o` or of the occurrence aimed at (its key, or the only one of a single duty), if any. */
const waivedOn = (
  s: OrderState,
  o: ObligationState,
  occurrence: string | undefined,
): CalendarDate | undefined => {
  const key = occurrence ?? singleOccurrenceKey(latestTerms(o).schedule);
  const dates = [
    o.waived?.on,
    key === undefined ? undefined : ownEntry(s.occurrences, occurrenceId(o.id, key))?.waived?.on,
  ].filter((d) => d !== undefined);
  return dates.length > 0 ? minDate(dates[0]!, ...dates.slice(1)) : undefined;
};

/**
 * A finding's period of conduct (nine times in ten, always when the duty was waived) and count:
 * from before the finding, the order's end and any waiver (so that the finding stands), since the
 * imposition; sometimes ending on a later day. Bad: a period ending before it starts.
 */
export const findingExtras = (
  { s, i, on }: BuildContext,
  o: ObligationState,
  occurrence: string | undefined,
): Record<string, unknown> => {
  const count = digit(i.variant, 2) >= 7 ? { count: 1 + (i.pick2 % 50) } : {};
  const waiver = waivedOn(s, o, occurrence);
  if (waiver === undefined && digit(i.variant, 0) === 0) return count;
  const end = s.terminated?.on ?? latestOrderTerms(s).termEndsOn;
  const latest = minDate(
    on,
    ...(waiver === undefined ? [] : [addDays(waiver, -1)]),
    ...(end === undefined ? [] : [end]),
  );
  const from = minDate(latest, maxDate(o.on, addDays(latest, -(i.span % 120))));
  const to = i.bad
    ? addDays(from, -1)
    : digit(i.variant, 1) >= 5
      ? addDays(from, i.pick2 % (Math.max(0, daysBetween(from, latest)) + 1))
      : undefined;
  return { period: to === undefined ? { from } : { from, to }, ...count };
};

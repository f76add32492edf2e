import {
  addDays,
  addOffset,
  compareDates,
  daysBetween,
  dutyBindsOn,
  findingFrom,
  maxDate,
  minDate,
  occurrenceId,
  ownEntry,
  satisfactionOf,
  type CalendarDate,
  type Dated,
  type Money,
  type ObligationState,
  type ObligationTerms,
  type OrderFacts,
  type PenaltyTier,
  type Finding,
  type ViolationState,
} from '../../domain/index.js';
import { occurrencesOn, silentRecord, type PlacedOccurrence } from '../compliance/classify.js';
import type { OccurrenceAnswer } from '../compliance/compliance.types.js';
import { orderStatusOn, warningDaysOf } from '../compliance/order-status.js';
import { orderEndOn } from '../compliance/order-end.js';
import { unpaidRow } from './interest.js';
import {
  countsAfter,
  deadlineSetOn,
  firstWaiver,
  known,
  released,
  replacedDeadlines,
  waiversInForce,
} from './accrual-rules.js';
import { moneyOf } from './money.js';
import {
  FTC_ORDER_VIOLATION_MAXIMUM,
  namesTheFtc,
  rateOn,
  type PenaltyRate,
} from './statutory-maximum.js';

/** The legal basis of one exposure row (design.md 6.4): never summed across bases. */
export type ExposureBasis = 'stipulated' | 'statutory' | 'contempt' | 'agency' | 'unpaid';

/** One row of accrued exposure: one occurrence (or one violation of it), one basis. */
export interface Exposure {
  readonly occurrenceId: string;
  readonly obligationId: string;
  /** The occurrence's status on the date asked about. */
  readonly status: OccurrenceAnswer['status'];
  readonly basis: ExposureBasis;
  /** What accrues: a deadline unmet (days late), a violation found, or money unpaid. */
  readonly cause: 'late' | 'breach' | 'unpaid';
  readonly violationId?: string;
  /** Days of violation accrued by the date asked about: from `since` through `through`. */
  readonly days: number;
  readonly since?: CalendarDate;
  readonly through?: CalendarDate;
  /** The days the amount counts (statutory: those within the five years before the date asked about). */
  readonly daysCounted: number;
  /** The figure, in exact minor units; absent when the basis is not quantified (contempt). */
  readonly amount?: Money;
  /** What the figure is and is not. */
  readonly label: string;
  /** The statute or clause the row rests on. */
  readonly citation: string;
  /** The statutory table row applied (its Federal Register source). */
  readonly rate?: PenaltyRate;
  /** Unpaid money: the principal outstanding and the post-judgment interest accrued. */
  readonly principal?: Money;
  readonly interest?: Money;
  readonly notes: readonly string[];
  /** Ids of the events the row rests on. */
  readonly because: readonly string[];
}

const LABELS: Readonly<Record<ExposureBasis, string>> = {
  stipulated: "stipulated penalties accrued under the order's own tiers",
  statutory:
    'statutory ceiling for one continuing violation; excludes separate violations and equitable factors; not a prediction',
  contempt: 'civil contempt exposure: not quantified (the court fixes any sanction)',
  agency:
    "civil penalty under the statute the issuing agency enforces: not quantified (Decree's ceiling is the FTC Act's)",
  unpaid: 'money owed under the judgment: amount outstanding plus post-judgment interest',
};
const STATUTORY =
  '15 U.S.C. 45(l) (FTC Act 5(l)) at the rate in force on the date asked for every day counted (16 C.F.R. 1.98(c)); only days within five years before it (28 U.S.C. 2462)';

const tierFor = (tiers: readonly PenaltyTier[], day: number) =>
  tiers.find((t) => t.fromDay <= day && (t.toDay === undefined || day <= t.toDay));

/** Stipulated penalties for days prior+1..prior+n of one continuing violation, each at its tier (exact, in bigint). */
const stipulated = (
  tiers: readonly PenaltyTier[],
  days: number,
  prior: number,
): Money | undefined => {
  const currency = tiers[0]?.perDay.currency;
  if (!currency) return undefined;
  let total = 0n;
  for (let day = prior + 1; day <= prior + days; day++)
    total += BigInt(tierFor(tiers, day)?.perDay.amountMinor ?? 0);
  return moneyOf(total, currency, 'stipulated penalties');
};

/** A span of violation to price: its days and the obligation's governing terms. */
interface Span {
  readonly o: OccurrenceAnswer;
  readonly terms: ObligationTerms;
  readonly cause: 'late' | 'breach';
  readonly since: CalendarDate;
  readonly through: CalendarDate;
  readonly violationId?: string;
  readonly because: readonly string[];
  readonly notes: readonly string[];
  /** Days of the same continuing violation before `since` (tiers number this span's days after them). */
  readonly prior?: number;
}

/** Prices a span on the basis the instrument and the obligation call for. */
const price = (
  s: OrderFacts,
  sp: Span,
  asOf: CalendarDate,
  table: readonly PenaltyRate[],
): Exposure => {
  const days = daysBetween(sp.since, sp.through) + 1;
  const base = {
    occurrenceId: sp.o.id,
    obligationId: sp.o.obligationId,
    status: sp.o.status,
    cause: sp.cause,
    ...(sp.violationId ? { violationId: sp.violationId } : {}),
    days,
    since: sp.since,
    through: sp.through,
    because: sp.because,
  };
  const tiers = sp.terms.stipulatedPenalties;
  if (tiers && tiers.length > 0) {
    const prior = sp.prior ?? 0;
    const amount = stipulated(tiers, days, prior);
    return {
      ...base,
      basis: 'stipulated',
      daysCounted: days,
      ...(amount ? { amount } : {}),
      label: LABELS.stipulated,
      citation: `stipulated penalties, ${sp.terms.clause ?? `the tiers of obligation ${sp.o.obligationId}`}`,
      notes:
        prior > 0
          ? [
              ...sp.notes,
              `the tiers count its days from day ${prior + 1}: it continues the ${prior} day(s) of violation of this occurrence before ${sp.since} (one continuing violation)`,
            ]
          : sp.notes,
    };
  }
  if (s.instrument !== 'administrative_order') {
    return {
      ...base,
      basis: 'contempt',
      daysCounted: 0,
      label: LABELS.contempt,
      citation: "civil contempt of a court order (18 U.S.C. 401(3); the court's inherent power)",
      notes: sp.notes,
    };
  }
  if (!namesTheFtc(s.forum))
    return {
      ...base,
      basis: 'agency',
      daysCounted: 0,
      label: LABELS.agency,
      citation: `the civil penalty provisions of the statute ${s.forum === undefined || s.forum === '' ? 'the issuing agency' : s.forum} enforces (15 U.S.C. 45(l) binds FTC orders only)`,
      notes: sp.notes,
    };
  return statutoryRow(base, sp, asOf, table);
};

const statutoryRow = (
  base: Omit<Exposure, 'basis' | 'daysCounted' | 'label' | 'citation' | 'notes'>,
  sp: Span,
  asOf: CalendarDate,
  table: readonly PenaltyRate[],
): Exposure => {
  const windowStart = addDays(addOffset(asOf, { years: -5 }), 1);
  const counted = Math.max(0, daysBetween(maxDate(sp.since, windowStart), sp.through) + 1);
  const rate = rateOn(table, asOf);
  const notes = [...sp.notes];
  if (sp.since < windowStart)
    notes.push(
      `${daysBetween(sp.since, minDate(addDays(windowStart, -1), sp.through)) + 1} day(s) before ${windowStart} fall outside the five-year window (28 U.S.C. 2462)`,
    );
  const last = table[table.length - 1];
  if (last && addOffset(last.from, { years: 1 }) < asOf)
    notes.push(
      `the table's last adjustment is ${last.from} (${last.source}): later inflation adjustments are missing`,
    );
  const amount = rate
    ? moneyOf(
        BigInt(rate.perDay.amountMinor) * BigInt(counted),
        rate.perDay.currency,
        'statutory ceiling',
      )
    : undefined;
  return {
    ...base,
    basis: 'statutory',
    daysCounted: counted,
    ...(amount ? { amount } : {}),
    ...(rate ? { rate } : {}),
    label: LABELS.statutory,
    citation: STATUTORY,
    notes,
  };
};

/**
 * The spans an unmet deadline accrues: D+1 through D + days late (days late already stop at evidence,
 * a waiver, the end or a supersession), but for the days the occurrence's findings price: each day is
 * priced once, and a finding's days are the breach's (before, after or between findings the days
 * late are still the late rows').
 */
const lateSpans = (
  s: OrderFacts,
  o: OccurrenceAnswer,
  terms: ObligationTerms,
  asOf: CalendarDate,
  governsFrom: CalendarDate | undefined,
): Span[] => {
  if (o.daysLate === undefined || o.key === 'ongoing' || o.status === 'void') return [];
  if (released(s, o, asOf)) return [];
  // A deadline set by an extension granted after the one it replaced governs from the extension's
  // date: the days before it are the replaced deadline's (`lateBeforeExtensions`), priced once.
  const since = addDays(countsAfter(o.dueOn, governsFrom), 1);
  const through = addDays(o.dueOn, o.daysLate);
  if (through < since) return [];
  const notes = o.lateThrough === through ? stoppedBy(s, o.obligationId, through, asOf) : [];
  return [{ o, terms, cause: 'late', since, through, because: o.because, notes }];
};

/** Why days late stopped on `through` (the answer's `lateThrough`): the obligation's supersession or the order's end, said as `cutAfter` says it. */
const stoppedBy = (
  s: OrderFacts,
  obligationId: string,
  through: CalendarDate,
  asOf: CalendarDate,
): string[] => {
  const sup = ownEntry(s.obligations, obligationId)?.superseded;
  if (known(sup, asOf) && sup.on === through) return [`${SUPERSEDED} ${through}`];
  return orderEndOn(s, asOf)?.lastDay === through ? [`${ENDED} ${through}`] : [];
};

const SUPERSEDED = 'nothing accrues under the obligation after its supersession effective';
const ENDED = 'nothing accrues under the order after its last day,';

/** A late span but for the days the findings price, as spans of its own (each day is priced once). */
const withoutFound = (sp: Span, breaches: readonly Span[]): Span[] =>
  daysNotFound(sp.since, sp.through, breaches).map((r) => ({
    ...sp,
    since: r.since,
    through: r.through,
    notes: [
      ...sp.notes,
      ...(r.since > sp.since
        ? [`late again from ${r.since}: the violation found before stopped accruing`]
        : []),
      ...(r.found !== undefined ? [`days from ${r.found} are priced as the violation found`] : []),
    ],
  }));

/** The runs of days `from` through `last` that no finding prices; `found`: the day the finding that ends a run begins. */
const daysNotFound = (
  from: CalendarDate,
  last: CalendarDate,
  breaches: readonly Span[],
): { since: CalendarDate; through: CalendarDate; found?: CalendarDate }[] => {
  const runs: { since: CalendarDate; through: CalendarDate; found?: CalendarDate }[] = [];
  let since = from;
  for (const b of [...breaches].sort((x, y) => (x.since < y.since ? -1 : 1))) {
    if (since > last) return runs;
    if (b.since > since)
      runs.push(
        b.since <= last
          ? { since, through: addDays(b.since, -1), found: b.since }
          : { since, through: last },
      );
    since = maxDate(since, addDays(b.through, 1));
  }
  if (since <= last) runs.push({ since, through: last });
  return runs;
};

/** Whether two spans are two findings' (two violations). */
const twoFindings = (a: Span, b: Span): boolean =>
  a.cause === 'breach' && b.cause === 'breach' && a.violationId !== b.violationId;

/**
 * Each span numbered within its continuing violation: one that begins the day after another of the
 * occurrence ends continues that one's count (days late a finding then prices, days late again
 * after it), so a finding never prices days at lower tiers than they had reached. Two findings are
 * two violations, and one's count continues the other's (up to the day before it begins, where
 * they overlap) only across days the deadline was unmet (`lateness`: the lateness is one
 * continuing violation, whichever rows price its days), so a finding learned later never numbers
 * another's days late lower than they were.
 */
const continuing = (spans: readonly Span[], lateness: readonly Span[]): Span[] => {
  const late = (d: CalendarDate) => lateness.some((w) => w.since <= d && d <= w.through);
  const order = spans
    .map((sp, i) => ({ sp, i }))
    .sort((a, b) => (a.sp.since < b.sp.since ? -1 : a.sp.since > b.sp.since ? 1 : a.i - b.i));
  const counted: Span[] = [...spans];
  const done: Span[] = [];
  for (const { sp, i } of order) {
    const dayBefore = addDays(sp.since, -1);
    let prior = 0;
    for (const r of done) {
      // Only two findings' spans overlap (each day late is priced once): the count at `dayBefore` is r's.
      const covers = r.since <= dayBefore && dayBefore <= r.through;
      if (covers && (!twoFindings(r, sp) || (late(dayBefore) && late(sp.since))))
        prior = Math.max(prior, (r.prior ?? 0) + daysBetween(r.since, dayBefore) + 1);
    }
    const numbered = prior > 0 ? { ...sp, prior } : sp;
    counted[i] = numbered;
    done.push(numbered);
  }
  return counted;
};

/**
 * The days already late when an extension was granted after the deadline it replaced: the extension
 * sets a new deadline from its date on and, like a waiver, never erases what accrued before it:
 * the days each replaced deadline governed (`replacedDeadlines`), through the evidence if it came
 * first; none for an ongoing duty, a release or a silent partial record.
 */
const lateBeforeExtensions = (
  s: OrderFacts,
  p: PlacedOccurrence,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
): Span[] => {
  // An ongoing duty has no deadline to be late for, whatever an extension of it says.
  if (o.key === 'ongoing' || released(s, o, asOf) || silentRecord(s, p, asOf)) return [];
  // The evidence stops them whatever the status now says (a superseded occurrence names none).
  const evidenceOn =
    o.satisfiedOn ?? satisfactionOf(s, p.obligation.id, p.spec.key, asOf, p.terms)?.on;
  return replacedDeadlines(s, p, o, asOf).flatMap(({ extension: x, from, last }) => {
    const since = addDays(from, 1);
    const through = minDate(last, evidenceOn ?? last);
    if (through < since) return [];
    const span: Span = {
      o,
      terms: p.terms,
      cause: 'late',
      since,
      through,
      because: [p.obligation.eventId, x.eventId],
      notes: [`accrued before the deadline was extended effective ${x.on}`],
    };
    return [span];
  });
};

/**
 * The first day a found violation no longer accrues: its cure, the day after its period, the day
 * after the order's last day, a waiver of the occurrence (its own or its obligation's) or the
 * obligation's supersession (nothing is due under it from then: design.md 6.1), or the day after
 * `asOf`.
 */
const breachStop = (
  s: OrderFacts,
  v: ViolationState,
  waiver: Dated | undefined,
  superseded: Dated | undefined,
  asOf: CalendarDate,
): CalendarDate => {
  const end = orderEndOn(s, asOf);
  const to = v.found?.period?.to;
  const stops = [
    v.cured && known(v.cured, asOf) ? v.cured.on : undefined,
    to !== undefined ? addDays(to, 1) : undefined,
    end ? addDays(end.lastDay, 1) : undefined,
    known(waiver, asOf) ? waiver.on : undefined,
    known(superseded, asOf) ? superseded.on : undefined,
  ].filter((d): d is CalendarDate => d !== undefined);
  return minDate(addDays(asOf, 1), ...stops);
};

/** The spans of the violations found against an occurrence whose conduct began by `asOf` (`findingFrom`): from the conduct's start to the day before the first day it no longer accrues (`breachStop`), in date order. */
const breachSpans = (
  s: OrderFacts,
  o: OccurrenceAnswer,
  terms: ObligationTerms,
  asOf: CalendarDate,
): Span[] => {
  const obligation = ownEntry(s.obligations, o.obligationId);
  return Object.entries(s.violations)
    .flatMap(([violationId, v]) =>
      v.obligationId === o.obligationId &&
      v.occurrence === o.key &&
      v.found !== undefined &&
      findingFrom(v.found) <= asOf
        ? breachSpan(s, { o, terms, violationId, v, found: v.found }, obligation, asOf)
        : [],
    )
    .sort(bySinceThenViolation);
};

/** Breach spans in date order, then by violation id: the same rows whatever order the violations were recorded in. */
const bySinceThenViolation = (a: Span, b: Span): number =>
  compareDates(a.since, b.since) || compareText(a.violationId ?? '', b.violationId ?? '');

/** Orders two texts by code unit (as `sort` does without a comparator). */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The first day a finding's conduct from `conduct` violates the duty: conduct before the duty bound violated no duty of this order. */
const conductSince = (
  s: OrderFacts,
  conduct: CalendarDate,
  obligation: ObligationState | undefined,
  asOf: CalendarDate,
): CalendarDate => {
  const binds = obligation && dutyBindsOn(s, obligation, asOf);
  return binds !== undefined && conduct < binds ? binds : conduct;
};

/** The note of a finding whose conduct began before the duty bound (`conductSince`), or none. */
const beforeDutyNote = (conduct: CalendarDate, since: CalendarDate): string[] =>
  since === conduct
    ? []
    : [
        `the conduct found from ${conduct} came before the duty bound on ${since}: only its days from then violate it`,
      ];

/** One finding's span, if it prices a day. */
const breachSpan = (
  s: OrderFacts,
  f: {
    o: OccurrenceAnswer;
    terms: ObligationTerms;
    violationId: string;
    v: ViolationState;
    found: Finding;
  },
  obligation: ObligationState | undefined,
  asOf: CalendarDate,
): Span[] => {
  const sup = obligation?.superseded;
  const conduct = findingFrom(f.found);
  const since = conductSince(s, conduct, obligation, asOf);
  // Either waiver stops it, the obligation's or the occurrence's own (design.md 6.1: penalties stop accruing then).
  const stop = breachStop(s, f.v, firstWaiver(waiversInForce(s, f.o, asOf)), sup, asOf);
  const through = addDays(stop, -1);
  if (through < since) return [];
  const bySupersession = known(sup, asOf) && sup.on === stop;
  const notes = [
    ...beforeDutyNote(conduct, since),
    ...((f.found.count ?? 1) > 1
      ? [`the finding counts ${f.found.count} violations; each day is priced once`]
      : []),
    ...(bySupersession
      ? [`the obligation was superseded effective ${sup.on}: nothing accrues under it from then`]
      : []),
  ];
  return [
    {
      o: f.o,
      terms: f.terms,
      cause: 'breach',
      since,
      through,
      violationId: f.violationId,
      because: [
        f.found.eventId,
        ...(known(f.v.cured, asOf) ? [f.v.cured.eventId] : []),
        ...(bySupersession ? [sup.eventId] : []),
      ],
      notes,
    },
  ];
};

/**
 * Exposure accrued by `asOf` (design.md 6.4), one row per occurrence (or violation) and basis:
 * days late and breaches priced by the order's stipulated tiers, else at the statutory ceiling for
 * an FTC administrative order, else listed as contempt (not quantified); money judgments unpaid,
 * with post-judgment interest where the obligation states a rate. A late filing, a cure or a
 * waiver stops accrual and never erases what accrued; each day is priced once, and tiers count a
 * continuing violation's days on across its rows (days late a finding prices, days late after its
 * cure); nothing accrues after the order's end but unpaid money. Rows are never summed across
 * bases or currencies (see `exposureTotals`).
 */
export const exposureOf = (
  s: OrderFacts,
  asOf: CalendarDate,
  table: readonly PenaltyRate[] = FTC_ORDER_VIOLATION_MAXIMUM,
): Exposure[] => {
  const answer = orderStatusOn(s, asOf);
  if (answer.status === 'pending_entry') return []; // an order not yet entered binds no one
  const answers = new Map(answer.occurrences.map((o) => [o.id, o]));
  const rows: Exposure[] = [];
  // The occurrences the status lists (as far ahead as the warning window): a finding can concern one not yet due.
  for (const p of occurrencesOn(s, asOf, warningDaysOf(s))) {
    const o = answers.get(occurrenceId(p.obligation.id, p.spec.key));
    if (!o || o.status === 'void') continue;
    rows.push(...rowsOf(s, p, o, asOf, table));
  }
  return rows;
};

const rowsOf = (
  s: OrderFacts,
  p: PlacedOccurrence,
  o: OccurrenceAnswer,
  asOf: CalendarDate,
  table: readonly PenaltyRate[],
): Exposure[] => {
  const breaches = breachSpans(s, o, p.terms, asOf);
  // Days late stop at the obligation's supersession, also those of evidence filed after it.
  const sup = ownEntry(s.obligations, o.obligationId)?.superseded;
  const cutAtSupersession = (spans: readonly Span[]) =>
    cutAfter(spans, known(sup, asOf) ? sup.on : undefined, SUPERSEDED);
  const lateness = [
    ...lateBeforeExtensions(s, p, o, asOf),
    ...lateSpans(s, o, p.terms, asOf, deadlineSetOn(s, p, asOf)),
  ];
  const payment = p.terms.kind === 'payment';
  // A payment's lateness is priced only by the order's own tiers: the unpaid row states the money owed.
  const priced = !payment || (p.terms.stipulatedPenalties?.length ?? 0) > 0;
  const late = priced ? cutAtSupersession(lateness.flatMap((w) => withoutFound(w, breaches))) : [];
  const spans = continuing([...late, ...breaches], priced ? cutAtSupersession(lateness) : []);
  const end = orderEndOn(s, asOf)?.lastDay;
  const rows = cutAfter(spans, end, ENDED).map((sp) => price(s, sp, asOf, table));
  const unpaid = payment ? unpaidRow(s, p, o, asOf) : undefined;
  return unpaid ? [...rows, { ...unpaid, label: LABELS.unpaid }] : rows;
};

/**
 * The spans cut at `lastDay`, each cut one noting `why` and the day: the order's last day (its
 * penalty clauses, and the statutory ceiling for violating it, bind only while it is in force; a
 * payment's lateness outlives the order in the status, but after the end only the money judgment
 * accrues, as the unpaid row with its interest), or an obligation's supersession.
 */
const cutAfter = (
  spans: readonly Span[],
  lastDay: CalendarDate | undefined,
  why: string,
): Span[] =>
  lastDay === undefined
    ? [...spans]
    : spans.flatMap((sp) =>
        sp.since > lastDay
          ? []
          : [
              sp.through <= lastDay
                ? sp
                : {
                    ...sp,
                    through: lastDay,
                    notes: [...sp.notes, `${why} ${lastDay}`],
                  },
            ],
      );

/** One subtotal: a basis and a currency (contempt rows are counted, never summed). */
export interface ExposureTotal {
  readonly basis: ExposureBasis;
  readonly currency?: string;
  readonly amount?: Money;
  readonly rows: number;
}

/** Subtotals per basis and currency, in exact minor units; contempt rows are counted as not quantified. */
export const exposureTotals = (rows: readonly Exposure[]): ExposureTotal[] => {
  const sums = new Map<
    string,
    { basis: ExposureBasis; currency?: string; minor: bigint; rows: number }
  >();
  for (const r of rows) {
    const key = `${r.basis}|${r.amount?.currency ?? ''}`;
    const t =
      sums.get(key) ??
      sums
        .set(key, {
          basis: r.basis,
          ...(r.amount ? { currency: r.amount.currency } : {}),
          minor: 0n,
          rows: 0,
        })
        .get(key)!;
    t.minor += BigInt(r.amount?.amountMinor ?? 0);
    t.rows += 1;
  }
  return [...sums.values()].map((t) => ({
    basis: t.basis,
    rows: t.rows,
    ...(t.currency !== undefined
      ? { currency: t.currency, amount: moneyOf(t.minor, t.currency, `the ${t.basis} subtotal`) }
      : {}),
  }));
};

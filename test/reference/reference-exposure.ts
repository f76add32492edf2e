/**
 * The reference model's own reading of accrued exposure (design.md 6.4), from its status answer and
 * the raw log, with no engine code: days of violation per occurrence and per finding, priced by the
 * order's tiers, else at the statutory ceiling (FTC administrative orders: the rate on `asOf`, days
 * within five years), else, for another agency's order, its own statute's (no amount), else
 * contempt (no amount); unpaid money with post-judgment interest, payments going to the interest
 * first unless the terms say principal first.
 * The unpaid rows of occurrences whose deadline was extended after it had passed are left out
 * (`skipped`): the interest that ran before such an extension follows a rule the model does not
 * restate; their days late are priced here, each deadline over the days it governed.
 */
import type { OrderEvent } from '../../domain/index.js';
import { between, plusDays, plusMonths } from './reference-calendar.js';
import { keyOf, liveLog, ofType, type RecordedFact, type Terms } from './reference-facts.js';
import {
  dutiesOf,
  referenceStatus,
  termEndOn,
  waiversOf,
  type ModelOccurrence,
  type ModelQuery,
} from './reference-model.js';

/** One row as the model prices it. */
export interface ModelExposure {
  readonly occurrenceId: string;
  readonly basis: 'stipulated' | 'statutory' | 'contempt' | 'agency' | 'unpaid';
  readonly cause: 'late' | 'breach' | 'unpaid';
  readonly since: string;
  readonly through: string;
  readonly days: number;
  readonly amountMinor?: number;
}

/** The ceiling per day of a continuing violation of a final FTC order (design.md 6.4), in cents, from each date. */
const CEILING: readonly [string, number][] = [
  ['2009-02-09', 1_600_000],
  ['2016-08-01', 4_000_000],
  ['2017-01-24', 4_065_400],
  ['2018-01-22', 4_148_400],
  ['2019-02-14', 4_253_000],
  ['2020-01-14', 4_328_000],
  ['2021-01-13', 4_379_200],
  ['2022-01-10', 4_651_700],
  ['2023-01-11', 5_012_000],
  ['2024-01-10', 5_174_400],
  ['2025-01-17', 5_308_800],
];
const eff = (e: OrderEvent) => e.metadata.effectiveOn as string;

/** Days first..first+days-1 of a continuing violation, each at the tier of its number. */
const stipulated = (tiers: NonNullable<Terms['tiers']>, first: number, days: number): number => {
  let total = 0;
  for (let day = first; day < first + days; day++)
    total +=
      tiers.find((t) => t.fromDay <= day && (t.toDay === undefined || day <= t.toDay))?.perDay
        .amountMinor ?? 0;
  return total;
};

/** Who issued the order: a court, the FTC, or another agency. */
type Issuer = 'court' | 'ftc' | 'agency';

/** Prices a span by the basis the instrument and the terms call for. */
const price = (
  o: ModelOccurrence,
  cause: 'late' | 'breach',
  since: string,
  through: string,
  issuer: Issuer,
  asOf: string,
  firstDay: number,
): ModelExposure => {
  const days = between(since, through) + 1;
  const base = { occurrenceId: o.id, cause, since, through, days };
  const tiers = o.terms?.tiers;
  if (tiers && tiers.length > 0)
    return { ...base, basis: 'stipulated', amountMinor: stipulated(tiers, firstDay, days) };
  if (issuer !== 'ftc') return { ...base, basis: issuer === 'court' ? 'contempt' : 'agency' };
  const windowStart = plusDays(plusMonths(asOf, -60), 1);
  const counted = Math.max(0, between(since > windowStart ? since : windowStart, through) + 1);
  const rate = [...CEILING].reverse().find(([from]) => from <= asOf)?.[1];
  return {
    ...base,
    basis: 'statutory',
    ...(rate === undefined ? {} : { amountMinor: rate * counted }),
  };
};

/** The findings against an occurrence whose conduct began by `asOf`, each with its span (conduct's start, or the day the duty bound when later, to the day before the first stop). */
const breaches = (
  log: readonly OrderEvent[],
  o: ModelOccurrence,
  asOf: string,
  lastDay: string | undefined,
) => {
  // A waiver in force stops it, the duty's or the occurrence's own, whichever came first.
  const waived = earliest(...waiversOf(log, o.obligationId ?? '', o.key ?? '', asOf).map(eff));
  // The duty binds once imposed and the order entered (by `asOf`): conduct before violates nothing.
  const binds = [
    dutiesOf(log).find((d) => d.id === o.obligationId)?.on ?? '',
    ...ofType(log, 'OrderEntered')
      .map(eff)
      .filter((d) => d <= asOf),
  ]
    .sort()
    .at(-1)!;
  // Nothing is due under a superseded obligation from its supersession on.
  const superseded = ofType(log, 'ObligationSuperseded').find(
    (x) => x.data.obligationId === o.obligationId,
  );
  return ofType(log, 'ViolationFound')
    .filter(
      (f) =>
        f.data.obligationId === o.obligationId &&
        keyOf(log, f) === o.key &&
        (f.data.period?.from ?? eff(f)) <= asOf, // a finding speaks from its conduct's start
    )
    .flatMap((f) => {
      const cure = ofType(log, 'ViolationCured').find(
        (c) => c.data.violationId === f.data.violationId && eff(c) <= asOf,
      );
      const stops = [
        plusDays(asOf, 1),
        cure ? eff(cure) : undefined,
        f.data.period?.to ? plusDays(f.data.period.to, 1) : undefined,
        lastDay ? plusDays(lastDay, 1) : undefined,
        waived,
        superseded && eff(superseded) <= asOf ? eff(superseded) : undefined,
      ]
        .filter((x): x is string => x !== undefined)
        .sort();
      const since = [f.data.period?.from ?? eff(f), binds].sort().at(-1)!; // no duty of the order before it bound
      const through = plusDays(stops[0]!, -1);
      return through < since ? [] : [{ since, through, finding: f.data.violationId }];
    });
};

/** The latest date an extension among `deadlines` took effect, if any. */
const latestExtension = (deadlines: readonly { readonly from?: string }[]): string | undefined =>
  deadlines
    .map((k) => k.from)
    .filter((x): x is string => x !== undefined)
    .sort()
    .at(-1);

/**
 * A judgment of `principal` cents falling due on `dueOn`, its interest run through `until` and every
 * payment applied at the end of its date, after its interest (those after `until` too). Interest is
 * summed exactly day by day on the balance (principal and interest capitalized at an anniversary),
 * rounded half up to the cent at each anniversary (capitalized then), at a payment that reaches it,
 * and on `until`; it stops once the balance is paid. A payment goes to the interest not yet capitalized, then to the capitalized
 * interest, then to the principal (the United States rule), or, `principalFirst`, the other way
 * round. What is left of the principal and of the interest, and the last day interest ran.
 */
const interestOf = (
  principal: number,
  dueOn: string,
  until: string,
  bp: number | undefined,
  payments: readonly { on: string; cents: number }[],
  principalFirst: boolean,
): { principalLeft: number; interestLeft: number; lastDay?: string } => {
  const byDate = [...payments].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let owedPrincipal = principal;
  let capitalized = 0;
  let loose = 0;
  let yearSum = 0;
  let lastDay: string | undefined;
  const round = (x: number) => Math.floor(x / (10_000 * 365) + 0.5);
  const roundLoose = () => {
    loose += round(yearSum);
    yearSum = 0;
  };
  const pay = (cents: number) => {
    let left = cents;
    const take = (owed: number) => {
      const t = Math.min(left, owed);
      left -= t;
      return owed - t;
    };
    if (principalFirst) {
      owedPrincipal = take(owedPrincipal);
      capitalized = take(capitalized);
      if (left > 0) roundLoose();
      loose = take(loose);
    } else {
      roundLoose();
      loose = take(loose);
      capitalized = take(capitalized);
      owedPrincipal = take(owedPrincipal);
    }
  };
  let paid = 0; // how many of `byDate` are applied
  const payThrough = (day: string) => {
    while (paid < byDate.length && byDate[paid]!.on <= day) pay(byDate[paid++]!.cents);
  };
  payThrough(dueOn);
  let anniversary = plusMonths(dueOn, 12);
  for (let day = plusDays(dueOn, 1); bp !== undefined && day <= until; day = plusDays(day, 1)) {
    if (owedPrincipal + capitalized <= 0) break;
    yearSum += (owedPrincipal + capitalized) * bp;
    lastDay = day;
    if (day === anniversary) {
      roundLoose();
      capitalized += loose;
      loose = 0;
      anniversary = plusMonths(anniversary, 12);
    }
    payThrough(day); // a day's payment after its interest: interest runs to the date of payment
  }
  roundLoose();
  while (paid < byDate.length) pay(byDate[paid++]!.cents);
  return {
    principalLeft: owedPrincipal,
    interestLeft: capitalized + loose,
    ...(lastDay === undefined ? {} : { lastDay }),
  };
};

/**
 * The last day money owed under an occurrence counts: `asOf`, or, waived once late, the waiver's
 * day (the principal is no longer owed; the interest that ran to it stays unless the waiver
 * releases what accrued); none when nothing was ever past due.
 */
const owingUntil = (
  log: readonly OrderEvent[],
  o: ModelOccurrence,
  asOf: string,
): string | undefined => {
  if (['superseded', 'void'].includes(o.status)) return undefined;
  const excused = excusedByWaiver(log, o, asOf);
  if (excused && (o.daysLate === undefined || released(log, o, asOf))) return undefined;
  const until = excused ? plusDays(o.dueOn, o.daysLate!) : asOf;
  return o.dueOn < until ? until : undefined;
};

/** The payments toward the occurrence in its currency effective by `by`. */
const paymentsBy = (log: readonly OrderEvent[], o: ModelOccurrence, currency: string, by: string) =>
  ofType(log, 'PaymentMade')
    .filter(
      (p) =>
        p.data.obligationId === o.obligationId &&
        keyOf(log, p) === o.key &&
        p.data.amount.currency === currency &&
        eff(p) <= by,
    )
    .map((p) => ({ on: eff(p), cents: p.data.amount.amountMinor }));

/**
 * Whether the occurrence is excused: it reads waived, or breached (a finding keeps the status)
 * with a waiver in force that reaches back, came by its deadline, or found it not paid in full.
 */
const excusedByWaiver = (log: readonly OrderEvent[], o: ModelOccurrence, asOf: string): boolean => {
  if (o.status !== 'breached') return o.status === 'waived';
  const waivers = waiversOf(log, o.obligationId ?? '', o.key ?? '', asOf);
  const first = earliest(...waivers.map(eff));
  if (first === undefined) return false;
  if (waivers.some((w) => w.data.retroactive === true) || first <= o.dueOn) return true;
  const owed = o.terms?.amount;
  if (owed === undefined) return true;
  return (
    paymentsBy(log, o, owed.currency, first).reduce((t, p) => t + p.cents, 0) < owed.amountMinor
  );
};

const unpaid = (
  log: readonly OrderEvent[],
  o: ModelOccurrence,
  asOf: string,
): ModelExposure | undefined => {
  const owed = o.terms?.amount;
  const until = owingUntil(log, o, asOf);
  // Silence on a partial record is no default: nothing says the money is unpaid.
  if (!owed || until === undefined || o.silent === true) return undefined;
  const waived = excusedByWaiver(log, o, asOf);
  const start = interestStart(o);
  // Every payment by the date asked is applied, those after a waiver's day included.
  const ran = interestOf(
    owed.amountMinor,
    start,
    until,
    o.terms?.interestBp,
    paymentsBy(log, o, owed.currency, asOf),
    o.terms?.principalFirst === true,
  );
  const outstanding = waived ? 0 : ran.principalLeft;
  const interest = ran.interestLeft;
  if (outstanding === 0 && interest === 0) return undefined;
  // Nothing outstanding: interest ran until the balance was paid, not to the date asked.
  const through = outstanding > 0 ? until : (ran.lastDay ?? until);
  return {
    occurrenceId: o.id,
    basis: 'unpaid',
    cause: 'unpaid',
    since: plusDays(start, 1),
    through,
    days: between(start, through),
    amountMinor: outstanding + interest,
  };
};

/** The day after which the deadline in force earns interest: its date, or the day before the latest extension, when later. */
const interestStart = (o: ModelOccurrence): string => {
  const set = latestExtension(o.deadlines ?? []);
  return set === undefined ? o.dueOn : later(o.dueOn, plusDays(set, -1));
};

/** Whether an extension was granted after the deadline it replaced (left out of the comparison). */
const extendedLate = (log: readonly OrderEvent[], o: ModelOccurrence, asOf: string): boolean =>
  ofType(log, 'DeadlineExtended').some(
    (x) =>
      x.data.obligationId === o.obligationId &&
      keyOf(log, x) === o.key &&
      eff(x) <= asOf &&
      eff(x) > plusDays(o.scheduledDueOn ?? o.dueOn, 1),
  );

/** Whether a waiver of the occurrence in force by `asOf` releases what accrued before it. */
const released = (log: readonly OrderEvent[], o: ModelOccurrence, asOf: string): boolean =>
  waiversOf(log, o.obligationId ?? '', o.key ?? '', asOf).some(
    (w) => w.data.releasesAccrued === true,
  );
/** Lateness is priced for every duty but a payment without tiers (its unpaid row states the money owed). */
const priced = (o: ModelOccurrence): boolean =>
  o.terms?.kind !== 'payment' || (o.terms.tiers?.length ?? 0) > 0;

/** A span of days one row prices. */
interface Days {
  readonly since: string;
  readonly through: string;
  /** The finding a breach row prices (none for days late). */
  readonly finding?: string;
}

const later = (a: string, b: string) => (a > b ? a : b);
const earliest = (...xs: (string | undefined)[]) =>
  xs.filter((x): x is string => x !== undefined).sort()[0];

/**
 * The days an occurrence's lateness prices, findings' days included, one window for each deadline
 * it had (docs/compliance.md 3 and 6): a deadline counts the days after it, from the day before the
 * extension that set it on, to the day before the extension that replaced it (or to its evidence,
 * or a waiver's date: an extension of an excused duty revives nothing), and the deadline in force
 * to its days late; none past the obligation's supersession, none when released, silent (a partial
 * record without a rejection), retroactively waived or not priced.
 */
const latenessOf = (log: readonly OrderEvent[], o: ModelOccurrence, asOf: string): Days[] => {
  const waivers = waiversOf(log, o.obligationId ?? '', o.key ?? '', asOf);
  if (
    o.key === 'ongoing' ||
    o.status === 'void' ||
    !priced(o) ||
    o.silent === true ||
    waivers.some((w) => w.data.retroactive === true) ||
    // A release covers what accrued, the days of an occurrence met by the waiver too, or found
    // breached; never a finding's (its days are the breach rows', priced apart).
    released(log, o, asOf)
  )
    return [];
  // Nothing accrues under a superseded obligation after its supersession, also for evidence filed later.
  const sup = ofType(log, 'ObligationSuperseded').find(
    (x) => x.data.obligationId === o.obligationId && eff(x) <= asOf,
  );
  const waived = earliest(...waivers.map(eff));
  const chain = o.deadlines ?? [{ dueOn: o.dueOn }];
  return chain.flatMap((k, i): Days[] => {
    const next = chain[i + 1];
    // The days before an extension's date were late to the deadline then in force.
    const from = latestExtension(chain.slice(0, i + 1));
    const since = plusDays(from === undefined ? k.dueOn : later(k.dueOn, plusDays(from, -1)), 1);
    const end = next
      ? earliest(plusDays(next.from!, -1), o.evidenceOn, waived)
      : o.daysLate === undefined
        ? undefined
        : plusDays(o.dueOn, o.daysLate);
    if (end === undefined) return [];
    const through = earliest(end, sup && eff(sup))!;
    return through < since ? [] : [{ since, through }];
  });
};

/**
 * The late spans of an occurrence: its lateness (`latenessOf`) but the days a finding covers (a day
 * is priced once, and a found violation's days are its own).
 */
const lateSpansOf = (lateness: readonly Days[], found: readonly Days[]): Days[] =>
  lateness.flatMap((w) => lateSpansIn(w, found));

const lateSpansIn = (lateness: Days, found: readonly Days[]): Days[] => {
  const end = lateness.through;
  // Cut [D+1, end] at every finding, one finding at a time.
  let free: Days[] = [{ since: lateness.since, through: end }];
  for (const b of found)
    free = free.flatMap((d) =>
      b.through < d.since || b.since > d.through
        ? [d]
        : [
            { since: d.since, through: plusDays(b.since, -1) },
            { since: plusDays(b.through, 1), through: d.through },
          ].filter((x) => x.since <= x.through),
    );
  return free.filter((x) => x.since <= x.through).sort((a, b) => (a.since < b.since ? -1 : 1));
};

/**
 * The number, within its continuing violation, of a span's first day: one more than that of the
 * day before it in a span covering that day (days late and a finding's days continue each other;
 * two findings are two violations, one continuing the other only on days of the lateness), else 1.
 */
const firstDayOf = (span: Days, all: readonly Days[], lateness: readonly Days[]): number => {
  const before = plusDays(span.since, -1);
  const late = (d: string) => lateness.some((w) => w.since <= d && d <= w.through);
  return Math.max(
    1,
    ...all
      .filter(
        (r) =>
          r.since <= before &&
          before <= r.through &&
          (r.finding === undefined ||
            span.finding === undefined ||
            r.finding === span.finding ||
            (late(before) && late(span.since))),
      )
      .map((r) => firstDayOf(r, all, lateness) + between(r.since, before) + 1),
  );
};

/** The rows of one occurrence: its days late but those its findings price, its findings, its unpaid money. */
const rowsOf = (
  log: readonly OrderEvent[],
  o: ModelOccurrence,
  q: ModelQuery,
  issuer: Issuer,
  lastDay: string | undefined,
): ModelExposure[] => {
  const found = breaches(log, o, q.asOf, lastDay);
  const rows: ModelExposure[] = [];
  // docs/compliance.md 6: nothing accrues under the order after its last day (a late payment's
  // penalties included); what a payment still owes after it is the unpaid row alone.
  const cut = <S extends { since: string; through: string }>(sp: S | undefined) =>
    sp === undefined || lastDay === undefined
      ? sp
      : sp.since > lastDay
        ? undefined
        : { ...sp, through: sp.through < lastDay ? sp.through : lastDay };
  const lateness = latenessOf(log, o, q.asOf);
  const late = lateSpansOf(lateness, found);
  const all = [...late, ...found];
  for (const [cause, spans] of [
    ['late', late],
    ['breach', found],
  ] as const)
    for (const sp of spans) {
      const c = cut(sp);
      if (c)
        rows.push(
          price(o, cause, c.since, c.through, issuer, q.asOf, firstDayOf(sp, all, lateness)),
        );
    }
  const money = o.terms?.kind === 'payment' ? unpaid(log, o, q.asOf) : undefined;
  return money ? [...rows, money] : rows;
};

/** Exposure on `q.asOf` as the model reads it, and the occurrences it leaves out of the comparison. */
export const referenceExposure = (
  facts: readonly RecordedFact[],
  q: ModelQuery,
): { rows: ModelExposure[]; skipped: Set<string> } | undefined => {
  const answer = referenceStatus(facts, q);
  if (!answer) return undefined;
  const log = liveLog(facts, q.knownAt);
  const filing = ofType(log, 'OrderFiled')[0]!;
  // Only the FTC's own orders carry 15 U.S.C. 45(l); another agency's carry its statute's penalties.
  const issuer: Issuer =
    filing.data.kind !== 'administrative_order'
      ? 'court'
      : /(^|[^a-z])(ftc|f\.t\.c\.?|federal trade commission)([^a-z]|$)/i.test(filing.data.forum)
        ? 'ftc'
        : 'agency';
  const terminated = ofType(log, 'OrderTerminated').find((t) => eff(t) <= q.asOf);
  const term = termEndOn(log, q.asOf);
  const termLast = term !== undefined && term < q.asOf ? term : undefined;
  // A termination effective after the term ran out ends nothing later: the term's last day stays.
  const lastDay =
    terminated && !(termLast !== undefined && termLast < eff(terminated))
      ? eff(terminated)
      : termLast;
  const skipped = new Set(
    answer.occurrences.filter((o) => extendedLate(log, o, q.asOf)).map((o) => o.id),
  );
  if (answer.status === 'pending_entry' || answer.status === 'vacated')
    return { rows: [], skipped };
  return {
    rows: answer.occurrences
      .filter((o) => o.status !== 'void')
      .flatMap((o) => rowsOf(log, o, q, issuer, lastDay))
      .filter((r) => !(r.cause === 'unpaid' && skipped.has(r.occurrenceId))),
    skipped,
  };
};

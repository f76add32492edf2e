import type { CalendarDate, ObligationKind } from '../../domain/index.js';
import type {
  DocketEntry,
  OccurrenceAnswer,
  OccurrencePoint,
  OrderStatus,
  Segment,
} from '../../projections/index.js';
import type { ReportInput, ReportOrder } from '../../src/report/index.js';

/** Hostile text: if escaping fails anywhere, it ends the script element and becomes an image element. */
export const EVIL = `</script><img src=x onerror="alert(1)">'&<!--`;

const d = (s: string): CalendarDate => s as CalendarDate;
const seg = <T>(from: string, value: T): Segment<T> => ({ from: d(from), value });
const pt = (
  status: OccurrencePoint['status'],
  dueOn?: string,
  satisfiedOn?: string,
): OccurrencePoint => ({
  status,
  ...(dueOn !== undefined ? { dueOn: d(dueOn) } : {}),
  ...(satisfiedOn !== undefined ? { satisfiedOn: d(satisfiedOn) } : {}),
});
const occ = (
  id: string,
  title: string,
  kind: ObligationKind,
  dueOn: string,
  status: OccurrenceAnswer['status'],
  extra: Partial<OccurrenceAnswer> = {},
): OccurrenceAnswer => {
  const [obligationId = id, key = 'once'] = id.split('/');
  return {
    id,
    obligationId,
    key,
    title,
    kind,
    nominalDueOn: d(dueOn),
    dueOn: d(dueOn),
    status,
    reasons: [`${status} on the date asked`],
    because: [],
    allegations: [],
    assumed: [{ eventId: 'e-1', field: 'schedule', note: `assumed ${EVIL}` }],
    sources: [{ eventId: 'e-1', source: `https://example.org/${EVIL}` }],
    ...extra,
  };
};
const entry = (
  eventId: string,
  effectiveOn: string,
  summary: string,
  extra: Partial<DocketEntry> = {},
): DocketEntry => ({
  eventId,
  effectiveOn: d(effectiveOn),
  recordedAt: `${effectiveOn}T17:00:00.000Z`,
  type: 'PublicStatementIssued',
  side: 'response',
  actor: { role: 'company', name: 'Twitter, Inc.' },
  summary,
  ...extra,
});

const twitter: ReportOrder = {
  answer: {
    orderId: 'us-v-twitter-2022',
    title: `United States v. Twitter ${EVIL}`,
    asOf: d('2025-01-15'),
    status: 'non_compliant',
    reasons: [
      'certification/2024 is breached: violation found 2024-09-01',
      `a reason with ${EVIL}`,
    ],
    occurrences: [
      occ(
        'civil-penalty/once',
        'Civil penalty of USD 150,000,000',
        'payment',
        '2022-06-25',
        'satisfied',
        { satisfiedOn: d('2022-05-31') },
      ),
      occ(
        'infosec-program/once',
        'Information security program',
        'program',
        '2022-11-22',
        'satisfied_late',
        { satisfiedOn: d('2023-02-01'), daysLate: 71 },
      ),
      occ(
        'certification/2023',
        `Annual certification ${EVIL}`,
        'certification',
        '2023-06-25',
        'satisfied',
        { satisfiedOn: d('2023-06-20') },
      ),
      occ('certification/2024', 'Annual certification', 'certification', '2024-06-25', 'breached', {
        daysLate: 204,
        nominalDueOn: d('2024-06-24'),
      }),
    ],
  },
  timeline: {
    orderId: 'us-v-twitter-2022',
    from: d('2022-05-26'),
    to: d('2025-12-31'),
    order: [
      seg<OrderStatus>('2022-05-26', 'at_risk'),
      seg<OrderStatus>('2022-05-31', 'compliant'),
      seg<OrderStatus>('2022-10-23', 'at_risk'),
      seg<OrderStatus>('2022-11-23', 'non_compliant'),
      seg<OrderStatus>('2023-02-01', 'compliant'),
      seg<OrderStatus>('2023-05-26', 'at_risk'),
      seg<OrderStatus>('2023-07-01', 'compliant'),
      seg<OrderStatus>('2024-05-26', 'at_risk'),
      seg<OrderStatus>('2024-06-26', 'non_compliant'),
    ],
    occurrences: {
      'civil-penalty/once': {
        obligationId: 'civil-penalty',
        key: 'once',
        title: 'Civil penalty of USD 150,000,000',
        segments: [
          seg('2022-05-26', pt('due_soon', '2022-06-25')),
          seg('2022-05-31', pt('satisfied', '2022-06-25', '2022-05-31')),
        ],
      },
      'infosec-program/once': {
        obligationId: 'infosec-program',
        key: 'once',
        title: 'Information security program',
        segments: [
          seg('2022-05-26', pt('upcoming', '2022-11-22')),
          seg('2022-10-23', pt('due_soon', '2022-11-22')),
          seg('2022-11-23', pt('overdue', '2022-11-22')),
          seg('2023-02-01', pt('satisfied_late', '2022-11-22', '2023-02-01')),
        ],
      },
      'certification/2023': {
        obligationId: 'certification',
        key: '2023',
        title: `Annual certification ${EVIL}`,
        segments: [
          seg('2022-05-26', pt('absent')),
          seg('2022-06-25', pt('upcoming', '2023-06-25')),
          seg('2023-05-26', pt('due_soon', '2023-06-25')),
          seg('2023-06-20', pt('submitted', '2023-06-25', '2023-06-20')),
          seg('2023-07-01', pt('satisfied', '2023-06-25', '2023-06-20')),
        ],
      },
      'certification/2024': {
        obligationId: 'certification',
        key: '2024',
        title: 'Annual certification',
        segments: [
          seg('2022-05-26', pt('absent')),
          seg('2023-06-25', pt('upcoming', '2024-06-25')),
          seg('2024-05-26', pt('due_soon', '2024-06-25')),
          seg('2024-06-26', pt('overdue', '2024-06-25')),
          seg('2024-09-01', pt('breached', '2024-06-25')),
        ],
      },
    },
  },
  ledger: [
    {
      currency: 'USD',
      imposedMinor: 15_000_000_000,
      paidMinor: 15_000_000_000,
      outstandingMinor: 0,
      because: ['e2', 'e5'],
    },
  ],
  docket: [
    entry('e1', '2022-05-25', 'Complaint filed (N.D. Cal., 3:22-cv-03070)', {
      type: 'OrderFiled',
      side: 'order',
      actor: { role: 'regulator', name: 'DOJ' },
      source: 'https://www.ftc.gov/legal-library/browse/cases-proceedings/2023062-twitter-inc-us-v',
    }),
    entry('e2', '2022-05-26', 'order entered; term ends 2042-05-26', {
      type: 'OrderEntered',
      side: 'order',
      actor: { role: 'court', name: 'N.D. Cal.' },
    }),
    entry('e3', '2022-05-27', `statement: ${EVIL}`, { source: `javascript:alert(1)//${EVIL}` }),
    entry('e4', '2022-05-30', 'payment of USD 1.00 toward civil-penalty (typo)', {
      type: 'PaymentMade',
      retracted: true,
    }),
    entry('e5', '2022-05-31', 'payment of USD 150,000,000.00 toward civil-penalty', {
      type: 'PaymentMade',
    }),
    entry('e6', '2024-09-01', 'violation found: certification/2024 not filed', {
      type: 'ViolationFound',
      side: 'oversight',
      actor: { role: 'regulator', name: 'FTC' },
    }),
  ],
};

const acme: ReportOrder = {
  answer: {
    orderId: 'ftc-acme-2021',
    title: 'In re Acme Data Co.',
    asOf: d('2025-01-15'),
    status: 'terminated',
    reasons: ['the order was terminated effective 2023-07-01'],
    occurrences: [
      occ('report/2021', 'Compliance report', 'report', '2021-06-30', 'satisfied', {
        satisfiedOn: d('2021-06-28'),
      }),
      occ('notice/once', 'Notice to affected users', 'notice', '2023-09-01', 'waived'),
    ],
  },
  timeline: {
    orderId: 'ftc-acme-2021',
    from: d('2021-01-01'),
    to: d('2024-12-31'),
    order: [
      seg<OrderStatus>('2021-01-01', 'compliant'),
      seg<OrderStatus>('2021-05-31', 'at_risk'),
      seg<OrderStatus>('2021-06-28', 'compliant'),
      seg<OrderStatus>('2023-07-01', 'terminated'),
    ],
    occurrences: {
      'report/2021': {
        obligationId: 'report',
        key: '2021',
        title: 'Compliance report',
        segments: [
          seg('2021-01-01', pt('upcoming', '2021-06-30')),
          seg('2021-05-31', pt('due_soon', '2021-06-30')),
          seg('2021-06-28', pt('satisfied', '2021-06-30', '2021-06-28')),
        ],
      },
      'notice/once': {
        obligationId: 'notice',
        key: 'once',
        title: 'Notice to affected users',
        segments: [
          seg('2021-01-01', pt('absent')),
          seg('2022-03-01', pt('upcoming', '2023-09-01')),
          seg('2023-07-01', pt('waived', '2023-09-01')),
        ],
      },
    },
  },
  ledger: [],
  docket: [
    entry('a1', '2023-07-01', 'order terminated', {
      type: 'OrderTerminated',
      side: 'oversight',
      actor: { role: 'regulator', name: 'FTC' },
    }),
  ],
};

/** A hand-built two-order report input: the Twitter order (with hostile text) and a small terminated one. */
export const reportFixture = (): ReportInput => ({
  title: `Decree compliance report ${EVIL}`,
  asOf: '2025-01-15',
  knownAt: '2025-01-20T00:00:00.000Z',
  generatedAt: '2025-01-20T09:30:00.000Z',
  orders: [twitter, acme],
});

const dayAfter = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Occurrence statuses from the most serious down, as a reader weighs them (the oracle's own list). */
const WORST_FIRST = [
  'breached',
  'overdue',
  'unverified',
  'due_soon',
  'submitted',
  'upcoming',
  'satisfied_late',
  'satisfied',
  'in_force',
  'waived',
  'superseded',
  'void',
  'absent',
];

/**
 * The marks the chart must draw, as `order|lane|from|status`: the order's segments, each occurrence
 * of a one-occurrence obligation as it is, and for an obligation with several, day by day the most
 * serious status any occurrence holds, runs of equal days merged (a day-by-day oracle).
 */
export const expectedMarks = (input: ReportInput): string[] =>
  input.orders
    .flatMap(({ timeline: t }) => {
      const byObligation = new Map<
        string,
        { id: string; segments: { from: string; status: string }[] }[]
      >();
      for (const [id, o] of Object.entries(t.occurrences))
        byObligation.set(o.obligationId, [
          ...(byObligation.get(o.obligationId) ?? []),
          { id, segments: o.segments.map((s) => ({ from: s.from, status: s.value.status })) },
        ]);
      const statusOn = (segments: { from: string; status: string }[], d: string) =>
        [...segments].reverse().find((s) => s.from <= d)?.status;
      const lanes = [...byObligation].flatMap(([obligationId, occ]) => {
        if (occ.length === 1)
          return occ[0]!.segments.map((s) => `${t.orderId}|${occ[0]!.id}|${s.from}|${s.status}`);
        const marks: string[] = [];
        let prev: string | undefined;
        for (let d: string = t.from; d <= t.to; d = dayAfter(d)) {
          const held = occ
            .map((o) => statusOn(o.segments, d))
            .filter((x): x is string => x !== undefined);
          const worst = WORST_FIRST.find((w) => held.includes(w)) ?? 'absent';
          if (worst !== prev) marks.push(`${t.orderId}|${obligationId}|${d}|${worst}`);
          prev = worst;
        }
        return marks;
      });
      return [...t.order.map((s) => `${t.orderId}|(order)|${s.from}|${s.value}`), ...lanes];
    })
    .sort();

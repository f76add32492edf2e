import type { OrderEvent } from '../../../domain/index.js';
import type { DocketEntry, Explanation } from '../../../projections/index.js';
import { summarize } from '../../../projections/index.js';
import { orderHeading, lateCell } from './status.js';
import { allInTurn, blocksInTurn, renderTable, wrap, type TableInTurn } from './text.js';

/**
 * `docket --format json` data: `{ "orders": [{ orderId, entries: DocketEntry[] }] }`, entries in
 * effective-date order: `{ eventId, effectiveOn, recordedAt, type, side: "order"|"obligation"|"oversight"|"response"|"correction",
 * actor: { role, name }, summary, source?, retracted? }`.
 */
export interface DocketData {
  readonly orders: readonly {
    readonly orderId: string;
    readonly entries: readonly DocketEntry[];
  }[];
}

/**
 * `explain --format json` data: `{ orderId, occurrenceId, answer, events, considered, computation, noEvidence }`:
 * `answer` is the occurrence answer (see `status`), `events` the order events (envelope `id`, `type`,
 * `data`, `metadata`) that decided it, in the order cited, `considered` the facts that bear on it but
 * did not decide it (allegations, petitions, motions, rulings), `computation` how its deadline was
 * computed (schedule, nominal date, days skipped and why, the rule with its citation, extension).
 */
export interface ExplainData {
  readonly orderId: string;
  readonly occurrenceId: string;
  readonly answer: Explanation['answer'];
  readonly events: Explanation['events'];
  readonly considered: Explanation['considered'];
  readonly computation: Explanation['computation'];
  readonly noEvidence: boolean;
}

const docketBlock = (o: DocketData['orders'][number], asOf: string): string[] => [
  ...orderHeading(o.orderId, undefined, `docket as of ${asOf}`),
  ...(o.entries.length === 0
    ? ['  no entries']
    : [
        '',
        ...renderTable(
          [
            { header: 'EFFECTIVE' },
            { header: 'SIDE' },
            { header: 'ACTOR', max: 16 },
            { header: 'ENTRY', flex: true },
          ],
          o.entries.map((e) => [
            e.effectiveOn,
            e.side,
            e.actor.name,
            `${e.retracted ? '[retracted] ' : ''}${e.summary}`,
          ]),
        ),
      ]),
];

/** The `docket` table an order at a time, one block per order. */
export const docketTable = (asOf: string): TableInTurn<DocketData['orders'][number]> =>
  blocksInTurn((o) => docketBlock(o, asOf));

/** The `docket` table, one block per order. */
export const formatDocket = (data: DocketData, asOf: string): string[] =>
  allInTurn(docketTable(asOf), data.orders);

const field = (name: string, value: string | undefined): string[] =>
  value ? [`${`${name}:`.padEnd(14)}${value}`] : [];

/** An event type in words: `ObligationImposed` → `Obligation imposed`. */
export const typeWords = (type: string): string =>
  type
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/ ([A-Z])/g, (_, c: string) => ` ${c.toLowerCase()}`);

/** One fact as a lawyer cites it: date, actor, what it is, its clause, then its source and summary; never its UUID. */
const citeEvent = (e: OrderEvent): string[] => {
  const data = e.data as { clause?: string; clauseText?: string };
  const clause = data.clause !== undefined ? `  [${data.clause}]` : '';
  return [
    `  ${e.metadata.effectiveOn}  ${e.metadata.actor.name} (${e.metadata.actor.role})  ${typeWords(e.type)}${clause}`,
    `      ${summarize(e)}`,
    ...(data.clauseText !== undefined ? [`      text: "${data.clauseText}"`] : []),
    ...(e.metadata.source !== undefined
      ? [`      source: ${e.metadata.source}`]
      : ['      source: none recorded']),
  ];
};

const computationLines = (c: ExplainData['computation']): string[] => [
  'how the deadline was computed:',
  `  schedule:   ${c.schedule}`,
  ...(c.countedFrom !== undefined
    ? [`  counted:    from ${c.countedFrom} (day 1: the first business day after the event)`]
    : []),
  `  nominal:    ${c.nominalDueOn}`,
  ...(c.arisesOn !== undefined
    ? [`  arose:      ${c.arisesOn} (the duty arose after the nominal date: due from then)`]
    : []),
  ...(c.skipped.length > 0
    ? [
        `  rolled to:  ${c.scheduledDueOn}, past ${c.skipped.map((d) => `${d.date} (${d.why})`).join(', ')}`,
      ]
    : []),
  `  rule:       ${c.rule}`,
  ...(c.extension ? [`  extended:   to ${c.extension.newDueOn}, effective ${c.extension.on}`] : []),
];

const evidenceLine = (data: ExplainData): string[] => {
  if (!data.noEvidence) return [];
  return data.answer.status === 'unverified'
    ? ['', 'No evidence recorded; not a finding (the evidence record is partial).']
    : ['', `No satisfying evidence recorded by ${data.answer.dueOn}.`];
};

const assumedLines = (data: ExplainData): string[] => {
  if (data.answer.assumed.length === 0) return [];
  const byId = new Map(data.events.map((e) => [e.id, e]));
  return [
    '',
    'assumed inputs (not found in the sources):',
    ...data.answer.assumed.map((a) => {
      const e = byId.get(a.eventId);
      const where = e ? ` (${typeWords(e.type).toLowerCase()}, ${e.metadata.effectiveOn})` : '';
      return `  - ${a.field ? `${a.field}: ` : ''}${a.note}${where}`;
    }),
  ];
};

/** The `explain` text: the answer, the reasons, how the deadline was computed, the deciding facts as a lawyer cites them, the facts considered that did not decide, and the assumed inputs. */
export const formatExplain = (data: ExplainData): string[] => {
  const a = data.answer;
  return [
    `occurrence ${data.orderId} ${a.id}`,
    ...field('title', a.title),
    ...field('status', a.status),
    ...field(
      'due',
      a.dueOn === a.nominalDueOn ? a.dueOn : `${a.dueOn} (nominally ${a.nominalDueOn})`,
    ),
    ...field('satisfied on', a.satisfiedOn),
    ...field('days late', lateCell(a.daysLate).replace('d', '')),
    ...(a.successor
      ? field(
          'successor',
          [a.successor.orderId, a.successor.obligationId].filter(Boolean).join(' / '),
        )
      : []),
    '',
    'because:',
    ...(a.reasons.length === 0 ? ['  (no reasons given)'] : a.reasons.map((r) => `  - ${r}`)),
    ...evidenceLine(data),
    '',
    ...computationLines(data.computation),
    ...(data.events.length === 0 ? [] : ['', 'deciding facts:', ...data.events.flatMap(citeEvent)]),
    ...(data.considered.length === 0
      ? []
      : ['', 'considered, did not decide:', ...data.considered.flatMap(citeEvent)]),
    ...assumedLines(data),
  ].flatMap((line) => wrap(line));
};

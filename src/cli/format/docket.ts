import type { DocketEntry, Explanation } from '../../../projections/index.js';
import { summarize } from '../../../projections/index.js';
import { orderHeading, lateCell } from './status.js';
import { renderTable } from './text.js';

/**
 * `docket --format json` data: `{ "orders": [{ orderId, entries: DocketEntry[] }] }`, entries in
 * effective-date order: `{ eventId, effectiveOn, recordedAt, type, side: "order"|"obligation"|"oversight"|"response"|"correction",
 * actor: { role, name }, summary, source?, retracted? }`.
 */
export interface DocketData {
  readonly orders: readonly { readonly orderId: string; readonly entries: readonly DocketEntry[] }[];
}

/**
 * `explain --format json` data: `{ orderId, occurrenceId, answer, events }`: `answer` is the
 * occurrence answer (see `status`), `events` the order events (envelope `id`, `type`, `data`,
 * `metadata`) that decided it, in the order cited.
 */
export interface ExplainData {
  readonly orderId: string;
  readonly occurrenceId: string;
  readonly answer: Explanation['answer'];
  readonly events: Explanation['events'];
}

const docketBlock = (o: DocketData['orders'][number], asOf: string): string[] => [
  ...orderHeading(o.orderId, undefined, `docket as of ${asOf}`),
  ...(o.entries.length === 0
    ? ['  no entries']
    : ['', ...renderTable(
      [{ header: 'EFFECTIVE' }, { header: 'SIDE' }, { header: 'ACTOR', max: 16 }, { header: 'ENTRY', flex: true }],
      o.entries.map((e) => [e.effectiveOn, e.side, e.actor.name, `${e.retracted ? '[retracted] ' : ''}${e.summary}`]),
    )]),
];

/** The `docket` table, one block per order. */
export const formatDocket = (data: DocketData, asOf: string): string[] =>
  data.orders.flatMap((o, i) => (i === 0 ? docketBlock(o, asOf) : ['', ...docketBlock(o, asOf)]));

const field = (name: string, value: string | undefined): string[] => (value ? [`${`${name}:`.padEnd(14)}${value}`] : []);

/** The `explain` text: the occurrence's answer, the reasons, and the deciding events. */
export const formatExplain = (data: ExplainData): string[] => {
  const a = data.answer;
  return [
    `occurrence ${data.orderId} ${a.id}`,
    ...field('title', a.title),
    ...field('status', a.status),
    ...field('due', a.dueOn === a.nominalDueOn ? a.dueOn : `${a.dueOn} (nominally ${a.nominalDueOn})`),
    ...field('satisfied on', a.satisfiedOn),
    ...field('days late', lateCell(a.daysLate).replace('d', '')),
    '',
    'because:',
    ...(a.reasons.length === 0 ? ['  (no reasons given)'] : a.reasons.map((r) => `  - ${r}`)),
    ...(data.events.length === 0 ? [] : ['', 'deciding events:', ...data.events.flatMap((e) => [`  ${e.metadata.effectiveOn}  ${e.type}  ${e.id}`, `    ${summarize(e)}`])]),
  ];
};

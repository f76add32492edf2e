import type { OrderAnswer, OrderStatus } from '../../projections/index.js';
import { escapeHtml as h } from './escape.js';
import { htmlDocument, NO_SCRIPT_CSP } from './document.js';
import { badge } from './sections.js';

/** The occurrence statuses counted on the index, the ones a reader acts on first. */
const COUNTED = ['overdue', 'breached', 'unverified', 'due_soon'] as const;

/**
 * One order's line on the index page: its status on `asOf`, its counts of the occurrences a reader
 * acts on first, and the page that shows it in full. A summary, so that an index of many orders
 * holds a few numbers per order rather than every answer.
 */
export interface IndexEntry {
  readonly orderId: string;
  readonly title?: string;
  readonly status: OrderStatus;
  /** Occurrences overdue, breached, unverified and due soon. */
  readonly counts: Readonly<Record<(typeof COUNTED)[number], number>>;
  /** Every occurrence listed on `asOf`. */
  readonly occurrences: number;
  /** The order's own page, relative to the index page. */
  readonly href: string;
}

/** The index line of an order's answer on `asOf`, linking `href`. */
export const indexEntryOf = (answer: OrderAnswer, href: string): IndexEntry => {
  const counts = { overdue: 0, breached: 0, unverified: 0, due_soon: 0 };
  for (const o of answer.occurrences)
    if (Object.hasOwn(counts, o.status)) counts[o.status as keyof typeof counts] += 1;
  return {
    orderId: answer.orderId,
    ...(answer.title !== undefined ? { title: answer.title } : {}),
    status: answer.status,
    counts,
    occurrences: answer.occurrences.length,
    href,
  };
};

/** The input of the index page: what a report of many orders shows first. */
export interface IndexInput {
  readonly title: string;
  readonly asOf: string;
  readonly knownAt?: string;
  readonly generatedAt: string;
  readonly entries: readonly IndexEntry[];
}

const row = (e: IndexEntry): string =>
  `<tr><td><a href="${h(e.href)}"><code>${h(e.orderId)}</code></a></td><td>${h(e.title ?? '')}</td>` +
  `<td>${badge(e.status)}</td>${COUNTED.map((s) => `<td class="num">${e.counts[s] || ''}</td>`).join('')}<td class="num">${e.occurrences}</td></tr>`;

/** Orders in default first, then by id, so the page opens on what needs attention. */
const attentionFirst = (a: IndexEntry, b: IndexEntry): number => {
  const weight = (e: IndexEntry) =>
    e.status === 'non_compliant' ? 0 : e.status === 'at_risk' ? 1 : 2;
  return weight(a) - weight(b) || a.orderId.localeCompare(b.orderId);
};

/**
 * The index of a report split into one page per order: a self-contained page (inline CSS, no
 * script, nothing fetched) with each order's status on `asOf`, its counts of overdue, breached,
 * unverified and due-soon occurrences, and a link to its page. All user text is escaped.
 */
export const renderIndexPage = (input: IndexInput): string => {
  const byStatus = new Map<string, number>();
  for (const e of input.entries) byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1);
  const meta: [string, string][] = [
    ['As of', input.asOf],
    ...(input.knownAt !== undefined ? [['As known at', input.knownAt] as [string, string]] : []),
    ['Generated', input.generatedAt],
    ['Orders', String(input.entries.length)],
  ];
  return htmlDocument(
    input.title,
    NO_SCRIPT_CSP,
    `<header class="page-head"><h1>${h(input.title)}</h1><dl class="meta">${meta.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('')}</dl>
<div class="counts" aria-label="Orders by status">${[...byStatus].map(([s, n]) => `<span>${n} ${badge(s)}</span>`).join(' ')}</div></header>
<main>
${
  input.entries.length === 0
    ? '<p class="empty">No orders.</p>'
    : `<div class="table-scroll"><table><caption class="visually-hidden">Orders</caption><thead><tr><th>Order</th><th>Title</th><th>Status</th>${COUNTED.map((s) => `<th>${h(s.replace('_', ' '))}</th>`).join('')}<th>occurrences</th></tr></thead><tbody>${[...input.entries].sort(attentionFirst).map(row).join('')}</tbody></table></div>`
}
</main>
<footer>Statuses as of ${h(input.asOf)}${input.knownAt !== undefined ? `, as known at ${h(input.knownAt)}` : ''}. Each order's page holds its chart, occurrences, ledger and docket. Produced by Decree.</footer>`,
  );
};

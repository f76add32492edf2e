import {
  formatMoney as formatExactMoney,
  ledgerNotes,
  type DocketEntry,
  type LedgerLine,
  type OccurrenceAnswer,
  type OrderAnswer,
} from '../../projections/index.js';
import { escapeHtml as h } from './escape.js';
import { OCCURRENCE_LEGEND, ORDER_LEGEND, statusClass, statusLabel } from './report-style.js';

/** A status as a swatch plus words, so colour is never the only cue. */
export const badge = (status: string, big = false): string =>
  `<span class="badge${big ? ' big' : ''} ${statusClass(status)}"><i aria-hidden="true"></i>${h(statusLabel(status))}</span>`;

/** Money in minor units as `USD 150,000,000.00`, exactly, with the currency's own number of decimals. */
export const formatMoney = (minor: number, currency: string): string =>
  formatExactMoney({ amountMinor: minor, currency });

/** The head of an order's section: title, id, status on `asOf` and the reasons. */
export const orderHead = (answer: OrderAnswer, headingId: string): string => {
  const reasons =
    answer.reasons.length === 0
      ? ''
      : `<ul class="reasons">${answer.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>`;
  const counts = new Map<string, number>();
  for (const o of answer.occurrences) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const chips = OCCURRENCE_LEGEND.filter((s) => counts.has(s)).map(
    (s) =>
      `<span class="badge ${statusClass(s)}"><i aria-hidden="true"></i>${counts.get(s)} ${h(statusLabel(s))}</span>`,
  );
  return (
    `<div class="order-head"><div><h2 id="${h(headingId)}">${h(answer.title ?? answer.orderId)}</h2>` +
    `<p class="sub">Order <code>${h(answer.orderId)}</code> · status on ${h(answer.asOf)}</p></div>` +
    `<div aria-label="Order status on ${h(answer.asOf)}">${badge(answer.status, true)}</div></div>` +
    reasons +
    (chips.length > 0
      ? `<div class="counts" aria-label="Occurrences by status">${chips.join('')}</div>`
      : '')
  );
};

/** The chart legend: the order's statuses, then the occurrences'. */
export const legend = (): string => {
  const items = (list: readonly string[]) => list.map((s) => badge(s)).join('');
  return (
    `<div class="legend"><span class="lg-title">Order:</span>${items(ORDER_LEGEND)}<span class="sep" aria-hidden="true"></span>` +
    `<span class="lg-title">Occurrence:</span>${items(OCCURRENCE_LEGEND)}` +
    `<span class="sep" aria-hidden="true"></span><span class="lg-title">&#9650; due date · &#9474; as of</span></div>`
  );
};

const table = (caption: string, head: string, rows: readonly string[], empty: string): string =>
  rows.length === 0
    ? `<p class="empty">${h(empty)}</p>`
    : `<div class="table-scroll"><table><caption class="visually-hidden">${h(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;

/** Who owns it: `owner: Jane Roe <jane.roe@example.com>; backup: …` (escaped). */
const ownerNote = (o: OccurrenceAnswer): string[] => {
  if (o.owner === undefined) return [];
  const who = (p: { name: string; email: string }) => `${h(p.name)} &lt;${h(p.email)}&gt;`;
  const backup = o.owner.backup ? `; backup: ${who(o.owner.backup)}` : '';
  return [
    `<div class="note owner">owner: ${who(o.owner.owner)}${backup} (since ${h(o.owner.since)})</div>`,
  ];
};

/** What stands beside the status: owner, allegations pending, assumed inputs, sources (each escaped). */
const notesCell = (o: OccurrenceAnswer): string =>
  [
    ...ownerNote(o),
    ...o.allegations.map(
      (a) => `<div class="note">alleged ${h(a.on)} by ${h(a.actor)}: ${h(a.summary)}</div>`,
    ),
    ...o.assumed.map(
      (a) => `<div class="note">assumed ${a.field ? `${h(a.field)}: ` : ''}${h(a.note)}</div>`,
    ),
    ...o.sources.map((x) => `<div class="note">source: ${sourceCell(x.source)}</div>`),
  ].join('');

const occurrenceRow = (o: OccurrenceAnswer): string => {
  const due =
    o.dueOn === o.nominalDueOn
      ? h(o.dueOn)
      : `${h(o.dueOn)} <span class="tag" title="nominal ${h(o.nominalDueOn)}; ${h(o.reasons[0] ?? '')}">moved</span>`;
  return (
    `<tr><td><code>${h(o.id)}</code></td><td>${h(o.title)}</td><td class="date">${due}</td><td>${badge(o.status)}</td>` +
    `<td class="date">${o.satisfiedOn === undefined ? '' : h(o.satisfiedOn)}</td><td class="num">${o.daysLate === undefined ? '' : String(o.daysLate)}</td><td>${notesCell(o)}</td></tr>`
  );
};

/** Occurrences on `asOf` as a table: id, title, deadline in force, status (swatch and words), evidence date, days late. */
export const occurrenceRowsTable = (occurrences: readonly OccurrenceAnswer[]): string =>
  table(
    'Occurrences',
    '<th>Id</th><th>Title</th><th>Due</th><th>Status</th><th>Evidence</th><th class="num">Days late</th><th>Owner, allegations, assumptions, sources</th>',
    occurrences.map(occurrenceRow),
    'No occurrences on this date.',
  );

/** The penalty ledger: imposed, paid and outstanding, per currency, and why nothing is imposed when nothing is (its lines' `note`). */
export const ledgerTable = (ledger: readonly LedgerLine[]): string =>
  table(
    'Ledger',
    '<th>Currency</th><th class="num">Imposed</th><th class="num">Paid</th><th class="num">Outstanding</th>',
    ledger.map(
      (l) =>
        `<tr><td>${h(l.currency)}</td><td class="num">${h(formatMoney(l.imposedMinor, l.currency))}</td>` +
        `<td class="num">${h(formatMoney(l.paidMinor, l.currency))}</td><td class="num">${h(formatMoney(l.outstandingMinor, l.currency))}</td></tr>`,
    ),
    'No money imposed or paid.',
  ) +
  ledgerNotes(ledger)
    .map((n) => `<p class="note">${h(n)}</p>`)
    .join('');

/** A source as text, or as a link when it is an http(s) address (never any other scheme). */
const sourceCell = (source: string | undefined): string =>
  source === undefined
    ? ''
    : /^https?:\/\/[^\s"'<>]+$/i.test(source)
      ? `<a href="${h(source)}" rel="noopener noreferrer">${h(source)}</a>`
      : h(source);

/** Docket entries as a table: date, actor, side, summary and source; retracted entries struck through and tagged. */
export const docketRowsTable = (docket: readonly DocketEntry[]): string =>
  table(
    'Docket',
    '<th>Effective</th><th>Actor</th><th>Side</th><th>Summary</th><th>Source</th>',
    docket.map(
      (d) =>
        `<tr${d.retracted === true ? ' class="retracted"' : ''} data-event="${h(d.eventId)}">` +
        `<td class="date">${h(d.effectiveOn)}</td><td>${h(d.actor.name)}<span class="tag">${h(d.actor.role)}</span></td><td>${h(d.side)}</td>` +
        `<td>${d.retracted === true ? `<s class="summary">${h(d.summary)}</s><span class="tag">retracted</span>` : h(d.summary)}</td><td>${sourceCell(d.source)}</td></tr>`,
    ),
    'No docket entries.',
  );

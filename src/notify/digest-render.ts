import { escapeHtml as h } from '../report/escape.js';
import type { Digest, DigestGroup, DigestItem } from './digest.js';

/** The heading of a digest: its date, window and the last digest it follows. */
export const digestTitle = (d: Digest): string =>
  `Digest as of ${d.asOf}: due within ${d.withinDays} days, and what went overdue after ${d.since}${d.owner !== undefined ? ` (owner ${d.owner})` : ''}`;

const ownerName = (g: DigestGroup): string =>
  g.owner
    ? `${g.owner.name} <${g.owner.email}>`
    : 'Unassigned (no ObligationAssigned names an owner)';

const backupNote = (i: DigestItem): string =>
  i.owner?.backup ? ` (backup ${i.owner.backup.name})` : '';

type Section = readonly [title: string, rows: readonly string[][]];

/** A group's non-empty sections, each as rows of cells: date, order, occurrence, status and a note. */
const sections = (d: Digest, g: DigestGroup): Section[] =>
  (
    [
      [
        'Due soon',
        g.dueSoon.map((i) => [i.dueOn, i.orderId, i.occurrenceId, i.status, backupNote(i)]),
      ],
      [
        `Went overdue, unverified or breached after ${d.since}`,
        g.wentOverdue.map((i) => [
          i.on,
          i.orderId,
          i.occurrenceId,
          i.status,
          `due ${i.dueOn}${backupNote(i)}`,
        ]),
      ],
      [
        'Pending allegations',
        g.pendingAllegations.map((i) => [
          i.allegation.on,
          i.orderId,
          i.occurrenceId,
          i.status,
          `${i.allegation.actor}: ${i.allegation.summary}`,
        ]),
      ],
      [
        'Unverified (no evidence recorded in a partial record; not a finding)',
        g.unverified.map((i) => [i.dueOn, i.orderId, i.occurrenceId, i.status, backupNote(i)]),
      ],
    ] as const
  ).filter(([, rows]) => rows.length > 0);

/** The digest as text lines: one block per owner, each with its non-empty sections. */
export const digestText = (d: Digest): string[] => {
  if (d.groups.length === 0)
    return [
      digestTitle(d),
      '',
      'nothing due soon, nothing went overdue, no pending allegation, nothing unverified',
    ];
  return [
    digestTitle(d),
    ...d.groups.flatMap((g) => [
      '',
      ownerName(g),
      ...sections(d, g).flatMap(([title, rows]) => [
        `  ${title}:`,
        ...rows.map((r) => `    ${r.filter((c) => c !== '').join('  ')}`),
      ]),
    ]),
  ];
};

/** The digest as a small self-contained HTML page (every text escaped), for an e-mail or a browser. */
export const digestHtml = (d: Digest): string => {
  const table = ([title, rows]: Section) =>
    `<h3>${h(title)}</h3><table><thead><tr><th>Date</th><th>Order</th><th>Occurrence</th><th>Status</th><th>Note</th></tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const body =
    d.groups.length === 0
      ? '<p>Nothing due soon, nothing went overdue, no pending allegation, nothing unverified.</p>'
      : d.groups
          .map(
            (g) =>
              `<section><h2>${h(ownerName(g))}</h2>${sections(d, g).map(table).join('')}</section>`,
          )
          .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(digestTitle(d))}</title><style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f3f3f3}h2{margin-top:1.5em}</style></head><body><h1>${h(digestTitle(d))}</h1>${body}</body></html>\n`;
};

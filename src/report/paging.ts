import type { OccurrenceAnswer } from '../../projections/index.js';
import { escapeHtml as h } from './escape.js';
import { htmlDocument, NO_SCRIPT_CSP } from './document.js';
import { docketRowsTable, occurrenceRowsTable } from './sections.js';
import type { ReportInput, ReportOrder } from './report.types.js';

/**
 * How a report bounds its pages: an order's occurrence table and docket show at most `maxRows`
 * rows on the order's page; a longer one is continued in full, `maxRows` to a page, on pages of
 * its own, linked from the order's page and back.
 */
export interface ReportPaging {
  /** The most rows a table shows on one page. */
  readonly maxRows: number;
  /** The link from an order's page to the continuation page named `name`. */
  readonly href: (name: string) => string;
  /** The link from a continuation page of `orderId` back to the page that shows the order. */
  readonly back: (orderId: string) => string;
}

/** A continuation page: its file name (beside the others of its report) and its HTML. */
export interface ReportPage {
  readonly name: string;
  readonly html: string;
}

/** The two tables a report continues on pages of their own. */
type Part = 'occurrences' | 'docket';

/**
 * The file name of page `n` (from 1) of an order's table: `<order>~<part>-<n>.html`. Order ids
 * never contain `~`, so no two orders' pages, nor an order's own page, share a name.
 */
export const continuationName = (orderId: string, part: Part, n: number): string =>
  `${encodeURIComponent(orderId)}~${part}-${n}.html`;

const pageCount = (rows: number, maxRows: number) => Math.ceil(rows / maxRows);

/** Occurrence statuses that need someone's attention; on a bounded page they are shown before any other. */
const ATTENTION = new Set(['overdue', 'breached', 'unverified', 'due_soon', 'submitted']);

const byDue = (a: OccurrenceAnswer, b: OccurrenceAnswer) =>
  a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The occurrences an order's page shows when there are too many: every one needing attention first, then the latest due; in due order. */
export const boundedOccurrences = (
  all: readonly OccurrenceAnswer[],
  maxRows: number,
): readonly OccurrenceAnswer[] => {
  if (all.length <= maxRows) return all;
  const attention = all.filter((o) => ATTENTION.has(o.status));
  const rest = all.filter((o) => !ATTENTION.has(o.status));
  const room = Math.max(0, maxRows - attention.length);
  const shown = [...attention.slice(0, maxRows), ...rest.slice(rest.length - room)];
  return shown.sort(byDue);
};

/** Links to every page of a continued table, numbered. */
const pageLinks = (
  orderId: string,
  part: Part,
  pages: number,
  href: (name: string) => string,
  current?: number,
) =>
  Array.from({ length: pages }, (_, i) =>
    i + 1 === current
      ? `<strong aria-current="page">${i + 1}</strong>`
      : `<a href="${h(href(continuationName(orderId, part, i + 1)))}">${i + 1}</a>`,
  ).join(' ');

/** The order page's note above a bounded table: what it shows, and where the rest is. */
const boundNote = (
  orderId: string,
  part: Part,
  shown: string,
  total: number,
  paging: ReportPaging,
): string =>
  `<p class="bound">${shown} Every one of the ${total}, ${paging.maxRows} to a page: ` +
  `<nav class="pages" aria-label="${part === 'docket' ? 'Docket' : 'Occurrence'} pages">${pageLinks(orderId, part, pageCount(total, paging.maxRows), paging.href)}</nav></p>`;

/** The occurrence table of an order's page: all of them, or a bounded selection with links to the pages that hold every one. */
export const boundedOccurrenceTable = (o: ReportOrder, paging?: ReportPaging): string => {
  const all = o.answer.occurrences;
  if (!paging || all.length <= paging.maxRows) return occurrenceRowsTable(all);
  const shown = boundedOccurrences(all, paging.maxRows);
  return (
    boundNote(
      o.answer.orderId,
      'occurrences',
      `Showing ${shown.length} of ${all.length} occurrences: those that need attention (overdue, breached, unverified, due soon, submitted) first, then the latest due.`,
      all.length,
      paging,
    ) + occurrenceRowsTable(shown)
  );
};

/** The docket of an order's page: all of it, or its latest entries with links to the pages that hold every one. */
export const boundedDocketTable = (o: ReportOrder, paging?: ReportPaging): string => {
  const all = o.docket;
  if (!paging || all.length <= paging.maxRows) return docketRowsTable(all);
  return (
    boundNote(
      o.answer.orderId,
      'docket',
      `Showing the latest ${paging.maxRows} of ${all.length} docket entries.`,
      all.length,
      paging,
    ) + docketRowsTable(all.slice(all.length - paging.maxRows))
  );
};

/** One continuation page: a self-contained page (inline CSS, no script) with one slice of one table. */
const continuationPage = (
  input: ReportInput,
  o: ReportOrder,
  part: Part,
  n: number,
  pages: number,
  total: number,
  table: string,
  paging: ReportPaging,
): string => {
  const id = o.answer.orderId;
  const first = (n - 1) * paging.maxRows + 1;
  const last = Math.min(n * paging.maxRows, total);
  const what = part === 'docket' ? 'Docket' : `Occurrences on ${input.asOf}`;
  const here = (name: string) => encodeURIComponent(name);
  return htmlDocument(
    `${input.title}: ${o.answer.title ?? id}, ${what.toLowerCase()} ${n}/${pages}`,
    NO_SCRIPT_CSP,
    `<header class="page-head"><h1>${h(input.title)}</h1><dl class="meta"><div><dt>Order</dt><dd>${h(o.answer.title ?? id)} (${h(id)})</dd></div><div><dt>As of</dt><dd>${h(input.asOf)}</dd></div>${input.knownAt !== undefined ? `<div><dt>As known at</dt><dd>${h(input.knownAt)}</dd></div>` : ''}<div><dt>Generated</dt><dd>${h(input.generatedAt)}</dd></div></dl></header>
<main>
<h2>${h(what)}: ${first}&#8211;${last} of ${total}</h2>
<nav class="pages" aria-label="Pages"><a href="${h(paging.back(id))}">Back to the order</a> · ${pageLinks(id, part, pages, here, n)}</nav>
${table}
</main>
<footer>Page ${n} of ${pages}. Produced by Decree.</footer>`,
  );
};

/** The continuation pages of every order of a report whose occurrence table or docket has more rows than `paging.maxRows`, one at a time. */
export function* continuationPages(
  input: ReportInput,
  paging: ReportPaging,
): Generator<ReportPage> {
  for (const o of input.orders) {
    const parts: [Part, number, (from: number, to: number) => string][] = [
      [
        'occurrences',
        o.answer.occurrences.length,
        (a, b) => occurrenceRowsTable(o.answer.occurrences.slice(a, b)),
      ],
      ['docket', o.docket.length, (a, b) => docketRowsTable(o.docket.slice(a, b))],
    ];
    for (const [part, total, slice] of parts) {
      if (total <= paging.maxRows) continue;
      const pages = pageCount(total, paging.maxRows);
      for (let n = 1; n <= pages; n++) {
        const table = slice((n - 1) * paging.maxRows, n * paging.maxRows);
        yield {
          name: continuationName(o.answer.orderId, part, n),
          html: continuationPage(input, o, part, n, pages, total, table, paging),
        };
      }
    }
  }
}

/** Whether a docket entry list or occurrence list is long enough to continue on pages of its own. */
export const isContinued = (o: ReportOrder, paging: ReportPaging): boolean =>
  o.answer.occurrences.length > paging.maxRows || o.docket.length > paging.maxRows;

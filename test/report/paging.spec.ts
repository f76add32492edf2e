// A report's pages stay bounded whatever the order: a long occurrence table or docket shows a
// bounded selection on the order's page and continues in full on pages of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { volumeOrderLines } from '../../bench/volume-order.js';
import { createEngine, type Engine } from '../../src/index.js';
import {
  boundedOccurrences,
  continuationPages,
  renderHtmlReport,
  type ReportInput,
  type ReportPaging,
} from '../../src/report/index.js';

const ATTENTION = new Set(['overdue', 'breached', 'unverified', 'due_soon', 'submitted']);
const AS_OF = '1928-03-20'; // the April reports are due soon

let engine: Engine;
let input: ReportInput;
beforeAll(async () => {
  engine = await createEngine({ store: 'memory' });
  await engine.importNdjson([...volumeOrderLines({ duties: 3, years: 3 })], { backfill: true });
  const when = { asOf: AS_OF };
  const [answer, timeline, docket, ledger] = await Promise.all([
    engine.status('volume', when),
    engine.timeline('volume', { to: AS_OF }),
    engine.docket('volume', when),
    engine.ledger('volume', when),
  ]);
  input = {
    title: 'Paging',
    asOf: AS_OF,
    generatedAt: '2026-12-03T00:00:00.000Z',
    orders: [{ answer, timeline, docket, ledger }],
  };
});
afterAll(() => engine.close());

const paging: ReportPaging = {
  maxRows: 20,
  href: (name) => `pages/${encodeURIComponent(name)}`,
  back: () => '../main.html',
};

/** The occurrence ids of a page's occurrence table, in order. */
const occurrenceIds = (html: string) =>
  [...html.matchAll(/<tr><td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]!);
/** The event ids of a page's docket rows, in order. */
const docketIds = (html: string) => [...html.matchAll(/ data-event="([^"]+)"/g)].map((m) => m[1]!);
const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);

describe('report paging', () => {
  it('shows every occurrence and docket entry on the page when both fit, and without paging', () => {
    const o = input.orders[0]!;
    const big = renderHtmlReport(input, { ...paging, maxRows: 100_000 });
    const plain = renderHtmlReport(input);
    expect(big).toBe(plain);
    expect(occurrenceIds(plain)).toEqual(o.answer.occurrences.map((x) => x.id));
    expect(docketIds(plain)).toEqual(o.docket.map((x) => x.eventId));
    expect([...continuationPages(input, { ...paging, maxRows: 100_000 })]).toEqual([]);
  });

  it("bounds the order's page: the occurrences needing attention first, then the latest due; the latest docket entries", () => {
    const o = input.orders[0]!;
    const all = o.answer.occurrences;
    expect(all.length).toBeGreaterThan(paging.maxRows);
    expect(o.docket.length).toBeGreaterThan(paging.maxRows);
    const attention = all.filter((x) => ATTENTION.has(x.status));
    expect(attention.length).toBeGreaterThan(0); // the selection rule is exercised
    const page = renderHtmlReport(input, paging);
    const shown = occurrenceIds(page);
    expect(shown).toHaveLength(paging.maxRows);
    expect(shown).toEqual(boundedOccurrences(all, paging.maxRows).map((x) => x.id));
    for (const a of attention) expect(shown).toContain(a.id);
    // The rest are the latest due of the others: none left out is due after one shown.
    const others = all.filter((x) => !ATTENTION.has(x.status));
    const shownOthers = others.filter((x) => shown.includes(x.id));
    const leftOut = others.filter((x) => !shown.includes(x.id));
    const earliestShown = shownOthers.map((x) => x.dueOn).sort()[0]!;
    for (const x of leftOut) expect(x.dueOn <= earliestShown).toBe(true);
    expect(docketIds(page)).toEqual(o.docket.slice(-paging.maxRows).map((x) => x.eventId));
  });

  it('continues each long table in full, in order, at most maxRows to a page, linked both ways', () => {
    const o = input.orders[0]!;
    const pages = [...continuationPages(input, paging)];
    const names = pages.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const of = (part: string) => pages.filter((p) => p.name.includes(`~${part}-`));
    const occ = of('occurrences');
    const dock = of('docket');
    expect(occ).toHaveLength(Math.ceil(o.answer.occurrences.length / paging.maxRows));
    expect(dock).toHaveLength(Math.ceil(o.docket.length / paging.maxRows));
    for (const p of [...occ, ...dock]) {
      expect(occurrenceIds(p.html).length + docketIds(p.html).length).toBeLessThanOrEqual(
        paging.maxRows,
      );
      expect(hrefs(p.html)).toContain('../main.html');
      expect(p.html).not.toMatch(/[\u0100-\uffff]/); // Latin-1: a one-byte string (see escapeHtml)
      // Every page links every other page of its table, by the names they are written under.
      for (const h of hrefs(p.html).filter((x) => x !== '../main.html'))
        expect(names).toContain(decodeURIComponent(h));
    }
    expect(occ.flatMap((p) => occurrenceIds(p.html))).toEqual(
      o.answer.occurrences.map((x) => x.id),
    );
    expect(dock.flatMap((p) => docketIds(p.html))).toEqual(o.docket.map((x) => x.eventId));
    // The order's page links every continuation page, and nothing else under pages/.
    const linked = hrefs(renderHtmlReport(input, paging))
      .filter((h) => h.startsWith('pages/'))
      .map((h) => decodeURIComponent(h.slice('pages/'.length)));
    expect(new Set(linked)).toEqual(new Set(names));
  });
});

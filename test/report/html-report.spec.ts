import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  chartData,
  chartLanes,
  escapeHtml,
  extractJsonScript,
  jsonForScript,
  ORDER_LANE_ID,
  renderHtmlReport,
  indexEntryOf,
  renderIndexPage,
  REPORT_DATA_ID,
} from '../../src/report/index.js';
import { formatMoney, ledgerTable } from '../../src/report/sections.js';
import { browserRequired, findChromium, NO_CHROMIUM, runChromium, startTags } from './chromium.js';
import { EVIL, expectedMarks, reportFixture } from './report-fixture.js';

const input = reportFixture();
const html = renderHtmlReport(input);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });

  it('keeps hostile user text from becoming markup anywhere in the page', () => {
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('<!--');
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
    expect(html).toContain(escapeHtml(EVIL));
  });

  it('escapes `<`, `>`, `&` and line separators in embedded JSON, which still parses to the same value', () => {
    const value = { s: `</script><!-- & \u2028\u2029 ${EVIL}` };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('links only http(s) sources; any other scheme stays text', () => {
    expect(html).toContain(
      '<a href="https://www.ftc.gov/legal-library/browse/cases-proceedings/2023062-twitter-inc-us-v" rel="noopener noreferrer">',
    );
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain(escapeHtml(`javascript:alert(1)//${EVIL}`));
  });
});

describe('embedded chart data', () => {
  it('round-trips: the page carries exactly chartData(input), hostile titles intact', () => {
    const embedded = extractJsonScript(html, REPORT_DATA_ID);
    expect(embedded).toEqual(chartData(input));
    expect(JSON.stringify(embedded)).toContain(
      JSON.stringify(`United States v. Twitter ${EVIL}`).slice(1, -1),
    );
  });

  it('puts the order lane first, closes every segment the day before the next, the last at the end', () => {
    const lanes = chartLanes(input.orders[0]!.timeline);
    expect(lanes[0]).toMatchObject({ id: ORDER_LANE_ID, kind: 'order' });
    expect(lanes.map((l) => l.id).slice(1)).toEqual([
      'civil-penalty/once',
      'infosec-program/once',
      'certification', // two occurrences folded into their obligation's lane
    ]);
    const folded = lanes.find((l) => l.id === 'certification')!;
    const timeline = input.orders[0]!.timeline;
    expect(folded).toMatchObject({ kind: 'obligation', occurrences: 2 });
    expect(folded.dues).toEqual(
      [
        ...new Set(
          ['certification/2023', 'certification/2024'].flatMap((id) =>
            timeline.occurrences[id]!.segments.flatMap((sg) =>
              sg.value.dueOn ? [sg.value.dueOn] : [],
            ),
          ),
        ),
      ].sort(),
    );
    // Contiguous from the timeline's start to its end, no two neighbours alike.
    expect(folded.segments[0]!.from).toBe(timeline.from);
    expect(folded.segments.at(-1)!.to).toBe(timeline.to);
    folded.segments.slice(1).forEach((sg, i) => {
      const prev = folded.segments[i]!;
      expect(Date.parse(sg.from) - Date.parse(prev.to)).toBe(86_400_000);
      expect(sg.status).not.toBe(prev.status);
    });
    const infosec = lanes.find((l) => l.id === 'infosec-program/once')!;
    expect(infosec.segments.map((s) => [s.from, s.to, s.status])).toEqual([
      ['2022-05-26', '2022-10-22', 'upcoming'],
      ['2022-10-23', '2022-11-22', 'due_soon'],
      ['2022-11-23', '2023-01-31', 'overdue'],
      ['2023-02-01', '2025-12-31', 'satisfied_late'],
    ]);
  });
});

describe('folded lanes', () => {
  it('hold, day by day, the most serious status of any occurrence of the obligation (a day-by-day oracle)', () => {
    const marks = chartData(input).orders.flatMap((o) =>
      o.lanes.flatMap((l) =>
        l.segments.map((sg) => `${o.orderId}|${l.id}|${sg.from}|${sg.status}`),
      ),
    );
    expect(marks.sort()).toEqual(expectedMarks(input));
  });
});

describe('page content', () => {
  it('references no external resource: no http(s) or protocol-relative src/href on resource tags, no CSS url()', () => {
    for (const tag of [
      'link',
      'script',
      'img',
      'iframe',
      'source',
      'video',
      'audio',
      'embed',
      'object',
      'image',
      'use',
    ]) {
      for (const attrs of startTags(html, tag)) {
        for (const name of ['src', 'href', 'xlink:href', 'data', 'srcset'])
          expect(attrs[name] ?? '', `${tag} ${name}`).not.toMatch(/^\s*(https?:)?\/\//i);
      }
    }
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/,
    );
  });

  it('shows each order status, statuses in words, days late, the ledger and struck-through retractions', () => {
    expect(html).toContain(
      '<span class="badge big s-non_compliant"><i aria-hidden="true"></i>non-compliant</span>',
    );
    expect(html).toContain(
      '<span class="badge big s-terminated"><i aria-hidden="true"></i>terminated</span>',
    );
    expect(html).toContain('<i aria-hidden="true"></i>satisfied late</span>');
    expect(html).toMatch(/<td class="num">204<\/td>/);
    expect(html).toContain('USD 150,000,000.00');
    expect(html).toMatch(
      /<tr class="retracted" data-event="e4">.*?<s class="summary">payment of USD 1\.00/,
    );
    expect(html).toContain(
      '<span class="tag" title="nominal 2024-06-24; breached on the date asked">moved</span>',
    );
  });

  it('says under the ledger why an order imposes nothing, once for all its currencies', () => {
    const note = 'order not entered by 2022-05-25: nothing imposed yet; what was paid is a credit';
    const line = (currency: string) => ({
      currency,
      imposedMinor: 0,
      paidMinor: 100,
      outstandingMinor: -100,
      because: [],
    });
    const page = ledgerTable([
      { ...line('EUR'), note },
      { ...line('USD'), note },
    ]);
    expect(page.split(`<p class="note">${note}</p>`)).toHaveLength(2);
    expect(ledgerTable([line('USD')])).not.toContain('class="note"');
  });

  it('formats money with the currency’s own decimals', () => {
    expect(formatMoney(15_000_000_000, 'USD')).toBe('USD 150,000,000.00');
    expect(formatMoney(1234, 'JPY')).toBe('JPY 1,234');
    expect(formatMoney(-50, 'EUR')).toBe('EUR -0.50');
  });
});

describe('in Chromium', () => {
  // The one test that may skip, and only where a browser is not required (CI installs Debian's).
  const chromium = findChromium();
  const skip = chromium === undefined && !browserRequired(process.env);
  if (skip) console.log(`html report in Chromium: skipped: ${NO_CHROMIUM}`);
  it.skipIf(skip)(
    'draws one rect.mark per timeline segment with its status, and screenshots the page',
    async () => {
      if (chromium === undefined) expect.fail(NO_CHROMIUM);
      const dir = await mkdtemp(join(tmpdir(), 'decree-report-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      const page = join(dir, 'report.html');
      await writeFile(page, html, 'utf8');

      const dom = await runChromium(chromium, ['--dump-dom', pathToFileURL(page).href]);
      expect(dom).toContain('data-chart-drawn="true"');
      expect(dom).not.toMatch(/<img/i);
      // Written as character references (the page is Latin-1), read as the characters they name.
      expect(dom).toContain('▲ due date · │ as of');
      const marks = startTags(dom, 'rect').filter((a) =>
        (a['class'] ?? '').split(/\s+/).includes('mark'),
      );
      const expected = expectedMarks(input);
      expect(marks).toHaveLength(expected.length);
      expect(
        marks
          .map(
            (a) =>
              `${a['data-order']}|${a['data-occurrence']}|${a['data-from']}|${a['data-status']}`,
          )
          .sort(),
      ).toEqual(expected);

      const artifacts = join(repoRoot, 'test-artifacts');
      await mkdir(artifacts, { recursive: true });
      const png = join(artifacts, 'report.png');
      await writeFile(png, '');
      await runChromium(chromium, [
        `--screenshot=${png}`,
        '--window-size=1400,1000',
        pathToFileURL(page).href,
      ]);
      const bytes = await readFile(png);
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect((await stat(png)).size).toBeGreaterThan(20_000);
    },
  );

  it.skipIf(skip)(
    'renders the index page of a split report: a row and a link per order',
    async () => {
      if (chromium === undefined) expect.fail(NO_CHROMIUM);
      const dir = await mkdtemp(join(tmpdir(), 'decree-index-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      const page = join(dir, 'index.html');
      const entries = input.orders.map((o, i) => indexEntryOf(o.answer, `orders/${i}.html`));
      await writeFile(page, renderIndexPage({ ...input, entries }), 'utf8');
      const dom = await runChromium(chromium, ['--dump-dom', pathToFileURL(page).href]);
      const links = startTags(dom, 'a').map((a) => a['href'] ?? '');
      expect(links.filter((l) => l.startsWith('orders/')).sort()).toEqual(
        entries.map((e) => e.href).sort(),
      );
      expect(entries.length).toBeGreaterThan(1);
    },
  );
});

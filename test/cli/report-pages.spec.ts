// A report of many orders: an index page and one page per order, written one order at a time,
// with progress on a terminal, on worker threads when there are enough orders (page for page what
// the calling thread writes); a report of a few orders stays one page; a long order's tables
// continue on pages of their own.
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import {
  MAX_TABLE_ROWS,
  ONE_PAGE_MAX_ORDERS,
  writeOrderPage,
  type OrderPage,
  type OrderPageJob,
} from '../../src/cli/commands/report.js';
import {
  pagesOnThreads,
  reportThreads,
  THREADED_REPORT_MIN_ORDERS,
} from '../../src/cli/report-threads.js';
import { defaultThreads } from '../../src/engine/workers.js';
import { createEngine } from '../../src/index.js';
import { volumeOrderLines } from '../../bench/volume-order.js';
import { argv, memoryIo } from './support/io.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-report-pages-'));
const store = join(dir, 'many.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORDERS = ONE_PAGE_MAX_ORDERS + 5;
// Order ids that need care in a file name or a link.
const ids = Array.from(
  { length: ORDERS },
  (_, i) => `order-${String(i).padStart(3, '0')}${i === 3 ? '-a.b_c' : ''}`,
);
const court = { role: 'court', name: 'D.D.C.' };
const line = (orderId: string, type: string, data: unknown, effectiveOn: string) =>
  JSON.stringify({
    stream: `order-${orderId}`,
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { effectiveOn, actor: court },
  });

/** The three lines of an order: filed, entered, and an annual report imposed. */
const orderLines = (id: string, i: number): string[] => [
  line(
    id,
    'OrderFiled',
    { orderId: id, title: `Order <${i}> & co`, kind: 'consent_decree', forum: 'D.D.C.' },
    '2020-01-02',
  ),
  line(id, 'OrderEntered', { termEndsOn: '2040-01-01' }, '2020-01-03'),
  line(
    id,
    'ObligationImposed',
    {
      obligationId: 'report',
      title: 'Annual report',
      kind: 'report',
      schedule: { kind: 'recurring', every: { years: 1 }, start: { afterEntry: { years: 1 } } },
    },
    '2020-01-03',
  ),
];

/** A store of the orders `ids` names, imported from NDJSON through the CLI. */
const storeOf = async (name: string, orderIds: readonly string[]): Promise<string> => {
  writeFileSync(join(dir, `${name}.ndjson`), `${orderIds.flatMap(orderLines).join('\n')}\n`);
  const io = memoryIo({ cwd: dir });
  const path = join(dir, `${name}.db`);
  expect(await main(argv('import', `${name}.ndjson`, '--store', path), { io })).toBe(0);
  return path;
};

beforeAll(async () => {
  await storeOf('many', ids);
});

describe('decree report of many orders', () => {
  it('writes an index linking one page per order, with progress, each page holding its order', async () => {
    const io = memoryIo({ cwd: dir, tty: true });
    Object.assign(io.stderr, { isTTY: true, columns: 80 });
    expect(
      await main(argv('report', '--html', 'all.html', '--store', store, '--as-of', '2022-06-01'), {
        io,
      }),
    ).toBe(0);
    expect(io.stdout.text).toBe(
      `wrote all.html (${ORDERS} orders: an index, and one page per order in all-orders/)\n`,
    );
    expect(io.stderr.text).toMatch(new RegExp(`report \\[.*\\] ${ORDERS}/${ORDERS} orders`));
    const index = readFileSync(join(dir, 'all.html'), 'utf8');
    const links = [...index.matchAll(/<a href="([^"]+)"><code>([^<]+)<\/code><\/a>/g)].map((m) => [
      decodeURIComponent(m[1]!),
      m[2]!,
    ]);
    expect(links.map(([, id]) => id).sort()).toEqual([...ids].sort());
    expect(readdirSync(join(dir, 'all-orders'))).toHaveLength(ORDERS);
    for (const [href, id] of links) {
      const page = readFileSync(join(dir, href!), 'utf8');
      expect(page).toContain(`Order <code>${id}</code>`);
      expect(page).not.toMatch(/Order <\d+> & co/); // titles escaped, not markup
    }
    expect(index).toContain('Order &#60;3&#62; &#38; co'); // titles escaped
  });

  it('writes the pages of enough orders on worker threads, each as the calling thread writes it', async () => {
    const manyIds = Array.from({ length: THREADED_REPORT_MIN_ORDERS }, (_, i) => `t-${i}`);
    const path = await storeOf('threads', manyIds);
    const io = memoryIo({ cwd: dir });
    const as = ['--store', path, '--as-of', '2022-06-01', '--format', 'json'];
    expect(await main(argv('report', '--html', 'threads.html', ...as), { io })).toBe(0);
    expect(JSON.parse(io.stdout.text).data).toMatchObject({ orders: manyIds.length, index: true });
    const engine = await createEngine({ store: `sqlite:${path}` });
    const index = readFileSync(join(dir, 'threads.html'), 'utf8');
    const listed = [...index.matchAll(/<a href="[^"]+"><code>([^<]+)<\/code><\/a>/g)].map(
      (m) => m[1],
    );
    expect(listed).toEqual(await engine.orders()); // in the store's order, whichever thread wrote each

    // The same pages straight from the thread machinery (all by workers), and from the calling thread.
    const heading = { title: 'T', asOf: '2022-06-01', generatedAt: '2023-01-02T03:04:05.000Z' };
    const job = (folder: string): OrderPageJob => ({
      when: { asOf: '2022-06-01' },
      every: true,
      folder: join(dir, folder),
      heading,
    });
    for (const f of ['by-workers', 'by-caller']) mkdirSync(join(dir, f));
    const byWorkers = new Map<number, OrderPage>();
    const ok = await pagesOnThreads(
      { ...job('by-workers'), spec: `sqlite:${path}`, ids: manyIds },
      2,
      (i, page) => byWorkers.set(i, page),
    );
    expect(ok).toBe(true);
    expect(byWorkers.size).toBe(manyIds.length);
    for (const [i, id] of manyIds.entries()) {
      const mine = await writeOrderPage(engine, id, job('by-caller'));
      const theirs = byWorkers.get(i)!;
      expect(theirs.entry?.orderId).toBe(id);
      expect({ ...theirs, entry: { ...theirs.entry, href: '' } }).toEqual({
        ...mine,
        entry: { ...mine.entry, href: '' },
      }); // the index links into each one's own folder
      const page = `${encodeURIComponent(id)}.html`;
      expect(readFileSync(join(dir, 'by-workers', page), 'utf8')).toBe(
        readFileSync(join(dir, 'by-caller', page), 'utf8'),
      );
    }
    await engine.close();
  });

  it('uses worker threads for a SQLite file it may write with enough orders, and no other', async () => {
    const engine = await createEngine({ store: `sqlite:${store}` });
    const file = { spec: `sqlite:${store}`, sqlitePath: store };
    expect(reportThreads(engine, file, THREADED_REPORT_MIN_ORDERS)).toBe(defaultThreads());
    expect(reportThreads(engine, file, THREADED_REPORT_MIN_ORDERS - 1)).toBe(0);
    await engine.close();
    const memory = await createEngine({ store: 'memory' });
    expect(reportThreads(memory, { spec: 'memory' }, THREADED_REPORT_MIN_ORDERS)).toBe(0);
    await memory.close();
  });

  it('leaves the pages to the calling thread when a worker fails', async () => {
    writeFileSync(join(dir, 'not-a-store.db'), 'not a database');
    const pages: number[] = [];
    const ok = await pagesOnThreads(
      {
        when: { asOf: '2022-06-01' },
        every: true,
        folder: dir,
        heading: { title: 'T', asOf: '2022-06-01', generatedAt: '2023-01-02T03:04:05.000Z' },
        spec: `sqlite:${join(dir, 'not-a-store.db')}`,
        ids,
      },
      2,
      (i) => pages.push(i),
    );
    expect(ok).toBe(false);
    expect(pages).toEqual([]);
  });

  it('stays one page for one order, and JSON says where it wrote', async () => {
    const io = memoryIo({ cwd: dir });
    expect(
      await main(
        argv(
          'report',
          '--html',
          'one.html',
          '--order',
          ids[3]!,
          '--store',
          store,
          '--format',
          'json',
        ),
        { io },
      ),
    ).toBe(0);
    expect(JSON.parse(io.stdout.text).data).toEqual({ file: 'one.html', orders: 1 });
    expect(existsSync(join(dir, 'one-orders'))).toBe(false);
  });
});

describe('decree report of one long order', () => {
  const long = join(dir, 'long.db');
  // 2 monthly reports over 45 years: about 1,080 occurrences and 2,160 docket entries, both over the bound.
  const spec = { duties: 2, years: 45 };

  beforeAll(async () => {
    writeFileSync(join(dir, 'long.ndjson'), `${[...volumeOrderLines(spec)].join('\n')}\n`);
    const io = memoryIo({ cwd: dir });
    expect(await main(argv('import', 'long.ndjson', '--backfill', '--store', long), { io })).toBe(
      0,
    );
  });

  it('keeps the page bounded and continues the long tables in full on pages linked both ways', async () => {
    const io = memoryIo({ cwd: dir });
    const as = ['--order', 'volume', '--store', long, '--as-of', '1975-06-01'];
    expect(
      await main(argv('report', '--html', 'long.html', ...as, '--format', 'json'), { io }),
    ).toBe(0);
    const data = JSON.parse(io.stdout.text).data as { pages: string; continued: number };
    expect(data).toMatchObject({ file: 'long.html', orders: 1, pages: 'long-orders' });
    const written = readdirSync(join(dir, 'long-orders'));
    expect(written).toHaveLength(data.continued);
    const main1 = readFileSync(join(dir, 'long.html'), 'utf8');
    const rows = (html: string) => html.match(/<tr[ >]/g)?.length ?? 0;
    expect(rows(main1)).toBeLessThanOrEqual(2 * MAX_TABLE_ROWS + 10); // two bounded tables and the ledger
    const links = [...main1.matchAll(/<a href="(long-orders\/[^"]+)"/g)].map((m) =>
      decodeURIComponent(m[1]!),
    );
    expect(new Set(links).size).toBe(written.length);
    for (const link of links) expect(existsSync(join(dir, link))).toBe(true);
    let occurrences = 0;
    for (const name of written) {
      const page = readFileSync(join(dir, 'long-orders', name), 'utf8');
      expect(rows(page) - 1).toBeLessThanOrEqual(MAX_TABLE_ROWS); // a header row and the slice
      expect(page).toContain('<a href="../long.html">Back to the order</a>');
      occurrences += page.match(/<tr><td><code>/g)?.length ?? 0;
    }
    // Every occurrence is on some continuation page, once.
    const status = memoryIo({ cwd: dir });
    await main(argv('status', ...as, '--format', 'json'), { io: status }); // exit 1: not compliant
    const answer = JSON.parse(status.stdout.text).data as { orders: { occurrences: unknown[] }[] };
    expect(occurrences).toBe(answer.orders[0]!.occurrences.length);

    const text = memoryIo({ cwd: dir });
    expect(await main(argv('report', '--html', 'long.html', ...as), { io: text })).toBe(0);
    expect(text.stdout.text).toBe(
      `wrote long.html (1 order)\nlong tables continue in full, ${MAX_TABLE_ROWS} rows to a page, on ${data.continued} pages in long-orders/\n`,
    );
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { isDecreeError } from '../../../domain/shared/errors.js';
import type { Command } from 'commander';
import type { Engine } from '../../engine/engine.types.js';
import {
  continuationPages,
  indexEntryOf,
  isContinued,
  renderHtmlReport,
  renderIndexPage,
  type IndexEntry,
  type ReportInput,
  type ReportOrder,
  type ReportPaging,
} from '../../report/index.js';
import type { ResolvedStore } from '../args.js';
import { createProgress } from '../progress.js';
import { pagesOnThreads, reportThreads } from '../report-threads.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import type { Done } from './queries.js';
import {
  emit,
  ordersOf,
  storeOf,
  whenOf,
  withBaseFlags,
  withEngine,
  withExamples,
  withOrderFlag,
  withTimeFlags,
  type SharedFlags,
} from './shared.js';

interface ReportFlags extends SharedFlags {
  readonly html: string;
  readonly title: string;
}

/** `report --format json` data: `{ file, orders, pages }`: the HTML file written, how many orders it shows, and the folder of per-order and continuation pages when there are any. */
export interface ReportData {
  readonly file: string;
  readonly orders: number;
  /** The folder of the other pages, when there are any. */
  readonly pages?: string;
  /** Whether `file` is an index, with one page per order in `pages`. */
  readonly index?: true;
  /** How many continuation pages of long occurrence tables and dockets were written in `pages`. */
  readonly continued?: number;
}

/** Decoded read models the report keeps: it reads each order (its four answers) and moves on. */
export const REPORT_MODEL_CACHE = 16;

/** Above this many orders the report is an index page plus one page per order, written one at a time. */
export const ONE_PAGE_MAX_ORDERS = 20;

/** The folder of per-order pages beside the index page: `report.html` → `report-orders/`. */
export const pagesFolderOf = (file: string): string => `${file.replace(/\.html?$/i, '')}-orders`;

/** A file name for an order's page that any file system takes, and that differs for different ids. */
const pageName = (orderId: string): string => `${encodeURIComponent(orderId)}.html`;

/**
 * The most rows an order's occurrence table or docket shows on its page; a longer one is
 * continued in full, this many to a page, on pages of their own in the pages folder.
 */
export const MAX_TABLE_ROWS = 1_000;

/** Writes the continuation pages of the orders of one page into `folder`, one at a time; how many. */
const writeContinuations = async (
  folder: string,
  input: ReportInput,
  paging: ReportPaging,
): Promise<number> => {
  if (!input.orders.some((o) => isContinued(o, paging))) return 0;
  await mkdir(folder, { recursive: true });
  let n = 0;
  for (const page of continuationPages(input, paging)) {
    await writeFile(join(folder, page.name), page.html, 'utf8');
    n += 1;
  }
  return n;
};

const reportOrder = async (
  engine: Engine,
  orderId: string,
  when: { asOf: string; knownAt?: string },
): Promise<ReportOrder> => {
  const [answer, timeline, docket, ledger] = await Promise.all([
    engine.status(orderId, when),
    engine.timeline(orderId, {
      to: when.asOf,
      ...(when.knownAt !== undefined ? { knownAt: when.knownAt } : {}),
    }),
    engine.docket(orderId, when),
    engine.ledger(orderId, when),
  ]);
  return { answer, timeline, docket, ledger };
};

/** What every page of a report states besides its orders: title, dates and when it was generated (once for the whole report). */
export interface ReportHeading {
  readonly title: string;
  readonly asOf: string;
  readonly knownAt?: string;
  readonly generatedAt: string;
}

const htmlInput = (
  ctx: CliContext,
  flags: ReportFlags,
  when: { asOf: string; knownAt?: string },
): ReportHeading => ({
  title: flags.title,
  asOf: when.asOf,
  ...(when.knownAt !== undefined ? { knownAt: when.knownAt } : {}),
  generatedAt: ctx.io.now().toISOString(),
});

/** An order's report, or undefined for an order not yet known at `--known-at` when every order is asked for. */
const reportKnown = async (
  engine: Engine,
  id: string,
  when: { asOf: string; knownAt?: string },
  every: boolean,
): Promise<ReportOrder | undefined> => {
  try {
    return await reportOrder(engine, id, when);
  } catch (e) {
    if (every && isDecreeError(e) && e.code === 'ORDER_NOT_FOUND') return undefined;
    throw e;
  }
};

/** How an order's page of an index report and its continuation pages link to each other (all in the pages folder). */
const INDEX_PAGING: ReportPaging = {
  maxRows: MAX_TABLE_ROWS,
  href: (name) => encodeURIComponent(name),
  back: (orderId) => encodeURIComponent(pageName(orderId)),
};

/** One order of an index report: what it needs besides the order. */
export interface OrderPageJob {
  readonly when: { readonly asOf: string; readonly knownAt?: string };
  /** Whether every order is asked for (an order not yet known at `knownAt` is then left out, not an error). */
  readonly every: boolean;
  /** The pages folder. */
  readonly folder: string;
  readonly heading: ReportHeading;
}

/** What writing an order's pages gave: its index entry (none for an order left out) and how many continuation pages it wrote. */
export interface OrderPage {
  readonly entry?: IndexEntry;
  readonly continued: number;
}

/** Reads, renders and writes one order's page of an index report, and its continuation pages. */
export const writeOrderPage = async (
  engine: Engine,
  id: string,
  job: OrderPageJob,
): Promise<OrderPage> => {
  const order = await reportKnown(engine, id, job.when, job.every);
  if (order === undefined) return { continued: 0 };
  const name = pageName(id);
  const input = { ...job.heading, orders: [order] };
  await writeFile(join(job.folder, name), renderHtmlReport(input, INDEX_PAGING), 'utf8');
  return {
    entry: indexEntryOf(order.answer, `${basename(job.folder)}/${encodeURIComponent(name)}`),
    continued: await writeContinuations(job.folder, input, INDEX_PAGING),
  };
};

/**
 * Writes the report: one page for a few orders; for more, an index page plus one page per order in
 * a folder beside it, each order read, rendered and written before the next (memory stays that of
 * one order on each thread: worker threads write the order pages when `reportThreads` says so),
 * with a progress bar on a terminal.
 */
const writeReport = async (
  ctx: CliContext,
  flags: ReportFlags,
  when: { asOf: string; knownAt?: string },
  engine: Engine,
  store: ResolvedStore,
): Promise<ReportData> => {
  const ids = await ordersOf(engine, flags.order);
  const every = flags.order === undefined;
  const file = resolve(ctx.io.cwd, flags.html);
  const folder = pagesFolderOf(file);
  if (ids.length <= ONE_PAGE_MAX_ORDERS) {
    const orders: ReportOrder[] = [];
    for (const id of ids) {
      const order = await reportKnown(engine, id, when, every);
      if (order !== undefined) orders.push(order);
    }
    const input = { ...htmlInput(ctx, flags, when), orders };
    // Continuation pages sit in the pages folder; they link back to this page.
    const paging: ReportPaging = {
      maxRows: MAX_TABLE_ROWS,
      href: (name) => `${encodeURIComponent(basename(folder))}/${encodeURIComponent(name)}`,
      back: () => `../${encodeURIComponent(basename(file))}`,
    };
    await writeFile(file, renderHtmlReport(input, paging), 'utf8');
    const continued = await writeContinuations(folder, input, paging);
    return {
      file: flags.html,
      orders: orders.length,
      ...(continued > 0
        ? { pages: relative(ctx.io.cwd, folder) || basename(folder), continued }
        : {}),
    };
  }
  await mkdir(folder, { recursive: true });
  const heading = htmlInput(ctx, flags, when);
  const job: OrderPageJob = { when, every, folder, heading };
  const progress = createProgress(ctx.io, 'report', 'orders', ids.length);
  const pages: (OrderPage | undefined)[] = new Array<OrderPage | undefined>(ids.length);
  let written = 0;
  const done = (i: number, page: OrderPage) => {
    pages[i] = page;
    progress.update(++written);
  };
  try {
    const threads = reportThreads(engine, store, ids.length);
    if (threads > 0) await pagesOnThreads({ ...job, spec: store.spec, ids }, threads, done);
    // On the calling thread: every page, or those a failed worker left (where an error is raised as itself).
    for (const [i, id] of ids.entries())
      if (pages[i] === undefined) done(i, await writeOrderPage(engine, id, job));
  } finally {
    progress.stop();
  }
  const entries = pages.flatMap((p) => (p?.entry ? [p.entry] : []));
  const continued = pages.reduce((n, p) => n + (p?.continued ?? 0), 0);
  await writeFile(file, renderIndexPage({ ...heading, entries }), 'utf8');
  return {
    file: flags.html,
    orders: entries.length,
    pages: relative(ctx.io.cwd, folder) || basename(folder),
    index: true,
    ...(continued > 0 ? { continued } : {}),
  };
};

/** `decree report --html <file>`: one self-contained HTML page with status charts and dockets. */
export const registerReport = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('report')
    .description(
      'write a self-contained HTML report: status over time (chart), ledger and docket of each order',
    )
    .requiredOption(
      '--html <file>',
      `the HTML file to write; above ${ONE_PAGE_MAX_ORDERS} orders it is an index, with one page per order in <file>-orders/`,
    )
    .option('--title <text>', 'the report title', 'Decree compliance report');
  withExamples(withOrderFlag(withTimeFlags(withBaseFlags(cmd))), [
    'decree report --html report.html',
    'decree report --html ftc.html --order ftc-c4316 --as-of 2023-01-01',
  ]).action(async (flags: ReportFlags) => {
    const when = whenOf(ctx, flags);
    // Each order is read once and left: a few decoded models kept, so memory stays flat over any number of orders.
    const store = storeOf(ctx, flags, true);
    const data = await withEngine(
      ctx,
      store,
      (engine) => writeReport(ctx, flags, when, engine, store),
      { modelCache: REPORT_MODEL_CACHE },
    );
    await emit(ctx, flags, 'report', when, data, (d: ReportData) => [
      `wrote ${d.file} (${d.orders} order${d.orders === 1 ? '' : 's'}${d.index === true ? `: an index, and one page per order in ${d.pages}/` : ''})`,
      ...(d.continued === undefined
        ? []
        : [
            `long tables continue in full, ${MAX_TABLE_ROWS} rows to a page, on ${d.continued} page${d.continued === 1 ? '' : 's'} in ${d.pages}/`,
          ]),
    ]);
    done(EXIT.ok);
  });
};

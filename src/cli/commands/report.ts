import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { isDecreeError } from '../../../domain/shared/errors.js';
import type { Command } from 'commander';
import type { Engine } from '../../engine/engine.types.js';
import {
  renderHtmlReport,
  renderIndexPage,
  type IndexEntry,
  type ReportOrder,
} from '../../report/index.js';
import { createProgress } from '../progress.js';
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

/** `report --format json` data: `{ file, orders, pages }`: the HTML file written, how many orders it shows, and the folder of per-order pages when the report was split. */
export interface ReportData {
  readonly file: string;
  readonly orders: number;
  readonly pages?: string;
}

/** Above this many orders the report is an index page plus one page per order, written one at a time. */
export const ONE_PAGE_MAX_ORDERS = 20;

/** The folder of per-order pages beside the index page: `report.html` → `report-orders/`. */
export const pagesFolderOf = (file: string): string => `${file.replace(/\.html?$/i, '')}-orders`;

/** A file name for an order's page that any file system takes, and that differs for different ids. */
const pageName = (orderId: string): string => `${encodeURIComponent(orderId)}.html`;

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

const htmlInput = (
  ctx: CliContext,
  flags: ReportFlags,
  when: { asOf: string; knownAt?: string },
) => ({
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

/**
 * Writes the report: one page for a few orders; for more, an index page plus one page per order in
 * a folder beside it, each order read, rendered and written before the next (memory stays that of
 * one order), with a progress bar on a terminal.
 */
const writeReport = async (
  ctx: CliContext,
  flags: ReportFlags,
  when: { asOf: string; knownAt?: string },
  engine: Engine,
): Promise<ReportData> => {
  const ids = await ordersOf(engine, flags.order);
  const every = flags.order === undefined;
  const file = resolve(ctx.io.cwd, flags.html);
  if (ids.length <= ONE_PAGE_MAX_ORDERS) {
    const orders: ReportOrder[] = [];
    for (const id of ids) {
      const order = await reportKnown(engine, id, when, every);
      if (order !== undefined) orders.push(order);
    }
    await writeFile(file, renderHtmlReport({ ...htmlInput(ctx, flags, when), orders }), 'utf8');
    return { file: flags.html, orders: orders.length };
  }
  const folder = pagesFolderOf(file);
  await mkdir(folder, { recursive: true });
  const progress = createProgress(ctx.io, 'report', 'orders', ids.length);
  const entries: IndexEntry[] = [];
  try {
    for (const [i, id] of ids.entries()) {
      const order = await reportKnown(engine, id, when, every);
      progress.update(i + 1);
      if (order === undefined) continue;
      const name = pageName(id);
      await writeFile(
        join(folder, name),
        renderHtmlReport({ ...htmlInput(ctx, flags, when), orders: [order] }),
        'utf8',
      );
      entries.push({
        answer: order.answer,
        href: `${basename(folder)}/${encodeURIComponent(name)}`,
      });
      progress.update(i + 1);
    }
  } finally {
    progress.stop();
  }
  await writeFile(file, renderIndexPage({ ...htmlInput(ctx, flags, when), entries }), 'utf8');
  return {
    file: flags.html,
    orders: entries.length,
    pages: relative(ctx.io.cwd, folder) || basename(folder),
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
    const data = await withEngine(ctx, storeOf(ctx, flags, true), (engine) =>
      writeReport(ctx, flags, when, engine),
    );
    await emit(ctx, flags, 'report', when, data, (d: ReportData) => [
      `wrote ${d.file} (${d.orders} order${d.orders === 1 ? '' : 's'}${d.pages === undefined ? '' : `: an index, and one page per order in ${d.pages}/`})`,
    ]);
    done(EXIT.ok);
  });
};

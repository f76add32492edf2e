import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Engine } from '../../engine/engine.types.js';
import { renderHtmlReport, type ReportInput, type ReportOrder } from '../../report/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import type { Done } from './queries.js';
import {
  eachOrder,
  emit,
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

/** `report --format json` data: `{ file, orders }`: the HTML file written and how many orders it shows. */
export interface ReportData {
  readonly file: string;
  readonly orders: number;
}

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

/** `decree report --html <file>`: one self-contained HTML page with status charts and dockets. */
export const registerReport = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('report')
    .description(
      'write a self-contained HTML report: status over time (chart), ledger and docket of each order',
    )
    .requiredOption('--html <file>', 'the HTML file to write')
    .option('--title <text>', 'the report title', 'Decree compliance report');
  withExamples(withOrderFlag(withTimeFlags(withBaseFlags(cmd))), [
    'decree report --html report.html',
    'decree report --html ftc.html --order ftc-c4316 --as-of 2023-01-01',
  ]).action(async (flags: ReportFlags) => {
    const when = whenOf(ctx, flags);
    const orders = await withEngine(ctx, storeOf(ctx, flags, true), (engine) =>
      eachOrder(engine, flags.order, (id) => reportOrder(engine, id, when)),
    );
    const input: ReportInput = {
      title: flags.title,
      asOf: when.asOf,
      ...(when.knownAt !== undefined ? { knownAt: when.knownAt } : {}),
      generatedAt: ctx.io.now().toISOString(),
      orders,
    };
    await writeFile(resolve(ctx.io.cwd, flags.html), renderHtmlReport(input), 'utf8');
    await emit(
      ctx,
      flags,
      'report',
      when,
      { file: flags.html, orders: orders.length },
      (d: ReportData) => [`wrote ${d.file} (${d.orders} order${d.orders === 1 ? '' : 's'})`],
    );
    done(EXIT.ok);
  });
};

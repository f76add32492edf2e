// The `report` row: `decree report` of every order of the history store (an index page plus one
// page per order, written one order at a time), in a child process of its own for its time and
// peak RSS, against `decree status` of every order in another child, measured alternately.
import { fileURLToPath } from 'node:url';
import { figure, inChild, median, type RowResult } from './harness.js';
import type { RowContext } from './rows.js';
import type { Workload } from './workload.js';

const child = fileURLToPath(new URL('./report-child.ts', import.meta.url));
const AS_OF = '2026-12-01';

interface ChildResult {
  readonly ms: number;
  readonly pages: number;
  readonly maxRssMB: number;
}

/** Times the report of every order and its peak RSS, against `status` of every order. */
export const reportRow = async (w: Workload, db: string, ctx: RowContext): Promise<RowResult> => {
  const report: ChildResult[] = [];
  const status: ChildResult[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    status.push(await inChild<ChildResult>(child, [db, 'status', AS_OF], 'status'));
    report.push(await inChild<ChildResult>(child, [db, 'report', AS_OF], 'report'));
  }
  const peak = Math.max(...report.map((r) => r.maxRssMB));
  const ms = report.map((r) => r.ms / 1000);
  ctx.log(
    `report: ${report[0]!.pages} order pages in ${median(ms).toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB`,
  );
  return {
    name: 'report: every order (index plus a page per order)',
    size: `${w.orders.length.toLocaleString('en-US')} orders`,
    decree: figure(ms, 's'),
    baseline: figure(
      status.map((r) => r.ms / 1000),
      's',
    ),
    ratioDefinition: '`decree status` of every order / `decree report` of every order',
    ratio: median(status.map((r) => r.ms)) / median(report.map((r) => r.ms)),
    target: 'peak RSS < 500 MB',
    met: ctx.smoke ? undefined : peak < 500,
    extra: {
      'peak RSS MB': Math.round(peak),
      'status peak RSS MB': Math.round(Math.max(...status.map((r) => r.maxRssMB))),
    },
    notes: [
      'each run in a child process of its own; peak RSS is process.resourceUsage().maxRSS of the report child',
      ...(ctx.scaleNote ? [ctx.scaleNote] : []),
    ],
  };
};

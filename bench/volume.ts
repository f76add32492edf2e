// The `volume` rows: the CLI's `timeline` and `report` of one order with about 100,000 events (42
// monthly reports over a century), each in a fresh process, against `status` of the same order
// measured alternately in the same run (reading the order and answering one date: what every
// command of that order pays before its own work). Target: each under 10 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, median, type RowResult } from './harness.js';
import type { RowContext } from './rows.js';
import { CENTURY_OF_MONTHLY_REPORTS, volumeOrderLines } from './volume-order.js';

const AS_OF = '2026-12-01';

/** Runs the CLI; exit 1 is `status` finding the order in default (some reports are never filed), anything else but 0 fails the bench. */
const timed = (root: string, args: readonly string[]): number => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'decree.js'), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`decree ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
};

/** Imports the volume order into a scratch store, then times `timeline` and `report` against `status`, alternately. */
export const volumeRows = (root: string, ctx: RowContext): RowResult[] => {
  const spec = ctx.smoke ? { duties: 2, years: 10 } : CENTURY_OF_MONTHLY_REPORTS;
  const dir = mkdtempSync(join(tmpdir(), 'decree-volume-'));
  try {
    const file = join(dir, 'volume.ndjson');
    const lines = [...volumeOrderLines(spec)];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const store = join(dir, 'volume.db');
    const importMs = timed(root, ['import', file, '--backfill', '--store', store]);
    ctx.log(`volume: ${lines.length} events imported in ${(importMs / 1000).toFixed(1)} s`);
    const query = ['--order', 'volume', '--as-of', AS_OF, '--store', store];
    const status: number[] = [];
    const timeline: number[] = [];
    const report: number[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      status.push(timed(root, ['status', ...query]));
      timeline.push(timed(root, ['timeline', ...query]));
      report.push(timed(root, ['report', ...query, '--html', join(dir, 'report.html')]));
    }
    ctx.log(
      `volume: status ${median(status).toFixed(0)} ms, timeline ${median(timeline).toFixed(0)} ms, report ${median(report).toFixed(0)} ms`,
    );
    const size = `one order, ${lines.length.toLocaleString('en-US')} events (${spec.duties} monthly reports over ${spec.years} years)`;
    const row = (name: string, runs: number[]): RowResult => ({
      name,
      size,
      decree: figure(
        runs.map((ms) => ms / 1000),
        's',
      ),
      baseline: figure(
        status.map((ms) => ms / 1000),
        's',
      ),
      ratioDefinition: '`decree status` of the order (read it, answer one date) / this command',
      ratio: median(status) / median(runs),
      target: 'under 10 s',
      met: ctx.smoke ? undefined : median(runs) < 10_000,
      ...(ctx.scaleNote ? { notes: [ctx.scaleNote] } : {}),
    });
    return [
      row('volume: `decree timeline` of one large order', timeline),
      row('volume: `decree report` of one large order', report),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

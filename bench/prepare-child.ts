// Child process of the benchmarks: generates the workload and builds the history store when they
// are not cached yet, so the process that measures never holds what building them allocates
// (about 2.5 GB at full size) and measures alike on a machine's first run and on later ones.
// Usage: prepare-child.ts <size> <history fraction> history|none; sends the seconds each took.
import { ensureHistoryDb } from './history.js';
import { ensureWorkload, ofFraction, SIZES } from './workload.js';

const [sizeName, fraction, history] = process.argv.slice(2);
const size = SIZES[sizeName as keyof typeof SIZES];
if (size === undefined || (history !== 'history' && history !== 'none'))
  throw new Error('usage: prepare-child.ts smoke|full <fraction> history|none');
const log = (m: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const t0 = performance.now();
const full = await ensureWorkload(size, log);
const generationSeconds = (performance.now() - t0) / 1000;
let historySeconds: number | undefined;
if (history === 'history') {
  const t1 = performance.now();
  await ensureHistoryDb(await ofFraction(full, Number(fraction)), log);
  historySeconds = (performance.now() - t1) / 1000;
}
process.send!({ generationSeconds, historySeconds });
process.disconnect();

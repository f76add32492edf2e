// Child process of the replay row, the baseline's side: the raw replay on the database given, then
// reports its time and the process's peak resident set size to the parent over IPC (Decree's side
// is replay-decree-child.mjs).
import { rawReplay } from './baselines.js';

const [dbPath] = process.argv.slice(2);
if (dbPath === undefined) throw new Error('usage: replay-child.ts <db>');
const t0 = performance.now();
const events = rawReplay(dbPath);
const ms = performance.now() - t0;
process.send!({ ms, events, maxRssMB: process.resourceUsage().maxRSS / 1024 });
process.disconnect();

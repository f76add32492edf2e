// Child process of the replay row: one replay (Decree or raw) on the database given, then reports
// its time (the replay alone, not the process start or opening the engine) and the process's peak
// resident set size to the parent over IPC.
import { createEngine } from '../src/engine/index.js';
import { rawReplay } from './baselines.js';
import { checkpoint } from './history.js';

const [dbPath, mode] = process.argv.slice(2);
if (dbPath === undefined || (mode !== 'decree' && mode !== 'raw'))
  throw new Error('usage: replay-child.ts <db> decree|raw');
let ms: number;
let events: number;
if (mode === 'decree') {
  const engine = await createEngine({ store: `sqlite:${dbPath}` });
  const t0 = performance.now();
  events = (await engine.replay()).events;
  ms = performance.now() - t0;
  checkpoint(engine.store);
  await engine.close();
} else {
  const t0 = performance.now();
  events = rawReplay(dbPath);
  ms = performance.now() - t0;
}
process.send!({ ms, events, maxRssMB: process.resourceUsage().maxRSS / 1024 });
process.disconnect();

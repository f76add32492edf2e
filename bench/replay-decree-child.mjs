// Child process of the replay row, Decree's side: `engine.replay()` of the compiled package (dist/,
// which `npm run bench` builds first) in a plain Node process, as `decree replay` runs: no
// TypeScript loader in it or in its fold workers. Reports the replay's time (not the process start
// or opening the engine) and the process's peak resident set size over IPC.
import { createEngine } from '../dist/src/engine/index.js';

const [dbPath] = process.argv.slice(2);
if (dbPath === undefined) throw new Error('usage: replay-decree-child.mjs <db>');
const engine = await createEngine({ store: `sqlite:${dbPath}` });
const t0 = performance.now();
const { events } = await engine.replay();
const ms = performance.now() - t0;
engine.store.db.pragma('wal_checkpoint(TRUNCATE)'); // one file again, to copy
await engine.close();
process.send({ ms, events, maxRssMB: process.resourceUsage().maxRSS / 1024 });
process.disconnect();

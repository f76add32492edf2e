// Child process of the import row, Decree's side: `engine.importNdjsonFile` of the compiled package
// (dist/, which `npm run bench` builds first) into a new SQLite file, in a plain Node process, as
// `decree import` runs. Reports the import's time (not the process start or opening the engine),
// what it appended, and the process's peak resident set size over IPC.
import { createEngine } from '../dist/src/engine/index.js';

const [ndjson, dbPath] = process.argv.slice(2);
if (ndjson === undefined || dbPath === undefined)
  throw new Error('usage: import-decree-child.mjs <ndjson> <db>');
const engine = await createEngine({ store: `sqlite:${dbPath}` });
const t0 = performance.now();
const report = await engine.importNdjsonFile(ndjson);
const ms = performance.now() - t0;
await engine.close();
process.send({
  ms,
  appended: report.appended,
  problems: report.problems.slice(0, 3),
  maxRssMB: process.resourceUsage().maxRSS / 1024,
});
process.disconnect();

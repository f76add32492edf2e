// Child process of the report row: `decree report` of every order of the database given (an index
// plus one page per order), or, as the baseline, `decree status` of every order; then reports its
// time and the process's peak resident set size to the parent over IPC.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/context.js';

const [dbPath, mode, asOf] = process.argv.slice(2);
if (dbPath === undefined || (mode !== 'report' && mode !== 'status') || asOf === undefined)
  throw new Error('usage: report-child.ts <db> report|status <asOf>');
const dir = mkdtempSync(join(tmpdir(), 'decree-report-row-'));
const sink = () =>
  new Writable({
    write: (_chunk, _encoding, callback) => {
      callback();
    },
  });
const io: CliIo = {
  stdout: sink(),
  stderr: sink(),
  stderrIsTTY: false,
  cwd: dir,
  today: () => asOf,
  now: () => new Date(),
};
const args =
  mode === 'report'
    ? ['report', '--html', 'index.html', '--store', dbPath, '--as-of', asOf]
    : ['status', '--store', dbPath, '--as-of', asOf, '--format', 'json'];
const t0 = performance.now();
const code = await main(['node', 'decree', ...args], { io });
const ms = performance.now() - t0;
const pages = mode === 'report' ? readdirSync(join(dir, 'index-orders')).length : 0;
rmSync(dir, { recursive: true, force: true });
if (code !== 0 && code !== 1) throw new Error(`decree ${mode} exited ${code}`);
process.send!({ ms, pages, maxRssMB: process.resourceUsage().maxRSS / 1024 });
process.disconnect();

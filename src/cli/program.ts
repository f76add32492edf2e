import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CliContext } from './context.js';
import { registerExport, registerReplay, registerVerify } from './commands/admin.js';
import { registerCalendar, registerChanges, registerDigest } from './commands/feed.js';
import { registerImport } from './commands/import.js';
import {
  registerDeadlines,
  registerStatus,
  registerTimeline,
  type Done,
} from './commands/queries.js';
import {
  registerDocket,
  registerExplain,
  registerExposure,
  registerLedger,
} from './commands/records.js';
import { registerReport } from './commands/report.js';
import { registerSchema } from './commands/schema.js';
import { registerKeygen, registerSeal } from './commands/seal.js';

const FOOTER = `
Examples:
  $ decree import --backfill examples/twitter-2022.ndjson
  $ decree status --as-of 2023-01-01
  $ decree deadlines --within 90d --format json

Stores: --store takes a .db path or sqlite:<path> (default ./decree.db), a postgres://
  connection string, or esdb://…
Exit codes: 0 ok, 1 status found an order in default (non_compliant, or ended with an item
  still overdue or breached; unverified is not a default), 2 usage or input error,
  3 integrity failure, 4 unexpected error (store unavailable, bug)`;

/** The package version, found by walking up from this module to Decree's package.json. */
export const packageVersion = (): string => {
  for (let url = new URL('./', import.meta.url); url.pathname !== '/'; url = new URL('../', url)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === '@decree-engine/decree' && pkg.version) return pkg.version;
    } catch {
      // keep walking up
    }
  }
  return '0.0.0';
};

/** Builds the `decree` program; `done` receives each command's exit code. Errors are thrown (exitOverride), never `process.exit`. */
export const buildProgram = (ctx: CliContext, done: Done): Command => {
  const program = new Command('decree')
    .description(
      'Decree: record and replay court and regulator settlement obligations, and ask what was due, met, late or breached',
    )
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, out) => out(`decree: ${s.replace(/^error: /, '').trimEnd()}\n`),
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
    })
    .addHelpText('after', FOOTER);
  for (const register of [
    registerImport,
    registerExport,
    registerReplay,
    registerStatus,
    registerTimeline,
    registerDeadlines,
    registerChanges,
    registerCalendar,
    registerDigest,
    registerExposure,
    registerLedger,
    registerDocket,
    registerExplain,
    registerVerify,
    registerSeal,
    registerKeygen,
    registerReport,
    registerSchema,
  ])
    register(program, ctx, done);
  return program;
};

import { Option, type Command } from 'commander';
import { parseCivilDate, parseDuration } from '../args.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import { deadlinesCsv, STATUS_CSV } from '../format/csv.js';
import { formatDeadlines } from '../format/deadlines.js';
import { inDefault, statusTable } from '../format/status.js';
import { timelineTable } from '../format/timeline.js';
import {
  argParser,
  eachOrderInTurn,
  emit,
  emitEach,
  storeOf,
  whenOf,
  withBaseFlags,
  withEngine,
  withExamples,
  withOrderFlag,
  withTimeFlags,
  type OutputFormat,
  type SharedFlags,
} from './shared.js';

/** The formats of a listing command: a table, the JSON envelope, or CSV rows. */
export const LISTING: readonly OutputFormat[] = ['table', 'json', 'csv'];

/** Sets the process's exit code once a command has finished. */
export type Done = (code: number) => void;

/** Prints each order's answer as it comes (`status` of every order of a large store holds one at a time); exits 1 when any is in default. */
const status = async (ctx: CliContext, flags: SharedFlags): Promise<number> => {
  const when = whenOf(ctx, flags);
  let anyInDefault = false;
  await withEngine(ctx, storeOf(ctx, flags, true), async (engine) => {
    const answers = async function* () {
      for await (const a of eachOrderInTurn(engine, flags.order, (id) => engine.status(id, when))) {
        anyInDefault ||= inDefault(a);
        yield a;
      }
    };
    await emitEach(ctx, flags, 'status', when, 'orders', answers(), {
      table: () => statusTable(when.knownAt),
      csv: STATUS_CSV,
    });
  });
  return anyInDefault ? EXIT.nonCompliant : EXIT.ok;
};

/** `decree status`: each order's compliance on a date; exits 1 when any order is in default. */
export const registerStatus = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('status')
    .description(
      'compliance status of each order (or one) on a date; exits 1 if any is non_compliant, or ended with an item still overdue or breached',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 when no order is in default (compliant, at_risk, unverified, pending_entry, or ended with nothing overdue or breached);\n1 when any order is non_compliant, or ended with an item still overdue or breached; 2 usage or input error.\n"unverified" means no evidence is recorded in a partial record: not a finding of default.',
    );
  withExamples(withOrderFlag(withTimeFlags(withBaseFlags(cmd, LISTING))), [
    'decree status',
    'decree status --order us-v-twitter-2022 --as-of 2023-01-01',
    'decree status --known-at 2022-06-01T00:00:00Z --format json',
    'decree status --store ci.db || echo "some order is non-compliant"',
    'decree status --format csv > occurrences.csv',
  ]).action(async (flags: SharedFlags) => done(await status(ctx, flags)));
};

interface TimelineFlags extends SharedFlags {
  readonly from?: string;
  readonly to?: string;
}

const timeline = async (ctx: CliContext, flags: TimelineFlags): Promise<number> => {
  const when = whenOf(ctx, flags);
  const range = {
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    to: flags.to ?? when.asOf,
    ...(when.knownAt !== undefined ? { knownAt: when.knownAt } : {}),
  };
  await withEngine(ctx, storeOf(ctx, flags, true), (engine) =>
    emitEach(
      ctx,
      flags,
      'timeline',
      when,
      'orders',
      eachOrderInTurn(engine, flags.order, (id) => engine.timeline(id, range)),
      { table: timelineTable },
    ),
  );
  return EXIT.ok;
};

/** `decree timeline`: status change points of each order and its occurrences. */
export const registerTimeline = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('timeline')
    .description('status over time: the dates on which each order and occurrence changed status')
    .option('--from <date>', "first date (default: the order's filing)", argParser(parseCivilDate))
    .option('--to <date>', 'last date (default: --as-of)', argParser(parseCivilDate));
  withExamples(withOrderFlag(withTimeFlags(withBaseFlags(cmd))), [
    'decree timeline --order ftc-c4316',
    'decree timeline --order ftc-c4316 --from 2022-01-01 --to 2023-12-31 --format json',
  ]).action(async (flags: TimelineFlags) => done(await timeline(ctx, flags)));
};

interface DeadlineFlags extends SharedFlags {
  readonly within: number;
  readonly owner?: string;
}

const deadlines = async (ctx: CliContext, flags: DeadlineFlags): Promise<number> => {
  const when = whenOf(ctx, flags);
  // Across orders the engine leaves out those not yet known at --known-at, and sorts by due date.
  const list = await withEngine(ctx, storeOf(ctx, flags, true), (engine) =>
    engine.deadlines({
      ...when,
      withinDays: flags.within,
      ...(flags.order === undefined ? {} : { orderId: flags.order }),
      ...(flags.owner === undefined ? {} : { owner: flags.owner }),
    }),
  );
  const owner = flags.owner === undefined ? {} : { owner: flags.owner };
  await emit(
    ctx,
    flags,
    'deadlines',
    when,
    { withinDays: flags.within, ...owner, deadlines: list },
    (d) => formatDeadlines(d, when.asOf),
    deadlinesCsv,
  );
  return EXIT.ok;
};

/** `decree deadlines --within 90d`: open deadlines coming up, and overdue ones. */
export const registerDeadlines = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('deadlines')
    .description('open deadlines due within a period after --as-of, and overdue ones')
    .addOption(
      new Option('--within <duration>', 'how far ahead: Nd (days) or Nw (weeks)')
        .argParser(argParser(parseDuration))
        .default(90, '90d'),
    )
    .option(
      '--owner <name-or-email>',
      'only the deadlines this person owns or backs up (ObligationAssigned), by name or e-mail, any case',
    );
  withExamples(withOrderFlag(withTimeFlags(withBaseFlags(cmd, LISTING))), [
    'decree deadlines --within 90d',
    'decree deadlines --within 52w --format csv > deadlines.csv',
    'decree deadlines --within 30d --owner jane.roe@example.com',
    'decree deadlines --within 12w --as-of 2022-10-01 --order ftc-c4316',
  ]).action(async (flags: DeadlineFlags) => done(await deadlines(ctx, flags)));
};

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { addDays, type CalendarDate } from '../../../domain/index.js';
import { icsOf } from '../../notify/calendar.js';
import { digestOf } from '../../notify/digest.js';
import { digestHtml, digestText } from '../../notify/digest-render.js';
import { parseCivilDate, parseDuration } from '../args.js';
import { write, type CliContext } from '../context.js';
import { envelope, markJsonWritten } from '../format/envelope.js';
import { toText, visible } from '../format/text.js';
import { CliError, EXIT } from '../errors.js';
import { formatChanges } from '../format/changes.js';
import type { Done } from './queries.js';
import { Option, type Command } from 'commander';
import {
  argParser,
  emit,
  storeOf,
  whenOf,
  withBaseFlags,
  withEngine,
  withExamples,
  withOrderFlag,
  withTimeFlags,
  writeJson,
  type SharedFlags,
} from './shared.js';

interface ChangesFlags extends SharedFlags {
  readonly from: string;
  readonly to: string;
}

const changes = async (ctx: CliContext, flags: ChangesFlags): Promise<number> => {
  const knownAt = flags.knownAt === undefined ? {} : { knownAt: flags.knownAt };
  const list = await withEngine(ctx, storeOf(ctx, flags, true), (engine) =>
    engine.changes({
      from: flags.from,
      to: flags.to,
      ...knownAt,
      ...(flags.order === undefined ? {} : { orderId: flags.order }),
    }),
  );
  await emit(
    ctx,
    flags,
    'changes',
    knownAt,
    { from: flags.from, to: flags.to, changes: list },
    formatChanges,
  );
  return EXIT.ok;
};

/** `decree changes --from D --to D`: every status change in a range of dates, with its cause. */
export const registerChanges = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('changes')
    .description(
      'the change feed: every status change of each occurrence and order dated from --from to --to (exclusive), with the events that caused it',
    )
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD', argParser(parseCivilDate))
    .requiredOption('--to <date>', 'end date, YYYY-MM-DD (exclusive)', argParser(parseCivilDate))
    .option(
      '--known-at <instant>',
      'count only events recorded at or before this instant; a date YYYY-MM-DD means the end of that day (UTC)',
    );
  withExamples(withOrderFlag(withBaseFlags(cmd)), [
    'decree changes --from 2022-05-26 --to 2023-06-01',
    'decree changes --from 2022-11-01 --to 2022-12-01 --known-at 2022-11-15 --format json',
  ]).action(async (flags: ChangesFlags) => done(await changes(ctx, flags)));
};

/** Parses `--alarms 30,7,1`: whole days before each deadline, 0 to 3650, or `none`. */
export const parseAlarms = (text: string): number[] => {
  if (text.trim() === 'none') return [];
  const days = text.split(',').map((t) => t.trim());
  if (days.some((d) => !/^\d{1,4}$/.test(d) || Number(d) > 3650))
    throw new CliError(
      `--alarms takes whole days before each deadline, 0 to 3650, separated by commas (e.g. 30,7,1), or none; got ${JSON.stringify(text)}`,
    );
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
};

interface CalendarFlags extends SharedFlags {
  readonly ics: string;
  readonly from?: string;
  readonly to?: string;
  readonly alarms: number[];
  readonly owner?: string;
}

/** `calendar --format json` data: `{ file, events, retracted, from, to, alarmDays }`. */
export interface CalendarData {
  readonly file: string;
  readonly events: number;
  /** How many of the events are deadlines a retraction took away, exported cancelled. */
  readonly retracted: number;
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
  readonly alarmDays: readonly number[];
}

const calendar = async (ctx: CliContext, flags: CalendarFlags): Promise<number> => {
  const when = whenOf(ctx, flags);
  const from = flags.from ?? when.asOf;
  const entries = await withEngine(ctx, storeOf(ctx, flags, true), (engine) =>
    engine.calendar({
      ...when,
      from,
      ...(flags.to === undefined ? {} : { to: flags.to }),
      ...(flags.order === undefined ? {} : { orderId: flags.order }),
      ...(flags.owner === undefined ? {} : { owner: flags.owner }),
    }),
  );
  const to = flags.to ?? addDays(from as CalendarDate, 365);
  const ics = icsOf(entries, { alarmDays: flags.alarms, generatedAt: ctx.io.now() });
  await writeFile(resolve(ctx.io.cwd, flags.ics), ics, 'utf8');
  const data: CalendarData = {
    file: flags.ics,
    events: entries.length,
    retracted: entries.filter((e) => e.retracted !== undefined).length,
    from,
    to,
    alarmDays: flags.alarms,
  };
  await emit(ctx, flags, 'calendar', when, data, (d) => [
    `wrote ${d.file}: ${d.events} deadline${d.events === 1 ? '' : 's'}${d.retracted > 0 ? ` (${d.retracted} taken away by a retraction, cancelled)` : ''} from ${d.from} to ${d.to} (exclusive), ${d.alarmDays.length > 0 ? `alarms ${d.alarmDays.map((n) => `${n}d`).join(', ')} before each` : 'no alarms'}`,
  ]);
  return EXIT.ok;
};

/** `decree calendar --ics FILE`: an RFC 5545 calendar of every deadline in a window. */
export const registerCalendar = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('calendar')
    .description(
      'write an iCalendar (RFC 5545) file: one all-day event per deadline in the window, met or not, with a stable UID per occurrence (a new export updates a calendar, it does not duplicate) and reminders',
    )
    .requiredOption('--ics <file>', 'the .ics file to write')
    .option('--from <date>', 'first date (default: --as-of)', argParser(parseCivilDate))
    .option(
      '--to <date>',
      'end date, exclusive (default: a year after --from)',
      argParser(parseCivilDate),
    )
    .option(
      '--alarms <days>',
      'reminders, in days before each deadline, or none',
      argParser(parseAlarms),
      [30, 7, 1],
    )
    .option('--owner <name-or-email>', 'only the deadlines this person owns or backs up');
  withExamples(withOrderFlag(withTimeFlags(withBaseFlags(cmd))), [
    'decree calendar --ics deadlines.ics',
    'decree calendar --ics ftc.ics --order ftc-c4316 --from 2022-05-26 --to 2042-05-26 --alarms 14,3',
  ]).action(async (flags: CalendarFlags) => done(await calendar(ctx, flags)));
};

interface DigestFlags extends Omit<SharedFlags, 'format'> {
  readonly within: number;
  readonly since?: string;
  readonly owner?: string;
  readonly format: 'text' | 'json' | 'html';
}

const digest = async (ctx: CliContext, flags: DigestFlags): Promise<number> => {
  const when = whenOf(ctx, flags as SharedFlags);
  const d = await withEngine(ctx, storeOf(ctx, flags as SharedFlags, true), (engine) =>
    digestOf(engine, {
      ...when,
      withinDays: flags.within,
      ...(flags.since === undefined ? {} : { since: flags.since }),
      ...(flags.owner === undefined ? {} : { owner: flags.owner }),
      ...(flags.order === undefined ? {} : { orderId: flags.order }),
    }),
  );
  if (flags.format === 'json') {
    await writeJson(ctx.io.stdout, envelope('digest', when, d));
    markJsonWritten(ctx.io.stdout);
  } else
    await write(
      ctx.io.stdout,
      flags.format === 'html' ? digestHtml(d) : toText(digestText(d).map(visible)),
    );
  return EXIT.ok;
};

/** `decree digest --as-of D --within 30d`: per owner, what is due soon, what went overdue since the last digest, pending allegations, unverified items. */
export const registerDigest = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('digest')
    .description(
      'a digest per owner: what is due soon, what went overdue since the last digest (--since, default 7 days before --as-of), pending allegations and unverified items',
    )
    .addOption(
      new Option('--within <duration>', 'how far ahead "due soon" looks: Nd or Nw')
        .argParser(argParser(parseDuration))
        .default(30, '30d'),
    )
    .option(
      '--since <date>',
      'the date of the last digest: what went overdue after it is new (default: --as-of minus 7 days)',
      argParser(parseCivilDate),
    )
    .option('--owner <name-or-email>', 'only what this person owns or backs up')
    .addOption(
      new Option('--format <format>', 'text, the JSON envelope, or a small HTML page')
        .choices(['text', 'json', 'html'])
        .default('text'),
    );
  withExamples(withOrderFlag(withTimeFlags(withBaseFlags(cmd, []))), [
    'decree digest --as-of 2023-05-01 --within 30d',
    'decree digest --owner jane.roe@example.com --since 2023-04-01 --format html > digest.html',
  ]).action(async (flags: DigestFlags) => done(await digest(ctx, flags)));
};

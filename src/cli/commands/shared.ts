import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { isDecreeError } from '../../../domain/shared/errors.js';
import type { Engine, EngineOptions } from '../../engine/engine.types.js';
import type { SqliteEventStore } from '../../store/index.js';
import { parseCivilDate, parseInstant, resolveStore, type ResolvedStore } from '../args.js';
import { write, type CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { envelope, jsonChunks, jsonChunksEach, markJsonWritten } from '../format/envelope.js';
import { csvRecords, toCsv, type CsvInTurn, type CsvTable } from '../format/csv.js';
import { TERMINAL_WIDTH, toText, withLayoutWidth, type TableInTurn } from '../format/text.js';

/** The flags every command may take, as commander hands them over. */
export interface SharedFlags {
  readonly store: string;
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly order?: string;
  readonly format: OutputFormat;
  /** Tables as wide as their content (nothing wrapped), whatever the terminal's width. */
  readonly wide?: boolean;
  readonly debug?: boolean;
}

/** What `--format` may name; `csv` only on listing commands. */
export type OutputFormat = 'table' | 'json' | 'csv';

/** Turns a throwing parser into a commander argument parser (its errors become usage errors). */
export const argParser =
  <T>(parse: (text: string) => T) =>
  (text: string): T => {
    try {
      return parse(text);
    } catch (e) {
      throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
    }
  };

/** Adds `--store`, `--format` (the formats the command can print; none: no such option), `--wide` (with tables) and `--debug`. */
export const withBaseFlags = (
  cmd: Command,
  formats: readonly OutputFormat[] = ['table', 'json'],
): Command => {
  cmd.option(
    '--store <spec>',
    'event store: a .db path, sqlite:<path>, postgres://…, or esdb://…',
    './decree.db',
  );
  if (formats.length > 0)
    cmd.addOption(
      new Option(
        '--format <format>',
        formats.includes('csv')
          ? 'output format (csv: one row per item, RFC 4180, for spreadsheets)'
          : 'output format',
      )
        .choices(formats)
        .default('table'),
    );
  if (formats.includes('table'))
    cmd.option(
      '--wide',
      "tables as wide as their content, nothing wrapped (default: the terminal's width)",
    );
  return cmd.option('--debug', 'print stack traces on errors');
};

/** Adds `--as-of` and `--known-at`. */
export const withTimeFlags = (cmd: Command): Command =>
  cmd
    .option(
      '--as-of <date>',
      'the civil date asked about, YYYY-MM-DD (default: today)',
      argParser(parseCivilDate),
    )
    .option(
      '--known-at <instant>',
      'count only events recorded at or before this instant, e.g. 2023-01-01T00:00:00Z; a date YYYY-MM-DD means the end of that day (UTC)',
      argParser(parseInstant),
    );

/** Adds `--order`. */
export const withOrderFlag = (
  cmd: Command,
  what = 'only this order (default: every order)',
): Command => cmd.option('--order <id>', what);

/** The time a query is about: `--as-of` (default today) and `--known-at`. */
export const whenOf = (
  ctx: CliContext,
  flags: SharedFlags,
): { asOf: string; knownAt?: string } => ({
  asOf: flags.asOf ?? ctx.io.today(),
  ...(flags.knownAt !== undefined ? { knownAt: flags.knownAt } : {}),
});

/** Resolves `--store`; with `mustExist`, a SQLite file that is not there is a usage error (nothing is created). */
export const storeOf = (ctx: CliContext, flags: SharedFlags, mustExist: boolean): ResolvedStore => {
  const store = resolveStore(flags.store, ctx.io.cwd);
  if (store.spec === 'memory')
    throw new CliError(
      '--store memory keeps nothing once the command ends, so no later command could read it: name a .db file, sqlite:<path>, postgres://… or esdb://…',
    );
  if (store.sqlitePath !== undefined && !existsSync(dirname(store.sqlitePath)))
    throw new CliError(
      `no folder ${relative(ctx.io.cwd, dirname(store.sqlitePath)) || '.'} for the store ${flags.store} (create the folder first, or name a store in an existing one)`,
    );
  if (mustExist && store.sqlitePath !== undefined && !existsSync(store.sqlitePath))
    throw new CliError(
      `no store at ${flags.store} (import an event log first: decree import <file.ndjson> --store ${flags.store})`,
    );
  return store;
};

/** Opens the engine on a resolved store, runs `fn`, and always closes it. */
export const withEngine = async <T>(
  ctx: CliContext,
  store: ResolvedStore,
  fn: (engine: Engine) => Promise<T>,
  options: Omit<EngineOptions, 'store'> = {},
): Promise<T> => {
  const engine = await ctx.openEngine({ ...options, store: store.spec });
  if ((engine.store as Partial<SqliteEventStore> | undefined)?.readOnly === true)
    await write(
      ctx.io.stderr,
      `decree: ${store.sqlitePath === undefined ? store.spec : relative(ctx.io.cwd, store.sqlitePath) || store.sqlitePath} is read-only: answering from its log with read models in memory; nothing is written\n`,
    );
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
};

/** The orders a query covers: `--order` (checked to exist) or every order in the store. */
export const ordersOf = async (engine: Engine, order: string | undefined): Promise<string[]> => {
  const all = await engine.orders();
  if (order === undefined) return all;
  if (!all.includes(order))
    throw new CliError(
      `no order ${JSON.stringify(order)} in the store${all.length ? ` (orders: ${all.join(', ')})` : ''}`,
    );
  return [order];
};

/**
 * Runs a per-order query over `--order` or every order, one order after another, each asked for
 * once the one before was taken (output printed as it comes holds one answer at a time). Without
 * `--order`, an order not yet known at `--known-at` (ORDER_NOT_FOUND) is left out rather than
 * failing the whole command.
 */
export async function* eachOrderInTurn<T>(
  engine: Engine,
  order: string | undefined,
  fn: (orderId: string) => Promise<T>,
): AsyncGenerator<T> {
  for (const id of await ordersOf(engine, order)) {
    let answer: T;
    try {
      answer = await fn(id);
    } catch (e) {
      if (order === undefined && isDecreeError(e) && e.code === 'ORDER_NOT_FOUND') continue;
      throw e;
    }
    yield answer;
  }
}

/** The width tables are laid out for: unbounded with `--wide`, else the terminal's (80 when unknown). */
export const layoutWidthOf = (ctx: CliContext, flags: { readonly wide?: boolean }): number =>
  flags.wide === true ? Infinity : (ctx.io.columns ?? TERMINAL_WIDTH);

/** Prints a command's result: the JSON envelope, the CSV rows (listing commands), or the table lines. */
export const emit = async <T>(
  ctx: CliContext,
  flags: SharedFlags,
  command: string,
  when: { asOf?: string; knownAt?: string },
  data: T,
  table: (data: T) => string[],
  csv?: (data: T) => CsvTable,
): Promise<void> => {
  if (flags.format === 'json') {
    await writeJson(ctx.io.stdout, envelope(command, when, data));
    return markJsonWritten(ctx.io.stdout);
  }
  const text = (): string => {
    if (flags.format === 'csv') {
      if (csv === undefined)
        throw new CliError(`${command} has no CSV form: use --format table or json`);
      return toCsv(csv(data));
    }
    return toText(withLayoutWidth(layoutWidthOf(ctx, flags), () => table(data)));
  };
  await write(ctx.io.stdout, text());
};

/** Writes a JSON document (`toJson`'s text) a megabyte at a time, whatever its size. */
export const writeJson = (out: Writable, value: unknown): Promise<void> =>
  writeChunks(out, jsonChunks(value));

/** Writes text given in pieces a megabyte at a time; `onWrite` is called before the first write. */
const writeChunks = async (
  out: Writable,
  chunks: Iterable<string> | AsyncIterable<string>,
  onWrite?: () => void,
): Promise<void> => {
  let buffer = '';
  const flush = async () => {
    onWrite?.();
    await write(out, buffer);
    buffer = '';
  };
  for await (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= 1 << 20) await flush();
  }
  if (buffer !== '') await flush();
};

/** How `emitEach` prints the items: a new table printed in turn, and the CSV listing when the command has one. */
export interface EachForms<T> {
  readonly table: () => TableInTurn<T>;
  readonly csv?: CsvInTurn<T>;
}

/**
 * `emit` of `{ [key]: items }`, printed as the items come rather than once every one is held (the
 * same text): a listing of every order of a large store. Once part of a JSON document is written, a
 * later error leaves it unfinished (stderr and the exit code say why) rather than following it with
 * a second document.
 */
export const emitEach = async <T>(
  ctx: CliContext,
  flags: SharedFlags,
  command: string,
  when: { asOf?: string; knownAt?: string },
  key: string,
  items: AsyncIterable<T>,
  forms: EachForms<T>,
): Promise<void> => {
  const out = ctx.io.stdout;
  if (flags.format === 'json') {
    const doc = envelope(command, when, { [key]: [] });
    await writeChunks(out, jsonChunksEach(doc, ['data', key], items), () => markJsonWritten(out));
    return markJsonWritten(out);
  }
  const { csv } = forms;
  if (flags.format === 'csv') {
    if (csv === undefined)
      throw new CliError(`${command} has no CSV form: use --format table or json`);
    return writeChunks(out, csvChunks(csv, items));
  }
  return writeChunks(out, tableChunks(forms.table(), layoutWidthOf(ctx, flags), items));
};

async function* csvChunks<T>(csv: CsvInTurn<T>, items: AsyncIterable<T>) {
  yield csvRecords([csv.columns]);
  for await (const item of items) yield csvRecords(csv.rows(item));
}

async function* tableChunks<T>(table: TableInTurn<T>, width: number, items: AsyncIterable<T>) {
  for await (const item of items) yield toText(withLayoutWidth(width, () => table.next(item)));
  yield toText(withLayoutWidth(width, () => table.end()));
}

/** Appends an "Examples:" section to a command's help. */
export const withExamples = (cmd: Command, examples: readonly string[]): Command =>
  cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);

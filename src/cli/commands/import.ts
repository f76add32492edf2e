import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { isDecreeTable } from '../../store/sqlite-event-store.js';
import { writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ImportReport } from '../../engine/engine.types.js';
import { write, type CliContext } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { formatImport, problemLine, type ImportData } from '../format/admin.js';
import { toText } from '../format/text.js';
import { createPhasedProgress } from '../progress.js';
import type { Done } from './queries.js';
import {
  emit,
  storeOf,
  withBaseFlags,
  withEngine,
  withExamples,
  type SharedFlags,
} from './shared.js';

interface ImportFlags extends SharedFlags {
  readonly skipInvalid?: boolean;
  readonly rejectFile?: string;
  readonly restore?: boolean;
  readonly renumber?: boolean;
  readonly backfill?: boolean;
}

/** The reject file's bytes: each bad line exactly as it was read (bytes kept, even when not UTF-8), in line order. */
export const rejectFileContent = (rejected: ReadonlyMap<number, Uint8Array | string>): Buffer =>
  Buffer.concat(
    [...rejected]
      .sort(([a], [b]) => a - b)
      .flatMap(([, raw]) => [
        typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw,
        Buffer.from('\n'),
      ]),
  );

/** Whether the import writes the good lines despite bad ones (`--skip-invalid`; a restore is always all or nothing). */
export const isPartial = (flags: {
  readonly skipInvalid?: boolean;
  readonly restore?: boolean;
}): boolean => flags.skipInvalid === true && flags.restore !== true;

const checkFile = (path: string): void => {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliError(`cannot read ${path}: no such file`);
  }
  if (!isFile) throw new CliError(`cannot read ${path}: not a file`);
};

/**
 * Removes a SQLite file (and its WAL companions) that this run created, once it has closed it,
 * only if the file still holds no event and nothing but Decree's tables: another process that
 * began writing into it meanwhile keeps its file.
 */
const removeCreated = (path: string | undefined): void => {
  if (path === undefined || !stillEmptyStore(path)) return;
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    rmSync(`${path}${suffix}`, { force: true });
};

/** Whether the file is a Decree store with no event in it (any doubt: no). */
const stillEmptyStore = (path: string): boolean => {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const names = db
      .prepare<[], { name: string }>('SELECT name FROM sqlite_master')
      .all()
      .map((r) => r.name);
    if (names.some((n) => !isDecreeTable(n))) return false;
    if (!names.includes('decree_events')) return true;
    return db.prepare('SELECT 1 FROM decree_events LIMIT 1').get() === undefined;
  } catch {
    return false;
  } finally {
    db?.close();
  }
};

/** The name `-` stands for standard input. */
const STDIN = '-';

/**
 * Standard input copied to a temporary file in one pass, so a piped import (`decree export |
 * decree import - --restore`) is checked in bounded memory like a file, then written all or nothing.
 */
const spoolStdin = async (ctx: CliContext): Promise<{ path: string; remove: () => void }> => {
  const stdin = ctx.io.stdin;
  if (stdin === undefined) throw new CliError('no standard input to read (import -)');
  const dir = mkdtempSync(join(tmpdir(), 'decree-stdin-'));
  const path = join(dir, 'stdin.ndjson');
  await pipeline(stdin, createWriteStream(path));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

const runImport = async (
  ctx: CliContext,
  file: string,
  flags: ImportFlags,
): Promise<ImportReport> => {
  const spooled = file === STDIN ? await spoolStdin(ctx) : undefined;
  try {
    return await importPath(ctx, spooled?.path ?? resolve(ctx.io.cwd, file), flags);
  } finally {
    spooled?.remove();
  }
};

const importPath = async (
  ctx: CliContext,
  path: string,
  flags: ImportFlags,
): Promise<ImportReport> => {
  checkFile(path);
  const store = storeOf(ctx, flags, false);
  const fresh = store.sqlitePath !== undefined && !existsSync(store.sqlitePath);
  const progress = createPhasedProgress(ctx.io, 'import', {
    validate: ['checking', 'lines'],
    write: ['writing', 'events'],
  });
  try {
    const report = await withEngine(ctx, store, (engine) =>
      engine.importNdjsonFile(path, {
        ...(flags.skipInvalid ? { skipInvalid: true } : {}),
        ...(flags.restore ? { restore: true } : {}),
        ...(flags.renumber ? { renumber: true } : {}),
        ...(flags.backfill ? { backfill: true } : {}),
        onProgress: (p) => progress.step(p),
      }),
    );
    if (fresh && !report.written) removeCreated(store.sqlitePath);
    return report;
  } catch (e) {
    if (fresh) removeCreated(store.sqlitePath);
    throw e;
  } finally {
    progress.stop();
  }
};

/** Refuses options that would mean nothing together, rather than ignore one (nothing is read or written). */
const checkImportFlags = (flags: ImportFlags): void => {
  if (flags.restore === true && flags.skipInvalid === true)
    throw new CliError(
      '--restore loads an export whole or not at all: it cannot skip lines (leave --skip-invalid out)',
    );
  if (flags.renumber === true && flags.restore !== true)
    throw new CliError(
      '--renumber numbers the positions of an export being restored: add --restore, or leave --renumber out',
    );
  if (flags.rejectFile !== undefined && flags.skipInvalid !== true)
    throw new CliError(
      '--reject-file names where --skip-invalid writes the lines it skips: add --skip-invalid, or leave --reject-file out (without it, a file with a bad line imports nothing)',
    );
};

const importAction = async (ctx: CliContext, file: string, flags: ImportFlags): Promise<number> => {
  checkImportFlags(flags);
  const report = await runImport(ctx, file, flags);
  const problems = [...report.problems].sort((a, b) => a.line - b.line);
  const refused = problems.length > 0 && !isPartial(flags);
  let rejectFile: string | null = null;
  if (!refused && problems.length > 0) {
    const target = resolve(
      ctx.io.cwd,
      flags.rejectFile ?? `${file === STDIN ? 'stdin' : file}.rejects.ndjson`,
    );
    await writeFile(target, rejectFileContent(report.rejectedLines));
    rejectFile = relative(ctx.io.cwd, target) || basename(target);
  }
  if (problems.length > 0) await write(ctx.io.stderr, toText(problems.map(problemLine)));
  const data: ImportData = {
    file,
    lines: report.lines,
    appended: report.appended,
    duplicates: report.duplicates,
    refused,
    restore: flags.restore === true,
    backfill: flags.backfill === true,
    problems,
    rejectFile,
  };
  if (refused && flags.format !== 'json') {
    await write(ctx.io.stderr, toText(formatImport(data).map((l) => `decree: ${l}`)));
  } else await emit(ctx, flags, 'import', {}, data, formatImport);
  return refused ? EXIT.usage : EXIT.ok;
};

/** `decree import <file.ndjson>`: validates every line, then writes all of them or (by default) none. */
export const registerImport = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('import')
    .description(
      'import an NDJSON event log (one event envelope a line); writes nothing if any line is bad',
    )
    .argument('<file>', 'the NDJSON file, or - for standard input')
    .option('--skip-invalid', 'write the good lines and put the bad ones in a reject file')
    .option(
      '--reject-file <path>',
      'where --skip-invalid puts bad lines (default: <file>.rejects.ndjson)',
    )
    .option(
      '--backfill',
      'move past history in: every line states "recordedAt", when the fact was learned (non-decreasing, after the store\'s last, not in the future); every rule is checked as in a normal import',
    )
    .option(
      '--restore',
      'load an export into an empty store, keeping recorded times and hashes; refuses a store that is not empty, and (exit 3, naming the line) an export whose ids, positions, revisions, links or hashes do not hold',
    )
    .option(
      '--renumber',
      "with --restore: number the events 0, 1, 2, … in line order instead of holding the export's positions to that (an export of an EventStoreDB store, whose positions are the server's offsets; positions are not hashed, so this gives up only the check that no line is missing where the stream chains still hold)",
    );
  withExamples(withBaseFlags(cmd), [
    'decree import --backfill examples/twitter-2022.ndjson',
    'decree import events.ndjson',
    'decree import events.ndjson --skip-invalid --reject-file bad.ndjson',
    'decree export --out backup.ndjson && decree import backup.ndjson --restore --store restored.db',
    'decree export | decree import - --restore --store copy.db',
  ]).action(async (file: string, flags: ImportFlags) => done(await importAction(ctx, file, flags)));
};

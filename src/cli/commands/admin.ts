import type { KeyObject } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Engine } from '../../engine/engine.types.js';
import { auditReadModels, storedCheckpoint } from '../../engine/runner.js';
import { auditRules, type RulesAudit } from '../../engine/rules-audit.js';
import { logLength, type EventStore, type SqliteEventStore } from '../../store/index.js';
import {
  checkSeals,
  parsePublicKey,
  parseSealFile,
  SealKeyError,
  type LogPoint,
  type SealFile,
} from '../../store/seal.js';
import { verifyStore, type VerifyResult } from '../../store/verify.js';
import { write, type CliContext } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import {
  breakWords,
  formatReplay,
  formatVerify,
  type SealsData,
  ruleWords,
  type VerifyData,
} from '../format/admin.js';
import { createProgress } from '../progress.js';
import type { Done } from './queries.js';
import {
  emit,
  storeOf,
  withBaseFlags,
  withEngine,
  withExamples,
  type SharedFlags,
} from './shared.js';

/** Writes every exported line to `out`, one a line. */
const pipeExport = async (engine: Engine, out: Writable): Promise<number> => {
  let n = 0;
  for await (const line of engine.exportNdjson()) {
    await write(out, line.endsWith('\n') ? line : `${line}\n`);
    n++;
  }
  return n;
};

const exportTo = async (
  ctx: CliContext,
  engine: Engine,
  file: string | undefined,
): Promise<void> => {
  if (file === undefined) {
    await pipeExport(engine, ctx.io.stdout);
    return;
  }
  const out = createWriteStream(resolve(ctx.io.cwd, file));
  await once(out, 'open');
  try {
    await pipeExport(engine, out);
  } finally {
    out.end();
    await once(out, 'close');
  }
};

/** `decree export`: the whole log as NDJSON, hashes included. */
export const registerExport = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('export')
    .description(
      'export the whole log as NDJSON (recorded times and hashes included), in global order',
    )
    .option('--out <file>', 'write to a file instead of stdout');
  withExamples(withBaseFlags(cmd, []), [
    'decree export > backup.ndjson',
    'decree export --out backup.ndjson --store sqlite:./decree.db',
  ]).action(async (flags: SharedFlags & { out?: string }) => {
    await withEngine(ctx, storeOf(ctx, flags, true), (engine) => exportTo(ctx, engine, flags.out));
    done(EXIT.ok);
  });
};

/** How many events the log holds, read cheaply from its last position (positions are 0-based; not for EventStoreDB, whose positions are offsets). */
const estimateTotal = async (engine: Engine): Promise<number | undefined> => {
  const n = await logLength(engine.store);
  return n === undefined ? undefined : Number(n);
};

/**
 * Before a replay: what `verify` finds broken in the log and in the read models' checkpoint (the
 * models themselves are not compared: the replay rebuilds them), or undefined.
 */
const beforeReplay = async (ctx: CliContext, engine: Engine): Promise<string | undefined> =>
  firstFailure(
    await withProgress(ctx, engine, 'verify', (update) =>
      verifyAll(engine, { models: false }, undefined, undefined, update),
    ),
  );

/** Runs `work` over the log with a progress bar of its events on a terminal (`label`), stopped whatever happens. */
const withProgress = async <T>(
  ctx: CliContext,
  engine: Engine,
  label: string,
  work: (update: (events: number) => void) => Promise<T>,
): Promise<T> => {
  const progress = createProgress(
    ctx.io,
    label,
    'events',
    ctx.io.stderrIsTTY ? await estimateTotal(engine) : undefined,
  );
  try {
    return await work((n) => progress.update(n));
  } finally {
    progress.stop();
  }
};

/**
 * `decree replay`: verifies the log and the read models' checkpoint, then rebuilds every
 * projection, with a progress bar on a terminal; refuses (exit 3, nothing rebuilt) when verify
 * finds a break, unless `--force`: a rebuild replaces the checkpoint that records what the models
 * were built from, the evidence of a log cut or rewritten under them.
 */
export const registerReplay = (program: Command, ctx: CliContext, done: Done): void => {
  withExamples(
    withBaseFlags(
      program
        .command('replay')
        .description(
          'verify the log, then rebuild every projection from it (progress bar on a terminal); exits 3 and rebuilds nothing when verify finds a break, unless --force',
        )
        .option(
          '--force',
          'rebuild from the log as it is even when verify finds it broken (the read models and their checkpoint, the evidence of what the log was, are replaced)',
        ),
    ),
    ['decree replay', 'decree replay --store sqlite:/var/lib/decree/decree.db --format json'],
  ).action(async (flags: SharedFlags & { readonly force?: boolean }) => {
    const result = await withEngine(ctx, storeOf(ctx, flags, true), async (engine) => {
      const broken = flags.force === true ? undefined : await beforeReplay(ctx, engine);
      if (broken !== undefined)
        throw new CliError(
          `integrity failure: ${broken}; nothing was rebuilt (the read models and their checkpoint stay as evidence): decree replay --force rebuilds them from the log as it now is`,
          EXIT.integrity,
        );
      return withProgress(ctx, engine, 'replay', (update) => engine.replay({ onProgress: update }));
    });
    await emit(ctx, flags, 'replay', {}, result, formatReplay);
    done(EXIT.ok);
  });
};

/** Reads a text file named on the command line; a missing or unreadable one is a usage error. */
export const readTextArg = (ctx: CliContext, file: string, what: string): string => {
  try {
    return readFileSync(resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read ${what} ${file}: ${(e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e))}`,
    );
  }
};

/** A key parsed from text, a bad key being a usage error. */
export const keyArg = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (e) {
    if (e instanceof SealKeyError) throw new CliError(e.message);
    throw e;
  }
};

interface VerifyFlags extends SharedFlags {
  readonly seal?: string;
  readonly publicKey?: string;
  readonly models: boolean;
  readonly rules?: boolean;
}

/** One pass of `verifyStore`, keeping the log head at each of `lengths` and the log point at `position`. */
const walkLog = async (
  store: EventStore,
  lengths: readonly number[],
  position: bigint | undefined,
  onProgress: (events: number) => void,
) => {
  const heads = new Map<number, string>();
  const recordedAt = new Map<number, string>();
  let atCheckpoint: LogPoint | undefined;
  const chain: VerifyResult = await verifyStore(store, {
    onProgress: (p) => onProgress(p.events),
    marks: { lengths, positions: position === undefined ? [] : [position] },
    onLogPoint: (p) => {
      heads.set(p.length, p.head);
      if (p.recordedAt !== undefined) recordedAt.set(p.length, p.recordedAt);
      if (p.position !== undefined && p.position === position) atCheckpoint = p;
    },
  });
  return { chain, heads, recordedAt, atCheckpoint };
};

/** The seals of a seal file held to the log. */
const sealsData = (
  seals: { readonly file: string; readonly read: SealFile },
  log: Parameters<typeof checkSeals>[1],
  pinned: KeyObject | undefined,
): SealsData => ({
  file: seals.file,
  pinned: pinned !== undefined,
  checked: checkSeals(seals.read.seals, log, pinned),
  bad: seals.read.bad,
});

/**
 * Everything `verify` holds the store to, in one pass over the log: the hash chains and position
 * holes, the log head at every seal's length, and the log at the read models' checkpoint (then
 * the read models themselves). An engine without a store (a test double) verifies its chains only.
 */
const verifyAll = async (
  engine: Engine,
  flags: Pick<VerifyFlags, 'models' | 'rules'>,
  seals: { readonly file: string; readonly read: SealFile } | undefined,
  pinned: KeyObject | undefined,
  onProgress: (events: number) => void,
): Promise<VerifyData> => {
  const store: EventStore | undefined = (engine as Partial<Engine>).store;
  return store === undefined
    ? engine.verify({ onProgress })
    : verifyEverything(store, flags, seals, pinned, onProgress);
};

/** The SQLite store whose stored read models queries use; a read-only one answers from its log alone (models in memory). */
const withStoredModels = (store: EventStore): SqliteEventStore | undefined =>
  store.kind === 'sqlite' && !(store as SqliteEventStore).readOnly
    ? (store as SqliteEventStore)
    : undefined;

const verifyEverything = async (
  store: EventStore,
  flags: Pick<VerifyFlags, 'models' | 'rules'>,
  seals: { readonly file: string; readonly read: SealFile } | undefined,
  pinned: KeyObject | undefined,
  onProgress: (events: number) => void,
): Promise<VerifyData> => {
  const sqlite = withStoredModels(store);
  const checkpoint = sqlite && storedCheckpoint(sqlite);
  const lengths = (seals?.read.seals ?? []).map((s) => s.seal.logLength);
  const { chain, heads, recordedAt, atCheckpoint } = await walkLog(
    store,
    lengths,
    checkpoint?.position,
    onProgress,
  );
  const sealData =
    seals && sealsData(seals, { length: chain.log?.length ?? 0, heads, recordedAt }, pinned);
  const readModels =
    sqlite && (await auditReadModels(sqlite, checkpoint, atCheckpoint, { models: flags.models }));
  const data: VerifyData = {
    ...chain,
    ...(sealData && { seals: sealData }),
    ...(readModels && { readModels }),
    ...(await rulesData(store, flags)),
  };
  return { ...data, intact: firstFailure(data) === undefined };
};

/** With `--rules`, every event decided again. */
const rulesData = async (
  store: EventStore,
  flags: Pick<VerifyFlags, 'rules'>,
): Promise<{ readonly rules?: RulesAudit }> =>
  flags.rules === true ? { rules: await auditRules(store) } : {};

/** The first seal that does not hold (or line that is not a seal), in file order, in words. */
const sealFailure = (s: SealsData | undefined): string | undefined => {
  if (s === undefined) return undefined;
  const bad = s.bad[0];
  const seal = s.checked.find((c) => !c.ok);
  if (seal !== undefined && (bad === undefined || seal.line < bad.line))
    return `seal at line ${seal.line} of ${s.file} (${seal.logLength} events, sealed ${seal.sealedAt}) does not hold: ${seal.reason?.replace('_', ' ') ?? '?'}: ${seal.message ?? ''}`;
  if (bad !== undefined) return `line ${bad.line} of ${s.file} is not a seal: ${bad.message}`;
  return s.checked.length === 0
    ? `${s.file} holds no seal: nothing was checked against a seal`
    : undefined;
};

/** The first thing `verify` found broken, as the one line on stderr, or undefined. */
const firstFailure = (r: VerifyData): string | undefined => {
  if (!r.ok) return breakWords(r.firstBreak);
  const p = r.readModels?.problems[0];
  const refused = r.rules?.problems[0];
  return (
    sealFailure(r.seals) ??
    (p && `read models: ${p.reason.replaceAll('_', ' ')}: ${p.message}`) ??
    (refused && `rules: ${ruleWords(refused)}`)
  );
};

/** `decree verify`: recomputes every hash chain (and, with `--seal`, holds the log to its seals); exits 3 at the first break. */
export const registerVerify = (program: Command, ctx: CliContext, done: Done): void => {
  withExamples(
    withBaseFlags(
      program
        .command('verify')
        .description(
          'recompute every hash chain, find deleted events, hold the log to its seals and the read models to the log; exits 3 and names the first break',
        )
        .option(
          '--seal <file>',
          'also check every seal of this seal file (NDJSON, as decree seal appends): signature, length and log head',
        )
        .option(
          '--public-key <pem>',
          'the Ed25519 public key the seals must be signed with (else the key embedded in each seal, not independently pinned)',
        )
        .option(
          '--no-models',
          'do not replay each order to compare its stored read model (the checkpoint is still checked)',
        )
        .option(
          '--rules',
          "also decide every event again against its order's state before it, with this release's rules, and name each one they would not record (a restore loads a record as written)",
        ),
    ),
    [
      'decree verify',
      'decree verify --store backup.db --format json || echo "tampered"',
      'decree verify --seal decree.seals.ndjson --public-key seal.pub.pem',
      'decree verify --store received.db --rules',
    ],
  ).action(async (flags: VerifyFlags) => {
    if (flags.publicKey !== undefined && flags.seal === undefined)
      throw new CliError(
        '--public-key pins the key the seals of a seal file must be signed with: name the file with --seal <file>, or leave --public-key out',
      );
    const seals =
      flags.seal === undefined
        ? undefined
        : { file: flags.seal, read: parseSealFile(readTextArg(ctx, flags.seal, 'seal file')) };
    const pinned =
      flags.publicKey === undefined
        ? undefined
        : keyArg(() => parsePublicKey(readTextArg(ctx, flags.publicKey!, 'public key')));
    const result = await withEngine(ctx, storeOf(ctx, flags, true), async (engine) => {
      return withProgress(ctx, engine, 'verify', (update) =>
        verifyAll(engine, flags, seals, pinned, update),
      );
    });
    await emit(ctx, flags, 'verify', {}, result, formatVerify);
    const failure = firstFailure(result);
    if (failure !== undefined) throw new CliError(`integrity failure: ${failure}`, EXIT.integrity);
    done(EXIT.ok);
  });
};

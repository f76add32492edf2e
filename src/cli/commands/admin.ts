import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Engine } from '../../engine/engine.types.js';
import { write, type CliContext } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { formatReplay, formatVerify } from '../format/admin.js';
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
  withExamples(withBaseFlags(cmd), [
    'decree export > backup.ndjson',
    'decree export --out backup.ndjson --store sqlite:./decree.db',
  ]).action(async (flags: SharedFlags & { out?: string }) => {
    await withEngine(ctx, storeOf(ctx, flags, true), (engine) => exportTo(ctx, engine, flags.out));
    done(EXIT.ok);
  });
};

/** How many events the log holds, read cheaply from its last position (positions are 0-based; not for EventStoreDB, whose positions are offsets). */
const estimateTotal = async (engine: Engine): Promise<number | undefined> => {
  if (engine.store.kind === 'eventstoredb') return undefined;
  for await (const e of engine.store.readAll({ direction: 'backwards', limit: 1 }))
    return Number(e.globalPosition) + 1;
  return 0;
};

/** `decree replay`: rebuilds every projection, with a progress bar on a terminal. */
export const registerReplay = (program: Command, ctx: CliContext, done: Done): void => {
  withExamples(
    withBaseFlags(
      program
        .command('replay')
        .description('rebuild every projection from the log (progress bar on a terminal)'),
    ),
    ['decree replay', 'decree replay --store sqlite:/var/lib/decree/decree.db --format json'],
  ).action(async (flags: SharedFlags) => {
    const result = await withEngine(ctx, storeOf(ctx, flags, true), async (engine) => {
      const progress = createProgress(
        ctx.io,
        'replay',
        'events',
        ctx.io.stderrIsTTY ? await estimateTotal(engine) : undefined,
      );
      try {
        return await engine.replay({ onProgress: (n) => progress.update(n) });
      } finally {
        progress.stop();
      }
    });
    await emit(ctx, flags, 'replay', {}, result, formatReplay);
    done(EXIT.ok);
  });
};

/** `decree verify`: recomputes every hash chain; exits 3 at the first break. */
export const registerVerify = (program: Command, ctx: CliContext, done: Done): void => {
  withExamples(
    withBaseFlags(
      program
        .command('verify')
        .description('recompute every hash chain; exits 3 and names the first break'),
    ),
    ['decree verify', 'decree verify --store backup.db --format json || echo "tampered"'],
  ).action(async (flags: SharedFlags) => {
    const result = await withEngine(ctx, storeOf(ctx, flags, true), async (engine) => {
      const progress = createProgress(
        ctx.io,
        'verify',
        'events',
        ctx.io.stderrIsTTY ? await estimateTotal(engine) : undefined,
      );
      try {
        return await engine.verify({ onProgress: (n) => progress.update(n) });
      } finally {
        progress.stop();
      }
    });
    await emit(ctx, flags, 'verify', {}, result, formatVerify);
    if (!result.ok) {
      const b = result.firstBreak;
      throw new CliError(
        `integrity failure: ${b.reason.replace('_', ' ')} in stream ${b.stream} at revision ${b.revision}`,
        EXIT.integrity,
      );
    }
    done(EXIT.ok);
  });
};

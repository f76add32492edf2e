import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Engine } from '../../engine/engine.types.js';
import {
  checkSeals,
  createSeal,
  generateSealKeyPair,
  keyIdOf,
  parsePrivateKey,
  parsePublicKey,
  parseSealFile,
  sealLine,
  type SealFile,
} from '../../store/seal.js';
import { verifyStore } from '../../store/verify.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { breakWords, formatKeygen, formatSeal, type SealData } from '../format/admin.js';
import { keyArg, readTextArg } from './admin.js';
import type { Done } from './queries.js';
import {
  emit,
  storeOf,
  withBaseFlags,
  withEngine,
  withExamples,
  type SharedFlags,
} from './shared.js';

/** The environment variable that may hold the sealing key's PEM (instead of `--key`). */
export const SEAL_KEY_ENV = 'DECREE_SEAL_KEY';

/** The seal file `decree seal` appends to by default. */
export const DEFAULT_SEAL_FILE = 'decree.seals.ndjson';

interface SealFlags extends SharedFlags {
  readonly key?: string;
  readonly out: string;
}

/** The seal file's seals so far (none when it does not exist yet); a line that is not a seal refuses the sealing. */
const existingSeals = (ctx: CliContext, file: string): SealFile => {
  if (!existsSync(resolve(ctx.io.cwd, file))) return { seals: [], bad: [] };
  const read = parseSealFile(readTextArg(ctx, file, 'seal file'));
  const bad = read.bad[0];
  if (bad !== undefined)
    throw new CliError(
      `line ${bad.line} of ${file} is not a seal (${bad.message}); not appending to it`,
      EXIT.integrity,
    );
  return read;
};

/**
 * Verifies the log (chains, holes, and the seals already in the file), then signs its length and
 * head: a log that does not verify, or no longer extends an earlier seal, is never sealed.
 */
const sealStore = async (
  ctx: CliContext,
  engine: Engine,
  flags: SealFlags,
  pem: string,
): Promise<SealData> => {
  const key = keyArg(() => parsePrivateKey(pem));
  const earlier = existingSeals(ctx, flags.out);
  const heads = new Map<number, string>();
  const chain = await verifyStore(engine.store, {
    marks: { lengths: earlier.seals.map((s) => s.seal.logLength) },
    onLogPoint: (p) => heads.set(p.length, p.head),
  });
  if (!chain.ok)
    throw new CliError(
      `integrity failure: ${breakWords(chain.firstBreak)}; the log was not sealed`,
      EXIT.integrity,
    );
  const log = chain.log ?? { length: 0, head: '' };
  const broken = checkSeals(earlier.seals, { length: log.length, heads }).find((c) => !c.ok);
  if (broken !== undefined)
    throw new CliError(
      `integrity failure: the seal at line ${broken.line} of ${flags.out} does not hold (${broken.reason?.replace('_', ' ') ?? '?'}: ${broken.message ?? ''}); the log was not sealed`,
      EXIT.integrity,
    );
  const seal = createSeal(log, key, ctx.io.now());
  appendFileSync(resolve(ctx.io.cwd, flags.out), sealLine(seal), { mode: 0o644 });
  const text = readFileSync(resolve(ctx.io.cwd, flags.out), 'utf8');
  return { file: flags.out, line: text.trimEnd().split('\n').length, seal };
};

/** `decree seal`: signs the log's length and head with an Ed25519 key held outside the store, and appends the seal to a seal file. */
export const registerSeal = (program: Command, ctx: CliContext, done: Done): void => {
  withExamples(
    withBaseFlags(
      program
        .command('seal')
        .description(
          `verify the log, then sign its length and log head with an Ed25519 key kept outside the store (--key, or the PEM in $${SEAL_KEY_ENV}) and append the seal to a seal file`,
        )
        .option(
          '--key <pem>',
          `the Ed25519 private key file (default: the PEM in $${SEAL_KEY_ENV})`,
        )
        .option('--out <file>', 'the seal file to append to', DEFAULT_SEAL_FILE),
    ),
    [
      'decree keygen --out seal && decree seal --key seal.pem',
      `${SEAL_KEY_ENV}="$(cat /secure/seal.pem)" decree seal --store decree.db --out decree.seals.ndjson`,
      'decree verify --seal decree.seals.ndjson --public-key seal.pub.pem',
    ],
  ).action(async (flags: SealFlags) => {
    const pem =
      flags.key !== undefined ? readTextArg(ctx, flags.key, 'key file') : process.env[SEAL_KEY_ENV];
    if (pem === undefined || pem.trim() === '')
      throw new CliError(
        `no sealing key: pass --key <pem file> or put the PEM in $${SEAL_KEY_ENV} (decree keygen writes a key pair)`,
      );
    const data = await withEngine(ctx, storeOf(ctx, flags, true), (engine) =>
      sealStore(ctx, engine, flags, pem),
    );
    await emit(ctx, flags, 'seal', {}, data, formatSeal);
    done(EXIT.ok);
  });
};

/** `decree keygen`: writes an Ed25519 key pair for sealing (`<prefix>.pem`, private, and `<prefix>.pub.pem`). */
export const registerKeygen = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('keygen')
    .description(
      'write an Ed25519 key pair for decree seal: <prefix>.pem (private, mode 600) and <prefix>.pub.pem',
    )
    .requiredOption(
      '--out <prefix>',
      'where to write the two files (an existing file is never overwritten)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'),
    );
  withExamples(cmd, ['decree keygen --out /secure/decree-seal']).action(
    async (flags: { out: string; format: 'table' | 'json' }) => {
      const privateKey = `${flags.out}.pem`;
      const publicKey = `${flags.out}.pub.pem`;
      for (const f of [privateKey, publicKey])
        if (existsSync(resolve(ctx.io.cwd, f)))
          throw new CliError(`${f} exists already; keygen never overwrites a key`);
      const pair = generateSealKeyPair();
      writeFileSync(resolve(ctx.io.cwd, privateKey), pair.privateKeyPem, {
        mode: 0o600,
        flag: 'wx',
      });
      writeFileSync(resolve(ctx.io.cwd, publicKey), pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
      const keyId = keyIdOf(parsePublicKey(pair.publicKeyPem));
      await emit(
        ctx,
        { format: flags.format, store: '' },
        'keygen',
        {},
        { privateKey, publicKey, keyId },
        formatKeygen,
      );
      done(EXIT.ok);
    },
  );
};

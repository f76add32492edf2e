import type { Command } from 'commander';
import { jsonSchemaOf, SCHEMA_KINDS, type SchemaKind } from '../../format/json-schema.js';
import { write, type CliContext } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import type { Done } from './queries.js';
import { withExamples } from './shared.js';

/** `decree schema [line|export|event|command] [type]`: prints a published JSON Schema (2020-12). */
export const registerSchema = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('schema')
    .description(
      'print the JSON Schema (2020-12) of an import line (default), an export line, an event or a command; the same files ship in the package as @decree-engine/decree/schema/*.json',
    )
    .argument('[kind]', `what to describe: ${SCHEMA_KINDS.join(', ')}`, 'line')
    .argument('[type]', 'one event or command type only, e.g. ObligationImposed or MakePayment');
  withExamples(cmd, [
    'decree schema > decree-line.schema.json',
    'decree schema event ObligationImposed',
    'decree schema command MakePayment',
  ]).action(async (kind: string, type: string | undefined) => {
    if (!(SCHEMA_KINDS as readonly string[]).includes(kind))
      throw new CliError(`unknown schema "${kind}": expected one of ${SCHEMA_KINDS.join(', ')}`);
    let schema: Record<string, unknown>;
    try {
      schema = jsonSchemaOf(kind as SchemaKind, type);
    } catch (e) {
      throw new CliError(
        (e as { issues?: { message: string }[] }).issues?.[0]?.message ?? String(e),
      );
    }
    await write(ctx.io.stdout, `${JSON.stringify(schema, null, 2)}\n`);
    done(EXIT.ok);
  });
};

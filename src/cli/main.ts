import { CommanderError, type Command } from 'commander';
import { isBrokenPipe, processIo, write, type CliIo, type OpenEngine } from './context.js';
import { CliError, debugDetail, errorLine, exitCodeOf, EXIT, fileProblem } from './errors.js';
import { buildProgram } from './program.js';
import { errorEnvelope, jsonWritten, toJson } from './format/envelope.js';

/** What tests may substitute: the streams, folder and clock, and how an engine is opened. */
export interface MainOverrides {
  readonly io?: CliIo;
  readonly openEngine?: OpenEngine;
}

const defaultOpenEngine: OpenEngine = async (options) => {
  const { createEngine } = await import('../engine/engine.js');
  return createEngine(options);
};

/** Whether the command line asks for JSON output (`--format json` or `--format=json`). */
const wantsJson = (argv: readonly string[]): boolean =>
  argv.some((a, i) => a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));

/** Commander's own exits: help and version are 0, every parse error is a usage error. */
const commanderExit = (e: CommanderError): number => (e.exitCode === 0 ? EXIT.ok : EXIT.usage);

/**
 * Runs `decree` with `argv` as `process.argv` would have it (`[node, script, ...args]`) and
 * returns the exit code; never calls `process.exit` and never throws.
 */
export const main = async (
  argv: readonly string[],
  overrides: MainOverrides = {},
): Promise<number> => {
  const io = overrides.io ?? processIo();
  const debug = argv.includes('--debug');
  let code: number = EXIT.ok;
  const program = buildProgram(
    { io, openEngine: overrides.openEngine ?? defaultOpenEngine, debug },
    (c) => {
      code = c;
    },
  );
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (thrown) {
    return failed(thrown, argv, commandNamed(argv, program), io, debug);
  }
};

/** The command a command line names (its first argument that is one of the program's commands, options anywhere), else ''. */
const commandNamed = (argv: readonly string[], program: Command): string => {
  const names = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  return argv.slice(2).find((a) => names.has(a)) ?? '';
};

/** What a failed run prints (the error line on stderr; with `--format json`, the envelope on stdout) and its exit code. */
const failed = async (
  thrown: unknown,
  argv: readonly string[],
  command: string,
  io: CliIo,
  debug: boolean,
): Promise<number> => {
  const envelope = async (e: unknown) => {
    if (wantsJson(argv) && !jsonWritten(io.stdout))
      await write(io.stdout, toJson(errorEnvelope(command, e)));
  };
  if (thrown instanceof CommanderError) {
    // Commander printed the error on stderr; a script reading stdout still gets its envelope.
    const exit = commanderExit(thrown);
    if (exit !== EXIT.ok) await envelope(new CliError(thrown.message.replace(/^error: /, '')));
    return exit;
  }
  if (isBrokenPipe(thrown)) return EXIT.ok;
  const e = fileProblem(thrown) ?? thrown;
  await write(io.stderr, `${errorLine(e)}\n${debug ? `${debugDetail(thrown)}\n` : ''}`);
  await envelope(e);
  return exitCodeOf(e);
};

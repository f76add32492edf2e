// The README's examples are run here, so that what a new user copies works as printed.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/index.js';
import { marked, README, ROOT } from './support/readme.js';

const run = promisify(execFile);
const outputOf = async (cmd: string, args: string[], cwd: string) => {
  try {
    return (await run(cmd, args, { cwd, encoding: 'utf8' })).stdout;
  } catch (e) {
    return (e as { stdout: string }).stdout; // `status` exits 1 on a non-compliant order: its output still counts
  }
};

describe('README', () => {
  it('has one example of each kind, so none of these checks can pass vacuously', () => {
    expect(marked('run').map((b) => b.arg)).toEqual(['cli', 'library', 'ndjson']);
    expect(marked('file').map((b) => b.arg)).toEqual(['examples/property-test.spec.ts']);
    expect(marked('package').map((b) => b.arg)).toEqual(['inversify']); // run by test/package/tarball.spec.ts
  });

  it('library example prints what the README says it prints', async () => {
    const block = marked('run').find((b) => b.arg === 'library')!;
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    const file = join(ROOT, 'test-artifacts', 'readme-library.mts'); // inside the package, so '@decree-engine/decree' resolves to it by name
    writeFileSync(file, block.body);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(stdout).toBe(block.output);
  });

  it('command-line session prints what the README shows, command by command', async () => {
    const block = marked('run').find((b) => b.arg === 'cli')!;
    const cwd = mkdtempSync(join(tmpdir(), 'decree-readme-'));
    try {
      mkdirSync(join(cwd, 'examples'));
      copyFileSync(
        join(ROOT, 'examples', 'twitter-2022.ndjson'),
        join(cwd, 'examples', 'twitter-2022.ndjson'),
      );
      const steps = block.body.split(/^\$ /m).filter(Boolean);
      expect(steps.length).toBeGreaterThan(2);
      for (const step of steps) {
        const [command = '', ...expected] = step.split('\n');
        const [name, ...args] = command.split(' ');
        expect(name).toBe('decree');
        expect(
          await outputOf(process.execPath, [join(ROOT, 'bin', 'decree.js'), ...args], cwd),
          command,
        ).toBe(expected.join('\n'));
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('NDJSON example imports cleanly into an empty store, every line appended', async () => {
    const lines = marked('run')
      .find((b) => b.arg === 'ndjson')!
      .body.trim()
      .split('\n');
    const engine = await createEngine({ store: 'memory' });
    const report = await engine.importNdjson(lines);
    expect(report).toMatchObject({ problems: [], appended: lines.length, written: true });
    await engine.close();
  });

  it('quotes example files verbatim', () => {
    for (const { arg, body } of marked('file'))
      expect(body).toBe(readFileSync(join(ROOT, arg), 'utf8'));
  });

  it('test command is exactly what CI runs, and the quick start names the bundled example', () => {
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    expect(README).toContain('npm ci && npm test');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
    expect(README).toContain(
      'npm ci && npx decree import --backfill examples/twitter-2022.ndjson && npx decree status  # status exits 1 when an order is in default, 0 otherwise: 0 here',
    );
  });

  it('the quick start runs as printed: the import, status (exit 0, as its line says) and the known-at question', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'decree-quick-'));
    try {
      mkdirSync(join(cwd, 'examples'));
      copyFileSync(
        join(ROOT, 'examples', 'twitter-2022.ndjson'),
        join(cwd, 'examples', 'twitter-2022.ndjson'),
      );
      const quick = /```sh\nnpm ci && (npx decree import [^\n]*?) && (npx decree status) {2}#/.exec(
        README,
      );
      const knownAt = /```sh\n(npx decree status --as-of [^\n]*)\n```/.exec(README);
      expect(quick).not.toBeNull();
      expect(knownAt).not.toBeNull();
      const decree = (command: string) =>
        run(process.execPath, [join(ROOT, 'bin', 'decree.js'), ...command.split(' ').slice(2)], {
          cwd,
          encoding: 'utf8',
        });
      expect((await decree(quick![1]!)).stdout).toMatch(/backfilled 34 lines: 34 events appended/);
      const status = await decree(quick![2]!); // rejects on a non-zero exit
      expect(status.stdout).toContain('2 orders: 1 unverified, 1 compliant');
      const then = await decree(knownAt![1]!);
      expect(then.stdout).not.toContain('ftc-demand-2022-11-10');
      expect(then.stdout).toMatch(
        /known at 2022-11-15T23:59:59\.999Z: rests on \d+ backfilled facts/,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

// The package as a consumer gets it: `npm pack`, installed into a fresh strict NodeNext project
// (skipLibCheck off), type-checked and run. Installs from npm's cache where it can (`--prefer-offline`: the
// repository's own `npm ci` filled it), and copies the SQLite driver's compiled binary instead of
// building it again.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marked, ROOT } from '../support/readme.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const dir = mkdtempSync(join(tmpdir(), 'decree-consumer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) =>
  run('npm', args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });

/** Every file the program resolved through the ESM loader, one URL a line (a resolve hook records them). */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.LOADED_LOG, r.url + '\\n');
  return r;
}`;

const CONSUMER = `import { createEngine, isDecreeError, type OrderAnswer } from '${pkg.name}';
import { orderHistoryArb } from '${pkg.name}/testing';
import fc from 'fast-check';

const engine = await createEngine({ store: 'sqlite:./consumer.db' });
const report = await engine.importNdjsonFile(process.argv[2]!, { backfill: true });
const answers: OrderAnswer[] = await engine.statusAll({ asOf: '2023-01-01' });
const [history] = fc.sample(orderHistoryArb(), { numRuns: 1, seed: 7 });
await engine.close();
let afterClose = 'no error';
try {
  await engine.orders();
} catch (e) {
  afterClose = isDecreeError(e) ? e.code : 'untyped';
}
let esdb = 'opened';
try {
  await createEngine({ store: 'esdb://127.0.0.1:2113?tls=false' }); // its client is an optional peer, not installed here
} catch (e) {
  esdb = isDecreeError(e) ? e.code : 'untyped';
}
console.log(JSON.stringify({ appended: report.appended, orders: answers.map((a) => a.orderId), generated: history !== undefined, afterClose, esdb }));
`;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'index.js'))) await npm(['run', 'build'], ROOT);
  const packed = JSON.parse(
    (await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)).stdout,
  ) as { filename: string; files: { path: string }[] }[];
  writeFileSync(join(dir, 'files.json'), JSON.stringify(packed[0]!.files.map((f) => f.path)));
  const tarball = join(dir, packed[0]!.filename);
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: {
        [pkg.name]: `file:${tarball}`,
        'fast-check': pkg.peerDependencies['fast-check'],
        inversify: pkg.peerDependencies['inversify'],
      },
      devDependencies: { '@types/node': pkg.devDependencies['@types/node'] },
    }),
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        types: ['node'],
        outDir: 'out',
      },
      include: ['*.ts'],
    }),
  );
  writeFileSync(join(app, 'consumer.ts'), CONSUMER);
  writeFileSync(
    join(app, 'inversify.ts'),
    marked('package').find((b) => b.arg === 'inversify')!.body,
  );
  writeFileSync(join(app, 'hooks.mjs'), HOOKS);
  writeFileSync(
    join(app, 'register.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
  );
  writeFileSync(join(app, 'import-only.mjs'), `await import('${pkg.name}');\n`);
  writeFileSync(
    join(app, 'require.cjs'),
    `const decree = require('${pkg.name}');\nconsole.log(typeof decree.createEngine);\n`,
  );
  await npm(['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], app);
  // The native driver, as the repository's own install built it.
  cpSync(
    join(ROOT, 'node_modules', 'better-sqlite3', 'build'),
    join(app, 'node_modules', 'better-sqlite3', 'build'),
    { recursive: true },
  );
}, 240_000);

const app = () => join(dir, 'app');
const EXAMPLE = join(ROOT, 'examples', 'twitter-2022.ndjson');

describe('the packed package, installed into a fresh strict project', () => {
  it('type-checks with skipLibCheck off, and runs the engine, the testing kit and the README inversify example', async () => {
    await run(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app()],
      { cwd: app() },
    ).catch((e: { stdout: string }) => {
      throw new Error(`tsc failed in the consumer project:\n${e.stdout}`);
    });
    const { stdout } = await run(process.execPath, [join(app(), 'out', 'consumer.js'), EXAMPLE], {
      cwd: app(),
    });
    const lines = readFileSync(EXAMPLE, 'utf8').trim().split('\n');
    const streams = new Set(lines.map((l) => (JSON.parse(l) as { stream: string }).stream));
    expect(JSON.parse(stdout)).toEqual({
      appended: lines.length,
      orders: [...streams].map((s) => s.replace(/^order-/, '')).sort(),
      generated: true,
      afterClose: 'STORE_UNAVAILABLE',
      esdb: 'STORE_DRIVER_MISSING',
    });
    await run(process.execPath, [join(app(), 'out', 'inversify.js')], { cwd: app() });
  });

  it('loads neither the EventStoreDB client (gRPC) nor inversify on import', async () => {
    const log = join(dir, 'loaded.log');
    writeFileSync(log, '');
    await run(process.execPath, ['--import', './register.mjs', 'import-only.mjs'], {
      cwd: app(),
      env: { ...process.env, LOADED_LOG: log },
    });
    const loaded = readFileSync(log, 'utf8').split('\n');
    expect(loaded.some((u) => u.includes(`/node_modules/${pkg.name}/dist/src/index.js`))).toBe(
      true,
    ); // the hook saw the package
    expect(
      loaded.filter((u) => /\/node_modules\/(@eventstore|@grpc|inversify|fast-check)\//.test(u)),
    ).toEqual([]);
  });

  it('can be required from CommonJS', async () => {
    const { stdout } = await run(process.execPath, ['require.cjs'], { cwd: app() });
    expect(stdout.trim()).toBe('function');
  });

  it('ships a LICENSE, and every source map it ships points at a source it ships', () => {
    const files = new Set(JSON.parse(readFileSync(join(dir, 'files.json'), 'utf8')) as string[]);
    expect(files.has('LICENSE')).toBe(true);
    const maps = [...files].filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(100);
    const missing = maps.flatMap((m) => {
      const { sources } = JSON.parse(
        readFileSync(join(app(), 'node_modules', pkg.name, m), 'utf8'),
      ) as { sources: string[] };
      return sources.map((s) => join(m, '..', s)).filter((s) => !files.has(s));
    });
    expect(missing).toEqual([]);
  });
});

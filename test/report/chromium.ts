import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Chromium to drive: `/usr/bin/chromium`, else `chromium-browser` on PATH, else `$CHROMIUM_PATH`; undefined when none. */
export const findChromium = (): string | undefined => {
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, 'chromium-browser')))
      return join(dir, 'chromium-browser');
  }
  const fromEnv = process.env['CHROMIUM_PATH'];
  return fromEnv !== undefined && fromEnv !== '' && executable(fromEnv) ? fromEnv : undefined;
};

const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v !== 'false';

/** Whether a missing browser fails the run instead of skipping: under `CI` or `DECREE_REQUIRE_BROWSER=1`. */
export const browserRequired = (env: NodeJS.ProcessEnv): boolean =>
  truthy(env['CI']) || truthy(env['DECREE_REQUIRE_BROWSER']);

/** The message a missing browser fails with. */
export const NO_CHROMIUM =
  "Chromium not found (looked for /usr/bin/chromium, chromium-browser on PATH, $CHROMIUM_PATH): install Debian's chromium, e.g. `apt-get update && apt-get install -y chromium`";

/** Headless, offline-leaning flags; a fresh profile directory is added per run. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Runs Chromium with the flags, a fresh `--user-data-dir` (removed after) and `extra`, and returns its stdout (60 s limit). */
export const runChromium = async (chromium: string, extra: readonly string[]): Promise<string> => {
  const profile = await mkdtemp(join(tmpdir(), 'decree-chromium-'));
  try {
    return await chromiumOutput(chromium, [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${profile}`,
      ...extra,
    ]);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
};

/** Chromium's stdout for `args`, or an error with the end of its stderr. */
const chromiumOutput = (chromium: string, args: readonly string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(
      chromium,
      args,
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(
              `${chromium} ${args.join(' ')} failed: ${error.message}\n${stderr.slice(-2000)}`,
            ),
          );
        else resolve(stdout);
      },
    );
  });

const decode = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');

/** The attributes of every `<tag …>` start tag in serialised HTML, entity-decoded. */
export const startTags = (html: string, tag: string): Record<string, string>[] =>
  [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((m) =>
    Object.fromEntries(
      [...(m[1] ?? '').matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map((a) => [
        a[1] ?? '',
        decode(a[2] ?? ''),
      ]),
    ),
  );

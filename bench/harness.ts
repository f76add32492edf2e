import { fork } from 'node:child_process';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { join } from 'node:path';

/** One benchmark row as printed and written to JSON. */
export interface RowResult {
  readonly name: string;
  /** What was measured and at which size, e.g. "1,000,000 events". */
  readonly size: string;
  /** Decree's figure (median), with its unit. */
  readonly decree: Figure;
  /** The baseline's figure (median), absent for absolute rows. */
  readonly baseline?: Figure;
  /** How the ratio is defined, e.g. "baseline time / Decree time". */
  readonly ratioDefinition?: string;
  readonly ratio?: number;
  readonly target: string;
  readonly met: boolean | undefined;
  /** Extra figures (peak RSS, p99...) worth printing. */
  readonly extra?: Record<string, number | string>;
  readonly notes?: readonly string[];
}

/** A measured figure: its median, every run, and the unit. */
export interface Figure {
  readonly median: number;
  readonly runs: readonly number[];
  readonly unit: string;
}

/** The median of a non-empty list. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The p-th percentile (0–100, nearest rank) of a non-empty list. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

/** Collects garbage when node runs with `--expose-gc`, so one measurement does not pay for the previous one's garbage. */
export const collectGarbage = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

/** Runs `fn` once and returns its wall time in milliseconds and its result. */
export const timed = async <T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> => {
  collectGarbage();
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
};

/**
 * Runs a script of the benchmarks in a child process (with the parent's node options) and resolves
 * with the one message it sends; `signal` kills the child (the promise then rejects).
 */
export const inChild = <T>(
  script: string,
  args: readonly string[],
  label: string,
  execArgv: readonly string[] = process.execArgv,
  signal?: AbortSignal,
): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = fork(script, [...args], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...execArgv],
      ...(signal ? { signal } : {}),
    });
    let answer: T | undefined;
    child.on('message', (m) => {
      answer = m as T;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && answer !== undefined
        ? resolve(answer)
        : reject(new Error(`${label} child exited with ${code}`)),
    );
  });

/** A figure from a list of runs. */
export const figure = (runs: readonly number[], unit: string): Figure => ({
  median: median(runs),
  runs,
  unit,
});

/** Formats a number for the table (integers with separators, small numbers with 3 significant digits). */
export const fmt = (n: number): string =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : Number(n.toPrecision(3)).toString();

/** The version of an installed package (from its package.json under `root`), or 'unknown'. */
export const packageVersion = (root: string, name: string): string => {
  try {
    return (
      JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
};

const git = (root: string, args: string): string => {
  try {
    return execSync(`git ${args}`, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
};

/** Machine, runtime and package versions, for the JSON results. */
export const machineInfo = (root: string) => {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
    freeMemoryMBAtStart: Math.round(freemem() / 2 ** 20),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    decree: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
      .version,
    gitCommit: git(root, 'rev-parse HEAD'),
    gitDirty: git(root, 'status --porcelain --untracked-files=no') !== '',
    packages: Object.fromEntries(
      [
        'better-sqlite3',
        'zod',
        'canonicalize',
        'temporal-polyfill',
        'tsx',
        'typescript',
        '@event-driven-io/emmett-sqlite',
        'sqlite3',
      ].map((n) => [n, packageVersion(root, n)]),
    ),
  };
};

/** The Markdown table of the rows. */
export const markdownTable = (rows: readonly RowResult[], smoke = false): string => {
  const head =
    '| benchmark | size | Decree (median) | baseline (median) | ratio | target | met |\n|---|---|---|---|---|---|---|';
  const lines = rows.map((r) => {
    const extra = r.extra
      ? ` (${Object.entries(r.extra)
          .map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : v}`)
          .join(', ')})`
      : '';
    const base = r.baseline ? `${fmt(r.baseline.median)} ${r.baseline.unit}` : '—';
    const ratio =
      r.ratio === undefined
        ? '—'
        : `${r.ratio.toFixed(3)}${r.ratioDefinition ? ` (${r.ratioDefinition})` : ''}`;
    // A smoke run's tiny figures say nothing about the targets, which are set at full size.
    const met = smoke ? 'n/a (smoke)' : r.met === undefined ? 'n/a' : r.met ? 'yes' : '**no**';
    return `| ${r.name} | ${r.size} | ${fmt(r.decree.median)} ${r.decree.unit}${extra} | ${base} | ${ratio} | ${r.target} | ${met} |`;
  });
  return [head, ...lines].join('\n');
};

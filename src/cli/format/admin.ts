import type { LineProblem } from '../../engine/engine.types.js';
import type { VerifyResult } from '../../store/verify.js';
import { plural } from './text.js';

/**
 * `import --format json` data: `{ file, lines, appended, duplicates, refused, restore,
 * problems: [{ line, code, path, message }], rejectFile: string | null }`. `refused` is true when bad
 * lines made the import write nothing (always, unless `--skip-invalid`, which writes the good lines
 * and puts the bad ones in `rejectFile`). `duplicates` are events already recorded, skipped.
 */
export interface ImportData {
  readonly file: string;
  /** Whether the lines stated their recorded times (`--backfill`). */
  readonly backfill: boolean;
  readonly lines: number;
  readonly appended: number;
  readonly duplicates: number;
  readonly refused: boolean;
  readonly restore: boolean;
  readonly problems: readonly LineProblem[];
  readonly rejectFile: string | null;
}

/** `verify --format json` data: `{ ok, streams, events, firstBreak?: { stream, revision, globalPosition (string), expected, found, reason } }`. */
export type VerifyData = VerifyResult;

/** `replay --format json` data: `{ events, orders }` (how many events were folded into how many orders). */
export interface ReplayData {
  readonly events: number;
  readonly orders: number;
}

/** One bad line: `line 3: data.amount.currency: expected a three-letter ISO 4217 code [INVALID_INPUT]` (no path when the whole line is bad). */
export const problemLine = (p: LineProblem): string =>
  `line ${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message} [${p.code}]`;

/** What an import did, or why it did nothing. */
export const formatImport = (d: ImportData): string[] => {
  const bad = new Set(d.problems.map((p) => p.line)).size;
  const found = d.problems.length > bad ? ` (${plural(d.problems.length, 'problem')})` : '';
  if (d.refused)
    return [
      `${d.file}: ${plural(bad, 'bad line')}${found} of ${d.lines}; nothing was imported (fix them, or use --skip-invalid)`,
    ];
  const verb = d.restore ? 'restored' : d.backfill ? 'backfilled' : 'imported';
  const rejected =
    bad > 0
      ? [
          `${plural(bad, 'bad line')}${found} skipped, written to ${d.rejectFile ?? '(no reject file)'}`,
        ]
      : [];
  return [
    `${d.file}: ${verb} ${plural(d.lines, 'line')}: ${plural(d.appended, 'event')} appended, ${plural(d.duplicates, 'duplicate')} already recorded`,
    ...rejected,
  ];
};

/** The `verify` outcome in one or two lines. */
export const formatVerify = (r: VerifyResult): string[] => {
  const checked = `${plural(r.streams, 'stream')}, ${plural(r.events, 'event')}`;
  if (r.ok) return [`ok: every hash chain verifies (${checked})`];
  const b = r.firstBreak;
  return [
    `BROKEN: ${b.reason.replace('_', ' ')} in stream ${b.stream} at revision ${b.revision} (global position ${b.globalPosition})`,
    `  expected ${b.expected}`,
    `  found    ${b.found}`,
    `  (checked before the break: ${checked})`,
  ];
};

/** The `replay` outcome. */
export const formatReplay = (r: ReplayData): string[] => [
  `replayed ${plural(r.events, 'event')} into ${plural(r.orders, 'order')}`,
];

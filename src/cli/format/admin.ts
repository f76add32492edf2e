import type { LineProblem } from '../../engine/engine.types.js';
import type { ReadModelAudit } from '../../engine/runner.js';
import type { RuleProblem, RulesAudit } from '../../engine/rules-audit.js';
import type { BadSealLine, Seal, SealCheck } from '../../store/seal.js';
import type { ChainBreak, VerifyResult } from '../../store/verify.js';
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

/** The seals of `verify --seal FILE` checked against the log. */
export interface SealsData {
  readonly file: string;
  /** Whether signatures were checked with `--public-key` (else with the key embedded in each seal). */
  readonly pinned: boolean;
  readonly checked: readonly SealCheck[];
  /** Lines of the seal file that are not seals (each a break). */
  readonly bad: readonly BadSealLine[];
}

/**
 * `verify --format json` data: `{ ok, streams, events, firstBreak?: { stream, revision,
 * globalPosition (string), expected, found, reason }, log: { length, head }, seals?: { file,
 * pinned, checked: [{ line, logLength, sealedAt, keyId, pinned, ok, reason?, found?, message? }],
 * bad: [{ line, message }] }, readModels?: { projection, version, position, anchored, current,
 * compared, problems: [{ projection, key?, reason, message }] }, intact }`. `ok` is the hash
 * chains' verdict (and position holes); `intact` is everything's: chains, seals and read models.
 */
export type VerifyData = VerifyResult & {
  readonly seals?: SealsData;
  readonly readModels?: ReadModelAudit;
  /** With `--rules`: every event decided again (`auditRules`). */
  readonly rules?: RulesAudit;
  readonly intact?: boolean;
};

/** One event the rules would not record, in words: where it is, what it is and why. */
export const ruleWords = (p: RuleProblem): string =>
  `stream ${p.stream} revision ${p.revision} (global position ${p.globalPosition}, ${p.type} ${p.eventId}): ${p.code}: ${p.message}`;

const ruleLines = (a: RulesAudit): string[] =>
  a.problems.length === 0
    ? [
        `ok: the order's rules record every event (${plural(a.events, 'event')} of ${plural(a.streams, 'stream')} decided again)`,
      ]
    : [
        `BROKEN: the order's rules would not record ${plural(a.problems.length, 'event')} of ${a.events}:`,
        ...a.problems.map((p) => `  ${ruleWords(p)}`),
      ];

/** `seal --format json` data: the seal appended, the file and its line there. */
export interface SealData {
  readonly file: string;
  readonly line: number;
  readonly seal: Seal;
}

/** `keygen --format json` data: the files written and the key's id. */
export interface KeygenData {
  readonly privateKey: string;
  readonly publicKey: string;
  readonly keyId: string;
}

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
    `${d.file}: ${verb} ${bad > 0 ? `${d.lines - bad} of ${d.lines} lines` : plural(d.lines, 'line')}: ${plural(d.appended, 'event')} appended, ${plural(d.duplicates, 'duplicate')} already recorded`,
    ...rejected,
  ];
};

/** A chain break in words: where, and (for a hole in the positions) which positions are missing. */
export const breakWords = (b: ChainBreak): string => {
  if (b.reason !== 'position_gap')
    return `${b.reason.replace('_', ' ')} in stream ${b.stream} at revision ${b.revision}`;
  const last = BigInt(b.found) - 1n;
  const missing = last === BigInt(b.expected) ? `${b.expected}` : `${b.expected}..${last}`;
  return `events missing at global position${missing.includes('.') ? 's' : ''} ${missing} (deleted), before stream ${b.stream} at revision ${b.revision}`;
};

const chainLines = (r: VerifyResult): string[] => {
  const checked = `${plural(r.streams, 'stream')}, ${plural(r.events, 'event')}`;
  if (r.ok) return [`ok: every hash chain verifies (${checked})`];
  const b = r.firstBreak;
  const found =
    b.reason === 'position_gap'
      ? [`  expected position ${b.expected}`, `  found    position ${b.found}`]
      : [`  expected ${b.expected}`, `  found    ${b.found}`];
  return [
    `BROKEN: ${breakWords(b)} (global position ${b.globalPosition})`,
    ...found,
    `  (checked before the break: ${checked})`,
  ];
};

/** One seal's verdict: `seal line 2 (34 events, sealed 2025-01-01T00:00:00.000Z): ok`. */
const sealLine = (c: SealCheck): string =>
  `seal line ${c.line} (${plural(c.logLength, 'event')}, sealed ${c.sealedAt}): ${
    c.ok ? 'ok' : `BROKEN: ${c.reason?.replace('_', ' ') ?? '?'}: ${c.message ?? ''}`
  }`;

/** What the seals that hold cover: the whole log, or all but its last events, which no seal covers. */
const coverage = (s: SealsData, log: VerifyData['log']): string => {
  const sealed = Math.max(...s.checked.map((c) => c.logLength));
  const after = (log?.length ?? sealed) - sealed;
  return after === 0
    ? `the last seal covers the whole log (${plural(sealed, 'event')})`
    : `the log extends what was sealed; its last ${plural(after, 'event')} (after the first ${sealed}) ${after === 1 ? 'is' : 'are'} covered by no seal: nothing here shows ${after === 1 ? 'it was' : 'they were'} not altered, or the log not cut short after ${after === 1 ? 'it' : 'them'}`;
};

/** The verdict on the seal file as a whole. */
const sealVerdict = (s: SealsData, log: VerifyData['log']): string => {
  const broken = s.checked.filter((c) => !c.ok).length + s.bad.length;
  if (broken > 0)
    return `BROKEN: ${plural(broken, 'seal')} of ${s.file} ${broken === 1 ? 'does' : 'do'} not hold`;
  if (s.checked.length === 0) return `BROKEN: ${s.file} holds no seal: nothing was checked`;
  return `ok: ${plural(s.checked.length, 'seal')} of ${s.file} hold${s.checked.length === 1 ? 's' : ''}: ${coverage(s, log)}`;
};

const sealLines = (s: SealsData, log: VerifyData['log']): string[] => {
  const keys = [...new Set(s.checked.map((c) => c.keyId))];
  return [
    ...s.checked.map(sealLine),
    ...s.bad.map((b) => `seal line ${b.line}: BROKEN: not a seal: ${b.message}`),
    sealVerdict(s, log),
    ...(log ? [`log: ${plural(log.length, 'event')}, head ${log.head}`] : []),
    ...(s.pinned || s.checked.length === 0
      ? []
      : [
          `note: signatures checked with the public key embedded in each seal (keyId ${keys.join(', ')}), not independently pinned; pass --public-key to pin it`,
        ]),
  ];
};

const readModelLines = (a: ReadModelAudit): string[] =>
  a.problems.length === 0
    ? []
    : [
        `BROKEN: read models disagree with the log (checkpoint at global position ${a.position ?? 'none'}):`,
        ...a.problems.map((p) => `  ${p.reason.replaceAll('_', ' ')}: ${p.message}`),
        '  (queries refuse while the checkpoint does not match the log, and otherwise answer from the models as stored; decree replay rebuilds them from the log, with --force when the log itself is broken)',
      ];

/** What consistent hash chains without a seal do not show. */
const UNSEALED_NOTE =
  'note: consistent hash chains cannot show the record is complete, or unaltered by whoever holds it: verify against seals you received (--seal) and a key you hold (--public-key)';

/** The `verify` outcome: the hash chains, then the seals (with `--seal`) and read models that disagree with the log. */
export const formatVerify = (r: VerifyData): string[] => [
  ...chainLines(r),
  ...(r.seals ? sealLines(r.seals, r.log) : []),
  ...(r.readModels ? readModelLines(r.readModels) : []),
  ...(r.rules ? ruleLines(r.rules) : []),
  ...(r.seals === undefined && r.ok ? [UNSEALED_NOTE] : []),
];

/** The `seal` outcome. */
export const formatSeal = (d: SealData): string[] => [
  `sealed ${plural(d.seal.logLength, 'event')}: log head ${d.seal.logHead}`,
  `  key ${d.seal.keyId}, sealed at ${d.seal.sealedAt}; appended to ${d.file} (line ${d.line})`,
];

/** The `keygen` outcome. */
export const formatKeygen = (d: KeygenData): string[] => [
  `wrote ${d.privateKey} (private: keep it outside the store, readable by the sealer only)`,
  `wrote ${d.publicKey} (public: give it to whoever checks the seals)`,
  `key id ${d.keyId}`,
];

/** The `replay` outcome. */
export const formatReplay = (r: ReplayData): string[] => [
  `replayed ${plural(r.events, 'event')} into ${plural(r.orders, 'order')}`,
];

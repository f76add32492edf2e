/** The width tables are laid out for. */
export const TERMINAL_WIDTH = 80;

const digitsCache = new Map<string, number>();

/** How many minor-unit digits a currency has (2 for USD, 0 for JPY, 3 for KWD). */
export const minorDigits = (currency: string): number => {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d =
        new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
};

/** Formats money from integer minor units, exactly (no floats): `{ amountMinor: 15000000000, currency: 'USD' }` → `USD 150,000,000.00`. */
export const formatMoney = (m: {
  readonly amountMinor: number;
  readonly currency: string;
}): string => {
  const digits = minorDigits(m.currency);
  const abs = BigInt(Math.abs(Math.trunc(m.amountMinor)));
  const scale = 10n ** BigInt(digits);
  const whole = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : '';
  return `${m.currency} ${m.amountMinor < 0 ? '-' : ''}${whole}${frac}`;
};

/** `1 event`, `2 events`. */
export const plural = (n: number, word: string, many = `${word}s`): string =>
  `${n} ${n === 1 ? word : many}`;

/** Cuts text to `width` characters, ending with `…` when cut. */
export const truncate = (text: string, width: number): string =>
  text.length <= width ? text : width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;

/** One column of a text table. */
export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** The column that shrinks (its cells cut with `…`) so the table fits the width. */
  readonly flex?: boolean;
  /** The widest this column may be (cells cut with `…`). */
  readonly max?: number;
}

const SEP = '  ';
const MIN_FLEX = 12;

const widthsOf = (
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  max: number,
): number[] => {
  const widths = columns.map((c, i) =>
    Math.min(c.max ?? Infinity, Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const flex = columns.findIndex((c) => c.flex === true);
  const total = widths.reduce((a, b) => a + b, 0) + SEP.length * (columns.length - 1);
  if (flex >= 0 && total > max)
    widths[flex] = Math.max(MIN_FLEX, (widths[flex] ?? 0) - (total - max));
  return widths;
};

const cell = (text: string, width: number, column: Column | undefined, last: boolean): string => {
  const t = truncate(text, width);
  if (column?.align === 'right') return t.padStart(width);
  return last ? t : t.padEnd(width);
};

/**
 * Lays rows out under headers in columns two spaces apart, no wider than `max` when a flex
 * column can shrink enough; right-aligned columns suit numbers and amounts. No trailing spaces.
 */
export const renderTable = (
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  max = TERMINAL_WIDTH,
): string[] => {
  const widths = widthsOf(columns, rows, max);
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => cell(cells[i] ?? '', widths[i] ?? 0, c, i === columns.length - 1))
      .join(SEP)
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
};

/** Joins output lines into text with a final newline (empty output stays empty). */
export const toText = (lines: readonly string[]): string =>
  lines.length === 0 ? '' : `${lines.map(visible).join('\n')}\n`;

// C0 and C1 controls (escape sequences, line breaks, backspace…), DEL, and the bidirectional
// overrides and isolates that reorder what a terminal shows.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as a terminal should show it: every control character and direction override escaped as
 * `\u001b`, so a title or a name read from an imported file can neither move the cursor, clear
 * the screen, nor start a line of its own (a forged `COMPLIANT`). JSON output is not touched.
 */
export const visible = (text: string): string =>
  text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Wraps text at spaces to lines of at most `width` characters, continuation lines indented by `indent` spaces. */
export const wrap = (text: string, width = TERMINAL_WIDTH, indent = 4): string[] => {
  if (text.length <= width) return [text];
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const next = line.trim() === '' ? `${line}${word}` : `${line} ${word}`;
    if (next.length > width && line.trim() !== '') {
      lines.push(line);
      line = `${' '.repeat(lead.length + indent)}${word}`;
    } else line = next;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
};

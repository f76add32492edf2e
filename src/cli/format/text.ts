/** The width tables are laid out for when the output is not a terminal and `COLUMNS` is not set. */
export const TERMINAL_WIDTH = 80;

let layoutWidth = TERMINAL_WIDTH;

/**
 * Runs a (synchronous) formatter with tables and wrapped text laid out for `width` columns (the
 * terminal's, or `Infinity` for `--wide`), then restores the default.
 */
export const withLayoutWidth = <T>(width: number, format: () => T): T => {
  const before = layoutWidth;
  layoutWidth = Math.max(40, width);
  try {
    return format();
  } finally {
    layoutWidth = before;
  }
};

/** The width tables and wrapped text are laid out for now. */
export const currentWidth = (): number => layoutWidth;

export { decimalAmount, formatMoney, minorDigits } from '../../../projections/index.js';

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
  /**
   * A text column (a title, a summary) that narrows so the table fits the width, its cells wrapped
   * onto continuation lines, never cut. Identifiers are never flex: a table of ids that cannot fit
   * is wider than the terminal rather than cutting the ids one pastes into another command.
   */
  readonly flex?: boolean;
  /** The widest this column may be (longer cells wrap onto continuation lines). */
  readonly max?: number;
}

const SEP = '  ';
const MIN_FLEX = 12;

const widthsOf = (
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  max: number,
): number[] => {
  // A loop, not Math.max(...cells): a table may have more rows than a call may have arguments.
  const widths = columns.map((c, i) => {
    let widest = c.header.length;
    for (const r of rows) widest = Math.max(widest, (r[i] ?? '').length);
    return Math.min(c.max ?? Infinity, widest);
  });
  const flex = columns.findIndex((c) => c.flex === true);
  const total = widths.reduce((a, b) => a + b, 0) + SEP.length * (columns.length - 1);
  if (flex >= 0 && total > max)
    widths[flex] = Math.max(
      Math.min(widths[flex] ?? 0, MIN_FLEX),
      (widths[flex] ?? 0) - (total - max),
    );
  return widths;
};

/** Breaks text into pieces of at most `width` characters, at spaces where it can, inside a word where it must. */
const pieces = (text: string, width: number): string[] => {
  if (text.length <= width) return [text];
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    if (line !== '' && line.length + 1 + w.length > width) {
      out.push(line);
      line = '';
    }
    while (w.length > width) {
      const room = line === '' ? width : width - line.length - 1;
      if (room <= 0) {
        out.push(line);
        line = '';
        continue;
      }
      out.push(line === '' ? w.slice(0, room) : `${line} ${w.slice(0, room)}`);
      line = '';
      w = w.slice(room);
    }
    line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') out.push(line);
  return out;
};

const cell = (text: string, width: number, column: Column | undefined, last: boolean): string => {
  if (column?.align === 'right') return text.padStart(width);
  return last ? text : text.padEnd(width);
};

/**
 * Lays rows out under headers in columns two spaces apart, no wider than the layout width when a
 * flex column can narrow enough; a cell wider than its column continues on the next lines, so
 * nothing is ever cut. Right-aligned columns suit numbers and amounts. No trailing spaces.
 */
export const renderTable = (
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  max = layoutWidth,
): string[] => {
  const widths = widthsOf(columns, rows, max);
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => cell(cells[i] ?? '', widths[i] ?? 0, c, i === columns.length - 1))
      .join(SEP)
      .trimEnd();
  const physical = (cells: readonly string[]): string[] => {
    const parts = columns.map((_, i) => pieces(cells[i] ?? '', widths[i] ?? 0));
    const height = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) => line(parts.map((p) => p[k] ?? '')));
  };
  return [line(columns.map((c) => c.header)), ...rows.flatMap(physical)];
};

/** A table printed an item at a time (an order's block): `next` gives an item's lines, `end` what follows the last. */
export interface TableInTurn<T> {
  next(item: T): string[];
  end(): string[];
}

/** Blocks separated by a blank line, printed in turn; `none` when there is no item. */
export const blocksInTurn = <T>(
  block: (item: T) => string[],
  none: readonly string[] = [],
): TableInTurn<T> => {
  let n = 0;
  return {
    next: (item) => (n++ === 0 ? block(item) : ['', ...block(item)]),
    end: () => (n === 0 ? [...none] : []),
  };
};

/** Every line of a table printed in turn, given all its items at once. */
export const allInTurn = <T>(table: TableInTurn<T>, items: readonly T[]): string[] => [
  ...items.flatMap((item) => table.next(item)),
  ...table.end(),
];

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
export const wrap = (text: string, width = layoutWidth, indent = 4): string[] => {
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

import { describe, expect, it } from 'vitest';
import {
  formatImport,
  formatReplay,
  formatVerify,
  problemLine,
  type ImportData,
} from '../../src/cli/format/admin.js';
import { csvOf, DOCKET_CSV, inertCell, STATUS_CSV, toCsv } from '../../src/cli/format/csv.js';
import { formatDeadlines, relativeDue } from '../../src/cli/format/deadlines.js';
import { formatDocket, formatExplain } from '../../src/cli/format/docket.js';
import { envelope, JSON_VERSION, toJson } from '../../src/cli/format/envelope.js';
import { formatExposure, formatLedger, totalsByCurrency } from '../../src/cli/format/money.js';
import { formatStatus, inDefault, lateCell } from '../../src/cli/format/status.js';
import { formatTimeline } from '../../src/cli/format/timeline.js';
import {
  formatMoney,
  minorDigits,
  plural,
  renderTable,
  TERMINAL_WIDTH,
  toText,
  truncate,
  visible,
  withLayoutWidth,
} from '../../src/cli/format/text.js';
import type { Money } from '../../domain/index.js';
import {
  docketEntry,
  doj,
  explanation,
  exposure,
  ftc,
  ledgerLine,
  timeline,
  upcoming,
} from './support/fixtures.js';
import { exposureTotals } from '../../projections/index.js';
import type { CalendarDate, DeadlineEntry, Explanation } from '../../src/index.js';

const fits = (lines: readonly string[]) =>
  lines.forEach((l) => expect(l.length, l).toBeLessThanOrEqual(TERMINAL_WIDTH));
const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });

describe('money', () => {
  it.each([
    [15_000_000_000, 'USD', 'USD 150,000,000.00'],
    [0, 'USD', 'USD 0.00'],
    [5, 'USD', 'USD 0.05'],
    [-123_456, 'EUR', 'EUR -1,234.56'],
    [1_000_000, 'JPY', 'JPY 1,000,000'],
    [1_234_567, 'KWD', 'KWD 1,234.567'],
    [Number.MAX_SAFE_INTEGER, 'USD', 'USD 90,071,992,547,409.91'],
  ])('%i minor units of %s is %s', (minor, currency, text) =>
    expect(formatMoney(money(minor, currency))).toBe(text),
  );

  it('knows minor digits per currency, defaulting to 2', () => {
    expect([
      minorDigits('USD'),
      minorDigits('JPY'),
      minorDigits('BHD'),
      minorDigits('???'),
    ]).toEqual([2, 0, 3, 2]);
  });

  it('sums per currency in first-seen order', () => {
    expect(
      totalsByCurrency([money(1, 'USD'), money(2, 'EUR'), money(3, 'USD')] as Money[]),
    ).toEqual([money(4, 'USD'), money(2, 'EUR')]);
  });
});

describe('text helpers', () => {
  it('pluralises and truncates', () => {
    expect([plural(1, 'event'), plural(2, 'event'), plural(0, 'day')]).toEqual([
      '1 event',
      '2 events',
      '0 days',
    ]);
    expect([truncate('abcdef', 6), truncate('abcdef', 4), truncate('abc', 1)]).toEqual([
      'abcdef',
      'abc…',
      'a',
    ]);
    expect([toText([]), toText(['a', 'b'])]).toEqual(['', 'a\nb\n']);
  });

  it('lays out columns, right-aligns numbers, leaves no trailing spaces', () => {
    const lines = renderTable(
      [{ header: 'NAME' }, { header: 'N', align: 'right' }, { header: 'NOTE' }],
      [
        ['a', '1', ''],
        ['bbbb', '100', 'x'],
      ],
    );
    expect(lines).toEqual(['NAME    N  NOTE', 'a       1', 'bbbb  100  x']);
  });

  it('narrows the flex column to fit the width and wraps long cells onto continuation lines, never cutting them', () => {
    const long = 'word '.repeat(40).trim();
    const id = 'obligation-with-a-long-identifier/2031-03-04';
    const lines = renderTable(
      [{ header: 'ID' }, { header: 'WHO', max: 5 }, { header: 'TEXT', flex: true }],
      [[id, 'Someone long', long]],
      70,
    );
    expect(lines.every((l) => l.length <= 70)).toBe(true);
    expect(lines[1]!.startsWith(`${id}  Someo  word word`)).toBe(true); // the id whole, on its row's first line
    const column = (start: number, width: number) =>
      lines
        .slice(1)
        .map((l) => l.slice(start, start + width).trim())
        .filter(Boolean);
    expect(column(id.length + 2, 5).join('')).toBe('Someone long'.replace(' ', '')); // wrapped at the space, nothing lost
    expect(column(id.length + 9, 70).join(' ')).toBe(long);
  });

  it('lets a table of ids be wider than the width rather than cut an id', () => {
    const id = `x/${'y'.repeat(100)}`;
    const lines = renderTable([{ header: 'OCCURRENCE' }, { header: 'STATUS' }], [[id, 'due']], 40);
    expect(lines[1]).toBe(`${id}  due`);
  });

  it('lays out for the width it is given: the terminal, or unbounded with --wide', () => {
    const rows = [['a'.repeat(30), 'b '.repeat(40).trim()]];
    const cols = [{ header: 'ID' }, { header: 'TEXT', flex: true }];
    expect(withLayoutWidth(60, () => renderTable(cols, rows)).every((l) => l.length <= 60)).toBe(
      true,
    );
    expect(withLayoutWidth(Infinity, () => renderTable(cols, rows))).toHaveLength(2);
    expect(renderTable(cols, rows).every((l) => l.length <= TERMINAL_WIDTH)).toBe(true); // restored after
  });
});

describe('status', () => {
  it('shows each order with its status words, due dates and days late, within 80 columns', () => {
    const lines = formatStatus({ orders: [ftc, doj] });
    fits(lines);
    const text = lines.join('\n');
    expect(text).toContain('order ftc-c4316: NON_COMPLIANT as of 2023-01-01');
    expect(text).toMatch(/A-5-privacy-security-program\/once\s+overdue\s+2022-11-22\s+40d/);
    expect(text).toMatch(/S-1-civil-penalty\/once\s+satisfied\s+2022-06-02$/m);
    expect(lines.at(-1)).toBe('2 orders: 1 non_compliant, 1 compliant');
  });

  it('has no summary for one order, and says when the store is empty', () => {
    expect(formatStatus({ orders: [doj] }).some((l) => l.includes('orders:'))).toBe(false);
    expect(formatStatus({ orders: [] })).toEqual(['no orders known']);
  });

  it('flags non-compliance for the exit code', () => {
    expect([ftc, doj].map(inDefault)).toEqual([true, false]);
    expect([lateCell(3), lateCell(0), lateCell(undefined)]).toEqual(['3d', '', '']);
  });
});

describe('timeline, deadlines', () => {
  it('lists order and occurrence change points', () => {
    const lines = formatTimeline({ orders: [timeline] });
    fits(lines);
    expect(lines).toContain('2022-11-23  non_compliant');
    expect(lines.join('\n')).toMatch(
      /A-5-privacy-security-program\/once\s+2022-05-26\s+upcoming\s+2022-11-22\n\s+2022-11-23\s+overdue/,
    );
  });

  it('says how far each deadline is', () => {
    expect([
      relativeDue('2022-10-01', '2022-11-22'),
      relativeDue('2022-11-22', '2022-11-22'),
      relativeDue('2023-01-01', '2022-11-22'),
    ]).toEqual(['in 52d', 'today', '40d ago']);
    const lines = formatDeadlines({ withinDays: 90, deadlines: [upcoming] }, '2022-10-01');
    fits(lines);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^2022-11-22\s+ftc-c4316\s+A-5-privacy-security-program\/once\s+upcoming\s+in 52d$/,
      ),
    );
    expect(formatDeadlines({ withinDays: 7, deadlines: [] }, '2022-10-01')).toEqual([
      'no open deadlines within 7 days of 2022-10-01',
    ]);
  });
});

describe('exposure, ledger, docket, explain', () => {
  it('shows accrued exposure by basis, with its label, citation and table row, and subtotals per basis', () => {
    const contempt = {
      ...exposure,
      basis: 'contempt',
      amount: undefined,
      rate: undefined,
      label: 'civil contempt exposure: not quantified',
      citation: '18 U.S.C. 401(3)',
    } as unknown as typeof exposure;
    const lines = formatExposure(
      {
        orders: [
          {
            orderId: 'ftc-c4316',
            exposures: [exposure, contempt],
            totals: exposureTotals([exposure, contempt]),
          },
          { orderId: 'x', exposures: [], totals: [] },
        ],
      },
      '2023-01-01',
    );
    const text = lines.join('\n');
    expect(text).toContain(`${exposure.occurrenceId}  `); // the id whole, however wide the table gets
    expect(text).toContain('penalty exposure accrued by 2023-01-01');
    expect(text).toMatch(/statutory\s+2022-11-23\s+2023-01-01\s+40\s+USD 1,860,680.00/);
    expect(text).toMatch(/contempt\s+2022-11-23\s+2023-01-01\s+40\s+not quantified/);
    expect(text).toContain('subtotal statutory: USD 1,860,680.00 (1 row)');
    expect(text).toContain('contempt: 1 row, not quantified');
    expect(text.replace(/\n\s+/g, ' ')).toContain(
      'statutory: statutory ceiling for one continuing violation; not a prediction; 15 U.S.C. 45(l); rate USD 46,517.00 a day from 2022-01-10 (87 FR 1070 (2022))',
    );
    expect(text.replace(/\n\s+/g, ' ')).toContain(
      'nothing accrued: the record shows no deadline missed, no violation found and no money unpaid (an unverified item, with no evidence on a partial record, is no default)',
    );
  });

  it('formats the ledger from minor units', () => {
    const lines = formatLedger(
      { orders: [{ orderId: 'us-v-twitter-2022', lines: [ledgerLine] }] },
      '2023-01-01',
    );
    fits(lines);
    expect(lines.at(-1)).toMatch(/^USD\s+USD 150,000,000.00\s+USD 150,000,000.00\s+USD 0.00$/);
  });

  it('wraps long actors and entries within the width, never cutting them, and marks retracted entries', () => {
    const lines = formatDocket(
      { orders: [{ orderId: 'ftc-c4316', entries: [docketEntry] }] },
      '2023-01-01',
    );
    fits(lines);
    const rows = lines.slice(lines.findIndex((l) => l.startsWith('EFFECTIVE')) + 1);
    expect(rows[0]).toMatch(/^2022-06-22\s+response\s+Twitter, Inc\.\s+\[retracted\] User notice/);
    const actorColumn = rows.map((l) => l.slice(22, 38).trim()).join(' ');
    expect(actorColumn.replace(/\s+/g, ' ')).toBe(docketEntry.actor.name);
  });

  it("explains as a lawyer cites: the deadline's computation, each deciding fact by date, actor, type, clause and source, the facts considered, the assumed inputs, and never a bare id", () => {
    const lines = formatExplain({
      orderId: 'ftc-c4316',
      occurrenceId: explanation.answer.id,
      ...explanation,
    });
    expect(lines).toContain('status:       overdue');
    expect(lines.every((l) => !/^[a-z ]+:\S/.test(l))).toBe(true); // a space after every label, the longest ('satisfied on:') included
    expect(lines).toContain('days late:    40');
    expect(lines).toContain('  - no satisfying evidence; overdue since 2022-11-23');
    expect(lines).toContain('No satisfying evidence recorded by 2022-11-22.');
    expect(lines.join('\n').replace(/\s+/g, ' ')).toContain(
      'rule: FRCP 6(a)(1)(C): a last day on a weekend or legal holiday rolls to the next business day',
    );
    fits(lines);
    expect(lines).toContain('  2022-05-26  FTC (regulator)  Obligation imposed  [Section V]');
    expect(lines).toContain(
      '      text: "establish and implement a comprehensive privacy program"',
    );
    expect(lines).toContain('      source: Cruz/Jordan letter');
    expect(lines.slice(lines.indexOf('considered, did not decide:'))).toContain(
      '  2022-12-01  DOJ (regulator)  Violation alleged',
    );
    expect(lines).toContain(
      '  - effectiveOn: date of the 2022 Order assumed (obligation imposed, 2022-05-26)',
    );
    expect(lines.join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // never a bare UUID in text
    const unverified = formatExplain({
      orderId: 'ftc-c4316',
      occurrenceId: explanation.answer.id,
      ...explanation,
      answer: { ...explanation.answer, status: 'unverified' },
    });
    expect(unverified).toContain(
      'No evidence recorded; not a finding (the evidence record is partial).',
    );
  });

  it('lists the rule behind every rolled deadline', () => {
    const lines = formatDeadlines({ withinDays: 90, deadlines: [upcoming] }, '2022-10-01');
    fits(lines);
    expect(lines.join('\n').replace(/\n\s+/g, ' ')).toContain(
      'A-5-privacy-security-program/once: nominally 2022-11-20; 2022-11-20 Sunday; 2022-11-21 Saturday: FRCP 6(a)(1)(C)',
    );
  });

  it('says when a deadline counted back fell before its duty arose, with or without a roll from that day', () => {
    const day = (d: string) => d as CalendarDate;
    const arose = (skipped: Explanation['computation']['skipped']): DeadlineEntry => ({
      ...upcoming,
      computation: {
        ...upcoming.computation,
        nominalDueOn: day('2022-10-12'),
        arisesOn: day('2022-11-19'),
        skipped,
      },
    });
    const text = (d: DeadlineEntry) =>
      formatDeadlines({ withinDays: 90, deadlines: [d] }, '2022-10-01')
        .join('\n')
        .replace(/\n\s+/g, ' ');
    expect(text(arose([]))).toContain(
      'A-5-privacy-security-program/once: nominally 2022-10-12, before the duty arose on 2022-11-19: due from then',
    );
    expect(text(arose([{ date: day('2022-11-19'), why: 'Saturday' }]))).toContain(
      'A-5-privacy-security-program/once: nominally 2022-10-12, before the duty arose on 2022-11-19: due from then; 2022-11-19 Saturday: FRCP 6(a)(1)(C)',
    );
    const lines = formatExplain({
      orderId: 'ftc-c4316',
      occurrenceId: explanation.answer.id,
      ...explanation,
      computation: {
        ...explanation.computation,
        nominalDueOn: day('2022-10-12'),
        arisesOn: day('2022-11-22'),
      },
    });
    expect(lines).toContain(
      '  arose:      2022-11-22 (the duty arose after the nominal date: due from then)',
    );
    expect(
      lines.indexOf(
        '  arose:      2022-11-22 (the duty arose after the nominal date: due from then)',
      ),
    ).toBe(lines.indexOf('  nominal:    2022-10-12') + 1);
  });
});

describe('terminal safety', () => {
  it('shows control characters and direction overrides escaped, so text cannot drive the terminal', () => {
    expect(visible('a\u001b[2Jb')).toBe('a\\u001b[2Jb');
    expect(visible('title\nCOMPLIANT as of 2023-01-01')).toBe(
      'title\\u000aCOMPLIANT as of 2023-01-01',
    );
    expect(visible('x\rY\u0007\u009b\u202eZ')).toBe('x\\u000dY\\u0007\\u009b\\u202eZ');
    expect(visible('Federal Trade Commission — café, 12 % ✓')).toBe(
      'Federal Trade Commission — café, 12 % ✓',
    );
  });

  it('every table line goes out escaped: one line in, one line out', () => {
    const forged = { ...ftc, title: 'Acme\nCOMPLIANT as of 2023-01-01\u001b[2J' };
    const text = toText(formatStatus({ orders: [forged] }));
    expect(text.includes(String.fromCharCode(27))).toBe(false);
    expect(text.split('\n').some((l) => l.startsWith('COMPLIANT'))).toBe(false);
    expect(text).toContain('Acme\\u000aCOMPLIANT as of 2023-01-01\\u001b[2J');
  });
});

describe('spreadsheet safety', () => {
  it('a text from the record that a spreadsheet would run as a formula goes out as text', () => {
    // Three occurrences titled by an outside source, and a docket entry whose actor and summary are.
    const [first] = ftc.occurrences;
    const titles = ['@SUM(A1)', '+cmd|calc', '-2+3'];
    const status = toCsv(
      csvOf(STATUS_CSV, [
        { ...ftc, occurrences: titles.map((title, i) => ({ ...first!, id: `x/${i}`, title })) },
      ]),
    );
    const docket = toCsv(
      csvOf(DOCKET_CSV, [
        {
          orderId: 'ftc-c4316',
          entries: [
            {
              ...docketEntry,
              actor: { role: 'company', name: '=HYPERLINK("http://x","y")' },
              summary: '\t=1+1',
            },
          ],
        },
      ]),
    );
    for (const text of ['@SUM(A1)', '+cmd|calc', '-2+3']) expect(status).toContain(`'${text}`);
    expect(docket).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(docket).toContain("'\t=1+1");
    // No cell of either begins with what a spreadsheet runs (a quoted cell is read unquoted).
    const runs = (csv: string) =>
      csv
        .split('\r\n')
        .flatMap((line) => line.split(','))
        .filter((c) => /^"?[=+\-@\t]/.test(c) && !/^"?[+-]?\d+(\.\d+)?"?$/.test(c));
    expect([runs(status), runs(docket)]).toEqual([[], []]);
  });

  it('numbers, dates and ids go out as they are', () => {
    expect(['-1250.00', '+3', '12', '2023-01-01', 'report/once'].map(inertCell)).toEqual([
      '-1250.00',
      '+3',
      '12',
      '2023-01-01',
      'report/once',
    ]);
    expect(['=1+1', '\tx', '\r=x', '-x'].map(inertCell)).toEqual(["'=1+1", "'\tx", "'\r=x", "'-x"]);
  });
});

describe('import, verify, replay', () => {
  const base: ImportData = {
    file: 'x.ndjson',
    lines: 3,
    appended: 2,
    duplicates: 1,
    refused: false,
    restore: false,
    backfill: false,
    problems: [],
    rejectFile: null,
  };
  const problem = {
    line: 2,
    code: 'INVALID_INPUT',
    path: 'metadata.effectiveOn',
    message: '2023-02-29 is not a date that exists in the calendar',
  };

  it('prints bad lines as line N: path: message [CODE]', () => {
    expect(problemLine(problem)).toBe(
      'line 2: metadata.effectiveOn: 2023-02-29 is not a date that exists in the calendar [INVALID_INPUT]',
    );
    expect(problemLine({ ...problem, path: '', message: 'the line is not valid UTF-8' })).toBe(
      'line 2: the line is not valid UTF-8 [INVALID_INPUT]',
    );
  });

  it('reports counts, refusals and reject files', () => {
    expect(formatImport(base)).toEqual([
      'x.ndjson: imported 3 lines: 2 events appended, 1 duplicate already recorded',
    ]);
    expect(formatImport({ ...base, refused: true, problems: [problem] })[0]).toMatch(
      /1 bad line of 3; nothing was imported/,
    );
    expect(
      formatImport({
        ...base,
        lines: 4,
        problems: [problem],
        rejectFile: 'x.ndjson.rejects.ndjson',
      }),
    ).toEqual([
      'x.ndjson: imported 3 of 4 lines: 2 events appended, 1 duplicate already recorded',
      '1 bad line skipped, written to x.ndjson.rejects.ndjson',
    ]);
    expect(formatImport({ ...base, restore: true })[0]).toMatch(/restored 3 lines/);
    expect(formatImport({ ...base, backfill: true })[0]).toMatch(/backfilled 3 lines/);
  });

  it('counts bad lines, not problems: one line with two problems is one bad line', () => {
    const second = { ...problem, path: 'data.title', message: 'required: text' };
    expect(formatImport({ ...base, refused: true, problems: [problem, second] })[0]).toMatch(
      /: 1 bad line \(2 problems\) of 3; nothing was imported/,
    );
    const third = { ...problem, line: 3 };
    expect(formatImport({ ...base, refused: true, problems: [problem, second, third] })[0]).toMatch(
      /: 2 bad lines \(3 problems\) of 3;/,
    );
  });

  it('names the stream and revision of a break', () => {
    expect(formatVerify({ ok: true, streams: 2, events: 26 })).toEqual([
      'ok: every hash chain verifies (2 streams, 26 events)',
      expect.stringMatching(/^note: consistent hash chains cannot show the record is complete/),
    ]);
    const [first] = formatVerify({
      ok: false,
      streams: 1,
      events: 3,
      firstBreak: {
        stream: 'order-a',
        revision: 3,
        globalPosition: 3n,
        expected: 'e',
        found: 'f',
        reason: 'hash_mismatch',
      },
    });
    expect(first).toBe('BROKEN: hash mismatch in stream order-a at revision 3 (global position 3)');
    expect(formatReplay({ events: 1, orders: 2 })).toEqual(['replayed 1 event into 2 orders']);
  });
});

describe('JSON envelope', () => {
  it('has version, command, asOf, knownAt (null when absent) and data', () => {
    expect(envelope('status', { asOf: '2023-01-01' }, { orders: [] })).toEqual({
      version: JSON_VERSION,
      command: 'status',
      asOf: '2023-01-01',
      knownAt: null,
      data: { orders: [] },
    });
    expect(JSON_VERSION).toBe(1);
  });

  it('serialises bigints as decimal strings', () => {
    expect(JSON.parse(toJson(envelope('verify', {}, { at: 12n })))).toMatchObject({
      asOf: null,
      data: { at: '12' },
    });
  });
});

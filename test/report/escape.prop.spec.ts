// Laws of the report's escaping: escaped text and embedded JSON say exactly what they were given,
// and hold no character beyond Latin-1, so that a page is a one-byte string whatever the user text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  extractJsonScript,
  jsonForScript,
  renderHtmlReport,
  REPORT_DATA_ID,
} from '../../src/report/index.js';
import { fcParams } from '../projections/support.js';
import { reportFixture } from './report-fixture.js';

/** Whether every UTF-16 code unit of `s` is Latin-1 (what V8 keeps as a one-byte string). */
const latin1 = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
};

/** The text an HTML parser reads from escaped text: each numeric character reference, decoded. */
const decodeReferences = (html: string): string =>
  html.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

/** User text: any code point (unpaired surrogates too), often beyond Latin-1 and often markup. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.constantFrom('<', '&', '"', "'", '>', 'é', '§', '—', '“', '▲', '😀', '\u2028', 'a'))
    .map((cs) => cs.join('')),
);

describe('report escaping (laws)', () => {
  it('escaped text is Latin-1, decodes to the text given, and leaves Latin-1 other than markup as it is', () => {
    let beyond = 0;
    fc.assert(
      fc.property(text, (s) => {
        const escaped = escapeHtml(s);
        if (!latin1(s)) beyond++;
        expect(latin1(escaped)).toBe(true);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(decodeReferences(escaped)).toBe(s);
        const plain = [...s].filter((c) => c.charCodeAt(0) <= 0xff && !`&<>"'`.includes(c));
        expect(escaped.replace(/&#\d+;/g, '')).toBe(plain.join(''));
      }),
      fcParams(300),
    );
    expect(beyond).toBeGreaterThan(150); // most cases carry text a one-byte page must escape
  });

  it('JSON for a script is Latin-1 with no `<`, `>` or `&`, and parses to the value given', () => {
    let beyond = 0;
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 }))), (v) => {
        const json = jsonForScript(v);
        if (!latin1(JSON.stringify(v))) beyond++;
        expect(latin1(json)).toBe(true);
        expect(json).not.toMatch(/[<>&]/);
        expect(JSON.parse(json)).toEqual(v);
      }),
      fcParams(300),
    );
    expect(beyond).toBeGreaterThan(150);
  });

  it('a whole page is Latin-1 whatever its user text, and carries that text intact', () => {
    let beyond = 0;
    fc.assert(
      fc.property(text, text, (title, orderTitle) => {
        const input = reportFixture();
        const order = input.orders[0]!;
        const page = renderHtmlReport({
          ...input,
          title,
          orders: [{ ...order, answer: { ...order.answer, title: orderTitle } }],
        });
        if (!latin1(title + orderTitle)) beyond++;
        expect(latin1(page)).toBe(true);
        expect(page).toContain(`<h1>${escapeHtml(title)}</h1>`);
        expect(JSON.stringify(extractJsonScript(page, REPORT_DATA_ID))).toContain(
          JSON.stringify(orderTitle).slice(1, -1),
        );
      }),
      fcParams(50),
    );
    expect(beyond).toBeGreaterThan(25);
  });
});

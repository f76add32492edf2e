/**
 * Escapes text for HTML element content and double-quoted attribute values: the five
 * HTML-significant characters, and every character beyond Latin-1 as a numeric character
 * reference (one per code point), so that a page built of escaped text is a one-byte string, which
 * V8 flattens and encodes for writing several times faster than a two-byte one.
 */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"'\u0100-\u{10FFFF}]/gu, (c) => `&#${c.codePointAt(0)};`);

/**
 * Serialises a value as JSON safe to place inside a `<script>` element: `<`, `>` and `&` become
 * `\u` escapes (so `</script>` or `<!--` in user text cannot end the element), as does every code
 * unit beyond Latin-1 (U+2028/U+2029 among them), which keeps the page a one-byte string.
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[<>&\u0100-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** Reads back the JSON embedded in `<script type="application/json" id="…">` of a page, or undefined. */
export const extractJsonScript = (html: string, id: string): unknown => {
  const open = `<script type="application/json" id="${id}">`;
  const start = html.indexOf(open);
  if (start < 0) return undefined;
  const end = html.indexOf('</script>', start + open.length);
  return end < 0 ? undefined : JSON.parse(html.slice(start + open.length, end));
};

/** Escapes text for HTML element content and double-quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Serialises a value as JSON safe to place inside a `<script>` element: `<`, `>` and `&` become
 * `\u` escapes (so `</script>` or `<!--` in user text cannot end the element), as do U+2028/U+2029.
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
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

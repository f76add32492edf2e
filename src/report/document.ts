import { escapeHtml as h } from './escape.js';
import { REPORT_CSS } from './report-style.js';

/** The policy of a page without script: inline style only, nothing fetched. */
export const NO_SCRIPT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** A self-contained page of the report: its head (charset, viewport, content policy, title, inline CSS) around `body`. */
export const htmlDocument = (title: string, csp: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="generator" content="Decree">
<title>${h(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;

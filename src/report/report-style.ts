/** Every status the chart can draw, occurrences' first, then the order's, each with its fill and text colour. */
export const STATUS_COLOURS: Readonly<
  Record<string, { readonly fill: string; readonly text: string }>
> = {
  upcoming: { fill: '#cfd8e3', text: '#1f2937' },
  due_soon: { fill: '#f2b33d', text: '#1f2937' },
  submitted: { fill: '#6f9fd8', text: '#0b1f3a' },
  satisfied: { fill: '#2f8f5b', text: '#ffffff' },
  satisfied_late: { fill: '#93c47d', text: '#1f2937' },
  in_force: { fill: '#7fb89a', text: '#1f2937' },
  waived: { fill: '#b9a7d6', text: '#1f2937' },
  superseded: { fill: '#a3a8b8', text: '#1f2937' },
  void: { fill: '#e5e7eb', text: '#374151' },
  unverified: { fill: '#e8d8a0', text: '#1f2937' },
  overdue: { fill: '#e07b39', text: '#1f2937' },
  breached: { fill: '#b3261e', text: '#ffffff' },
  absent: { fill: '#f3f4f6', text: '#6b7280' },
  pending_entry: { fill: '#dbe4f0', text: '#1f2937' },
  compliant: { fill: '#2f8f5b', text: '#ffffff' },
  at_risk: { fill: '#f2b33d', text: '#1f2937' },
  non_compliant: { fill: '#b3261e', text: '#ffffff' },
  terminated: { fill: '#5b6475', text: '#ffffff' },
  expired: { fill: '#6b7280', text: '#ffffff' },
  vacated: { fill: '#9ca3af', text: '#1f2937' },
};

/** Occurrence statuses in legend order. */
export const OCCURRENCE_LEGEND = [
  'upcoming',
  'due_soon',
  'submitted',
  'satisfied',
  'satisfied_late',
  'in_force',
  'unverified',
  'overdue',
  'breached',
  'waived',
  'superseded',
  'void',
  'absent',
] as const;
/** Order statuses in legend order. */
export const ORDER_LEGEND = [
  'pending_entry',
  'compliant',
  'at_risk',
  'unverified',
  'non_compliant',
  'terminated',
  'expired',
  'vacated',
  'superseded',
] as const;

/** A status as words: `due_soon` → `due soon`, `non_compliant` → `non-compliant`, `absent` → `not listed`. */
export const statusLabel = (status: string): string =>
  status === 'absent'
    ? 'not listed'
    : status === 'non_compliant'
      ? 'non-compliant'
      : status === 'unverified'
        ? 'unverified (no evidence recorded)'
        : status === 'in_force'
          ? 'in force'
          : status.replace(/_/g, ' ');

/** A CSS class name for a status (statuses are a closed set, but the name is sanitised anyway). */
export const statusClass = (status: string): string => `s-${status.replace(/[^a-z_]/g, '')}`;

const statusRules = Object.entries(STATUS_COLOURS)
  .map(([s, c]) => `.${statusClass(s)}{--c:${c.fill};--t:${c.text}}`)
  .join('\n');

/** The page's whole stylesheet: system fonts, a restrained palette, tables and the chart; nothing external. */
export const REPORT_CSS = `
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f7f8fa;--card:#fff;--accent:#1d4ed8}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
.page-head{background:#111827;color:#f9fafb;padding:20px 28px}
.page-head h1{margin:0 0 6px;font-size:22px;font-weight:600;letter-spacing:.01em}
.meta{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0;color:#d1d5db;font-size:13px}
.meta div{display:flex;gap:6px}.meta dt{color:#9ca3af}.meta dd{margin:0;font-variant-numeric:tabular-nums}
.toc{margin-top:10px;font-size:13px}.toc a{color:#bfdbfe;margin-right:16px}
main{padding:20px 28px 8px;max-width:1500px}
.order{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:0 0 24px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.order-head{display:flex;flex-wrap:wrap;align-items:flex-start;justify-content:space-between;gap:12px;border-bottom:1px solid var(--line);padding-bottom:12px}
.order-head h2{margin:0;font-size:19px;font-weight:600}
.sub{margin:2px 0 0;color:var(--muted);font-size:13px}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:22px 0 8px;font-weight:600}
.reasons{margin:10px 0 0;padding-left:20px}.reasons li{margin:2px 0}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}
.badge{display:inline-flex;align-items:center;gap:6px;white-space:nowrap;border:1px solid var(--line);border-radius:999px;padding:1px 9px 1px 6px;font-size:12.5px;background:#fff;color:var(--ink)}
.badge i{display:inline-block;width:10px;height:10px;border-radius:3px;background:var(--c);box-shadow:inset 0 0 0 1px rgba(0,0,0,.15)}
.badge.big{font-size:15px;font-weight:600;padding:5px 14px 5px 10px;background:var(--c);color:var(--t);border-color:transparent}
.badge.big i{display:none}
.legend{display:flex;flex-wrap:wrap;gap:6px 8px;margin:0 0 8px;align-items:center;font-size:12.5px}
.legend .lg-title{color:var(--muted);margin-right:2px}
.legend .sep{width:1px;height:16px;background:var(--line);margin:0 6px}
.chart-scroll,.table-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px}
.chart{min-height:40px;padding:4px 0}
.chart svg{display:block;font-family:inherit}
.chart .lane-label{font-size:12px;fill:var(--ink)}
.chart .lane-label.order-lane{font-weight:600}
.chart .tick{stroke:#e5e7eb}.chart .tick.year{stroke:#d1d5db}
.chart .tick-label{font-size:11px;fill:var(--muted)}
.chart rect.mark{fill:var(--c);stroke:#fff;stroke-width:.5}
.chart rect.mark.s-absent{stroke:#d1d5db;stroke-dasharray:2 2}
.chart rect.mark:hover{stroke:#111827;stroke-width:1.5}
.chart .seg-label{font-size:10.5px;fill:var(--t);pointer-events:none}
.chart .due{fill:#111827}
.chart .asof{stroke:#1d4ed8;stroke-width:1.5}
.chart .asof-label{font-size:11px;font-weight:600;fill:#1d4ed8}
.chart .divider{stroke:#9ca3af}
.no-chart{color:var(--muted);padding:8px 12px;margin:0}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f9fafb;font-weight:600;color:#374151;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.date{white-space:nowrap;font-variant-numeric:tabular-nums}
td code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#374151}
tr.retracted td{color:var(--muted)}
tr.retracted .summary{text-decoration:line-through}
caption{text-align:left}
.tag{font-size:11px;border:1px solid var(--line);border-radius:4px;padding:0 5px;color:var(--muted);margin-left:6px;text-decoration:none;display:inline-block}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.empty{color:var(--muted);font-style:italic}
.note{font-size:12px;color:var(--muted);max-width:40em}
.bound{font-size:13px;color:var(--muted)}.pages{display:inline;line-height:1.9}.pages a,.pages strong{margin-right:6px}
a{color:var(--accent)}
footer{color:var(--muted);font-size:12px;padding:0 28px 24px}
@media (max-width:700px){.page-head,main{padding-left:12px;padding-right:12px}.order{padding:14px 12px}footer{padding:0 12px 20px}}
${statusRules}
`;

// The HTML report names each occurrence's owner and backup (issue 19), escaped like all user text.
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtmlReport, type ReportInput } from '../../src/report/index.js';
import { EVIL, reportFixture } from './report-fixture.js';

const withOwner = (input: ReportInput): ReportInput => {
  const [first, ...rest] = input.orders;
  const [o, ...others] = first!.answer.occurrences;
  const owner = {
    owner: { name: `Jane Roe ${EVIL}`, email: 'jane.roe@example.com' },
    backup: { name: 'John Doe', email: 'john.doe@example.com' },
    since: '2022-06-01',
    eventId: '00000000-0000-4000-8000-000000000001',
  };
  const answer = { ...first!.answer, occurrences: [{ ...o!, owner }, ...others] };
  return { ...input, orders: [{ ...first!, answer }, ...rest] } as ReportInput;
};

describe('owners in the HTML report', () => {
  const html = renderHtmlReport(withOwner(reportFixture()));

  it('shows the owner, the backup and since when, escaped', () => {
    expect(html).toContain(
      `owner: ${escapeHtml(`Jane Roe ${EVIL}`)} &lt;jane.roe@example.com&gt;; backup: John Doe &lt;john.doe@example.com&gt; (since 2022-06-01)`,
    );
    expect(html).not.toMatch(/<img/i);
  });

  it('says nothing of owners where none was named', () =>
    expect(renderHtmlReport(reportFixture())).not.toContain('class="note owner"'));
});

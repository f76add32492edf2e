// A refused file writes nothing, also when the bad line comes after the first write chunk
// (10,000 events): everything the store would refuse is found while checking.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-all-or-nothing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const line = (n: number, type: string, data: object) =>
  JSON.stringify({
    stream: 'order-big',
    id: uuid(n),
    type,
    schemaVersion: 1,
    data,
    metadata: { effectiveOn: '2024-01-02', actor: { role: 'company', name: 'Acme' } },
  });

/** 12,001 lines: the filing, then 12,000 public statements, one of them changed by `spoil`. */
const bigFile = (name: string, at: number, spoil: (l: string) => string): string => {
  const lines = [
    line(0, 'OrderFiled', {
      orderId: 'big',
      title: 'Big',
      kind: 'consent_decree',
      forum: 'D.D.C.',
    }).replace('"role":"company","name":"Acme"', '"role":"court","name":"D.D.C."'),
  ];
  for (let n = 1; n <= 12_000; n++)
    lines.push(
      line(n, 'PublicStatementIssued', { statementId: `s-${n}`, summary: `Statement ${n}` }),
    );
  lines[at] = spoil(lines[at]!);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

describe('all or nothing', () => {
  it.each([
    [
      'a lone surrogate escape in a text',
      11_500,
      (l: string) => l.replace(/"summary":"Statement \d+"/, '"summary":"broken \\ud800 text"'),
      'data.summary',
      'INVALID_EVENT',
    ],
    [
      'an upper-case event id',
      10_999,
      (l: string) =>
        l.replace(
          /"id":"([^"]+)"/,
          (_, id: string) =>
            `"id":"${id.toUpperCase().replace('0000-4000-8000', 'AAAA-4BBB-8CCC')}"`,
        ),
      'id',
      'INVALID_INPUT',
    ],
  ])(
    '%s on line %i is refused while checking: the store stays empty',
    async (_, at, spoil, path, code) => {
      const file = bigFile(`${code}-${at}.ndjson`, at, spoil);
      const engine = await createEngine({ store: join(dir, `${code}-${at}.db`) });
      const report = await engine.importNdjsonFile(file);
      expect(report.problems).toEqual([expect.objectContaining({ line: at + 1, path, code })]);
      expect(report.written).toBe(false);
      let stored = 0;
      for await (const _e of engine.store.readAll({ limit: 1 })) stored++;
      expect(stored).toBe(0);
      await engine.close();
    },
  );
});

// A refused file writes nothing, also when the bad line comes after the first write chunk
// (about 4,000 events): everything the store would refuse is found while checking.
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

/** The filing, then `n - 1` public statements, of order `big`. */
const bigLines = (n: number): string[] => {
  const lines = [
    line(0, 'OrderFiled', {
      orderId: 'big',
      title: 'Big',
      kind: 'consent_decree',
      forum: 'D.D.C.',
    }).replace('"role":"company","name":"Acme"', '"role":"court","name":"D.D.C."'),
  ];
  for (let k = 1; k < n; k++)
    lines.push(
      line(k, 'PublicStatementIssued', { statementId: `s-${k}`, summary: `Statement ${k}` }),
    );
  return lines;
};

/** 12,001 lines of one order, one of them changed by `spoil`, written to a file. */
const bigFile = (name: string, at: number, spoil: (l: string) => string): string => {
  const lines = bigLines(12_001);
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

describe('a write that fails midway (another writer, a store gone)', () => {
  it('says how many events were written and that importing again completes it; the second import adds the rest', async () => {
    const { createMemoryEventStore } = await import('../../src/index.js');
    const store = createMemoryEventStore();
    let calls = 0;
    let failing = true;
    const flaky = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'appendMany')
          return async (batches: Parameters<typeof store.appendMany>[0]) => {
            if (failing && ++calls === 2) throw new Error('disk unplugged');
            return target.appendMany(batches);
          };
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    // Three orders of 3,000 lines: a transaction takes whole orders until it holds about 4,000
    // events, so the import writes the first two in one, then the third.
    const lines = ['a', 'b', 'c'].flatMap((o, k) =>
      bigLines(3_000).map((l) =>
        l
          .replaceAll('order-big', `order-${o}`)
          .replace('"orderId":"big"', `"orderId":"${o}"`)
          .replace(
            /"id":"00000000-0000-4000-8000-(\w+)"/,
            (_, n: string) => `"id":"00000000-0000-4000-800${k}-${n}"`,
          ),
      ),
    );
    const engine = await createEngine({ store: flaky });
    const error = await engine.importNdjson(lines).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'IMPORT_PARTLY_WRITTEN', details: { written: 6_000 } });
    expect((error as Error).message).toMatch(
      /disk unplugged.*6000 events were written before it.*import the same file again to add only what is missing/,
    );
    failing = false;
    const again = await engine.importNdjson(lines);
    expect(again).toMatchObject({ appended: 3_000, duplicates: 6_000, problems: [] });
    await engine.close();
  });
});

describe('event ids across orders', () => {
  const filing = (order: string, id: string) =>
    JSON.stringify({
      stream: `order-${order}`,
      id,
      type: 'OrderFiled',
      schemaVersion: 1,
      data: { orderId: order, title: 'T', kind: 'consent_decree', forum: 'D.D.C.' },
      metadata: { effectiveOn: '2024-01-02', actor: { role: 'court', name: 'D.D.C.' } },
    });
  const ID = '11111111-1111-4111-8111-111111111111';

  it.each(['file', 'lines'])(
    'an id already stored in another order, or used by another order earlier in the file, is refused while checking (%s)',
    async (how) => {
      const engine = await createEngine({ store: join(dir, `ids-${how}.db`) });
      await engine.importNdjson([filing('first', ID)]);
      const lines = [
        filing('second', ID), // stored in order-first
        filing('third', '22222222-2222-4222-8222-222222222222'),
        filing('fourth', '22222222-2222-4222-8222-222222222222'), // line 2's, another order
        filing('first', ID), // its own order's: a duplicate
      ];
      const file = join(dir, `ids-${how}.ndjson`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const report = await (how === 'file'
        ? engine.importNdjsonFile(file)
        : engine.importNdjson(lines));
      expect(report.problems.map((p) => [p.line, p.code, p.path])).toEqual([
        [1, 'EVENT_ID_REUSED', 'id'],
        [3, 'EVENT_ID_REUSED', 'id'],
      ]);
      expect(report.problems[0]!.message).toMatch(/already recorded in order-first/);
      expect(report.problems[1]!.message).toMatch(/also the id of line 2 \(order third\)/);
      expect(report.written).toBe(false);
      const skipped = await engine.importNdjsonFile(file, { skipInvalid: true });
      expect(skipped).toMatchObject({ appended: 1, duplicates: 1 });
      await engine.close();
    },
  );
});

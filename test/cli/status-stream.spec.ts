// `decree status` prints each order's answer as it comes, asking for the next order's only once the
// one before was printed, so `status` of every order of a large store holds one answer at a time.
// What it prints is the text of the whole list rendered at once, in every format.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { STATUS_CSV, toCsv } from '../../src/cli/format/csv.js';
import { envelope, toJson } from '../../src/cli/format/envelope.js';
import { formatStatus, inDefault } from '../../src/cli/format/status.js';
import { toText } from '../../src/cli/format/text.js';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine/index.js';
import type { OrderAnswer } from '../../projections/index.js';
import { argv, memoryIo } from './support/io.js';
import { EXAMPLE } from './support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-status-stream-'));
const store = join(dir, 'decree.db');
const empty = join(dir, 'empty.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in process; `open` stands in for opening the engine. */
const cli = async (args: string[], open?: (o: EngineOptions) => Promise<Engine>) => {
  const io = memoryIo({ cwd: dir, today: '2023-06-01' });
  const code = await main(argv(...args), { io, ...(open ? { openEngine: open } : {}) });
  return { code, out: io.stdout.text, err: io.stderr.text };
};

/** Every order's answer, asked of the engine directly. */
const answersOf = async (path: string, when: { asOf: string; knownAt?: string }) => {
  const engine = await createEngine({ store: `sqlite:${path}` });
  try {
    return await Promise.all((await engine.orders()).map((id) => engine.status(id, when)));
  } finally {
    await engine.close();
  }
};

beforeAll(async () => {
  expect((await cli(['import', '--backfill', EXAMPLE, '--store', store])).code).toBe(0);
  writeFileSync(join(dir, 'none.ndjson'), '');
  expect((await cli(['import', join(dir, 'none.ndjson'), '--store', empty])).code).toBe(0); // a store with no order
});

describe('status, printed an order at a time', () => {
  const cases = [
    { path: () => store, when: { asOf: '2023-06-01' } },
    { path: () => store, when: { asOf: '2024-03-01', knownAt: '2023-01-01T00:00:00.000Z' } },
    { path: () => empty, when: { asOf: '2023-06-01' } },
  ];
  it.each(cases)('prints what the whole list rendered at once prints (%#)', async (c) => {
    const orders = await answersOf(c.path(), c.when);
    const flags = [
      '--store',
      c.path(),
      '--as-of',
      c.when.asOf,
      ...(c.when.knownAt ? ['--known-at', c.when.knownAt] : []),
    ];
    const code = orders.some(inDefault) ? 1 : 0;
    const json = await cli(['status', ...flags, '--format', 'json']);
    expect(json).toMatchObject({ code, err: '' });
    expect(json.out).toBe(toJson(envelope('status', c.when, { orders })));
    const table = await cli(['status', ...flags]);
    expect(table).toMatchObject({ code, err: '' });
    expect(table.out).toBe(toText(formatStatus({ orders }, c.when.knownAt)));
    const csv = await cli(['status', ...flags, '--format', 'csv']);
    expect(csv).toMatchObject({ code, err: '' });
    expect(csv.out).toBe(
      toCsv({ columns: STATUS_CSV.columns, rows: orders.flatMap(STATUS_CSV.rows) }),
    );
    if (c.path() === store) expect(orders.length).toBeGreaterThan(1); // blocks, separators and the summary
  });

  it.each(['table', 'json', 'csv'])(
    'asks for the next order only once the answer before was printed (--format %s)',
    async (format) => {
      const events: string[] = [];
      /** An engine whose answers note when the printer reads them. */
      const open = async (o: EngineOptions): Promise<Engine> => {
        const engine = await createEngine(o);
        return {
          ...engine,
          status: async (id, q) => {
            events.push(`ask ${id}`);
            const a = await engine.status(id, q);
            return new Proxy(a, {
              get(t: OrderAnswer, p) {
                if (p === 'occurrences') events.push(`print ${t.orderId}`);
                return Reflect.get(t, p) as unknown;
              },
            });
          },
        };
      };
      await cli(['status', '--store', store, '--format', format], open);
      const asked = events.filter((e) => e.startsWith('ask '));
      expect(asked.length).toBeGreaterThan(1);
      for (const [i, ask] of asked.entries()) {
        const printed = events.indexOf(`print ${ask.slice(4)}`);
        expect(printed).toBeGreaterThan(events.indexOf(ask));
        if (i + 1 < asked.length) expect(printed).toBeLessThan(events.indexOf(asked[i + 1]!)); // printed before the next is asked
      }
    },
  );

  it('an error before anything was written still prints one JSON document: the error envelope', async () => {
    const open = async (o: EngineOptions): Promise<Engine> => {
      const engine = await createEngine(o);
      const [, second] = await engine.orders();
      return {
        ...engine,
        status: (id, q) =>
          id === second ? Promise.reject(new Error('disk on fire')) : engine.status(id, q),
      };
    };
    const r = await cli(['status', '--store', store, '--format', 'json'], open);
    expect(r.code).toBe(4);
    expect(r.err).toContain('disk on fire');
    expect(JSON.parse(r.out)).toMatchObject({ command: 'status', data: null });
  });
});

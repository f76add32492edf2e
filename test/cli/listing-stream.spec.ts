// The per-order listings (status, timeline, exposure, ledger, docket) print each order's answer as
// it comes, asking for the next order's only once the one before was printed, so a listing of
// every order of a large store holds one answer at a time. What they print is the text of the
// whole list rendered at once, in every format.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import {
  csvOf,
  DOCKET_CSV,
  EXPOSURE_CSV,
  LEDGER_CSV,
  STATUS_CSV,
  toCsv,
  type CsvInTurn,
} from '../../src/cli/format/csv.js';
import { formatDocket, type DocketData } from '../../src/cli/format/docket.js';
import { envelope, toJson } from '../../src/cli/format/envelope.js';
import {
  formatExposure,
  formatLedger,
  type ExposureData,
  type LedgerData,
} from '../../src/cli/format/money.js';
import { formatStatus, inDefault } from '../../src/cli/format/status.js';
import { toText } from '../../src/cli/format/text.js';
import { formatTimeline } from '../../src/cli/format/timeline.js';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine/index.js';
import { exposureTotals, type OrderAnswer, type OrderTimeline } from '../../projections/index.js';
import { argv, memoryIo } from './support/io.js';
import { EXAMPLE } from './support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'decree-listing-stream-'));
const store = join(dir, 'decree.db');
const empty = join(dir, 'empty.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in process; `open` stands in for opening the engine. */
const cli = async (args: string[], open?: (o: EngineOptions) => Promise<Engine>) => {
  const io = memoryIo({ cwd: dir, today: '2023-06-01' });
  const code = await main(argv(...args), { io, ...(open ? { openEngine: open } : {}) });
  return { code, out: io.stdout.text, err: io.stderr.text };
};

type When = { asOf: string; knownAt?: string };

/** A listing command, how to ask the engine for an order's answer as the command does, and the whole list rendered at once. */
interface Listing {
  readonly command: string;
  readonly answer: (e: Engine, id: string, when: When) => Promise<unknown>;
  readonly table: (orders: never[], when: When) => string[];
  readonly csv?: CsvInTurn<never>;
}

const listings: readonly Listing[] = [
  {
    command: 'status',
    answer: (e, id, when) => e.status(id, when),
    table: (orders: OrderAnswer[], when) => formatStatus({ orders }, when.knownAt),
    csv: STATUS_CSV,
  },
  {
    command: 'timeline',
    answer: (e, id, when) => e.timeline(id, { ...when, to: when.asOf }),
    table: (orders: OrderTimeline[]) => formatTimeline({ orders }),
  },
  {
    command: 'exposure',
    answer: async (e, orderId, when) => {
      const exposures = await e.exposure(orderId, when);
      return { orderId, exposures, totals: exposureTotals(exposures) };
    },
    table: (orders: ExposureData['orders'][number][], when) =>
      formatExposure({ orders }, when.asOf),
    csv: EXPOSURE_CSV,
  },
  {
    command: 'ledger',
    answer: async (e, orderId, when) => ({ orderId, lines: await e.ledger(orderId, when) }),
    table: (orders: LedgerData['orders'][number][], when) => formatLedger({ orders }, when.asOf),
    csv: LEDGER_CSV,
  },
  {
    command: 'docket',
    answer: async (e, orderId, when) => ({ orderId, entries: await e.docket(orderId, when) }),
    table: (orders: DocketData['orders'][number][], when) => formatDocket({ orders }, when.asOf),
    csv: DOCKET_CSV,
  },
];

/** Every known order's answer, asked of the engine directly (an order not yet known at `knownAt` left out, as the CLI does). */
const answersOf = async (path: string, when: When, l: Listing): Promise<never[]> => {
  const engine = await createEngine({ store: `sqlite:${path}` });
  try {
    const out: unknown[] = [];
    for (const id of await engine.orders())
      await l.answer(engine, id, when).then(
        (a) => out.push(a),
        (e: unknown) => {
          if ((e as { code?: string }).code !== 'ORDER_NOT_FOUND') throw e;
        },
      );
    return out as never[];
  } finally {
    await engine.close();
  }
};

beforeAll(async () => {
  expect((await cli(['import', '--backfill', EXAMPLE, '--store', store])).code).toBe(0);
  writeFileSync(join(dir, 'none.ndjson'), '');
  expect((await cli(['import', join(dir, 'none.ndjson'), '--store', empty])).code).toBe(0); // a store with no order
});

describe('listings, printed an order at a time', () => {
  const cases = [
    { path: () => store, when: { asOf: '2023-06-01' } },
    { path: () => store, when: { asOf: '2024-03-01', knownAt: '2022-06-01T00:00:00.000Z' } },
    { path: () => empty, when: { asOf: '2023-06-01' } },
  ];
  it.each(listings.flatMap((l) => cases.map((c, i) => ({ l, c, name: `${l.command} ${i}` }))))(
    'print what the whole list rendered at once prints ($name)',
    async ({ l, c }) => {
      const orders = await answersOf(c.path(), c.when, l);
      const flags = [
        '--store',
        c.path(),
        '--as-of',
        c.when.asOf,
        ...(c.when.knownAt ? ['--known-at', c.when.knownAt] : []),
      ];
      const code = l.command === 'status' && (orders as OrderAnswer[]).some(inDefault) ? 1 : 0;
      const json = await cli([l.command, ...flags, '--format', 'json']);
      expect(json).toMatchObject({ code, err: '' });
      expect(json.out).toBe(toJson(envelope(l.command, c.when, { orders })));
      const table = await cli([l.command, ...flags]);
      expect(table).toMatchObject({ code, err: '' });
      expect(table.out).toBe(toText(l.table(orders, c.when)));
      if (l.csv) {
        const csv = await cli([l.command, ...flags, '--format', 'csv']);
        expect(csv).toMatchObject({ code, err: '' });
        expect(csv.out).toBe(toCsv(csvOf(l.csv, orders)));
      }
      if (c.path() === store && c.when.knownAt === undefined)
        expect(orders.length).toBeGreaterThan(1); // blocks, separators and the summary
    },
  );

  // Exposure is left out: the command sums each order's exposures as it asks for them.
  const printedLater = ['status', 'timeline', 'ledger', 'docket'] as const;
  it.each(
    printedLater.flatMap((command) =>
      ['table', 'json', 'csv']
        .filter((f) => f !== 'csv' || command !== 'timeline')
        .map((format) => ({ command, format })),
    ),
  )(
    'asks for the next order only once the answer before was printed ($command, --format $format)',
    async ({ command, format }) => {
      const events: string[] = [];
      /** An engine whose answers note when the printer first reads them. */
      const open = async (o: EngineOptions): Promise<Engine> => {
        const engine = await createEngine(o);
        const noted =
          <Q>(ask: (id: string, q: Q) => Promise<object>) =>
          async (id: string, q: Q) => {
            events.push(`ask ${id}`);
            const a = await ask(id, q);
            let read = false;
            return new Proxy(a, {
              get(t, p) {
                if (!read && typeof p === 'string' && p !== 'then') {
                  read = true;
                  events.push(`print ${id}`);
                }
                return Reflect.get(t, p) as unknown;
              },
            });
          };
        return {
          ...engine,
          status: noted(engine.status) as Engine['status'],
          timeline: noted(engine.timeline) as Engine['timeline'],
          ledger: noted(engine.ledger) as Engine['ledger'],
          docket: noted(engine.docket) as Engine['docket'],
        };
      };
      await cli([command, '--store', store, '--format', format], open);
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

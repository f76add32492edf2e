import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/store/sqlite-event-store.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { verifyStore } from '../../src/store/verify.js';
import { removeDb, tempDbPath } from './support/temp-db.js';

const script = (name: string): string =>
  fileURLToPath(new URL(`./support/${name}`, import.meta.url));

const runChild = (name: string, args: readonly string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script(name), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${name} exited ${String(code)}: ${err}`)),
    );
  });

/** Starts the crash child, waits until it is appending, and SIGKILLs it after `afterMs`. */
const crashChild = (path: string, run: number, afterMs: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script('crash-child.ts'), path, String(run)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`crash child ended without being killed (${String(signal)})`)),
    );
  });

const openTemp = async (): Promise<{ path: string; store: SqliteEventStore }> => {
  const path = tempDbPath();
  const store = await openSqliteEventStore(path);
  onTestFinished(async () => {
    await store.close();
    removeDb(path);
  });
  return { path, store };
};

const readAllEvents = async (store: SqliteEventStore): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
};

describe('SQLite under stress', () => {
  it('several processes appending to one stream (exact expectations) and to their own streams lose and duplicate nothing', async () => {
    const { path, store } = await openTemp();
    const startAt = String(Date.now() + 2000);
    const results = await Promise.all([
      ...[1, 2, 3].map((w) =>
        runChild('append-child.ts', [path, 'same', String(w), '20', startAt]),
      ),
      ...[4, 5].map((w) =>
        runChild('append-child.ts', [path, 'different', String(w), '20', startAt]),
      ),
    ]);
    const reports = results.map(
      (r) => JSON.parse(r.trim()) as { acked: string[]; refused: string[] },
    );
    const stored = await readAllEvents(store);
    const ids = stored.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(reports.flatMap((r) => r.acked)));
    for (const id of reports.flatMap((r) => r.refused)) expect(ids).not.toContain(id);
    const shared = stored.filter((e) => e.stream === 'shared').map((e) => e.streamRevision);
    expect(shared).toEqual(shared.map((_, i) => i));
    expect(await verifyStore(store)).toMatchObject({ ok: true, streams: 3, events: ids.length });
  });

  it('a writer killed with SIGKILL mid-batch leaves a file that opens, verifies, and holds whole batches only', async () => {
    const { path, store } = await openTemp();
    for (let run = 0; run < 3; run++) await crashChild(path, run, 150 + run * 120);
    expect(await verifyStore(store)).toMatchObject({ ok: true }); // the parent's connection stayed open throughout
    const reopened = await openSqliteEventStore(path);
    try {
      expect(await verifyStore(reopened)).toMatchObject({ ok: true });
      const perBatch = new Map<string, number>();
      for (const e of await readAllEvents(reopened)) {
        const tag = (e.data as { tag: string }).tag;
        perBatch.set(tag, (perBatch.get(tag) ?? 0) + 1);
      }
      expect(perBatch.size).toBeGreaterThan(0);
      for (const [tag, n] of perBatch) expect({ tag, n }).toEqual({ tag, n: 250 });
      const integrity = reopened.db.pragma('integrity_check') as { integrity_check: string }[];
      expect(integrity).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      await reopened.close();
    }
  });

  it('a subscription follows appends made by another process, each once and in order', async () => {
    const { path, store } = await openTemp();
    await store.append(
      'local',
      [
        {
          id: '00000000-0000-4000-8000-0000000000aa',
          type: 'Local',
          schemaVersion: 1,
          data: {},
          metadata: {},
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const sub = store.subscribe();
    const got: RecordedEvent[] = [];
    const expectedCount = 1 + [1, 2, 3, 1, 2, 3, 1, 2, 3, 1].reduce((a, b) => a + b, 0);
    const done = (async () => {
      for await (const e of sub) if (got.push(e) === expectedCount) return;
    })();
    const report = JSON.parse(
      (await runChild('append-child.ts', [path, 'different', '9', '10'])).trim(),
    ) as { acked: string[] };
    await done;
    await sub.stop();
    expect(got.map((e) => e.id)).toEqual(['00000000-0000-4000-8000-0000000000aa', ...report.acked]);
  });

  it('stream names and types with quotes, ;, %, control characters and SQL keywords are stored verbatim', async () => {
    const { store } = await openTemp();
    const names = [
      `o'brien"; DROP TABLE decree_events; --`,
      '100% _match_ %',
      'tab\there\nnewline\r\u0001\u001f\u007f',
      'SELECT * FROM decree_meta',
      "'); DELETE FROM decree_events WHERE ('1'='1",
      '\\\\ back\\slash `tick`',
    ];
    for (const [i, name] of names.entries())
      await store.append(
        name,
        [
          {
            id: `00000000-0000-4000-8000-00000000000${i}`,
            type: name,
            schemaVersion: 1,
            data: { name },
            metadata: {},
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    for (const name of names) {
      const got: RecordedEvent[] = [];
      for await (const e of store.readStream(name)) got.push(e);
      expect(got.map((e) => [e.stream, e.type, (e.data as { name: string }).name])).toEqual([
        [name, name, name],
      ]);
    }
    expect((await readAllEvents(store)).map((e) => e.stream)).toEqual(names);
    expect(await verifyStore(store)).toMatchObject({ ok: true, streams: names.length });
  });
});

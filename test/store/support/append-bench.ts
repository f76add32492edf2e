// Quick measurement of the SQLite append and verify paths (not part of the test run):
//   node --import tsx test/store/support/append-bench.ts [events=100000] [perCall=10000] [append]
// Writes `events` small events to a temp file (WAL, synchronous=FULL) through the store, in calls
// of `perCall` events (appendMany of 100-event stream batches when available; else one `append`
// per call, or with a 4th argument `append`), then inserts the same rows with raw better-sqlite3, and times verifyStore against
// hashing the stored bytes. Prints milliseconds.
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { EventStore, NewEvent } from '../../../src/store/event-store.js';
import { openSqliteEventStore } from '../../../src/store/sqlite-event-store.js';
import { verifyStore } from '../../../src/store/verify.js';
import { removeDb, tempDbPath } from './temp-db.js';

const total = Number(process.argv[2] ?? 100_000);
const perCall = Number(process.argv[3] ?? 10_000);
const PER_STREAM = 100;
const events: NewEvent[] = Array.from({ length: total }, (_, i) => ({
  id: randomUUID(),
  type: 'Tested',
  schemaVersion: 1,
  data: { i, note: 'small event' },
  metadata: { c: `c-${i % 7}` },
}));
const streamOf = (i: number): string => `s-${Math.floor(i / PER_STREAM)}`;

type Many = EventStore & {
  appendMany?: (
    b: readonly { stream: string; events: readonly NewEvent[]; expectedRevision: 'no_stream' }[],
  ) => Promise<unknown>;
};

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

const viaStore = async (path: string): Promise<{ ms: number; cpu: number; mode: string }> => {
  const store = (await openSqliteEventStore(path, { synchronous: 'FULL' })) as Many;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const many = process.argv[4] === 'append' ? undefined : store.appendMany?.bind(store);
  for (let at = 0; at < total; at += perCall) {
    const chunk = events.slice(at, at + perCall);
    if (many === undefined)
      await store.append(`call-${at}`, chunk, { expectedRevision: 'no_stream' });
    else {
      const batches = [];
      for (let j = 0; j < chunk.length; j += PER_STREAM)
        batches.push({
          stream: streamOf(at + j),
          events: chunk.slice(j, j + PER_STREAM),
          expectedRevision: 'no_stream' as const,
        });
      await many(batches);
    }
  }
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  await store.close();
  return {
    ms,
    cpu,
    mode:
      many === undefined
        ? `append x${Math.ceil(total / perCall)}`
        : `appendMany x${Math.ceil(total / perCall)}`,
  };
};

const raw = (path: string): { ms: number; cpu: number } => {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    `CREATE TABLE decree_events (global_position INTEGER PRIMARY KEY, stream TEXT NOT NULL, stream_revision INTEGER NOT NULL, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream, stream_revision)) STRICT`,
  );
  const insert = db.prepare('INSERT INTO decree_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const at = new Date().toISOString();
  const h = 'f'.repeat(64);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const flush = db.transaction((from: number) => {
    for (let i = from; i < Math.min(total, from + perCall); i++) {
      const e = events[i] as NewEvent;
      insert.run(
        i,
        streamOf(i),
        i % PER_STREAM,
        e.id,
        e.type,
        e.schemaVersion,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        at,
        h,
        h,
      );
    }
  });
  for (let from = 0; from < total; from += perCall) flush(from);
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  db.close();
  return { ms, cpu };
};

const hashStored = (path: string): number => {
  const db = new Database(path, { readonly: true });
  const t0 = performance.now();
  let ok = 0;
  for (const r of db
    .prepare('SELECT * FROM decree_events ORDER BY global_position')
    .iterate() as IterableIterator<Record<string, string | number>>) {
    const bytes = `${r.prev_hash}{"data":${r.data},"id":"${r.id}","metadata":${r.metadata},"prevHash":"${r.prev_hash}","recordedAt":"${r.recorded_at}","schemaVersion":${r.schema_version},"stream":"${r.stream}","streamRevision":${r.stream_revision},"type":"${r.type}"}`;
    if (createHash('sha256').update(bytes, 'utf8').digest('hex') === r.hash) ok++;
  }
  const ms = performance.now() - t0;
  db.close();
  if (ok !== total) console.warn(`hash of stored bytes matched ${ok} of ${total}`);
  return ms;
};

const a = tempDbPath();
const b = tempDbPath();
try {
  const decree = await viaStore(a);
  const rawRun = raw(b);
  const store = await openSqliteEventStore(a);
  const t0 = performance.now();
  const result = await verifyStore(store);
  const verifyMs = performance.now() - t0;
  await store.close();
  const hashMs = hashStored(a);
  const f = (ms: number): string => `${ms.toFixed(0)} ms`;
  console.log(`${total} events, ${perCall} per call`);
  console.log(
    `append  decree ${decree.mode}: ${f(decree.ms)} (cpu ${f(decree.cpu)})   raw better-sqlite3: ${f(rawRun.ms)} (cpu ${f(rawRun.cpu)})   ratio ${(decree.ms / rawRun.ms).toFixed(1)}x`,
  );
  console.log(
    `verify  verifyStore (ok=${String(result.ok)}): ${f(verifyMs)}   hash stored bytes: ${f(hashMs)}   ratio ${(verifyMs / hashMs).toFixed(1)}x`,
  );
} finally {
  removeDb(a);
  removeDb(b);
}

// Child process for sqlite-stress.spec.ts: appends to one SQLite file while siblings do the same,
// then prints one JSON line `{ acked, refused }` with the ids of acknowledged and refused events.
import { randomUUID } from 'node:crypto';
import { isConcurrencyConflict } from '../../../src/store/errors.js';
import { openSqliteEventStore } from '../../../src/store/sqlite-event-store.js';

const [path, mode, worker, countText, startAtText] = process.argv.slice(2);
if (path === undefined || worker === undefined)
  throw new Error('usage: append-child <db> <same|different> <worker> <count> [startAtEpochMs]');
const count = Number(countText ?? '20');
const store = await openSqliteEventStore(path, { busyTimeoutMs: 20_000 });
// Start together (tsx start-up times differ), so the writers really contend for the same stream.
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAtText ?? 0) - Date.now())));
const stream = mode === 'same' ? 'shared' : `worker-${worker}`;
const acked: string[] = [];
const refused: string[] = [];

const head = async (): Promise<number | 'no_stream'> => {
  for await (const e of store.readStream(stream, { direction: 'backwards', limit: 1 }))
    return e.streamRevision;
  return 'no_stream';
};

for (let i = 0; i < count; i++) {
  for (;;) {
    const batch = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
      id: randomUUID(),
      type: 'Stressed',
      schemaVersion: 1,
      data: { worker, i, k },
      metadata: {},
    }));
    try {
      await store.append(stream, batch, { expectedRevision: await head() });
      acked.push(...batch.map((e) => e.id));
      break;
    } catch (e) {
      if (!isConcurrencyConflict(e)) throw e;
      refused.push(...batch.map((b) => b.id));
    }
  }
}
await store.close();
process.stdout.write(`${JSON.stringify({ acked, refused })}\n`);

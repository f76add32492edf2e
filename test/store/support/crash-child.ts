// Child process for sqlite-stress.spec.ts: appends large multi-event batches until it is killed
// (SIGKILL, mid-transaction). Each batch is tagged so the parent can check it is whole or absent.
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '../../../src/store/sqlite-event-store.js';

const [path, run] = process.argv.slice(2);
if (path === undefined || run === undefined) throw new Error('usage: crash-child <db> <run>');
const BATCH = 250;
const filler = 'x'.repeat(2048);
const store = await openSqliteEventStore(path);
process.stdout.write('ready\n');
for (let b = 0; ; b++) {
  const tag = `${run}-${b}`;
  const events = Array.from({ length: BATCH }, (_, i) => ({
    id: randomUUID(),
    type: 'Bulk',
    schemaVersion: 1,
    data: { tag, i, filler },
    metadata: {},
  }));
  await store.append(`bulk-${run}-${b % 3}`, events, { expectedRevision: 'any' });
}

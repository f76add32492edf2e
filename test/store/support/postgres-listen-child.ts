// Child process for postgres-live-subscription.spec.ts: one store follows another's append through
// its listening connection, then both close with a subscription still running. It prints `done` and
// must then exit by itself: a connection, socket or timer left open would keep it alive.
import { randomUUID } from 'node:crypto';
import { openPostgresEventStore } from '../../../src/store/postgres-event-store.js';

const [url, schema] = process.argv.slice(2);
if (url === undefined || schema === undefined)
  throw new Error('usage: postgres-listen-child <database url> <schema>');
const event = () => ({ id: randomUUID(), type: 'T', schemaVersion: 1, data: {}, metadata: {} });

const follower = await openPostgresEventStore(url, { schema, pollIntervalMs: 600_000 });
const writer = await openPostgresEventStore(url, { schema });
const stopped = follower.subscribe();
follower.subscribe(); // never iterated nor stopped: only close() lets go of it
const sub = follower.subscribe();
let received: () => void = () => undefined;
const first = new Promise<void>((resolve) => (received = resolve));
const following = (async () => {
  try {
    for await (const e of sub) {
      void e;
      received();
    }
  } catch {
    // the store closing under the subscription
  }
})();
await stopped.stop();
await writer.append('s', [event()], { expectedRevision: 'no_stream' });
await first;
console.log('received');
await Promise.all([follower.close(), writer.close()]);
await following;
// A store closed at once, while its subscription's first read and its listening connection are
// under way: the iteration must still end (else this top-level await is left unsettled).
const hasty = await openPostgresEventStore(url, { schema, pollIntervalMs: 600_000 });
const rushed = hasty.subscribe();
const rushing = (async () => {
  try {
    for await (const e of rushed) void e;
  } catch {
    // the store closing under the subscription
  }
})();
await hasty.close();
await rushing;
console.log('done');

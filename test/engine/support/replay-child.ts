// Child process for the runner's cross-process specs: catches the order projection up on a SQLite
// file or a PostgreSQL database (a postgres:// URL) with a small batch size, printing "progress
// <applied>" after each committed batch and "done <applied>" at the end. With a delay, each event
// read waits that many ms, so that a parent can kill it partway.
// Narrow imports (not src/index.js): the child starts faster without the EventStoreDB client.
import { createPostgresReadModels } from '../../../src/engine/postgres-read-models.js';
import { createSqliteReadModels, type ReadModelStore } from '../../../src/engine/read-models.js';
import { ProjectionRunner } from '../../../src/engine/runner.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openPostgresEventStore } from '../../../src/store/postgres-event-store.js';
import { openSqliteEventStore } from '../../../src/store/sqlite-event-store.js';

const [path, batch, delay] = process.argv.slice(2);
if (path === undefined || batch === undefined)
  throw new Error('usage: replay-child <db or postgres:// url> <batchSize> [delayMs]');
const delayMs = Number(delay ?? 0);
const opened = async (): Promise<{ store: EventStore; models: ReadModelStore }> => {
  if (path.startsWith('postgres://')) {
    const store = await openPostgresEventStore(path);
    return { store, models: await createPostgresReadModels(store) };
  }
  const store = await openSqliteEventStore(path);
  return { store, models: createSqliteReadModels(store) };
};
const { store, models } = await opened();
const slow: EventStore =
  delayMs <= 0
    ? store
    : {
        ...store,
        kind: store.kind,
        append: (...a) => store.append(...a),
        appendRecorded: (...a) => store.appendRecorded(...a),
        readStream: async function* (stream, options) {
          for await (const r of store.readStream(stream, options)) {
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            yield r;
          }
        },
        subscribe: (...a) => store.subscribe(...a),
        close: () => store.close(),
        readAll: async function* (options) {
          for await (const r of store.readAll(options)) {
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            yield r;
          }
        },
      };
const runner = new ProjectionRunner(slow, models, { batchSize: Number(batch) });
const applied = await runner.catchUp((n) => process.stdout.write(`progress ${n}\n`));
process.stdout.write(`done ${applied}\n`);
await store.close();

// The SQLite read-model storage lists the streams changed after a position two ways: a long range
// (a rebuild) by one pass over the (stream, revision) index, a short one (a catch-up) by position.
// Both must list exactly what a read of the log after that position finds.
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteReadModels } from '../../src/index.js';
import { appendAll, bigLog, readAllEvents, sqliteFiles } from './support/logs.js';

const files = sqliteFiles();
afterAll(() => files.disposeAll());

describe('SQLite read models: streams changed after a position', () => {
  it('are those a read of the log finds, for a long range and a short one alike', async () => {
    const store = await files.file().open();
    await appendAll(store, bigLog(6));
    const log = await readAllEvents(store);
    const models = createSqliteReadModels(store);
    const last = log[log.length - 1]!.globalPosition;
    for (const after of [undefined, 0n, last / 2n, last - last / 10n, last - 3n, last]) {
      const tail = log.filter((e) => after === undefined || e.globalPosition > after);
      const counts = new Map<string, number>();
      for (const e of tail) counts.set(e.stream, (counts.get(e.stream) ?? 0) + 1);
      const changes = models.changes!(after);
      expect(changes.streams).toEqual([...counts.keys()].sort());
      expect(changes.events).toBe(tail.length);
      expect(changes.upTo).toBe(last);
    }
  });
});

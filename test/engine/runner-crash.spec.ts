// The projection runner against real processes on one SQLite file: a replay SIGKILLed between
// batches and resumed in a new process, and two processes racing (design.md section 8).
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteReadModels, orderProjection } from '../../src/index.js';
import {
  appendAll,
  bigLog,
  modelsOf,
  readAllEvents,
  referenceModels,
  runnerOn,
  sqliteFiles,
} from './support/logs.js';
import { replayChild } from './support/replay.js';

const files = sqliteFiles();
afterAll(files.disposeAll);
const sqliteFile = files.file;

describe('projection runner across processes (SQLite)', () => {
  it('crash between batches: a replay SIGKILLed partway and resumed in a new process equals an uninterrupted run, each event applied once', async () => {
    const file = sqliteFile();
    const store = await file.open();
    await appendAll(store, bigLog(15));
    const events = await readAllEvents(store);
    const killed = await replayChild(file.path, 5, 1, Math.floor(events.length / 3));
    expect(killed.killed).toBe(true);
    const models = createSqliteReadModels(store);
    expect(models.checkpoint(orderProjection.name)!.position).toBeUndefined(); // the checkpoint moves only when a catch-up is done…
    const written = models.keys(orderProjection.name).length;
    expect(written).toBeGreaterThan(0); // …but the batches committed before the kill are kept (models ahead of the checkpoint)…
    expect(written).toBeLessThan(new Set(events.map((e) => e.stream)).size); // …and not all of them
    const resumed = await replayChild(file.path, 5, 0);
    expect(resumed.done).toBe(events.length); // the resumed pass covers every event after the checkpoint
    const after = modelsOf(runnerOn(store, 7)); // read from the file, no catch-up
    expect(after).toEqual(await referenceModels(store));
    for (const [orderId, m] of Object.entries(after) as [string, { revision: number }][]) {
      expect(m.revision).toBe(events.filter((e) => e.stream === `order-${orderId}`).length - 1); // and equal to the reference: no event folded twice
    }
    expect(models.checkpoint(orderProjection.name)!.position).toBe(events.at(-1)!.globalPosition);
  }, 60_000);

  it('never applies an event twice: two processes racing on one file end with the models of a single run', async () => {
    const file = sqliteFile();
    const store = await file.open();
    await appendAll(store, bigLog(8));
    const total = (await readAllEvents(store)).length;
    const [a, b] = await Promise.all([replayChild(file.path, 3, 0), replayChild(file.path, 5, 0)]);
    expect(a.done! + b.done!).toBe(total);
    expect(modelsOf(runnerOn(store, 1))).toEqual(await referenceModels(store));
  }, 60_000);
});

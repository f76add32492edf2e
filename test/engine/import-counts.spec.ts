// Two imports of the same lines racing on one SQLite store: the lines both checked as new are
// written by whichever writes first, and each import reports what it appended itself; the events
// the other had stored meanwhile count as duplicates already recorded, never as appended twice.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  logLength,
  type Engine,
  type EventStore,
} from '../../src/index.js';
import { BIN, ensureBuilt } from '../cli/support/build.js';
import { EXAMPLE } from '../cli/support/run.js';
import { tempDb } from './support/logs.js';

const LINES = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');

const engineOn = async (path: string): Promise<Engine> => {
  const engine = await createEngine({ store: `sqlite:${path}` });
  onTestFinished(() => engine.close());
  return engine;
};

beforeAll(() => ensureBuilt(), 120_000);

describe('import counts are what this import appended', () => {
  it('lines checked as new but stored by another import before the write count as duplicates (lines read once)', async () => {
    const file = tempDb();
    onTestFinished(file.remove);
    const [first, second] = [await engineOn(file.path), await engineOn(file.path)];
    let firstReport: Awaited<ReturnType<Engine['importNdjson']>> | undefined;
    // The second import checks every line against the empty store, then (before its input ends,
    // so before it writes) the first import records them all.
    const lines = async function* () {
      yield* LINES;
      firstReport = await first.importNdjson(LINES, { backfill: true });
    };
    const secondReport = await second.importNdjson(lines(), { backfill: true });
    expect(firstReport).toMatchObject({ lines: LINES.length, appended: LINES.length });
    expect(firstReport?.duplicates).toBe(0);
    expect(secondReport).toMatchObject({ lines: LINES.length, appended: 0 });
    expect(secondReport.duplicates).toBe(LINES.length);
    expect(await logLength(second.store)).toBe(BigInt(LINES.length));
  });

  it('the same with a file, written through the pipeline, the other import a separate process', async () => {
    const file = tempDb();
    onTestFinished(file.remove);
    const engine = await engineOn(file.path);
    let other: ReturnType<typeof spawnSync> | undefined;
    const report = await engine.importNdjsonFile(EXAMPLE, {
      backfill: true,
      // The write phase is about to begin: another process imports the same file first.
      onProgress: (p) => {
        if (p.phase === 'write' && other === undefined)
          other = spawnSync(
            process.execPath,
            [BIN, 'import', EXAMPLE, '--backfill', '--store', file.path, '--format', 'json'],
            { encoding: 'utf8' },
          );
      },
    });
    expect(other?.status, String(other?.stderr)).toBe(0);
    const theirs = (JSON.parse(String(other?.stdout)) as { data: Record<string, number> }).data;
    expect(theirs).toMatchObject({ appended: LINES.length, duplicates: 0 });
    expect(report).toMatchObject({ lines: LINES.length, appended: 0 });
    expect(report.duplicates).toBe(LINES.length);
    expect(await logLength(engine.store)).toBe(BigInt(LINES.length));
  });
});

describe('an import looks up where its ids are stored a window of lines at a time', () => {
  it('one store round trip for the 34 lines of the example, not one per line (PostgreSQL pays a round trip for each)', async () => {
    const store = createMemoryEventStore();
    const lookups: number[] = [];
    const counted: EventStore = {
      ...store,
      streamsOf: async (ids) => {
        lookups.push(ids.length);
        return store.streamsOf!(ids);
      },
    };
    const engine = await createEngine({ store: counted });
    onTestFinished(() => engine.close());
    const report = await engine.importNdjson(LINES, { backfill: true });
    expect(report).toMatchObject({ appended: LINES.length, duplicates: 0 });
    expect(lookups).toEqual([LINES.length]);
    // Again: every line found stored, in the same single lookup, and nothing written twice.
    lookups.length = 0;
    expect(await engine.importNdjson(LINES, { backfill: true })).toMatchObject({
      appended: 0,
      duplicates: LINES.length,
    });
    expect(lookups).toEqual([LINES.length]);
  });
});

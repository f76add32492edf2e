import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgress, progressFormat, ratePerSecond } from '../../src/cli/progress.js';
import { main } from '../../src/cli/main.js';
import { argv, memoryIo } from './support/io.js';
import { EXAMPLE } from './support/run.js';

const ttyIo = () => {
  const io = memoryIo({ tty: true });
  Object.assign(io.stderr, { isTTY: true, columns: 80 });
  return io;
};

describe('progress', () => {
  it('shows count, rate and ETA when the total is known, count and rate otherwise', () => {
    expect(progressFormat('replay', true)).toBe(
      'replay [{bar}] {value}/{total} {unit} | {rate}/s | ETA {eta_formatted}',
    );
    expect(progressFormat('import', false)).toBe('import {value} {unit} | {rate}/s');
    expect([ratePerSecond(500, 250), ratePerSecond(10, 0)]).toEqual([2000, 0]);
  });

  it('draws nothing when stderr is not a terminal', () => {
    const io = memoryIo({ tty: false });
    const p = createProgress(io, 'replay', 'events', 10);
    p.update(5);
    p.stop();
    expect(io.stderr.text).toBe('');
  });

  it('draws a bar with count and rate on a terminal', () => {
    const io = ttyIo();
    const p = createProgress(io, 'replay', 'events', 10);
    p.update(10);
    p.stop();
    expect(io.stderr.text).toMatch(/replay \[.*\] 10\/10 events \| \d+\/s \| ETA/);
  });

  it('an in-process import on a terminal draws a bar per phase on stderr, each with its total, the report on stdout', async () => {
    const io = ttyIo();
    const dir = mkdtempSync(join(tmpdir(), 'decree-progress-'));
    try {
      const store = join(dir, 'p.db');
      expect(await main(argv('import', EXAMPLE, '--backfill', '--store', store), { io })).toBe(0);
      const lines = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n').length;
      expect(io.stdout.text).toMatch(new RegExp(`${lines} events appended`));
      expect(io.stderr.text).toMatch(
        new RegExp(`import checking \\[.*\\] ${lines}/${lines} lines \\| \\d+/s \\| ETA`),
      );
      expect(io.stderr.text).toMatch(
        new RegExp(`import writing \\[.*\\] ${lines}/${lines} events \\| \\d+/s \\| ETA`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

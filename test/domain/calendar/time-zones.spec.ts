import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const PROBE = 'test/domain/calendar/tz-probe.ts';
const ZONES = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'] as const;

interface ProbeOutput {
  readonly offsetMinutes: number;
  readonly result: { readonly holidays: Record<string, string[]>; readonly rolls: string[] };
}

const probe = async (tz: string): Promise<ProbeOutput> => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', PROBE], {
    cwd: repoRoot,
    env: { ...process.env, TZ: tz },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ProbeOutput;
};

describe('time zones never move a civil date', () => {
  it('holidays 2019–2030 and the roll-forward of every day of 2021–2023 agree in UTC, Los Angeles and Kiritimati', async () => {
    const [utc, la, kiritimati] = await Promise.all(ZONES.map(probe));
    // The zones really differ (UTC, UTC−8 in January, UTC+14), so agreement is not a vacuous pass.
    expect([utc?.offsetMinutes, la?.offsetMinutes, kiritimati?.offsetMinutes]).toEqual([
      0, 480, -840,
    ]);
    expect(utc?.result.rolls).toHaveLength(365 * 3);
    expect(utc?.result.rolls).toContain('2021-12-31>2022-01-03');
    expect(utc?.result.holidays['2021']).toContain('2021-12-31');
    expect(la?.result).toEqual(utc?.result);
    expect(kiritimati?.result).toEqual(utc?.result);
  });
});

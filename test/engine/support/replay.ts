import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./replay-child.ts', import.meta.url));

/** What a replay child did: killed, or done with how many events it applied, and the last progress it reported. */
export interface ReplayRun {
  readonly killed: boolean;
  readonly done?: number;
  readonly progress: number;
}

/**
 * Runs the replay child on a SQLite file or a postgres:// URL; `killAt` SIGKILLs it once it has
 * reported that many events applied.
 */
export const replayChild = (
  target: string,
  batch: number,
  delayMs: number,
  killAt?: number,
): Promise<ReplayRun> =>
  new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', child, target, String(batch), String(delayMs)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let progress = 0;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/progress (\d+)/g)) progress = Math.max(progress, Number(m[1]));
      if (killAt !== undefined && progress >= killAt) p.kill('SIGKILL');
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code, signal) => {
      const done = /done (\d+)/.exec(out);
      if (signal === 'SIGKILL') resolve({ killed: true, progress });
      else if (code === 0 && done) resolve({ killed: false, done: Number(done[1]), progress });
      else reject(new Error(`replay child exited ${String(code ?? signal)}: ${err}`));
    });
  });

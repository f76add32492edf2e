import cliProgress from 'cli-progress';
import type { CliIo } from './context.js';

/** A progress display; every method is a no-op when stderr is not a terminal. */
export interface Progress {
  /** Sets the count done so far. */
  update(done: number): void;
  /** Sets (or raises) the expected total, enabling the bar and ETA. */
  setTotal(total: number): void;
  /** Removes the bar from the terminal. */
  stop(): void;
}

const NOOP: Progress = {
  update: () => undefined,
  setTotal: () => undefined,
  stop: () => undefined,
};

/** The bar's format: label, bar, count, rate and ETA when the total is known; count and rate otherwise. */
export const progressFormat = (label: string, totalKnown: boolean): string =>
  totalKnown
    ? `${label} [{bar}] {value}/{total} {unit} | {rate}/s | ETA {eta_formatted}`
    : `${label} {value} {unit} | {rate}/s`;

/** A rate per second from a count and elapsed milliseconds, as a whole number. */
export const ratePerSecond = (done: number, elapsedMs: number): number =>
  elapsedMs <= 0 ? 0 : Math.round((done * 1000) / elapsedMs);

/**
 * A cli-progress bar on stderr showing count, rate and ETA, drawn only when stderr is a TTY
 * (nothing at all on a pipe or a file, so logs stay clean).
 */
export const createProgress = (
  io: CliIo,
  label: string,
  unit: string,
  total?: number,
): Progress => {
  if (!io.stderrIsTTY) return NOOP;
  const started = Date.now();
  let known = total !== undefined && total > 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: (options, params, payload) =>
        cliProgress.Format.Formatter(
          { ...options, format: progressFormat(label, known) },
          params,
          payload,
        ),
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(known ? (total ?? 0) : 0, 0, { rate: 0, unit });
  return {
    update: (done) => bar.update(done, { rate: ratePerSecond(done, Date.now() - started), unit }),
    setTotal: (t) => {
      if (!known && t > 0) {
        known = true;
        bar.setTotal(t);
      } else if (t > bar.getTotal()) bar.setTotal(t);
    },
    stop: () => bar.stop(),
  };
};

/** One step of a job with phases: which phase, how far, and out of how many when known. */
export interface PhaseStep {
  readonly phase: string;
  readonly done: number;
  readonly total?: number;
}

/** A progress display for a job in phases: one bar per phase, labelled, each with its own total, rate and ETA. */
export interface PhasedProgress {
  /** Moves the display to this step (a new phase replaces the bar of the last). */
  step(p: PhaseStep): void;
  /** Removes the bar from the terminal. */
  stop(): void;
}

/**
 * Progress for a job whose phases count different things (an import checks lines, then writes
 * events): each phase gets its own bar, `<label> <words>`, so a count never silently restarts.
 * @example
 * const p = createPhasedProgress(io, 'import', { validate: ['checking', 'lines'], write: ['writing', 'events'] });
 */
export const createPhasedProgress = (
  io: CliIo,
  label: string,
  phases: Readonly<Record<string, readonly [words: string, unit: string]>>,
): PhasedProgress => {
  let phase: string | undefined;
  let bar: Progress = NOOP;
  return {
    step: (p) => {
      if (p.phase !== phase) {
        bar.stop();
        phase = p.phase;
        const [words, unit] = phases[p.phase] ?? [p.phase, 'items'];
        bar = createProgress(io, `${label} ${words}`, unit, p.total);
      } else if (p.total !== undefined) bar.setTotal(p.total);
      bar.update(p.done);
    },
    stop: () => bar.stop(),
  };
};

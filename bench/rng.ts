const HEX = '0123456789abcdef';

/** A small seeded PRNG (mulberry32) so every run generates the same workload. */
export class Rng {
  #s: number;

  /** Seeds the generator; the same seed always yields the same sequence. */
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A lower-case RFC 4122 version-4 UUID drawn from this generator. */
  uuid(): string {
    const a = this.#hex(8);
    const b = this.#hex(4);
    const c = this.#hex(3);
    const variant = '89ab'[this.int(0, 3)]!;
    const d = this.#hex(3);
    return `${a}-${b}-4${c}-${variant}${d}-${this.#hex(12)}`;
  }

  /** `n` random lower-case hex digits. */
  #hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[Math.floor(this.next() * 16)]!;
    return s;
  }
}

/** Adds days to a civil date `YYYY-MM-DD` (UTC arithmetic, so no time zone can move it). */
export const plusDays = (date: string, days: number): string => {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
};

/** Adds whole years to a civil date, clamping Feb 29 to Feb 28. */
export const plusYears = (date: string, years: number): string => {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${String(y).padStart(4, '0')}-${md}`;
};

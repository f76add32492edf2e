import { closeSync, createReadStream, openSync, readSync } from 'node:fs';

/** A line of a file: its bytes (without the LF, a trailing CR dropped) and where they start. */
export interface FileLine {
  readonly bytes: Buffer;
  readonly offset: number;
}

/**
 * A read of 1 MiB: a large file streams in about a third of the time reads of 64 KiB (the
 * default) take. A line is a view of its read, so only a reader that keeps no line (or copies
 * the ones it keeps) should take reads this large.
 */
export const LARGE_READS = 1 << 20;

/** A part of a file, by byte offsets: from `start` up to (not including) `end`. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Streams a file's lines with the offset each starts at (split on LF, a trailing CR dropped), in
 * reads of `readSize` bytes; with `range`, the lines of that part of the file alone (a range that
 * starts at a line's start and ends after a LF or at the file's end holds whole lines, numbered
 * here from its start).
 */
export async function* ndjsonFileLinesAt(
  path: string,
  readSize = 64 * 1024,
  range?: ByteRange,
): AsyncGenerator<FileLine> {
  let pending: Buffer[] = [];
  let at = range?.start ?? 0; // the offset of the chunk being read
  let lineStart = at;
  if (range !== undefined && range.end <= range.start) return;
  for await (const chunk of createReadStream(path, {
    highWaterMark: readSize,
    ...(range === undefined ? {} : { start: range.start, end: range.end - 1 }), // `end` is inclusive
  }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      // A line within one chunk is a view of it (read streams allocate a new buffer per chunk); only a line across chunks is copied.
      const bytes =
        pending.length === 0
          ? chunk.subarray(start, i)
          : Buffer.concat([...pending, chunk.subarray(start, i)]);
      pending = [];
      yield { bytes: trimCr(bytes), offset: lineStart };
      start = i + 1;
      lineStart = at + start;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
    at += chunk.length;
  }
  if (pending.length > 0) yield { bytes: trimCr(Buffer.concat(pending)), offset: lineStart };
}

/** Streams a file's lines as raw bytes (split on LF, a trailing CR dropped), so invalid UTF-8 can be reported per line. */
export async function* ndjsonFileLines(path: string, chunk?: number): AsyncGenerator<Uint8Array> {
  for await (const { bytes } of ndjsonFileLinesAt(path, chunk)) yield bytes;
}

/**
 * Where the line after the middle of a file starts: the offset just after the first LF at or past
 * half its size, so that `[0, cut)` and `[cut, size)` each hold whole lines; undefined when no LF
 * follows the middle (the file's second half is one line, or the file is empty).
 */
export const lineStartAfterMiddle = (path: string, size: number): number | undefined => {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (let from = Math.floor(size / 2); from < size; from += buf.length) {
      const got = readSync(fd, buf, 0, buf.length, from);
      if (got <= 0) return undefined;
      const lf = buf.subarray(0, got).indexOf(10);
      if (lf !== -1) return from + lf + 1 < size ? from + lf + 1 : undefined;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
};

const trimCr = (b: Buffer): Buffer =>
  b.length > 0 && b[b.length - 1] === 13 ? b.subarray(0, b.length - 1) : b;

/** Lines closer than this are read in one call (lines of one order one after another, say). */
const GAP = 4096;
/** The most one read takes in. */
const RUN = 1 << 20;

/**
 * Reads lines of a file at known places (offsets and lengths from `ndjsonFileLinesAt`), nearby
 * lines in one read. A line the file no longer holds in full comes back shorter than asked.
 */
export class FileLines {
  readonly #fd: number;
  constructor(path: string) {
    this.#fd = openSync(path, 'r');
  }

  /** The bytes at each `[offset, length]`, in the order given (ascending offsets read best). */
  read(places: readonly (readonly [offset: number, length: number])[]): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i < places.length;) {
      const [from] = places[i]!;
      let j = i + 1;
      let end = from + places[i]![1];
      while (j < places.length) {
        const [o, l] = places[j]!;
        if (o < end || o - end > GAP || o + l - from > RUN) break;
        end = o + l;
        j++;
      }
      const buf = Buffer.allocUnsafe(end - from);
      let got = 0;
      for (let n = -1; n !== 0 && got < buf.length; got += n)
        n = readSync(this.#fd, buf, got, buf.length - got, from + got);
      for (; i < j; i++) {
        const [o, l] = places[i]!;
        out.push(buf.subarray(Math.min(o - from, got), Math.min(o - from + l, got)));
      }
    }
    return out;
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.#fd);
  }
}

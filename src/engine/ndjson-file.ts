import { createReadStream } from 'node:fs';

/** Streams a file's lines as raw bytes (split on LF, a trailing CR dropped), so invalid UTF-8 can be reported per line. */
export async function* ndjsonFileLines(path: string): AsyncGenerator<Uint8Array> {
  let pending: Buffer[] = [];
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      // A line within one chunk is a view of it (read streams allocate a new buffer per chunk); only a line across chunks is copied.
      if (pending.length === 0) yield trimCr(chunk.subarray(start, i));
      else {
        pending.push(chunk.subarray(start, i));
        yield trimCr(Buffer.concat(pending));
        pending = [];
      }
      start = i + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield trimCr(Buffer.concat(pending));
}

const trimCr = (b: Buffer): Buffer =>
  b.length > 0 && b[b.length - 1] === 13 ? b.subarray(0, b.length - 1) : b;

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh database file path under the OS temp directory. */
export const tempDbPath = (): string => join(tmpdir(), `decree-store-${randomUUID()}.db`);

/** Removes a database file and its WAL/SHM companions. */
export const removeDb = (path: string): void =>
  ['', '-wal', '-shm'].forEach((s) => rmSync(path + s, { force: true }));

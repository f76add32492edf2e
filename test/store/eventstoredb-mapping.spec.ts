import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePosition,
  encodePosition,
  isEventStoreDbConnectionString,
  toClientConnectionString,
} from '../../src/store/eventstoredb-mapping.js';
import { checkedRead, recordedByOnly } from '../../src/store/eventstoredb-reads.js';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { openEventStore, parseStoreSpec } from '../../src/store/open-event-store.js';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('eventstoredb mapping (no server needed)', () => {
  it('reads a stream recorded by an instant: forwards it stops pulling at the first event recorded later, backwards it skips those; limit counts what it yields', async () => {
    const at = (second: number) => `2024-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
    const stream = [0, 1, 1, 2, 3, 5].map(
      (s, i) => ({ streamRevision: i, recordedAt: at(s) }) as RecordedEvent,
    );
    let pulled = 0;
    const source = async function* (events: readonly RecordedEvent[]) {
      for (const e of events) {
        pulled++;
        yield e;
      }
    };
    const read = async (backwards: boolean, by: number, limit = Infinity) => {
      pulled = 0;
      const out: number[] = [];
      const events = backwards ? [...stream].reverse() : stream;
      for await (const e of recordedByOnly(source(events), at(by), backwards, limit))
        out.push(e.streamRevision);
      return { out, pulled };
    };
    expect(await read(false, 1)).toEqual({ out: [0, 1, 2], pulled: 4 });
    expect(await read(false, 9)).toEqual({ out: [0, 1, 2, 3, 4, 5], pulled: 6 });
    expect(await read(false, 2, 2)).toEqual({ out: [0, 1], pulled: 2 });
    expect(await read(true, 2)).toEqual({ out: [3, 2, 1, 0], pulled: 6 });
    expect(await read(true, 2, 2)).toEqual({ out: [3, 2], pulled: 4 });
    expect(await read(false, 1, 0)).toEqual({ out: [], pulled: 0 });
  });

  it('refuses malformed read options before reaching the server, when the read is first pulled', async () => {
    const store = await openEventStore('esdb://127.0.0.1:1?tls=false'); // nothing listens there
    try {
      const stream = store.readStream('s', { limit: -1 })[Symbol.asyncIterator]();
      await expect(stream.next()).rejects.toMatchObject({ code: 'INVALID_READ', path: ['limit'] });
      const by = store.readStream('s', { recordedBy: '2024-01-01' })[Symbol.asyncIterator]();
      await expect(by.next()).rejects.toMatchObject({
        code: 'INVALID_READ',
        path: ['recordedBy'],
      });
      const all = store.readAll({ after: -2n })[Symbol.asyncIterator]();
      await expect(all.next()).rejects.toMatchObject({ code: 'INVALID_READ', path: ['after'] });
      expect(() => store.subscribe({ after: -2n })).toThrow(
        expect.objectContaining({ code: 'INVALID_READ', path: ['after'] }),
      );
      let read = false;
      const checked = checkedRead(
        () => {
          throw new Error('refused');
        },
        () => {
          read = true;
          return (async function* () {
            yield* [] as RecordedEvent[];
          })();
        },
      );
      expect(read).toBe(false); // nothing runs until pulled
      await expect(checked.next()).rejects.toThrow('refused');
      expect(read).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('position encoding is reversible and order-preserving', () => {
    fc.assert(
      fc.property(u64, u64, u64, u64, (c1, p1, c2, p2) => {
        const a = { commit: c1, prepare: p1 };
        const b = { commit: c2, prepare: p2 };
        expect(decodePosition(encodePosition(a))).toEqual(a);
        const byPair = c1 === c2 ? Math.sign(Number(p1 - p2)) : Math.sign(Number(c1 - c2));
        const byCode = Math.sign(Number(encodePosition(a) - encodePosition(b)));
        expect(byCode).toBe(byPair);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('rewrites the Kurrent schemes to esdb for the client and keeps the rest', () => {
    expect(toClientConnectionString('kurrentdb://admin:changeit@host:2113?tls=false')).toBe(
      'esdb://admin:changeit@host:2113?tls=false',
    );
    expect(toClientConnectionString('kurrentdb+discover://a,b,c')).toBe('esdb+discover://a,b,c');
    expect(toClientConnectionString('kurrent://host:2113')).toBe('esdb://host:2113');
    expect(toClientConnectionString('esdb+discover://host')).toBe('esdb+discover://host');
    for (const s of [
      'esdb://h',
      'esdb+discover://h',
      'kurrentdb://h',
      'kurrentdb+discover://h',
      'kurrent://h',
    ])
      expect(isEventStoreDbConnectionString(s)).toBe(true);
    expect(isEventStoreDbConnectionString('http://h')).toBe(false);
  });
});

describe('openEventStore specs', () => {
  it('recognises memory, sqlite paths and connection strings', () => {
    expect(parseStoreSpec('memory')).toEqual({ kind: 'memory' });
    expect(parseStoreSpec('sqlite:data/x')).toEqual({ kind: 'sqlite', path: 'data/x' });
    expect(parseStoreSpec('data/decree.db')).toEqual({ kind: 'sqlite', path: 'data/decree.db' });
    expect(parseStoreSpec('x.sqlite')).toEqual({ kind: 'sqlite', path: 'x.sqlite' });
    expect(parseStoreSpec('kurrentdb://h:2113')).toEqual({
      kind: 'eventstoredb',
      connectionString: 'kurrentdb://h:2113',
    });
    for (const url of ['postgres://u@h:5432/db', 'postgresql://h/db', ' POSTGRES://h '])
      expect(parseStoreSpec(url)).toEqual({ kind: 'postgres', connectionString: url.trim() });
  });

  it('refuses anything else with UNKNOWN_STORE', async () => {
    for (const spec of ['', 'postgres://', 'mysql://x', 'sqlite:', 'mem'])
      await expect(openEventStore(spec)).rejects.toMatchObject({ code: 'UNKNOWN_STORE' });
  });

  it('maps an unreachable EventStoreDB server to STORE_UNAVAILABLE (no server needed)', async () => {
    const store = await openEventStore('kurrentdb://127.0.0.1:1?tls=false');
    const event = {
      id: '00000000-0000-4000-8000-000000000001',
      type: 'T',
      schemaVersion: 1,
      data: {},
      metadata: {},
    };
    await expect(store.append('s', [event], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    await store.close();
  });

  it('opens a memory store', async () => {
    const store = await openEventStore('memory');
    expect(store.kind).toBe('memory');
    await store.close();
  });
});

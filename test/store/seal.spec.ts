// Seals (src/store/seal.ts): the log chain over the stored hashes, Ed25519 seals of its length and
// head, a seal file of several seals over a growing log, and what verifyStore now sees (holes in
// the positions, a log rewritten under a seal); and the read models' log anchor (runner.ts).
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createEngine,
  createMemoryEventStore,
  openSqliteEventStore,
  orderProjection,
  verifyStore,
  type EventStore,
  type SqliteEventStore,
} from '../../src/index.js';
import { createSqliteReadModels } from '../../src/engine/read-models.js';
import { auditReadModels, ProjectionRunner, storedCheckpoint } from '../../src/engine/runner.js';
import {
  checkSeals,
  checkSealSignature,
  createSeal,
  generateSealKeyPair,
  keyIdOf,
  LOG_GENESIS,
  logHeadOf,
  nextLogHead,
  parsePrivateKey,
  parsePublicKey,
  parseSealFile,
  sealLine,
  sealSigningText,
  type LogPoint,
  type Seal,
} from '../../src/store/seal.js';
import { removeDb, tempDbPath } from './support/temp-db.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/twitter-2022.ndjson', import.meta.url));
const paths: string[] = [];
afterAll(() => paths.forEach(removeDb));

const sqlite = async (): Promise<SqliteEventStore> => {
  const path = tempDbPath();
  paths.push(path);
  return openSqliteEventStore(path);
};

const note = (n: number) => ({
  id: randomUUID(),
  type: 'Note',
  schemaVersion: 1,
  data: { n },
  metadata: {},
});

/** Appends `count` events, round robin over `streams` streams. */
const grow = async (store: EventStore, count: number, streams = 3): Promise<void> => {
  for (let i = 0; i < count; i++)
    await store.append(`s-${i % streams}`, [note(i)], { expectedRevision: 'any' });
};

const allHashes = async (store: EventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of store.readAll()) out.push(e.hash);
  return out;
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The log head at every seal's length and the log's length, from one verify pass. */
const logOf = async (store: EventStore, lengths: readonly number[]) => {
  const heads = new Map<number, string>();
  const recordedAt = new Map<number, string>();
  const r = await verifyStore(store, {
    marks: { lengths },
    onLogPoint: (p) => {
      heads.set(p.length, p.head);
      if (p.recordedAt !== undefined) recordedAt.set(p.length, p.recordedAt);
    },
  });
  return { result: r, length: r.log!.length, heads, recordedAt };
};

describe('the log chain', () => {
  it('is SHA-256 over the previous head and the stored hash, as hex text, from 64 zeros', async () => {
    expect(LOG_GENESIS).toBe('0'.repeat(64));
    expect(nextLogHead(LOG_GENESIS, 'ab'.repeat(32))).toBe(
      sha256(`${'0'.repeat(64)}${'ab'.repeat(32)}`),
    );
    const store = createMemoryEventStore();
    await grow(store, 7);
    const expected = (await allHashes(store)).reduce((h, x) => sha256(h + x), '0'.repeat(64));
    expect((await logHeadOf(store)).head).toBe(expected);
    expect(await logHeadOf(store)).toMatchObject({ length: 7, position: 6n });
    const three = (await allHashes(store)).slice(0, 3).reduce((h, x) => sha256(h + x), LOG_GENESIS);
    expect((await logHeadOf(store, 3)).head).toBe(three);
    expect((await verifyStore(store, { log: true })).log).toEqual({ length: 7, head: expected });
  });

  it('is the same on SQLite (read from the stored text) as on memory for the same events', async () => {
    const a = await sqlite();
    await grow(a, 9);
    const b = createMemoryEventStore();
    const events = [];
    for await (const e of a.readAll()) events.push(e);
    await b.appendRecorded(events);
    expect(await logHeadOf(a)).toEqual(await logHeadOf(b));
    expect((await verifyStore(a, { log: true })).log).toEqual(
      (await verifyStore(b, { log: true })).log,
    );
  });
});

describe('seals', () => {
  const { privateKeyPem, publicKeyPem } = generateSealKeyPair();
  const key = parsePrivateKey(privateKeyPem);
  const pub = parsePublicKey(publicKeyPem);
  const at: Pick<LogPoint, 'length' | 'head'> = { length: 3, head: 'cd'.repeat(32) };
  const seal = createSeal(at, key, new Date('2030-01-02T03:04:05.678Z'));

  it('sign the canonical JSON of every other field with Ed25519; keyId is SHA-256 of the SPKI DER', () => {
    expect(seal).toMatchObject({
      version: 1,
      logLength: 3,
      logHead: 'cd'.repeat(32),
      sealedAt: '2030-01-02T03:04:05.678Z',
      keyId: keyIdOf(pub),
    });
    const der = Buffer.from(seal.publicKey, 'base64');
    expect(seal.keyId).toBe(createHash('sha256').update(der).digest('hex'));
    expect(sealSigningText(seal)).toBe(
      `{"keyId":"${seal.keyId}","logHead":"${'cd'.repeat(32)}","logLength":3,"publicKey":"${seal.publicKey}","sealedAt":"2030-01-02T03:04:05.678Z","version":1}`,
    );
    expect(checkSealSignature(seal)).toEqual({ ok: true, pinned: false });
    expect(checkSealSignature(seal, pub)).toEqual({ ok: true, pinned: true });
    expect(parseSealFile(sealLine(seal))).toEqual({ seals: [{ line: 1, seal }], bad: [] });
  });

  it('refuse an edited field, another pinned key, a swapped embedded key, and a key that is not Ed25519', () => {
    const edited: Seal = { ...seal, logLength: 2 };
    expect(checkSealSignature(edited)).toMatchObject({ ok: false });
    const other = generateSealKeyPair();
    expect(checkSealSignature(seal, parsePublicKey(other.publicKeyPem))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/signed with another key/) as string,
    });
    // A forger re-signs with their own key: it verifies only unpinned (and names another key).
    const forged = createSeal(
      { length: 2, head: 'ee'.repeat(32) },
      parsePrivateKey(other.privateKeyPem),
      new Date(),
    );
    expect(checkSealSignature(forged).ok).toBe(true);
    expect(checkSealSignature(forged, pub).ok).toBe(false);
    expect(checkSealSignature({ ...seal, publicKey: forged.publicKey })).toMatchObject({
      ok: false,
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() =>
      parsePrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).toThrow(/Ed25519/);
  });

  it('a seal file reports lines that are not seals by number', () => {
    const text = `${sealLine(seal)}not json\n\n${JSON.stringify({ ...seal, extra: 1 })}\n${JSON.stringify({ ...seal, logHead: 'X' })}\n`;
    const file = parseSealFile(text);
    expect(file.seals.map((s) => s.line)).toEqual([1]);
    expect(file.bad).toEqual([
      { line: 2, message: 'not JSON' },
      { line: 4, message: 'unknown field extra' },
      { line: 5, message: 'logHead is not 64 lowercase hex digits' },
    ]);
  });

  it('a seal file of several seals over a growing log: each holds; truncation, deletion and a rewrite break the right ones', async () => {
    const store = await sqlite();
    let text = '';
    for (const more of [0, 4, 5, 6]) {
      await grow(store, more);
      text += sealLine(createSeal(await logHeadOf(store), key, new Date()));
    }
    const file = parseSealFile(text);
    expect(file.seals.map((s) => s.seal.logLength)).toEqual([0, 4, 9, 15]);
    const lengths = file.seals.map((s) => s.seal.logLength);
    const good = await logOf(store, lengths);
    expect(checkSeals(file.seals, good, pub).map((c) => c.ok)).toEqual([true, true, true, true]);
    await grow(store, 2); // the log goes on growing: still extends every seal
    expect(checkSeals(file.seals, await logOf(store, lengths), pub).every((c) => c.ok)).toBe(true);

    // The tail cut (positions stay contiguous: only a seal sees it).
    store.db.prepare('DELETE FROM decree_events WHERE global_position >= 12').run();
    const cut = await logOf(store, lengths);
    expect(cut.result.ok).toBe(true);
    expect(checkSeals(file.seals, cut, pub).map((c) => [c.ok, c.reason])).toEqual([
      [true, undefined],
      [true, undefined],
      [true, undefined],
      [false, 'truncated'],
    ]);

    // One event deleted inside the sealed part: a hole in the positions, and the seals after it rewritten.
    store.db.prepare('DELETE FROM decree_events WHERE global_position = 5').run();
    const holed = await logOf(store, lengths);
    expect(holed.result).toMatchObject({
      ok: false,
      firstBreak: { reason: 'position_gap', expected: '5', found: '6', globalPosition: 6n },
    });
    expect(checkSeals(file.seals, holed, pub).map((c) => c.reason ?? 'ok')).toEqual([
      'ok',
      'ok',
      'rewritten',
      'truncated',
    ]);
  });
});

describe('a seal older than what it seals', () => {
  const { privateKeyPem, publicKeyPem } = generateSealKeyPair();
  const key = parsePrivateKey(privateKeyPem);
  const pub = parsePublicKey(publicKeyPem);
  it('is backdated: sealed before the last event it covers was recorded, the seal does not hold', async () => {
    const store = await sqlite();
    await grow(store, 3);
    const at = await logHeadOf(store);
    const { recordedAt } = await logOf(store, [at.length]);
    const last = recordedAt.get(at.length)!;
    expect(last).toMatch(/^\d{4}-\d\d-\d\dT/);
    const seals = (sealedAt: Date) => parseSealFile(sealLine(createSeal(at, key, sealedAt))).seals;
    const log = await logOf(store, [at.length]);
    const onTime = new Date(Date.parse(last));
    expect(checkSeals(seals(onTime), log, pub)).toMatchObject([{ ok: true }]);
    const early = new Date(Date.parse(last) - 1);
    expect(checkSeals(seals(early), log, pub)).toMatchObject([
      {
        ok: false,
        reason: 'backdated',
        found: last,
        message: expect.stringMatching(/before the last event it covers was recorded/),
      },
    ]);
    // Without the recorded instants (a caller that did not read them) the time is not held.
    expect(checkSeals(seals(early), { length: log.length, heads: log.heads }, pub)).toMatchObject([
      { ok: true },
    ]);
  });
});

describe('read models record the log they were built from (SQLite)', () => {
  const open = async () => {
    const store = await sqlite();
    const engine = await createEngine({ store });
    await engine.importNdjsonFile(EXAMPLE, { backfill: true });
    await engine.orders(); // read models built
    return store;
  };

  it('the checkpoint carries the log length, the hash at its position and the log head there', async () => {
    const store = await open();
    const checkpoint = storedCheckpoint(store)!;
    const log = await logHeadOf(store);
    expect(checkpoint.anchor).toEqual({
      position: log.position,
      length: log.length,
      hash: log.hash,
      head: log.head,
    });
    expect(createSqliteReadModels(store).checkpoint(orderProjection.name)).toEqual({
      version: orderProjection.version,
      position: log.position,
    });
    const audit = await auditReadModels(store, checkpoint, log, { models: true });
    expect(audit).toMatchObject({ anchored: true, compared: 2, problems: [] });
  });

  it('a checkpoint moved by hand is refused at every catch-up by default, the models and checkpoint left as they are', async () => {
    const store = await open();
    const last = (await logHeadOf(store)).position!;
    store.db
      .prepare('UPDATE decree_checkpoints SET position = ? WHERE projection = ?')
      .run(String(last - 4n), orderProjection.name);
    const before = store.db.prepare('SELECT * FROM decree_checkpoints').all();
    const models = store.db.prepare('SELECT key, revision, value FROM decree_read_models').all();
    const notices: string[] = [];
    const runner = new ProjectionRunner(store, createSqliteReadModels(store), {
      onNotice: (m) => notices.push(m),
    });
    for (let i = 0; i < 2; i++)
      await expect(runner.catchUp()).rejects.toMatchObject({
        name: 'LogMismatch',
        code: 'INTEGRITY_VIOLATION',
        message: expect.stringMatching(
          new RegExp(
            `^the event log no longer holds what the read models were built from: the event at global position ${last - 4n} .* is not the one they were built from`,
          ),
        ),
      });
    expect(notices).toEqual([]);
    expect(store.db.prepare('SELECT * FROM decree_checkpoints').all()).toEqual(before);
    expect(store.db.prepare('SELECT key, revision, value FROM decree_read_models').all()).toEqual(
      models,
    );
    // A replay rebuilds them from the log as it is.
    expect(await runner.rebuild()).toBe(Number(last) + 1);
    expect(storedCheckpoint(store)?.anchor?.position).toBe(last);
    expect(await runner.catchUp()).toBe(0);
  });

  it('with onLogMismatch rebuild, a checkpoint moved by hand is rebuilt at the first catch-up, and it is said once', async () => {
    const store = await open();
    const last = (await logHeadOf(store)).position!;
    store.db
      .prepare('UPDATE decree_checkpoints SET position = ? WHERE projection = ?')
      .run(String(last - 4n), orderProjection.name);
    const notices: string[] = [];
    const runner = new ProjectionRunner(store, createSqliteReadModels(store), {
      onNotice: (m) => notices.push(m),
      onLogMismatch: 'rebuild',
    });
    expect(await runner.catchUp()).toBe(Number(last) + 1); // replayed from the start
    await runner.catchUp();
    expect(notices).toEqual([
      expect.stringMatching(
        new RegExp(
          `^read models rebuilt from the event log: the event at global position ${last - 4n} .* is not the one they were built from`,
        ),
      ),
    ]);
    expect(storedCheckpoint(store)?.anchor?.position).toBe(last);
  });

  it('a checkpoint beyond the log (its tail deleted) is refused, or with rebuild rebuilt; an unwritable store throws a typed error', async () => {
    const store = await open();
    store.db
      .prepare('UPDATE decree_checkpoints SET position = ? WHERE projection = ?')
      .run('999', orderProjection.name);
    const notices: string[] = [];
    const models = createSqliteReadModels(store);
    await expect(new ProjectionRunner(store, models).catchUp()).rejects.toMatchObject({
      code: 'INTEGRITY_VIOLATION',
      message: expect.stringMatching(
        /checkpoint is at global position 999, but the log has no event there \(its last is at 33\)/,
      ),
    });
    await new ProjectionRunner(store, models, {
      onNotice: (m) => notices.push(m),
      onLogMismatch: 'rebuild',
    }).catchUp();
    expect(notices[0]).toMatch(
      /checkpoint is at global position 999, but the log has no event there \(its last is at 33\)/,
    );
    store.db
      .prepare('UPDATE decree_checkpoints SET position = ? WHERE projection = ?')
      .run('999', orderProjection.name);
    const refusing = {
      ...models,
      reset: () => {
        throw new Error('attempt to write a readonly database');
      },
    };
    await expect(
      new ProjectionRunner(store, refusing, { onLogMismatch: 'rebuild' }).catchUp(),
    ).rejects.toMatchObject({
      name: 'ReadModelsInconsistent',
      code: 'READ_MODELS_INCONSISTENT',
    });
  });

  it('a checkpoint written before anchors existed gets one at the next catch-up, without a rebuild', async () => {
    const store = await open();
    store.db
      .prepare('UPDATE decree_checkpoints SET log_length = NULL, log_hash = NULL, log_head = NULL')
      .run();
    expect(storedCheckpoint(store)?.anchor).toBeUndefined();
    const notices: string[] = [];
    const runner = new ProjectionRunner(store, createSqliteReadModels(store), {
      onNotice: (m) => notices.push(m),
    });
    expect(await runner.catchUp()).toBe(0);
    expect(notices).toEqual([]);
    expect(storedCheckpoint(store)?.anchor).toEqual({ ...(await logHeadOf(store)), position: 33n });
  });
});

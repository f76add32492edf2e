/**
 * Seals a third party can check, after the signed tree heads of Certificate Transparency and
 * Sigstore's Rekor: a signed statement "the log had `logLength` events and its log head was
 * `logHead`", which anyone holding the public key can later hold the store to.
 *
 * The log chain (computed, never stored in an event): over the events of the global log in
 * global order, from each event's stored per-stream `hash` (64 lowercase hex digits),
 *
 *   logHead_0 = "0" × 64
 *   logHead_n = lowercase hex SHA-256 of the ASCII text logHead_{n-1} + hash_n
 *
 * where hash_n is the `hash` of the n-th event of the log (1-based). Each event's own hash
 * already commits to its content and to the previous event of its stream; the log head commits
 * to every event of every stream and to their order, so a deleted stream, a truncated tail, an
 * event re-hashed (its stream's chain recomputed) or one slipped in before a sealed position all
 * change the head at the seal's length.
 *
 * A seal is one JSON object (a seal file is NDJSON: one seal a line, appended over time):
 *
 *   { version: 1, logLength, logHead, sealedAt, keyId, publicKey, signature }
 *
 * - `logLength`: how many events the log held (an integer ≥ 0);
 * - `logHead`: logHead_logLength, as above;
 * - `sealedAt`: when it was sealed, UTC ISO-8601 with milliseconds (`2025-01-01T00:00:00.000Z`);
 * - `keyId`: lowercase hex SHA-256 of the signing public key's DER SubjectPublicKeyInfo bytes;
 * - `publicKey`: that DER, base64 (so a seal can be checked alone; see `checkSealSignature` for pinning);
 * - `signature`: Ed25519 over the UTF-8 bytes of the RFC 8785 canonical JSON of every other
 *   field (`{"keyId":…,"logHead":…,"logLength":…,"publicKey":…,"sealedAt":…,"version":1}`), base64.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hash,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventStore } from './event-store.js';
import { rawChainOf } from './raw-chain.js';

/** The log head of the empty log. */
export const LOG_GENESIS = '0'.repeat(64);

/** The seal format version this code writes and reads. */
export const SEAL_VERSION = 1;

/** logHead_n from logHead_{n-1} and the n-th event's stored hash. */
export const nextLogHead = (head: string, eventHash: string): string =>
  hash('sha256', head + eventHash, 'hex');

/** A point of the log chain: after `length` events (the last at `position`), the log head. */
export interface LogPoint {
  readonly length: number;
  /** Global position of the `length`-th event (undefined for the empty log). */
  readonly position: bigint | undefined;
  /** Its stored per-stream hash (undefined for the empty log). */
  readonly hash: string | undefined;
  readonly head: string;
  /** When the `length`-th event was recorded (absent for the empty log, or where it was not read). */
  readonly recordedAt?: string;
}

/** The log head over the first `length` events (or the whole log), from the stored hashes; `length` is the events found when the log is shorter. */
export const logHeadOf = async (store: EventStore, length?: number): Promise<LogPoint> => {
  let point: LogPoint = { length: 0, position: undefined, hash: undefined, head: LOG_GENESIS };
  const step = (e: { globalPosition: bigint; hash: string }): boolean => {
    if (length !== undefined && point.length >= length) return false;
    point = {
      length: point.length + 1,
      position: e.globalPosition,
      hash: e.hash,
      head: nextLogHead(point.head, e.hash),
    };
    return true;
  };
  const raw = rawChainOf(store);
  if (raw === undefined) {
    for await (const e of store.readAll()) if (!step(e)) break;
    return point;
  }
  for (let after: bigint | undefined; ;) {
    const page = raw.readPage(after, 2000);
    for (const e of page) if (!step(e)) return point;
    const last = page[page.length - 1];
    if (last === undefined || page.length < 2000) return point;
    after = last.globalPosition;
  }
};

/** A seal, as written to (and read from) a seal file. */
export interface Seal {
  readonly version: number;
  readonly logLength: number;
  readonly logHead: string;
  readonly sealedAt: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly signature: string;
}

/** A seal before it is signed. */
export type UnsignedSeal = Omit<Seal, 'signature'>;

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The exact text a seal's signature covers: RFC 8785 canonical JSON of every field but `signature`. */
export const sealSigningText = (s: UnsignedSeal): string => {
  const { version, logLength, logHead, sealedAt, keyId, publicKey } = s;
  const text = canonicalize({ version, logLength, logHead, sealedAt, keyId, publicKey });
  if (text === undefined) throw new TypeError('seal is not canonicalizable JSON');
  return text;
};

/** A seal's line in a seal file: its canonical JSON and a newline. */
export const sealLine = (s: Seal): string => `${canonicalize(s)}\n`;

/** A key that is not an Ed25519 key of the kind expected, or does not parse. */
export class SealKeyError extends Error {
  override readonly name = 'SealKeyError';
}

/** The DER SubjectPublicKeyInfo bytes of a public key. */
const spki = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });

/** Lowercase hex SHA-256 of a public key's DER SubjectPublicKeyInfo. */
export const keyIdOf = (publicKey: KeyObject): string => hash('sha256', spki(publicKey), 'hex');

const ed25519 = (key: KeyObject, what: string): KeyObject => {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new SealKeyError(
      `${what} is a ${key.asymmetricKeyType ?? key.type} key; seals are signed with Ed25519 (decree keygen writes one)`,
    );
  return key;
};

/** Parses an Ed25519 private key from PEM (PKCS#8, as `decree keygen` writes it). */
export const parsePrivateKey = (pem: string): KeyObject => {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new SealKeyError(
      `the seal key is not a PEM private key (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return ed25519(key, 'the seal key');
};

/** Parses an Ed25519 public key from PEM (SPKI); a private key PEM gives its public key. */
export const parsePublicKey = (pem: string): KeyObject => {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new SealKeyError(
      `the public key is not a PEM public key (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  return ed25519(key, 'the public key');
};

/** A new Ed25519 key pair, both as PEM (private: PKCS#8; public: SPKI). */
export const generateSealKeyPair = (): { privateKeyPem: string; publicKeyPem: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

/** Signs a seal of the log point `at` (its length and head) with `privateKey`. */
export const createSeal = (
  at: Pick<LogPoint, 'length' | 'head'>,
  privateKey: KeyObject,
  sealedAt: Date,
): Seal => {
  const publicKey = createPublicKey(ed25519(privateKey, 'the seal key'));
  const unsigned: UnsignedSeal = {
    version: SEAL_VERSION,
    logLength: at.length,
    logHead: at.head,
    sealedAt: sealedAt.toISOString(),
    keyId: keyIdOf(publicKey),
    publicKey: spki(publicKey).toString('base64'),
  };
  const signature = sign(null, Buffer.from(sealSigningText(unsigned), 'utf8'), privateKey);
  return { ...unsigned, signature: signature.toString('base64') };
};

/** A line of a seal file that is not a well-formed seal. */
export interface BadSealLine {
  readonly line: number;
  readonly message: string;
}

/** A seal file read: its seals with their line numbers, and the lines that are not seals. */
export interface SealFile {
  readonly seals: readonly { readonly line: number; readonly seal: Seal }[];
  readonly bad: readonly BadSealLine[];
}

const isString = (re: RegExp) => (v: unknown) => typeof v === 'string' && re.test(v);

/** Each field of a seal with what it must be, and what to say when it is not. */
const FIELD_CHECKS: readonly (readonly [keyof Seal, (v: unknown) => boolean, string])[] = [
  [
    'version',
    (v) => v === SEAL_VERSION,
    `version is not ${SEAL_VERSION} (the one this Decree reads)`,
  ],
  [
    'logLength',
    (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
    'logLength is not a whole number ≥ 0',
  ],
  ['logHead', isString(HEX64), 'logHead is not 64 lowercase hex digits'],
  ['keyId', isString(HEX64), 'keyId is not 64 lowercase hex digits'],
  [
    'sealedAt',
    (v) => isString(INSTANT)(v) && !Number.isNaN(Date.parse(v as string)),
    'sealedAt is not a UTC instant with milliseconds',
  ],
  ['publicKey', isString(BASE64), 'publicKey is not base64'],
  ['signature', isString(BASE64), 'signature is not base64'],
];
const FIELDS: readonly string[] = FIELD_CHECKS.map(([k]) => k);

/** What is wrong with a parsed line as a seal, or undefined. */
const sealProblem = (v: unknown): string | undefined => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => !FIELDS.includes(k));
  if (extra !== undefined) return `unknown field ${extra}`;
  const missing = FIELDS.filter((k) => !(k in o));
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  return FIELD_CHECKS.find(([k, ok]) => !ok(o[k]))?.[2];
};

/** Reads a seal file's text: one seal a line (blank lines skipped). */
export const parseSealFile = (text: string): SealFile => {
  const seals: { line: number; seal: Seal }[] = [];
  const bad: BadSealLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      bad.push({ line: i + 1, message: 'not JSON' });
      return;
    }
    const problem = sealProblem(v);
    if (problem === undefined) seals.push({ line: i + 1, seal: v as Seal });
    else bad.push({ line: i + 1, message: problem });
  });
  return { seals, bad };
};

/** Outcome of checking a seal's signature. */
export type SignatureCheck =
  | { readonly ok: true; readonly pinned: boolean }
  | { readonly ok: false; readonly pinned: boolean; readonly message: string };

/**
 * Checks a seal's signature. With `pinned` (the public key the checker trusts, obtained
 * independently of the seal file), the seal must name that key and verify with it. Without one,
 * it is checked against the key embedded in the seal (`pinned: false`): that proves the seal is
 * intact and was signed by whoever holds that key, not who that is.
 */
export const checkSealSignature = (seal: Seal, pinned?: KeyObject): SignatureCheck => {
  const isPinned = pinned !== undefined;
  const fail = (message: string): SignatureCheck => ({ ok: false, pinned: isPinned, message });
  let key: KeyObject;
  if (pinned !== undefined) {
    key = pinned;
    const id = keyIdOf(pinned);
    if (seal.keyId !== id)
      return fail(`signed with another key (keyId ${seal.keyId}, the pinned key is ${id})`);
  } else {
    try {
      key = createPublicKey({
        key: Buffer.from(seal.publicKey, 'base64'),
        format: 'der',
        type: 'spki',
      });
    } catch {
      return fail('its embedded public key does not parse');
    }
    if (key.asymmetricKeyType !== 'ed25519') return fail('its embedded key is not Ed25519');
    if (keyIdOf(key) !== seal.keyId) return fail('its keyId is not the hash of its embedded key');
  }
  if (spki(key).toString('base64') !== seal.publicKey)
    return fail('its embedded public key is not the key it names');
  let good = false;
  try {
    good = verify(
      null,
      Buffer.from(sealSigningText(seal), 'utf8'),
      key,
      Buffer.from(seal.signature, 'base64'),
    );
  } catch {
    good = false;
  }
  return good
    ? { ok: true, pinned: isPinned }
    : fail(
        'the signature does not verify over the seal’s fields (edited, or not made with this key)',
      );
};

/** Why a seal does not hold of the log. */
/**
 * Why a seal does not hold: its signature; the log shorter than it covers; the log head at its
 * length another; or `backdated`: sealed before the last event it covers was recorded (a seal
 * cannot be older than what it seals, so the time it states is not credible).
 */
export type SealBreak = 'bad_signature' | 'truncated' | 'rewritten' | 'backdated';

/** One seal checked against the log. */
export interface SealCheck {
  /** 1-based line of the seal file. */
  readonly line: number;
  readonly logLength: number;
  readonly sealedAt: string;
  readonly keyId: string;
  /** Whether the signature was checked against a key given independently of the seal file. */
  readonly pinned: boolean;
  readonly ok: boolean;
  readonly reason?: SealBreak;
  /** What was found (the log's length when truncated, the recomputed head when rewritten). */
  readonly found?: string;
  readonly message?: string;
}

/**
 * Holds seals to the log: `heads` gives the recomputed log head after n events (for every
 * seal's `logLength` the log reaches), `length` how many events the log holds, `recordedAt` when
 * the n-th event was recorded (where known). A seal holds when its signature verifies, the log has
 * at least `logLength` events, the head there is `logHead`, and it was not sealed before the last
 * event it covers was recorded.
 */
export const checkSeals = (
  seals: SealFile['seals'],
  log: {
    readonly length: number;
    readonly heads: ReadonlyMap<number, string>;
    readonly recordedAt?: ReadonlyMap<number, string>;
  },
  pinned?: KeyObject,
): SealCheck[] =>
  seals.map(({ line, seal }) => {
    const signature = checkSealSignature(seal, pinned);
    const base = {
      line,
      logLength: seal.logLength,
      sealedAt: seal.sealedAt,
      keyId: seal.keyId,
      pinned: signature.pinned,
    };
    if (!signature.ok)
      return { ...base, ok: false, reason: 'bad_signature', message: signature.message };
    if (log.length < seal.logLength)
      return {
        ...base,
        ok: false,
        reason: 'truncated',
        found: String(log.length),
        message: `the log has ${log.length} events, the seal covers ${seal.logLength}`,
      };
    const head = log.heads.get(seal.logLength);
    if (head === undefined)
      return {
        ...base,
        ok: false,
        reason: 'rewritten',
        message: 'the log head at the seal’s length was not computed',
      };
    if (head !== seal.logHead)
      return {
        ...base,
        ok: false,
        reason: 'rewritten',
        found: head,
        message: `the log head after ${seal.logLength} events is ${head}, the seal says ${seal.logHead}`,
      };
    const last = log.recordedAt?.get(seal.logLength);
    if (last !== undefined && Date.parse(seal.sealedAt) < Date.parse(last))
      return {
        ...base,
        ok: false,
        reason: 'backdated',
        found: last,
        message: `sealed at ${seal.sealedAt}, before the last event it covers was recorded (${last}): a seal cannot be older than what it seals, so the time it states is not credible`,
      };
    return { ...base, ok: true };
  });

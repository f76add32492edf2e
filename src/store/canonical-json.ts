import type { FieldPath } from '../../domain/shared/errors.js';
import { InvalidEvent } from './errors.js';

// In a `u` regex a surrogate class matches only *lone* surrogates, which UTF-8 storage would mangle.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const MAX_DEPTH = 512;

/** Throws `InvalidEvent` at `path` unless `s` is well-formed Unicode. */
export const checkText = (s: string, path: FieldPath): void => {
  if (LONE_SURROGATE.test(s))
    throw new InvalidEvent(
      'INVALID_EVENT',
      'strings must be well-formed Unicode (lone surrogate found)',
      path,
    );
};

const isPlainObject = (v: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * One validating walk that also writes RFC 8785 text. The path is a mutable stack copied only when
 * an error is thrown, and cycles are caught with a set of the open containers, so the walk is linear.
 */
class Writer {
  readonly #path: (string | number)[];
  readonly #open = new Set<object>();

  constructor(base: FieldPath) {
    this.#path = [...base];
  }

  fail(message: string): never {
    throw new InvalidEvent('INVALID_EVENT', message, [...this.#path]);
  }

  value(v: unknown): string {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'boolean':
        return v ? 'true' : 'false';
      case 'string':
        if (LONE_SURROGATE.test(v))
          this.fail('strings must be well-formed Unicode (lone surrogate found)');
        return JSON.stringify(v);
      case 'number':
        // ECMAScript number serialisation is RFC 8785's; -0 prints as 0 in both.
        return Number.isFinite(v) ? JSON.stringify(v) : this.fail(`not JSON: ${String(v)}`);
      case 'object':
        return this.container(v);
      default:
        return this.fail(`not JSON: ${typeof v}`);
    }
  }

  container(v: object): string {
    if (this.#open.has(v)) this.fail('not JSON: cyclic structure');
    if (this.#path.length > MAX_DEPTH) this.fail('not JSON: nested too deeply');
    this.#open.add(v);
    let out: string;
    if (Array.isArray(v)) out = this.array(v);
    else if (isPlainObject(v)) out = this.object(v as Record<string, unknown>);
    else
      out = this.fail(
        `not JSON: ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'exotic'} object`,
      );
    this.#open.delete(v);
    return out;
  }

  array(v: readonly unknown[]): string {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      this.#path.push(i);
      if (!(i in v)) this.fail('not JSON: sparse array hole');
      out += (i === 0 ? '' : ',') + this.value(v[i]);
      this.#path.pop();
    }
    return `${out}]`;
  }

  object(v: Record<string, unknown>): string {
    if (Object.getOwnPropertySymbols(v).length > 0) this.fail('not JSON: symbol keys');
    // The default sort compares UTF-16 code units, which is RFC 8785's key order.
    const keys = Object.keys(v).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      this.#path.push(key);
      if (LONE_SURROGATE.test(key))
        this.fail('strings must be well-formed Unicode (lone surrogate found)');
      out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${this.value(v[key])}`;
      this.#path.pop();
    }
    return `${out}}`;
  }
}

/** `String.prototype.isWellFormed` (ES2024, in Node 20): no lone surrogate. */
const isWellFormed = (s: string): boolean =>
  (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Object keys repeat across events (`amount`, `currency`…): their quoted form is kept, up to a bound. */
const quotedKeys = new Map<string, string>();
const quoteKey = (key: string): string => {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 4096) quotedKeys.set(key, q);
  }
  return q;
};

/** Nesting the fast path takes; deeper (or cyclic) values go to the `Writer`, which says which. */
const FAST_DEPTH = 64;

/**
 * The canonical text of a value that is plainly JSON (plain objects and dense arrays of finite
 * numbers and well-formed strings, not nested too deeply), or undefined at the first thing that is
 * not, for the `Writer` to redo with paths and reasons. Same output as the `Writer` wherever it answers.
 */
const fastText = (v: unknown, depth: number): string | undefined => {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return isWellFormed(v) ? JSON.stringify(v) : undefined;
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : undefined;
    case 'object':
      return depth >= FAST_DEPTH
        ? undefined
        : Array.isArray(v)
          ? fastArray(v, depth + 1)
          : fastObject(v, depth + 1);
    default:
      return undefined;
  }
};

const fastArray = (v: readonly unknown[], depth: number): string | undefined => {
  let out = '[';
  for (let i = 0; i < v.length; i++) {
    const item = i in v ? fastText(v[i], depth) : undefined;
    if (item === undefined) return undefined;
    out += i === 0 ? item : `,${item}`;
  }
  return `${out}]`;
};

const fastObject = (v: object, depth: number): string | undefined => {
  if (!isPlainObject(v) || Object.getOwnPropertySymbols(v).length > 0) return undefined;
  const keys = Object.keys(v).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = isWellFormed(key)
      ? fastText((v as Record<string, unknown>)[key], depth)
      : undefined;
    if (item === undefined) return undefined;
    out += `${i === 0 ? '' : ','}${quoteKey(key)}:${item}`;
  }
  return `${out}}`;
};

/**
 * RFC 8785 canonical JSON of `value` (identical to the `canonicalize` package's output), or
 * `InvalidEvent` at the path (below `path`) of the first value that would not survive a JSON round trip.
 */
export const canonicalJson = (value: unknown, path: FieldPath = []): string =>
  fastText(value, 0) ?? new Writer(path).value(value);

/** `canonicalJson` of a plainly JSON value, or undefined: then `canonicalJson` gives the text or the error (its path built only then). */
export const plainCanonicalJson = (value: unknown): string | undefined => fastText(value, 0);

/** Whether `s` is well-formed Unicode (what `checkText` requires), without building a path. */
export const isWellFormedText = (s: string): boolean => isWellFormed(s);

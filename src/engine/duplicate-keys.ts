/**
 * Duplicate keys in a JSON text (`{"amount":1,"amount":2}`): JSON.parse keeps the last value
 * silently and other parsers keep the first, so a line that repeats a key means different facts
 * to different readers. Found cheaply: the text's key tokens are counted (a quote not escaped,
 * then `:`) and compared with the keys the parsed value holds; only a line that differs is
 * scanned again to name the repeated key and where it is.
 */

/** Whether a UTF-16 code unit is JSON whitespace (space, tab, line feed, carriage return). */
const isJsonSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * How many keys the text writes: each unescaped closing quote followed by a colon ends a key. The
 * text is valid JSON, so only JSON whitespace can stand between a key and its colon. A string that
 * opens with a colon (`":30"`) is counted too: the count then exceeds the keys parsed and the line
 * is scanned, as for a repeated key. Each colon is found with `indexOf` and looked back from (no
 * match objects: this runs for every line imported).
 */
const keyTokens = (text: string): number => {
  let n = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    let quote = colon - 1;
    while (quote >= 0 && isJsonSpace(text.charCodeAt(quote))) quote--;
    if (quote < 0 || text.charCodeAt(quote) !== 34) continue;
    let slashes = 0;
    for (let i = quote - 1; i >= 0 && text.charCodeAt(i) === 92; i--) slashes++;
    if (slashes % 2 === 0) n++;
  }
  return n;
};

/** How many keys the parsed value holds, at every depth. */
const parsedKeys = (value: unknown): number => {
  if (typeof value !== 'object' || value === null) return 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + parsedKeys(v), 0);
  let n = 0;
  for (const k of Object.keys(value)) n += 1 + parsedKeys((value as Record<string, unknown>)[k]);
  return n;
};

/** The first repeated key of a JSON text and the path of the object that repeats it, or undefined. */
export const duplicateKey = (
  text: string,
  parsed: unknown,
): { readonly key: string; readonly path: (string | number)[] } | undefined => {
  if (keyTokens(text) === parsedKeys(parsed)) return undefined;
  return new Scanner(text).first();
};

/** A minimal JSON walk (the text is known to be valid JSON) that stops at the first repeated key. */
class Scanner {
  #i = 0;
  readonly #t: string;
  constructor(text: string) {
    this.#t = text;
  }

  first(): { key: string; path: (string | number)[] } | undefined {
    try {
      this.#value([]);
    } catch (found) {
      if (found instanceof Found) return { key: found.key, path: found.path };
      throw found;
    }
    return undefined;
  }

  #ws(): void {
    while (/\s/.test(this.#t[this.#i] ?? '')) this.#i++;
  }

  #value(path: (string | number)[]): void {
    this.#ws();
    const c = this.#t[this.#i];
    if (c === '{') return this.#object(path);
    if (c === '[') return this.#array(path);
    if (c === '"') return void this.#string();
    while (this.#i < this.#t.length && !/[,\]}\s]/.test(this.#t[this.#i]!)) this.#i++;
  }

  #string(): string {
    const start = this.#i++;
    while (this.#t[this.#i] !== '"') this.#i += this.#t[this.#i] === '\\' ? 2 : 1;
    this.#i++;
    return JSON.parse(this.#t.slice(start, this.#i)) as string;
  }

  #object(path: (string | number)[]): void {
    this.#i++;
    const seen = new Set<string>();
    for (;;) {
      this.#ws();
      if (this.#t[this.#i] === '}') return void this.#i++;
      const key = this.#string();
      if (seen.has(key)) throw new Found(key, path);
      seen.add(key);
      this.#ws();
      this.#i++; // ':'
      this.#value([...path, key]);
      this.#ws();
      if (this.#t[this.#i++] === '}') return;
    }
  }

  #array(path: (string | number)[]): void {
    this.#i++;
    for (let k = 0; ; k++) {
      this.#ws();
      if (this.#t[this.#i] === ']') return void this.#i++;
      this.#value([...path, k]);
      this.#ws();
      if (this.#t[this.#i++] === ']') return;
    }
  }
}

class Found {
  readonly key: string;
  readonly path: (string | number)[];
  constructor(key: string, path: (string | number)[]) {
    this.key = key;
    this.path = path;
  }
}

import type { z } from 'zod';

/** The parts of a schema's definition the messages read (zod 4 keeps them on `_zod.def`). */
interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly options?: readonly Schema[];
  readonly innerType?: Schema;
  readonly element?: Schema;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly format?: string;
  readonly checks?: readonly { readonly _zod?: { readonly def?: { readonly format?: string } } }[];
}
interface Schema {
  readonly _zod: { readonly def: Def };
  readonly description?: string;
}

type Issue = z.core.$ZodRawIssue & { readonly inst?: unknown };

const defOf = (inst: unknown): Def | undefined => (inst as Schema | undefined)?._zod?.def;

/** What a field expects, in words: `a whole number`, `text`, `one of "a", "b"`, `{ months } or { years }`. */
export const expectedOf = (inst: unknown, depth = 0): string => {
  const def = defOf(inst);
  if (def === undefined) return 'a value';
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return expectedOf(def.innerType, depth);
    case 'string':
      return def.format === undefined || def.format === 'regex' ? 'text' : `text (${def.format})`;
    case 'number':
      return isWhole(def) ? 'a whole number' : 'a number';
    case 'literal':
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
    case 'enum':
      return `one of ${Object.values(def.entries ?? {})
        .map((v) => JSON.stringify(v))
        .join(', ')}`;
    case 'array':
      return `a list of ${expectedOf(def.element, depth + 1)}`;
    case 'record':
      return 'an object of named values';
    case 'object':
      return depth > 1 ? namesOf(def) : shapeOf(def, depth);
    case 'union':
      return (def.options ?? []).map((o) => expectedOf(o, depth + 1)).join(' or ');
    default:
      return SIMPLE[def.type] ?? 'a value';
  }
};

const SIMPLE: Readonly<Record<string, string>> = { boolean: 'true or false', null: 'null' };

const isWhole = (def: Def): boolean =>
  def.format === 'safeint' || (def.checks ?? []).some((c) => c._zod?.def?.format === 'safeint');

/** A nested object by its fields' names alone (`{ days }`), so an alternative deep inside still reads apart from its siblings. */
const namesOf = (def: Def): string => {
  const names = Object.keys(def.shape ?? {});
  return names.length === 0 ? 'an object' : `{ ${names.join(', ')} }`;
};

/** An object's fields as a person writes them: `{ kind: "once", dueOn: text }`, optional ones with `?`. */
const shapeOf = (def: Def, depth: number): string => {
  const fields = Object.entries(def.shape ?? {}).map(([key, field]) => {
    const optional = defOf(field)?.type === 'optional' ? '?' : '';
    return `${key}${optional}: ${expectedOf(field, depth + 1)}`;
  });
  return `{ ${fields.join(', ')} }`;
};

/** What a value is, in words, for "got …". */
const kindOf = (input: unknown): string => {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number')
    return Number.isInteger(input) ? `${input}` : `the number ${input}`;
  if (typeof input === 'string') return `the text ${JSON.stringify(input.slice(0, 60))}`;
  if (typeof input === 'object') return 'an object';
  if (input === undefined) return 'nothing';
  return String(typeof input === 'boolean' ? input : typeof input);
};

/** Levenshtein distance between two short names. */
const distance = (a: string, b: string): number => {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] ?? 0;
};

/** The longest run of characters two names share (`penaltyTiers` and `stipulatedPenalties` share `penalt`). */
const sharedRun = (a: string, b: string): number => {
  let best = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (a[i + k] !== undefined && a[i + k] === b[j + k]) k++;
      best = Math.max(best, k);
    }
  return best;
};

/** `allowed`, the names most like `key` first (case aside; a shared run of letters counts double). */
export const closestFirst = (key: string, allowed: readonly string[]): string[] => {
  const k = key.toLowerCase();
  const score = (name: string) => {
    const n = name.toLowerCase();
    return distance(k, n) - 2 * sharedRun(k, n);
  };
  return [...allowed].sort((a, b) => score(a) - score(b) || a.localeCompare(b));
};

/** Whether `name` is plausibly what `key` meant (a typo, or a long shared run of letters). */
const looksLike = (key: string, name: string): boolean => {
  const k = key.toLowerCase();
  const n = name.toLowerCase();
  return sharedRun(k, n) >= 5 || distance(k, n) <= Math.max(2, Math.floor(k.length / 3));
};

const unknownKeys = (keys: readonly string[], allowed: readonly string[]): string => {
  const named = keys.map((k) => JSON.stringify(k)).join(', ');
  const what = keys.length === 1 ? `unknown field ${named}` : `unknown fields ${named}`;
  if (allowed.length === 0) return `${what}: this object takes no fields`;
  const first = keys[0] ?? '';
  const ranked = closestFirst(first, allowed);
  const guess =
    ranked[0] !== undefined && looksLike(first, ranked[0]) ? `did you mean "${ranked[0]}"? ` : '';
  return `${what}; ${guess}the fields here are ${ranked.join(', ')}`;
};

const SIZE: Readonly<Record<string, string>> = {
  string: 'characters',
  array: 'items',
  set: 'items',
};

const sizeMessage = (iss: Issue, small: boolean): string => {
  const { origin, minimum, maximum, inclusive } = iss as {
    origin?: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    inclusive?: boolean;
  };
  const bound = small ? minimum : maximum;
  const unit = SIZE[origin ?? ''];
  if (unit !== undefined)
    return small
      ? bound === 1
        ? 'must not be empty'
        : `must have at least ${bound} ${unit}`
      : `must have at most ${bound} ${unit}`;
  const op = small
    ? inclusive === false
      ? 'above'
      : 'at least'
    : inclusive === false
      ? 'below'
      : 'at most';
  return `must be ${op} ${bound}`;
};

/**
 * A union told apart by `discriminator` that found no alternative: which values it takes and what
 * it got; when the field is missing, also the fields no alternative knows (a misspelt "kind").
 */
const discriminatorMessage = (iss: Issue, discriminator: string, options: unknown[]): string => {
  const choices = options.map((o) => JSON.stringify(o)).join(', ');
  const got = ((iss.input ?? {}) as Record<string, unknown>)[discriminator];
  if (got !== undefined) return `expected one of ${choices}, got ${kindOf(got)}`;
  return `required: one of ${choices}${strangers(iss)}`;
};

/** `; unknown field "ays"; did you mean "days"? …` when an object given to a union has fields none of its alternatives knows. */
const strangers = (iss: Issue): string => {
  const input = iss.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return '';
  const known = new Set(
    (defOf(iss.inst)?.options ?? []).flatMap((o) => Object.keys(defOf(o)?.shape ?? {})),
  );
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  return unknown.length > 0 ? `; ${unknownKeys(unknown, [...known])}` : '';
};

/**
 * The problem inside the one alternative of a union whose fields the value has (`start: {
 * afterEntry: { mnths: 6 } }` is an `afterEntry` start with a misspelt period), said at its place
 * (`afterEntry: unknown field "mnths"; did you mean "months"? …`); undefined when no alternative,
 * or more than one, takes the value's own fields (every problem of theirs is inside it).
 */
const intendedProblem = (iss: Issue): string | undefined => {
  const { errors } = iss as { errors?: readonly (readonly z.core.$ZodIssue[])[] };
  const inside = (errors ?? []).filter(
    (alternative) => alternative.length > 0 && alternative.every((i) => i.path.length > 0),
  );
  const first = inside.length === 1 ? inside[0]?.[0] : undefined;
  return first && `${first.path.join('.')}: ${first.message}`;
};

/** A value no alternative of a union takes: what it takes (required, when missing), or the problem inside the one it meant. */
const unionMessage = (iss: Issue): string => {
  const { discriminator, options } = iss as { discriminator?: string; options?: unknown[] };
  if (discriminator !== undefined) return discriminatorMessage(iss, discriminator, options ?? []);
  if (iss.input === undefined) return `required: ${expectedOf(iss.inst)}`;
  return intendedProblem(iss) ?? `expected ${expectedOf(iss.inst)}${strangers(iss)}`;
};

/** `: <what it takes> (<its description>)` for a required or mistyped field. */
const whatItIs = (inst: unknown, described: string | undefined): string => {
  const expected = expectedOf(inst);
  if (described !== undefined)
    return expected === 'a value' || expected.startsWith('{')
      ? `: ${described}`
      : `: ${expected}; ${described}`;
  return `: ${expected}`;
};

/**
 * An error map (zod 4's per-parse `error` option) whose messages say what is expected in words a
 * person acts on: an unknown field lists the fields allowed (closest match first), a shape that
 * matches no alternative shows the accepted shapes, a missing field says it is required and what it
 * takes. Messages a schema sets itself take precedence; unmapped issues keep zod's text.
 */
export const readableIssue = (iss: Issue): string | undefined => {
  const described = (iss.inst as Schema | undefined)?.description;
  switch (iss.code) {
    case 'unrecognized_keys':
      return unknownKeys(iss.keys, Object.keys(defOf(iss.inst)?.shape ?? {}));
    case 'invalid_type':
      if (iss.expected === 'nonoptional') return 'required';
      return `${iss.input === undefined ? 'required' : `expected ${expectedOf(iss.inst)}, got ${kindOf(iss.input)}`}${whatItIs(iss.inst, described)}`;
    case 'invalid_union':
      return unionMessage(iss);
    case 'invalid_value':
      if (iss.input === undefined) return `required: ${expectedOf(iss.inst)}`;
      return `expected ${iss.values
        .map((v) => JSON.stringify(v))
        .join(', ')
        .replace(/, ([^,]*)$/, ' or $1')}, got ${kindOf(iss.input)}`;
    case 'too_small':
      return sizeMessage(iss, true);
    case 'too_big':
      return sizeMessage(iss, false);
    case 'invalid_format':
      return `expected ${iss.format === 'regex' ? 'text in the documented form' : iss.format}, got ${kindOf(iss.input)}`;
    default:
      return undefined;
  }
};

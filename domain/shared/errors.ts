/** A location inside an input: object keys and array indexes, as zod reports them. */
export type FieldPath = readonly (string | number)[];

/**
 * The one base of every typed error Decree throws: a stable `code` to branch on, the `path` of
 * the offending field (empty when the input as a whole is wrong) and a message a person can act on.
 * Guards are structural (`isDecreeError`), never `instanceof`, so errors survive module copies.
 */
export class DecreeError<Code extends string = string> extends Error {
  override readonly name: string = 'DecreeError';
  readonly code: Code;
  readonly path: FieldPath;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    code: Code,
    message: string,
    path: FieldPath = [],
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.code = code;
    this.path = path;
    this.details = details;
  }
}

/** Structural guard for any Decree error (works across realms and duplicated module copies). */
export const isDecreeError = (e: unknown): e is DecreeError =>
  e instanceof Error &&
  typeof (e as { code?: unknown }).code === 'string' &&
  Array.isArray((e as { path?: unknown }).path);

/** Renders a field path the way people write it: `data.amount.currency`, `events[2].id`. */
export const formatPath = (path: FieldPath): string =>
  path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k),
    '',
  );

/**
 * A command that breaks a rule of the order (a payment to an obligation that was never imposed,
 * an extension that shortens a deadline…). Thrown by `decide` only; recorded facts never throw.
 */
export class DomainRuleViolation<Code extends string = string> extends DecreeError<Code> {
  override readonly name = 'DomainRuleViolation';
}

/** Structural guard for a domain rule violation. */
export const isDomainRuleViolation = (e: unknown): e is DomainRuleViolation =>
  isDecreeError(e) && e.name === 'DomainRuleViolation';

import type { z } from 'zod';
import { DecreeError, formatPath, type FieldPath } from './errors.js';
import { readableIssue } from './readable-errors.js';

/** One problem found in an input: where it is and what is wrong with it. */
export interface InputProblem {
  readonly path: FieldPath;
  readonly message: string;
}

/** Input that does not match its schema. `problems` lists every bad field; `path` is the first. */
export class InvalidInput extends DecreeError<'INVALID_INPUT'> {
  override readonly name = 'InvalidInput';
  readonly problems: readonly InputProblem[];
  constructor(what: string, problems: readonly InputProblem[]) {
    const first = problems[0] ?? { path: [], message: 'invalid' };
    const where = formatPath(first.path);
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
        : '';
    super(
      'INVALID_INPUT',
      `invalid ${what}: ${where ? `${where}: ` : ''}${first.message}${more}`,
      first.path,
      { problems },
    );
    this.problems = problems;
  }
}

/** Turns zod issues into problems with plain paths (symbols dropped). */
export const problemsOf = (error: z.ZodError): InputProblem[] =>
  error.issues.map((i) => ({
    path: i.path.filter((k): k is string | number => typeof k !== 'symbol'),
    message: i.message,
  }));

/** Parses `input` with `schema`, or throws `InvalidInput` naming every bad field. */
export const parseOrThrow = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> => {
  // Parsed plainly first (the fast path); only refused input is parsed again for messages in words.
  const plain = schema.safeParse(input);
  if (plain.success) return plain.data;
  const result = schema.safeParse(input, { error: readableIssue });
  if (!result.success) throw new InvalidInput(what, problemsOf(result.error));
  return result.data;
};

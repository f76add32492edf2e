import type { z } from 'zod';

/**
 * A zod shape with a description on every field, for the published JSON Schema and the format
 * reference (docs/format.md). `docs` must name every key: a field without a description does not
 * compile. The schemas themselves are unchanged (a description never affects what parses).
 */
export const documented = <S extends Record<string, z.ZodType>>(
  shape: S,
  docs: { readonly [K in keyof S]: string },
): S =>
  Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, schema.describe(docs[key as keyof S])]),
  ) as S;

// The reference model must stay independent of what it judges: no engine code, types only.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('./', import.meta.url);
const MODEL = readdirSync(dir).filter(
  (f) => /^reference-.*\.ts$/.test(f) && !f.endsWith('.spec.ts'),
);
const imports = (file: string) =>
  [
    ...readFileSync(new URL(file, dir), 'utf8').matchAll(
      /^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm,
    ),
  ].map((m) => ({
    typeOnly: m[2] !== undefined || /^(import|export)\s+type\s/.test(m[0]),
    from: m[3]!,
  }));

describe('the reference model is independent of the engine', () => {
  it('has the files it is made of', () =>
    expect(MODEL.sort()).toEqual([
      'reference-admits.ts',
      'reference-calendar.ts',
      'reference-exposure.ts',
      'reference-facts.ts',
      'reference-model.ts',
    ]));

  it.each(MODEL)(
    '%s imports nothing of the engine but types, and never its calendar, schedules or decider',
    (file) => {
      for (const i of imports(file)) {
        const engine = /(^|\/)(domain|projections|src)(\/|$)/.test(i.from);
        expect({ file, ...i, allowed: !engine || i.typeOnly }).toEqual({
          file,
          ...i,
          allowed: true,
        });
        expect(i.from).not.toMatch(
          /calendar\/|schedule\/|order\.(decider|evolve|admit|rules|satisfaction|schedule-context)/,
        );
      }
      expect(
        imports(file).every((i) => i.from.startsWith('.') || i.from === '@18f/us-federal-holidays'),
      ).toBe(true);
    },
  );
});

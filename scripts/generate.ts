// Writes the generated files: the published JSON Schemas (schema/*.json) and the format reference
// (docs/format.md), from Decree's zod schemas. `npm run generate`; a test fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { generatedFiles } from '../src/format/generated.js';

const root = new URL('..', import.meta.url);
for (const [path, text] of generatedFiles()) {
  const url = new URL(path, root);
  mkdirSync(new URL('.', url), { recursive: true });
  writeFileSync(url, text);
  console.log(`wrote ${path}`);
}

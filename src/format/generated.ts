import { formatReference } from './format-reference.js';
import { jsonSchemaOf, SCHEMA_KINDS } from './json-schema.js';

/** Every generated file, by its path from the package root, with its text: schema/*.json and docs/format.md. */
export const generatedFiles = (): [string, string][] => [
  ...SCHEMA_KINDS.map((kind): [string, string] => [
    `schema/${kind}.json`,
    `${JSON.stringify(jsonSchemaOf(kind), null, 2)}\n`,
  ]),
  ['docs/format.md', formatReference()],
];

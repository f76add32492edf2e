/** The published format: JSON Schemas generated from the zod schemas, and the format reference. */
export { jsonSchemaOf, zodSchemaOf, SCHEMA_KINDS, type SchemaKind } from './json-schema.js';
export { formatReference } from './format-reference.js';
export { formatStory, FORMAT_STORY_ORDER } from './format-examples.js';
export { generatedFiles } from './generated.js';

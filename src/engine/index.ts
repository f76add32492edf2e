/** The engine: commands, import and export, replay and every query, over any store. */
export * from './engine.types.js';
export { createEngine } from './engine.js';
export type { CalendarQuery, ChangesQuery, WatchedChange, WatchOptions } from './feed.js';
export * from './errors.js';
export {
  LogMismatch,
  ProjectionRunner,
  type RunnerOptions,
  type RunnerProgress,
} from './runner.js';
export {
  createMemoryReadModels,
  createSqliteReadModels,
  type SqliteReadModels,
  type SqliteReadModelsOptions,
  type ReadModelStore,
  type Checkpoint,
  type LogChanges,
  type ModelWrite,
} from './read-models.js';
export { createPostgresReadModels } from './postgres-read-models.js';
export { ImportLine, ExportLine, exportLine } from './ndjson.js';
export { ndjsonFileLines } from './ndjson-file.js';
export { decodeOrderEvent } from './decode.js';
export { auditRules, type RuleProblem, type RulesAudit } from './rules-audit.js';

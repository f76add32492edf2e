import { z } from 'zod';
import {
  ORDER_COMMAND_TYPES,
  ORDER_EVENT_TYPES,
  OrderCommand,
  OrderCommandSchemas,
  OrderEvent,
  OrderEventSchemas,
  type OrderCommandType,
  type OrderEventType,
} from '../../domain/index.js';

/** The published schemas: an import line, an export line, any event, any command. */
export const SCHEMA_KINDS = ['line', 'export', 'event', 'command'] as const;
/** A published schema's kind. */
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

const stream = z
  .string()
  .regex(/^order-[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/)
  .describe('The order\'s stream: "order-<orderId>".');
const instant = z.iso.datetime({ precision: 3 });
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The fields an import line adds to an event: its stream, and (in a backfill only) when it was learned. */
const lineFields = {
  stream,
  recordedAt: instant
    .optional()
    .describe(
      "Only with `decree import --backfill`, and then on every line: the instant (UTC, milliseconds) the fact was learned. Non-decreasing from line to line, after the store's last recorded instant, not in the future; on a line repeating a stored event or an earlier line, the instant it was recorded at. Without it the store records the import's own instant.",
    ),
};

/** The fields an export line adds: where and when the event was recorded, and its hash chain. */
const exportFields = {
  stream,
  streamRevision: z.int().min(0).describe("The event's 0-based place in its stream."),
  globalPosition: z
    .string()
    .regex(/^\d+$/)
    .describe('Its place in the whole log, as a decimal string (adapter-specific; not hashed).'),
  recordedAt: instant.describe(
    'When the store recorded the event (UTC, milliseconds): transaction time. Never decreases in log order.',
  ),
  prevHash: hex64.describe(
    'The hash of the previous event of the stream (64 zeros for the first).',
  ),
  hash: hex64.describe(
    'SHA-256 (hex) of prevHash followed by the RFC 8785 canonical JSON of { stream, streamRevision, id, type, schemaVersion, data, metadata, recordedAt, prevHash }.',
  ),
};

const unionOf = <T extends z.ZodType>(schemas: T[]) =>
  z.discriminatedUnion('type', schemas as unknown as [z.ZodObject, ...z.ZodObject[]]);

/** The zod schema a published schema is generated from (one line of an import or export file is one event). */
export const zodSchemaOf = (kind: SchemaKind, type?: string): z.ZodType => {
  if (kind === 'command') {
    if (type === undefined) return OrderCommand;
    return OrderCommandSchemas[knownType(type, ORDER_COMMAND_TYPES) as OrderCommandType];
  }
  const types = type === undefined ? ORDER_EVENT_TYPES : [knownType(type, ORDER_EVENT_TYPES)];
  const events = types.map((t) => OrderEventSchemas[t as OrderEventType]);
  if (kind === 'event') return type === undefined ? OrderEvent : events[0]!;
  const extra = kind === 'line' ? lineFields : exportFields;
  const lines = events.map((e) => e.extend(extra).describe(e.description ?? ''));
  return lines.length === 1 ? lines[0]! : unionOf(lines);
};

const knownType = (type: string, known: readonly string[]): string => {
  if (known.includes(type)) return type;
  throw new z.ZodError([
    {
      code: 'custom',
      path: ['type'],
      message: `unknown type "${type}"; expected one of ${known.join(', ')}`,
      input: type,
    },
  ]);
};

const TITLES: Readonly<Record<SchemaKind, string>> = {
  line: 'Decree import line',
  export: 'Decree export line',
  event: 'Decree event',
  command: 'Decree command',
};

const DESCRIPTIONS: Readonly<Record<SchemaKind, string>> = {
  line: 'One line of an NDJSON file for `decree import`: one event of an order, with the stream it belongs to.',
  export:
    'One line of `decree export`: a recorded event with its place in the log, its recorded time and its hash chain (what `decree import --restore` loads).',
  event: 'One event of an order: what happened, when it takes effect, who did it.',
  command:
    "One command for `engine.execute` / `decree record`: the fact to record, decided against the order's rules.",
};

/**
 * The JSON Schema (2020-12) of an import line, an export line, an event or a command (of every
 * type, or of one), generated from Decree's zod schemas: the same rules, with a description on
 * every field (`reused: 'inline'` repeats shared shapes instead of referring to `$defs`). What it cannot express (a date that does not exist, the order's rules) the import
 * still checks.
 */
export const jsonSchemaOf = (
  kind: SchemaKind,
  type?: string,
  reused: 'ref' | 'inline' = 'ref',
): Record<string, unknown> => {
  const generated = z.toJSONSchema(zodSchemaOf(kind, type), {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    reused, // 'ref': a shape used in many events (money, a schedule) is written once, under $defs
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: `https://decree.dev/schema/${kind}${type === undefined ? '' : `/${type}`}.json`,
    title: type === undefined ? TITLES[kind] : `${TITLES[kind]}: ${type}`,
    ...rest,
    description: type === undefined ? DESCRIPTIONS[kind] : (rest.description ?? DESCRIPTIONS[kind]),
  };
};

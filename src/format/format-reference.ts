import {
  COMMAND_EVENT,
  EventMetadata,
  ORDER_EVENT_TYPES,
  OrderEventSchemas,
  type OrderEventType,
} from '../../domain/index.js';
import { z } from 'zod';
import { formatStory } from './format-examples.js';
import { jsonSchemaOf } from './json-schema.js';

type Json = Readonly<Record<string, unknown>>;

const SAFE = 9007199254740991;

/** A JSON Schema's type in a few words: `date (YYYY-MM-DD)`, `"a" \| "b"`, `integer ≥ 1`, `{ fromDay, toDay?, perDay }`. */
export const typeWords = (s: Json): string => {
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf))
    return ((s.oneOf ?? s.anyOf) as Json[]).map(typeWords).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  switch (s.type) {
    case 'string':
      return stringWords(s);
    case 'integer':
    case 'number':
      return numberWords(s);
    case 'boolean':
      return 'boolean';
    case 'array':
      return `list of ${typeWords((s.items ?? {}) as Json)}`;
    case 'object':
      return objectWords(s);
    default:
      return 'any JSON value';
  }
};

const stringWords = (s: Json): string => {
  if (s.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date (YYYY-MM-DD)';
  if (s.format === 'uuid') return 'UUID';
  if (s.format === 'date-time') return 'instant (UTC, ms)';
  if (s.format === 'uri') return 'URL';
  return 'text';
};

const numberWords = (s: Json): string => {
  const base = s.type === 'integer' ? 'integer' : 'number';
  const min = typeof s.minimum === 'number' && s.minimum !== -SAFE ? ` ≥ ${s.minimum}` : '';
  const max = typeof s.maximum === 'number' && s.maximum !== SAFE ? ` ≤ ${s.maximum}` : '';
  return `${base}${min}${max}`;
};

const objectWords = (s: Json): string => {
  const props = Object.keys((s.properties ?? {}) as Json);
  if (props.length === 0) return s.additionalProperties ? 'object of named numbers' : 'object';
  const required = new Set((s.required ?? []) as string[]);
  return `{ ${props.map((p) => (required.has(p) ? p : `${p}?`)).join(', ')} }`;
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A table of an object schema's fields: name, type, required, description. */
export const fieldTable = (s: Json): string[] => {
  const props = (s.properties ?? {}) as Readonly<Record<string, Json>>;
  const required = new Set((s.required ?? []) as string[]);
  const rows = Object.entries(props).map(
    ([name, p]) =>
      `| \`${name}\` | ${typeWords(p)} | ${required.has(name) ? 'yes' : 'no'} | ${cell(String(p.description ?? ''))} |`,
  );
  return rows.length === 0
    ? ['No fields: `"data": {}`.']
    : ['| field | type | required | meaning |', '|---|---|---|---|', ...rows];
};

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

/** A fenced block. */
const block = (lang: string, text: string): string[] => ['```' + lang, text, '```'];

/** The shapes fields share, documented once: each from the JSON Schema of the zod schema. */
const shapes = (): [string, Json, string][] => {
  const of = (schema: z.ZodType): Json =>
    z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }) as Json;
  const imposed = OrderEventSchemas.ObligationImposed.shape.data.shape;
  return [
    ['Money', of(imposed.amount.unwrap()), '{ "amountMinor": 15000000000, "currency": "USD" }'],
    [
      'Penalty tier',
      of(imposed.stipulatedPenalties.unwrap().element),
      '{ "fromDay": 11, "perDay": { "amountMinor": 200000, "currency": "USD" } }',
    ],
    ['Post-judgment interest', of(imposed.interest.unwrap()), '{ "annualRateBasisPoints": 484 }'],
    ['Metadata', of(EventMetadata), JSON.stringify(formatStory()[0]!.metadata)],
  ];
};

const scheduleSection = (): string[] => {
  const imposed = jsonSchemaOf('event', 'ObligationImposed', 'inline') as Json;
  const data = (imposed.properties as Record<string, Json>).data!;
  const schedule = (data.properties as Record<string, Json>).schedule!;
  const examples: Record<string, string> = {
    once: '{ "kind": "once", "dueOn": "2024-04-04" }',
    after:
      '{ "kind": "after", "anchor": { "kind": "trigger", "fact": "IncidentDiscovered" }, "offset": { "days": 30 }, "condition": { "measure": "usersAffected", "op": ">=", "value": 250 } }',
    before:
      '{ "kind": "before", "anchor": { "kind": "trigger", "fact": "CorporateChangeOccurred" }, "offset": { "days": 30 } }',
    recurring:
      '{ "kind": "recurring", "every": { "years": 1 }, "start": { "afterEntry": { "years": 1 } } }',
    ongoing: '{ "kind": "ongoing" }',
  };
  return ((schedule.oneOf ?? []) as Json[]).flatMap((variant) => {
    const kind = String(((variant.properties as Record<string, Json>).kind ?? {}).const);
    return [
      `### \`${kind}\``,
      '',
      String(variant.description ?? ''),
      '',
      ...fieldTable(variant),
      '',
      ...block('json', examples[kind] ?? ''),
      '',
    ];
  });
};

const eventSection = (type: OrderEventType, example: Json | undefined): string[] => {
  const schema = jsonSchemaOf('event', type, 'inline') as Json;
  const data = (schema.properties as Record<string, Json>).data!;
  const command = Object.entries(COMMAND_EVENT).find(([, e]) => e === type)?.[0];
  return [
    `### ${type}`,
    '',
    String(schema.description ?? ''),
    '',
    `Command: \`${command}\`. Data:`,
    '',
    ...fieldTable(data),
    '',
    ...(example ? ['Example line:', '', ...block('json', JSON.stringify(example)), ''] : []),
  ];
};

/**
 * docs/format.md: the NDJSON format for people, generated from the same zod schemas as the
 * published JSON Schema (every event, every field, its type, whether required, an example).
 */
export const formatReference = (): string => {
  const story = formatStory();
  const first = new Map<string, Json>();
  for (const line of story) if (!first.has(String(line.type))) first.set(String(line.type), line);
  const envelope = jsonSchemaOf('line', 'OrderFiled', 'inline') as Json;
  const exportLine = jsonSchemaOf('export', 'OrderFiled', 'inline') as Json;
  /** The envelope's fields in reading order, `type` and `data` said of every event type. */
  const onlyEnvelope = (s: Json, keep: (k: string) => boolean): Json => {
    const props = s.properties as Record<string, Json>;
    const general: Record<string, Json> = {
      type: { type: 'string', description: 'The event type: one of the [events](#events) below.' },
      data: {
        type: 'object',
        description: 'What the event records: its fields are listed under each event type.',
      },
    };
    const order = ['stream', 'streamRevision', 'globalPosition', 'recordedAt', 'id', 'type'];
    const rank = (k: string) => order.indexOf(k) + 1 || 99;
    const keys = Object.keys(props).sort((a, b) => rank(a) - rank(b));
    return {
      ...s,
      properties: Object.fromEntries(keys.filter(keep).map((k) => [k, general[k] ?? props[k]!])),
    };
  };
  const lines = [
    '# The NDJSON format',
    '',
    '<!-- Generated by `npm run generate` from the zod schemas in domain/ (src/format/format-reference.ts). Do not edit by hand: a test fails when this file is stale. -->',
    '',
    "Decree reads and writes events as NDJSON: one JSON object per line, one event of one order per line. `decree import` takes import lines; `decree export` writes export lines, which `decree import --restore` loads. The same rules are published as JSON Schema (2020-12): `decree schema [line|export|event|command] [type]` prints them, and the package ships them as `@decree-engine/decree/schema/line.json`, `export.json`, `event.json` and `command.json` (point an editor at `schema/line.json` to have each line checked as you type it). What a schema cannot say (a date that does not exist, the order's rules) the import checks and names by line and field.",
    '',
    '## Contents',
    '',
    '- [An import line](#an-import-line)',
    '- [Metadata and shared shapes](#metadata-and-shared-shapes)',
    '- [Schedules](#schedules)',
    '- [Occurrence keys](#occurrence-keys)',
    '- [Recorded time](#recorded-time)',
    '- [An export line and its hash](#an-export-line-and-its-hash)',
    '- [Events](#events)',
    ...ORDER_EVENT_TYPES.map((t) => `  - [${t}](#${slug(t)})`),
    '- [Commands](#commands)',
    '- [The whole example](#the-whole-example)',
    '',
    '## An import line',
    '',
    ...fieldTable(onlyEnvelope(envelope, () => true)),
    '',
    'Unknown fields are refused everywhere, with the fields allowed there listed (the closest first). Each event type below says what its `data` holds.',
    '',
    '## Metadata and shared shapes',
    '',
    ...shapes().flatMap(([name, schema, example]) => [
      `### ${name}`,
      '',
      ...fieldTable(schema),
      '',
      ...block('json', example),
      '',
    ]),
    '## Schedules',
    '',
    'An obligation\'s `schedule` says how it becomes due. Periods (`offset`, `respondWithin`, `afterEntry`) are `{ "days": N }`, `{ "months": N }` or `{ "years": N }`, counted by the order\'s day-counting rule (FRCP 6(a) by default: a deadline on a weekend or legal holiday moves to the next business day; see docs/compliance.md).',
    '',
    ...scheduleSection(),
    '## Occurrence keys',
    '',
    'Status is kept per occurrence: one dated instance of an obligation. Facts about an occurrence (`PaymentMade`, `SubmissionFiled`, `DeadlineExtended`, `ViolationAlleged`, `ViolationFound`, `ObligationWaived`, `ExtensionRequested`) name it in `occurrence`:',
    '',
    '| schedule | occurrence key | example |',
    '|---|---|---|',
    '| `once`, and `after` an order entry, a satisfaction or a date | `"once"` | `"occurrence": "once"` |',
    '| `recurring` | the nominal due date (before any roll to a business day) | `"occurrence": "2025-03-05"` |',
    '| `after` / `before` a triggering fact | the fact\'s id (`incidentId`, `changeId`, `productId`) | `"occurrence": "incident-7"` |',
    '| `ongoing` | `"ongoing"` | `"occurrence": "ongoing"` |',
    '| an information demand | `"once"` (the demand\'s `demandId` is the obligation) | `"obligationId": "demand-1", "occurrence": "once"` |',
    '| a penalty assessed | `"once"` (its `penaltyId` is the obligation) | `"obligationId": "ads-penalty", "occurrence": "once"` |',
    '',
    "Omitted, `occurrence` means the only occurrence of a one-time or ongoing duty under the terms in force on the fact's effective date (a finding's: the first day of its `period`, when the conduct began); a fact about a recurring or triggered duty must name it (`OCCURRENCE_REQUIRED`). `decree status` lists every occurrence as `<obligationId>/<key>`.",
    '',
    '## Recorded time',
    '',
    'Every event has two times. `metadata.effectiveOn` is when the fact takes legal effect (valid time): you state it. `recordedAt` is when Decree learned it (transaction time): the store assigns it, and answers "as known at" an instant (`--known-at`) use it.',
    '',
    "- **A normal import or command** is recorded at the store clock's instant (one instant per write: a command's event, or a batch of an import, 500 events of a file or about 4,000 of a stream). An import line must not state `recordedAt`.",
    "- **A backfill** (`decree import --backfill`, library `{ backfill: true }`) moves past history in: every line states `recordedAt`, the instant the fact was learned (UTC with milliseconds, e.g. `2022-05-26T17:00:00.000Z`). The instants of the lines that add facts must not decrease from one to the next, must not be before the store's last recorded instant and must not be in the future. A line that repeats an event the store holds (the same id and content: a file backfilled again) adds nothing, and must state the instant that event was recorded at: a recorded time is part of the record and cannot be changed, so a line stating another is refused (`RECORDED_AT_DIFFERS`, naming the stored instant) and nothing is written. So must a line repeating an earlier line of the same file that was taken: it adds nothing, and stating another instant is refused the same way, naming that line. Stating its instant, such a line is a duplicate wherever it stands, even after later instants (two overlapping exports, concatenated, import as one), and the next line that adds a fact is held to the last one that did. Every rule of the order is checked in the file's order, as in a normal import, and a problem writes nothing. Each event is marked `metadata.backfilled: true` (inside its hash); answers count the backfilled facts they rest on (every live event known at the instant asked about, a retraction included; a retracted event no longer counts), and `status --known-at` says so.",
    "- **A restore** (`decree import --restore`) loads an export verbatim, recorded times and hashes included, into an empty store only (a store that holds events is refused with `STORE_NOT_EMPTY`). Every line is checked first, in order: its id not repeated, its `globalPosition` the next (0, 1, 2, … in line order), its `streamRevision`, `prevHash` and `hash` following its stream's previous line, its `recordedAt` not before the line before; the first that does not hold refuses the whole file with `INTEGRITY_VIOLATION` (exit 3), naming the line (1-based, as an editor counts), its event, stream and revision, and nothing is written. `--renumber` numbers the positions in line order instead (an export of an EventStoreDB store, whose positions are the server's offsets; positions are not hashed). The restore loads the record as written: it does not decide each fact again under the order's rules (`decree verify --rules` does).",
    '',
    '## An export line and its hash',
    '',
    ...fieldTable(
      onlyEnvelope(
        exportLine,
        (k) => !['id', 'type', 'schemaVersion', 'data', 'metadata'].includes(k),
      ),
    ),
    '',
    'plus `id`, `type`, `schemaVersion`, `data` and `metadata` as in an import line. The hash is the SHA-256 (lower-case hex) of `prevHash` followed by the RFC 8785 canonical JSON of `{ data, id, metadata, prevHash, recordedAt, schemaVersion, stream, streamRevision, type }`; `globalPosition` is not covered (it differs between stores). Each stream is its own chain from 64 zeros; `decree verify` checks every link.',
    '',
    '## Events',
    '',
    'Each event type with its data fields. The example lines come from one invented order (see [the whole example](#the-whole-example)).',
    '',
    ...ORDER_EVENT_TYPES.flatMap((t) => eventSection(t, first.get(t))),
    '## Commands',
    '',
    'The library and `engine.execute(orderId, command)` take commands: `{ "type": <command>, "data": <the event\'s data>, "meta": <metadata, plus an optional eventId> }`. A command is decided against the order\'s rules and records the event of the same row.',
    '',
    '| command | records |',
    '|---|---|',
    ...Object.entries(COMMAND_EVENT).map(([c, e]) => `| \`${c}\` | [${e}](#${slug(e)}) |`),
    '',
    '## The whole example',
    '',
    'Every example above, in order: one file that imports cleanly into an empty store (`decree import` it to try the format).',
    '',
    ...block('ndjson', story.map((l) => JSON.stringify(l)).join('\n')),
    '',
  ];
  return `${lines.join('\n')}`;
};

// The published format: JSON Schemas generated from the zod schemas, checked with an independent
// validator (ajv), and the format reference (docs/format.md), whose examples must import.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  COMMAND_EVENT,
  createEngine,
  generatedFiles,
  jsonSchemaOf,
  ORDER_EVENT_TYPES,
  OrderEventSchemas,
} from '../../src/index.js';
import { ensureBuilt } from '../cli/support/build.js';
import { decree } from '../cli/support/run.js';

/** The part of a generated event schema the tests read. */
type Shape = { properties: { data: { properties: Record<string, unknown> } } };

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const published = (kind: string) => JSON.parse(read(`schema/${kind}.json`)) as object;

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
const validator = (kind: string) => {
  if (!compiled.has(kind)) compiled.set(kind, ajv.compile(published(kind)));
  return compiled.get(kind)!;
};

const fixtures = readdirSync(join(ROOT, 'test/fixtures/events')).map(
  (f) => JSON.parse(read(`test/fixtures/events/${f}`)) as Record<string, unknown>,
);
const example = read('examples/twitter-2022.ndjson')
  .trimEnd()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('published JSON Schema', () => {
  it('is what the zod schemas generate today (run `npm run generate` after changing one)', () => {
    for (const [path, text] of generatedFiles()) expect(read(path), path).toBe(text);
  });

  it('accepts every golden fixture as an event and as an import line', () => {
    const event = validator('event');
    const line = validator('line');
    expect(fixtures.length).toBe(ORDER_EVENT_TYPES.length);
    for (const f of fixtures) {
      expect(event(f), JSON.stringify(event.errors)).toBe(true);
      const asLine = { stream: 'order-x', ...f };
      expect(line(asLine), JSON.stringify(line.errors)).toBe(true);
    }
  });

  it('accepts every line of the bundled example, and the export lines of its import', async () => {
    const line = validator('line');
    for (const l of example) expect(line(l), JSON.stringify(line.errors)).toBe(true);
    const engine = await createEngine({
      store: 'memory',
      clock: () => new Date('2026-12-01T00:00:00.000Z'),
    });
    await engine.importNdjson(
      example.map((l) => JSON.stringify(l)),
      { backfill: example.every((l) => 'recordedAt' in l) },
    );
    const exported = validator('export');
    let n = 0;
    for await (const text of engine.exportNdjson()) {
      expect(exported(JSON.parse(text)), JSON.stringify(exported.errors)).toBe(true);
      n++;
    }
    expect(n).toBe(example.length);
    await engine.close();
  });

  it('accepts each fixture as the command that records it', () => {
    const command = validator('command');
    const commandOf = Object.fromEntries(Object.entries(COMMAND_EVENT).map(([c, e]) => [e, c]));
    for (const f of fixtures) {
      const cmd = {
        type: commandOf[f.type as string],
        data: f.data,
        meta: { ...(f.metadata as object), eventId: f.id },
      };
      expect(command(cmd), JSON.stringify(command.errors)).toBe(true);
    }
  });

  it('flags a misspelt key, a wrong schedule shape and a missing field, as an editor would', () => {
    const line = validator('line');
    const imposed = fixtures.find((f) => f.type === 'ObligationImposed')!;
    const data = imposed.data as Record<string, unknown>;
    const bad = [
      { ...imposed, stream: 'order-x', data: { ...data, penaltyTiers: [] } },
      {
        ...imposed,
        stream: 'order-x',
        data: {
          ...data,
          schedule: { kind: 'recurring', every: { weeks: 2 }, start: { on: '2022-01-01' } },
        },
      },
      { ...imposed, stream: 'order-x', data: { ...data, title: undefined } },
      { ...imposed, stream: 'order-x', recordedat: '2022-01-01T00:00:00.000Z' },
    ];
    for (const b of bad) expect(line(JSON.parse(JSON.stringify(b)))).toBe(false);
  });

  it('has the fields of every zod event schema, with the same required fields and a description on each', () => {
    const schema = jsonSchemaOf('event', undefined, 'inline') as {
      oneOf: {
        properties: { type: { const: string }; data: { properties: object; required?: string[] } };
      }[];
    };
    expect(schema.oneOf.map((o) => o.properties.type.const)).toEqual(ORDER_EVENT_TYPES);
    for (const [i, type] of ORDER_EVENT_TYPES.entries()) {
      const zodData = OrderEventSchemas[type].shape.data.shape as Record<string, z.ZodType>;
      const data = schema.oneOf[i]!.properties.data;
      expect(Object.keys(data.properties), type).toEqual(Object.keys(zodData));
      const required = Object.keys(zodData).filter(
        (k) => !zodData[k]!.safeParse(undefined).success,
      );
      expect(data.required ?? [], type).toEqual(required);
    }
    let described = 0;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const props = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [name, p] of Object.entries(props ?? {})) {
        expect(p.description, `field ${name} has no description`).toBeTruthy();
        described++;
      }
      Object.values(node).forEach(walk);
    };
    for (const kind of ['line', 'export', 'event', 'command'])
      walk(jsonSchemaOf(kind as 'line', undefined, 'inline'));
    expect(described).toBeGreaterThan(500);
  });

  it('changes when a zod schema changes: the published schema reads the live zod schemas, no copy', () => {
    const field = OrderEventSchemas.OrderEntered.shape.data.shape.termEndsOn;
    const before = z.globalRegistry.get(field);
    const termEndsOn = () =>
      (jsonSchemaOf('event', 'OrderEntered', 'inline') as unknown as Shape).properties.data
        .properties.termEndsOn as { description?: string };
    try {
      z.globalRegistry.add(field, { ...before, description: 'changed in the zod schema' });
      expect(termEndsOn().description).toBe('changed in the zod schema');
    } finally {
      z.globalRegistry.remove(field);
      if (before !== undefined) z.globalRegistry.add(field, before);
    }
    expect(termEndsOn().description).toBe(before?.description);
  });
});

describe('decree schema', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('prints the published schema of a line, and of one event type', () => {
    const out = decree(ROOT, 'schema');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.out)).toEqual(published('line'));
    const one = decree(ROOT, 'schema', 'event', 'PaymentMade');
    expect(JSON.parse(one.out)).toMatchObject({ title: 'Decree event: PaymentMade' });
  });

  it('refuses an unknown kind or type with exit 2 and what is accepted', () => {
    const kind = decree(ROOT, 'schema', 'lines');
    expect(kind.code).toBe(2);
    expect(kind.err).toMatch(/expected one of line, export, event, command/);
    const type = decree(ROOT, 'schema', 'event', 'Payment');
    expect(type.code).toBe(2);
    expect(type.err).toMatch(/unknown type "Payment"; expected one of OrderFiled/);
  });
});

describe('docs/format.md', () => {
  const doc = read('docs/format.md');
  const whole = /## The whole example[\s\S]*?```ndjson\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  const lines = whole.trimEnd().split('\n');

  it('has a section for every event type, listing every field of its data', () => {
    for (const type of ORDER_EVENT_TYPES) {
      const section = new RegExp(`### ${type}\\n([\\s\\S]*?)(?=\\n### |\\n## )`).exec(doc)?.[1];
      expect(section, type).toBeDefined();
      for (const field of Object.keys(OrderEventSchemas[type].shape.data.shape))
        expect(section, `${type}.${field}`).toContain(`| \`${field}\` |`);
    }
  });

  it("imports its whole example cleanly into an empty store, and every event's example line is in it", async () => {
    expect(lines.length).toBeGreaterThanOrEqual(ORDER_EVENT_TYPES.length);
    const engine = await createEngine({
      store: 'memory',
      clock: () => new Date('2026-12-01T00:00:00.000Z'),
    });
    const report = await engine.importNdjson(lines);
    expect(report.problems).toEqual([]);
    expect(report.appended).toBe(lines.length);
    const shown = [...doc.matchAll(/Example line:\n\n```json\n(.*)\n```/g)].map((m) => m[1]);
    expect(shown.length).toBe(ORDER_EVENT_TYPES.length);
    for (const l of shown) expect(lines).toContain(l);
    await engine.close();
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ORDER_COMMAND_TYPES,
  ORDER_EVENT_TYPES,
  OrderEvent,
  OrderEventSchemas,
  COMMAND_EVENT,
  type OrderCommandType,
  type OrderEventType,
} from '../../../domain/index.js';

const dir = new URL('../../fixtures/events/', import.meta.url);
const kebab = (type: string): string => type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));

const EVENT_TYPES = [
  'OrderFiled',
  'OrderEntered',
  'OrderModified',
  'OrderTerminated',
  'ObligationImposed',
  'ObligationAmended',
  'ObligationWaived',
  'ObligationSuperseded',
  'ObligationAssigned',
  'InformationDemanded',
  'DeadlineExtended',
  'SubmissionAccepted',
  'SubmissionRejected',
  'ViolationAlleged',
  'ViolationFound',
  'AllegationResolved',
  'PenaltyAssessed',
  'AssessorApproved',
  'PaymentMade',
  'SubmissionFiled',
  'IncidentDiscovered',
  'CorporateChangeOccurred',
  'ProductLaunched',
  'ViolationCured',
  'ExtensionRequested',
  'PetitionFiled',
  'PetitionDecided',
  'MotionDecided',
  'PublicStatementIssued',
  'ClosureDeclared',
  'EntryRetracted',
] as const;

describe('golden fixtures of stored event shapes (schemaVersion 1)', () => {
  it('every event type has exactly one fixture, named <event-type>.v1.json, and no fixture is left over', () => {
    expect(files).toEqual(ORDER_EVENT_TYPES.map((t) => `${kebab(t)}.v1.json`).sort());
  });

  it.each(ORDER_EVENT_TYPES.map((t) => [t] as const))(
    '%s decodes with its own schema and the union, unchanged',
    (type) => {
      const raw = load(`${kebab(type)}.v1.json`);
      expect(OrderEventSchemas[type].parse(raw)).toEqual(raw);
      expect(OrderEvent.parse(raw)).toEqual(raw);
      expect((raw as { type: string; schemaVersion: number }).type).toBe(type);
      expect((raw as { schemaVersion: number }).schemaVersion).toBe(1);
    },
  );

  it('fixture ids are distinct', () => {
    const ids = files.map((f) => (load(f) as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the catalogue of names', () => {
  it('ORDER_EVENT_TYPES is exactly the catalogue, in order', () =>
    expect(ORDER_EVENT_TYPES).toEqual(EVENT_TYPES));

  it('the event type is exactly the literal union (no schema edit widens it)', () => {
    expectTypeOf<OrderEventType>().toEqualTypeOf<(typeof EVENT_TYPES)[number]>();
    expectTypeOf<OrderEvent['type']>().toEqualTypeOf<(typeof EVENT_TYPES)[number]>();
    expectTypeOf<OrderEventType>().not.toEqualTypeOf<string>();
  });

  it('each command produces one event type and every event type has its command', () => {
    expect(new Set(Object.values(COMMAND_EVENT))).toEqual(new Set(ORDER_EVENT_TYPES));
    expect(ORDER_COMMAND_TYPES).toHaveLength(ORDER_EVENT_TYPES.length);
    expectTypeOf<(typeof COMMAND_EVENT)[OrderCommandType]>().toEqualTypeOf<OrderEventType>();
  });
});

import { readableIssue } from '../shared/readable-errors.js';
import { OrderEvent, ORDER_EVENT_TYPES, type OrderEventType } from './order.events.js';

/** One pure step that lifts a stored event's data from version N to N+1. */
export type UpcastStep = (data: unknown) => unknown;

/**
 * Version steps per event type: `steps[type][n - 1]` lifts version n to n + 1. Every type is at
 * version 1, so there are none yet. When a stored shape changes, add the step here and a golden
 * fixture of the old shape under test/fixtures/events/ (stored shapes are never edited in place).
 */
export const UPCAST_STEPS: Readonly<Partial<Record<OrderEventType, readonly UpcastStep[]>>> = {};

/** The current schema version of each event type. */
export const currentSchemaVersion = (type: OrderEventType): number =>
  (UPCAST_STEPS[type]?.length ?? 0) + 1;

const EVENT_TYPES: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);

/** Whether `type` names an order event type. */
export const isOrderEventType = (type: string): type is OrderEventType => EVENT_TYPES.has(type);

/**
 * Lifts a stored `{ id, type, schemaVersion, data, metadata }` to the current shape and parses it
 * (throws ZodError on a shape that does not decode; callers in src/ turn that into a typed error).
 */
export const upcastOrderEvent = (stored: {
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}): OrderEvent => {
  const known = isOrderEventType(stored.type);
  const current = known ? currentSchemaVersion(stored.type as OrderEventType) : 1;
  const version: unknown = stored.schemaVersion;
  const liftable =
    known &&
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version >= 1 &&
    version <= current;
  // Only a whole version this release knows is lifted; anything else goes to the schema as it is, which refuses it.
  const steps = liftable ? UPCAST_STEPS[stored.type as OrderEventType] : undefined;
  const data =
    steps === undefined
      ? stored.data
      : steps.slice((version as number) - 1).reduce<unknown>((d, step) => step(d), stored.data);
  const candidate = {
    id: stored.id,
    type: stored.type,
    schemaVersion: liftable ? current : version,
    data,
    metadata: stored.metadata,
  };
  // Parsed plainly first (the fast path); only a refused event is parsed again for messages in words.
  const plain = OrderEvent.safeParse(candidate);
  return plain.success ? plain.data : OrderEvent.parse(candidate, { error: readableIssue });
};

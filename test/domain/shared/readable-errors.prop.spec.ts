// Law: whatever is wrong with an event's fields, the message says what is expected in plain words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderEvent, readableIssue, type OrderEvent as Event } from '../../../domain/index.js';
import { orderHistoryArb } from '../../../src/testing/index.js';
import { fcParams, TIMEOUT } from '../../projections/support.js';

/** Words of the validation library that must never reach a person. */
const JARGON =
  /Invalid input|nonoptional|Unrecognized key|received undefined|Invalid option|too_small|invalid_/;

type Path = (string | number)[];

/** The records whose keys are names the user chooses (a trigger's `measures`): a key misspelt there is another name, not a mistake. */
const FREE_KEYS = new Set(['measures']);

/** Every object inside `value` (the event's data and metadata) whose keys the schema names, with its path. */
const objectsIn = (
  value: unknown,
  path: Path = [],
): { path: Path; obj: Record<string, unknown> }[] => {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsIn(v, [...path, i]));
  const obj = value as Record<string, unknown>;
  const inside = Object.entries(obj).flatMap(([k, v]) => objectsIn(v, [...path, k]));
  return FREE_KEYS.has(String(path[path.length - 1])) ? inside : [{ path, obj }, ...inside];
};

/** The name with one letter dropped or two swapped: the typo a person makes. */
const typoOf = (name: string, at: number, swap: boolean): string => {
  const i = at % Math.max(1, name.length - 1);
  return swap && name.length > 2
    ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)
    : name.slice(0, i) + name.slice(i + 1);
};

const messagesOf = (e: unknown): { path: Path; message: string }[] => {
  const r = OrderEvent.safeParse(e, { error: readableIssue });
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path as Path, message: i.message }));
};

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const eventAndTarget = orderHistoryArb({ minCommands: 3, maxCommands: 12 })
  .filter((h) => h.events.length > 0)
  .chain((h) =>
    fc.record({
      event: fc.constantFrom(...h.events),
      pick: fc.nat(),
      at: fc.nat(),
      swap: fc.boolean(),
    }),
  );

describe('validation messages (law)', () => {
  it(
    'a misspelt key names the key meant and the keys allowed, in words',
    () => {
      let suggested = 0;
      let runs = 0;
      fc.assert(
        fc.property(eventAndTarget, ({ event, pick, at, swap }) => {
          runs++;
          const e = clone(event) as unknown as Record<string, unknown>;
          const objects = [
            ...objectsIn(e.data, ['data']),
            ...objectsIn(e.metadata, ['metadata']),
          ].filter((o) => Object.keys(o.obj).some((k) => k.length >= 4));
          const target = objects[pick % objects.length]!;
          const keys = Object.keys(target.obj).filter((k) => k.length >= 4);
          const key = keys[at % keys.length]!;
          const typo = typoOf(key, at, swap);
          if (typo === key || typo in target.obj) return;
          target.obj[typo] = target.obj[key];
          delete target.obj[key];
          const messages = messagesOf(e);
          expect(messages.length).toBeGreaterThan(0);
          for (const m of messages) expect(m.message).not.toMatch(JARGON);
          const unknown = messages.find((m) => m.message.includes(`unknown field "${typo}"`));
          expect(unknown, JSON.stringify(messages)).toBeDefined();
          expect(unknown!.message).toContain(key); // the allowed fields are listed
          if (unknown!.message.includes(`did you mean "${key}"?`)) suggested++;
        }),
        fcParams(150),
      );
      // The suggestion is the point: it must be right for most typos, not merely possible.
      expect(suggested).toBeGreaterThan(runs * 0.6);
    },
    TIMEOUT,
  );

  it(
    'a missing or mistyped field says it is required, or what it takes and what it got',
    () => {
      let checked = 0;
      fc.assert(
        fc.property(eventAndTarget, fc.boolean(), ({ event, pick, at }, drop) => {
          const e = clone(event) as unknown as Record<string, unknown>;
          const objects = [
            ...objectsIn(e.data, ['data']),
            ...objectsIn(e.metadata, ['metadata']),
          ].filter((o) => Object.keys(o.obj).length > 0);
          const target = objects[pick % objects.length]!;
          const keys = Object.keys(target.obj);
          const key = keys[at % keys.length]!;
          if (drop) delete target.obj[key];
          else target.obj[key] = typeof target.obj[key] === 'string' ? 12 : 'twelve';
          const messages = messagesOf(e as unknown as Event);
          for (const m of messages) expect(m.message).not.toMatch(JARGON);
          const here = messages.find((m) => m.path.join('.') === [...target.path, key].join('.'));
          if (here === undefined) return; // an optional field dropped, or a value that still fits
          checked++;
          expect(here.message).toMatch(drop ? /^required\b/ : /expected .*, got|^expected |must /);
        }),
        fcParams(150),
      );
      expect(checked).toBeGreaterThan(75);
    },
    TIMEOUT,
  );
});

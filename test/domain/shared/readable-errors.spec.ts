// The messages the deep runs of readable-errors.prop.spec.ts found wanting, pinned: a field missing
// where a union or a schema's own message stood still says "required", and a mistake inside one
// alternative of a union is said where it is, not as the union's every shape.
import { describe, expect, it } from 'vitest';
import { OrderEvent, readableIssue } from '../../../domain/index.js';

const imposed = (schedule: unknown, amount: unknown = { amountMinor: 100, currency: 'USD' }) => ({
  id: '0dfb66e4-87a6-4d66-b9cf-1d4c5b76e269',
  type: 'ObligationImposed',
  schemaVersion: 1,
  data: { obligationId: 'fee', title: 'Fee', kind: 'payment', schedule, amount },
  metadata: { effectiveOn: '2011-07-16', actor: { role: 'court', name: 'Court' } },
});

/** Each problem as `path: message`. */
const problems = (event: unknown): string[] => {
  const r = OrderEvent.safeParse(event, { error: readableIssue });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const recurring = (start: unknown, every: unknown = { months: 6 }) =>
  every === null ? { kind: 'recurring', start } : { kind: 'recurring', every, start };

describe('readable messages where a union or a field of its own words stands', () => {
  it('a misspelt field inside one alternative is named there, with the field meant', () =>
    expect(problems(imposed(recurring({ afterEntry: { mnths: 6 } })))).toEqual([
      'data.schedule.start: afterEntry: expected { days: a whole number } or { months: a whole number } or { years: a whole number }; unknown field "mnths"; did you mean "months"? the fields here are months, days, years',
    ]));

  it('a value of the wrong kind inside one alternative is named there', () =>
    expect(problems(imposed(recurring({ afterEntry: { months: 'six' } })))).toEqual([
      'data.schedule.start: afterEntry: months: expected a whole number, got the text "six": a whole number; A number of calendar months (the same day of the month, or its last day).',
    ]));

  it('a misspelt field no alternative knows lists every alternative, nested ones by their fields', () =>
    expect(problems(imposed(recurring({ afterEntr: { months: 6 } })))).toEqual([
      'data.schedule.start: expected { on: text } or { afterEntry: { days } or { months } or { years } }; unknown field "afterEntr"; did you mean "afterEntry"? the fields here are afterEntry, on',
    ]));

  it('a missing field that takes one of several shapes is required', () =>
    expect(problems(imposed(recurring({ on: '2012-01-31' }, null)))).toEqual([
      'data.schedule.every: required: { months: a whole number } or { years: a whole number }',
    ]));

  it('a missing amount is required, a fractional one keeps its own words', () => {
    const once = { kind: 'once', dueOn: '2012-01-31' };
    expect(problems(imposed(once, { currency: 'USD' }))[0]).toMatch(
      /^data\.amount\.amountMinor: required: a whole number; The amount in minor units/,
    );
    expect(problems(imposed(once, { amountMinor: 1.5, currency: 'USD' }))).toEqual([
      'data.amount.amountMinor: expected a whole number of minor units (cents), within ±2^53',
    ]);
  });

  it('a missing event id is required, a malformed one keeps its own words', () => {
    const retraction = (eventId?: string) => ({
      ...imposed({ kind: 'once', dueOn: '2012-01-31' }),
      type: 'EntryRetracted',
      data: { ...(eventId === undefined ? {} : { eventId }), reason: 'Twice' },
    });
    expect(problems(retraction())).toEqual([
      'data.eventId: required: text (uuid); The id (UUID) of the event to retract.',
    ]);
    expect(problems(retraction('x'))).toEqual([
      'data.eventId: expected a UUID (the event id is its idempotency key)',
    ]);
  });
});

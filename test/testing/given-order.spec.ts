// givenOrder as a user's test meets it: safe to await, and strict about its input as the engine is.
import { describe, expect, it } from 'vitest';
import { InvalidInput, type OrderEvent } from '../../domain/index.js';
import { givenOrder, type GivenCommand } from '../../src/testing/index.js';
import { command, recorded } from '../support/order-builders.js';
import { filed } from '../support/order-scenario.js';

/** The filing, as a test writes it: no event id. */
const { eventId: _, ...meta } = filed.meta;
const unnamed: GivenCommand = { ...filed, meta };

describe('givenOrder(…).when(command)', () => {
  it('is no thenable: awaiting it, or returning it from an async test, gives it back', async () => {
    const when = givenOrder([]).when(filed);
    expect('then' in when).toBe(false);
    const awaited = await givenOrder([]).when(filed);
    expect(awaited.thenRecords([recorded(filed)])).toEqual([recorded(filed)]);
  });

  it('fills in a missing event id, the same each time and none a given event has', () => {
    const [e] = givenOrder([])
      .when(unnamed)
      .thenRecords([{ ...recorded(filed), id: '00000000-0000-4000-8000-000000000000' }]);
    expect(e!.id).toBe('00000000-0000-4000-8000-000000000000');
    const taken = { ...recorded(filed), id: '00000000-0000-4000-8000-000000000000' };
    const again = command('FileOrder', { ...filed.data, title: 'Other' });
    const { eventId: _id, ...againMeta } = again.meta;
    expect(givenOrder([taken]).when({ ...again, meta: againMeta }).command.meta.eventId).toBe(
      '00000000-0000-4000-8000-000000000001',
    );
  });

  it('refuses a command the engine would refuse as input, naming the field', () => {
    const bad = { ...filed, meta: { ...filed.meta, effectiveOn: '2024-02-30' } } as GivenCommand;
    expect(() => givenOrder([]).when(bad)).toThrow(InvalidInput);
    expect(() => givenOrder([]).when(bad)).toThrow(
      /invalid command: meta\.effectiveOn: 2024-02-30 is not a date that exists/,
    );
  });

  it('refuses a given event that does not match its schema, naming it', () => {
    const broken = { ...recorded(filed), id: 'not-a-uuid' } as OrderEvent;
    expect(() => givenOrder([broken])).toThrow(/invalid given event \[0\]: id:/);
  });

  it('takes only the codes of the order rules', () => {
    const when = givenOrder([recorded(filed)]).when(
      command('FileOrder', { ...filed.data, title: 'Other' }),
    );
    expect(when.thenRejects('ORDER_ALREADY_FILED').code).toBe('ORDER_ALREADY_FILED');
    // @ts-expect-error a misspelt rule code does not compile
    expect(() => when.thenRejects('ORDER_NOT_FILD')).toThrow(/expected ORDER_NOT_FILD/);
  });
});

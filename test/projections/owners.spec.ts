// Owners (issue 19): who answers for an occurrence on a date, under "changes govern forward"
// (design.md 6.1): an obligation-wide assignment governs the occurrences due on or after its date;
// one naming an occurrence hands that occurrence over whatever its deadline.
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../domain/index.js';
import { deadlinesOf, orderStatusOn, ownedBy } from '../../projections/index.js';
import { ACTORS, command, record } from '../support/order-builders.js';
import { scenario } from '../support/order-scenario.js';

const jane = { name: 'Jane Roe', email: 'jane.roe@example.com' };
const john = { name: 'John Doe', email: 'john.doe@example.com' };
const ada = { name: 'Ada Lovelace', email: 'ada@example.com' };
const assign = (data: Record<string, unknown>, on: string) =>
  command('AssignObligation', data, { on, by: ACTORS.twitter });

const state = record(
  [
    assign({ obligationId: 'annual-cert', owner: jane, backup: john }, '2023-01-10'),
    assign({ obligationId: 'annual-cert', owner: john }, '2024-06-01'),
    assign({ obligationId: 'annual-cert', occurrence: '2023-05-26', owner: ada }, '2024-07-01'),
    assign({ obligationId: 'ad-ban', owner: ada }, '2024-08-01'),
  ],
  scenario(),
).state;

const ownerOn = (id: string, asOf: string) =>
  orderStatusOn(state, asOf as CalendarDate).occurrences.find((o) => o.id === id)?.owner;

describe('owners', () => {
  it('is nobody before the first assignment takes effect', () =>
    expect(ownerOn('annual-cert/2023-05-26', '2023-01-09')).toBeUndefined());

  it('names owner, backup, since and the deciding event from the assignment on', () =>
    expect(ownerOn('annual-cert/2023-05-26', '2023-05-01')).toEqual({
      owner: jane,
      backup: john,
      since: '2023-01-10',
      eventId: expect.any(String),
    }));

  it('keeps an occurrence due before a reassignment with the owner it was due under', () => {
    expect(ownerOn('annual-cert/2023-05-26', '2024-06-15')?.owner).toEqual(jane);
    expect(ownerOn('annual-cert/2024-05-26', '2024-06-15')?.owner).toEqual(jane);
  });

  it('gives the reassignment the occurrences due on or after its date', () =>
    expect(ownerOn('annual-cert/2025-05-26', '2025-05-01')).toMatchObject({
      owner: john,
      since: '2024-06-01',
    }));

  it('hands over one named occurrence whatever its deadline, from the assignment on', () => {
    expect(ownerOn('annual-cert/2023-05-26', '2024-06-30')?.owner).toEqual(jane);
    expect(ownerOn('annual-cert/2023-05-26', '2024-07-01')?.owner).toEqual(ada);
    expect(ownerOn('annual-cert/2025-05-26', '2025-05-01')?.owner).toEqual(john);
  });

  it('gives an ongoing duty its latest owner', () =>
    expect(ownerOn('ad-ban/ongoing', '2024-08-01')?.owner).toEqual(ada));

  it('appears on deadlines, and ownedBy matches a name or an e-mail in any case, owner or backup', () => {
    const list = deadlinesOf([state], '2023-05-01' as CalendarDate, 60);
    const cert = list.find((d) => d.id === 'annual-cert/2023-05-26');
    expect(cert?.owner?.owner).toEqual(jane);
    expect(ownedBy(cert?.owner, 'JANE.ROE@example.com')).toBe(true);
    expect(ownedBy(cert?.owner, 'john doe')).toBe(true);
    expect(ownedBy(cert?.owner, 'Ada Lovelace')).toBe(false);
    expect(ownedBy(undefined, 'Jane Roe')).toBe(false);
  });
});

// AssignObligation (issue 19): who at the company answers for a duty. Accepted once (re-issued, or
// re-issued under a new event id, it records nothing), refused with its code and field path.
import { describe, expect, it } from 'vitest';
import { OrderCommand } from '../../../domain/index.js';
import { givenOrder } from '../../../src/testing/index.js';
import { ACTORS, command, recorded, withNewId } from '../../support/order-builders.js';
import { accepts, rejects, scenario } from '../../support/order-scenario.js';

const base = scenario().events;
const jane = { name: 'Jane Roe', email: 'jane.roe@example.com' };
const john = { name: 'John Doe', email: 'john.doe@example.com' };
const assign = (data: Record<string, unknown>, on = '2022-06-01') =>
  command('AssignObligation', data, { on, by: ACTORS.twitter });

describe('AssignObligation', () => {
  it('assigns an obligation to an owner and a backup, once', () =>
    accepts(base, assign({ obligationId: 'report', owner: jane, backup: john })));

  it('assigns one occurrence of a recurring duty, once', () =>
    accepts(base, assign({ obligationId: 'annual-cert', occurrence: '2023-05-26', owner: john })));

  it('records nothing when the same assignment comes again under a new event id', () => {
    const c = assign({ obligationId: 'report', owner: jane, backup: john });
    givenOrder([...base, recorded(c)])
      .when(withNewId(c))
      .thenRecords([]);
  });

  it('records a later reassignment to someone else', () => {
    const first = assign({ obligationId: 'report', owner: jane });
    accepts(
      [...base, recorded(first)],
      assign({ obligationId: 'report', owner: john }, '2022-07-01'),
    );
  });

  it('refuses an obligation never imposed', () =>
    rejects(base, assign({ obligationId: 'nope', owner: jane }), 'OBLIGATION_NOT_FOUND', [
      'data',
      'obligationId',
    ]));

  it('refuses an occurrence the schedule does not have', () =>
    rejects(
      base,
      assign({ obligationId: 'annual-cert', occurrence: '2023-05-27', owner: jane }),
      'OCCURRENCE_NOT_FOUND',
      ['data', 'occurrence'],
    ));

  it('refuses the owner as their own backup (e-mail compared without case)', () =>
    rejects(
      base,
      assign({
        obligationId: 'report',
        owner: jane,
        backup: { name: 'J. Roe', email: 'Jane.Roe@Example.com' },
      }),
      'BACKUP_IS_OWNER',
      ['data', 'backup', 'email'],
    ));

  it('refuses an assignment effective before the order was filed', () =>
    rejects(
      base,
      assign({ obligationId: 'report', owner: jane }, '2022-05-01'),
      'EFFECTIVE_BEFORE_FILING',
      ['meta', 'effectiveOn'],
    ));

  it('refuses, at the schema, an e-mail that is not one and an empty name, naming the fields', () => {
    const r = OrderCommand.safeParse({
      type: 'AssignObligation',
      data: { obligationId: 'report', owner: { name: ' ', email: 'jane at example' } },
      meta: { effectiveOn: '2022-06-01', actor: ACTORS.twitter },
    });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toContain('data.owner.email');
    expect(paths).toContain('data.owner.name');
  });
});

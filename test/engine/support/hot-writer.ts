// One of several processes recording commands on the same order of one store (see hot-order.spec.ts
// and postgres-hot-order.spec.ts): a SQLite file path or a store spec such as postgres://…; prints
// { recorded, errors } as JSON.
import { createEngine } from '../../../src/index.js';

const [path = '', worker = '0', count = '50'] = process.argv.slice(2);
// One retry promised: what keeps a writer going on a hot order is the retry budget and its backoff.
const store = path.includes('://') ? path : `sqlite:${path}`;
const engine = await createEngine({ store, maxRetries: 1 });
let recorded = 0;
const errors: string[] = [];
for (let i = 0; i < Number(count); i++) {
  try {
    // HOT_ORDERS=2 spreads the commands over orders hot-0 and hot-1 (default: the one order hot).
    const order =
      process.env.HOT_ORDERS === undefined ? 'hot' : `hot-${i % Number(process.env.HOT_ORDERS)}`;
    const r = await engine.execute(order, {
      type: 'IssuePublicStatement',
      data: { statementId: `w${worker}-${i}`, summary: `Statement ${i} of writer ${worker}` },
      meta: { effectiveOn: '2024-01-02', actor: { role: 'company', name: 'Acme' } },
    });
    recorded += r.events.length;
  } catch (e) {
    errors.push(`${(e as { code?: string }).code ?? 'untyped'}: ${(e as Error).message}`);
  }
}
await engine.close();
process.stdout.write(JSON.stringify({ recorded, errors }));

// One of several processes recording commands on the same order of one SQLite store (see
// hot-order.spec.ts): prints { recorded, errors } as JSON.
import { createEngine } from '../../../src/index.js';

const [path = '', worker = '0', count = '50'] = process.argv.slice(2);
// One retry promised: what keeps a writer going on a hot order is the retry budget and its backoff.
const engine = await createEngine({ store: `sqlite:${path}`, maxRetries: 1 });
let recorded = 0;
const errors: string[] = [];
for (let i = 0; i < Number(count); i++) {
  try {
    const r = await engine.execute('hot', {
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

import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import type { Engine, EventStore } from '../../src/index.js';
import { decreeModule, TOKENS } from '../../src/inversify.js';

describe('decreeModule', () => {
  it('resolves every token, as singletons, to working services', async () => {
    const container = new Container();
    const fixed = new Date('2026-01-02T03:04:05.678Z');
    await container.load(decreeModule({ store: 'memory', clock: () => fixed }));
    const resolved = await Promise.all(Object.values(TOKENS).map((t) => container.getAsync(t)));
    expect(resolved.every((v) => v !== undefined)).toBe(true);
    const engine = await container.getAsync<Engine>(TOKENS.Engine);
    expect(await container.getAsync<Engine>(TOKENS.Engine)).toBe(engine);
    expect(engine.store).toBe(await container.getAsync<EventStore>(TOKENS.EventStore));
    await engine.execute('o-1', {
      type: 'FileOrder',
      data: { orderId: 'o-1', title: 'Test order', kind: 'consent_decree', forum: 'D.D.C.' },
      meta: { effectiveOn: '2024-01-02', actor: { role: 'court', name: 'D.D.C.' } },
    });
    let recorded: { recordedAt: string } | undefined;
    for await (const r of engine.store.readAll({ limit: 1 })) recorded = r;
    expect(recorded?.recordedAt).toBe(fixed.toISOString()); // the bound clock is the one the store stamps with
    await container.unbindAllAsync();
    await expect(engine.status('o-1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' }); // unbinding closed the store
  });
});

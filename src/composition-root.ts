// The composition root: the only module that imports inversify. Everything it binds is a plain
// factory that unit tests call directly; the container only wires them for services that use one.
import { ContainerModule } from 'inversify';
import { createEngine } from './engine/engine.js';
import type { Engine, EngineOptions } from './engine/engine.types.js';
import { openEventStore, type EventStore } from './store/index.js';
import { systemClock, type Clock } from './clock.js';

/** The service identifiers `decreeModule` binds. */
export const TOKENS = {
  Clock: Symbol.for('decree.Clock'),
  EventStore: Symbol.for('decree.EventStore'),
  Engine: Symbol.for('decree.Engine'),
} as const;

/**
 * An inversify `ContainerModule` that binds Decree's clock, event store and engine (singletons,
 * bound with factories: no decorators or reflect-metadata). The store and engine open
 * asynchronously, so resolve them with `container.getAsync(TOKENS.Engine)`. Tear down with
 * `await container.unloadAsync(module)` (or `unbindAllAsync()`): it closes the engine and the store,
 * after which every call fails with `StoreUnavailable`. Always await it: the store's file or
 * connection stays open until then.
 * @example
 * const container = new Container();
 * const module = decreeModule({ store: 'sqlite:./decree.db' });
 * await container.load(module);
 * const engine = await container.getAsync<Engine>(TOKENS.Engine);
 * await container.unloadAsync(module);
 */
export const decreeModule = (options: EngineOptions): ContainerModule =>
  new ContainerModule(({ bind }) => {
    bind<Clock>(TOKENS.Clock).toConstantValue(options.clock ?? systemClock);
    bind<EventStore>(TOKENS.EventStore)
      .toResolvedValue(
        (clock: Clock) =>
          typeof options.store === 'string'
            ? openEventStore(options.store, { clock })
            : options.store,
        [TOKENS.Clock],
      )
      .inSingletonScope()
      .onDeactivation((store) => store.close());
    bind<Engine>(TOKENS.Engine)
      .toResolvedValue(
        (store: EventStore, clock: Clock) => createEngine({ ...options, store, clock }),
        [TOKENS.EventStore, TOKENS.Clock],
      )
      .inSingletonScope()
      .onDeactivation((engine) => engine.close());
  });

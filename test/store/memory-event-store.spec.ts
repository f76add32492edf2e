import { eventStoreContract } from '../contracts/event-store.contract.js';
import {
  createMemoryEventStore,
  tamperWithMemoryEvent,
} from '../../src/store/memory-event-store.js';

eventStoreContract('memory', async (options) => {
  const store = createMemoryEventStore(options);
  const tamperData = async (position: bigint, edit: (json: string) => string): Promise<void> =>
    tamperWithMemoryEvent(store, position, (e) => ({
      ...e,
      data: JSON.parse(edit(JSON.stringify(e.data))) as unknown,
    }));
  return { store, dispose: () => store.close(), tamperData };
});

import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { eventStoreContract } from '../contracts/event-store.contract.js';
import { openEventStoreDbStore } from '../../src/store/eventstoredb-event-store.js';
import { namespaced } from './support/namespaced-store.js';

const connection = process.env.ESDB_CONNECTION_STRING;
if (connection === undefined || connection === '')
  console.info(
    'eventstoredb contract: skipped: ESDB_CONNECTION_STRING is not set (no server can run on this machine); see README',
  );

describe.skipIf(connection === undefined || connection === '')('eventstoredb', () => {
  // A server is shared by every case and keeps what earlier runs wrote, so each case gets its own
  // stream-name prefix (see namespaced): the contract then sees an empty store of its own.
  eventStoreContract(
    'eventstoredb',
    async (options) => {
      const store = await openEventStoreDbStore(connection ?? '', options);
      return {
        store: namespaced(store, `contract-${randomUUID()}-`),
        dispose: () => store.close(),
      };
    },
    [
      {
        test: 'appendMany is atomic across streams: a conflict in the 3rd batch writes nothing',
        reason: 'EventStoreDB has no multi-stream transaction; appendMany appends batch by batch',
      },
      {
        test: 'verify finds a single changed byte at any position (property)',
        reason: 'stored ESDB events are immutable, there is no way to tamper with one',
      },
      {
        test: 'the same input gives the same hashes as the reference adapter, pinned for the first event',
        reason: 'the per-case stream prefix is part of the hashed stream name',
      },
      {
        test: 'appendRecorded restores an export with the same hashes, and refuses a tampered one writing nothing',
        reason: 'the per-case stream prefix is part of the hashed stream name',
      },
      {
        test: 'appendRecorded refuses an export that disagrees with its chain, naming the first event out of place, and writes nothing',
        reason: 'the per-case stream prefix is part of the hashed stream name',
      },
      {
        test: "appendRecorded into a store that holds events: the export's positions must run on from the store's next one",
        reason: 'EventStoreDB assigns its own positions, so an export is not held to them',
      },
    ],
  );
});

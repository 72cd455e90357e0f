import { eventStoreContract } from '../testing/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];

/**
 * Runs against a real EventStoreDB (>= 22.6) only when EVENTSTORE_CONNECTION_STRING is set, e.g.
 * `esdb://localhost:2113?tls=false` with deploy/compose. The server is shared: the contract uses
 * unique stream names and relative positions, and leaves its streams behind.
 */
if (connectionString) {
  eventStoreContract(
    'EventStoreDB contract',
    async () => {
      const store = await EventStoreDbEventStore.create({ connectionString });
      return { store, cleanup: () => store.close() };
    },
    { eventIdsUniqueAcrossStreams: false },
  );
} else {
  describe.skip('EventStoreDB contract (skipped: EVENTSTORE_CONNECTION_STRING not set)', () => {
    it('needs a running EventStoreDB', () => undefined);
  });
}

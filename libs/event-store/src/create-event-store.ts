import type { EventStore } from './event-store.port';
import type { EventStoreOptions } from './event-store.options';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb.event-store';
import { PostgresEventStore } from './postgres/postgres.event-store';
import { SqliteEventStore } from './sqlite/sqlite.event-store';

/**
 * Opens the configured event store, ready to use: tables created (SQLite, PostgreSQL), server
 * reachable (PostgreSQL, EventStoreDB) — otherwise rejects, with `EventStoreUnavailableError` when
 * the server cannot be reached, so that boot fails fast.
 */
export async function createEventStore(options: EventStoreOptions): Promise<EventStore> {
  switch (options.kind) {
    case 'sqlite':
      return new SqliteEventStore({ path: options.path });
    case 'postgres':
      return PostgresEventStore.create({
        connectionString: options.connectionString,
        ...(options.schema === undefined ? {} : { schema: options.schema }),
        ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      });
    case 'eventstoredb':
      return EventStoreDbEventStore.create({ connectionString: options.connectionString });
  }
}

import type { CheckpointStore } from './checkpoint-store.port';
import type { EventStoreOptions } from './event-store.options';
import { PostgresCheckpointStore } from './postgres/postgres.checkpoint-store';
import { SqliteCheckpointStore } from './sqlite/sqlite.checkpoint-store';

/** The event store kinds that can also keep checkpoints (in the same database). */
export type RelationalStoreOptions = Extract<EventStoreOptions, { kind: 'sqlite' | 'postgres' }>;

/** A checkpoint store that holds a connection, hence `close()`. */
export type ClosableCheckpointStore = CheckpointStore & { close(): Promise<void> };

/**
 * Opens the checkpoint store living in the same database as the relational event store described
 * by `options`. EventStoreDB has no such table: keep checkpoints in the subscriber's own database.
 */
export async function createCheckpointStore(
  options: RelationalStoreOptions,
): Promise<ClosableCheckpointStore> {
  switch (options.kind) {
    case 'sqlite':
      return new SqliteCheckpointStore({ path: options.path });
    case 'postgres':
      return PostgresCheckpointStore.create({
        connectionString: options.connectionString,
        ...(options.schema === undefined ? {} : { schema: options.schema }),
      });
  }
}

export type {
  AppendResult,
  EventHandler,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Json,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port';
export type { CheckpointStore } from './checkpoint-store.port';
export {
  canReadStoredLog,
  STORED_FIELD_COUNT,
  StoredField,
  type StoredEventPage,
  type StoredLogReader,
  type StoredLogSelection,
} from './stored-log.port';
export type { EventStoreOptions } from './event-store.options';

export { EventStoreError } from './errors/event-store.error';
export { WrongExpectedRevisionError } from './errors/wrong-expected-revision.error';
export { EventIdConflictError } from './errors/event-id-conflict.error';
export { EventStoreUnavailableError } from './errors/event-store-unavailable.error';

export { computeEventHash, canonicalJson, type EventHashInput } from './integrity/event-hash';
export { unstorableTextPointer } from './integrity/storable-text';

export { createEventStore } from './create-event-store';
export {
  createCheckpointStore,
  type ClosableCheckpointStore,
  type RelationalStoreOptions,
} from './create-checkpoint-store';
export {
  checkpointedSubscription,
  type CheckpointedSubscriptionOptions,
} from './checkpointed-subscription';
export { catchUpSubscription, type PollableLog } from './subscription/catch-up.subscription';

export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite.event-store';
export {
  SqliteCheckpointStore,
  type SqliteCheckpointStoreOptions,
} from './sqlite/sqlite.checkpoint-store';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres.event-store';
export {
  PostgresCheckpointStore,
  type PostgresCheckpointStoreOptions,
} from './postgres/postgres.checkpoint-store';
export { surviveConnectionLoss } from './postgres/survive-connection-loss';
export { runSchemaDdl } from './postgres/schema-ddl';
export {
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb.event-store';

// Port
export type { Message, MessageHeaders, OutgoingMessage } from './message';
export type { MessagePublisher } from './message-publisher.port';
export type {
  ConsumeOptions,
  MessageConsumer,
  MessageHandler,
  RunningConsumer,
} from './message-consumer.port';
export type { EnsureTopicsResult, MessageBusAdmin, TopicSpec } from './message-bus-admin.port';
export type { MessageBus } from './message-bus.port';
export type { MessagingLogger } from './messaging-logger';

// Topics
export {
  DLQ_TOPIC_SPEC,
  TOPICS,
  eventsTopicSpec,
  inTopic,
  outTopic,
} from './topics/maillage-topics';
export { CONNECTOR_ID_PATTERN, assertConnectorId } from './topics/connector-id';
export { assertTopicName } from './topics/topic-name';

// Errors
export { MessagingError, type MessagingErrorCode } from './errors/messaging.error';
export { BrokerUnavailableError } from './errors/broker-unavailable.error';
export { BrokerFailureError } from './errors/broker-failure.error';
export { TopicInvalidError } from './errors/topic-invalid.error';
export { TopicNotFoundError } from './errors/topic-not-found.error';
export { NotAuthorizedError } from './errors/not-authorized.error';
export { MessageRejectedError } from './errors/message-rejected.error';
export { BusClosedError } from './errors/bus-closed.error';
export { InvalidCloudEventError } from './errors/invalid-cloud-event.error';
export { DedupStoreUnavailableError } from './errors/dedup-store-unavailable.error';
export { errorSummary } from './error-summary';

// CloudEvents (Kafka protocol binding, binary content mode)
export {
  CLOUD_EVENT_HEADERS,
  CLOUD_EVENTS_SPEC_VERSION,
  CLOUD_EVENT_CONTENT_TYPE,
} from './cloud-events/cloud-event-headers';
export {
  cloudEventTypeOf,
  parseCloudEventType,
  type CanonicalEventType,
} from './cloud-events/cloud-event-type';
export type { CloudEventPayload } from './cloud-events/cloud-event-payload';
export { toCloudEventMessage } from './cloud-events/to-cloud-event-message';
export { fromCloudEventMessage } from './cloud-events/from-cloud-event-message';

// Adapters
export {
  InProcessMessageBus,
  type InProcessMessageBusOptions,
} from './in-process/in-process-message-bus';
export { partitionForKey } from './in-process/murmur2-partitioner';
export { KafkaMessageBus } from './kafka/kafka-message-bus';
export { kafkaBusOptions } from './kafka/kafka-bus-options';
export type {
  KafkaConsumerSettings,
  KafkaMessageBusOptions,
  KafkaSaslOptions,
  KafkaSslOptions,
} from './kafka/kafka-message-bus.options';

// Consumer base
export { runConsumer, type RunConsumerOptions } from './consumer/run-consumer';
export type {
  ConsumerObserver,
  ConsumerOutcome,
  ConsumerOutcomeKind,
  PartitionLag,
} from './consumer/consumer-observer';
export type { ConsumerLagProbe } from './consumer/consumer-lag.port';
export { KafkaConsumerLagProbe } from './kafka/kafka.consumer-lag-probe';
export type {
  ConsumedRecordsPurger,
  PurgedPartition,
} from './consumer/consumed-records-purger.port';
export { KafkaConsumedRecordsPurger } from './kafka/kafka.consumed-records-purger';
export {
  DedupingMessageHandler,
  cloudEventId,
  type TransactionalMessageHandler,
} from './consumer/deduping-message-handler';
export {
  DEAD_LETTER_HEADERS,
  deadLetterMessage,
  type DeadLetterFailure,
} from './consumer/dead-letter-message';
export type { DeadLetterSealer } from './consumer/dead-letter-sealer.port';
export type { PartitionRange, TopicReader } from './reading/topic-reader.port';
export { DEFAULT_RETRY_BACKOFF, backoffDelay, type RetryBackoff } from './consumer/retry-backoff';
export type {
  ProcessOutcome,
  ProcessedMessages,
  TransactionalEffect,
} from './consumer/processed-messages.port';
export {
  InMemoryProcessedMessages,
  type InMemoryTransaction,
} from './consumer/in-memory.processed-messages';
export {
  SqliteProcessedMessages,
  type SqliteProcessedMessagesOptions,
} from './consumer/sqlite.processed-messages';
export {
  PostgresProcessedMessages,
  type PostgresProcessedMessagesOptions,
} from './consumer/postgres.processed-messages';
export {
  openProcessedMessages,
  type OpenedProcessedMessages,
  type ProcessedMessagesLocation,
} from './consumer/open-processed-messages';

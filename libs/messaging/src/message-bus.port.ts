import type { MessageBusAdmin } from './message-bus-admin.port';
import type { MessageConsumer } from './message-consumer.port';
import type { MessagePublisher } from './message-publisher.port';

/**
 * The message bus as the rest of Maillage sees it: Kafka in production, in-process on the
 * embedded default. Nothing outside this lib imports kafkajs.
 */
export interface MessageBus extends MessagePublisher, MessageConsumer, MessageBusAdmin {
  /** Stops every running consumer, then releases connections. Idempotent. */
  close(): Promise<void>;
}

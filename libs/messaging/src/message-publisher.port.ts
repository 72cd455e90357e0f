import type { OutgoingMessage } from './message';

/** Writes messages to a topic. */
export interface MessagePublisher {
  /**
   * Resolves only once the bus acknowledged every message (Kafka: acks=all, idempotent producer).
   * Messages with the same key keep their order, within a call and across calls that do not
   * overlap. Rejects with a `MessagingError`; on rejection some messages may have been written:
   * publishing them again is safe because every consumer drops duplicates by event id.
   */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
}

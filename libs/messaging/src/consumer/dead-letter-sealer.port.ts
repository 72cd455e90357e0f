import type { Message, OutgoingMessage } from '../message';

/**
 * Seals a dead letter before it is published, for consumers whose messages may hold personal
 * data: Kafka keeps a record for the topic's retention and cannot rewrite it, so what an erasure
 * must reach has to be unreadable there without a key the hub can destroy.
 */
export interface DeadLetterSealer {
  /**
   * The dead letter to publish in place of `letter` (built by `deadLetterMessage` from
   * `original`): the original's value, and every header of it that is not a CloudEvents header,
   * encrypted; the dead-letter metadata and the key left in clear. Rejects when the key cannot be
   * stored: the message is then delivered again rather than dead-lettered in clear.
   */
  seal(original: Message, letter: OutgoingMessage): Promise<OutgoingMessage>;
}

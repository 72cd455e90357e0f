/**
 * Kafka-style headers, one string value per name. Kafka allows a name to repeat; adapters keep
 * the last value (the `lastHeader` rule of the Java client).
 */
export type MessageHeaders = Record<string, string>;

/** A message as a consumer receives it. */
export interface Message {
  readonly topic: string;
  /** Partitioning key (the request id for canonical events); null when the producer gave none. */
  readonly key: string | null;
  readonly headers: MessageHeaders;
  /** Raw body; null for a tombstone. */
  readonly value: Buffer | null;
  readonly partition?: number;
  /** Offset in its partition, as a decimal string (Kafka offsets are 64-bit). */
  readonly offset?: string;
  /** Broker (or bus) timestamp, milliseconds since the epoch as a decimal string. */
  readonly timestamp?: string;
}

/** A message as a producer hands it to {@link MessagePublisher.publish}. */
export interface OutgoingMessage {
  /** Same key, same partition: messages of one key keep their order. */
  readonly key: string | null;
  readonly headers: MessageHeaders;
  readonly value: Buffer | null;
  /** Forces a partition; by default the partition is chosen from the key (murmur2, like Kafka). */
  readonly partition?: number;
}

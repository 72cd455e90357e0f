import type { Message } from './message';

/** Handles one message; the next message of the same partition waits for it. */
export type MessageHandler = (message: Message) => Promise<void>;

export interface ConsumeOptions {
  /** Consumer group: the partitions of the topics are shared among the group's members. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Where a group with no committed offset for a partition starts: the first message (true) or
   * only messages published after it joined (false).
   */
  readonly fromBeginning: boolean;
  /**
   * Called for each message, one at a time per partition, in partition order. The offset is
   * committed only after the returned promise resolved; if it rejects, the same message is
   * delivered again (after the adapter's redelivery delay), so a handler must be idempotent —
   * `runConsumer` adds deduplication, bounded retries and the dead-letter topic on top.
   */
  readonly handle: MessageHandler;
}

/** A consumer that runs until stopped. */
export interface RunningConsumer {
  /**
   * Leaves the group after the message in flight (whose offset is committed only if its handler
   * succeeded); resolves when stopped.
   */
  stop(): Promise<void>;
  /** Resolves when stopped; rejects with a `MessagingError` if the consumer failed for good. */
  readonly done: Promise<void>;
}

/** Reads topics as a member of a consumer group, at least once. */
export interface MessageConsumer {
  /** Resolves once the consumer joined its group and is running. */
  consume(options: ConsumeOptions): Promise<RunningConsumer>;
}

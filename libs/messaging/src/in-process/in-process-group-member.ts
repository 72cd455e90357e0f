import { abortableDelay } from '../abortable-delay';
import { errorSummary } from '../error-summary';
import type { MessageHandler } from '../message-consumer.port';
import type { MessagingLogger } from '../messaging-logger';
import type {
  GroupMember,
  InProcessConsumerGroup,
  TopicPartition,
} from './in-process-consumer-group';
import type { InProcessTopic } from './in-process-topic';

interface PartitionReader {
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

const keyOf = (tp: TopicPartition): string => `${tp.topic.name}#${tp.partition}`;

/**
 * One `consume` call on the in-process bus: a member of a consumer group running one reader per
 * assigned partition. A reader hands messages to the handler one at a time, in offset order, and
 * commits an offset only once its handler resolved; a rejected handler gets the same message
 * again after `redeliveryDelayMs` (at-least-once, like the Kafka adapter).
 */
export class InProcessGroupMember implements GroupMember {
  private readonly readers = new Map<string, PartitionReader>();

  constructor(
    private readonly group: InProcessConsumerGroup,
    readonly topics: readonly InProcessTopic[],
    readonly fromBeginning: boolean,
    private readonly handle: MessageHandler,
    private readonly redeliveryDelayMs: number,
    private readonly logger: MessagingLogger,
  ) {}

  assign(partitions: readonly TopicPartition[]): void {
    const wanted = new Map(partitions.map((tp) => [keyOf(tp), tp]));
    for (const [key, reader] of this.readers) {
      if (!wanted.has(key)) {
        reader.abort.abort();
        this.readers.delete(key);
      }
    }
    for (const [key, tp] of wanted) {
      if (this.readers.has(key)) continue;
      const abort = new AbortController();
      const done = this.group.handOver(tp, (previous) => this.read(tp, abort.signal, previous));
      this.readers.set(key, { abort, done });
    }
  }

  /** Stops every reader (after the message in flight) and waits for them. */
  async stop(): Promise<void> {
    // Taken before leaving: leaving revokes (and forgets) every reader.
    const readers = [...this.readers.values()];
    this.group.leave(this);
    for (const reader of readers) reader.abort.abort();
    await Promise.all(readers.map((r) => r.done));
  }

  private async read(
    tp: TopicPartition,
    signal: AbortSignal,
    previous: Promise<void>,
  ): Promise<void> {
    await previous;
    while (!signal.aborted) {
      const offset = this.group.position(tp, this.fromBeginning);
      const message = tp.topic.read(tp.partition, offset);
      if (message === undefined) {
        await tp.topic.waitForOffset(tp.partition, offset, signal);
        continue;
      }
      try {
        await this.handle(message);
        // Committed even if the reader was revoked meanwhile: the message was handled.
        this.group.commit(tp, offset + 1);
      } catch (error) {
        this.logger.warn(
          `in-process bus: handler failed on ${tp.topic.name}[${tp.partition}]@${offset} ` +
            `(group ${this.group.groupId}), redelivering in ${this.redeliveryDelayMs} ms: ${errorSummary(error).reason}`,
        );
        await abortableDelay(this.redeliveryDelayMs, signal);
      }
    }
  }
}

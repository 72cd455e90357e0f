import type { Message } from '../message';
import type { MessageConsumer, RunningConsumer } from '../message-consumer.port';
import type { MessagePublisher } from '../message-publisher.port';
import type { MessagingLogger } from '../messaging-logger';
import { TOPICS } from '../topics/maillage-topics';
import {
  cloudEventId,
  DedupingMessageHandler,
  type TransactionalMessageHandler,
} from './deduping-message-handler';
import type { ProcessedMessages } from './processed-messages.port';
import { DEFAULT_RETRY_BACKOFF, type RetryBackoff } from './retry-backoff';

export interface RunConsumerOptions<Tx> {
  /** The bus to read from and to publish dead letters to. */
  readonly bus: MessageConsumer & MessagePublisher;
  readonly groupId: string;
  readonly topic: string;
  /** Where a new group starts (default true: the whole retained history). */
  readonly fromBeginning?: boolean;
  /** Where processed ids are marked, in the same transaction as the effect. */
  readonly dedupStore: ProcessedMessages<Tx>;
  /** The effect of one message, writing through `tx`. Throw an error with `retriable: false` to dead-letter at once. */
  readonly handle: TransactionalMessageHandler<Tx>;
  /** Runs of the handler before dead-lettering, >= 1 (default 5). */
  readonly maxAttempts?: number;
  /** Dead-letter topic (default `maillage.dlq.v1`). */
  readonly dlqTopic?: string;
  /** Delays between attempts (default 200 ms doubling up to 10 s). */
  readonly backoff?: Partial<RetryBackoff>;
  /** Id messages are deduplicated by (default: the `ce_id` header); undefined dead-letters the message. */
  readonly messageIdOf?: (message: Message) => string | undefined;
  /** Name under which processed ids are marked (default: `groupId`). */
  readonly consumerName?: string;
  /** Retries and dead letters are reported here (default `console`). */
  readonly logger?: MessagingLogger;
  /** Clock of the dead letters' `maillage_dlq_failed_at` (default: `() => new Date()`). */
  readonly now?: () => Date;
}

/**
 * Starts the consumer every Maillage service uses to read the bus: per-partition order (hence
 * per-request order, the key being the request id), duplicates dropped by event id in the same
 * transaction as the effect, bounded retries with backoff, and the dead-letter topic for what
 * cannot be processed (see {@link DedupingMessageHandler}). Scale out by running the same
 * `groupId` in more processes.
 *
 * `stop()` interrupts a retry backoff (that message is left uncommitted, for redelivery), waits
 * for the handler in flight and leaves the group.
 */
export async function runConsumer<Tx>(options: RunConsumerOptions<Tx>): Promise<RunningConsumer> {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(`runConsumer: maxAttempts must be an integer >= 1, got ${maxAttempts}`);
  }
  const stopping = new AbortController();
  const handler = new DedupingMessageHandler<Tx>(
    {
      consumer: options.consumerName ?? options.groupId,
      dedupStore: options.dedupStore,
      handle: options.handle,
      publisher: options.bus,
      dlqTopic: options.dlqTopic ?? TOPICS.dlq,
      maxAttempts,
      backoff: { ...DEFAULT_RETRY_BACKOFF, ...options.backoff },
      messageIdOf: options.messageIdOf ?? cloudEventId,
      logger: options.logger ?? console,
      now: options.now ?? (() => new Date()),
    },
    stopping.signal,
  );
  const running = await options.bus.consume({
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: options.fromBeginning ?? true,
    handle: (message) => handler.handle(message),
  });
  return {
    done: running.done,
    stop: () => {
      stopping.abort();
      return running.stop();
    },
  };
}

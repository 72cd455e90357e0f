import type { Message } from '../message';
import type { MessageConsumer, RunningConsumer } from '../message-consumer.port';
import type { MessagePublisher } from '../message-publisher.port';
import type { MessagingLogger } from '../messaging-logger';
import { TOPICS } from '../topics/maillage-topics';
import type { ConsumerLagProbe } from './consumer-lag.port';
import { type ConsumerObserver, notifyObserver } from './consumer-observer';
import type { DeadLetterSealer } from './dead-letter-sealer.port';
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
  /** The topic, or topics, the group reads (each partition in order). */
  readonly topic: string | readonly string[];
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
  /** Told what became of each message, and the group's lag (metrics); default: nobody. */
  readonly observer?: ConsumerObserver;
  /**
   * Where the group's lag is read, every `lagIntervalMs`, for `observer.onLag` (default: none,
   * no lag reported). On Kafka: a `KafkaConsumerLagProbe`.
   */
  readonly lagProbe?: ConsumerLagProbe;
  /** Period of the lag readings (default 10000 ms). */
  readonly lagIntervalMs?: number;
  /**
   * Seals what this consumer dead-letters (the value and the headers that are not CloudEvents
   * ones) under a key an erasure can destroy. Default: none — dead letters in clear, for
   * consumers whose messages hold no personal data (e.g. the canonical events, sealed already).
   */
  readonly deadLetterSealer?: DeadLetterSealer;
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
  const lagIntervalMs = options.lagIntervalMs ?? 10_000;
  if (!Number.isSafeInteger(lagIntervalMs) || lagIntervalMs < 1) {
    throw new TypeError(`runConsumer: lagIntervalMs must be an integer >= 1, got ${lagIntervalMs}`);
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
      ...(options.observer ? { observer: options.observer } : {}),
      ...(options.deadLetterSealer ? { deadLetterSealer: options.deadLetterSealer } : {}),
    },
    stopping.signal,
  );
  const running = await options.bus.consume({
    groupId: options.groupId,
    topics: topicsOf(options),
    fromBeginning: options.fromBeginning ?? true,
    handle: (message) => handler.handle(message),
  });
  const stopLagReadings = reportLag(options, lagIntervalMs, running.done);
  return {
    done: running.done,
    stop: () => {
      stopping.abort();
      stopLagReadings();
      return running.stop();
    },
  };
}

/**
 * Reads the group's lag now and every `lagIntervalMs` until stopped, for `observer.onLag`. A
 * failed reading is skipped (the next one replaces it); readings never overlap, and the timer
 * does not keep the process alive. Returns the stop function.
 */
function reportLag<Tx>(
  options: RunConsumerOptions<Tx>,
  intervalMs: number,
  done: Promise<void>,
): () => void {
  const { lagProbe, observer } = options;
  if (!lagProbe || !observer?.onLag) return () => undefined;
  const onLag = observer.onLag.bind(observer);
  const fromBeginning = options.fromBeginning ?? true;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const read = async (): Promise<void> => {
    try {
      const lags = (
        await Promise.all(
          topicsOf(options).map((topic) =>
            lagProbe.lagOf(options.groupId, topic, { fromBeginning }),
          ),
        )
      ).flat();
      if (!stopped) notifyObserver(() => onLag(options.groupId, lags));
    } catch {
      // The broker is unreachable: the consumer reports it; the next reading may succeed.
    }
    if (!stopped) timer = setTimeout(() => void read(), intervalMs).unref();
  };
  void read();
  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
  };
  void done.then(stop, stop);
  return stop;
}

function topicsOf(options: { readonly topic: string | readonly string[] }): readonly string[] {
  return typeof options.topic === 'string' ? [options.topic] : options.topic;
}

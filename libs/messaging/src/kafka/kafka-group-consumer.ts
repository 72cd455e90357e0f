import type { Consumer, EachBatchPayload } from 'kafkajs';

import { abortableDelay } from '../abortable-delay';
import { errorSummary } from '../error-summary';
import type { MessagingError } from '../errors/messaging.error';
import type { Message } from '../message';
import type { ConsumeOptions, RunningConsumer } from '../message-consumer.port';
import type { MessagingLogger } from '../messaging-logger';
import { fromKafkaMessage } from './kafka-message-mapping';
import { translateKafkaError } from './translate-kafka-error';

export interface KafkaGroupConsumerSettings {
  readonly partitionsConsumedConcurrently: number;
  readonly heartbeatIntervalMs: number;
  readonly redeliveryDelayMs: number;
}

/**
 * One `consume` call on Kafka: a kafkajs consumer in `eachBatch` mode with manual offset
 * resolution, so that an offset is committed only after its handler resolved.
 *
 * A rejected handler does not crash the consumer (kafkajs would then rejoin the group, a
 * rebalance for every member): after `redeliveryDelayMs` the consumer seeks back to the failed
 * message, kafkajs drops the rest of the batch (`isStale`) and fetches again from there. kafkajs
 * commits the seek offset, which is right: every earlier message of the partition was handled.
 */
export class KafkaGroupConsumer implements RunningConsumer {
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private settle!: { resolve: () => void; reject: (error: MessagingError) => void };
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: ConsumeOptions,
    private readonly settings: KafkaGroupConsumerSettings,
    private readonly logger: MessagingLogger,
    private readonly onStopped: (consumer: KafkaGroupConsumer) => void,
  ) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    // `done` may have no listener: its rejection must not become an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** Joins the group and starts fetching; rejects with a `MessagingError`. */
  async start(): Promise<void> {
    const { consumer } = this;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts by itself after a retriable crash; otherwise the consumer is gone.
      if (payload.restart) return;
      const error = translateKafkaError(payload.error, {
        operation: `consumer ${this.options.groupId}`,
      });
      this.logger.error(
        `kafka consumer ${this.options.groupId} stopped: ${error.code} ${error.message}`,
      );
      this.finish(error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...this.options.topics],
        fromBeginning: this.options.fromBeginning,
      });
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload),
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw translateKafkaError(error, {
        operation: `consume ${this.options.topics.join(',')}`,
        topic: this.options.topics[0],
      });
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.abort.abort();
      // Waits for the batch in flight, commits the resolved offsets, leaves the group.
      await this.consumer.disconnect().catch(() => undefined);
      this.finish();
    })();
    return this.stopping;
  }

  private finish(error?: MessagingError): void {
    if (error) this.settle.reject(error);
    else this.settle.resolve();
    this.onStopped(this);
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (const kafkaMessage of batch.messages) {
      if (!payload.isRunning() || payload.isStale() || this.abort.signal.aborted) return;
      const message = fromKafkaMessage(batch.topic, batch.partition, kafkaMessage);
      if (!(await this.handleKeepingAlive(message, () => payload.heartbeat()))) {
        await abortableDelay(this.settings.redeliveryDelayMs, this.abort.signal);
        if (payload.isRunning() && !this.abort.signal.aborted) {
          this.consumer.seek({
            topic: batch.topic,
            partition: batch.partition,
            offset: kafkaMessage.offset,
          });
        }
        return;
      }
      payload.resolveOffset(kafkaMessage.offset);
      await payload.heartbeat();
    }
  }

  /**
   * Runs the handler while heartbeating in the background, so that a slow handler (retries with
   * backoff) does not get the member evicted. A rebalance noticed by the background heartbeat is
   * raised by the `heartbeat()` that follows the handler, where kafkajs expects it.
   */
  private async handleKeepingAlive(
    message: Message,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
    const timer = setInterval(
      () => void heartbeat().catch(() => undefined),
      this.settings.heartbeatIntervalMs,
    );
    try {
      await this.options.handle(message);
      return true;
    } catch (error) {
      this.logger.warn(
        `kafka consumer ${this.options.groupId}: handler failed on ${message.topic}[${message.partition}]@${message.offset}, ` +
          `redelivering in ${this.settings.redeliveryDelayMs} ms: ${errorSummary(error).reason}`,
      );
      return false;
    } finally {
      clearInterval(timer);
    }
  }
}

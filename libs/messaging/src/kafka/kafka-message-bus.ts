import {
  ConfigResourceTypes,
  Kafka,
  Partitioners,
  logLevel,
  type LogEntry,
  type Producer,
} from 'kafkajs';

import { assertConsumeOptions } from '../consume-options.validation';
import { BusClosedError } from '../errors/bus-closed.error';
import type { OutgoingMessage } from '../message';
import type { EnsureTopicsResult, TopicSpec } from '../message-bus-admin.port';
import type { MessageBus } from '../message-bus.port';
import type { ConsumeOptions, RunningConsumer } from '../message-consumer.port';
import type { Message } from '../message';
import type { PartitionRange, TopicReader } from '../reading/topic-reader.port';
import type { MessagingLogger } from '../messaging-logger';
import { assertTopicName } from '../topics/topic-name';
import { assertTopicSpecs } from '../topics/topic-spec.validation';
import { AdminConnection, kafkaConnection } from './kafka-admin-connection';
import { KafkaGroupConsumer } from './kafka-group-consumer';
import type { KafkaMessageBusOptions } from './kafka-message-bus.options';
import { toKafkaMessage } from './kafka-message-mapping';
import { kafkaPartitionRanges, readKafkaRange } from './kafka-topic-range';
import { translateKafkaError } from './translate-kafka-error';

const LOG_LEVELS = { nothing: logLevel.NOTHING, error: logLevel.ERROR, warn: logLevel.WARN };

/**
 * The message bus on Apache Kafka, through kafkajs — the only file set of Maillage that imports
 * it. Producer: idempotent, acks=all, one request in flight (kafkajs assigns idempotence sequence
 * numbers per request, and more than one in flight can reorder or reject them), Java-compatible
 * murmur2 partitioner; publishes are serialised so that per-key order also holds across calls.
 * Topics are never auto-created. Every error leaves as a `MessagingError`.
 */
export class KafkaMessageBus implements MessageBus, TopicReader {
  private readonly kafka: Kafka;
  private readonly logger: MessagingLogger;
  private readonly running = new Set<KafkaGroupConsumer>();
  private producer: Promise<Producer> | undefined;
  private readonly admin: AdminConnection;
  private publishing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: KafkaMessageBusOptions) {
    if (options.brokers.length === 0)
      throw new TypeError('KafkaMessageBus: at least one broker is required');
    if (options.clientId.trim().length === 0)
      throw new TypeError('KafkaMessageBus: clientId is required');
    this.logger = options.logger ?? console;
    const retries = options.retries ?? 5;
    this.kafka = new Kafka({
      clientId: options.clientId,
      ...kafkaConnection(options),
      retry: { retries, initialRetryTime: 300, maxRetryTime: 30_000 },
      logLevel: LOG_LEVELS[options.logLevel ?? 'error'],
      logCreator: () => (entry: LogEntry) => this.log(entry),
    });
    this.admin = new AdminConnection(this.kafka, 'KafkaMessageBus');
  }

  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const sent = this.publishing.then(() => this.send(topic, messages));
    this.publishing = sent.catch(() => undefined);
    return sent;
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<EnsureTopicsResult> {
    this.assertOpen();
    assertTopicSpecs(specs);
    try {
      const admin = await this.admin.get();
      const present = new Set(await admin.listTopics());
      const missing = specs.filter((spec) => !present.has(spec.name));
      if (missing.length > 0) {
        // false: another process created them between listTopics and now, which is fine.
        await admin.createTopics({
          waitForLeaders: true,
          timeout: this.options.requestTimeoutMs ?? 30_000,
          topics: missing.map((spec) => ({
            topic: spec.name,
            numPartitions: spec.partitions,
            replicationFactor: spec.replicationFactor ?? -1,
            configEntries: [
              { name: 'retention.ms', value: String(spec.retentionMs) },
              ...(spec.cleanupPolicy
                ? [{ name: 'cleanup.policy', value: spec.cleanupPolicy }]
                : []),
            ],
          })),
        });
      }
      return {
        created: missing.map((spec) => spec.name),
        existing: specs.filter((spec) => present.has(spec.name)).map((spec) => spec.name),
      };
    } catch (error) {
      throw translateKafkaError(error, { operation: 'ensureTopics', topic: specs[0]?.name });
    }
  }

  async consume(options: ConsumeOptions): Promise<RunningConsumer> {
    this.assertOpen();
    assertConsumeOptions(options);
    const settings = this.options.consumer ?? {};
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: settings.heartbeatIntervalMs ?? 3_000,
      rebalanceTimeout: settings.rebalanceTimeoutMs ?? 60_000,
      maxWaitTimeInMs: settings.maxWaitTimeMs ?? 5_000,
      allowAutoTopicCreation: false,
    });
    const running = new KafkaGroupConsumer(
      consumer,
      options,
      {
        partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently ?? 1,
        heartbeatIntervalMs: settings.heartbeatIntervalMs ?? 3_000,
        redeliveryDelayMs: settings.redeliveryDelayMs ?? 1_000,
      },
      this.logger,
      (stopped) => this.running.delete(stopped),
    );
    this.running.add(running);
    try {
      await running.start();
    } catch (error) {
      this.running.delete(running);
      throw error;
    }
    return running;
  }

  async partitionRanges(topic: string): Promise<PartitionRange[]> {
    this.assertOpen();
    assertTopicName(topic);
    try {
      return await kafkaPartitionRanges(await this.admin.get(), topic);
    } catch (error) {
      throw translateKafkaError(error, { operation: `read the offsets of ${topic}`, topic });
    }
  }

  /**
   * The topic's `retention.ms` as the broker applies it (its own setting, else the broker's
   * default): milliseconds, or null when records are kept without a time limit (-1); undefined
   * when the topic does not exist yet (asked first: describing a missing topic makes kafkajs log
   * an error).
   */
  async retentionMs(topic: string): Promise<number | null | undefined> {
    this.assertOpen();
    assertTopicName(topic);
    try {
      const admin = await this.admin.get();
      if (!(await admin.listTopics()).includes(topic)) return undefined;
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] },
        ],
      });
      const value = resources[0]?.configEntries.find((e) => e.configName === 'retention.ms');
      const ms = Number(value?.configValue);
      if (!value || !Number.isSafeInteger(ms)) {
        throw new Error(`no retention.ms in the configuration of ${topic}`);
      }
      return ms < 0 ? null : ms;
    } catch (error) {
      throw translateKafkaError(error, { operation: `read the retention of ${topic}`, topic });
    }
  }

  async readRange(
    topic: string,
    partition: number,
    from: string,
    until: string,
  ): Promise<Message[]> {
    const ranges = await this.partitionRanges(topic);
    const retained = ranges.find((range) => range.partition === partition);
    if (!retained) return [];
    const start = maxOf(BigInt(from), BigInt(retained.low));
    const end = minOf(BigInt(until), BigInt(retained.high));
    try {
      return await readKafkaRange(this.kafka, this.options.clientId, topic, partition, {
        from: start,
        until: end,
      });
    } catch (error) {
      throw translateKafkaError(error, { operation: `read ${topic}[${partition}]`, topic });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.running].map((consumer) => consumer.stop()));
    await this.publishing;
    const producer = this.producer;
    this.producer = undefined;
    await Promise.all([
      producer?.then((p) => p.disconnect()).catch(() => undefined),
      this.admin.close(),
    ]);
  }

  private async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    try {
      this.assertOpen();
      assertTopicName(topic);
      if (messages.length === 0) return;
      const producer = await this.connectedProducer();
      await producer.send({ topic, acks: -1, messages: messages.map(toKafkaMessage) });
    } catch (error) {
      throw translateKafkaError(error, { operation: `publish to ${topic}`, topic });
    }
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        // kafkajs refuses an idempotent producer without retries.
        retry: {
          retries: Math.max(1, this.options.retries ?? 5),
          initialRetryTime: 300,
          maxRetryTime: 30_000,
        },
      });
      await producer.connect();
      return producer;
    })();
    // A failed connection is not cached: the next publish tries again.
    this.producer.catch(() => (this.producer = undefined));
    return this.producer;
  }

  private log({ level, namespace, log }: LogEntry): void {
    const line = `kafkajs ${namespace}: ${log.message}`;
    if (level <= logLevel.ERROR) this.logger.error(line);
    else if (level <= logLevel.WARN) this.logger.warn(line);
  }

  private assertOpen(): void {
    if (this.closed) throw new BusClosedError();
  }
}

const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);

import { Kafka, logLevel, type Admin, type SASLOptions } from 'kafkajs';

import type { ConsumerLagProbe } from '../consumer/consumer-lag.port';
import type { PartitionLag } from '../consumer/consumer-observer';
import type { KafkaMessageBusOptions } from './kafka-message-bus.options';
import { translateKafkaError } from './translate-kafka-error';

/**
 * Consumer lag read from the broker with two admin requests per call: the topic's high
 * watermarks (ListOffsets) and the group's committed offsets (OffsetFetch). Cheap enough to read
 * every few seconds; it has its own admin connection, opened on first use.
 *
 * The committed offset trails the processed one by at most a batch (offsets are committed after
 * each batch), so the lag can read a batch high while a consumer is busy, never low.
 */
export class KafkaConsumerLagProbe implements ConsumerLagProbe {
  private readonly kafka: Kafka;
  private admin: Promise<Admin> | undefined;
  private closed = false;

  /** Same connection options as the bus; `clientId` gets a `-lag` suffix. */
  constructor(options: KafkaMessageBusOptions) {
    const ssl = options.ssl;
    this.kafka = new Kafka({
      clientId: `${options.clientId}-lag`,
      brokers: [...options.brokers],
      ssl:
        ssl === undefined || typeof ssl === 'boolean'
          ? (ssl ?? false)
          : { ...ssl, ca: mutableCa(ssl.ca) },
      ...(options.sasl ? { sasl: { ...options.sasl } as SASLOptions } : {}),
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // A lag reading is replaced by the next one: fail fast rather than retry for long.
      retry: { retries: 1, initialRetryTime: 300, maxRetryTime: 1_000 },
      logLevel: logLevel.NOTHING,
    });
  }

  async lagOf(
    groupId: string,
    topic: string,
    options: { readonly fromBeginning: boolean },
  ): Promise<PartitionLag[]> {
    if (this.closed) throw new Error('KafkaConsumerLagProbe is closed');
    try {
      const admin = await this.connectedAdmin();
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const committedByPartition = new Map(
        (committed.find((entry) => entry.topic === topic)?.partitions ?? []).map((p) => [
          p.partition,
          Number(p.offset),
        ]),
      );
      return ends
        .map(({ partition, high, low }) => {
          const end = Number(high);
          const done = committedByPartition.get(partition) ?? -1;
          // -1: the group committed nothing on this partition yet.
          const from = done >= 0 ? done : options.fromBeginning ? Number(low) : end;
          return { topic, partition, messages: Math.max(0, end - from) };
        })
        .sort((a, b) => a.partition - b.partition);
    } catch (error) {
      throw translateKafkaError(error, { operation: `lag of ${groupId} on ${topic}`, topic });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    this.admin.catch(() => (this.admin = undefined));
    return this.admin;
  }
}

function mutableCa(
  ca: string | Buffer | readonly (string | Buffer)[] | undefined,
): string | Buffer | (string | Buffer)[] | undefined {
  return Array.isArray(ca)
    ? [...(ca as readonly (string | Buffer)[])]
    : (ca as string | Buffer | undefined);
}

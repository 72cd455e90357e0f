import { Kafka, logLevel, type Admin, type SASLOptions } from 'kafkajs';

import type {
  ConsumedRecordsPurger,
  PurgedPartition,
} from '../consumer/consumed-records-purger.port';
import type { KafkaMessageBusOptions } from './kafka-message-bus.options';
import { translateKafkaError } from './translate-kafka-error';

/**
 * `ConsumedRecordsPurger` on Kafka: the group's committed offsets (OffsetFetch), the partitions'
 * first offsets (ListOffsets), then DeleteRecords up to the committed offset where it is ahead —
 * which needs the `DeleteRecords` ACL on the topics. Its own admin connection, opened on first use.
 *
 * The committed offset is read from the broker at each call, so whichever member of the group
 * owns a partition, nothing it has not committed is deleted. Trap: the purge is final — an
 * operator who resets the group to an earlier offset to replay finds those records gone.
 */
export class KafkaConsumedRecordsPurger implements ConsumedRecordsPurger {
  private readonly kafka: Kafka;
  private admin: Promise<Admin> | undefined;
  private closed = false;

  /** Same connection options as the bus; `clientId` gets a `-purge` suffix. */
  constructor(options: KafkaMessageBusOptions) {
    const ssl = options.ssl;
    this.kafka = new Kafka({
      clientId: `${options.clientId}-purge`,
      brokers: [...options.brokers],
      ssl:
        ssl === undefined || typeof ssl === 'boolean'
          ? (ssl ?? false)
          : {
              ...ssl,
              ca: Array.isArray(ssl.ca)
                ? [...(ssl.ca as readonly (string | Buffer)[])]
                : (ssl.ca as string | Buffer | undefined),
            },
      ...(options.sasl ? { sasl: { ...options.sasl } as SASLOptions } : {}),
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // The next purge does the work of one that failed: no long retries.
      retry: { retries: 1, initialRetryTime: 300, maxRetryTime: 1_000 },
      logLevel: logLevel.NOTHING,
    });
  }

  async purge(groupId: string, topics: readonly string[]): Promise<PurgedPartition[]> {
    if (this.closed) throw new Error('KafkaConsumedRecordsPurger is closed');
    if (topics.length === 0) return [];
    const purged: PurgedPartition[] = [];
    let current = topics[0];
    try {
      const admin = await this.connectedAdmin();
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        current = topic;
        const first = new Map(
          (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.low)]),
        );
        const due = partitions
          .map(({ partition, offset }) => ({ topic, partition, below: Number(offset) }))
          // -1: nothing committed there yet. At or below the first offset: nothing to delete.
          .filter(({ partition, below }) => below > (first.get(partition) ?? Infinity));
        if (due.length === 0) continue;
        await admin.deleteTopicRecords({
          topic,
          partitions: due.map(({ partition, below }) => ({ partition, offset: String(below) })),
        });
        purged.push(...due);
      }
      return purged;
    } catch (error) {
      throw translateKafkaError(error, {
        operation: `purge of ${groupId}'s records`,
        topic: current,
      });
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

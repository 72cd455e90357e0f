import type { ConsumerLagProbe } from '../consumer/consumer-lag.port';
import type { PartitionLag } from '../consumer/consumer-observer';
import { AdminConnection } from './kafka-admin-connection';
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
  private readonly admin: AdminConnection;

  /** Same connection options as the bus; `clientId` gets a `-lag` suffix. */
  constructor(options: KafkaMessageBusOptions) {
    // A lag reading is replaced by the next one: fail fast rather than retry for long.
    this.admin = AdminConnection.occasional(options, 'lag', 'KafkaConsumerLagProbe');
  }

  async lagOf(
    groupId: string,
    topic: string,
    options: { readonly fromBeginning: boolean },
  ): Promise<PartitionLag[]> {
    try {
      const admin = await this.admin.get();
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

  close(): Promise<void> {
    return this.admin.close();
  }
}

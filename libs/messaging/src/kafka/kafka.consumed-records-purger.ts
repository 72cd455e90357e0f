import type {
  ConsumedRecordsPurger,
  PurgedPartition,
} from '../consumer/consumed-records-purger.port';
import { AdminConnection } from './kafka-admin-connection';
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
  private readonly admin: AdminConnection;

  /** Same connection options as the bus; `clientId` gets a `-purge` suffix. */
  constructor(options: KafkaMessageBusOptions) {
    // The next purge does the work of one that failed: no long retries.
    this.admin = AdminConnection.occasional(options, 'purge', 'KafkaConsumedRecordsPurger');
  }

  async purge(groupId: string, topics: readonly string[]): Promise<PurgedPartition[]> {
    if (topics.length === 0) return [];
    const purged: PurgedPartition[] = [];
    let current = topics[0];
    try {
      const admin = await this.admin.get();
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

  close(): Promise<void> {
    return this.admin.close();
  }
}

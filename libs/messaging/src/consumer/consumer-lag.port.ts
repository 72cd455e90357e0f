import type { PartitionLag } from './consumer-observer';

/**
 * Reads how far a consumer group is behind on a topic: per partition, the high watermark minus
 * the group's committed offset. Read from the broker, so it is right whichever member of the
 * group owns a partition, and it keeps growing when a member is stuck.
 */
export interface ConsumerLagProbe {
  /**
   * The lag of every partition of `topic`. A partition where the group committed nothing yet
   * counts all its retained messages when the group starts `fromBeginning`, none otherwise.
   * Rejects with a `MessagingError`.
   */
  lagOf(
    groupId: string,
    topic: string,
    options: { readonly fromBeginning: boolean },
  ): Promise<PartitionLag[]>;
}

/** Records deleted from one partition: every offset below `below` is gone. */
export interface PurgedPartition {
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset, now the partition's first offset. */
  readonly below: number;
}

/**
 * Deletes from a topic what a consumer group is done with: the records below the offsets it
 * committed (it commits only after the effect of a record was recorded). For topics whose records
 * are worth nothing once consumed but may hold personal data (a tool's in-topic), which an
 * erasure could not reach in Kafka.
 */
export interface ConsumedRecordsPurger {
  /**
   * Deletes, in each of `topics`, the records below `groupId`'s committed offsets — never above;
   * a partition where the group committed nothing is left alone. Rejects with a `MessagingError`.
   */
  purge(groupId: string, topics: readonly string[]): Promise<PurgedPartition[]>;
  close(): Promise<void>;
}

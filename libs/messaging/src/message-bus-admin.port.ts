/** A topic as it must exist. */
export interface TopicSpec {
  readonly name: string;
  /** Number of partitions (>= 1): the parallelism of a consumer group. */
  readonly partitions: number;
  /** How long messages are kept, in milliseconds; -1 keeps them forever. */
  readonly retentionMs: number;
  /** Kafka `cleanup.policy` (default: the broker's, `delete`). */
  readonly cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
  /** Copies of each partition (default: the broker's `default.replication.factor`). */
  readonly replicationFactor?: number;
}

export interface EnsureTopicsResult {
  /** Topics this call created. */
  readonly created: readonly string[];
  /** Topics that were already there (left as they are, even if their settings differ). */
  readonly existing: readonly string[];
}

/** Creates the topics the hub needs; topics are never created implicitly by a publish. */
export interface MessageBusAdmin {
  /** Idempotent: creates the missing topics and leaves existing ones untouched. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<EnsureTopicsResult>;
}

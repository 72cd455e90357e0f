import type { Message } from '../message';

/** A partition's retained range: offsets `low` (first kept) to `high` (next to be written). */
export interface PartitionRange {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

/**
 * Reads a topic by offset, outside any consumer group's progress: what an operator's tooling
 * needs to show a small topic (the dead letters) as a list. Nothing is committed.
 */
export interface TopicReader {
  /** Each partition's retained range. */
  partitionRanges(topic: string): Promise<PartitionRange[]>;
  /**
   * The records of `partition` from offset `from` (clamped to the retained range) up to, not
   * including, `until` (at most the current end), in offset order.
   */
  readRange(topic: string, partition: number, from: string, until: string): Promise<Message[]>;
}

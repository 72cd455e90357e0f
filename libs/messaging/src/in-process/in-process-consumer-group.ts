import type { InProcessTopic } from './in-process-topic';

/** One partition of one topic. */
export interface TopicPartition {
  readonly topic: InProcessTopic;
  readonly partition: number;
}

/** What the group asks of a member: which topics it reads, and to take a new assignment. */
export interface GroupMember {
  readonly topics: readonly InProcessTopic[];
  readonly fromBeginning: boolean;
  /** Stops reading the partitions not in `partitions` and starts reading the new ones. */
  assign(partitions: readonly TopicPartition[]): void;
}

const keyOf = (tp: TopicPartition): string => `${tp.topic.name}#${tp.partition}`;

/**
 * A consumer group of the in-process bus: its members share the partitions of their topics
 * (each partition to exactly one member), and the group keeps one committed offset per partition.
 * A join or a leave reassigns every partition at once, like a Kafka rebalance; a partition's new
 * owner starts only after the old owner finished the message in flight (see `handOver`), so a
 * partition is never handled by two members at the same time.
 */
export class InProcessConsumerGroup {
  private readonly committed = new Map<string, number>();
  private readonly members: GroupMember[] = [];
  private readonly readers = new Map<string, Promise<void>>();

  constructor(readonly groupId: string) {}

  join(member: GroupMember): void {
    this.members.push(member);
    this.rebalance();
  }

  leave(member: GroupMember): void {
    const index = this.members.indexOf(member);
    if (index < 0) return;
    this.members.splice(index, 1);
    member.assign([]);
    this.rebalance();
  }

  /**
   * Where the group reads `tp` next: its committed offset, or — the first time — the start of the
   * log (`fromBeginning`) or its end.
   */
  position(tp: TopicPartition, fromBeginning: boolean): number {
    const key = keyOf(tp);
    let offset = this.committed.get(key);
    if (offset === undefined) {
      offset = fromBeginning ? 0 : tp.topic.endOffset(tp.partition);
      this.committed.set(key, offset);
    }
    return offset;
  }

  /** Records that every message of `tp` before `nextOffset` was handled. Never moves back. */
  commit(tp: TopicPartition, nextOffset: number): void {
    const key = keyOf(tp);
    if ((this.committed.get(key) ?? -1) < nextOffset) this.committed.set(key, nextOffset);
  }

  /** The committed offsets, `topic#partition` -> next offset to read. */
  committedOffsets(): ReadonlyMap<string, number> {
    return new Map(this.committed);
  }

  /**
   * Registers the reader about to own `tp`: it must first await the returned promise, the end of
   * the previous owner's reader.
   */
  handOver(tp: TopicPartition, reader: (previous: Promise<void>) => Promise<void>): Promise<void> {
    const key = keyOf(tp);
    const previous = this.readers.get(key) ?? Promise.resolve();
    const current = reader(previous);
    this.readers.set(key, current);
    return current;
  }

  private rebalance(): void {
    const assignments = new Map<GroupMember, TopicPartition[]>(this.members.map((m) => [m, []]));
    const topics = new Map<string, InProcessTopic>();
    for (const member of this.members)
      for (const topic of member.topics) topics.set(topic.name, topic);
    for (const topic of [...topics.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const readers = this.members.filter((m) => m.topics.includes(topic));
      for (let partition = 0; partition < topic.partitions; partition++) {
        assignments.get(readers[partition % readers.length]!)!.push({ topic, partition });
      }
    }
    // Order does not matter: a reader that gains a partition first awaits the reader that held
    // it (handOver), which this same loop aborts when it reaches the old owner.
    for (const [member, partitions] of assignments) member.assign(partitions);
  }
}

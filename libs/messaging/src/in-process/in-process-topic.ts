import { MessageRejectedError } from '../errors/message-rejected.error';
import type { Message, MessageHeaders, OutgoingMessage } from '../message';
import { partitionForKey } from './murmur2-partitioner';

interface StoredMessage {
  readonly key: string | null;
  readonly headers: MessageHeaders;
  readonly value: Buffer | null;
  readonly timestamp: string;
}

/**
 * One topic of the in-process bus: an append-only log per partition. Messages are copied in and
 * out, so neither a producer nor a handler can change what another reader sees. Retention is not
 * applied: the embedded hub keeps its history in the event store, not here.
 */
export class InProcessTopic {
  private readonly logs: StoredMessage[][];
  private readonly waiters: Set<() => void>[];
  private nextUnkeyedPartition = 0;

  constructor(
    readonly name: string,
    readonly partitions: number,
    private readonly now: () => Date,
  ) {
    this.logs = Array.from({ length: partitions }, () => []);
    this.waiters = Array.from({ length: partitions }, () => new Set());
  }

  /** Appends all messages or none (an invalid explicit partition rejects the whole batch). */
  append(messages: readonly OutgoingMessage[]): void {
    const targets = messages.map((message) => this.partitionOf(message));
    const timestamp = String(this.now().getTime());
    const touched = new Set<number>();
    messages.forEach((message, index) => {
      const partition = targets[index]!;
      this.logs[partition]!.push({
        key: message.key,
        headers: { ...message.headers },
        value: message.value === null ? null : Buffer.from(message.value),
        timestamp,
      });
      touched.add(partition);
    });
    for (const partition of touched) {
      const waiting = [...this.waiters[partition]!];
      this.waiters[partition]!.clear();
      for (const wake of waiting) wake();
    }
  }

  /** Offset the next appended message of `partition` will get. */
  endOffset(partition: number): number {
    return this.logs[partition]!.length;
  }

  /** The message at `offset`, or undefined when the partition has not reached it yet. */
  read(partition: number, offset: number): Message | undefined {
    const stored = this.logs[partition]![offset];
    if (stored === undefined) return undefined;
    return {
      topic: this.name,
      key: stored.key,
      headers: { ...stored.headers },
      value: stored.value === null ? null : Buffer.from(stored.value),
      partition,
      offset: String(offset),
      timestamp: stored.timestamp,
    };
  }

  /** Resolves once `partition` holds a message at `offset`, or when `signal` aborts. */
  waitForOffset(partition: number, offset: number, signal: AbortSignal): Promise<void> {
    if (this.endOffset(partition) > offset || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        signal.removeEventListener('abort', wake);
        this.waiters[partition]!.delete(wake);
        resolve();
      };
      this.waiters[partition]!.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  private partitionOf(message: OutgoingMessage): number {
    if (message.partition !== undefined) {
      if (
        !Number.isInteger(message.partition) ||
        message.partition < 0 ||
        message.partition >= this.partitions
      ) {
        throw new MessageRejectedError(
          `topic ${this.name} has no partition ${message.partition} (it has ${this.partitions})`,
        );
      }
      return message.partition;
    }
    if (message.key !== null) return partitionForKey(message.key, this.partitions);
    const partition = this.nextUnkeyedPartition;
    this.nextUnkeyedPartition = (partition + 1) % this.partitions;
    return partition;
  }
}

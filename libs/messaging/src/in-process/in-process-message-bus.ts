import { BusClosedError } from '../errors/bus-closed.error';
import { TopicNotFoundError } from '../errors/topic-not-found.error';
import { assertConsumeOptions } from '../consume-options.validation';
import type { OutgoingMessage } from '../message';
import type { EnsureTopicsResult, TopicSpec } from '../message-bus-admin.port';
import type { MessageBus } from '../message-bus.port';
import type { ConsumeOptions, RunningConsumer } from '../message-consumer.port';
import type { MessagingLogger } from '../messaging-logger';
import { assertTopicName } from '../topics/topic-name';
import { assertTopicSpecs } from '../topics/topic-spec.validation';
import { InProcessConsumerGroup } from './in-process-consumer-group';
import { InProcessGroupMember } from './in-process-group-member';
import { InProcessTopic } from './in-process-topic';

export interface InProcessMessageBusOptions {
  /** Delay before a message whose handler rejected is delivered again (default 1000 ms). */
  readonly redeliveryDelayMs?: number;
  /** Where handler failures are reported (default: `console`). */
  readonly logger?: MessagingLogger;
  /** Clock of the message timestamps (default: `() => new Date()`). */
  readonly now?: () => Date;
}

/**
 * The message bus of the embedded default: Kafka's semantics in one process, no network, no
 * persistence. Topics must be created with `ensureTopics` (as with `allowAutoTopicCreation:
 * false`); a key always maps to the partition Kafka would choose (murmur2); consumer groups share
 * partitions and keep committed offsets; delivery is at-least-once and in order per partition.
 * Everything is lost when the process exits: on the embedded hub the event store is the log, and
 * the relay replays from its checkpoint.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly topics = new Map<string, InProcessTopic>();
  private readonly groups = new Map<string, InProcessConsumerGroup>();
  /** Running members, each with its idempotent stop. */
  private readonly running = new Map<InProcessGroupMember, () => Promise<void>>();
  private readonly redeliveryDelayMs: number;
  private readonly logger: MessagingLogger;
  private readonly now: () => Date;
  private closed = false;

  constructor(options: InProcessMessageBusOptions = {}) {
    this.redeliveryDelayMs = options.redeliveryDelayMs ?? 1_000;
    this.logger = options.logger ?? console;
    this.now = options.now ?? (() => new Date());
  }

  ensureTopics(specs: readonly TopicSpec[]): Promise<EnsureTopicsResult> {
    return new Promise((resolve) => {
      this.assertOpen();
      assertTopicSpecs(specs);
      const created: string[] = [];
      const existing: string[] = [];
      for (const spec of specs) {
        if (this.topics.has(spec.name)) {
          existing.push(spec.name);
        } else {
          this.topics.set(spec.name, new InProcessTopic(spec.name, spec.partitions, this.now));
          created.push(spec.name);
        }
      }
      resolve({ created, existing });
    });
  }

  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    // A throw inside the executor rejects the promise: errors reach the caller asynchronously, as on Kafka.
    return new Promise((resolve) => {
      this.assertOpen();
      this.topic(topic).append(messages);
      resolve();
    });
  }

  consume(options: ConsumeOptions): Promise<RunningConsumer> {
    return new Promise((resolve) => {
      this.assertOpen();
      assertConsumeOptions(options);
      const topics = [...new Set(options.topics)].map((name) => this.topic(name));
      let group = this.groups.get(options.groupId);
      if (group === undefined) {
        group = new InProcessConsumerGroup(options.groupId);
        this.groups.set(options.groupId, group);
      }
      const member = new InProcessGroupMember(
        group,
        topics,
        options.fromBeginning,
        options.handle,
        this.redeliveryDelayMs,
        this.logger,
      );
      group.join(member);
      let stopping: Promise<void> | undefined;
      let stopped!: () => void;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      const stop = (): Promise<void> => {
        stopping ??= member.stop().then(() => {
          this.running.delete(member);
          stopped();
        });
        return stopping;
      };
      this.running.set(member, stop);
      resolve({ stop, done });
    });
  }

  /** The group's committed offset of a partition (next offset to read), undefined if none. */
  committedOffset(groupId: string, topic: string, partition: number): number | undefined {
    return this.groups.get(groupId)?.committedOffsets().get(`${topic}#${partition}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running.values()].map((stop) => stop()));
  }

  private topic(name: string): InProcessTopic {
    const topic = this.topics.get(assertTopicName(name));
    if (topic === undefined) throw new TopicNotFoundError(name);
    return topic;
  }

  private assertOpen(): void {
    if (this.closed) throw new BusClosedError();
  }
}

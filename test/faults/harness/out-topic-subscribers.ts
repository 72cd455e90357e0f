import { Kafka, logLevel, type Consumer } from 'kafkajs';

/** One message a tool got on its out-topic. */
export interface ReceivedMessage {
  /** `ce_id`: the canonical event id. */
  readonly id: string;
  /** The record key: the request id. */
  readonly requestId: string;
}

/**
 * The tools' Kafka side: one consumer group of the test reads every connector's
 * `maillage.out.<connector>.v1` from the beginning, and keeps per connector what arrived, in
 * arrival order, duplicates included (the checker drops them by `ce_id`, as a tool does).
 */
export class OutTopicSubscribers {
  readonly received = new Map<string, ReceivedMessage[]>();
  private consumer: Consumer | null = null;

  constructor(
    private readonly brokers: readonly string[],
    private readonly connectors: readonly string[],
    private readonly groupId: string,
  ) {
    for (const connector of connectors) this.received.set(connector, []);
  }

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: this.groupId,
      brokers: [...this.brokers],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    const byTopic = new Map(this.connectors.map((id) => [`maillage.out.${id}.v1`, id]));
    await consumer.subscribe({ topics: [...byTopic.keys()], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: ({ topic, message }) => {
        this.received.get(byTopic.get(topic)!)!.push({
          id: message.headers?.['ce_id']?.toString() ?? '',
          requestId: message.key?.toString() ?? '',
        });
        return Promise.resolve();
      },
    });
  }

  /** Distinct ids received, all connectors together. */
  distinct(): number {
    let count = 0;
    for (const messages of this.received.values()) count += new Set(messages.map((m) => m.id)).size;
    return count;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}

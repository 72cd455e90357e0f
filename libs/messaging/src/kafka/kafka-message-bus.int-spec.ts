import { ConfigResourceTypes } from 'kafkajs';
import { describeKafka, testKafka, uniqueName } from '../../../../test/kafka/kafka-test-env';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error';
import { TopicNotFoundError } from '../errors/topic-not-found.error';
import { partitionForKey } from '../in-process/murmur2-partitioner';
import type { Message, OutgoingMessage } from '../message';
import type { RunningConsumer } from '../message-consumer.port';
import { kafkaTestBus } from '../testing/kafka-test-bus';
import { gate, waitUntil } from '../testing/wait-until';
import { KafkaMessageBus } from './kafka-message-bus';

describeKafka('KafkaMessageBus on a real broker', (brokers) => {
  const run = uniqueName('bus');
  const topic = `maillage.test.bus.${run}`;
  const compacted = `maillage.test.bus-compacted.${run}`;
  const admin = testKafka(brokers, `maillage-test-admin-${run}`).admin();
  let bus: KafkaMessageBus;
  const consumers: RunningConsumer[] = [];

  beforeAll(async () => {
    bus = kafkaTestBus(brokers, `maillage-test-${run}`);
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await bus.close();
    await admin
      .deleteTopics({ topics: [topic, compacted], timeout: 10_000 })
      .catch(() => undefined);
    await admin.disconnect();
  });

  it('creates topics with their settings, once (ensureTopics is idempotent)', async () => {
    const specs = [
      { name: topic, partitions: 3, retentionMs: 3_600_000 },
      { name: compacted, partitions: 1, retentionMs: -1, cleanupPolicy: 'compact' as const },
    ];
    await expect(bus.ensureTopics(specs)).resolves.toEqual({
      created: [topic, compacted],
      existing: [],
    });
    await expect(bus.ensureTopics(specs)).resolves.toEqual({
      created: [],
      existing: [topic, compacted],
    });
    await expect(bus.ensureTopics([{ ...specs[0]!, partitions: 6 }])).resolves.toEqual({
      created: [],
      existing: [topic],
    });

    const { topics } = await admin.fetchTopicMetadata({ topics: [topic, compacted] });
    expect(topics.find((t) => t.name === topic)!.partitions).toHaveLength(3);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: compacted, configNames: ['retention.ms', 'cleanup.policy'] }],
    });
    const config = Object.fromEntries(
      resources[0]!.configEntries.map((e) => [e.configName, e.configValue]),
    );
    expect(config).toEqual({ 'retention.ms': '-1', 'cleanup.policy': 'compact' });
  });

  it("reads a topic's retention as the broker applies it, after an operator changed it", async () => {
    await expect(bus.retentionMs(topic)).resolves.toBe(3_600_000);
    await expect(bus.retentionMs(compacted)).resolves.toBeNull();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'retention.ms', value: String(90 * 24 * 3_600_000) }],
        },
      ],
    });
    await expect(bus.retentionMs(topic)).resolves.toBe(90 * 24 * 3_600_000);
  });

  it('says a topic that does not exist has no retention yet, without an error in the logs', async () => {
    const logger = { error: jest.fn(), warn: jest.fn() };
    const logged = kafkaTestBus(brokers, `maillage-test-${run}-logged`, logger, 'error');
    try {
      await expect(logged.retentionMs(`${topic}.absent`)).resolves.toBeUndefined();
      await expect(logged.retentionMs(topic)).resolves.toEqual(expect.any(Number));
      expect(logger.error).not.toHaveBeenCalled();
    } finally {
      await logged.close();
    }
  });

  it('keeps the order of each key across 3 partitions, on the partition murmur2 picks', async () => {
    // Fixed keys (the topic is new to this run): murmur2 spreads them over the 3 partitions.
    const keys = Array.from({ length: 10 }, (_, i) => `request-${i}`);
    expect(new Set(keys.map((key) => partitionForKey(key, 3))).size).toBe(3);
    const batches: OutgoingMessage[][] = [];
    for (let seq = 0; seq < 10; seq++) {
      batches.push(
        keys.map((key) => ({
          key,
          headers: { seq: String(seq), ce_id: `${key}-${seq}` },
          value: Buffer.from(`${key}|${seq}`),
        })),
      );
    }
    for (const batch of batches) await bus.publish(topic, batch);

    const seen: Message[] = [];
    consumers.push(
      await bus.consume({
        groupId: `${topic}.order`,
        topics: [topic],
        fromBeginning: true,
        handle: async (m) => void seen.push(m),
      }),
    );
    await waitUntil(() => seen.length >= 100, '100 messages', 30_000);
    expect(seen).toHaveLength(100);
    for (const key of keys) {
      const ofKey = seen.filter((m) => m.key === key);
      expect(ofKey.map((m) => Number(m.headers['seq']))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(new Set(ofKey.map((m) => m.partition))).toEqual(new Set([partitionForKey(key, 3)]));
      expect(ofKey.every((m) => m.value!.toString() === `${key}|${m.headers['seq']}`)).toBe(true);
    }
    expect(new Set(seen.map((m) => m.partition)).size).toBe(3);
  }, 45_000);

  it('redelivers a message whose handler failed, then commits past it', async () => {
    const key = `redelivery-${run}`;
    const groupId = `${topic}.redelivery`;
    await bus.publish(
      topic,
      [0, 1, 2].map((seq) => ({ key, headers: { seq: String(seq) }, value: null })),
    );

    const deliveries: number[] = [];
    let failures = 2;
    const consumer = await bus.consume({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handle: (m) => {
        if (m.key !== key) return Promise.resolve(); // the earlier tests' messages
        const seq = Number(m.headers['seq']);
        deliveries.push(seq);
        return seq === 1 && failures-- > 0
          ? Promise.reject(new Error('transient'))
          : Promise.resolve();
      },
    });
    await waitUntil(() => deliveries.length >= 5, '5 deliveries', 20_000);
    await consumer.stop();
    expect(deliveries).toEqual([0, 1, 1, 1, 2]);

    // Every offset of the partition was committed once the handler succeeded.
    const partition = partitionForKey(key, 3);
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]!.partitions.find((p) => p.partition === partition)!.offset;
    const end = (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === partition)!.high;
    expect(committed).toBe(end);
  }, 45_000);

  it('does not commit a message whose handler was in flight at stop: the next member gets it', async () => {
    const key = `stop-${run}`;
    const groupId = `${topic}.stop`;
    await bus.publish(
      topic,
      [0, 1, 2].map((seq) => ({ key, headers: { seq: String(seq) }, value: null })),
    );
    const held = gate();
    const first: number[] = [];
    const consumer = await bus.consume({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handle: async (m) => {
        if (m.key !== key) return;
        first.push(Number(m.headers['seq']));
        if (m.headers['seq'] === '1') {
          await held.promise;
          throw new Error('crashed before finishing');
        }
      },
    });
    await waitUntil(() => first.length === 2, 'message 1 in flight', 20_000);
    const stopped = consumer.stop();
    held.open();
    await stopped;
    await expect(consumer.done).resolves.toBeUndefined();

    const second: number[] = [];
    const next = await bus.consume({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handle: async (m) => void (m.key === key && second.push(Number(m.headers['seq']))),
    });
    await waitUntil(() => second.length === 2, 'messages 1 and 2', 20_000);
    await next.stop();
    expect(first).toEqual([0, 1]);
    expect(second).toEqual([1, 2]);
  }, 45_000);

  it('refuses to publish to a topic that does not exist (no auto-creation)', async () => {
    await expect(
      bus.publish(`maillage.test.missing.${run}`, [{ key: 'k', headers: {}, value: null }]),
    ).rejects.toBeInstanceOf(TopicNotFoundError);
  }, 30_000);

  it('refuses to consume a topic that does not exist', async () => {
    await expect(
      bus.consume({
        groupId: `${topic}.missing`,
        topics: [`maillage.test.missing.${run}`],
        fromBeginning: true,
        handle: () => Promise.resolve(),
      }),
    ).rejects.toBeInstanceOf(TopicNotFoundError);
  }, 30_000);

  it('reports an unreachable broker as BrokerUnavailableError (retriable)', async () => {
    const nowhere = new KafkaMessageBus({
      brokers: ['127.0.0.1:1'],
      clientId: 'maillage-test-nowhere',
      logLevel: 'nothing',
      connectionTimeoutMs: 300,
      retries: 0,
    });
    const error = await nowhere
      .publish(topic, [{ key: 'k', headers: {}, value: null }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(error).toMatchObject({ code: 'MESSAGING.BROKER_UNAVAILABLE', retriable: true });
    await nowhere.close();
  });
});

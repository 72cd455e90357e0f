import request from 'supertest';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import {
  InMemoryProcessedMessages,
  KafkaConsumerLagProbe,
  KafkaMessageBus,
  type Message,
  type RunningConsumer,
  runConsumer,
} from '@maillage/messaging';
import { describeKafka, uniqueName } from '../../../test/kafka/kafka-test-env';
import { ConsumerMonitoring } from './metrics/consumer-monitoring';

const quiet = { warn: () => undefined, error: () => undefined };

describeKafka('health and metrics of a hub publishing to Kafka', (brokers) => {
  let hub: TestHub;
  let bus: KafkaMessageBus;
  let probe: KafkaConsumerLagProbe;
  let consumer: RunningConsumer | undefined;
  const topic = uniqueName('maillage.events.obs');
  const dlq = uniqueName('maillage.dlq.obs');
  const group = uniqueName('obs-projector');
  const http = () => request(hub.app.getHttpServer());
  let gien: Record<string, string>;

  beforeAll(async () => {
    hub = await createTestHub('sqlite', {
      KAFKA_BROKERS: brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: topic,
    });
    gien = await hub.as('commune:45155');
    const options = {
      brokers,
      clientId: 'maillage-obs-test',
      logLevel: 'nothing' as const,
      logger: quiet,
      consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, maxWaitTimeMs: 100 },
    };
    bus = new KafkaMessageBus(options);
    probe = new KafkaConsumerLagProbe(options);
    await bus.ensureTopics([{ name: dlq, partitions: 1, retentionMs: 3_600_000 }]);
  });
  afterAll(async () => {
    await consumer?.stop();
    await probe.close();
    await bus.close();
    await hub.close();
  });

  /** Scrapes /metrics until `pattern` shows (what a Prometheus server would see, eventually). */
  const scrapeUntil = async (pattern: RegExp): Promise<string> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { text } = await http().get('/metrics').expect(200);
      if (pattern.test(text) || Date.now() > deadline) return text;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const file = (externalId: string, description: string) =>
    http()
      .post('/v1/requests')
      .set(gien)
      .send({
        source: { externalId },
        channel: 'web',
        category: 'roads.municipal',
        description,
        location: { inseeCode: '45155' },
      })
      .expect(201);

  it('is ready with the store, the relay and Kafka up', async () => {
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up' },
        readModel: { status: 'up' },
        relay: { status: 'up', lag: expect.any(Number) },
        kafka: { status: 'up' },
      },
    });
  });

  it('counts what a consumer processed, dropped and dead-lettered, and its lag per partition', async () => {
    const received: Message[] = [];
    consumer = await runConsumer({
      bus,
      groupId: group,
      topic,
      dlqTopic: dlq,
      dedupStore: new InMemoryProcessedMessages(),
      logger: quiet,
      // As a module running a consumer wires it: outcomes to /metrics, lag from the broker.
      ...hub.app.get(ConsumerMonitoring).forConsumer(),
      lagIntervalMs: 200,
      handle: async (message) => {
        received.push(message);
        const { data } = JSON.parse(message.value!.toString()) as {
          data: { description?: string };
        };
        if (data.description === 'POISON') {
          throw Object.assign(new Error('refused by the test'), {
            code: 'TEST.POISON',
            retriable: false,
          });
        }
      },
    });
    // Three filings: RequestFiled + RequestRouted each; one RequestFiled is poison.
    await file('OBS-1', 'Lampadaire éteint');
    await file('OBS-2', 'POISON');
    await file('OBS-3', 'Trottoir abîmé');
    const deadline = Date.now() + 20_000;
    while (received.length < 6 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    // The relay sends again what it is not sure Kafka has: consumers drop it by event id.
    const again = received[0]!;
    await bus.publish(topic, [{ key: again.key, headers: again.headers, value: again.value }]);

    const consumed = (outcome: string, count: number) =>
      new RegExp(
        `maillage_consumer_messages_total\\{consumer="${group}",topic="${topic}",outcome="${outcome}"\\} ${count}\\n`,
      );
    const text = await scrapeUntil(consumed('duplicate', 1));
    expect(text).toMatch(consumed('processed', 5));
    expect(text).toMatch(consumed('duplicate', 1));
    expect(text).toMatch(consumed('dead_lettered', 1));
    expect(text).toMatch(
      new RegExp(
        `maillage_dead_letters_total\\{consumer="${group}",code="TEST.POISON",source_topic="${topic}"\\} 1\\n`,
      ),
    );
    expect(text).toMatch(/maillage_relay_lag_events 0\n/);
    expect(text).toMatch(/maillage_events_appended_total\{type="RequestFiled"\} 3\n/);

    // Once the group committed everything, every partition of the topic reads 0.
    const lagLines = (scrape: string) =>
      scrape
        .split('\n')
        .filter((line) => line.startsWith(`maillage_consumer_lag_messages{group="${group}"`));
    const caughtUp = await scrapeUntil(
      new RegExp(`(maillage_consumer_lag_messages\\{group="${group}"[^}]*\\} 0\\n[^]*){6}`),
    );
    expect(lagLines(caughtUp)).toHaveLength(6); // the relay's topic has 6 partitions
    for (const line of lagLines(caughtUp)) expect(line).toMatch(/ 0$/);
  });

  it('shows a lag that grows while the group is away', async () => {
    await consumer!.stop();
    consumer = undefined;
    await file('OBS-4', 'Banc cassé');
    const lags = await probe.lagOf(group, topic, { fromBeginning: true });
    const behind = lags.reduce((sum, { messages }) => sum + messages, 0);
    // RequestFiled and RequestRouted of OBS-4, once the relay published them.
    expect(behind).toBeLessThanOrEqual(2);
    const deadline = Date.now() + 10_000;
    let total = behind;
    while (total < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      total = (await probe.lagOf(group, topic, { fromBeginning: true })).reduce(
        (sum, { messages }) => sum + messages,
        0,
      );
    }
    expect(total).toBe(2);
  });
});

import { describeKafka, testKafka, uniqueName } from '../../../../test/kafka/kafka-test-env';
import { kafkaTestBus } from '../testing/kafka-test-bus';
import { KafkaConsumedRecordsPurger } from './kafka.consumed-records-purger';
import type { KafkaMessageBus } from './kafka-message-bus';

describeKafka('KafkaConsumedRecordsPurger on a real broker', (brokers) => {
  const run = uniqueName('purge');
  const topic = `maillage.test.purge.${run}`;
  const groupId = `maillage-test-purge-${run}`;
  const admin = testKafka(brokers, `maillage-test-admin-${run}`).admin();
  let bus: KafkaMessageBus;
  let purger: KafkaConsumedRecordsPurger;

  beforeAll(async () => {
    bus = kafkaTestBus(brokers, `maillage-test-${run}`);
    purger = new KafkaConsumedRecordsPurger({ brokers, clientId: `maillage-test-${run}` });
    await admin.connect();
    await bus.ensureTopics([{ name: topic, partitions: 2, retentionMs: 3_600_000 }]);
    // Ten records on each partition (explicit partitions: the keys do not matter here).
    await bus.publish(
      topic,
      Array.from({ length: 10 }, (_, n) => ({
        key: `k${n}`,
        headers: {},
        value: Buffer.from('x'),
      })),
    );
  });
  afterAll(async () => {
    await purger.close();
    await bus.close();
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
    await admin.disconnect();
  });

  const firstOffsets = async () =>
    new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.low)]));

  it('deletes nothing while the group committed nothing', async () => {
    await expect(purger.purge(groupId, [topic])).resolves.toEqual([]);
    expect([...(await firstOffsets()).values()]).toEqual([0, 0]);
  });

  it('deletes below the committed offset, never at or above it, and only where committed', async () => {
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]),
    );
    const busy = [...ends.entries()].find(([, high]) => high >= 2)!;
    const committed = busy[1] - 1; // the last record is not consumed yet
    await admin.setOffsets({
      groupId,
      topic,
      partitions: [{ partition: busy[0], offset: String(committed) }],
    });
    await expect(purger.purge(groupId, [topic])).resolves.toEqual([
      { topic, partition: busy[0], below: committed },
    ]);
    const first = await firstOffsets();
    expect(first.get(busy[0])).toBe(committed);
    // The partition the group has no offset on is left whole.
    for (const [partition, low] of first) if (partition !== busy[0]) expect(low).toBe(0);
    // Once done, a second purge has nothing to do.
    await expect(purger.purge(groupId, [topic])).resolves.toEqual([]);
  });
});

import Database from 'better-sqlite3';

import { describeKafka, testKafka, uniqueName } from '../../../../test/kafka/kafka-test-env';
import { fromCloudEventMessage } from '../cloud-events/from-cloud-event-message';
import { toCloudEventMessage } from '../cloud-events/to-cloud-event-message';
import type { KafkaMessageBus } from '../kafka/kafka-message-bus';
import type { Message, OutgoingMessage } from '../message';
import type { RunningConsumer } from '../message-consumer.port';
import { kafkaTestBus } from '../testing/kafka-test-bus';
import { requestFiledEvent } from '../testing/recorded-event.fixture';
import { waitUntil } from '../testing/wait-until';
import { runConsumer } from './run-consumer';
import { SqliteProcessedMessages } from './sqlite.processed-messages';

/** `count` events of one request, as CloudEvent messages (revision 0..count-1). */
function requestEvents(count: number): OutgoingMessage[] {
  const first = requestFiledEvent();
  return Array.from({ length: count }, (_, revision) =>
    toCloudEventMessage(
      requestFiledEvent({
        streamId: first.streamId,
        data: first.data,
        revision,
        position: 1 + revision,
      }),
      'urn:maillage:hub',
    ),
  );
}

describeKafka('runConsumer on a real broker', (brokers) => {
  const run = uniqueName('consumer');
  const topic = `maillage.test.events.${run}`;
  const dlq = `maillage.test.dlq.${run}`;
  const groupId = `maillage.test.projector.${run}`;
  const admin = testKafka(brokers, `maillage-test-admin-${run}`).admin();
  let bus: KafkaMessageBus;
  let db: Database.Database;
  const running: RunningConsumer[] = [];

  beforeAll(async () => {
    bus = kafkaTestBus(brokers, `maillage-test-${run}`);
    await admin.connect();
    await bus.ensureTopics([
      { name: topic, partitions: 3, retentionMs: 3_600_000 },
      { name: dlq, partitions: 1, retentionMs: 3_600_000 },
    ]);
    db = new Database(':memory:');
    db.exec(
      'CREATE TABLE applied (seq INTEGER PRIMARY KEY AUTOINCREMENT, request TEXT, revision INTEGER)',
    );
  });
  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop()));
    await bus.close();
    db.close();
    await admin.deleteTopics({ topics: [topic, dlq], timeout: 10_000 }).catch(() => undefined);
    await admin.deleteGroups([groupId, `${groupId}.dlq`]).catch(() => undefined);
    await admin.disconnect();
  });

  it('dead-letters a poison message with its reason and source position, and goes on with its partition', async () => {
    const poisoned = requestEvents(4);
    const others = [requestEvents(4), requestEvents(4)];
    const poison = poisoned[1]!;
    const poisonId = poison.headers['ce_id']!;
    let poisonPosition: { partition?: number; offset?: string } = {};

    running.push(
      await runConsumer<Database.Database>({
        bus,
        groupId,
        topic,
        dlqTopic: dlq,
        dedupStore: new SqliteProcessedMessages({ database: db }),
        maxAttempts: 3,
        backoff: { initialDelayMs: 20, maxDelayMs: 50, multiplier: 2 },
        logger: { warn: () => undefined, error: () => undefined },
        handle: async (message, tx) => {
          const event = fromCloudEventMessage(message);
          if (event.eventId === poisonId) {
            poisonPosition = { partition: message.partition, offset: message.offset };
            throw Object.assign(new Error('projection refuses revision 1'), {
              code: 'PROJECTION.REFUSED',
              retriable: true,
            });
          }
          tx.prepare('INSERT INTO applied (request, revision) VALUES (?, ?)').run(
            message.key,
            event.revision,
          );
        },
      }),
    );
    // The same events again, as a relay retrying after a lost acknowledgement would publish them.
    await bus.publish(topic, [...poisoned, ...others.flat()]);
    await bus.publish(topic, others[0]!.slice(0, 2));

    const applied = (): { request: string; revision: number }[] =>
      db.prepare('SELECT request, revision FROM applied ORDER BY seq').all() as {
        request: string;
        revision: number;
      }[];
    await waitUntil(() => applied().length >= 11, '11 applied events', 30_000);

    const revisionsOf = (key: string | null): number[] =>
      applied()
        .filter((a) => a.request === key)
        .map((a) => a.revision);
    expect(revisionsOf(poison.key)).toEqual([0, 2, 3]);
    expect(revisionsOf(others[0]![0]!.key)).toEqual([0, 1, 2, 3]);
    expect(revisionsOf(others[1]![0]!.key)).toEqual([0, 1, 2, 3]);

    const letters: Message[] = [];
    running.push(
      await bus.consume({
        groupId: `${groupId}.dlq`,
        topics: [dlq],
        fromBeginning: true,
        handle: async (m) => void letters.push(m),
      }),
    );
    await waitUntil(() => letters.length >= 1, 'the dead letter', 20_000);
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.key).toBe(poison.key);
    expect(letter.value).toEqual(poison.value);
    expect(letter.headers).toMatchObject({
      ce_id: poisonId,
      ce_specversion: '1.0',
      ce_type: 'fr.maillage.request.request-filed.v1',
      maillage_dlq_reason: 'Error: projection refuses revision 1',
      maillage_dlq_error_code: 'PROJECTION.REFUSED',
      maillage_dlq_source_topic: topic,
      maillage_dlq_source_partition: String(poisonPosition.partition),
      maillage_dlq_source_offset: poisonPosition.offset,
      maillage_dlq_consumer: groupId,
      maillage_dlq_attempts: '3',
    });
    expect(fromCloudEventMessage(letter).eventId).toBe(poisonId); // the dead letter is still the event

    // Once all 14 messages are committed, the 2 duplicates were dropped: still 11 effects.
    const deadline = Date.now() + 20_000;
    let committed = 0;
    while (committed < 14 && Date.now() < deadline) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      committed = offsets!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      if (committed < 14) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(committed).toBe(14);
    expect(applied()).toHaveLength(11);
  }, 60_000);
});

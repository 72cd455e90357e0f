import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteCheckpointStore, SqliteEventStore } from '@maillage/event-store';
import { KafkaMessageBus, type Message, fromCloudEventMessage } from '@maillage/messaging';
import { commentAdded } from './testing/comment-added.fixture';
import { describeKafka, uniqueName } from '../../../test/kafka/kafka-test-env';
import { EventRelay } from './event-relay';

describeKafka('EventRelay on a real broker', (brokers) => {
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  let bus: KafkaMessageBus;
  let topic: string;
  const requests = Array.from({ length: 5 }, () => randomUUID());

  const append = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const requestId = requests[i % requests.length]!;
      const stream = `request-${requestId}`;
      const existing = await store.readStream(stream);
      await store.appendToStream(stream, [{ ...commentAdded(requestId, i) }], {
        expectedRevision: existing.length === 0 ? 'no_stream' : existing.length - 1,
      });
    }
  };

  const consumeAll = async (expected: number): Promise<Message[]> => {
    const received: Message[] = [];
    const consumer = await bus.consume({
      groupId: uniqueName('relay-test'),
      topics: [topic],
      fromBeginning: true,
      handle: async (message) => {
        received.push(message);
      },
    });
    const deadline = Date.now() + 30_000;
    while (received.length < expected && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300)); // anything extra would show up now
    await consumer.stop();
    return received;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-relay-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    checkpoints = new SqliteCheckpointStore({ path: join(dir, 'events.sqlite') });
    bus = new KafkaMessageBus({ brokers, clientId: 'maillage-relay-test' });
    topic = uniqueName('maillage.events.test');
    await bus.ensureTopics([{ name: topic, partitions: 3, retentionMs: 3_600_000 }]);
  });

  afterAll(async () => {
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every committed event as a CloudEvent keyed by request, in request order, and resumes from its checkpoint', async () => {
    await append(40);
    const relay = new EventRelay(store, checkpoints, bus, { topic, batchSize: 7 });
    await relay.start();
    await append(20);
    const head = await store.headPosition();
    while (relay.position < head) await new Promise((r) => setTimeout(r, 20));
    await relay.stop();
    expect(await checkpoints.load('relay')).toBe(head);

    // A restarted relay sends only what came after its checkpoint.
    await append(10);
    const again = new EventRelay(store, checkpoints, bus, { topic, batchSize: 7 });
    await again.start();
    const newHead = await store.headPosition();
    while (again.position < newHead) await new Promise((r) => setTimeout(r, 20));
    await again.stop();

    const received = await consumeAll(70);
    expect(received).toHaveLength(70);
    const events = received.map((message) => fromCloudEventMessage(message));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(70);
    for (const message of received) {
      expect(message.headers['ce_specversion']).toBe('1.0');
      expect(message.headers['ce_type']).toBe('fr.maillage.request.comment-added.v1');
      expect(message.key).toBe(message.headers['ce_subject']);
      expect(message.headers['content-type']).toBe('application/json');
    }
    for (const requestId of requests) {
      const revisions = events
        .filter((e) => e.streamId === `request-${requestId}`)
        .map((e) => e.revision);
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
  });
});

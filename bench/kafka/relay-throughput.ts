/**
 * Relay throughput: a store holding N canonical events, relayed from position 0 to a fresh topic
 * by the EventRelay, against a raw kafkajs producer sending the same messages (same keys, headers
 * and values, same batches, same producer settings, a topic with the same partitions).
 */
import { performance } from 'node:perf_hooks';
import { Partitioners, type Kafka, type Message as KafkaMessage } from 'kafkajs';
import {
  type CheckpointStore,
  type EventStore,
  type RecordedEvent,
  createCheckpointStore,
  createEventStore,
  type RelationalStoreOptions,
} from '@maillage/event-store';
import { KafkaMessageBus, toCloudEventMessage } from '@maillage/messaging';
import { EventRelay } from '@maillage/relay';
import { requestLifecycle } from '@maillage/relay/testing';
import { createTopicAndWait, uniqueName } from '../../test/kafka/kafka-test-env';

/** Partitions of the relay's topic in production (RelayModule). */
export const PARTITIONS = 6;
const SOURCE = 'urn:maillage:hub';

export interface ThroughputRun {
  /** Events per second from the store to Kafka (acknowledged, checkpoint saved). */
  readonly relay: number;
  /** Messages per second of the raw producer. */
  readonly raw: number;
}

export interface OpenedStore {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore & { close(): Promise<void> };
  close(): Promise<void>;
}

export async function openStore(options: RelationalStoreOptions): Promise<OpenedStore> {
  const store = await createEventStore(options);
  const checkpoints = await createCheckpointStore(options);
  return {
    store,
    checkpoints,
    async close() {
      await checkpoints.close();
      await store.close();
    },
  };
}

/** Appends `count` events: whole request lifecycles, one append per decision, as the hub does. */
export async function fill(store: EventStore, count: number): Promise<void> {
  const requests = Math.ceil(count / 7);
  let left = count;
  const lifecycles = Array.from({ length: requests }, (_, n) => requestLifecycle(n));
  // Requests in parallel (group commit), each request's appends in order.
  const PARALLEL = 100;
  for (let first = 0; first < requests; first += PARALLEL) {
    await Promise.all(
      lifecycles.slice(first, first + PARALLEL).map(async (appends) => {
        let revision = -1;
        for (const { streamId, events } of appends) {
          const taken = events.slice(0, Math.max(0, left));
          if (taken.length === 0) return;
          left -= taken.length;
          await store.appendToStream(streamId, taken, {
            expectedRevision: revision < 0 ? 'no_stream' : revision,
          });
          revision += taken.length;
        }
      }),
    );
  }
}

async function readAll(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all.at(-1)?.position ?? 0, maxCount: 5000 });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

async function messagesOn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** One run on a freshly filled store. */
export async function measureThroughput(
  kafka: Kafka,
  brokers: string[],
  opened: OpenedStore,
  count: number,
  batchSize: number,
): Promise<ThroughputRun> {
  const { store, checkpoints } = opened;
  await fill(store, count);
  const head = await store.headPosition();
  const events = await readAll(store);
  if (events.length !== count) throw new Error(`store holds ${events.length}, not ${count}`);

  const admin = kafka.admin();
  await admin.connect();
  const relayTopic = uniqueName('bench.relay');
  const rawTopic = uniqueName('bench.raw');
  const warmTopic = uniqueName('bench.warm');
  for (const topic of [relayTopic, rawTopic, warmTopic])
    await createTopicAndWait(admin, topic, PARTITIONS);
  await admin.disconnect();

  // Raw kafkajs: the KafkaMessageBus's producer settings, messages built beforehand.
  const messages: KafkaMessage[] = events.map((event) => {
    const message = toCloudEventMessage(event, SOURCE);
    return { key: message.key, value: message.value, headers: { ...message.headers } };
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 30_000 },
  });
  await producer.connect();
  await producer.send({ topic: warmTopic, acks: -1, messages: [messages[0]!] });
  const rawStarted = performance.now();
  for (let first = 0; first < messages.length; first += batchSize) {
    await producer.send({
      topic: rawTopic,
      acks: -1,
      messages: messages.slice(first, first + batchSize),
    });
  }
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  await producer.disconnect();

  // The relay, from position 0, on its own bus (connected beforehand, as the raw producer).
  const bus = new KafkaMessageBus({ brokers, clientId: 'maillage-bench-relay', logLevel: 'error' });
  await bus.publish(warmTopic, [toCloudEventMessage(events[0]!, SOURCE)]);
  let caughtUp!: () => void;
  const done = new Promise<void>((resolve) => (caughtUp = resolve));
  const relay = new EventRelay(store, checkpoints, bus, {
    topic: relayTopic,
    batchSize,
    onPublished: (position) => {
      if (position >= head) caughtUp();
    },
  });
  const relayStarted = performance.now();
  await relay.start();
  await done;
  const relaySeconds = (performance.now() - relayStarted) / 1000;
  await relay.stop();
  await bus.close();
  if ((await checkpoints.load('relay')) !== head)
    throw new Error('relay checkpoint is not at head');

  const [onRelay, onRaw] = [await messagesOn(kafka, relayTopic), await messagesOn(kafka, rawTopic)];
  if (onRelay !== count || onRaw !== count)
    throw new Error(`expected ${count} messages on each topic, relay ${onRelay}, raw ${onRaw}`);
  return { relay: count / relaySeconds, raw: count / rawSeconds };
}

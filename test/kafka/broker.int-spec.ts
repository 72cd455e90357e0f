/**
 * Proves the local broker (deploy/local/kafka.sh) is a working Kafka: a 3-partition topic,
 * 100 keyed messages with headers from an idempotent producer (acks=all), read back by a
 * consumer group: each message exactly once, with its headers, in order for each key, and the
 * group's offsets committed.
 */
import {
  Partitioners,
  type Admin,
  type Consumer,
  type IHeaders,
  type Kafka,
  type Producer,
} from 'kafkajs';
import { createTopicAndWait, describeKafka, testKafka, uniqueName } from './kafka-test-env';

interface Received {
  partition: number;
  offset: string;
  key: string;
  value: { id: string; key: string; seq: number; run: string };
  headers: Record<string, string>;
}

const KEYS = 10;
const PER_KEY = 10;
const TOTAL = KEYS * PER_KEY;

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}

describeKafka('Kafka broker (single node, KRaft)', (brokers) => {
  const run = uniqueName('run');
  const topic = `maillage.test.broker.${run}`;
  const groupId = `maillage.test.broker.${run}.group`;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    kafka = testKafka(brokers, `maillage-test-${run}`);
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a topic with 3 partitions, each with a leader', async () => {
    const created = await createTopicAndWait(admin, topic, 3);
    expect(created).toBe(true);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics).toHaveLength(1);
    const partitions = topics[0]!.partitions;
    expect(partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    for (const p of partitions) expect(p.leader).toBeGreaterThanOrEqual(0);
  });

  it('delivers 100 keyed messages with headers exactly once, in order per key, to a consumer group', async () => {
    // --- produce: idempotent, acks=all, in 4 batches of 25
    producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner, // Java-compatible murmur2
    });
    await producer.connect();
    const sent = Array.from({ length: TOTAL }, (_, i) => {
      const key = `commune-${i % KEYS}`;
      const seq = Math.floor(i / KEYS);
      const id = `${run}-${i}`;
      return {
        key,
        value: JSON.stringify({ id, key, seq, run }),
        headers: {
          'x-message-id': id,
          'x-seq': String(seq),
          'x-run': run,
          'content-type': 'application/json',
        },
      };
    });
    for (let b = 0; b < TOTAL; b += 25) {
      const metadata = await producer.send({ topic, acks: -1, messages: sent.slice(b, b + 25) });
      for (const m of metadata) expect(m.errorCode).toBe(0);
    }
    await producer.disconnect();
    producer = undefined;

    // --- consume in a group, from the beginning
    consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received: Received[] = [];
    let allIn!: () => void;
    const allReceived = new Promise<void>((resolve) => (allIn = resolve));
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        received.push({
          partition,
          offset: message.offset,
          key: message.key!.toString(),
          value: JSON.parse(message.value!.toString()) as Received['value'],
          headers: headersToStrings(message.headers),
        });
        if (received.length >= TOTAL) allIn();
        return Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      allReceived,
      new Promise<void>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`only ${received.length}/${TOTAL} messages consumed after 45s`)),
          45_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    // Leave a moment for duplicates, if any, to show up before counting.
    await new Promise((r) => setTimeout(r, 1_000));
    await consumer.disconnect(); // commits the consumed offsets
    consumer = undefined;

    // --- exactly once
    expect(received).toHaveLength(TOTAL);
    const ids = received.map((r) => r.value.id);
    expect(new Set(ids).size).toBe(TOTAL);
    expect([...ids].sort()).toEqual(sent.map((s) => JSON.parse(s.value).id as string).sort());

    // --- headers and key intact
    for (const r of received) {
      expect(r.key).toBe(r.value.key);
      expect(r.headers).toEqual({
        'x-message-id': r.value.id,
        'x-seq': String(r.value.seq),
        'x-run': run,
        'content-type': 'application/json',
      });
    }

    // --- per key: one partition, sequence 0..9 in order of arrival and of offsets
    const byKey = new Map<string, Received[]>();
    for (const r of received) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    expect(byKey.size).toBe(KEYS);
    for (const [, msgs] of byKey) {
      expect(new Set(msgs.map((m) => m.partition)).size).toBe(1);
      expect(msgs.map((m) => m.value.seq)).toEqual(Array.from({ length: PER_KEY }, (_, i) => i));
      const offsets = msgs.map((m) => BigInt(m.offset));
      expect(offsets.every((o, i) => i === 0 || o > offsets[i - 1]!)).toBe(true);
    }
    // the 10 keys are spread over more than one partition (murmur2 of fixed keys: deterministic)
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);

    // --- the group committed every offset
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(committed).toBe(TOTAL);
  }, 90_000);
});

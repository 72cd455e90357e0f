import { BusClosedError } from '../errors/bus-closed.error';
import type { Message, OutgoingMessage } from '../message';
import type { MessagingLogger } from '../messaging-logger';
import { gate, waitUntil } from '../testing/wait-until';
import { InProcessMessageBus } from './in-process-message-bus';
import { partitionForKey } from './murmur2-partitioner';

const quiet: MessagingLogger = { warn: () => undefined, error: () => undefined };
const TOPIC = 'maillage.test.v1';

const msg = (key: string, seq: number): OutgoingMessage => ({
  key,
  headers: { seq: String(seq) },
  value: Buffer.from(JSON.stringify({ key, seq })),
});
const seqOf = (m: Message): number => Number(m.headers['seq']);

describe('InProcessMessageBus', () => {
  let bus: InProcessMessageBus;

  beforeEach(async () => {
    bus = new InProcessMessageBus({ redeliveryDelayMs: 5, logger: quiet });
    await bus.ensureTopics([{ name: TOPIC, partitions: 3, retentionMs: -1 }]);
  });
  afterEach(() => bus.close());

  it('delivers each key on one partition (the one Kafka would choose), in publish order', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `request-${i}`);
    for (let seq = 0; seq < 10; seq++)
      await bus.publish(
        TOPIC,
        keys.map((key) => msg(key, seq)),
      );
    const seen: Message[] = [];
    await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async (m) => void seen.push(m),
    });
    await waitUntil(() => seen.length === 80, '80 messages');

    for (const key of keys) {
      const ofKey = seen.filter((m) => m.key === key);
      expect(ofKey.map(seqOf)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(new Set(ofKey.map((m) => m.partition))).toEqual(new Set([partitionForKey(key, 3)]));
      expect(ofKey.map((m) => Number(m.offset))).toEqual(
        [...ofKey.map((m) => Number(m.offset))].sort((a, b) => a - b),
      );
    }
    expect(new Set(seen.map((m) => m.partition)).size).toBe(3);
    expect(seen[0]).toMatchObject({
      topic: TOPIC,
      value: expect.any(Buffer),
      timestamp: expect.stringMatching(/^\d+$/),
    });
  });

  it('hands a partition one message at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let handled = 0;
    await bus.publish(
      TOPIC,
      Array.from({ length: 20 }, (_, i) => ({ ...msg('k', i), partition: 0 })),
    );
    await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        handled++;
      },
    });
    await waitUntil(() => handled === 20, '20 messages');
    expect(maxInFlight).toBe(1);
  });

  it('shares partitions within a group, and gives every group every message', async () => {
    const byMember: Record<string, Message[]> = { a1: [], a2: [], b: [] };
    const member = (name: string, groupId: string) =>
      bus.consume({
        groupId,
        topics: [TOPIC],
        fromBeginning: true,
        handle: async (m) => void byMember[name]!.push(m),
      });
    await member('a1', 'group-a');
    await member('a2', 'group-a');
    await member('b', 'group-b');
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
    await bus.publish(
      TOPIC,
      keys.map((key) => msg(key, 0)),
    );
    await waitUntil(
      () => byMember['a1']!.length + byMember['a2']!.length === 30 && byMember['b']!.length === 30,
      'all',
    );

    const a = [...byMember['a1']!, ...byMember['a2']!].map((m) => m.key).sort();
    expect(a).toEqual([...keys].sort()); // each message once in group a
    expect(byMember['a1']!.length).toBeGreaterThan(0);
    expect(byMember['a2']!.length).toBeGreaterThan(0);
    const partitionsA1 = new Set(byMember['a1']!.map((m) => m.partition));
    expect(byMember['a2']!.some((m) => partitionsA1.has(m.partition))).toBe(false);
    expect(byMember['b']!.map((m) => m.key).sort()).toEqual([...keys].sort());
  });

  it('redelivers a message whose handler failed, before the next one of its partition', async () => {
    await bus.publish(
      TOPIC,
      [0, 1, 2].map((seq) => ({ ...msg('k', seq), partition: 1 })),
    );
    const attempts: number[] = [];
    let failures = 2;
    await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: (m) => {
        attempts.push(seqOf(m));
        if (seqOf(m) === 1 && failures-- > 0) return Promise.reject(new Error('transient'));
        return Promise.resolve();
      },
    });
    await waitUntil(() => attempts.length === 5, '5 deliveries');
    expect(attempts).toEqual([0, 1, 1, 1, 2]);
    expect(bus.committedOffset('g', TOPIC, 1)).toBe(3);
  });

  it('commits only after the handler resolved: an unfinished message goes to the next member', async () => {
    await bus.publish(
      TOPIC,
      [0, 1].map((seq) => ({ ...msg('k', seq), partition: 0 })),
    );
    const held = gate();
    const first: number[] = [];
    const consumer = await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async (m) => {
        first.push(seqOf(m));
        if (seqOf(m) === 1) {
          await held.promise;
          throw new Error('crashed before finishing');
        }
      },
    });
    await waitUntil(() => first.length === 2, 'message 1 in flight');
    expect(bus.committedOffset('g', TOPIC, 0)).toBe(1);
    const stopped = consumer.stop();
    held.open();
    await stopped;
    await expect(consumer.done).resolves.toBeUndefined();

    const second: number[] = [];
    await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async (m) => void second.push(seqOf(m)),
    });
    await waitUntil(() => second.length === 1, 'redelivery');
    expect(second).toEqual([1]);
  });

  it('hands a partition over on rebalance without losing or repeating a message', async () => {
    const seen: string[] = [];
    const handle = async (m: Message): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(`${m.key}:${seqOf(m)}`);
    };
    await bus.consume({ groupId: 'g', topics: [TOPIC], fromBeginning: true, handle });
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const publishing = (async () => {
      for (let seq = 0; seq < 10; seq++) {
        await bus.publish(
          TOPIC,
          keys.map((key) => msg(key, seq)),
        );
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 10));
    let handledBySecond = 0;
    const second = await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async (m) => {
        await handle(m);
        handledBySecond++;
      },
    });
    await waitUntil(() => handledBySecond > 0, 'the second member to take partitions');
    await second.stop();
    await publishing;
    await waitUntil(() => seen.length >= 120, '120 messages');
    expect(seen).toHaveLength(120);
    for (const key of keys) {
      expect(seen.filter((s) => s.startsWith(`${key}:`))).toEqual(
        Array.from({ length: 10 }, (_, i) => `${key}:${i}`),
      );
    }
  });

  it('starts a new group at the end of the log unless fromBeginning', async () => {
    await bus.publish(TOPIC, [msg('old', 0)]);
    const seen: Message[] = [];
    await bus.consume({
      groupId: 'late',
      topics: [TOPIC],
      fromBeginning: false,
      handle: async (m) => void seen.push(m),
    });
    await bus.publish(TOPIC, [msg('new', 0)]);
    await waitUntil(() => seen.length === 1, 'the new message');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.map((m) => m.key)).toEqual(['new']);
  });

  it('copies messages: a handler cannot change what another group reads', async () => {
    await bus.publish(TOPIC, [msg('k', 0)]);
    const values: string[] = [];
    await bus.consume({
      groupId: 'vandal',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async (m) => {
        m.value!.fill(0);
        m.headers['seq'] = 'x';
      },
    });
    await waitUntil(
      () => bus.committedOffset('vandal', TOPIC, partitionForKey('k', 3)) === 1,
      'the vandal',
    );
    await bus.consume({
      groupId: 'reader',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async (m) => void values.push(`${m.headers['seq']} ${m.value!.toString()}`),
    });
    await waitUntil(() => values.length === 1, 'the reader');
    expect(values).toEqual(['0 {"key":"k","seq":0}']);
  });

  it('stops after the message in flight, and commits it if its handler succeeded', async () => {
    await bus.publish(TOPIC, [{ ...msg('k', 0), partition: 0 }]);
    const held = gate();
    let started = false;
    const consumer = await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async () => {
        started = true;
        await held.promise;
      },
    });
    await waitUntil(() => started, 'the handler to start');
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    held.open();
    await stopping;
    expect(bus.committedOffset('g', TOPIC, 0)).toBe(1);
  });

  it('stops its consumers on close and refuses work afterwards', async () => {
    const consumer = await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: () => Promise.resolve(),
    });
    await bus.close();
    await expect(consumer.done).resolves.toBeUndefined();
    await expect(bus.publish(TOPIC, [msg('k', 0)])).rejects.toBeInstanceOf(BusClosedError);
    await expect(bus.close()).resolves.toBeUndefined();
  });
});

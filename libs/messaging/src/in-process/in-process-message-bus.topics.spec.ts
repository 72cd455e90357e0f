import { MessageRejectedError } from '../errors/message-rejected.error';
import { TopicInvalidError } from '../errors/topic-invalid.error';
import { TopicNotFoundError } from '../errors/topic-not-found.error';
import type { Message, OutgoingMessage } from '../message';
import type { MessagingLogger } from '../messaging-logger';
import { waitUntil } from '../testing/wait-until';
import { InProcessMessageBus } from './in-process-message-bus';

const quiet: MessagingLogger = { warn: () => undefined, error: () => undefined };
const TOPIC = 'maillage.test.v1';

const msg = (key: string, seq: number): OutgoingMessage => ({
  key,
  headers: { seq: String(seq) },
  value: Buffer.from(JSON.stringify({ key, seq })),
});

describe('InProcessMessageBus topics', () => {
  let bus: InProcessMessageBus;

  beforeEach(async () => {
    bus = new InProcessMessageBus({ redeliveryDelayMs: 5, logger: quiet });
    await bus.ensureTopics([{ name: TOPIC, partitions: 3, retentionMs: -1 }]);
  });
  afterEach(() => bus.close());

  it('creates topics once (idempotent) and says which existed', async () => {
    await expect(
      bus.ensureTopics([
        { name: TOPIC, partitions: 3, retentionMs: -1 },
        {
          name: 'maillage.other.v1',
          partitions: 1,
          retentionMs: 60_000,
          cleanupPolicy: 'compact',
        },
      ]),
    ).resolves.toEqual({ created: ['maillage.other.v1'], existing: [TOPIC] });
  });

  it('never creates a topic implicitly, and refuses illegal names and specs', async () => {
    await expect(bus.publish('maillage.missing.v1', [msg('k', 0)])).rejects.toBeInstanceOf(
      TopicNotFoundError,
    );
    await expect(
      bus.consume({
        groupId: 'g',
        topics: ['maillage.missing.v1'],
        fromBeginning: true,
        handle: () => Promise.resolve(),
      }),
    ).rejects.toBeInstanceOf(TopicNotFoundError);
    await expect(bus.publish('bad topic', [msg('k', 0)])).rejects.toBeInstanceOf(TopicInvalidError);
    await expect(
      bus.ensureTopics([{ name: 'maillage.x.v1', partitions: 0, retentionMs: 1 }]),
    ).rejects.toBeInstanceOf(TopicInvalidError);
  });

  it('rejects a whole batch naming a partition the topic does not have', async () => {
    await expect(
      bus.publish(TOPIC, [msg('k', 0), { ...msg('k', 1), partition: 3 }]),
    ).rejects.toBeInstanceOf(MessageRejectedError);
    const seen: Message[] = [];
    await bus.consume({
      groupId: 'g',
      topics: [TOPIC],
      fromBeginning: true,
      handle: async (m) => void seen.push(m),
    });
    await bus.publish(TOPIC, [msg('after', 0)]);
    await waitUntil(() => seen.length === 1, 'the next message');
    expect(seen[0]!.key).toBe('after');
  });
});

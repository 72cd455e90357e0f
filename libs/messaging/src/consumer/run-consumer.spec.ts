import { toCloudEventMessage } from '../cloud-events/to-cloud-event-message';
import { DedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error';
import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import type { Message, OutgoingMessage } from '../message';
import type { MessagePublisher } from '../message-publisher.port';
import type { MessagingLogger } from '../messaging-logger';
import { CITIZEN, requestFiledEvent } from '../testing/recorded-event.fixture';
import { waitUntil } from '../testing/wait-until';
import { TOPICS } from '../topics/maillage-topics';
import {
  InMemoryProcessedMessages,
  type InMemoryTransaction,
} from './in-memory.processed-messages';
import type { ProcessedMessages } from './processed-messages.port';
import { runConsumer, type RunConsumerOptions } from './run-consumer';

const quiet: MessagingLogger = { warn: () => undefined, error: () => undefined };
const EVENTS = 'maillage.test.events.v1';
const fast = { initialDelayMs: 1, maxDelayMs: 5, multiplier: 2 };

/** The n-th event of one request, as a CloudEvent message. */
function eventsOfOneRequest(count: number): OutgoingMessage[] {
  const first = requestFiledEvent();
  return Array.from({ length: count }, (_, revision) =>
    toCloudEventMessage(
      requestFiledEvent({
        streamId: first.streamId,
        data: { ...first.data, revision },
        revision,
        position: 100 + revision,
      }),
      'urn:maillage:hub',
    ),
  );
}
const revisionOf = (m: Message): number =>
  (JSON.parse(m.value!.toString()) as { revision: number }).revision;

const failure = (retriable: boolean, code = 'TEST.FAILED'): Error =>
  Object.assign(new Error(`handler failed (${code})`), { code, retriable });

describe('runConsumer (on the in-process bus)', () => {
  let bus: InProcessMessageBus;
  let store: InMemoryProcessedMessages;
  let applied: number[];
  let deadLetters: Message[];

  beforeEach(async () => {
    bus = new InProcessMessageBus({ redeliveryDelayMs: 5, logger: quiet });
    await bus.ensureTopics([
      { name: EVENTS, partitions: 3, retentionMs: -1 },
      { name: TOPICS.dlq, partitions: 1, retentionMs: -1 },
    ]);
    store = new InMemoryProcessedMessages();
    applied = [];
    deadLetters = [];
    await bus.consume({
      groupId: 'dlq-reader',
      topics: [TOPICS.dlq],
      fromBeginning: true,
      handle: async (m) => void deadLetters.push(m),
    });
  });
  afterEach(() => bus.close());

  const start = (
    handle: (message: Message, tx: InMemoryTransaction) => Promise<void>,
    overrides: Partial<RunConsumerOptions<InMemoryTransaction>> = {},
  ) =>
    runConsumer<InMemoryTransaction>({
      bus,
      groupId: 'projector',
      topic: EVENTS,
      dedupStore: store,
      handle,
      maxAttempts: 3,
      backoff: fast,
      logger: quiet,
      ...overrides,
    });
  const apply = async (m: Message, tx: InMemoryTransaction): Promise<void> =>
    tx.onCommit(() => applied.push(revisionOf(m)));

  const committedTotal = (): number =>
    [0, 1, 2].reduce((sum, p) => sum + (bus.committedOffset('projector', EVENTS, p) ?? 0), 0);

  it('applies each event once, in request order, dropping duplicates by ce_id', async () => {
    const events = eventsOfOneRequest(5);
    await start(apply);
    await bus.publish(EVENTS, events);
    await bus.publish(EVENTS, [events[1]!, events[3]!, events[4]!]); // again, as an upstream retry would
    await waitUntil(() => committedTotal() === 8, 'all 8 messages');
    expect(applied).toEqual([0, 1, 2, 3, 4]);
    expect(deadLetters).toEqual([]);
  });

  it('retries a retriable failure with backoff, then applies the effect once', async () => {
    let calls = 0;
    await start(async (m, tx) => {
      calls++;
      await apply(m, tx);
      if (calls < 3) throw failure(true);
    });
    await bus.publish(EVENTS, eventsOfOneRequest(1));
    await waitUntil(() => applied.length === 1, 'the effect');
    expect(calls).toBe(3);
    expect(applied).toEqual([0]); // the effects of the failed attempts were rolled back
    expect(deadLetters).toEqual([]);
  });

  it('dead-letters after the last attempt, with reason and source position, and moves on', async () => {
    const [poison, ...rest] = eventsOfOneRequest(3);
    let poisonCalls = 0;
    await start(async (m, tx) => {
      if (revisionOf(m) === 0) {
        poisonCalls++;
        throw failure(true, 'PROJECTION.UNAVAILABLE');
      }
      await apply(m, tx);
    });
    await bus.publish(EVENTS, [poison!, ...rest]);
    await waitUntil(
      () => applied.length === 2 && deadLetters.length === 1,
      'the poison dead-lettered and the rest applied',
    );
    expect(poisonCalls).toBe(3);
    expect(applied).toEqual([1, 2]);
    const letter = deadLetters[0]!;
    expect(letter.key).toBe(poison!.key);
    expect(letter.value).toEqual(poison!.value);
    expect(letter.headers).toMatchObject({
      ce_id: poison!.headers['ce_id'],
      ce_type: 'fr.maillage.request.request-filed.v1',
      ce_subject: poison!.key,
      maillage_dlq_reason: 'Error: handler failed (PROJECTION.UNAVAILABLE)',
      maillage_dlq_error_code: 'PROJECTION.UNAVAILABLE',
      maillage_dlq_source_topic: EVENTS,
      maillage_dlq_source_partition: expect.stringMatching(/^[0-2]$/),
      maillage_dlq_source_offset: '0',
      maillage_dlq_consumer: 'projector',
      maillage_dlq_attempts: '3',
      maillage_dlq_failed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(store.has('projector', poison!.headers['ce_id']!)).toBe(false);
  });

  it('dead-letters a non-retriable failure at once', async () => {
    let calls = 0;
    await start(async () => {
      calls++;
      throw failure(false, 'DIALECT.INVALID_PAYLOAD');
    });
    await bus.publish(EVENTS, eventsOfOneRequest(1));
    await waitUntil(() => deadLetters.length === 1, 'the dead letter');
    expect(calls).toBe(1);
    expect(deadLetters[0]!.headers).toMatchObject({
      maillage_dlq_error_code: 'DIALECT.INVALID_PAYLOAD',
      maillage_dlq_attempts: '1',
    });
  });

  it('dead-letters a message without ce_id, which cannot be deduplicated', async () => {
    const handle = jest.fn(apply);
    await start(handle);
    const [event] = eventsOfOneRequest(1);
    const { ce_id: _dropped, ...headers } = event!.headers;
    await bus.publish(EVENTS, [{ ...event!, headers }]);
    await waitUntil(() => deadLetters.length === 1, 'the dead letter');
    expect(handle).not.toHaveBeenCalled();
    expect(deadLetters[0]!.headers).toMatchObject({
      maillage_dlq_error_code: 'MESSAGING.INVALID_CLOUD_EVENT',
      maillage_dlq_attempts: '0',
    });
  });

  it('keeps personal data out of the dead letter headers, even when the error quotes it', async () => {
    await start(async (m) => {
      const payload = JSON.parse(m.value!.toString()) as { personal: { name: string } };
      JSON.parse(`{"name": ${payload.personal.name}}`); // SyntaxError quoting the citizen's name
    });
    await bus.publish(EVENTS, eventsOfOneRequest(1));
    await waitUntil(() => deadLetters.length === 1, 'the dead letter');
    const headers = Object.values(deadLetters[0]!.headers).join('\n').toLowerCase();
    for (const secret of [CITIZEN.name, CITIZEN.email, CITIZEN.phone, CITIZEN.address, 'jeanne']) {
      expect(headers).not.toContain(secret.toLowerCase());
    }
    expect(deadLetters[0]!.headers['maillage_dlq_reason']).toBe(
      'SyntaxError (message withheld: untyped error)',
    );
    expect(deadLetters[0]!.value!.toString()).toContain(CITIZEN.email); // the value is the event itself
  });

  it('lets the bus redeliver when the dedup store itself fails, instead of dead-lettering', async () => {
    let storeFailures = 2;
    const flaky: ProcessedMessages<InMemoryTransaction> = {
      processOnce: (consumer, id, effect) =>
        storeFailures-- > 0
          ? Promise.reject(new DedupStoreUnavailableError('database restarting'))
          : store.processOnce(consumer, id, effect),
    };
    await start(apply, { dedupStore: flaky, maxAttempts: 1 });
    await bus.publish(EVENTS, eventsOfOneRequest(1));
    await waitUntil(() => applied.length === 1, 'the effect');
    expect(deadLetters).toEqual([]);
  });

  it('lets the bus redeliver when the dead letter cannot be published, so nothing is lost', async () => {
    let dlqFailures = 1;
    const publisher: MessagePublisher = {
      publish: (topic, messages) =>
        topic === TOPICS.dlq && dlqFailures-- > 0
          ? Promise.reject(new Error('broker down'))
          : bus.publish(topic, messages),
    };
    let calls = 0;
    await start(
      async () => {
        calls++;
        throw failure(false);
      },
      { bus: { consume: (o) => bus.consume(o), publish: (t, m) => publisher.publish(t, m) } },
    );
    await bus.publish(EVENTS, eventsOfOneRequest(1));
    await waitUntil(() => deadLetters.length === 1, 'the dead letter');
    expect(calls).toBe(2);
  });

  it('stops during a backoff without committing: the next member gets the message', async () => {
    const consumer = await start(() => Promise.reject(failure(true)), {
      backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000, multiplier: 1 },
    });
    await bus.publish(EVENTS, eventsOfOneRequest(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    await consumer.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(committedTotal()).toBe(0);

    await start(apply);
    await waitUntil(() => applied.length === 1, 'the redelivered message');
    expect(committedTotal()).toBe(1);
    expect(deadLetters).toEqual([]);
  });

  it('refuses maxAttempts below 1', async () => {
    await expect(start(apply, { maxAttempts: 0 })).rejects.toThrow(TypeError);
  });
});

import { toCloudEventMessage } from '../cloud-events/to-cloud-event-message';
import { DedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error';
import { InProcessMessageBus } from '../in-process/in-process-message-bus';
import type { Message, OutgoingMessage } from '../message';
import type { MessagingLogger } from '../messaging-logger';
import { requestFiledEvent } from '../testing/recorded-event.fixture';
import { waitUntil } from '../testing/wait-until';
import { TOPICS } from '../topics/maillage-topics';
import type { ConsumerLagProbe } from './consumer-lag.port';
import type { ConsumerOutcome, PartitionLag } from './consumer-observer';
import {
  InMemoryProcessedMessages,
  type InMemoryTransaction,
} from './in-memory.processed-messages';
import type { ProcessedMessages } from './processed-messages.port';
import { runConsumer, type RunConsumerOptions } from './run-consumer';

const quiet: MessagingLogger = { warn: () => undefined, error: () => undefined };
const EVENTS = 'maillage.test.events.v1';
const fast = { initialDelayMs: 1, maxDelayMs: 5, multiplier: 2 };

function events(count: number): OutgoingMessage[] {
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
const revisionOf = (m: Message): number =>
  (JSON.parse(m.value!.toString()) as { revision: number }).revision;
const failure = (retriable: boolean, code: string): Error =>
  Object.assign(new Error(`handler failed (${code})`), { code, retriable });

describe('runConsumer observer (on the in-process bus)', () => {
  let bus: InProcessMessageBus;
  let outcomes: ConsumerOutcome[];
  const kinds = () => outcomes.map((o) => `${o.kind}${o.errorCode ? ` ${o.errorCode}` : ''}`);

  beforeEach(async () => {
    bus = new InProcessMessageBus({ redeliveryDelayMs: 5, logger: quiet });
    await bus.ensureTopics([
      { name: EVENTS, partitions: 1, retentionMs: -1 },
      { name: TOPICS.dlq, partitions: 1, retentionMs: -1 },
    ]);
    outcomes = [];
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
      dedupStore: new InMemoryProcessedMessages(),
      handle,
      maxAttempts: 2,
      backoff: fast,
      logger: quiet,
      observer: { onOutcome: (outcome) => outcomes.push(outcome) },
      ...overrides,
    });

  it('reports each message once it is done with: processed, duplicate, or dead-lettered after its retries', async () => {
    await start(async (m) => {
      if (revisionOf(m) === 1) throw failure(true, 'PROJECTION.UNAVAILABLE');
    });
    const [first, second] = events(2);
    await bus.publish(EVENTS, [first!, second!, first!]);
    await waitUntil(() => outcomes.length === 4, 'four outcomes');
    expect(kinds()).toEqual([
      'processed',
      'retried PROJECTION.UNAVAILABLE',
      'dead-lettered PROJECTION.UNAVAILABLE',
      'duplicate',
    ]);
    expect(outcomes[0]).toEqual({
      kind: 'processed',
      consumer: 'projector',
      topic: EVENTS,
      partition: 0,
    });
  });

  it('reports a message left for redelivery when the dedup store fails', async () => {
    const store = new InMemoryProcessedMessages();
    let storeFailures = 1;
    const flaky: ProcessedMessages<InMemoryTransaction> = {
      processOnce: (consumer, id, effect) =>
        storeFailures-- > 0
          ? Promise.reject(new DedupStoreUnavailableError('database restarting'))
          : store.processOnce(consumer, id, effect),
    };
    await start(async () => undefined, { dedupStore: flaky });
    await bus.publish(EVENTS, events(1));
    await waitUntil(() => outcomes.length === 2, 'two outcomes');
    expect(kinds()).toEqual(['redelivered MESSAGING.DEDUP_STORE_UNAVAILABLE', 'processed']);
  });

  it('goes on consuming when the observer throws', async () => {
    const applied: number[] = [];
    await start(async (m, tx) => tx.onCommit(() => applied.push(revisionOf(m))), {
      observer: {
        onOutcome: () => {
          throw new Error('metrics bug');
        },
      },
    });
    await bus.publish(EVENTS, events(3));
    await waitUntil(() => applied.length === 3, 'three effects');
    expect(applied).toEqual([0, 1, 2]);
  });

  it('reads the lag at start and then periodically, until stopped', async () => {
    const readings: (readonly PartitionLag[])[] = [];
    let calls = 0;
    const probe: ConsumerLagProbe = {
      lagOf: async (groupId, topic, { fromBeginning }) => {
        calls++;
        if (calls === 2) throw new Error('broker unreachable'); // skipped, the next one counts
        expect({ groupId, topic, fromBeginning }).toEqual({
          groupId: 'projector',
          topic: EVENTS,
          fromBeginning: false,
        });
        return [{ topic, partition: 0, messages: calls }];
      },
    };
    const consumer = await start(async () => undefined, {
      fromBeginning: false,
      lagProbe: probe,
      lagIntervalMs: 5,
      observer: { onLag: (_group, lags) => readings.push(lags) },
    });
    await waitUntil(() => readings.length >= 3, 'three lag readings');
    await consumer.stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(after);
    expect(readings.slice(0, 3).map((lags) => lags[0]!.messages)).toEqual([1, 3, 4]);
  });

  it('refuses a lag interval below 1 ms', async () => {
    await expect(start(async () => undefined, { lagIntervalMs: 0 })).rejects.toThrow(TypeError);
  });
});

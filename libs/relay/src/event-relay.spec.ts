import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type CheckpointStore, SqliteEventStore } from '@maillage/event-store';
import {
  type MessagePublisher,
  type OutgoingMessage,
  fromCloudEventMessage,
} from '@maillage/messaging';
import { commentAdded } from './testing/comment-added.fixture';
import { EventRelay } from './event-relay';

/**
 * A publisher standing for Kafka, with what the relay must respect checked at every call: one
 * publish at a time (a second one overlapping could overtake a failed one on retry).
 */
class RecordingPublisher implements MessagePublisher {
  /** Positions Kafka acknowledged, in acknowledgement order. */
  readonly acknowledged: number[] = [];
  readonly batchSizes: number[] = [];
  failNext = 0;
  hold: Promise<void> | null = null;
  calls = 0;
  private inFlight = 0;

  async publish(_topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.calls += 1;
    this.inFlight += 1;
    try {
      if (this.inFlight > 1) throw new Error('two publishes overlap');
      await this.hold;
      await new Promise((resolve) => setImmediate(resolve));
      if (this.failNext > 0) {
        this.failNext -= 1;
        throw Object.assign(new Error('broker unavailable'), { retriable: true });
      }
      this.batchSizes.push(messages.length);
      for (const message of messages)
        this.acknowledged.push(fromCloudEventMessage({ ...message, topic: 't' }).position);
    } finally {
      this.inFlight -= 1;
    }
  }
}

/** Checkpoints that refuse to pass what Kafka has not acknowledged. */
class GuardedCheckpoints implements CheckpointStore {
  saved = 0;
  constructor(private readonly publisher: RecordingPublisher) {}
  load(): Promise<number> {
    return Promise.resolve(this.saved);
  }
  save(_name: string, position: number): Promise<void> {
    const acknowledged = Math.max(0, ...this.publisher.acknowledged);
    if (position > acknowledged)
      return Promise.reject(new Error(`checkpoint ${position} before Kafka acknowledged it`));
    this.saved = position;
    return Promise.resolve();
  }
}

describe('EventRelay', () => {
  let dir: string;
  let store: SqliteEventStore;
  const requests = Array.from({ length: 7 }, () => randomUUID());
  const revisions = new Map<string, number>();

  const append = async (count: number): Promise<void> => {
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const requestId = requests[i % requests.length]!;
        const next = revisions.get(requestId) ?? 0;
        revisions.set(requestId, next + 1);
        await store.appendToStream(`request-${requestId}`, [commentAdded(requestId, next)], {
          expectedRevision: next === 0 ? 'no_stream' : next - 1,
        });
      }),
    );
  };
  const until = async (condition: () => boolean): Promise<void> => {
    const deadline = Date.now() + 5_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-relay-unit-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    revisions.clear();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes in log order one batch at a time, retries a failed batch before any later one, and checkpoints only what was acknowledged', async () => {
    await append(230);
    const publisher = new RecordingPublisher();
    const checkpoints = new GuardedCheckpoints(publisher);
    const retries: unknown[] = [];
    const relay = new EventRelay(store, checkpoints, publisher, {
      batchSize: 50,
      retryDelayMs: 1,
      onRetry: (error) => retries.push(error),
    });
    publisher.failNext = 2;
    await relay.start();
    await until(() => relay.position === 230);
    publisher.failNext = 1;
    await append(40);
    await until(() => relay.position === 270);
    await relay.stop();

    expect(retries).toHaveLength(3);
    expect(publisher.acknowledged).toEqual(Array.from({ length: 270 }, (_, i) => i + 1));
    expect(checkpoints.saved).toBe(270);
    expect(Math.max(...publisher.batchSizes)).toBeLessThanOrEqual(50);
  });

  it('sends what arrived while Kafka answered as one batch', async () => {
    const publisher = new RecordingPublisher();
    const checkpoints = new GuardedCheckpoints(publisher);
    const relay = new EventRelay(store, checkpoints, publisher, { batchSize: 500 });
    await relay.start();
    let release!: () => void;
    publisher.hold = new Promise<void>((resolve) => (release = resolve));
    await append(1);
    await until(() => publisher.calls === 1); // the first send waits on Kafka
    await append(30);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the relay takes them meanwhile
    publisher.hold = null;
    release();
    await until(() => relay.position === 31);
    await relay.stop();
    expect(publisher.batchSizes).toEqual([1, 30]);
  });

  it('sends an event after a quiet spell at once, and lets a steady flow gather for lingerMs', async () => {
    const publisher = new RecordingPublisher();
    const relay = new EventRelay(store, new GuardedCheckpoints(publisher), publisher, {
      lingerMs: 2_000,
    });
    await relay.start();
    const started = Date.now();
    await append(1);
    await until(() => relay.position === 1);
    expect(Date.now() - started).toBeLessThan(1_000); // not held for the linger
    for (let i = 0; i < 10; i++) {
      await append(1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => relay.position === 11);
    await relay.stop();
    expect(publisher.batchSizes).toEqual([1, 10]);
  });

  it('keeps its checkpoint before a batch Kafka never acknowledged, and a restart sends it', async () => {
    await append(20);
    const down = new RecordingPublisher();
    const checkpoints = new GuardedCheckpoints(down);
    down.failNext = Number.POSITIVE_INFINITY;
    const relay = new EventRelay(store, checkpoints, down, { batchSize: 10, retryDelayMs: 1 });
    await relay.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(relay.stop()).rejects.toThrow('broker unavailable');
    expect(checkpoints.saved).toBe(0);

    const up = new RecordingPublisher();
    const restarted = new GuardedCheckpoints(up);
    restarted.saved = checkpoints.saved;
    const again = new EventRelay(store, restarted, up, { batchSize: 10 });
    await again.start();
    await until(() => again.position === 20);
    await again.stop();
    expect(up.acknowledged).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

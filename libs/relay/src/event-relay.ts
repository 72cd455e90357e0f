import { performance } from 'node:perf_hooks';
import type {
  CheckpointStore,
  EventStore,
  RecordedEvent,
  Subscription,
} from '@maillage/event-store';
import {
  type MessagePublisher,
  type OutgoingMessage,
  TOPICS,
  toCloudEventMessage,
} from '@maillage/messaging';
import { abortableSleep } from './abortable-sleep';
import { RelayCheckpoint } from './relay-checkpoint';

export interface EventRelayOptions {
  /** Checkpoint name of this relay (default `relay`). Instances sharing it must not run at once. */
  readonly name?: string;
  /** Topic the canonical events go to (default `maillage.events.v1`). */
  readonly topic?: string;
  /** CloudEvents `source` of the hub (default `urn:maillage:hub`). */
  readonly source?: string;
  /** Most events published per Kafka request (default 500). */
  readonly batchSize?: number;
  /**
   * While events keep coming, how long a partial batch may wait for more before it is sent
   * (default 5 ms, Kafka's own producer default). An event after a quiet spell is sent at once;
   * under a steady flow, fewer and larger requests cost the process far less CPU. 0: never wait.
   */
  readonly lingerMs?: number;
  /** First retry delay after a failed publish or checkpoint save, doubled up to 5 s (default 200 ms). */
  readonly retryDelayMs?: number;
  /** Called after each checkpoint save, with the new checkpoint and the messages it covers (metrics). */
  readonly onPublished?: (position: number, count: number) => void;
  /** Called when a publish or a checkpoint save fails and will be retried. */
  readonly onRetry?: (error: unknown) => void;
}

/** A batch taken from the log: its messages (encoded) and the position it ends at. */
interface Batch {
  readonly messages: readonly OutgoingMessage[];
  readonly last: number;
}

/**
 * Publishes the committed log to Kafka: a catch-up subscription on the store's global log, from
 * the relay's checkpoint. Killed at any moment, the relay resumes from its checkpoint: nothing is
 * lost, and what is sent again carries the same ce_id, which consumers drop. A failed publish is
 * retried, in order, until it succeeds or the relay stops — the store is the source of truth, so
 * Kafka being down only makes the lag grow.
 *
 * Pipeline, and what it keeps:
 * - One batch is in flight at a time (idempotent producer, acks=all), the next is sent only once
 *   it was acknowledged: a failed batch is retried before anything after it, so each request's
 *   events reach Kafka in order, even across retries.
 * - While a batch is in flight, the next one fills from the log and is encoded; a full batch
 *   waits its turn and the subscription pauses (at most two batches held in memory). Events that
 *   arrive while Kafka answers, or within `lingerMs` of the last batch, go out together in the
 *   next request: an event after a quiet spell is sent at once, a steady flow in few requests
 *   (each Kafka request costs the process as much CPU as dozens of messages).
 * - The checkpoint moves only past acknowledged batches, saved behind the sends without holding
 *   them up (see `RelayCheckpoint`).
 */
export class EventRelay {
  private subscription: Subscription | null = null;
  private pending: RecordedEvent[] = [];
  /** Batches sealed and not acknowledged yet: the one in flight, and at most one waiting. */
  private queued = 0;
  private sending: Promise<void> = Promise.resolve();
  private roomWaiters: (() => void)[] = [];
  private flushScheduled = false;
  private lingering: NodeJS.Timeout | null = null;
  /** When the last batch was sealed (performance.now()). */
  private lastSealedAt = Number.NEGATIVE_INFINITY;
  private stopping = new AbortController();
  private checkpoint: RelayCheckpoint | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly publisher: MessagePublisher,
    private readonly options: EventRelayOptions = {},
  ) {}

  /** Position of the last event Kafka acknowledged and the checkpoint saved. */
  get position(): number {
    return this.checkpoint?.position ?? 0;
  }

  async start(): Promise<void> {
    this.stopping = new AbortController();
    this.sending = Promise.resolve();
    const start = await this.checkpoints.load(this.name);
    this.checkpoint = new RelayCheckpoint(this.checkpoints, this.name, start, {
      retryDelayMs: this.retryDelayMs,
      stopping: this.stopping.signal,
      onSaved: (position, count) => this.options.onPublished?.(position, count),
      onRetry: (error) => this.options.onRetry?.(error),
    });
    this.subscription = this.store.subscribeToAll(
      async (event) => {
        this.pending.push(event);
        if (this.pending.length < this.batchSize) return this.scheduleFlush();
        this.seal();
        // Back-pressure: the log is read no further than one batch ahead of Kafka.
        while (this.queued >= 2 && !this.stopping.signal.aborted)
          await new Promise<void>((wake) => this.roomWaiters.push(wake));
      },
      { after: start, batchSize: this.batchSize },
    );
  }

  /**
   * Stops taking events, publishes what was taken and saves the checkpoint. From now on a failed
   * publish or save is not retried: `stop` then rejects with its error, the checkpoint before
   * what was not acknowledged — the next start sends it again. The publish in flight is awaited
   * (the bus bounds its own retries); no backoff is waited out.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeSubscription();
    await this.subscription?.stop();
    this.subscription = null;
    this.seal();
    await this.sending;
    await this.checkpoint?.settled();
  }

  private get name(): string {
    return this.options.name ?? 'relay';
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 500;
  }

  private get retryDelayMs(): number {
    return this.options.retryDelayMs ?? 200;
  }

  private get lingerMs(): number {
    return this.options.lingerMs ?? 5;
  }

  /**
   * A partial batch goes out at the end of this turn — or, when a batch went out less than
   * `lingerMs` ago, once that much time has passed — unless a send is in flight: then as soon
   * as it is acknowledged.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushPartial();
    });
  }

  private flushPartial(): void {
    if (this.queued > 0 || this.lingering || this.pending.length === 0) return;
    const wait = this.lastSealedAt + this.lingerMs - performance.now();
    if (wait <= 0) return this.seal();
    this.lingering = setTimeout(() => {
      this.lingering = null;
      this.flushPartial();
    }, wait);
  }

  /** Encodes what is pending as a batch and queues it behind the batch in flight. */
  private seal(): void {
    if (this.lingering) {
      clearTimeout(this.lingering);
      this.lingering = null;
    }
    if (this.pending.length === 0) return;
    this.lastSealedAt = performance.now();
    const events = this.pending;
    this.pending = [];
    const source = this.options.source ?? 'urn:maillage:hub';
    const batch: Batch = {
      messages: events
        .filter((event) => event.streamId.startsWith('request-'))
        .map((event) => toCloudEventMessage(event, source)),
      last: events.at(-1)!.position,
    };
    this.queued += 1;
    // A batch that failed for good (relay stopping) leaves the chain rejected: nothing after it
    // is sent, so no request's later event can overtake an earlier one.
    const sent = this.sending.then(() => this.send(batch));
    this.sending = sent;
    sent.then(
      () => this.acknowledged(batch),
      () => this.released(),
    );
  }

  private acknowledged(batch: Batch): void {
    this.checkpoint!.advance(batch.last, batch.messages.length);
    this.released();
    // What arrived while Kafka answered goes out as one request (after the linger, if any).
    this.flushPartial();
  }

  private released(): void {
    this.queued -= 1;
    this.wakeSubscription();
  }

  private wakeSubscription(): void {
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  private async send(batch: Batch): Promise<void> {
    if (batch.messages.length === 0) return;
    const topic = this.options.topic ?? TOPICS.events;
    let delay = this.retryDelayMs;
    for (;;) {
      try {
        await this.publisher.publish(topic, batch.messages);
        return;
      } catch (error) {
        // Never skip: the checkpoint stays before this batch until Kafka has acknowledged it.
        this.options.onRetry?.(error);
        if (this.stopping.signal.aborted) throw error;
        await abortableSleep(delay, this.stopping.signal);
        delay = Math.min(delay * 2, 5000);
      }
    }
  }
}

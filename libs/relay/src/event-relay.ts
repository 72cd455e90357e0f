import type {
  CheckpointStore,
  EventStore,
  RecordedEvent,
  Subscription,
} from '@maillage/event-store';
import { type MessagePublisher, TOPICS, toCloudEventMessage } from '@maillage/messaging';

export interface EventRelayOptions {
  /** Checkpoint name of this relay (default `relay`). Instances sharing it must not run at once. */
  readonly name?: string;
  /** Topic the canonical events go to (default `maillage.events.v1`). */
  readonly topic?: string;
  /** CloudEvents `source` of the hub (default `urn:maillage:hub`). */
  readonly source?: string;
  /** Most events published per Kafka request (default 500). */
  readonly batchSize?: number;
  /** First retry delay after a failed publish, doubled up to 5 s (default 200 ms). */
  readonly retryDelayMs?: number;
  /** Called after each published batch, with the new checkpoint (for metrics). */
  readonly onPublished?: (position: number, count: number) => void;
  /** Called when a publish fails and will be retried. */
  readonly onRetry?: (error: unknown) => void;
}

/**
 * Publishes the committed log to Kafka: a catch-up subscription on the store's global log, from
 * the relay's checkpoint. Events are batched; a batch is published (idempotent producer,
 * acks=all) and only then is the checkpoint moved past it. Killed at any moment, the relay
 * resumes from its checkpoint: nothing is lost, and what is sent again carries the same ce_id,
 * which consumers drop. A failed publish is retried, in order, until it succeeds or the relay
 * stops — the store is the source of truth, so Kafka being down only makes the lag grow.
 */
export class EventRelay {
  private subscription: Subscription | null = null;
  private pending: RecordedEvent[] = [];
  private publishing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private stopping = false;
  private checkpoint = 0;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly publisher: MessagePublisher,
    private readonly options: EventRelayOptions = {},
  ) {}

  /** Position of the last event Kafka acknowledged (and the checkpoint saved). */
  get position(): number {
    return this.checkpoint;
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.checkpoint = await this.checkpoints.load(this.name);
    this.subscription = this.store.subscribeToAll(
      async (event) => {
        this.pending.push(event);
        if (this.pending.length >= this.batchSize) await this.flush();
        else this.scheduleFlush();
      },
      { after: this.checkpoint, batchSize: this.batchSize },
    );
  }

  /** Stops taking events, publishes what was taken, saves the checkpoint. */
  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
    await this.flush();
    this.stopping = true;
    await this.publishing;
  }

  private get name(): string {
    return this.options.name ?? 'relay';
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 500;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    const batch = this.pending.splice(0, this.pending.length);
    if (batch.length === 0) return this.publishing;
    this.publishing = this.publishing.then(() => this.publish(batch));
    return this.publishing;
  }

  private async publish(batch: readonly RecordedEvent[]): Promise<void> {
    const source = this.options.source ?? 'urn:maillage:hub';
    const messages = batch
      .filter((event) => event.streamId.startsWith('request-'))
      .map((event) => toCloudEventMessage(event, source));
    let delay = this.options.retryDelayMs ?? 200;
    for (;;) {
      try {
        if (messages.length > 0) {
          await this.publisher.publish(this.options.topic ?? TOPICS.events, messages);
        }
        break;
      } catch (error) {
        // Never skip: the checkpoint stays before this batch until Kafka has acknowledged it.
        this.options.onRetry?.(error);
        if (this.stopping) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
    const last = batch.at(-1)!.position;
    await this.checkpoints.save(this.name, last);
    this.checkpoint = last;
    this.options.onPublished?.(last, messages.length);
  }
}

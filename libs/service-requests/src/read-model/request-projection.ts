import { Logger } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@maillage/event-store';
import type { RequestReadModel } from './request-read-model.port';

/** Most events applied in one read-model transaction. */
const MAX_BATCH = 500;

/**
 * Keeps the request read model up to date: a catch-up subscription on the global log from the
 * read model's own checkpoint. Events are buffered and applied in batches, each batch with the
 * checkpoint in one transaction: a crash loses at most the buffer, which the checkpoint has not
 * passed, so a restart resumes exactly where the read model stands — nothing applied twice or
 * skipped. Batching matters under load: one transaction per event would cost more than the
 * commands that produced them.
 */
export class RequestProjection {
  private readonly logger = new Logger(RequestProjection.name);
  private subscription: Subscription | null = null;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  private applied = 0;
  private pending: RecordedEvent[] = [];
  /** The batch being applied; batches are applied one after the other, in order. */
  private applying: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private failed: Error | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly readModel: RequestReadModel,
  ) {}

  /** Last global position the read model reflects. */
  get position(): number {
    return this.applied;
  }

  /** Whether this process keeps the read model (the projection was started and not stopped). */
  get running(): boolean {
    return this.subscription !== null;
  }

  async start(): Promise<void> {
    this.applied = await this.readModel.checkpoint();
    this.failed = null;
    this.subscription = this.store.subscribeToAll(
      async (event) => {
        if (this.failed) throw this.failed;
        this.pending.push(event);
        // Back-pressure: past a full batch, the subscription waits for the read model.
        if (this.pending.length >= MAX_BATCH) await this.flush();
        else this.scheduleFlush();
      },
      { after: this.applied },
    );
    this.subscription.done.catch((error: unknown) => {
      this.logger.error(`request projection stopped: ${(error as Error).message}`);
    });
  }

  /** Resolves once the read model reflects the log up to `position`, or after `timeoutMs`. */
  waitFor(position: number, timeoutMs = 2000): Promise<boolean> {
    if (position <= this.applied) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve: () => resolve(true) };
      this.waiters.add(waiter);
      setTimeout(() => {
        if (this.waiters.delete(waiter)) resolve(false);
      }, timeoutMs).unref();
    });
  }

  /** Drops the read model and projects the whole log again from position zero. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.readModel.reset();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
    await this.flush();
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
    if (batch.length === 0) return this.applying;
    this.applying = this.applying.then(async () => {
      if (this.failed) return;
      try {
        await this.readModel.apply(batch);
      } catch (error) {
        // The checkpoint did not move: a restart re-applies this batch. Stop taking events.
        this.failed = error instanceof Error ? error : new Error(String(error));
        this.logger.error(`request projection failed: ${(error as Error).message}`);
        return;
      }
      this.applied = batch.at(-1)!.position;
      for (const waiter of this.waiters) {
        if (waiter.position <= this.applied) {
          this.waiters.delete(waiter);
          waiter.resolve();
        }
      }
    });
    return this.applying;
  }
}

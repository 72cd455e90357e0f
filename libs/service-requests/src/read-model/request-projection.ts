import { Logger } from '@nestjs/common';
import type { EventStore, Subscription } from '@maillage/event-store';
import type { RequestReadModel } from './request-read-model.port';

/**
 * Keeps the request read model up to date: a catch-up subscription on the global log from the
 * read model's own checkpoint. Each event is applied with the checkpoint in one transaction, so
 * a restart resumes exactly where it stopped.
 */
export class RequestProjection {
  private readonly logger = new Logger(RequestProjection.name);
  private subscription: Subscription | null = null;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  private applied = 0;

  constructor(
    private readonly store: EventStore,
    private readonly readModel: RequestReadModel,
  ) {}

  async start(): Promise<void> {
    this.applied = await this.readModel.checkpoint();
    this.subscription = this.store.subscribeToAll(
      async (event) => {
        await this.readModel.apply([event]);
        this.applied = event.position;
        for (const waiter of this.waiters) {
          if (waiter.position <= this.applied) {
            this.waiters.delete(waiter);
            waiter.resolve();
          }
        }
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
  }
}

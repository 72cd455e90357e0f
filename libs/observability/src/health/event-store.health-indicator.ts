import { Inject, Injectable } from '@nestjs/common';
import { type HealthCheckAttempt, HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '@maillage/event-store';
import { EVENT_STORE } from '@maillage/service-requests';

/** How long the store may take to tell its head before it is reported down. */
export const EVENT_STORE_CHECK_TIMEOUT_MS = 2_000;

/**
 * The event store answers: its head position (one cheap read: the last committed position) comes
 * back within the timeout. Followers of the log (read model, relay) are reported with their lag.
 */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** `{ head }`, down when the store fails or does not answer in time. */
  isHealthy<const Key extends string>(key: Key): HealthCheckAttempt<Key> {
    return this.health
      .check(key)
      .attempt(async () => ({ head: await this.store.headPosition() }))
      .withTimeout(EVENT_STORE_CHECK_TIMEOUT_MS);
  }

  /**
   * `{ position, lag }` of a follower of the log (lag = head − the follower's position). Down
   * only when the head cannot be read: a follower that lags is slow, not unready.
   */
  follower<const Key extends string>(key: Key, position: () => number): HealthCheckAttempt<Key> {
    return this.health
      .check(key)
      .attempt(async () => {
        const head = await this.store.headPosition();
        const at = position();
        return { position: at, lag: Math.max(0, head - at) };
      })
      .withTimeout(EVENT_STORE_CHECK_TIMEOUT_MS);
  }
}

import type { ConsumerLagProbe, ConsumerObserver } from '@maillage/messaging';

/**
 * What a module that runs a consumer adds to its `runConsumer` options to be measured: inject
 * it (`@Optional()`: apps without observability run unmeasured) and spread `forConsumer()`:
 *
 *   runConsumer({ bus, groupId, topic, dedupStore, handle, ...this.monitoring?.forConsumer() })
 *
 * Outcomes and dead letters go to /metrics; the lag is read from the broker every 10 s when
 * the process talks to Kafka.
 */
export class ConsumerMonitoring {
  constructor(
    private readonly observer: ConsumerObserver,
    private readonly lagProbe: ConsumerLagProbe | null,
  ) {}

  forConsumer(): { observer: ConsumerObserver; lagProbe?: ConsumerLagProbe } {
    return this.lagProbe
      ? { observer: this.observer, lagProbe: this.lagProbe }
      : { observer: this.observer };
  }
}

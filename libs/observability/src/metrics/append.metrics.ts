import { Counter, Histogram, type Registry } from 'prom-client';

/** What an append to the event store came to. */
export type AppendOutcome = 'appended' | 'duplicate' | 'conflict' | 'failed';

/** Ingest into the event store: append latency and events recorded, by outcome and event type. */
export class AppendMetrics {
  private readonly duration: Histogram<'outcome'>;
  private readonly events: Counter<'type'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'maillage_event_store_append_duration_seconds',
      help: 'Time to append to a stream (commit included), by outcome: appended, duplicate (idempotent replay), conflict (wrong expected revision), failed',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
    this.events = new Counter({
      name: 'maillage_events_appended_total',
      help: 'Events recorded in the event store by this process, by event type',
      labelNames: ['type'],
      registers: [registry],
    });
  }

  /** One append: its outcome, how long it took, and the types of the events it recorded. */
  observe(outcome: AppendOutcome, seconds: number, recordedTypes: readonly string[]): void {
    this.duration.observe({ outcome }, seconds);
    for (const type of recordedTypes) this.events.inc({ type });
  }
}

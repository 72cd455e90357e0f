import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppendMetrics } from './append.metrics';
import { ConsumerMetrics } from './consumer.metrics';

/** Lags of the followers of the event log, read at scrape time. */
export interface LogLags {
  /** Head − the read model's position; null when this process does not keep the read model. */
  readonly projection: () => Promise<number | null>;
  /** Head − the relay's checkpoint, or null when this process runs no relay. */
  readonly relay: (() => Promise<number>) | null;
}

/**
 * The hub's Prometheus metrics, in one registry served at /metrics. Labels never carry personal
 * data nor unbounded values (no ids): route patterns, methods, status codes, event types, consumer
 * names, error codes, topics and partitions.
 */
export class HubMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'maillage_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'maillage_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** Append latency and events recorded (see `instrumentAppends`). */
  readonly appends = new AppendMetrics(this.registry);

  /** The `observer` to give `runConsumer`: outcomes, dead letters and lag of Kafka consumers. */
  readonly consumers = new ConsumerMetrics(this.registry);

  constructor(lags: LogLags) {
    collectDefaultMetrics({ register: this.registry, prefix: 'maillage_' });
    new Gauge({
      name: 'maillage_projection_lag_events',
      help: 'Events committed to the log that the request read model does not reflect yet (0 where the read model is kept by another process)',
      registers: [this.registry],
      async collect() {
        await setOrKeep(this, lags.projection);
      },
    });
    if (lags.relay) {
      const relayLag = lags.relay;
      new Gauge({
        name: 'maillage_relay_lag_events',
        help: 'Events committed to the log that Kafka has not acknowledged yet (head − relay checkpoint)',
        registers: [this.registry],
        async collect() {
          await setOrKeep(this, relayLag);
        },
      });
    }
  }
}

/**
 * A lag that cannot be read (the store is down) keeps its last value rather than failing the
 * whole scrape: /health/ready is where an unreachable store shows.
 */
async function setOrKeep(gauge: Gauge, read: () => Promise<number | null>): Promise<void> {
  try {
    const value = await read();
    if (value !== null) gauge.set(value);
  } catch {
    // keep the last value
  }
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The hub's Prometheus metrics. Labels never carry personal data nor unbounded values (no ids):
 * the route pattern, the method, the status class.
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

  constructor(lags: {
    readonly projection: () => Promise<number>;
    readonly relay: (() => Promise<number>) | null;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'maillage_' });
    new Gauge({
      name: 'maillage_projection_lag_events',
      help: 'Events committed to the log that the request read model does not reflect yet',
      registers: [this.registry],
      async collect() {
        this.set(await lags.projection());
      },
    });
    if (lags.relay) {
      const relayLag = lags.relay;
      new Gauge({
        name: 'maillage_relay_lag_events',
        help: 'Events committed to the log that Kafka has not acknowledged yet (head − relay checkpoint)',
        registers: [this.registry],
        async collect() {
          this.set(await relayLag());
        },
      });
    }
  }
}

import { Inject, Module, type OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { EventStore } from '@maillage/event-store';
import { EventRelay } from '@maillage/relay';
import { EVENT_STORE, RequestProjection } from '@maillage/service-requests';
import { HealthController } from './health.controller';
import { HubMetrics } from './hub-metrics';
import { MetricsController } from './metrics.controller';

/**
 * /health/live, /health/ready and /metrics. HTTP metrics are taken in Fastify's onResponse hook,
 * labelled by route pattern (never by id).
 */
@Module({
  controllers: [HealthController, MetricsController],
  providers: [
    {
      provide: HubMetrics,
      inject: [EVENT_STORE, RequestProjection, { token: EventRelay, optional: true }],
      useFactory: (store: EventStore, projection: RequestProjection, relay?: EventRelay) =>
        new HubMetrics({
          projection: async () => (await store.headPosition()) - projection.position,
          relay: relay ? async () => (await store.headPosition()) - relay.position : null,
        }),
    },
  ],
})
export class ObservabilityModule implements OnModuleInit {
  constructor(
    private readonly metrics: HubMetrics,
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const method = request.method;
      this.metrics.httpRequests.inc({ route, method, status: String(reply.statusCode) });
      this.metrics.httpDuration.observe({ route, method }, reply.elapsedTime / 1000);
      done();
    });
  }
}

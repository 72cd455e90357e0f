import {
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { FastifyInstance } from 'fastify';
import type { EventStore } from '@maillage/event-store';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { KafkaConsumerLagProbe, kafkaBusOptions, type MessageBus } from '@maillage/messaging';
import { EventRelay } from '@maillage/relay';
import { EVENT_STORE, RequestProjection } from '@maillage/service-requests';
import { EventStoreHealthIndicator } from './health/event-store.health-indicator';
import { HEALTH_KAFKA_ADMIN, healthKafkaAdminProvider } from './health/health-kafka-admin.provider';
import { HealthController } from './health/health.controller';
import { KafkaHealthIndicator } from './health/kafka.health-indicator';
import { ConsumerMonitoring } from './metrics/consumer-monitoring';
import { HubMetrics } from './metrics/hub-metrics';
import { instrumentAppends } from './metrics/instrument-appends';
import { MetricsController } from './metrics/metrics.controller';

const CONSUMER_LAG_PROBE = Symbol('CONSUMER_LAG_PROBE');

/**
 * /health/live, /health/ready (terminus: the event store, the read-model and relay lags, Kafka
 * when KAFKA_BROKERS is set) and /metrics (Prometheus). HTTP metrics are taken in Fastify's
 * onResponse hook, labelled by route pattern (never by id); every append to the event store is
 * timed. Global, so that any module running a consumer can inject `ConsumerMonitoring` (or
 * `HubMetrics`) without importing this one.
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot()],
  controllers: [HealthController, MetricsController],
  providers: [
    EventStoreHealthIndicator,
    KafkaHealthIndicator,
    healthKafkaAdminProvider,
    {
      provide: HubMetrics,
      inject: [EVENT_STORE, RequestProjection, { token: EventRelay, optional: true }],
      useFactory: (store: EventStore, projection: RequestProjection, relay?: EventRelay) =>
        new HubMetrics({
          projection: () =>
            projection.running
              ? store.headPosition().then((head) => head - projection.position)
              : Promise.resolve(null),
          relay: relay ? async () => (await store.headPosition()) - relay.position : null,
        }),
    },
    {
      provide: CONSUMER_LAG_PROBE,
      inject: [MAILLAGE_CONFIG],
      useFactory: (config: MaillageConfig) =>
        config.kafka
          ? new KafkaConsumerLagProbe(
              kafkaBusOptions(config.kafka, 'metrics', {
                connectionTimeoutMs: 1_000,
                requestTimeoutMs: 5_000,
              }),
            )
          : null,
    },
    {
      provide: ConsumerMonitoring,
      inject: [HubMetrics, CONSUMER_LAG_PROBE],
      useFactory: (metrics: HubMetrics, probe: KafkaConsumerLagProbe | null) =>
        new ConsumerMonitoring(metrics.consumers, probe),
    },
  ],
  exports: [HubMetrics, ConsumerMonitoring],
})
export class ObservabilityModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly metrics: HubMetrics,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(HEALTH_KAFKA_ADMIN) private readonly kafkaAdmin: MessageBus | null,
    @Inject(CONSUMER_LAG_PROBE) private readonly lagProbe: KafkaConsumerLagProbe | null,
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    instrumentAppends(this.store, this.metrics.appends);
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

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.kafkaAdmin?.close(), this.lagProbe?.close()]);
  }
}

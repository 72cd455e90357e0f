import { Controller, Get, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { EventRelay } from '@maillage/relay';
import { RequestProjection } from '@maillage/service-requests';
import { EventStoreHealthIndicator } from './event-store.health-indicator';
import { KafkaHealthIndicator } from './kafka.health-indicator';

/**
 * Liveness and readiness for load balancers and orchestrators, in terminus' format:
 * `{ status, info, error, details }`, 503 when a check is down or the app is shutting down.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly store: EventStoreHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly projection: RequestProjection,
    @Optional() private readonly relay?: EventRelay,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'The process is up and serves requests (no dependency is checked)' })
  live(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.answer(reply, () => this.health.check([]));
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'The event store answers, and Kafka when configured; lags of the read model and of the relay when this process keeps them',
  })
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    const { relay } = this;
    return this.answer(reply, () =>
      this.health.check([
        () => this.store.isHealthy('eventStore'),
        ...(this.projection.running
          ? [() => this.store.follower('readModel', () => this.projection.position)]
          : []),
        ...(relay ? [() => this.store.follower('relay', () => relay.position)] : []),
        ...(this.kafka.configured ? [() => this.kafka.isHealthy('kafka')] : []),
      ]),
    );
  }

  /**
   * Terminus reports a failed check as a ServiceUnavailableException carrying its result. It is
   * answered here, with that result as the body: the hub's problem+json filter would replace it.
   */
  private async answer(
    reply: FastifyReply,
    check: () => Promise<HealthCheckResult>,
  ): Promise<HealthCheckResult> {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503).header('retry-after', '1');
      return error.getResponse() as HealthCheckResult;
    }
  }
}

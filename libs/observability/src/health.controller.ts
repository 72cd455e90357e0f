import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@maillage/event-store';
import { EventRelay } from '@maillage/relay';
import { EVENT_STORE, RequestProjection } from '@maillage/service-requests';

const STORE_TIMEOUT_MS = 2000;

/** Liveness and readiness, for load balancers and orchestrators. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projection: RequestProjection,
    @Optional() private readonly relay?: EventRelay,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is up (no dependency is checked)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The event store answers; lags of the read model and of the relay' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    try {
      const head = await withTimeout(this.store.headPosition(), STORE_TIMEOUT_MS);
      return {
        status: 'ok',
        checks: {
          eventStore: { status: 'up', head },
          readModel: { status: 'up', lag: head - this.projection.position },
          ...(this.relay ? { kafkaRelay: { status: 'up', lag: head - this.relay.position } } : {}),
        },
      };
    } catch (error) {
      void reply.status(503).header('retry-after', '1');
      return {
        status: 'unavailable',
        checks: { eventStore: { status: 'down', reason: (error as Error).message } },
      };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

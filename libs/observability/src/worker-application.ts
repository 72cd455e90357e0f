import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type MaillageConfig, loggerLevels } from '@maillage/config';
import { ObservabilityModule } from './observability.module';

@Module({})
class WorkerRootModule {}

/** A worker app as started: its Nest context, and where it serves /health and /metrics, if it does. */
export interface WorkerApplication {
  readonly app: INestApplicationContext;
  readonly healthUrl: string | null;
}

/**
 * Boots a worker app — one with no API: the relay, the projector, the dispatcher, the deliverer.
 * It always carries the observability module (its consumers and appends are measured); with
 * `MAILLAGE_HEALTH_PORT` set it also listens there, on `HOST`, for /health/live, /health/ready
 * and /metrics only — what an orchestrator's probes and a Prometheus scrape need. Without it, no
 * socket is opened.
 */
export async function startWorkerApplication(
  module: DynamicModule,
  config: MaillageConfig,
): Promise<WorkerApplication> {
  const root: DynamicModule = { module: WorkerRootModule, imports: [module, ObservabilityModule] };
  const logger = loggerLevels(config.logLevel);
  const port = config.http.healthPort;
  if (port === null) {
    const app = await NestFactory.createApplicationContext(root, { logger });
    app.enableShutdownHooks();
    return { app, healthUrl: null };
  }
  const app = await NestFactory.create<NestFastifyApplication>(root, new FastifyAdapter(), {
    logger,
  });
  app.enableShutdownHooks();
  await app.listen({ host: config.http.host, port });
  return { app, healthUrl: await app.getUrl() };
}

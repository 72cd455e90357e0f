import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { AuditModule } from '@maillage/audit';
import { ConfigModule, type MaillageConfig, parseConfig } from '@maillage/config';
import { ConnectorInboxModule } from '@maillage/connectors';
import { WebhookDeliveryModule } from '@maillage/delivery';
import { DispatcherModule } from '@maillage/dispatcher';
import { ObservabilityModule } from '@maillage/observability';
import { RelayModule } from '@maillage/relay';
import { ServiceRequestsModule } from '@maillage/service-requests';
import { HttpApiModule } from '../http-api.module';
import { configureHttpApplication, createFastifyAdapter } from '../create-http-application';

export const TEST_DATABASE_URL =
  process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestHub {
  readonly app: NestFastifyApplication;
  readonly config: MaillageConfig;
  close(): Promise<void>;
}

/**
 * A hub composed like the `hub` app (with Kafka configured: relay, dispatcher and connectors'
 * in-topics too), with the real HTTP stack (Fastify, pipes, filters) on a fresh store: a temp SQLite
 * directory, or a fresh PostgreSQL schema that is dropped on close.
 */
export async function createTestHub(
  store: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-e2e-'));
  const schema = `e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const config = parseConfig({
    MAILLAGE_DATA_DIR: dataDir,
    MAILLAGE_HUB_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'error',
    ...(store === 'postgres'
      ? {
          MAILLAGE_EVENT_STORE: 'postgres',
          DATABASE_URL: TEST_DATABASE_URL,
          MAILLAGE_PG_SCHEMA: schema,
        }
      : {}),
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      ServiceRequestsModule.forRoot(),
      HttpApiModule,
      AuditModule,
      ObservabilityModule,
      WebhookDeliveryModule,
      ...(config.kafka
        ? [RelayModule.forRoot(), DispatcherModule.forRoot(), ConnectorInboxModule]
        : []),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createFastifyAdapter(config),
    { logger: ['error'] },
  );
  configureHttpApplication(app);
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // A hub that fails to boot must not leave its stores and subscriptions running.
    await app.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    config,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (store === 'postgres') {
        const client = new Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(
          `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_read CASCADE; DROP SCHEMA IF EXISTS ${schema}_audit CASCADE`,
        );
        await client.end();
      }
    },
  };
}

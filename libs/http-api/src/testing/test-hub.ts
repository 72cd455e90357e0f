import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { AuditModule } from '@maillage/audit';
import { ConfigModule, type MaillageConfig, loggerLevels, parseConfig } from '@maillage/config';
import {
  type ApiKeyScope,
  ConnectorInboxModule,
  Connectors,
  DEFAULT_API_KEY_SCOPES,
} from '@maillage/connectors';
import type { DialectId } from '@maillage/dialects';
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
  /**
   * Headers that authenticate as a connector of `authority` (its first active connector, or one
   * registered for the test), with a fresh key holding `scopes` (default ingest + subscribe).
   */
  as(authority: string, scopes?: readonly ApiKeyScope[]): Promise<Record<string, string>>;
  /** A fresh key of an existing connector, as headers. */
  keyFor(connectorId: string, scopes?: readonly ApiKeyScope[]): Promise<Record<string, string>>;
  close(): Promise<void>;
}

const TEST_DIALECT: Record<string, DialectId> = {
  commune: 'commune-v1',
  epci: 'epci-v1',
  departement: 'departement-v1',
};

/**
 * A hub composed like the `hub` app (with Kafka configured: relay, dispatcher and connectors'
 * in-topics too), with the real HTTP stack (Fastify, pipes, filters) on a fresh store: a temp SQLite
 * directory, or a fresh PostgreSQL schema that is dropped on close.
 */
export async function createTestHub(
  store: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
  options: { readonly clock?: () => Date } = {},
): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maillage-e2e-'));
  const schema = `e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const config = parseConfig({
    MAILLAGE_DATA_DIR: dataDir,
    MAILLAGE_HUB_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'error',
    // On, so every e2e test goes through the limiter, but out of reach of a test's own pace; the
    // limits' own e2e test sets small ones.
    MAILLAGE_RATE_LIMIT_PER_SECOND: '1000',
    MAILLAGE_RATE_LIMIT_BURST: '100000',
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
      ServiceRequestsModule.forRoot(options.clock ? { clock: options.clock } : {}),
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
    // A console logger of its own: the testing module's default one drops all but errors, so a
    // test could not see what the hub logs at LOG_LEVEL=debug (personal-data-logs.e2e-spec.ts).
    { logger: new ConsoleLogger({ logLevels: loggerLevels(config.logLevel) }) },
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
  const connectors = app.get(Connectors);
  const keys = new Map<string, Record<string, string>>();
  const keyFor = async (
    connectorId: string,
    scopes: readonly ApiKeyScope[] = DEFAULT_API_KEY_SCOPES,
  ): Promise<Record<string, string>> => {
    const cacheKey = `${connectorId} ${scopes.join(' ')}`;
    let headers = keys.get(cacheKey);
    if (!headers) {
      headers = { authorization: `Bearer ${(await connectors.issueKey(connectorId, scopes)).key}` };
      keys.set(cacheKey, headers);
    }
    return headers;
  };
  return {
    app,
    config,
    keyFor,
    async as(authority, scopes) {
      const existing = (await connectors.ofAuthority(authority)).find(
        (connector) => connector.dialect !== 'open311-v2',
      );
      let connectorId = existing?.id;
      if (!connectorId) {
        const [kind, code] = authority.split(':') as [string, string];
        connectorId = `test-${kind}-${code}`.toLowerCase();
        if (!(await connectors.get(connectorId))) {
          await connectors.register({
            id: connectorId,
            authority,
            name: `Test connector of ${authority}`,
            dialect: TEST_DIALECT[kind] ?? 'commune-v1',
          });
        }
      }
      return keyFor(connectorId, scopes);
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (store === 'postgres') {
        const client = new Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(
          `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_read CASCADE; DROP SCHEMA IF EXISTS ${schema}_audit CASCADE; DROP SCHEMA IF EXISTS ${schema}_keys CASCADE`,
        );
        await client.end();
      }
    },
  };
}

import { readFileSync } from 'node:fs';
import {
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { dialectById } from '@maillage/dialects';
import { sharedTerritory } from '@maillage/directory';
import {
  EVENT_STORE,
  PersonalDataTrail,
  RequestIds,
  RequestQueries,
} from '@maillage/service-requests';
import { adminTokenOf } from './admin-token';
import { type ConnectorDefinition, Connectors } from './connectors';
import { ConnectorsError } from './connectors.error';
import { ConnectorIngest } from './ingest/connector-ingest';
import type { ConnectorStore } from './store/connector-store.port';
import { PostgresConnectorStore } from './store/postgres.connector-store';
import { SqliteConnectorStore } from './store/sqlite.connector-store';
import { securityLog } from './security-log';
import { WebhookTargetPolicy } from './webhook-target/webhook-target-policy';

export const CONNECTOR_STORE = Symbol('CONNECTOR_STORE');

/**
 * Connectors: the registry (SQLite beside the store on the embedded default, PostgreSQL
 * otherwise), the ingest of native messages, the boot file and the demo connectors. Needs
 * `ServiceRequestsModule` and `ConfigModule`.
 */
@Module({
  providers: [
    {
      provide: CONNECTOR_STORE,
      // After the event store, which creates the PostgreSQL schema the connectors' tables join.
      inject: [MAILLAGE_CONFIG, EVENT_STORE],
      useFactory: (config: MaillageConfig): ConnectorStore | Promise<ConnectorStore> => {
        const store = config.connectors.store;
        return store.kind === 'postgres'
          ? PostgresConnectorStore.create(store.connectionString, store.schema)
          : new SqliteConnectorStore(store.path);
      },
    },
    {
      provide: Connectors,
      inject: [CONNECTOR_STORE, MAILLAGE_CONFIG],
      useFactory: (store: ConnectorStore, config: MaillageConfig) => {
        const territory = sharedTerritory();
        return new Connectors(store, {
          describeAuthority: (id) => territory.describeAuthority(id),
          communeExists: (code) => territory.commune(code) !== null,
          webhookTargets: new WebhookTargetPolicy(config.webhooks.allowHosts),
        });
      },
    },
    {
      provide: ConnectorIngest,
      inject: [CommandBus, RequestQueries, RequestIds],
      useFactory: (commands: CommandBus, queries: RequestQueries, ids: RequestIds) =>
        new ConnectorIngest(
          commands,
          queries,
          ids,
          dialectById,
          (authority) => sharedTerritory().describeAuthority(authority) !== null,
        ),
    },
  ],
  exports: [Connectors, ConnectorIngest],
})
export class ConnectorsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Connectors');

  constructor(
    private readonly connectors: Connectors,
    @Inject(CONNECTOR_STORE) private readonly store: ConnectorStore,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
    /** Erasures and disposals (from ServiceRequestsModule), when the app erases citizens. */
    @Optional() trail?: PersonalDataTrail,
  ) {
    // Security events go to their own files from the start, apart from the application's logs.
    securityLog.keepIn(config.securityLog);
    trail?.use(securityLog);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { file, demo } = this.config.connectors;
    if (file) {
      const loaded = await this.connectors.load(readConnectorsFile(file));
      this.logger.log(`loaded ${loaded.length} connector(s) from ${file}`);
    }
    if (demo) {
      const seeded = await this.connectors.seedDemo(this.config.hubSecret);
      this.logger.log(
        'demo connectors (embedded default only; keys derived from the hub secret):\n' +
          seeded
            .map(
              ({ connector, key }) =>
                `  ${connector.id.padEnd(18)} ${connector.dialect.padEnd(15)} ${connector.authority.padEnd(16)} ${key.key}`,
            )
            .join('\n') +
          `\n  admin API token (Authorization: Bearer …): ${adminTokenOf(this.config)}`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** `{ "connectors": [ ... ] }`, each as `ConnectorDefinition`; keys by hash only. */
export function readConnectorsFile(path: string): ConnectorDefinition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConnectorsError(
      'CONNECTOR.FILE_INVALID',
      `${path}: ${(error as Error).message}`,
      'MAILLAGE_CONNECTORS_FILE',
    );
  }
  const list = (parsed as { connectors?: unknown } | null)?.connectors;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'object' || item === null)) {
    throw new ConnectorsError(
      'CONNECTOR.FILE_INVALID',
      `${path}: expected { "connectors": [ { "id", "authority", "name", "dialect", ... } ] }`,
      'connectors',
    );
  }
  return list as ConnectorDefinition[];
}

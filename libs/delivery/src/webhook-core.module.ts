import {
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { PersonalDataRedactors, webhookDeadLetterRedactor } from '@maillage/personal-data';
import { REQUEST_READ_MODEL } from '@maillage/service-requests';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import {
  Connectors,
  ConnectorsModule,
  consumerStateLocation,
  WebhookTargetPolicy,
} from '@maillage/connectors';
import { WebhookDeadLetters } from './dead-letters/webhook-dead-letters';
import { WebhookSecrets } from './secrets/webhook-secrets';
import { WebhookSender } from './sending/webhook-sender';
import { SecretBox } from './signing/secret-box';
import { PostgresWebhookStateStore } from './state/postgres.webhook-state.store';
import { SqliteWebhookStateStore } from './state/sqlite.webhook-state.store';
import type { WebhookStateStore } from './state/webhook-state.store.port';

export const WEBHOOK_STATE_STORE = Symbol('WEBHOOK_STATE_STORE');

/**
 * What the admin API needs of webhooks — signing secrets, the sender, the dead letters — without
 * the delivery loops (`WebhookDeliveryModule`). The state lives like the consumers' (see
 * `consumerStateLocation`): `webhooks.consumer.sqlite` in the data directory, or the read models'
 * PostgreSQL schema.
 */
@Module({
  imports: [ConnectorsModule],
  providers: [
    {
      provide: WEBHOOK_STATE_STORE,
      // After the read model, which creates the PostgreSQL schema these tables join.
      inject: [MAILLAGE_CONFIG, REQUEST_READ_MODEL],
      useFactory: (config: MaillageConfig): WebhookStateStore | Promise<WebhookStateStore> => {
        const location = consumerStateLocation(config, 'webhooks');
        return location.kind === 'postgres'
          ? PostgresWebhookStateStore.create(location.connectionString, location.schema)
          : new SqliteWebhookStateStore(location.path);
      },
    },
    {
      provide: WebhookSecrets,
      inject: [Connectors, WEBHOOK_STATE_STORE, MAILLAGE_CONFIG],
      useFactory: (connectors: Connectors, store: WebhookStateStore, config: MaillageConfig) =>
        new WebhookSecrets(connectors, store, new SecretBox(config.hubSecret)),
    },
    {
      provide: WebhookSender,
      inject: [WebhookSecrets, MAILLAGE_CONFIG],
      useFactory: (secrets: WebhookSecrets, config: MaillageConfig) =>
        new WebhookSender(secrets, {
          timeoutMs: config.webhooks.timeoutMs,
          concurrency: config.webhooks.concurrency,
          targets: new WebhookTargetPolicy(config.webhooks.allowHosts),
        }),
    },
    {
      provide: WebhookDeadLetters,
      inject: [Connectors, WEBHOOK_STATE_STORE, WebhookSender],
      useFactory: (connectors: Connectors, store: WebhookStateStore, sender: WebhookSender) =>
        new WebhookDeadLetters(connectors, store, sender),
    },
  ],
  exports: [WEBHOOK_STATE_STORE, WebhookSecrets, WebhookSender, WebhookDeadLetters],
})
export class WebhookCoreModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(WEBHOOK_STATE_STORE) private readonly store: WebhookStateStore,
    private readonly sender: WebhookSender,
    /** The erasure's redactors (from ServiceRequestsModule), when the app erases citizens. */
    @Optional() private readonly redactors?: PersonalDataRedactors,
  ) {}

  /** Dead letters keep bodies as sent, contact included: an erasure redacts them too. */
  onModuleInit(): void {
    this.redactors?.register(webhookDeadLetterRedactor(this.store));
  }

  async onApplicationShutdown(): Promise<void> {
    this.sender.close();
    await this.store.close();
  }
}

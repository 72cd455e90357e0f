import {
  type BeforeApplicationShutdown,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { Connectors, ConnectorsModule, consumerStateLocation } from '@maillage/connectors';
import { ConnectorFeed, DispatchCoreModule } from '@maillage/dispatcher';
import type { DeliveryLeases } from './leases/delivery-lease.port';
import { InProcessDeliveryLeases } from './leases/in-process.delivery-leases';
import { PostgresDeliveryLeases } from './leases/postgres.delivery-leases';
import { WebhookSender } from './sending/webhook-sender';
import type { WebhookStateStore } from './state/webhook-state.store.port';
import { WEBHOOK_STATE_STORE, WebhookCoreModule } from './webhook-core.module';
import { WebhookDeliverer } from './webhook-deliverer';

export const WEBHOOK_DELIVERY_LEASES = Symbol('WEBHOOK_DELIVERY_LEASES');

/**
 * Signed webhooks to every active connector with an endpoint, from the hub's log (no Kafka
 * needed). Any number of instances may run it on one PostgreSQL store: each connector is
 * delivered by one of them at a time (a session advisory lock per connector), the others take
 * over when it stops or dies. On the embedded default (SQLite) the hub is one process.
 */
@Module({
  imports: [ConnectorsModule, DispatchCoreModule, WebhookCoreModule],
  providers: [
    {
      provide: WEBHOOK_DELIVERY_LEASES,
      inject: [MAILLAGE_CONFIG],
      useFactory: (config: MaillageConfig): DeliveryLeases => {
        const location = consumerStateLocation(config, 'webhooks');
        return location.kind === 'postgres'
          ? new PostgresDeliveryLeases(location.connectionString, location.schema)
          : new InProcessDeliveryLeases();
      },
    },
    {
      provide: WebhookDeliverer,
      inject: [
        Connectors,
        ConnectorFeed,
        WEBHOOK_STATE_STORE,
        WebhookSender,
        WEBHOOK_DELIVERY_LEASES,
        MAILLAGE_CONFIG,
      ],
      useFactory: (
        connectors: Connectors,
        feed: ConnectorFeed,
        store: WebhookStateStore,
        sender: WebhookSender,
        leases: DeliveryLeases,
        config: MaillageConfig,
      ) =>
        new WebhookDeliverer(connectors, feed, store, sender, {
          retryScheduleMs: config.webhooks.retryScheduleMs,
          pollMs: config.webhooks.pollMs,
          leases,
          logger: new Logger('Webhooks'),
        }),
    },
  ],
  exports: [WebhookDeliverer],
})
export class WebhookDeliveryModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly deliverer: WebhookDeliverer,
    @Inject(WEBHOOK_DELIVERY_LEASES) private readonly leases: DeliveryLeases,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.deliverer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.deliverer.stop();
    await this.leases.close();
  }
}

import {
  type BeforeApplicationShutdown,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import { Connectors, ConnectorsModule } from '@maillage/connectors';
import { ConnectorFeed, DispatchCoreModule } from '@maillage/dispatcher';
import { WebhookSender } from './sending/webhook-sender';
import type { WebhookStateStore } from './state/webhook-state.store.port';
import { WEBHOOK_STATE_STORE, WebhookCoreModule } from './webhook-core.module';
import { WebhookDeliverer } from './webhook-deliverer';

/**
 * Signed webhooks to every active connector with an endpoint, from the hub's log (no Kafka
 * needed). Run it in one process per hub: two instances would each deliver every message (a
 * receiver deduplicating by `webhook-id` would not notice, but it doubles the traffic).
 */
@Module({
  imports: [ConnectorsModule, DispatchCoreModule, WebhookCoreModule],
  providers: [
    {
      provide: WebhookDeliverer,
      inject: [Connectors, ConnectorFeed, WEBHOOK_STATE_STORE, WebhookSender, MAILLAGE_CONFIG],
      useFactory: (
        connectors: Connectors,
        feed: ConnectorFeed,
        store: WebhookStateStore,
        sender: WebhookSender,
        config: MaillageConfig,
      ) =>
        new WebhookDeliverer(connectors, feed, store, sender, {
          retryScheduleMs: config.webhooks.retryScheduleMs,
          pollMs: config.webhooks.pollMs,
          logger: new Logger('Webhooks'),
        }),
    },
  ],
  exports: [WebhookDeliverer],
})
export class WebhookDeliveryModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly deliverer: WebhookDeliverer) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.deliverer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.deliverer.stop();
  }
}

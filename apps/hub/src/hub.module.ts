import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@maillage/audit';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { ConnectorInboxModule } from '@maillage/connectors';
import { WebhookDeliveryModule } from '@maillage/delivery';
import { DispatcherModule } from '@maillage/dispatcher';
import { HttpApiModule } from '@maillage/http-api';
import { ObservabilityModule } from '@maillage/observability';
import { RelayModule } from '@maillage/relay';
import { RetentionScheduleModule, ServiceRequestsModule } from '@maillage/service-requests';

/** Everything in one process: the embedded default that `npm start` runs. */
@Module({})
export class HubModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: HubModule,
      imports: [
        ConfigModule.forRoot(config),
        ServiceRequestsModule.forRoot(),
        HttpApiModule,
        AuditModule,
        ObservabilityModule,
        WebhookDeliveryModule,
        // The daily list of requests due for disposal (destroys nothing: see README "Retention").
        RetentionScheduleModule,
        // With Kafka configured, the hub also publishes its log there (the relay), dispatches it to
        // the connectors' out-topics and reads their in-topics, all in-process.
        ...(config.kafka
          ? [RelayModule.forRoot(), DispatcherModule.forRoot(), ConnectorInboxModule]
          : []),
      ],
    };
  }
}

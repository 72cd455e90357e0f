import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { ConnectorInboxModule } from '@maillage/connectors';
import { HttpApiModule } from '@maillage/http-api';
import { ObservabilityModule } from '@maillage/observability';
import { ServiceRequestsModule } from '@maillage/service-requests';

/**
 * Ingest: HTTP, and with Kafka configured the connectors' in-topics too. Run several behind a load balancer on a shared PostgreSQL store; the read
 * model is kept by one projector (MAILLAGE_PROJECTION=off on all instances but one).
 */
@Module({})
export class GatewayModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        ServiceRequestsModule.forRoot({ projection: config.projection }),
        HttpApiModule,
        ObservabilityModule,
        ...(config.kafka ? [ConnectorInboxModule] : []),
      ],
    };
  }
}

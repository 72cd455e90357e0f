import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { WebhookDeliveryModule } from '@maillage/delivery';
import { ServiceRequestsModule } from '@maillage/service-requests';

/**
 * The webhook deliverer alone: each connector's messages, from the hub's log, signed, to its
 * endpoint. Run as many as wanted on one PostgreSQL store: each connector is delivered by one of
 * them at a time, and another takes over when it stops or dies.
 */
@Module({})
export class DelivererAppModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: DelivererAppModule,
      imports: [
        ConfigModule.forRoot(config),
        ServiceRequestsModule.forRoot({ projection: false }),
        WebhookDeliveryModule,
      ],
    };
  }
}

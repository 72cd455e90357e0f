import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { RelayModule } from '@maillage/relay';
import { ServiceRequestsModule } from '@maillage/service-requests';

/** The relay alone: the committed log → Kafka. One instance per hub (it owns a checkpoint). */
@Module({})
export class RelayAppModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: RelayAppModule,
      imports: [
        ConfigModule.forRoot(config),
        ServiceRequestsModule.forRoot({ projection: false }),
        RelayModule.forRoot(),
      ],
    };
  }
}

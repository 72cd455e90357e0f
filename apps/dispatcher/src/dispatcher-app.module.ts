import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { DispatcherModule } from '@maillage/dispatcher';
import { ServiceRequestsModule } from '@maillage/service-requests';

/**
 * The dispatcher alone: `maillage.events.v1` → each tool's `maillage.out.<id>.v1`, in its
 * dialect. Scale out by running more instances (one consumer group).
 */
@Module({})
export class DispatcherAppModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: DispatcherAppModule,
      imports: [
        ConfigModule.forRoot(config),
        ServiceRequestsModule.forRoot({ projection: false }),
        DispatcherModule.forRoot(),
      ],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { ServiceRequestsModule } from '@maillage/service-requests';

/** The read-model projector alone: run exactly one per hub, beside gateways with MAILLAGE_PROJECTION=off. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [ConfigModule.forRoot(config), ServiceRequestsModule.forRoot({ projection: true })],
    };
  }
}

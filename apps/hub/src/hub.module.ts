import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { HttpApiModule } from '@maillage/http-api';
import { ServiceRequestsModule } from '@maillage/service-requests';

/** Everything in one process: the embedded default that `npm start` runs. */
@Module({})
export class HubModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: HubModule,
      imports: [ConfigModule.forRoot(config), ServiceRequestsModule.forRoot(), HttpApiModule],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@maillage/audit';
import { ConfigModule, type MaillageConfig } from '@maillage/config';
import { ObservabilityModule } from '@maillage/observability';
import { ServiceRequestsModule } from '@maillage/service-requests';

/**
 * The read-only audit API alone (`/v1/audit/...`, auditor token), against the hub's store: it
 * records nothing, keeps no read model, and can run where auditors can reach it without reaching
 * the ingest.
 */
@Module({})
export class AuditAppModule {
  static forRoot(config: MaillageConfig): DynamicModule {
    return {
      module: AuditAppModule,
      imports: [
        ConfigModule.forRoot(config),
        ServiceRequestsModule.forRoot({ projection: false }),
        AuditModule,
        ObservabilityModule,
      ],
    };
  }
}

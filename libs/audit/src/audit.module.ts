import {
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import type { EventStore } from '@maillage/event-store';
import { RAW_EVENT_STORE } from '@maillage/service-requests';
import { AuditService } from './audit.service';
import type { AuditCheckpointStore } from './checkpoints/audit-checkpoint-store.port';
import { createAuditCheckpointStore } from './checkpoints/create-audit-checkpoint-store';
import { AuditController } from './http/audit.controller';
import { AuditorTokenGuard } from './http/auditor-token.guard';
import { AuditSigningKey } from './signing/audit-signing-key';

/** Injection token of the hub's `AuditCheckpointStore`. */
export const AUDIT_CHECKPOINT_STORE = Symbol('AUDIT_CHECKPOINT_STORE');

/**
 * The audit API (`/v1/audit`) and the periodic signed checkpoints
 * (MAILLAGE_AUDIT_CHECKPOINT_INTERVAL). Needs `ConfigModule` and the event store that
 * `ServiceRequestsModule.forRoot()` provides globally, as stored (`RAW_EVENT_STORE`): hashes and
 * checkpoints cover the sealed personal data, and auditors never read it in clear.
 */
@Module({
  controllers: [AuditController],
  providers: [
    AuditorTokenGuard,
    {
      provide: AUDIT_CHECKPOINT_STORE,
      inject: [MAILLAGE_CONFIG],
      useFactory: (config: MaillageConfig) => createAuditCheckpointStore(config),
    },
    {
      provide: AuditService,
      inject: [MAILLAGE_CONFIG, RAW_EVENT_STORE, AUDIT_CHECKPOINT_STORE],
      useFactory: (config: MaillageConfig, store: EventStore, checkpoints: AuditCheckpointStore) =>
        new AuditService(
          store,
          checkpoints,
          AuditSigningKey.loadOrCreate(config.audit.signingKeyFile),
        ),
    },
  ],
  exports: [AuditService],
})
export class AuditModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly audit: AuditService,
    @Inject(AUDIT_CHECKPOINT_STORE) private readonly checkpoints: AuditCheckpointStore,
    @Inject(MAILLAGE_CONFIG) private readonly config: MaillageConfig,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.audit.checkpointIntervalMs;
    if (interval <= 0) return;
    this.timer = setInterval(() => {
      // One at a time: a checkpoint of a large log may take longer than a short interval.
      this.running = this.running.then(() =>
        this.audit.createCheckpoint({ onlyIfAdvanced: true }).then(
          (checkpoint) => {
            if (checkpoint) this.logger.log(`signed checkpoint at position ${checkpoint.position}`);
          },
          (error: unknown) => this.logger.error(`checkpoint failed: ${(error as Error).message}`),
        ),
      );
    }, interval);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.checkpoints.close();
  }
}

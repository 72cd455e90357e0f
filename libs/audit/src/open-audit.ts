import type { MaillageConfig } from '@maillage/config';
import { createEventStore, type EventStore } from '@maillage/event-store';
import { AuditService } from './audit.service';
import { createAuditCheckpointStore } from './checkpoints/create-audit-checkpoint-store';
import { AuditSigningKey } from './signing/audit-signing-key';

/** An `AuditService` on the configured store, for the CLI; `close` releases every connection. */
export async function openAudit(
  config: MaillageConfig,
  options: { readonly store?: EventStore } = {},
): Promise<{ readonly audit: AuditService; close(): Promise<void> }> {
  const key = AuditSigningKey.loadOrCreate(config.audit.signingKeyFile);
  const store = options.store ?? (await createEventStore(config.eventStore));
  try {
    const checkpoints = await createAuditCheckpointStore(config);
    return {
      audit: new AuditService(store, checkpoints, key),
      close: async () => {
        await checkpoints.close();
        if (!options.store) await store.close();
      },
    };
  } catch (error) {
    if (!options.store) await store.close();
    throw error;
  }
}

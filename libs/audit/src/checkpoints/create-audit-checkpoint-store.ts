import { join } from 'node:path';
import type { MaillageConfig } from '@maillage/config';
import type { AuditCheckpointStore } from './audit-checkpoint-store.port';
import { PostgresAuditCheckpointStore } from './postgres.audit-checkpoint-store';
import { SqliteAuditCheckpointStore } from './sqlite.audit-checkpoint-store';

/**
 * Opens where this hub keeps its checkpoints: beside a PostgreSQL store, the table
 * `<schema>_audit.audit_checkpoints`; otherwise (SQLite, EventStoreDB) `<data dir>/audit.sqlite`.
 */
export function createAuditCheckpointStore(config: MaillageConfig): Promise<AuditCheckpointStore> {
  const store = config.eventStore;
  if (store.kind === 'postgres') {
    return PostgresAuditCheckpointStore.create(store.connectionString, `${store.schema}_audit`);
  }
  return Promise.resolve(new SqliteAuditCheckpointStore(join(config.dataDir, 'audit.sqlite')));
}

import type { KeyStoreOptions } from '@maillage/personal-data';

import type { DeadLetterKeyStore } from './dead-letter-key-store.port';
import { PostgresDeadLetterKeyStore } from './postgres.dead-letter-key-store';
import { SqliteDeadLetterKeyStore } from './sqlite.dead-letter-key-store';

/**
 * The dead-letter keys where the citizens' keys are (`MAILLAGE_KEY_STORE`): the same SQLite
 * file, or the same PostgreSQL schema — backed up, restored and secured with them.
 */
export async function openDeadLetterKeyStore(
  keyStore: KeyStoreOptions,
): Promise<DeadLetterKeyStore> {
  return keyStore.kind === 'sqlite'
    ? new SqliteDeadLetterKeyStore(keyStore.path)
    : PostgresDeadLetterKeyStore.create(keyStore.connectionString, keyStore.schema);
}

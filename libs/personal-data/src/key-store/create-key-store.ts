import type { KeyStore } from './key-store.port';
import { PostgresKeyStore } from './postgres.key-store';
import { SqliteKeyStore } from './sqlite.key-store';

/** Where the key store lives (`MaillageConfig['personalData']['keyStore']`). */
export type KeyStoreOptions =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

/** Opens the configured key store, tables created. */
export async function createKeyStore(options: KeyStoreOptions): Promise<KeyStore> {
  return options.kind === 'sqlite'
    ? new SqliteKeyStore({ path: options.path })
    : PostgresKeyStore.create(options);
}

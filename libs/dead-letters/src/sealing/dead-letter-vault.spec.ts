import { SqliteDeadLetterKeyStore } from '../keys/sqlite.dead-letter-key-store';
import { deadLetterVaultContract } from '../testing/dead-letter-vault.contract';

describe('DeadLetterVault on the SQLite key store', () => {
  deadLetterVaultContract(() => {
    const store = new SqliteDeadLetterKeyStore(':memory:');
    return Promise.resolve({ store, dispose: () => store.close() });
  });
});

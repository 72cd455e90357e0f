import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL } from '@maillage/http-api/testing';
import { deadLetterVaultContract } from '../testing/dead-letter-vault.contract';
import { PostgresDeadLetterKeyStore } from './postgres.dead-letter-key-store';

describeWithPostgres('DeadLetterVault on the PostgreSQL key store', () => {
  deadLetterVaultContract(async () => {
    const schema = `dlq_keys_${process.pid}_${randomBytes(4).toString('hex')}`;
    const store = await PostgresDeadLetterKeyStore.create(TEST_DATABASE_URL, schema);
    return {
      store,
      dispose: async () => {
        await store.close();
        const client = new Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      },
    };
  });
});

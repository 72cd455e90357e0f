import { randomBytes } from 'node:crypto';

import { Client } from 'pg';
import { describeWithPostgres, TEST_DATABASE_URL } from '@maillage/http-api/testing';

import { keyStoreContract } from '../testing/key-store.contract';
import { PostgresKeyStore } from './postgres.key-store';

describeWithPostgres('PostgresKeyStore', () => {
  keyStoreContract(async () => {
    const schema = `keys_${process.pid}_${randomBytes(4).toString('hex')}`;
    const store = await PostgresKeyStore.create({ connectionString: TEST_DATABASE_URL, schema });
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

import { Client } from 'pg';
import { connectorStoreContract } from '../testing';
import { PostgresConnectorStore } from './postgres.connector-store';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const describeWithPostgres = process.env['POSTGRES_UNAVAILABLE'] ? describe.skip : describe;

describeWithPostgres('PostgresConnectorStore', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  connectorStoreContract(() => {
    const schema = `connectors_${process.pid}_${schemas.length}`;
    schemas.push(schema);
    return PostgresConnectorStore.create(DATABASE_URL, schema);
  });

  it('can be created by several processes at once on an empty schema', async () => {
    const schema = `connectors_${process.pid}_race`;
    schemas.push(schema);
    const stores = await Promise.all(
      [1, 2, 3].map(() => PostgresConnectorStore.create(DATABASE_URL, schema)),
    );
    await Promise.all(stores.map((store) => store.close()));
  });
});

import { Pool } from 'pg';
import { type Connector, type StoredApiKey, scopesOf } from '../connector';
import { ConnectorsError, connectorNotFound as notFound } from '../connectors.error';
import type { ConnectorStore } from './connector-store.port';
import { runSchemaDdl, surviveConnectionLoss } from '@maillage/event-store';

interface KeyRow {
  key_id: string;
  connector_id: string;
  secret_hash: string;
  scopes: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** Connectors in the hub's PostgreSQL schema (tables `connectors`, `connector_keys`). */
export class PostgresConnectorStore implements ConnectorStore {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async create(connectionString: string, schema: string): Promise<PostgresConnectorStore> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new TypeError(`PostgresConnectorStore: ${schema} is not a lower-case SQL identifier`);
    }
    const pool = surviveConnectionLoss(new Pool({ connectionString, max: 4 }));
    const store = new PostgresConnectorStore(pool, schema);
    // Serialised by the schema's lock: several instances may boot at once on an empty schema.
    await runSchemaDdl(pool, schema, (client) =>
      client.query(`
        CREATE SCHEMA IF NOT EXISTS ${schema};
        CREATE TABLE IF NOT EXISTS ${schema}.connectors (
          id text PRIMARY KEY,
          body jsonb NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ${schema}.connector_keys (
          key_id text PRIMARY KEY,
          connector_id text NOT NULL REFERENCES ${schema}.connectors (id),
          secret_hash text NOT NULL,
          created_at timestamptz NOT NULL,
          revoked_at timestamptz
        );
        CREATE INDEX IF NOT EXISTS connector_keys_by_connector
          ON ${schema}.connector_keys (connector_id);
        ALTER TABLE ${schema}.connector_keys
          ADD COLUMN IF NOT EXISTS scopes text NOT NULL DEFAULT 'ingest subscribe';
      `),
    ).catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    return store;
  }

  async insert(connector: Connector, key: StoredApiKey | null): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query(
        `INSERT INTO ${this.schema}.connectors (id, body) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [connector.id, connector],
      );
      if (inserted.rowCount === 0) {
        throw new ConnectorsError(
          'CONNECTOR.ALREADY_EXISTS',
          `connector ${connector.id} already exists`,
          'id',
        );
      }
      if (key) await this.insertKey(key, client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async update(connector: Connector): Promise<void> {
    const updated = await this.pool.query(
      `UPDATE ${this.schema}.connectors SET body = $2 WHERE id = $1`,
      [connector.id, connector],
    );
    if (updated.rowCount === 0) throw notFound(connector.id);
  }

  async get(id: string): Promise<Connector | null> {
    const result = await this.pool.query<{ body: Connector }>(
      `SELECT body FROM ${this.schema}.connectors WHERE id = $1`,
      [id],
    );
    return result.rows[0]?.body ?? null;
  }

  async list(): Promise<Connector[]> {
    const result = await this.pool.query<{ body: Connector }>(
      `SELECT body FROM ${this.schema}.connectors ORDER BY id COLLATE "C"`,
    );
    return result.rows.map((row) => row.body);
  }

  addKey(key: StoredApiKey): Promise<void> {
    return this.insertKey(key, this.pool);
  }

  async revokeKey(connectorId: string, keyId: string, at: string): Promise<StoredApiKey | null> {
    await this.pool.query(
      `UPDATE ${this.schema}.connector_keys SET revoked_at = $3
       WHERE key_id = $1 AND connector_id = $2 AND revoked_at IS NULL`,
      [keyId, connectorId, at],
    );
    const key = await this.findKey(keyId);
    return key && key.connectorId === connectorId ? key : null;
  }

  async findKey(keyId: string): Promise<StoredApiKey | null> {
    const result = await this.pool.query<KeyRow>(
      `SELECT * FROM ${this.schema}.connector_keys WHERE key_id = $1`,
      [keyId],
    );
    const row = result.rows[0];
    return row ? toKey(row) : null;
  }

  async keysOf(connectorId: string): Promise<StoredApiKey[]> {
    const result = await this.pool.query<KeyRow>(
      `SELECT * FROM ${this.schema}.connector_keys WHERE connector_id = $1 ORDER BY created_at, key_id`,
      [connectorId],
    );
    return result.rows.map(toKey);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async insertKey(
    key: StoredApiKey,
    db: { query(text: string, values: unknown[]): Promise<unknown> },
  ): Promise<void> {
    await db.query(
      `INSERT INTO ${this.schema}.connector_keys (key_id, connector_id, secret_hash, scopes, created_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        key.keyId,
        key.connectorId,
        key.secretHash,
        key.scopes.join(' '),
        key.createdAt,
        key.revokedAt,
      ],
    );
  }
}

function toKey(row: KeyRow): StoredApiKey {
  return {
    keyId: row.key_id,
    connectorId: row.connector_id,
    secretHash: row.secret_hash,
    scopes: scopesOf(row.scopes),
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}

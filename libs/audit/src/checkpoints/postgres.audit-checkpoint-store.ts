import { Pool } from 'pg';
import type { AuditCheckpointStore } from './audit-checkpoint-store.port';
import { type CheckpointRow, toSignedCheckpoint } from './checkpoint-row';
import type { SignedCheckpoint } from './signed-checkpoint';
import { runSchemaDdl, surviveConnectionLoss } from '@maillage/event-store';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checkpoints in the table `<schema>.audit_checkpoints` (the schema is created if missing). */
export class PostgresAuditCheckpointStore implements AuditCheckpointStore {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  static async create(
    connectionString: string,
    schema: string,
  ): Promise<PostgresAuditCheckpointStore> {
    if (!IDENTIFIER.test(schema)) {
      throw new RangeError(`PostgreSQL schema "${schema}": expected a lower-case SQL identifier`);
    }
    const pool = new Pool({ connectionString, max: 2 });
    surviveConnectionLoss(pool);
    const table = `"${schema}".audit_checkpoints`;
    try {
      await runSchemaDdl(pool, schema, async (client) => {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await client.query(`
          CREATE TABLE IF NOT EXISTS ${table} (
            position   bigint PRIMARY KEY,
            count      bigint NOT NULL,
            root       text   NOT NULL,
            created_at text   NOT NULL,
            key_id     text   NOT NULL,
            signature  text   NOT NULL
          )`);
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresAuditCheckpointStore(pool, table);
  }

  async add(checkpoint: SignedCheckpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (position, count, root, created_at, key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (position) DO NOTHING`,
      [
        checkpoint.position,
        checkpoint.count,
        checkpoint.root,
        checkpoint.createdAt,
        checkpoint.keyId,
        checkpoint.signature,
      ],
    );
  }

  async list(): Promise<SignedCheckpoint[]> {
    const { rows } = await this.pool.query<CheckpointRow>(
      `SELECT * FROM ${this.table} ORDER BY position`,
    );
    return rows.map(toSignedCheckpoint);
  }

  async get(position: number): Promise<SignedCheckpoint | null> {
    const { rows } = await this.pool.query<CheckpointRow>(
      `SELECT * FROM ${this.table} WHERE position = $1`,
      [position],
    );
    return rows[0] ? toSignedCheckpoint(rows[0]) : null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

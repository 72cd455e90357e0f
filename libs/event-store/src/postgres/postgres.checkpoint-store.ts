import { Pool } from 'pg';

import type { CheckpointStore } from '../checkpoint-store.port';
import { ensurePostgresSchema, quotedSchema } from './postgres.schema';
import { translatePgError } from './translate-pg-error';
import { surviveConnectionLoss } from './survive-connection-loss';

export interface PostgresCheckpointStoreOptions {
  readonly connectionString: string;
  /** Schema of the event store, whose `checkpoints` table is used (default `maillage`). */
  readonly schema?: string;
  /** Connections in the pool (default 2: checkpoints are small, infrequent writes). */
  readonly poolSize?: number;
}

/**
 * Checkpoints in the event store's own PostgreSQL schema. A subscriber whose effects live in the
 * same database can get exactly-once effects by saving its checkpoint in its effect's transaction;
 * this store saves on its own, which gives at-least-once.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  private readonly s: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = quotedSchema(schema);
  }

  /** Connects and creates the schema if needed (same DDL as the event store). */
  static async create(options: PostgresCheckpointStoreOptions): Promise<PostgresCheckpointStore> {
    const schema = options.schema ?? 'maillage';
    quotedSchema(schema);
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 2,
    });
    surviveConnectionLoss(pool);
    try {
      await ensurePostgresSchema(pool, schema);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresCheckpointStore(pool, schema);
  }

  async load(subscriber: string): Promise<number> {
    try {
      const { rows } = await this.pool.query<{ position: string }>(
        `SELECT position FROM ${this.s}.checkpoints WHERE subscriber = $1`,
        [subscriber],
      );
      return Number(rows[0]?.position ?? 0);
    } catch (error) {
      throw translatePgError(error);
    }
  }

  async save(subscriber: string, position: number): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO ${this.s}.checkpoints (subscriber, position) VALUES ($1, $2)
         ON CONFLICT (subscriber) DO UPDATE SET position = EXCLUDED.position`,
        [subscriber, position],
      );
    } catch (error) {
      throw translatePgError(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

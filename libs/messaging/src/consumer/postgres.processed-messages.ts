import type { Pool, PoolClient } from 'pg';
import { runSchemaDdl } from '@maillage/event-store';

import { DedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error';
import type {
  ProcessOutcome,
  ProcessedMessages,
  TransactionalEffect,
} from './processed-messages.port';
import { sqlIdentifier } from './sql-identifier';

export interface PostgresProcessedMessagesOptions {
  /** Pool of the consumer's own database (its read model's); one client is held per call. */
  readonly pool: Pool;
  /** Schema of the table (default `public`). */
  readonly schema?: string;
  /** Table of processed ids (default `processed_messages`). */
  readonly table?: string;
}

/**
 * Processed messages in the consumer's PostgreSQL database: `BEGIN`, insert the mark
 * (`ON CONFLICT DO NOTHING` on the primary key), run the effect on the same client, `COMMIT`.
 *
 * Two members handling the same message at once (during a rebalance) are serialised by the
 * primary key: the second insert waits for the first transaction, then finds the mark and
 * reports a duplicate — or, if the first rolled back, goes ahead. Call `ensureSchema` once at boot.
 */
export class PostgresProcessedMessages implements ProcessedMessages<PoolClient> {
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly table: string;

  constructor(options: PostgresProcessedMessagesOptions) {
    this.pool = options.pool;
    this.schema = sqlIdentifier(options.schema ?? 'public');
    this.table = `${this.schema}.${sqlIdentifier(options.table ?? 'processed_messages')}`;
  }

  /** Creates the schema and table if missing. Idempotent. */
  async ensureSchema(): Promise<void> {
    await this.store('create the table', async () => {
      await runSchemaDdl(this.pool, this.schema, async (client) => {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
          consumer     text        NOT NULL,
          message_id   text        NOT NULL,
          processed_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, message_id)
        )`);
      });
    });
  }

  async processOnce(
    consumer: string,
    messageId: string,
    effect: TransactionalEffect<PoolClient>,
  ): Promise<ProcessOutcome> {
    const client = await this.store('connect', () => this.pool.connect());
    let broken: Error | undefined;
    try {
      const marked = await this.store('mark the message processed', async () => {
        await client.query('BEGIN');
        const result = await client.query(
          `INSERT INTO ${this.table} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [consumer, messageId],
        );
        return result.rowCount === 1;
      });
      if (!marked) {
        await client.query('ROLLBACK');
        return 'duplicate';
      }
      await effect(client);
      await this.store('commit', () => client.query('COMMIT'));
      return 'processed';
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A client whose rollback failed may still be inside a transaction: destroy it.
      client.release(broken);
    }
  }

  private async store<T>(step: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new DedupStoreUnavailableError(
        `PostgreSQL processed-messages store: ${step}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}

import { Pool } from 'pg';
import type {
  StoredWebhookSecret,
  WebhookCursor,
  WebhookDeadLetter,
  WebhookStateStore,
} from './webhook-state.store.port';
import { runSchemaDdl, surviveConnectionLoss } from '@maillage/event-store';

interface DeadLetterRow {
  dead_letter_id: string;
  connector_id: string;
  event_id: string;
  webhook_id: string;
  position: string;
  message_type: string;
  event_type: string;
  body: string;
  attempts: number;
  last_error: string;
  failed_at: Date;
}

/** The webhooks' state beside the read models, in their PostgreSQL schema. */
export class PostgresWebhookStateStore implements WebhookStateStore {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async create(
    connectionString: string,
    schema: string,
  ): Promise<PostgresWebhookStateStore> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new TypeError(
        `PostgresWebhookStateStore: ${schema} is not a lower-case SQL identifier`,
      );
    }
    const pool = surviveConnectionLoss(new Pool({ connectionString, max: 4 }));
    // Several instances may boot at once on an empty schema: the DDL runs under its lock.
    await runSchemaDdl(pool, schema, (client) =>
      client.query(`
        CREATE SCHEMA IF NOT EXISTS ${schema};
        CREATE TABLE IF NOT EXISTS ${schema}.webhook_secrets (
          secret_id text PRIMARY KEY,
          connector_id text NOT NULL,
          scheme text NOT NULL,
          sealed_key text NOT NULL,
          created_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ${schema}.webhook_cursors (
          connector_id text PRIMARY KEY,
          after_position bigint NOT NULL,
          skip integer NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ${schema}.webhook_dead_letters (
          dead_letter_id text PRIMARY KEY,
          connector_id text NOT NULL,
          event_id text NOT NULL,
          webhook_id text NOT NULL,
          position bigint NOT NULL,
          message_type text NOT NULL,
          event_type text NOT NULL,
          body text NOT NULL,
          attempts integer NOT NULL,
          last_error text NOT NULL,
          failed_at timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS webhook_dead_letters_by_connector
          ON ${schema}.webhook_dead_letters (connector_id, position);
      `),
    ).catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    return new PostgresWebhookStateStore(pool, schema);
  }

  async addSecret(secret: StoredWebhookSecret): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.webhook_secrets (secret_id, connector_id, scheme, sealed_key, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [secret.secretId, secret.connectorId, secret.scheme, secret.sealedKey, secret.createdAt],
    );
  }

  async secretsOf(connectorId: string): Promise<StoredWebhookSecret[]> {
    const result = await this.pool.query<{
      secret_id: string;
      connector_id: string;
      scheme: StoredWebhookSecret['scheme'];
      sealed_key: string;
      created_at: Date;
    }>(`SELECT * FROM ${this.schema}.webhook_secrets WHERE connector_id = $1 ORDER BY created_at`, [
      connectorId,
    ]);
    return result.rows.map((row) => ({
      secretId: row.secret_id,
      connectorId: row.connector_id,
      scheme: row.scheme,
      sealedKey: row.sealed_key,
      createdAt: row.created_at.toISOString(),
    }));
  }

  async removeSecret(connectorId: string, secretId: string): Promise<boolean> {
    const result = await this.pool.query(
      `DELETE FROM ${this.schema}.webhook_secrets WHERE connector_id = $1 AND secret_id = $2`,
      [connectorId, secretId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async cursor(connectorId: string): Promise<WebhookCursor> {
    const result = await this.pool.query<{ after_position: string; skip: number }>(
      `SELECT after_position, skip FROM ${this.schema}.webhook_cursors WHERE connector_id = $1`,
      [connectorId],
    );
    const row = result.rows[0];
    return row ? { after: Number(row.after_position), skip: row.skip } : { after: 0, skip: 0 };
  }

  async saveCursor(connectorId: string, cursor: WebhookCursor): Promise<void> {
    await this.writeCursor(this.pool, connectorId, cursor);
  }

  async deadLetter(letter: WebhookDeadLetter, cursor: WebhookCursor): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ${this.schema}.webhook_dead_letters (dead_letter_id, connector_id, event_id,
           webhook_id, position, message_type, event_type, body, attempts, last_error, failed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          letter.deadLetterId,
          letter.connectorId,
          letter.eventId,
          letter.webhookId,
          letter.position,
          letter.messageType,
          letter.eventType,
          letter.body,
          letter.attempts,
          letter.lastError,
          letter.failedAt,
        ],
      );
      await this.writeCursor(client, letter.connectorId, cursor);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async deadLetters(connectorId: string, limit: number): Promise<WebhookDeadLetter[]> {
    const result = await this.pool.query<DeadLetterRow>(
      `SELECT * FROM ${this.schema}.webhook_dead_letters WHERE connector_id = $1
       ORDER BY position, failed_at LIMIT $2`,
      [connectorId, limit],
    );
    return result.rows.map(toDeadLetter);
  }

  async findDeadLetter(
    connectorId: string,
    deadLetterId: string,
  ): Promise<WebhookDeadLetter | null> {
    const result = await this.pool.query<DeadLetterRow>(
      `SELECT * FROM ${this.schema}.webhook_dead_letters WHERE connector_id = $1 AND dead_letter_id = $2`,
      [connectorId, deadLetterId],
    );
    const row = result.rows[0];
    return row ? toDeadLetter(row) : null;
  }

  async updateDeadLetter(letter: WebhookDeadLetter): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.schema}.webhook_dead_letters SET attempts = $2, last_error = $3, failed_at = $4
       WHERE dead_letter_id = $1`,
      [letter.deadLetterId, letter.attempts, letter.lastError, letter.failedAt],
    );
  }

  async removeDeadLetter(connectorId: string, deadLetterId: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM ${this.schema}.webhook_dead_letters WHERE connector_id = $1 AND dead_letter_id = $2`,
      [connectorId, deadLetterId],
    );
  }

  async deadLettersOfEvents(eventIds: readonly string[]): Promise<WebhookDeadLetter[]> {
    if (eventIds.length === 0) return [];
    const result = await this.pool.query<DeadLetterRow>(
      `SELECT * FROM ${this.schema}.webhook_dead_letters WHERE event_id = ANY($1::text[])`,
      [eventIds],
    );
    return result.rows.map(toDeadLetter);
  }

  async replaceDeadLetterBody(
    connectorId: string,
    deadLetterId: string,
    body: string,
  ): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.schema}.webhook_dead_letters SET body = $3
       WHERE connector_id = $1 AND dead_letter_id = $2`,
      [connectorId, deadLetterId, body],
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async writeCursor(
    db: { query(text: string, values: unknown[]): Promise<unknown> },
    connectorId: string,
    cursor: WebhookCursor,
  ): Promise<void> {
    await db.query(
      `INSERT INTO ${this.schema}.webhook_cursors (connector_id, after_position, skip)
       VALUES ($1, $2, $3)
       ON CONFLICT (connector_id) DO UPDATE SET after_position = $2, skip = $3`,
      [connectorId, cursor.after, cursor.skip],
    );
  }
}

function toDeadLetter(row: DeadLetterRow): WebhookDeadLetter {
  return {
    deadLetterId: row.dead_letter_id,
    connectorId: row.connector_id,
    eventId: row.event_id,
    webhookId: row.webhook_id,
    position: Number(row.position),
    messageType: row.message_type,
    eventType: row.event_type,
    body: row.body,
    attempts: row.attempts,
    lastError: row.last_error,
    failedAt: row.failed_at.toISOString(),
  };
}

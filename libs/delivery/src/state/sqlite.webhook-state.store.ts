import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  StoredWebhookSecret,
  WebhookCursor,
  WebhookDeadLetter,
  WebhookStateStore,
} from './webhook-state.store.port';

interface SecretRow {
  secret_id: string;
  connector_id: string;
  scheme: StoredWebhookSecret['scheme'];
  sealed_key: string;
  created_at: string;
}

interface DeadLetterRow {
  dead_letter_id: string;
  connector_id: string;
  event_id: string;
  webhook_id: string;
  position: number;
  message_type: string;
  event_type: string;
  body: string;
  attempts: number;
  last_error: string;
  failed_at: string;
}

/** The webhooks' state in its own SQLite file of the data directory (the embedded default). */
export class SqliteWebhookStateStore implements WebhookStateStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Deleted or replaced bytes are overwritten: a redacted dead letter leaves nothing behind.
    this.db.pragma('secure_delete = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS webhook_secrets (
        secret_id TEXT PRIMARY KEY,
        connector_id TEXT NOT NULL,
        scheme TEXT NOT NULL,
        sealed_key TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS webhook_cursors (
        connector_id TEXT PRIMARY KEY,
        after_position INTEGER NOT NULL,
        skip INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS webhook_dead_letters (
        dead_letter_id TEXT PRIMARY KEY,
        connector_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        webhook_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        message_type TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_error TEXT NOT NULL,
        failed_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS webhook_dead_letters_by_connector
        ON webhook_dead_letters (connector_id, position);
    `);
  }

  addSecret(secret: StoredWebhookSecret): Promise<void> {
    return this.run(() => {
      this.db
        .prepare(
          'INSERT INTO webhook_secrets (secret_id, connector_id, scheme, sealed_key, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(
          secret.secretId,
          secret.connectorId,
          secret.scheme,
          secret.sealedKey,
          secret.createdAt,
        );
    });
  }

  secretsOf(connectorId: string): Promise<StoredWebhookSecret[]> {
    return this.run(() =>
      (
        this.db
          .prepare('SELECT * FROM webhook_secrets WHERE connector_id = ? ORDER BY created_at')
          .all(connectorId) as SecretRow[]
      ).map((row) => ({
        secretId: row.secret_id,
        connectorId: row.connector_id,
        scheme: row.scheme,
        sealedKey: row.sealed_key,
        createdAt: row.created_at,
      })),
    );
  }

  removeSecret(connectorId: string, secretId: string): Promise<boolean> {
    return this.run(
      () =>
        this.db
          .prepare('DELETE FROM webhook_secrets WHERE connector_id = ? AND secret_id = ?')
          .run(connectorId, secretId).changes > 0,
    );
  }

  cursor(connectorId: string): Promise<WebhookCursor> {
    return this.run(() => {
      const row = this.db
        .prepare('SELECT after_position, skip FROM webhook_cursors WHERE connector_id = ?')
        .get(connectorId) as { after_position: number; skip: number } | undefined;
      return row ? { after: row.after_position, skip: row.skip } : { after: 0, skip: 0 };
    });
  }

  saveCursor(connectorId: string, cursor: WebhookCursor): Promise<void> {
    return this.run(() => this.writeCursor(connectorId, cursor));
  }

  deadLetter(letter: WebhookDeadLetter, cursor: WebhookCursor): Promise<void> {
    return this.run(() =>
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO webhook_dead_letters (dead_letter_id, connector_id, event_id, webhook_id,
               position, message_type, event_type, body, attempts, last_error, failed_at)
             VALUES (@deadLetterId, @connectorId, @eventId, @webhookId, @position, @messageType,
               @eventType, @body, @attempts, @lastError, @failedAt)`,
          )
          .run(letter);
        this.writeCursor(letter.connectorId, cursor);
      })(),
    );
  }

  deadLetters(connectorId: string, limit: number): Promise<WebhookDeadLetter[]> {
    return this.run(() =>
      (
        this.db
          .prepare(
            'SELECT * FROM webhook_dead_letters WHERE connector_id = ? ORDER BY position, failed_at LIMIT ?',
          )
          .all(connectorId, limit) as DeadLetterRow[]
      ).map(toDeadLetter),
    );
  }

  findDeadLetter(connectorId: string, deadLetterId: string): Promise<WebhookDeadLetter | null> {
    return this.run(() => {
      const row = this.db
        .prepare('SELECT * FROM webhook_dead_letters WHERE connector_id = ? AND dead_letter_id = ?')
        .get(connectorId, deadLetterId) as DeadLetterRow | undefined;
      return row ? toDeadLetter(row) : null;
    });
  }

  updateDeadLetter(letter: WebhookDeadLetter): Promise<void> {
    return this.run(() => {
      this.db
        .prepare(
          'UPDATE webhook_dead_letters SET attempts = ?, last_error = ?, failed_at = ? WHERE dead_letter_id = ?',
        )
        .run(letter.attempts, letter.lastError, letter.failedAt, letter.deadLetterId);
    });
  }

  removeDeadLetter(connectorId: string, deadLetterId: string): Promise<void> {
    return this.run(() => {
      this.db
        .prepare('DELETE FROM webhook_dead_letters WHERE connector_id = ? AND dead_letter_id = ?')
        .run(connectorId, deadLetterId);
    });
  }

  deadLettersOfEvents(eventIds: readonly string[]): Promise<WebhookDeadLetter[]> {
    return this.run(() => {
      const select = this.db.prepare('SELECT * FROM webhook_dead_letters WHERE event_id = ?');
      return eventIds.flatMap((eventId) =>
        (select.all(eventId) as DeadLetterRow[]).map(toDeadLetter),
      );
    });
  }

  replaceDeadLetterBody(connectorId: string, deadLetterId: string, body: string): Promise<void> {
    return this.run(() => {
      this.db
        .prepare(
          'UPDATE webhook_dead_letters SET body = ? WHERE connector_id = ? AND dead_letter_id = ?',
        )
        .run(body, connectorId, deadLetterId);
      // The old page images must not survive in the WAL either.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  private writeCursor(connectorId: string, cursor: WebhookCursor): void {
    this.db
      .prepare(
        `INSERT INTO webhook_cursors (connector_id, after_position, skip) VALUES (?, ?, ?)
         ON CONFLICT (connector_id) DO UPDATE SET after_position = excluded.after_position, skip = excluded.skip`,
      )
      .run(connectorId, cursor.after, cursor.skip);
  }

  /** Runs synchronously, reporting errors through the promise like the PostgreSQL adapter. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function toDeadLetter(row: DeadLetterRow): WebhookDeadLetter {
  return {
    deadLetterId: row.dead_letter_id,
    connectorId: row.connector_id,
    eventId: row.event_id,
    webhookId: row.webhook_id,
    position: row.position,
    messageType: row.message_type,
    eventType: row.event_type,
    body: row.body,
    attempts: row.attempts,
    lastError: row.last_error,
    failedAt: row.failed_at,
  };
}

import type Database from 'better-sqlite3';

import { DedupStoreUnavailableError } from '../errors/dedup-store-unavailable.error';
import type {
  ProcessOutcome,
  ProcessedMessages,
  TransactionalEffect,
} from './processed-messages.port';
import { sqlIdentifier } from './sql-identifier';

export interface SqliteProcessedMessagesOptions {
  /**
   * The connection the consumer's effects write through (its read model's database). While an
   * effect runs, this connection is inside the store's transaction: nothing else may use it.
   */
  readonly database: Database.Database;
  /** Table of processed ids, created if missing (default `processed_messages`). */
  readonly table?: string;
  /** Clock of the `processed_at` column (default: `() => new Date()`). */
  readonly now?: () => Date;
}

/**
 * Processed messages in the consumer's own SQLite database: `BEGIN IMMEDIATE`, insert the mark
 * (a primary key refuses a second one), run the effect on the same connection, `COMMIT`.
 *
 * A connection holds one transaction at a time, so calls are queued: effects run one after the
 * other even for different partitions. Keep effects short and their writes synchronous (as
 * better-sqlite3's are): an effect awaiting something slow holds SQLite's single write lock.
 */
export class SqliteProcessedMessages implements ProcessedMessages<Database.Database> {
  private readonly db: Database.Database;
  private readonly mark: Database.Statement<[string, string, string]>;
  private readonly now: () => Date;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SqliteProcessedMessagesOptions) {
    this.db = options.database;
    this.now = options.now ?? (() => new Date());
    const table = sqlIdentifier(options.table ?? 'processed_messages');
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
      consumer     TEXT NOT NULL,
      message_id   TEXT NOT NULL,
      processed_at TEXT NOT NULL,
      PRIMARY KEY (consumer, message_id)
    ) WITHOUT ROWID`);
    this.mark = this.db.prepare(
      `INSERT INTO ${table} (consumer, message_id, processed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    );
  }

  processOnce(
    consumer: string,
    messageId: string,
    effect: TransactionalEffect<Database.Database>,
  ): Promise<ProcessOutcome> {
    const run = this.queue.then(() => this.runOnce(consumer, messageId, effect));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOnce(
    consumer: string,
    messageId: string,
    effect: TransactionalEffect<Database.Database>,
  ): Promise<ProcessOutcome> {
    const marked = this.store('mark the message processed', () => {
      this.db.exec('BEGIN IMMEDIATE');
      return this.mark.run(consumer, messageId, this.now().toISOString()).changes === 1;
    });
    if (!marked) {
      this.rollback();
      return 'duplicate';
    }
    try {
      await effect(this.db);
    } catch (error) {
      this.rollback();
      throw error;
    }
    this.store('commit', () => this.db.exec('COMMIT'));
    return 'processed';
  }

  /** Runs a store step; on failure rolls back and throws `DedupStoreUnavailableError`. */
  private store<T>(step: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      this.rollback();
      throw new DedupStoreUnavailableError(
        `SQLite processed-messages store: ${step}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  private rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}
